"""On PostgreSQL, a GIN index on `title_vector` of reports and barriers.

A search listed by relevance ranks a bounded set of candidates (selectors.search.search_best_first),
among them the newest rows whose title holds the words. The index finds them when the words are
rare in titles, and its statistics (ANALYZE) tell the planner how rare they are, so that a common
title word is read newest first through the ("-created_at", "-id") index instead. Weight-A
queries on `search_vector` could not: its statistics count a word wherever it appears.
"""

from django.db import migrations

TABLES = ("barriers_report", "barriers_barrier")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_title_vector_idx ON {table} "
            "USING gin (title_vector)"
        )
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_title_vector_idx")


class Migration(migrations.Migration):
    dependencies = [("barriers", "0052_facet_counts")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
