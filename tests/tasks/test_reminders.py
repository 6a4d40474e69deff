"""Beat jobs for meetings and follow-up: cut-off drafting, circulation and action point reminders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from barriers import notifications, services, tasks
from barriers.accounts.roles import AGENDA_SECRETARY, TRIAGE_OFFICER
from barriers.models import (
    ActionPoint,
    AgendaItem,
    Barrier,
    Meeting,
    OutboundEmail,
)
from tests import factories
from tests.conftest import wait_for
from tests.services.test_agenda import barrier_with_reports

TODAY = timezone.localdate()


def _in_group(name: str, **kwargs: object) -> factories.models.User:
    user = factories.OfficialFactory(**kwargs)
    user.groups.add(Group.objects.get(name=name))
    return user


def _held_meeting_with_points(official) -> tuple[Meeting, list[ActionPoint]]:
    barrier = barrier_with_reports(official)
    meeting = services.meeting_create(
        actor=None, code="2026-Q3", date=TODAY - dt.timedelta(days=40)
    )
    services.agenda_draft(meeting=meeting, actor=official)
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=official)
    services.meeting_hold(meeting=meeting, actor=official)
    owner = factories.OfficialFactory(email="eic.owner@commerce.example")
    common = {"meeting": meeting, "barrier": barrier, "actor": official}
    points = [
        services.action_point_create(
            description="Overdue guarantees",
            party="india",
            owner=owner,
            due_on=TODAY - dt.timedelta(days=2),
            owner_agency="EIC",
            **common,
        ),
        services.action_point_create(
            description="List the plants",
            party="eaeu",
            due_on=TODAY + dt.timedelta(days=5),
            **common,
        ),
        services.action_point_create(
            description="Later task",
            party="india",
            owner=owner,
            due_on=TODAY + dt.timedelta(days=30),
            **common,
        ),
    ]
    return meeting, points


@pytest.mark.django_db
def test_action_point_reminders_go_to_india_side_owners_and_secretaries_once_a_day(
    official,
) -> None:
    secretary = _in_group(AGENDA_SECRETARY, email="secretary@commerce.example")
    _held_meeting_with_points(official)
    OutboundEmail.objects.all().delete()

    queued = notifications.action_point_reminders_queue(today=TODAY)
    again = notifications.action_point_reminders_queue(today=TODAY)  # a retried task

    assert len(queued) == 2 and OutboundEmail.objects.count() == 2
    assert {e.pk for e in again} <= {e.pk for e in queued}
    by_to = {e.to[0]: e for e in OutboundEmail.objects.all()}
    assert set(by_to) == {secretary.email, "eic.owner@commerce.example"}
    owner_mail = by_to["eic.owner@commerce.example"].body
    assert "Overdue guarantees" in owner_mail and "OVERDUE by 2 days" in owner_mail
    assert "List the plants" not in owner_mail  # the EAEU side's point is not theirs
    secretary_mail = by_to[secretary.email].body
    assert "List the plants" in secretary_mail and "Later task" not in secretary_mail
    assert by_to[secretary.email].subject == "Action points: 1 overdue, 1 due within a week"


@pytest.mark.django_db
def test_done_action_points_are_not_reminded(official) -> None:
    _in_group(AGENDA_SECRETARY)
    _, points = _held_meeting_with_points(official)
    for point in points:
        services.action_point_set_status(action_point=point, status="done", actor=official)
    assert notifications.action_point_reminders_queue(today=TODAY) == []


@pytest.mark.django_db
def test_circulation_reminder_three_days_before(official) -> None:
    secretary = _in_group(AGENDA_SECRETARY)
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=17)
    )
    Meeting.objects.filter(pk=meeting.pk).update(circulate_on=TODAY + dt.timedelta(days=2))

    queued = notifications.circulation_reminders_queue(today=TODAY)

    assert len(queued) == 1 and queued[0].to == [secretary.email]
    assert "due for circulation in 2 days" in queued[0].subject
    assert notifications.circulation_reminders_queue(today=TODAY - dt.timedelta(days=2)) == []


@pytest.mark.django_db
def test_stale_barriers_digest_lists_barriers_idle_for_90_days(official, monkeypatch) -> None:
    _in_group(TRIAGE_OFFICER)
    long_ago = timezone.now() - dt.timedelta(days=120)
    with monkeypatch.context() as m:  # the idle barrier was filed and accepted 120 days ago
        m.setattr(timezone, "now", lambda: long_ago)
        idle = barrier_with_reports(official, title="Idle barrier")
    busy = barrier_with_reports(official, title="Busy barrier")

    email = notifications.stale_barriers_digest_queue(today=TODAY)

    assert email is not None and idle.reference in email.body and busy.reference not in email.body
    assert notifications.stale_barriers_digest_queue(today=TODAY).pk == email.pk


@pytest.mark.django_db
def test_cutoff_drafts_planned_meetings_once_their_cutoff_has_come(official) -> None:
    barrier_with_reports(official)
    due = services.meeting_create(actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=10))
    later = services.meeting_create(actor=None, code="2027-Q1", date=TODAY + dt.timedelta(days=100))

    assert services.meetings_draft_due() == ["2026-Q4"]
    assert services.meetings_draft_due() == []  # already drafted: not drafted again by the beat
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == ("agenda_draft", "planned")
    assert AgendaItem.objects.filter(meeting=due).count() == 1


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_beat_jobs_run_on_a_real_worker_and_send_once(celery_worker_process: Path) -> None:
    official = factories.OfficialFactory()
    _in_group(AGENDA_SECRETARY, email="secretary@commerce.example")
    barrier_with_reports(official)
    due = services.meeting_create(actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=10))
    wait_for(lambda: not OutboundEmail.objects.filter(status="pending").exists())
    sent_before = OutboundEmail.objects.filter(status="sent").count()

    tasks.meetings_cutoff_draft.delay()
    assert wait_for(lambda: Meeting.objects.get(pk=due.pk).status == "agenda_draft")
    factories.agenda_in_russian(due)
    services.agenda_freeze(meeting=due, actor=official)
    Meeting.objects.filter(pk=due.pk).update(date=TODAY - dt.timedelta(days=1))
    services.meeting_hold(meeting=due, actor=official)
    services.action_point_create(
        meeting=Meeting.objects.get(pk=due.pk),
        barrier=Barrier.objects.get(),
        description="Send dossier",
        party="india",
        due_on=TODAY + dt.timedelta(days=3),
        actor=official,
    )
    for _ in range(2):  # a retried task sends nothing more
        tasks.action_point_reminders_send.delay()

    assert wait_for(
        lambda: OutboundEmail.objects.filter(subject__startswith="Action points").count() == 1
    )
    assert wait_for(lambda: not OutboundEmail.objects.filter(status="pending").exists(), timeout=30)
    mails = [p.read_text() for p in celery_worker_process.glob("*.log")]
    assert sum("Send dossier" in m for m in mails) == 1
    assert OutboundEmail.objects.filter(status="sent").count() > sent_before
