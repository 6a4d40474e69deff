"""Meeting metrics on a hand-built case file (exact figures), the metrics API, and the public-safe
summary of a barrier."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.test import APIClient

from barriers import selectors, services
from barriers.accounts.roles import ANALYST
from barriers.dashboard import figures as dashboard
from barriers.models import (
    ActionPoint,
    AgendaItem,
    Barrier,
    BarrierStatus,
    Meeting,
    MeetingStatus,
    Report,
)
from tests import factories
from tests.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


# Metrics are read on 15 April 2026 at noon: the first quarter is over, the second under way.
NOW = at(2026, 4, 15, 12)


def _barrier(
    official, regulator, *, created, applied_on, status="open", resolved_at=None, submitted=None
) -> Barrier:
    barrier = barrier_with_reports(official, regulator=regulator)
    Barrier.objects.filter(pk=barrier.pk).update(
        created_at=created, status=status, resolved_at=resolved_at
    )
    Report.objects.filter(barrier=barrier).update(
        applied_on=applied_on, submitted_at=submitted or created
    )
    barrier.refresh_from_db()
    return barrier


@pytest.fixture
def case_file(official) -> dict[str, Any]:
    r1 = factories.RegulatorFactory(code="ru-one", abbreviation="R1")
    r2 = factories.RegulatorFactory(code="kz-two", abbreviation="R2")
    a = _barrier(
        official,
        r1,
        created=at(2026, 1, 5),
        applied_on=dt.date(2025, 12, 1),
        status=BarrierStatus.RESOLVED,
        resolved_at=at(2026, 3, 1, 9),
        submitted=at(2026, 1, 10, 9),
    )
    b = _barrier(official, r1, created=at(2026, 1, 20), applied_on=dt.date(2026, 1, 1))
    c = _barrier(official, r2, created=at(2026, 2, 1), applied_on=dt.date(2026, 1, 31))
    d = _barrier(official, r2, created=at(2026, 4, 10), applied_on=dt.date(2026, 4, 5))
    e = _barrier(
        official,
        r1,
        created=at(2026, 2, 10),
        applied_on=dt.date(2026, 2, 1),
        status=BarrierStatus.RESOLVED,
        resolved_at=at(2026, 4, 5),
        submitted=at(2026, 2, 10),
    )

    def meeting(code: str, date: dt.date, status: str) -> Meeting:
        return Meeting.objects.create(
            code=code,
            date=date,
            cutoff_on=date - dt.timedelta(days=20),
            circulate_on=date - dt.timedelta(days=15),
            status=status,
        )

    m0 = meeting("2025-Q4", dt.date(2025, 12, 10), MeetingStatus.CLOSED)
    m1 = meeting("2026-Q1", dt.date(2026, 2, 20), MeetingStatus.CLOSED)
    meeting("2026-Q2", dt.date(2026, 6, 20), MeetingStatus.AGENDA_DRAFT)
    outcomes = {a: "resolved", b: "action_agreed", c: "partially_resolved", d: "deferred"}
    for position, (barrier, outcome) in enumerate(outcomes.items(), start=1):
        AgendaItem.objects.create(
            meeting=m1, barrier=barrier, track="veterinary", position=position, outcome=outcome
        )
    AgendaItem.objects.create(
        meeting=m1, barrier=e, track="veterinary", position=5, outcome="withdrawn"
    )
    # On the reserve list: never counted.
    AgendaItem.objects.create(
        meeting=m0, barrier=b, track="veterinary", section="reserve", position=1
    )

    def point(status: str, completed_on: dt.date | None) -> ActionPoint:
        return ActionPoint.objects.create(
            meeting=m1,
            barrier=b,
            description="Share data",
            party="india",
            due_on=dt.date(2026, 3, 10),
            status=status,
            completed_on=completed_on,
        )

    point("done", dt.date(2026, 3, 1))  # on time
    point("done", dt.date(2026, 3, 20))  # late
    point("open", None)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_days_from_first_report_to_resolution(case_file) -> None:
    rows = dashboard.resolution_days_per_barrier()
    assert [(row["reference"], row["days"]) for row in rows] == [
        (case_file["a"].reference, 50.0),
        (case_file["e"].reference, 54.0),
    ]


def test_meeting_figures(case_file) -> None:
    assert dashboard.meeting_metrics() == [
        {
            "meeting": "2025-Q4",
            "date": dt.date(2025, 12, 10),
            "status": "closed",
            "items": 0,
            "raised": 0,
            "resolved": 0,
            "partially_resolved": 0,
            "carried_over": 0,
            "action_points": 0,
            "action_points_on_time": 0,
        },
        {
            "meeting": "2026-Q1",
            "date": dt.date(2026, 2, 20),
            "status": "closed",
            "items": 5,
            "raised": 3,
            "resolved": 1,
            "partially_resolved": 1,
            "carried_over": 4,
            "action_points": 3,
            "action_points_on_time": 1,
        },
    ]


def test_regulators_by_quarter(case_file) -> None:
    rows = dashboard.regulator_quarter_metrics(now=NOW, quarters=2)
    assert [
        (
            r["quarter"],
            r["regulator"],
            r["open"],
            r["median_days_pending"],
            r["resolved"],
            r["resolution_rate"],
        )
        for r in rows
    ] == [
        # Q1 ends 31 March: R1 has B (89 days since 1 Jan) and E (58 days since 1 Feb) open,
        # A resolved; R2 has C open (59 days since 31 Jan).
        ("2026 Q1", "R1", 2, 73.5, 1, 0.333),
        ("2026 Q1", "R2", 1, 59, 0, 0.0),
        # Q2 so far (15 April): R1 has B open (104 days), E resolved on 5 April;
        # R2 has C (74 days) and D (10 days) open.
        ("2026 Q2", "R1", 1, 104, 1, 0.5),
        ("2026 Q2", "R2", 2, 42.0, 0, 0.0),
    ]


def test_metrics_take_a_fixed_number_of_queries(case_file, django_assert_num_queries) -> None:
    with django_assert_num_queries(5):
        dashboard.metrics()
    barrier_with_reports(factories.OfficialFactory(), title="One more")
    with django_assert_num_queries(5):
        dashboard.metrics()


def test_dashboard_shows_the_meetings_and_regulators(case_file, admin_client) -> None:
    page = admin_client.get("/admin/dashboard/").content.decode()
    assert 'id="meetings"' in page and "2026-Q1" in page
    assert "Regulators by quarter" in page
    assert "1 of 3" in page


def _api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_metrics_api_for_officials_only(case_file, exporter) -> None:
    analyst = factories.OfficialFactory()
    analyst.groups.add(Group.objects.get(name=ANALYST))

    response = _api_client(analyst).get("/api/v1/metrics/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"resolution_days", "meetings", "regulators_by_quarter"}
    assert body["meetings"][1]["carried_over"] == 4
    assert body["resolution_days"][0]["days"] == 50.0
    assert _api_client(exporter).get("/api/v1/metrics/").status_code == 403
    assert _api_client(factories.OfficialFactory()).get("/api/v1/metrics/").status_code == 403


def test_public_summary_names_only_consenting_companies_and_no_internal_notes(official) -> None:
    named = factories.CompanyFactory(name="Coastal Seafoods Pvt Ltd")
    secret = factories.CompanyFactory(name="Quiet Exports Ltd")
    regulator = factories.RegulatorFactory()
    first = factories.report_file(
        company=named, consent_to_share=True, regulator=regulator, trade_value_usd=Decimal("1000")
    )
    services.report_start_review(report=first, actor=official)
    services.report_accept(report=first, actor=official)
    first.refresh_from_db()
    barrier = first.barrier
    second = factories.report_file(
        company=secret, consent_to_share=False, regulator=regulator, trade_value_usd=Decimal("500")
    )
    services.report_start_review(report=second, actor=official)
    services.report_accept(report=second, actor=official, barrier=barrier)
    services.message_post(
        actor=official, barrier=barrier, body="INTERNAL: the counterpart is stalling", internal=True
    )
    meeting = Meeting.objects.create(
        code="2026-Q1",
        date=dt.date(2026, 2, 20),
        cutoff_on=dt.date(2026, 2, 1),
        circulate_on=dt.date(2026, 2, 5),
        status=MeetingStatus.CLOSED,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        barrier=barrier,
        track="veterinary",
        position=1,
        outcome="action_agreed",
        statement_eaeu="The service will inspect the plant in March.",
        internal_note="INTERNAL: ask the embassy to follow up",
    )

    summary = selectors.barrier_public_summary(barrier=barrier)

    assert summary["named_companies"] == ["Coastal Seafoods Pvt Ltd"]
    assert summary["companies"] == 2
    assert summary["trade_value_usd"] == Decimal("1500")
    assert (
        summary["meetings"][0]["statement_eaeu"] == "The service will inspect the plant in March."
    )
    text = json.dumps(summary, default=str)
    assert "Quiet Exports" not in text and "INTERNAL" not in text

    response = _api_client(official_with_view(official)).get(
        f"/api/v1/barriers/{barrier.reference}/summary/"
    )
    assert response.status_code == 200
    body = json.dumps(response.json())
    assert "Coastal Seafoods" in body
    assert "Quiet Exports" not in body and "INTERNAL" not in body
    assert _api_client(official).get("/api/v1/barriers/BAR-2000-9999/summary/").status_code in (
        403,
        404,
    )


def official_with_view(official):
    official.groups.add(Group.objects.get(name=ANALYST))
    return official
