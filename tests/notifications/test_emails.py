"""Who is told what, by e-mail through the outbox: exporters about their reports and barriers,
triage officers by a daily digest. No broker: the outbox rows and on-commit callbacks are read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from celery.schedules import crontab
from django.contrib.auth.models import Group
from django.utils import timezone
from kombu.exceptions import OperationalError

from barriers import notifications, services, tasks
from barriers.models import (
    Barrier,
    BarrierStatus,
    IdempotencyKey,
    OutboundEmail,
    Report,
    ReportStatus,
)
from barriers.notifications import outbox
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "INTERNAL-ONLY: the regulator's desk officer is on leave"


def _email_deliveries(callbacks: list) -> list:
    """The on-commit hand-overs of e-mails (the follow events' fan-out has its own)."""
    return [c for c in callbacks if c.__qualname__.startswith("email_queue")]


@pytest.fixture(autouse=True)
def _publish_pause_reset():
    notifications.publish_pause.reset()
    yield
    notifications.publish_pause.reset()


@pytest.fixture
def company_users():
    """A company with two active users and one who left, and another company's user."""
    exporter = factories.ExporterFactory()
    colleague = factories.ExporterFactory(company=exporter.company)
    factories.ExporterFactory(company=exporter.company, is_active=False)
    factories.ExporterFactory()  # another company
    return exporter, sorted([exporter.email, colleague.email])


def _emails_since(before: set[int]) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.exclude(pk__in=before).order_by("pk"))


def _ids() -> set[int]:
    return set(OutboundEmail.objects.values_list("pk", flat=True))


def _under_review(exporter, official) -> Report:
    report = factories.report_file(actor=exporter)
    services.report_start_review(report=report, actor=official)
    return report


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


def test_a_filed_report_is_acknowledged_to_every_active_user_of_the_company(
    company_users, django_capture_on_commit_callbacks
) -> None:
    exporter, recipients = company_users
    with django_capture_on_commit_callbacks() as callbacks:
        report = factories.report_file(actor=exporter)

    email = OutboundEmail.objects.get()
    assert email.to == recipients
    assert email.subject == f"[{report.reference}] We have received your report"
    assert f"Report: {report.reference} — {report.title}" in email.body
    assert "Status: Submitted" in email.body
    assert "Officials will review it" in email.body
    assert f"/reports/{report.reference}/" in email.body
    assert len(callbacks) == 1  # the delivery task is handed to Celery only after commit


@pytest.mark.parametrize(
    ("decide", "subject", "status", "in_body"),
    [
        (
            lambda report, official: services.report_request_info(
                report=report, actor=official, question="Which plant number was audited?"
            ),
            "Officials need more information about your report",
            "Status: Information requested",
            ["Which plant number was audited?", "Please answer on the report page"],
        ),
        (
            lambda report, official: services.report_accept(report=report, actor=official),
            "Your report has been accepted",
            "Status: Accepted",
            ["Accepted as part of barrier BAR-", "put it on the agenda of a quarterly meeting"],
        ),
        (
            lambda report, official: services.report_reject(
                report=report,
                actor=official,
                reason="other",
                note="The consignment was refused for a labelling error, not a certificate.",
            ),
            "Your report has not been accepted",
            "Status: Rejected",
            ["a labelling error, not a certificate", "you can file a new report"],
        ),
    ],
    ids=["info_requested", "accepted", "rejected"],
)
def test_a_decision_on_a_report_is_emailed_with_its_public_note_and_next_step(
    company_users, official, django_capture_on_commit_callbacks, decide, subject, status, in_body
) -> None:
    exporter, recipients = company_users
    report = _under_review(exporter, official)
    before = _ids()

    with django_capture_on_commit_callbacks() as callbacks:
        decide(report, official)

    [email] = _emails_since(before)
    assert email.to == recipients
    assert email.subject == f"[{report.reference}] {subject}"
    assert status in email.body
    assert "What happens next:" in email.body
    for text in in_body:
        assert text in email.body
    assert len(_email_deliveries(callbacks)) == 1


def test_review_started_withdrawal_and_private_moves_send_no_email(company_users, official) -> None:
    exporter, _ = company_users
    report = factories.report_file(actor=exporter)
    before = _ids()

    services.report_start_review(report=report, actor=official)
    services.report_transition(
        report=report, to=ReportStatus.INFO_REQUESTED, actor=official, note=SECRET, is_public=False
    )
    services.message_post(actor=official, report=report, body=SECRET, internal=True)
    services.report_withdraw(report=report, actor=exporter, reason="Listed at last")

    assert _emails_since(before) == []


