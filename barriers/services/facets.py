"""Upkeep of the facet counts PostgreSQL keeps (barriers.models.facets).

The triggers keep them exact at every write; these fold the rows the triggers add (hourly, and
after a bulk load) or count everything again. On SQLite there is nothing to keep.
"""

from __future__ import annotations

from django.db import connection


def facet_counts_compact() -> None:
    """Fold the rows added since the last fold into one row per value."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT barriers_facet_counts_compact()")


def facet_counts_rebuild() -> None:
    """Count every report and barrier again (one statement per model)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT barriers_facet_counts_rebuild()")
