"""On PostgreSQL, `title_vector`: the weight-A part of each report's and barrier's full-text
document (reference and title with the English configuration, a barrier's Russian title with the
Russian one), which the search ranks by.

Ranking with the whole document (`search_vector`, about 1 KB per row, stored compressed) unpacked
every matching row: at 100,000 reports a common word ("shrimps", 12,500 matches) took 240 ms to
rank, against 70 ms for these small vectors that sit in the row. Matching still uses
`search_vector` through its GIN index, which needs no recheck of the rows. The trigger of 0028 now
fills both columns; existing rows are filled here.
"""

import django.contrib.postgres.search
from django.db import migrations

FUNCTIONS = {
    "barriers_report": """
        NEW.title_vector := setweight(to_tsvector('english'::regconfig,
            coalesce(NEW.reference, '') || ' ' || coalesce(NEW.title, '')), 'A');
        NEW.search_vector := NEW.title_vector
            || setweight(to_tsvector('russian'::regconfig, coalesce(NEW.search_text, '')), 'B');
    """,
    "barriers_barrier": """
        NEW.title_vector := setweight(to_tsvector('english'::regconfig,
                coalesce(NEW.reference, '') || ' ' || coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('russian'::regconfig, coalesce(NEW.title_ru, '')), 'A');
        NEW.search_vector := NEW.title_vector
            || setweight(to_tsvector('russian'::regconfig, coalesce(NEW.search_text, '')), 'B');
    """,
}
# The body of 0028, put back when this migration is reversed.
PREVIOUS = {
    "barriers_report": """
        NEW.search_vector :=
            setweight(to_tsvector('english'::regconfig,
                coalesce(NEW.reference, '') || ' ' || coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('russian'::regconfig, coalesce(NEW.search_text, '')), 'B');
    """,
    "barriers_barrier": """
        NEW.search_vector :=
            setweight(to_tsvector('english'::regconfig,
                coalesce(NEW.reference, '') || ' ' || coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('russian'::regconfig, coalesce(NEW.title_ru, '')), 'A')
            || setweight(to_tsvector('russian'::regconfig, coalesce(NEW.search_text, '')), 'B');
    """,
}


def _replace(schema_editor, bodies, *, refill):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, body in bodies.items():
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NEW; END $$"
        )
        if refill:
            # The trigger fires on its watched columns; the vector is rebuilt from the row.
            schema_editor.execute(f"UPDATE {table} SET title = title")
            schema_editor.execute(f"ANALYZE {table}")


def forwards(apps, schema_editor):
    _replace(schema_editor, FUNCTIONS, refill=True)


def backwards(apps, schema_editor):
    _replace(schema_editor, PREVIOUS, refill=False)


class Migration(migrations.Migration):
    dependencies = [("barriers", "0034_triage_queue_names")]

    operations = [
        migrations.AddField(
            model_name="report",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="barrier",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