# ---------------------------------------------------------------------------------------------
# Barriers
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def barrier_with_two_companies(official):
    """A barrier with two accepted reports from company A and one from company B; company C's
    report is still under review and belongs to no barrier."""
    a_user = factories.ExporterFactory()
    a_colleague = factories.ExporterFactory(company=a_user.company)
    factories.ExporterFactory(company=a_user.company, is_active=False)
    b_user = factories.ExporterFactory()
    c_user = factories.ExporterFactory()

    first = _under_review(a_user, official)
    services.report_accept(report=first, actor=official)
    barrier = Barrier.objects.get()
    second = _under_review(a_user, official)
    services.report_accept(report=second, actor=official, barrier=barrier)
    b_report = _under_review(b_user, official)
    services.report_accept(report=b_report, actor=official, barrier=barrier)
    _under_review(c_user, official)
    return {
        "barrier": barrier,
        "a": (
            sorted([a_user.email, a_colleague.email]),
            sorted([first.reference, second.reference]),
        ),
        "b": ([b_user.email], [b_report.reference]),
        "c": c_user.email,
    }


@pytest.mark.parametrize(
    ("moves", "subject", "status", "next_step"),
    [
        (
            [BarrierStatus.SCHEDULED],
            "The barrier behind your report is on the next meeting's agenda",
            "Status: Scheduled",
            "discussed with the EAEU side at the meeting",
        ),
        (
            [BarrierStatus.SCHEDULED, BarrierStatus.RAISED],
            "The barrier behind your report was raised at the meeting",
            "Status: Raised",
            "follow up on what was said",
        ),
        (
            [BarrierStatus.RESOLVED],
            "The barrier behind your report is resolved: are shipments clearing?",
            "Status: Resolved",
            "whether your shipments are clearing again",
        ),
    ],
    ids=["scheduled", "raised", "resolved"],
)
def test_each_company_on_a_barrier_is_told_once_when_it_moves(
    barrier_with_two_companies,
    official,
    django_capture_on_commit_callbacks,
    moves,
    subject,
    status,
    next_step,
) -> None:
    case = barrier_with_two_companies
    barrier = case["barrier"]
    for move in moves[:-1]:
        services.barrier_transition(barrier=barrier, to=move, actor=official)
    before = _ids()

    with django_capture_on_commit_callbacks() as callbacks:
        services.barrier_transition(
            barrier=barrier, to=moves[-1], actor=official, note="2026-Q3: the FSVPS will list."
        )

    emails = {tuple(e.to): e for e in _emails_since(before)}
    a_recipients, a_refs = case["a"]
    b_recipients, b_refs = case["b"]
    assert set(emails) == {tuple(a_recipients), tuple(b_recipients)}
    assert len(_email_deliveries(callbacks)) == 2
    a_email, b_email = emails[tuple(a_recipients)], emails[tuple(b_recipients)]
    # Company A has two reports on the barrier: one e-mail names both.
    assert a_email.subject == f"[{barrier.reference}] {subject}"
    assert f"Your reports: {', '.join(a_refs)}" in a_email.body
    assert b_email.subject == f"[{barrier.reference}] {subject}"
    assert f"Your report: {b_refs[0]}" in b_email.body
    assert a_refs[0] not in b_email.body
    for email in (a_email, b_email):
        assert f"Barrier: {barrier.reference}" in email.body
        assert status in email.body
        assert "2026-Q3: the FSVPS will list." in email.body
        assert next_step in email.body
        assert case["c"] not in email.to


def test_internal_notes_never_reach_exporters_by_email(barrier_with_two_companies, official):
    barrier = barrier_with_two_companies["barrier"]
    report = barrier.reports.first()
    services.message_post(actor=official, report=report, body=SECRET, internal=True)
    services.message_post(actor=official, barrier=barrier, body=SECRET)
    services.barrier_transition(
        barrier=barrier, to=BarrierStatus.SCHEDULED, actor=official, note=SECRET, is_public=False
    )
    services.barrier_transition(barrier=barrier, to=BarrierStatus.RAISED, actor=official)
    services.barrier_resolve(barrier=barrier, actor=official, note="Plants listed.")

    emails = list(OutboundEmail.objects.all())
    assert any("Plants listed." in e.body for e in emails)
    assert not [e for e in emails if SECRET in e.body or SECRET in e.subject]


