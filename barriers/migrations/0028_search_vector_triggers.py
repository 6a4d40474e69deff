"""On PostgreSQL, the full-text document of each report and barrier (nothing on SQLite).

A BEFORE INSERT OR UPDATE trigger builds `search_vector` from the row itself, so every way a row
is written (the services, bulk inserts of generate_data and imports, a raw UPDATE) keeps it
right without a second write:

- weight A: the reference and title, with the English configuration (a barrier's Russian title
  with the Russian one);
- weight B: the search text (barriers.domain.search_text: company, regulator and country in
  English and Russian, HS codes and their descriptions, description, counterpart text...) with
  the Russian configuration, which stems Cyrillic words with the Russian Snowball stemmer and
  Latin words with the English one (PostgreSQL's `russian` maps asciiword to english_stem), so
  "shrimps" and "shrimp", "сертификаты" and "сертификатов" meet on one lexeme.

A GIN index on the column serves `search_vector @@ query` (selectors.search builds the query with
both configurations). Existing rows are filled by touching their search text.
"""

from django.db import migrations

FUNCTIONS = {
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
WATCHED = {
    "barriers_report": "reference, title, search_text",
    "barriers_barrier": "reference, title, title_ru, search_text",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, body in FUNCTIONS.items():
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NEW; END $$"
        )
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE OF {WATCHED[table]} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()"
        )
        schema_editor.execute(f"UPDATE {table} SET search_text = search_text")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_vector_idx ON {table} "
            "USING gin (search_vector)"
        )
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in FUNCTIONS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_vector_idx")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_vector()")


class Migration(migrations.Migration):
    dependencies = [("barriers", "0027_hs_nomenclature")]

    operations = [migrations.RunPython(create, drop)]
