"""The barrier list's "overdue" filter: barriers with a report still waiting for a decision
beyond its kind's usual decision time.

The list reads the barrier's own decision due day (Barrier.decision_due_on), which the services
keep; each test checks the list and the counts beside the filter against the definition read
from the reports (`_overdue_by_reports`), after each way a barrier's waiting reports change.
"""

from __future__ import annotations

import datetime as dt
import importlib
import types
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from barriers import services
from barriers.models import Barrier, BarrierKind, Report, ReportStatus, User
from tests import factories
from tests.accounts.test_audit import change_url, save_change_form

pytestmark = pytest.mark.django_db

BARRIERS = reverse("admin:barriers_barrier_changelist")
TODAY = timezone.localdate()


def _ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def _overdue_by_reports() -> set[int]:
    """The barriers with a report waiting for a decision (none received) that was applied for
    before today less its kind's usual decision days: the filter's definition, read from the
    reports as the filter did before the barriers kept their due day."""
    late = Q(pk__in=[])
    for code, days in BarrierKind.objects.values_list("code", "usual_decision_days"):
        late |= Q(barrier_kind_id=code, applied_on__lt=TODAY - dt.timedelta(days=days))
    waiting = Report.objects.filter(late, decision_received_on__isnull=True, barrier__isnull=False)
    return set(waiting.values_list("barrier_id", flat=True))


def _listed(client: Client, **params: str) -> tuple[set[int], list[str]]:
    """The barriers the list shows with `params`, and the overdue filter's choices as shown."""
    response = client.get(BARRIERS, params)
    assert response.status_code == 200
    changelist = response.context["cl"]
    (spec,) = [s for s in changelist.filter_specs if str(s.title) == "overdue"]
    choices = [str(choice["display"]) for choice in spec.choices(changelist)]
    return {barrier.pk for barrier in changelist.result_list}, choices


def _assert_as_defined(client: Client) -> set[int]:
    """The list under overdue=yes and =no, and the counts beside both choices, agree with the
    definition read from the reports; returns the overdue barriers."""
    overdue = _overdue_by_reports()
    everything = set(Barrier.objects.values_list("pk", flat=True))
    shown_yes, choices = _listed(client, overdue="yes")
    shown_no, _ = _listed(client, overdue="no")
    _, unfiltered = _listed(client)
    assert shown_yes == overdue
    assert shown_no == everything - overdue
    expected = ["All", f"Yes ({len(overdue)})", f"No ({len(everything - overdue)})"]
    assert unfiltered == expected
    assert choices == expected  # a filter in use counts as if unused
    return overdue


@pytest.fixture
def official() -> User:
    return factories.triage_officer()


@pytest.fixture
def desk(official: User) -> Client:
    client = Client()
    client.force_login(official)
    return client


def _kind(code: str, days: int) -> BarrierKind:
    return factories.BarrierKindFactory(code=code, name=code, usual_decision_days=days)


def _accepted(
    official: User, *, barrier: Barrier | None = None, **facts: Any
) -> tuple[Report, Barrier]:
    report = factories.report_file(**facts)
    services.report_start_review(report=report, actor=official)
    services.report_accept(report=report, actor=official, barrier=barrier)
    report.refresh_from_db()
    assert report.barrier is not None
    return report, report.barrier


def _due(barrier: Barrier) -> dt.date | None:
    barrier.refresh_from_db(fields=["decision_due_on"])
    return barrier.decision_due_on


# ---------------------------------------------------------------------------------------------
# The list and its counts, as a barrier's waiting reports change
# ---------------------------------------------------------------------------------------------


def test_a_report_accepted_onto_a_barrier_makes_it_overdue_past_its_kinds_time(
    desk: Client, official: User
) -> None:
    kind = _kind("listing", 90)
    _late_report, late = _accepted(official, barrier_kind=kind, applied_on=_ago(91))
    # Exactly the usual time ago: due today, not yet overdue (applied before today less 90).
    _due_report, due_today = _accepted(official, barrier_kind=kind, applied_on=_ago(90))
    _fresh_report, fresh = _accepted(official, barrier_kind=kind, applied_on=_ago(10))

    assert _assert_as_defined(desk) == {late.pk}
    assert _due(late) == _ago(1)
    assert _due(due_today) == TODAY
    assert _due(fresh) == _ago(10) + dt.timedelta(days=90)


