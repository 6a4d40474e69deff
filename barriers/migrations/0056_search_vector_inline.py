"""On PostgreSQL, the full-text document of a report and of a barrier is kept in its row
(STORAGE MAIN), compressed, rather than moved to the TOAST table.

A barrier's row is about 4.5 KB with its texts and a report's about 2.5 KB, over the 2 KB at
which PostgreSQL moves a row's largest values out of it, and the search document (1.6 KB and
1 KB) was often one of them. A search that reads rows in their order and tests each document
(the admin's count and filter counts of a search, up to SEARCH_COUNT_CAP matches, and the newest
matches it lists) then fetched every document through the TOAST index. Measured here: at 200,000
barriers the 1,001 matches of "креветки" took 67 ms to find, 12 ms with the documents in their
rows; among 100,000 reports those of "frozen shrimps" 45 ms, 12-18 ms. The other texts stay
where they were; the rows grow by about a seventh.

Existing rows are written again here so that their documents move into the rows (appending an
empty document makes a new value, stored the new way; nothing else changes). That takes about
a minute and a half for 200,000 barriers and some minutes for a million reports on this machine
kind (a maintenance window at that size; VACUUM afterwards gives the space back). Reversing
keeps the documents where they are and stores new ones as before.
"""

from django.db import migrations

TABLES = ("barriers_barrier", "barriers_report")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN")
        schema_editor.execute(f"UPDATE {table} SET search_vector = search_vector || ''::tsvector")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("barriers", "0055_search_tokens")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