# ---------------------------------------------------------------------------------------------
# The broker is down when the transaction commits
# ---------------------------------------------------------------------------------------------


def test_a_broker_outage_leaves_the_email_pending_and_the_request_unharmed(
    monkeypatch, django_capture_on_commit_callbacks
) -> None:
    calls = []

    def unreachable(email_id: int) -> None:
        calls.append(email_id)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.outbox_deliver, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        factories.report_file()
    # Further e-mails skip the broker for a while instead of paying its timeout each time.
    with django_capture_on_commit_callbacks(execute=True):
        factories.report_file()

    assert len(calls) == 1
    assert list(OutboundEmail.objects.values_list("status", "attempts")) == [("pending", 0)] * 2

    notifications.publish_pause.reset()
    with django_capture_on_commit_callbacks(execute=True):
        factories.report_file()
    assert len(calls) == 2


# ---------------------------------------------------------------------------------------------
# A mail server outage: the sweep backs off over a day before giving an e-mail up
# ---------------------------------------------------------------------------------------------


def _pending_email(*, attempts: int, age: dt.timedelta) -> OutboundEmail:
    return OutboundEmail.objects.create(
        dedupe_key=f"test:{attempts}:{age}",
        to=["exporter@example.org"],
        subject="Subject",
        body="Body",
        attempts=attempts,
        created_at=timezone.now() - age,
    )


def _refuse(*args: object, **kwargs: object) -> int:
    raise ConnectionRefusedError("mail server down")


def test_the_sweep_retries_a_failing_email_on_a_thinning_schedule(monkeypatch) -> None:
    never_tried = _pending_email(attempts=0, age=dt.timedelta(0))
    tried_once = _pending_email(attempts=1, age=dt.timedelta(0))
    tried_twice_recently = _pending_email(attempts=2, age=dt.timedelta(minutes=4))
    tried_twice_earlier = _pending_email(attempts=2, age=dt.timedelta(minutes=6))
    tried_often_today = _pending_email(attempts=9, age=dt.timedelta(hours=20))
    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", _refuse)

    assert outbox.outbox_deliver_pending() == 0

    attempts = dict(OutboundEmail.objects.values_list("pk", "attempts"))
    assert attempts == {
        never_tried.pk: 1,
        tried_once.pk: 2,
        tried_twice_recently.pk: 2,  # not due for 5 minutes
        tried_twice_earlier.pk: 3,
        tried_often_today.pk: 9,  # not due before it is a day old
    }
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"pending"}


def test_an_email_is_given_up_only_after_every_attempt_and_a_day(monkeypatch) -> None:
    young = _pending_email(attempts=outbox.MAX_ATTEMPTS, age=dt.timedelta(hours=2))
    old = _pending_email(attempts=outbox.MAX_ATTEMPTS - 1, age=dt.timedelta(hours=25))
    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", _refuse)

    with pytest.raises(outbox.TransientEmailError):
        outbox.outbox_deliver(email_id=young.pk)
    assert outbox.outbox_deliver(email_id=old.pk) == "failed"

    young.refresh_from_db()
    old.refresh_from_db()
    assert (young.status, young.attempts) == ("pending", outbox.MAX_ATTEMPTS + 1)
    assert (old.status, old.attempts) == ("failed", outbox.MAX_ATTEMPTS)


# ---------------------------------------------------------------------------------------------
# The triage officers' daily digest
# ---------------------------------------------------------------------------------------------

NOW = dt.datetime(2026, 5, 4, 2, 30, tzinfo=dt.UTC)  # 08:00 in India


@pytest.fixture
def triage_officers():
    group, _ = Group.objects.get_or_create(name=notifications.TRIAGE_GROUP)
    active = factories.OfficialFactory()
    retired = factories.OfficialFactory(is_active=False)
    group.user_set.add(active, retired)
    factories.OfficialFactory()  # an official outside the group
    return [active.email]


def _filed_at(when: dt.datetime, **kwargs) -> Report:
    report = factories.report_file(**kwargs)
    Report.objects.filter(pk=report.pk).update(submitted_at=when, created_at=when)
    return report


