"""The indexes PostgreSQL keeps for reports and the audit history: every foreign key of a report
is served by an index that starts with it (deleting a kind, a company or a barrier finds its
reports without reading the table), and no index is kept that nothing reads, since each one
costs every filing and every triage step a write."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from barriers.models import Barrier, Report

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _index_columns(table: str) -> dict[str, list[str]]:
    """Each index of `table` by name, with its columns in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname, array_agg(a.attname ORDER BY k.n)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
            LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE t.relname = %s
            GROUP BY i.relname
            """,
            [table],
        )
        return {name: list(columns) for name, columns in cursor.fetchall()}


def test_every_foreign_key_of_a_report_leads_an_index_and_none_has_two() -> None:
    indexes = _index_columns(Report._meta.db_table)
    for field in Report._meta.concrete_fields:
        if not field.is_relation:
            continue
        leading = [name for name, columns in indexes.items() if columns[0] == field.column]
        assert leading, f"no index starts with {field.column}"
        single = [name for name in leading if indexes[name] == [field.column]]
        if len(leading) > 1:
            # A composite index starting with the key serves it: no index of its own too.
            assert not single, (field.column, leading)
    # No pattern-matching index on a foreign key's code (nothing searches kinds by LIKE).
    assert not [name for name in indexes if name.endswith("_like") and "reference" not in name]


@pytest.mark.parametrize(
    "model", [m for m in apps.get_app_config("barriers").get_models() if hasattr(m, "history_id")]
)
def test_the_audit_history_is_indexed_by_object_and_date_only(model) -> None:
    original = model.instance_type._meta.pk.column
    kept = {tuple(columns) for columns in _index_columns(model._meta.db_table).values()}
    assert kept == {("history_id",), (original,), ("history_date",), ("history_user_id",)}, kept


@pytest.mark.parametrize("model", [Report, Barrier])
def test_the_search_document_is_kept_in_its_row(model) -> None:
    """Migration 0056: a search that tests documents row by row reads them from the row, not
    through the TOAST table (STORAGE MAIN: compressed, in the row while it fits)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = %s",
            [model._meta.db_table, "search_vector"],
        )
        assert cursor.fetchone() == ("m",)