def test_a_report_merged_into_a_barrier_makes_it_overdue(desk: Client, official: User) -> None:
    kind = _kind("listing", 90)
    _first, barrier = _accepted(official, barrier_kind=kind, applied_on=_ago(10))
    assert _assert_as_defined(desk) == set()

    _accepted(official, barrier=barrier, barrier_kind=kind, applied_on=_ago(120))

    assert _assert_as_defined(desk) == {barrier.pk}
    assert _due(barrier) == _ago(30)


def test_a_report_with_its_decision_received_does_not_wait(desk: Client, official: User) -> None:
    kind = _kind("listing", 90)
    report = factories.report_file(barrier_kind=kind, applied_on=_ago(200))
    services.report_start_review(report=report, actor=official)
    services.report_request_info(report=report, actor=official, question="Decided yet?")
    # The exporter records the decision while the report is theirs to edit.
    services.report_update(report=report, actor=report.filed_by, decision_received_on=_ago(5))
    services.message_post(report=report, actor=report.filed_by, body="Yes, refused.")
    services.report_accept(report=report, actor=official)
    report.refresh_from_db()

    assert _assert_as_defined(desk) == set()
    assert _due(report.barrier) is None


def test_a_change_of_dates_or_kind_on_a_barriers_report_moves_its_due_day(
    desk: Client, official: User
) -> None:
    """Accepted reports are no longer editable, so this is report_update on a report that is on
    a barrier while editable (as a correction puts it back): the barrier follows its report."""
    slow, quick = _kind("listing", 90), _kind("test_report", 30)
    report, barrier = _accepted(official, barrier_kind=slow, applied_on=_ago(60))
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    assert _assert_as_defined(desk) == set()

    services.report_update(report=report, actor=report.filed_by, applied_on=_ago(100))
    assert _assert_as_defined(desk) == {barrier.pk}

    services.report_update(
        report=report, actor=report.filed_by, applied_on=_ago(20), barrier_kind=quick
    )
    assert _assert_as_defined(desk) == set()
    assert _due(barrier) == _ago(20) + dt.timedelta(days=30)

    services.report_update(report=report, actor=report.filed_by, barrier_kind=slow)
    services.report_update(report=report, actor=report.filed_by, applied_on=_ago(95))
    assert _assert_as_defined(desk) == {barrier.pk}

    services.report_update(report=report, actor=report.filed_by, decision_received_on=_ago(1))
    assert _assert_as_defined(desk) == set()
    assert _due(barrier) is None


def test_a_report_moved_off_a_barrier_takes_its_lateness_along(
    desk: Client, official: User
) -> None:
    kind = _kind("listing", 90)
    late_report, source = _accepted(official, barrier_kind=kind, applied_on=_ago(150))
    _fresh, target = _accepted(official, barrier_kind=kind, applied_on=_ago(5))
    _other, source_too = _accepted(official, barrier=source, barrier_kind=kind, applied_on=_ago(30))
    assert source_too == source
    assert _assert_as_defined(desk) == {source.pk}

    services.report_move_to_barrier(report=late_report, barrier=target, actor=official)

    assert _assert_as_defined(desk) == {target.pk}
    assert _due(source) == _ago(30) + dt.timedelta(days=90)
    assert _due(target) == _ago(60)

    services.report_move_to_barrier(report=late_report, barrier=None, actor=official)
    late_report.refresh_from_db()

    assert _assert_as_defined(desk) == {late_report.barrier_id}
    assert _due(target) == _ago(5) + dt.timedelta(days=90)


def test_a_kinds_new_decision_time_in_the_admin_moves_its_barriers(
    desk: Client, official: User, admin_client: Client
) -> None:
    kind, other = _kind("listing", 90), _kind("test_report", 30)
    _report, barrier = _accepted(official, barrier_kind=kind, applied_on=_ago(60))
    _other_report, untouched = _accepted(official, barrier_kind=other, applied_on=_ago(20))
    assert _assert_as_defined(desk) == set()

    save_change_form(admin_client, change_url(kind), usual_decision_days="45")

    kind.refresh_from_db()
    assert kind.usual_decision_days == 45
    assert _assert_as_defined(desk) == {barrier.pk}
    assert _due(barrier) == _ago(15)
    assert _due(untouched) == _ago(20) + dt.timedelta(days=30)

    save_change_form(admin_client, change_url(kind), usual_decision_days="61")
    assert _assert_as_defined(desk) == set()


