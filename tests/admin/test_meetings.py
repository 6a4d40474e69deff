"""The agenda secretary's desk in the admin: every button through the test client, and roles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST, TRIAGE_OFFICER
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    AgendaSection,
    BarrierStatus,
    Meeting,
    MeetingStatus,
    OutboundEmail,
    RoutingSettings,
    User,
)
from tests import factories
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _role_user(role: str) -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response: Any) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in response.wsgi_request._messages]


def _url(name: str, *args: Any) -> str:
    return reverse(f"admin:barriers_meeting_{name}", args=args)


@pytest.fixture
def secretary() -> User:
    return _role_user(AGENDA_SECRETARY)


@pytest.fixture
def planned(official) -> tuple[Meeting, list]:
    """A planned meeting with three candidate barriers: big, middle and small trade value."""
    barriers = [
        barrier_with_reports(official, title="Small", trade_value="1000"),
        barrier_with_reports(official, title="Big", companies=3, trade_value="900000"),
        barrier_with_reports(official, title="Middle", trade_value="50000"),
    ]
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=30), capacity=2
    )
    return meeting, barriers


def _held(official, planned) -> Meeting:
    meeting, _ = planned
    services.agenda_draft(meeting=meeting, actor=official)
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=official)
    # A held meeting took place: move its date into the past, as it would be.
    Meeting.objects.filter(pk=meeting.pk).update(
        date=TODAY - dt.timedelta(days=1),
        cutoff_on=TODAY - dt.timedelta(days=20),
        circulate_on=TODAY - dt.timedelta(days=15),
    )
    services.meeting_hold(meeting=meeting, actor=official)
    meeting.refresh_from_db()
    return meeting


def test_draft_button_drafts_and_the_page_shows_the_agenda_grouped_with_reasons(
    secretary, planned
) -> None:
    meeting, (small, big, middle) = planned
    client = _client(secretary)

    response = client.post(_url("draft", meeting.pk), follow=True)

    assert response.status_code == 200
    assert _messages(response)[-1][0] == messages.SUCCESS
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_DRAFT
    agenda = AgendaItem.objects.filter(meeting=meeting, section=AgendaSection.AGENDA)
    assert set(agenda.values_list("barrier_id", flat=True)) == {big.pk, middle.pk}
    html = response.content.decode()
    assert html.index(big.reference) < html.index(middle.reference) < html.index(small.reference)
    assert "Reserve list: 1 item" in html
    assert "USD 2,700,000 at stake" in html
    assert reverse("admin:barriers_barrier_change", args=[big.pk]) in html
    assert "Draft again" in html and "Freeze agenda" in html


def test_redraft_keeps_items_moved_by_hand(secretary, planned) -> None:
    meeting, (_small, big, _middle) = planned
    client = _client(secretary)
    client.post(_url("draft", meeting.pk))
    factories.agenda_in_russian(meeting)
    item = AgendaItem.objects.get(meeting=meeting, barrier=big)

    response = client.post(_url("place", meeting.pk, item.pk), {"section": "reserve"}, follow=True)
    assert _messages(response)[-1][0] == messages.SUCCESS
    client.post(_url("draft", meeting.pk))

    item.refresh_from_db()
    assert (item.section, item.manually_changed) == ("reserve", True)
    assert "placed by hand" in client.get(_url("change", meeting.pk)).content.decode()
    on_agenda = AgendaItem.objects.filter(meeting=meeting, section="agenda")
    assert big.pk not in set(on_agenda.values_list("barrier_id", flat=True))


def test_move_up_down_set_position_remove_and_add_a_barrier(secretary, planned, official) -> None:
    meeting, (_small, big, middle) = planned
    client = _client(secretary)
    client.post(_url("draft", meeting.pk))
    factories.agenda_in_russian(meeting)
    first = AgendaItem.objects.get(meeting=meeting, barrier=big)
    second = AgendaItem.objects.get(meeting=meeting, barrier=middle)

    client.post(_url("place", meeting.pk, second.pk), {"move": "up"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (1, 2)

    client.post(_url("place", meeting.pk, second.pk), {"position": "5"})
    second.refresh_from_db()
    assert second.position == 5

    client.post(_url("place", meeting.pk, second.pk), {"section": "removed"})
    second.refresh_from_db()
    assert second.section == AgendaSection.REMOVED

    extra = barrier_with_reports(official, title="Added by hand")
    response = client.post(_url("add_barrier", meeting.pk), {"barrier": extra.pk}, follow=True)
    assert _messages(response)[-1][0] == messages.SUCCESS
    added = AgendaItem.objects.get(meeting=meeting, barrier=extra)
    assert (added.section, added.manually_changed) == ("agenda", True)


def test_freeze_asks_for_confirmation_then_schedules_and_queues_emails(secretary, planned) -> None:
    meeting, (small, big, _middle) = planned
    client = _client(secretary)
    client.post(_url("draft", meeting.pk))
    factories.agenda_in_russian(meeting)
    OutboundEmail.objects.all().delete()

    page = client.get(_url("freeze", meeting.pk))
    assert page.status_code == 200
    assert "tells the exporters" in page.content.decode()
    assert client.post(_url("freeze", meeting.pk), {}).status_code == 200  # not confirmed

    response = client.post(_url("freeze", meeting.pk), {"confirm": "on"}, follow=True)

    assert _messages(response)[-1][0] == messages.SUCCESS
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_FROZEN
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.status == BarrierStatus.SCHEDULED and small.status == BarrierStatus.OPEN
    assert OutboundEmail.objects.count() >= 2
    assert "Mark as held" in response.content.decode()


def test_after_the_freeze_drafting_and_moving_are_refused_with_a_warning(
    secretary, planned
) -> None:
    meeting, (_small, big, _middle) = planned
    client = _client(secretary)
    client.post(_url("draft", meeting.pk))
    factories.agenda_in_russian(meeting)
    client.post(_url("freeze", meeting.pk), {"confirm": "on"})
    item = AgendaItem.objects.get(meeting=meeting, barrier=big)

    for url, data in (
        (_url("draft", meeting.pk), {}),
        (_url("place", meeting.pk, item.pk), {"section": "reserve"}),
        (_url("freeze", meeting.pk), {"confirm": "on"}),
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert _messages(response)[-1][0] == messages.WARNING
    item.refresh_from_db()
    assert item.section == AgendaSection.AGENDA


def test_hold_then_record_an_outcome_moves_the_barrier(secretary, planned, official) -> None:
    meeting, (_small, big, _middle) = planned
    client = _client(secretary)
    client.post(_url("draft", meeting.pk))
    factories.agenda_in_russian(meeting)
    client.post(_url("freeze", meeting.pk), {"confirm": "on"})
    # Before its date the meeting cannot be marked held; on its day it can.
    refused = client.post(_url("hold", meeting.pk), follow=True)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_FROZEN
    assert "cannot be marked held before that day" in _messages(refused)[-1][1]
    Meeting.objects.filter(pk=meeting.pk).update(
        date=TODAY, cutoff_on=TODAY - dt.timedelta(days=20), circulate_on=TODAY
    )
    response = client.post(_url("hold", meeting.pk), follow=True)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert "Record outcome" in response.content.decode()
    item = AgendaItem.objects.get(meeting=meeting, barrier=big)

    form = client.get(_url("outcome", meeting.pk, item.pk))
    assert form.status_code == 200
    response = client.post(
        _url("outcome", meeting.pk, item.pk),
        {
            "outcome": "resolved",
            "statement_india": "India thanked the counterpart.",
            "statement_eaeu": "The listing was granted.",
            "internal_note": "Confirm with the plant next week.",
        },
        follow=True,
    )

    assert _messages(response)[-1][0] == messages.SUCCESS
    big.refresh_from_db()
    item.refresh_from_db()
    assert big.status == BarrierStatus.RESOLVED
    assert (item.outcome, item.internal_note) == ("resolved", "Confirm with the plant next week.")
    # Twice: refused with a warning, not an error page.
    again = client.post(_url("outcome", meeting.pk, item.pk), {"outcome": "discussed"})
    assert again.status_code == 200
    assert "already recorded" in again.content.decode()


def test_add_action_point_from_the_meeting_page(secretary, planned, official) -> None:
    meeting = _held(official, planned)
    _, (_small, big, _middle) = planned
    item = AgendaItem.objects.get(meeting=meeting, barrier=big)
    client = _client(secretary)

    too_early = client.post(
        _url("action_point", meeting.pk, item.pk),
        {"description": "Share data", "party": "india", "due_on": "2000-01-01"},
    )
    assert "cannot be before the meeting" in too_early.content.decode()

    response = client.post(
        _url("action_point", meeting.pk, item.pk),
        {
            "description": "Send the inspection reports",
            "party": "india",
            "owner_agency": "EIC",
            "owner": secretary.pk,
            "due_on": (TODAY + dt.timedelta(days=30)).isoformat(),
        },
        follow=True,
    )

    assert _messages(response)[-1][0] == messages.SUCCESS
    point = ActionPoint.objects.get()
    assert (point.barrier, point.meeting, point.owner, point.owner_agency) == (
        big,
        meeting,
        secretary,
        "EIC",
    )
    assert "Send the inspection reports" in response.content.decode()


def test_action_point_changelist_lists_overdue_first_and_marks_done(
    secretary, planned, official
) -> None:
    meeting = _held(official, planned)
    _, (_small, big, _middle) = planned

    def point(days: int, description: str) -> ActionPoint:
        created = services.action_point_create(
            meeting=meeting,
            barrier=big,
            description=description,
            party="india",
            due_on=TODAY + dt.timedelta(days=days),
            actor=official,
        )
        return created

    later = point(20, "Later")
    done = point(5, "Done already")
    services.action_point_set_status(action_point=done, status="done", actor=official)
    overdue = point(0, "Overdue")
    ActionPoint.objects.filter(pk=overdue.pk).update(due_on=TODAY - dt.timedelta(days=3))
    soon = point(2, "Soon")
    client = _client(secretary)
    url = reverse("admin:barriers_actionpoint_changelist")

    response = client.get(url)
    rows = [obj.pk for obj in response.context["cl"].result_list]
    assert rows == [overdue.pk, soon.pk, later.pk, done.pk]
    assert "overdue 3 d" in response.content.decode()
    assert [o.pk for o in client.get(url, {"overdue": "yes"}).context["cl"].result_list] == [
        overdue.pk
    ]

    response = client.post(
        url,
        {
            "action": "mark_done",
            "_selected_action": [overdue.pk],
            "apply": "1",
            "completed_on": TODAY.isoformat(),
            "evidence": "Letter of 3 June",
        },
        follow=True,
    )
    overdue.refresh_from_db()
    assert (overdue.status, overdue.completed_on, overdue.evidence) == (
        ActionPointStatus.DONE,
        TODAY,
        "Letter of 3 June",
    )
    client.post(
        url,
        {"action": "drop", "_selected_action": [soon.pk], "apply": "1", "note": "Overtaken"},
    )
    soon.refresh_from_db()
    assert soon.status == ActionPointStatus.DROPPED
    assert soon.status_changes.last().note == "Overtaken"
    # The status cannot be typed into the change form.
    change = client.get(reverse("admin:barriers_actionpoint_change", args=[later.pk]))
    assert 'name="status"' not in change.content.decode()


def test_adding_a_meeting_uses_the_routing_settings_defaults(secretary) -> None:
    RoutingSettings.objects.create(
        pk=1, cutoff_days_before=25, circulate_days_before=18, default_capacity=12
    )
    response = _client(secretary).post(
        reverse("admin:barriers_meeting_add"),
        {"date": "2027-03-10", "venue": "Moscow", "format": "hybrid"},
        follow=True,
    )
    assert response.status_code == 200
    meeting = Meeting.objects.get()
    assert (meeting.code, meeting.cutoff_on, meeting.circulate_on, meeting.capacity) == (
        "2027-Q1",
        dt.date(2027, 2, 13),
        dt.date(2027, 2, 20),
        12,
    )
    assert meeting.status_changes.get().actor == secretary


def test_routing_settings_are_one_row_changed_with_history(secretary) -> None:
    client = _client(secretary)
    changelist = client.get(reverse("admin:barriers_routingsettings_changelist"))
    assert changelist.status_code == 200
    row = RoutingSettings.objects.get()
    assert client.get(reverse("admin:barriers_routingsettings_add")).status_code == 403
    assert (
        client.post(reverse("admin:barriers_routingsettings_delete", args=[row.pk])).status_code
        == 403
    )
    page = client.get(reverse("admin:barriers_routingsettings_change", args=[row.pk]))
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if name != "updated_at"
    }
    data["weight_companies"] = "40"
    client.post(reverse("admin:barriers_routingsettings_change", args=[row.pk]), data)
    row.refresh_from_db()
    assert row.weight_companies == 40
    assert row.history.first().history_user == secretary
    assert "Routing settings" in client.get(reverse("admin:index")).content.decode()


def test_draft_agenda_action_on_the_meeting_changelist(secretary, planned) -> None:
    meeting, _ = planned
    response = _client(secretary).post(
        reverse("admin:barriers_meeting_changelist"),
        {"action": "draft_agenda", "_selected_action": [meeting.pk]},
        follow=True,
    )
    assert _messages(response)[-1][0] == messages.SUCCESS
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_DRAFT


@pytest.mark.parametrize("role", [ANALYST, TRIAGE_OFFICER])
def test_analysts_and_triage_officers_cannot_use_the_agenda_buttons(
    role, planned, official
) -> None:
    meeting, (small, big, _middle) = planned
    services.agenda_draft(meeting=meeting, actor=official)
    item = AgendaItem.objects.get(meeting=meeting, barrier=big)
    client = _client(_role_user(role))

    for url, data in (
        (_url("draft", meeting.pk), {}),
        (_url("place", meeting.pk, item.pk), {"section": "reserve"}),
        (_url("add_barrier", meeting.pk), {"barrier": small.pk}),
        (_url("freeze", meeting.pk), {"confirm": "on"}),
        (_url("hold", meeting.pk), {}),
        (_url("outcome", meeting.pk, item.pk), {"outcome": "resolved"}),
        (_url("action_point", meeting.pk, item.pk), {}),
    ):
        assert client.post(url, data).status_code == 403, url
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_DRAFT
    page = client.get(_url("change", meeting.pk)).content.decode()
    assert "Freeze agenda" not in page and "Draft again" not in page
    assert big.reference in page  # they still read the agenda