def test_the_digest_lists_the_last_24_hours_of_reports_and_the_queue(
    triage_officers, official, django_capture_on_commit_callbacks
) -> None:
    recent = _filed_at(NOW - dt.timedelta(hours=3), trade_value_usd=Decimal("1250000.50"))
    unverified = factories.CompanyFactory(name="Nashik Grapes LLP", verified=False)
    from_unverified = _filed_at(NOW - dt.timedelta(hours=20), company=unverified)
    yesterday = _filed_at(NOW - dt.timedelta(hours=30))
    reviewed = _filed_at(NOW - dt.timedelta(hours=40))
    services.report_start_review(report=reviewed, actor=official)
    decided = _filed_at(NOW - dt.timedelta(hours=50))
    services.report_start_review(report=decided, actor=official)
    services.report_request_info(report=decided, actor=official, question="Plant number?")
    OutboundEmail.objects.all().delete()

    with django_capture_on_commit_callbacks() as callbacks:
        email = notifications.triage_digest_queue(now=NOW)

    assert email is not None
    assert email.to == triage_officers
    assert email.dedupe_key == "triage-digest:2026-05-04"
    assert email.subject == "Triage digest 2026-05-04: 2 new, 4 waiting for triage"
    body = email.body
    assert recent.reference in body and from_unverified.reference in body
    assert yesterday.reference not in body and reviewed.reference not in body
    assert body.index(from_unverified.reference) < body.index(recent.reference)  # oldest first
    assert recent.company.name in body
    assert "Nashik Grapes LLP (company not yet verified)" in body
    assert recent.barrier_kind.name in body
    assert recent.destination_country.name in body
    assert "USD 1,250,000.50" in body
    assert "Waiting for triage (submitted or under review): 4." in body
    assert len(callbacks) == 1


def test_the_digest_is_written_once_a_day_however_often_the_task_runs(triage_officers) -> None:
    _filed_at(NOW - dt.timedelta(hours=1))
    OutboundEmail.objects.all().delete()

    first = notifications.triage_digest_queue(now=NOW)
    again = notifications.triage_digest_queue(now=NOW + dt.timedelta(hours=5))
    assert first == again
    assert OutboundEmail.objects.filter(dedupe_key__startswith="triage-digest:").count() == 1

    next_day = notifications.triage_digest_queue(now=NOW + dt.timedelta(days=1))
    assert next_day is not None and next_day.dedupe_key == "triage-digest:2026-05-05"

    # The Celery task is the same call with the current time.
    pk = tasks.triage_digest_send()
    assert tasks.triage_digest_send() == pk
    assert OutboundEmail.objects.get(pk=pk).dedupe_key.startswith("triage-digest:")


def test_no_digest_without_a_triage_group_or_without_anything_to_say(triage_officers) -> None:
    assert notifications.triage_digest_queue(now=NOW) is None  # no reports, empty queue

    _filed_at(NOW - dt.timedelta(hours=1))
    Group.objects.filter(name=notifications.TRIAGE_GROUP).delete()
    OutboundEmail.objects.all().delete()
    assert notifications.triage_digest_queue(now=NOW) is None
    assert not OutboundEmail.objects.exists()


# ---------------------------------------------------------------------------------------------
# The schedule (tracker/celery.py) and the housekeeping task it runs
# ---------------------------------------------------------------------------------------------


def test_every_beat_entry_names_a_registered_task_and_the_digest_runs_at_8_in_india() -> None:
    from tracker.celery import app

    schedule = app.conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)
    digest = schedule["triage-digest"]["schedule"]
    assert digest == crontab(hour=2, minute=30)
    assert app.conf.timezone == "UTC"
    ist = dt.datetime(2026, 5, 4, 2, 30, tzinfo=dt.UTC).astimezone(timezone.get_default_timezone())
    assert (ist.hour, ist.minute) == (8, 0)


def test_the_purge_task_keeps_idempotency_keys_for_48_hours() -> None:
    user = factories.ExporterFactory()
    now = timezone.now()
    for key, age in (("old", 49), ("recent", 47)):
        IdempotencyKey.objects.create(
            user=user,
            key=key,
            method="POST",
            path="/api/v1/reports/",
            request_hash="0" * 64,
            created_at=now - dt.timedelta(hours=age),
        )

    assert tasks.idempotency_keys_purge() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["recent"]
