"""On PostgreSQL, `search_tokens`: the words of each report's and barrier's search text that hold
more than letters (references, IECs, HS codes, application numbers, "phy-77"), with a trigram
index in place of the one on the whole search text (0008).

A search matches those words, and only those, as substrings: a word of letters alone is matched
by full-text search (selectors.search). The trigram index of the whole text (about 1 KB a report,
a thousand trigrams) was the dearest part of a filing in the database: 0.32 ms of the 0.5 ms
a report's row cost to insert at 100,000 reports, and again at every change of the text. The
trigger that builds the full-text document (0028, 0036) now writes this column too; existing
rows are filled here. SQLite keeps the column empty: its search reads search_text.
"""

from django.db import migrations, models

# The words (between spaces) of the search text that hold a digit, an underscore or a "-", "/"
# or "." between two word characters, in order: every word a query matches as a substring
# ("phy-77", "aajcg4718r", "030617", "rep-2026-000123") lies inside one of them, since a query's
# word holds no space. One regular expression over the text: about 12 microseconds a row at
# 680 characters (a regexp_replace dropping the other words took 155).
TOKENS = (
    "array_to_string(ARRAY(SELECT m[1] FROM regexp_matches(coalesce({text}, ''), "
    "'(\\S*(?:[0-9_]|[[:alnum:]_][-/.][[:alnum:]_])\\S*)', 'g') AS m), ' ')"
)

FUNCTIONS = {
    "barriers_report": """
        NEW.title_vector := setweight(to_tsvector('english'::regconfig,
            coalesce(NEW.reference, '') || ' ' || coalesce(NEW.title, '')), 'A');
        NEW.search_vector := NEW.title_vector
            || setweight(to_tsvector('russian'::regconfig, coalesce(NEW.search_text, '')), 'B');
        NEW.search_tokens := {tokens};
    """,
    "barriers_barrier": """
        NEW.title_vector := setweight(to_tsvector('english'::regconfig,
                coalesce(NEW.reference, '') || ' ' || coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('russian'::regconfig, coalesce(NEW.title_ru, '')), 'A');
        NEW.search_vector := NEW.title_vector
            || setweight(to_tsvector('russian'::regconfig, coalesce(NEW.search_text, '')), 'B');
        NEW.search_tokens := {tokens};
    """,
}
# The bodies of 0036, put back when this migration is reversed.
PREVIOUS = {
    table: body.replace("        NEW.search_tokens := {tokens};\n", "")
    for table, body in FUNCTIONS.items()
}
INDEXES = {"barriers_report": "report", "barriers_barrier": "barrier"}


def _function(schema_editor, table, body):
    body = body.replace("{tokens}", TOKENS.format(text="NEW.search_text"))
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NEW; END $$"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, short in INDEXES.items():
        _function(schema_editor, table, FUNCTIONS[table])
        expression = TOKENS.format(text="search_text")
        # The old index goes first: the fill rewrites every row, and a GIN index over the whole
        # text would be written again for each. Filled directly: the trigger fires on the text's
        # columns, not on this one, and the facet counts' trigger has nothing to count here.
        schema_editor.execute(f'DROP INDEX IF EXISTS "{short}_search_trgm_idx"')
        schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        schema_editor.execute(f"UPDATE {table} SET search_tokens = {expression}")
        schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        schema_editor.execute(
            f'CREATE INDEX "{short}_tokens_trgm_idx" ON "{table}" '
            'USING gin (UPPER("search_tokens") gin_trgm_ops)'
        )
        schema_editor.execute(f"ANALYZE {table}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, short in INDEXES.items():
        _function(schema_editor, table, PREVIOUS[table])
        schema_editor.execute(f'DROP INDEX IF EXISTS "{short}_tokens_trgm_idx"')
        schema_editor.execute(
            f'CREATE INDEX "{short}_search_trgm_idx" ON "{table}" '
            'USING gin (UPPER("search_text") gin_trgm_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [("barriers", "0054_unindexed_history_and_covered_keys")]

    operations = [
        migrations.AddField(
            model_name="barrier",
            name="search_tokens",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="report",
            name="search_tokens",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(forwards, backwards),
    ]
