"""After the meeting: outcomes drive barrier transitions, action points, reopening and carry-over."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from barriers import services
from barriers.domain.errors import DomainError
from barriers.models import (
    ActionPoint,
    AgendaItem,
    Barrier,
    MeetingStatus,
    OutboundEmail,
    StatusChange,
)
from tests import factories
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def held(official):
    """A held meeting with three barriers on its agenda, each with its own company."""
    barriers = [
        barrier_with_reports(official, title=f"Barrier {i}", trade_value=str(10 ** (i + 3)))
        for i in range(3)
    ]
    meeting = services.meeting_create(actor=None, code="2026-Q3", date=TODAY - dt.timedelta(days=3))
    services.agenda_draft(meeting=meeting, actor=official)
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=official)
    services.meeting_hold(meeting=meeting, actor=official)
    OutboundEmail.objects.all().delete()
    meeting.refresh_from_db()
    return meeting, barriers


def _item(meeting, barrier) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, barrier=barrier)


@pytest.mark.parametrize(
    ("outcome", "path"),
    [
        ("discussed", ["scheduled", "raised"]),
        ("action_agreed", ["scheduled", "raised", "action_agreed"]),
        ("resolved", ["scheduled", "raised", "resolved"]),
        ("partially_resolved", ["scheduled", "raised", "partially_resolved"]),
        ("deferred", ["scheduled", "open"]),
        ("withdrawn", ["scheduled", "open"]),
    ],
)
def test_outcome_moves_the_barrier_and_tells_its_exporters(held, official, outcome, path) -> None:
    meeting, barriers = held
    barrier = barriers[0]

    services.outcome_record(
        item=_item(meeting, barrier),
        outcome=outcome,
        actor=official,
        statement_eaeu="Rosselkhoznadzor will review the guarantees.",
        internal_note="Secret",
    )

    barrier.refresh_from_db()
    assert barrier.status == path[-1]
    history = list(StatusChange.objects.filter(barrier=barrier).values_list("to_status", flat=True))
    assert history[-len(path) :] == path
    emails = OutboundEmail.objects.all()
    assert emails.count() == 1  # one e-mail per company, about where the barrier ends up
    assert all("Secret" not in e.body for e in emails)
    assert any("Rosselkhoznadzor will review" in e.body for e in emails)


def test_a_meeting_stays_held_until_closed_once_every_item_has_an_outcome(held, official) -> None:
    meeting, barriers = held
    for barrier in barriers[:-1]:
        services.outcome_record(item=_item(meeting, barrier), outcome="discussed", actor=official)
    with pytest.raises(DomainError, match=f"record the outcome of {barriers[-1].reference} first"):
        services.meeting_close(meeting=meeting, actor=official)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD

    services.outcome_record(
        item=_item(meeting, barriers[-1]), outcome="action_agreed", actor=official
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    # The action point agreed on the last item can still be added before closing.
    services.action_point_create(
        meeting=meeting,
        barrier=barriers[-1],
        description="Send the plant list",
        party="india",
        due_on=TODAY + dt.timedelta(days=30),
        actor=official,
    )

    services.meeting_close(meeting=meeting, actor=official)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    assert StatusChange.objects.filter(meeting=meeting, to_status=MeetingStatus.CLOSED).exists()
    with pytest.raises(DomainError, match="is closed: its record is final"):
        services.action_point_create(
            meeting=meeting,
            barrier=barriers[0],
            description="Too late",
            party="india",
            due_on=TODAY + dt.timedelta(days=30),
            actor=official,
        )
    with pytest.raises(DomainError, match="once it is held"):
        services.meeting_close(meeting=meeting, actor=official)


def test_outcomes_before_the_meeting_is_held_are_refused(official) -> None:
    barrier = barrier_with_reports(official)
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=30)
    )
    services.agenda_draft(meeting=meeting, actor=official)
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=official)
    with pytest.raises(DomainError, match="once the meeting is held"):
        services.outcome_record(item=_item(meeting, barrier), outcome="resolved", actor=official)
    barrier.refresh_from_db()
    assert barrier.status == "scheduled" and _item(meeting, barrier).outcome == ""


def test_an_outcome_cannot_be_recorded_twice_or_be_unknown(held, official) -> None:
    meeting, barriers = held
    item = _item(meeting, barriers[0])
    with pytest.raises(DomainError):
        services.outcome_record(item=item, outcome="solved", actor=official)
    services.outcome_record(item=item, outcome="discussed", actor=official)
    with pytest.raises(DomainError, match="already recorded"):
        services.outcome_record(item=item, outcome="resolved", actor=official)
    barriers[0].refresh_from_db()
    assert barriers[0].status == "raised"


def test_action_points_are_recorded_on_the_barrier_and_completed(held, official) -> None:
    meeting, barriers = held
    point = services.action_point_create(
        meeting=meeting,
        barrier=barriers[0],
        description="Send veterinary guarantees for 12 plants",
        party="india",
        due_on=TODAY + dt.timedelta(days=20),
        owner_agency="EIC",
        actor=official,
    )
    assert list(barriers[0].action_points.all()) == [point]
    assert point.history.first().history_user == official

    services.action_point_set_status(
        action_point=point, status="done", actor=official, evidence="Letter 2026/44"
    )
    point.refresh_from_db()
    assert (point.status, point.completed_on, point.evidence) == ("done", TODAY, "Letter 2026/44")


def test_action_point_rules(held, official) -> None:
    meeting, barriers = held
    stranger = barrier_with_reports(official, title="Not on the agenda")
    common = {"meeting": meeting, "description": "x", "party": "eaeu", "actor": official}
    with pytest.raises(DomainError, match="not on the agenda"):
        services.action_point_create(barrier=stranger, due_on=TODAY, **common)
    with pytest.raises(DomainError, match="before the meeting"):
        services.action_point_create(
            barrier=barriers[0], due_on=meeting.date - dt.timedelta(days=1), **common
        )
    with pytest.raises(DomainError):
        services.action_point_create(
            barrier=barriers[0], due_on=TODAY, **{**common, "party": "both"}
        )
    assert not ActionPoint.objects.exists()


def test_exporter_saying_no_reopens_the_barrier_and_it_is_carried_over(held, official) -> None:
    meeting, barriers = held
    barrier = barriers[0]
    for b in barriers:
        services.outcome_record(item=_item(meeting, b), outcome="resolved", actor=official)
    exporter = barrier.reports.first().filed_by

    services.barrier_reopen(
        barrier=barrier, actor=exporter, reason="Consignment held at the border again"
    )

    barrier.refresh_from_db()
    assert barrier.status == "open"
    change = StatusChange.objects.filter(barrier=barrier).last()
    assert (change.to_status, change.actor, change.note) == (
        "open",
        exporter,
        "Consignment held at the border again",
    )
    nxt = services.meeting_create(actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=60))
    services.agenda_draft(meeting=nxt, actor=official)
    item = AgendaItem.objects.get(meeting=nxt, barrier=barrier)
    assert item.is_carry_over and item.times_raised == 1
    assert set(AgendaItem.objects.filter(meeting=nxt).values_list("barrier", flat=True)) == {
        barrier.pk
    }
    assert Barrier.objects.filter(status="resolved").count() == 2


def test_next_quarter_meeting_is_planned_once_the_meeting_is_held(held) -> None:
    meeting, _ = held
    from dateutil.relativedelta import relativedelta

    expected = services.meeting_code_for(meeting.date + relativedelta(months=3))
    assert services.meetings_plan_next() == expected
    nxt = factories.models.Meeting.objects.exclude(pk=meeting.pk).get()
    assert (nxt.code, nxt.status, nxt.date) == (
        expected,
        "planned",
        meeting.date + relativedelta(months=3),
    )
    assert services.meetings_plan_next() is None