def test_a_barrier_waiting_on_two_kinds_is_due_on_the_earlier_day(
    desk: Client, official: User
) -> None:
    slow, quick = _kind("listing", 90), _kind("test_report", 30)
    # The older report is not late (90 days), the newer one is (30 days).
    slow_report, barrier = _accepted(official, barrier_kind=slow, applied_on=_ago(60))
    quick_report, _same = _accepted(
        official, barrier=barrier, barrier_kind=quick, applied_on=_ago(40)
    )

    assert _assert_as_defined(desk) == {barrier.pk}
    assert _due(barrier) == _ago(10)

    services.report_move_to_barrier(report=quick_report, barrier=None, actor=official)

    assert _due(barrier) == _ago(60) + dt.timedelta(days=90)
    quick_report.refresh_from_db()
    assert _assert_as_defined(desk) == {quick_report.barrier_id}
    assert slow_report.barrier_id == barrier.pk


def test_refreshing_nothing_writes_nothing() -> None:
    assert services.barrier_decision_due_refresh(barrier_ids=[]) == 0
    assert services.barrier_decision_due_refresh(barrier_ids=[None]) == 0


# ---------------------------------------------------------------------------------------------
# The migration fills the existing barriers
# ---------------------------------------------------------------------------------------------


def test_the_migration_fills_every_existing_barrier(desk: Client, official: User) -> None:
    slow, quick = _kind("listing", 90), _kind("test_report", 30)
    _a, late = _accepted(official, barrier_kind=slow, applied_on=_ago(100))
    _b, both = _accepted(official, barrier_kind=slow, applied_on=_ago(60))
    _accepted(official, barrier=both, barrier_kind=quick, applied_on=_ago(40))
    _c, fresh = _accepted(official, barrier_kind=quick, applied_on=_ago(3))
    decided = factories.report_file(
        barrier_kind=slow, applied_on=_ago(300), decision_received_on=_ago(2)
    )
    services.report_start_review(report=decided, actor=official)
    services.report_accept(report=decided, actor=official)
    decided.refresh_from_db()
    expected = dict(Barrier.objects.values_list("pk", "decision_due_on"))
    assert expected == {
        late.pk: _ago(10),
        both.pk: _ago(10),
        fresh.pk: _ago(3) + dt.timedelta(days=30),
        decided.barrier_id: None,
    }
    # As the barriers were before the column existed.
    Barrier.objects.update(decision_due_on=None)

    migration = importlib.import_module("barriers.migrations.0041_barrier_decision_due_on")
    migration.fill_decision_due_on(apps, types.SimpleNamespace(connection=connection))

    assert dict(Barrier.objects.values_list("pk", "decision_due_on")) == expected
    assert _assert_as_defined(desk) == {late.pk, both.pk}


# ---------------------------------------------------------------------------------------------
# Cost
# ---------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("params", "before"),
    # The queries of each page before the barriers kept their due day (measured on PostgreSQL).
    [({}, 23), ({"overdue": "yes"}, 24), ({"overdue": "no"}, 24)],
)
def test_the_barrier_list_reads_no_report_dates_and_runs_no_more_queries(
    desk: Client, official: User, params: dict[str, str], before: int
) -> None:
    kind = _kind("listing", 90)
    for days in (200, 100, 10):
        _accepted(official, barrier_kind=kind, applied_on=_ago(days))
    desk.get(BARRIERS, params)  # warm caches (content types)

    with CaptureQueriesContext(connection) as queries:
        assert desk.get(BARRIERS, params).status_code == 200

    assert len(queries) <= before
    # Neither the list nor the counts beside its filters read the reports' decision dates.
    assert not [q["sql"] for q in queries if "decision_received_on" in q["sql"]]
