"""The barriers' stored figures (report_count, companies_affected, total_trade_value_usd,
times_raised) stay equal to what the reports and agenda items say after every kind of change
(issue 18: the officials' barrier page reads them instead of four subqueries)."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone

from barriers import services
from barriers.models import AgendaItem, Barrier
from barriers.services.base import barrier_figures_expressions
from tests import factories
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
FIGURES = ("report_count", "companies_affected", "total_trade_value_usd", "times_raised")


def stored_matches_computed() -> dict[str, tuple[object, ...]]:
    """Every barrier's stored figures, after checking each against the computed definition."""
    rows = Barrier.objects.annotate(
        **{f"computed_{name}": e for name, e in barrier_figures_expressions().items()}
    )
    figures = {}
    for row in rows:
        for name in FIGURES:
            assert getattr(row, name) == getattr(row, f"computed_{name}"), (row.reference, name)
        figures[row.reference] = tuple(getattr(row, name) for name in FIGURES)
    return figures


def figures(barrier: Barrier) -> tuple[object, ...]:
    return stored_matches_computed()[barrier.reference]


def _accepted(official, *, barrier: Barrier | None, trade_value: str = "1000", **kwargs):
    report = factories.report_file(trade_value_usd=Decimal(trade_value), **kwargs)
    services.report_start_review(report=report, actor=official)
    return services.report_accept(report=report, actor=official, barrier=barrier)


def test_accepting_reports_counts_them_their_companies_and_trade_value(official) -> None:
    first = _accepted(official, barrier=None, trade_value="1000")
    barrier = first.barrier
    assert figures(barrier) == (1, 1, Decimal("1000.00"), 0)
    _accepted(official, barrier=barrier, trade_value="250.50")
    _accepted(official, barrier=barrier, trade_value="10", company=first.company)
    assert figures(barrier) == (3, 2, Decimal("1260.50"), 0)


def test_moving_a_report_changes_both_barriers(official) -> None:
    source = barrier_with_reports(official, companies=2, trade_value="500")
    target = barrier_with_reports(official, companies=1, trade_value="70")
    report = source.reports.order_by("pk").first()
    services.report_move_to_barrier(report=report, barrier=target, actor=official)
    assert figures(source) == (1, 1, Decimal("500.00"), 0)
    assert figures(target) == (2, 2, Decimal("570.00"), 0)
    services.report_move_to_barrier(
        report=source.reports.get(), barrier=None, actor=official, note="Split."
    )
    assert figures(source) == (0, 0, Decimal("0.00"), 0)


@pytest.fixture
def held(official):
    """A held meeting with two barriers on its agenda."""
    barriers = [barrier_with_reports(official, title=f"Barrier {i}") for i in range(2)]
    meeting = services.meeting_create(actor=None, code="2026-Q3", date=TODAY - dt.timedelta(days=3))
    services.agenda_draft(meeting=meeting, actor=official)
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=official)
    services.meeting_hold(meeting=meeting, actor=official)
    meeting.refresh_from_db()
    return meeting, barriers


def test_an_outcome_counts_as_raised_unless_deferred(held, official) -> None:
    meeting, (raised, deferred) = held
    assert figures(raised)[3] == 0
    for barrier, outcome in ((raised, "discussed"), (deferred, "deferred")):
        item = AgendaItem.objects.get(meeting=meeting, barrier=barrier)
        services.outcome_record(item=item, outcome=outcome, actor=official)
    assert figures(raised)[3] == 1
    assert figures(deferred)[3] == 0
    services.meeting_close(meeting=meeting, actor=official)
    assert figures(raised)[3] == 1


def test_deleting_an_agenda_item_uncounts_it(held, official) -> None:
    meeting, barriers = held
    for barrier in barriers:
        item = AgendaItem.objects.get(meeting=meeting, barrier=barrier)
        services.outcome_record(item=item, outcome="action_agreed", actor=official)
    assert [figures(b)[3] for b in barriers] == [1, 1]
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    services.record_delete(
        obj=AgendaItem.objects.get(meeting=meeting, barrier=barriers[0]), actor=admin
    )
    assert [figures(b)[3] for b in barriers] == [0, 1]


def test_the_migration_fills_the_figures_as_the_service_computes_them(held, official) -> None:
    meeting, barriers = held
    item = AgendaItem.objects.get(meeting=meeting, barrier=barriers[0])
    services.outcome_record(item=item, outcome="discussed", actor=official)
    barrier_with_reports(official, companies=3, trade_value="123.45")
    before = stored_matches_computed()
    Barrier.objects.update(
        report_count=0, companies_affected=0, total_trade_value_usd=0, times_raised=0
    )
    migration = importlib.import_module("barriers.migrations.0049_barrier_figures")
    migration.fill_barrier_figures(None, SimpleNamespace(connection=connection))
    assert stored_matches_computed() == before
    assert any(values[3] == 1 for values in before.values())
    assert any(values[:3] == (3, 3, Decimal("370.35")) for values in before.values())
