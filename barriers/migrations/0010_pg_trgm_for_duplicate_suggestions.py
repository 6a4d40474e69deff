"""On PostgreSQL, the pg_trgm extension for duplicate suggestions (TrigramSimilarity on titles).

django.contrib.postgres's TrigramExtension would fail on SQLite, so this checks the vendor;
IF NOT EXISTS because the search migration (0008_search_trigram_indexes) may have created it.
The extension is left in place on reversal: the search indexes use it too.
"""

from django.db import migrations


def create_pg_trgm(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("barriers", "0009_triage_queue_proxy")]

    operations = [migrations.RunPython(create_pg_trgm, migrations.RunPython.noop)]
