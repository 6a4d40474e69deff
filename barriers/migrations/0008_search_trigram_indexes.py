"""On PostgreSQL, trigram indexes that the admin's search can use (nothing on SQLite).

Django 5.2 turns `search_text__icontains="x"` into `UPPER("search_text"::text) LIKE UPPER('%x%')`
(the cast is a no-op on a text column), so the index is on that expression, with pg_trgm's GIN
operator class: a plain index on the column would be ignored. SQLite cannot build GIN indexes,
which is why these are not declared in Meta.indexes; the fallback there is a scan.
The extension is left in place on reversal: other features (duplicate suggestions) may use it.
"""

from django.db import migrations

INDEXES = {
    "report_search_trgm_idx": "barriers_report",
    "barrier_search_trgm_idx": "barriers_barrier",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            'USING gin (UPPER("search_text") gin_trgm_ops)'
        )
        schema_editor.execute(f'ANALYZE "{table}"')


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("barriers", "0007_fill_search_text")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
