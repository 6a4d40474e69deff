"""The audit history (barriers.models.history.AuditHistory): each object's history lists its own
versions, newest first, whoever saved them, however many objects were saved before."""

from __future__ import annotations

import pytest

from barriers import services
from tests.factories import report_file

pytestmark = pytest.mark.django_db


def test_each_report_history_lists_its_own_versions_newest_first() -> None:
    first, second = report_file(), report_file(title="Veterinary certificate not accepted")
    services.report_update(report=first, actor=first.filed_by, consignments_affected=7)

    versions = list(first.history.all())
    assert [v.consignments_affected for v in versions] == [7, 3]
    assert {v.id for v in versions} == {first.pk}
    assert [v.title for v in second.history.all()] == ["Veterinary certificate not accepted"]
    assert first.history.latest().history_type == "~"
    assert first.history.earliest().history_type == "+"


def test_the_history_of_the_model_lists_every_object() -> None:
    reports = [report_file() for _ in range(3)]
    model = type(reports[0])
    assert {v.id for v in model.history.all()} == {r.pk for r in reports}
