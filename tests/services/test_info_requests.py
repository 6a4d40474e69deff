"""Officials' questions to exporters: due in India's working days, reminded before and after,
lapsing back to the triage queue flagged; and the council that filed a report kept informed."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from barriers import services, tasks
from barriers.models import OutboundEmail, Report, ReportStatus, StatusChange, User
from tests import factories
from tests.api_factories import AssociationFactory
from tests.portal_helpers import client_for as portal_client
from tests.portal_helpers import exporter as confirmed_exporter

pytestmark = pytest.mark.django_db
INDIA = zoneinfo.ZoneInfo("Asia/Kolkata")
# A Thursday; the Friday after is Gandhi Jayanti, a public holiday in India.
ASKED_ON = dt.date(2026, 10, 1)
# Ten of India's working days later: the 2nd of October is skipped.
DUE_ON = dt.date(2026, 10, 16)


@contextmanager
def on(day: dt.date) -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(day, dt.time(10, 0), tzinfo=INDIA), tick=False):
        yield


def asked(official: User, **filing: object) -> Report:
    """A report under review on which officials asked the exporter a question on ASKED_ON."""
    with on(ASKED_ON):
        report = factories.report_file(**filing)
        services.report_start_review(report=report, actor=official)
        services.report_request_info(report=report, actor=official, question="Which plant number?")
    report.refresh_from_db()
    return report


def reminders(day: dt.date) -> int:
    with on(day):
        return services.info_request_reminders_send(today=day)


def emails_about(report: Report, words: str) -> list[OutboundEmail]:
    return list(
        OutboundEmail.objects.filter(subject__startswith=f"[{report.reference}]").filter(
            subject__contains=words
        )
    )


def test_an_information_request_is_due_in_indias_working_days(official) -> None:
    report = asked(official)
    assert report.status == ReportStatus.INFO_REQUESTED
    assert report.info_due_on == DUE_ON


def test_the_number_of_working_days_is_a_setting(official, settings) -> None:
    settings.INFO_REQUEST_WORKING_DAYS = 3
    # Friday the 2nd is a holiday, then the weekend: Monday 5th, Tuesday 6th, Wednesday 7th.
    assert asked(official).info_due_on == dt.date(2026, 10, 7)


def test_the_exporter_is_reminded_two_working_days_before_once(official) -> None:
    report = asked(official)
    assert reminders(dt.date(2026, 10, 13)) == 0  # three working days ahead: not yet
    assert reminders(dt.date(2026, 10, 14)) == 1
    assert reminders(dt.date(2026, 10, 14)) == 0  # the task run twice sends it once
    assert reminders(dt.date(2026, 10, 15)) == 0
    (email,) = emails_about(report, "Please answer")
    assert email.subject == (
        f"[{report.reference}] Please answer officials' question by 16 October 2026"
    )
    assert email.to == [report.filed_by.email]
    assert f"/reports/{report.reference}/" in email.body
    report.refresh_from_db()
    assert report.status == ReportStatus.INFO_REQUESTED


def test_an_unanswered_request_lapses_back_to_the_queue_flagged_and_reminds_once(
    official,
) -> None:
    report = asked(official)
    assert reminders(DUE_ON) == 1  # the day itself: still the reminder before
    assert reminders(dt.date(2026, 10, 19)) == 1  # the Monday after: lapsed
    assert reminders(dt.date(2026, 10, 19)) == 0
    assert reminders(dt.date(2026, 10, 21)) == 0

    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW
    assert report.info_request_lapsed_at is not None
    assert report.info_due_on is None
    change = StatusChange.objects.filter(report=report).latest("created_at", "pk")
    assert (change.from_status, change.to_status, change.actor) == (
        ReportStatus.INFO_REQUESTED,
        ReportStatus.UNDER_REVIEW,
        None,
    )
    assert change.note.startswith("Information request lapsed: no answer by 16 October 2026")
    (after,) = emails_about(report, "not answered in time")
    assert "gone back to officials" in after.body


def test_the_task_sends_the_reminders_and_is_on_the_beat_schedule(official) -> None:
    from tracker.celery import app

    report = asked(official)
    with on(dt.date(2026, 10, 14)):
        assert tasks.info_request_reminders_send() == 1
        assert tasks.info_request_reminders_send() == 0
    assert len(emails_about(report, "Please answer")) == 1
    entry = app.conf.beat_schedule["info-request-reminders"]
    assert entry["task"] == "barriers.tasks.info_request_reminders_send"


def test_an_answer_in_time_closes_the_request_and_stops_the_reminders(official) -> None:
    report = asked(official)
    with on(dt.date(2026, 10, 9)):
        services.message_post(actor=report.filed_by, report=report, body="Plant 1234.")
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW
    assert report.info_due_on is None
    assert reminders(dt.date(2026, 10, 14)) == 0
    assert reminders(dt.date(2026, 10, 19)) == 0
    report.refresh_from_db()
    assert report.info_request_lapsed_at is None


def test_the_lapsed_flag_lasts_until_an_official_moves_the_report(official) -> None:
    report = asked(official)
    reminders(dt.date(2026, 10, 19))
    with on(dt.date(2026, 10, 20)):
        services.report_request_info(report=report, actor=official, question="Still there?")
    report.refresh_from_db()
    assert report.info_request_lapsed_at is None
    # Asked again on the 20th (Dussehra, a holiday): ten working days from the 21st.
    assert report.info_due_on == dt.date(2026, 11, 3)


def triage_officer_client() -> Client:
    client = Client()
    client.force_login(factories.triage_officer())
    return client


def test_the_triage_queue_shows_and_filters_lapsed_requests(official) -> None:
    lapsed = asked(official, title="Lapsed listing request")
    waiting = asked(official, title="Waiting listing request")
    reminders(dt.date(2026, 10, 19))
    with on(dt.date(2026, 10, 19)):
        services.report_request_info(report=waiting, actor=official, question="Plant number?")
    client = triage_officer_client()
    queue = reverse("admin:barriers_triagequeueentry_changelist")

    page = client.get(queue).content.decode()
    assert "information request lapsed" in page

    flagged = client.get(queue, {"info_request": "lapsed"}).content.decode()
    assert lapsed.reference in flagged
    assert waiting.reference not in flagged
    own_page = client.get(
        reverse("admin:barriers_triagequeueentry_change", args=[lapsed.pk])
    ).content.decode()
    assert "information request lapsed" in own_page

    reports = reverse("admin:barriers_report_changelist")
    awaiting = client.get(reports, {"info_request": "waiting"}).content.decode()
    assert waiting.reference in awaiting
    assert lapsed.reference not in awaiting


def test_the_portal_shows_the_exporter_the_due_date(official) -> None:
    person = confirmed_exporter()
    report = asked(official, actor=person)
    page = portal_client(person).get(f"/reports/{report.reference}/").content.decode()
    assert "Please answer by <strong>16 October 2026</strong>" in page


# ---------------------------------------------------------------------------------------------
# The council that filed a report for its member
# ---------------------------------------------------------------------------------------------


def council_filing() -> tuple[Report, User]:
    member = factories.CompanyFactory(name="Konkan Shrimp Pvt Ltd")
    council = AssociationFactory(name="Seafood Export Council")
    council.members.add(member)
    clerk = factories.UserFactory(company=council, email="clerk@council.example")
    factories.ExporterFactory(company=member, email="owner@konkan.example")
    report = factories.report_file(company=member, actor=clerk, filing_association=council)
    return report, clerk


def council_emails(clerk: User) -> list[OutboundEmail]:
    return [e for e in OutboundEmail.objects.order_by("pk") if clerk.email in e.to]


def test_the_filing_council_is_told_of_each_status_change_of_its_report(official) -> None:
    report, clerk = council_filing()
    other = factories.report_file()
    services.report_start_review(report=other, actor=official)
    services.report_accept(report=other, actor=official)
    other.refresh_from_db()
    barrier = other.barrier
    assert barrier is not None

    received = len(council_emails(clerk))
    services.report_start_review(report=report, actor=official)
    services.report_request_info(report=report, actor=official, question="Which plant number?")
    services.message_post(actor=clerk, report=report, body="Plant 77.")
    services.report_accept(report=report, actor=official, barrier=barrier)

    mails = council_emails(clerk)[received:]
    subjects = [mail.subject for mail in mails]
    assert subjects == [
        f"[{report.reference}] Information requested: report filed for Konkan Shrimp Pvt Ltd",
        f"[{report.reference}] Accepted: report filed for Konkan Shrimp Pvt Ltd",
    ]
    assert "Which plant number?" in mails[0].body
    assert f"Accepted as part of barrier {barrier.reference}." in mails[1].body
    # The council's mail is its own; the member is told as before.
    member_mails = [m for m in OutboundEmail.objects.all() if "owner@konkan.example" in m.to]
    assert any("has been accepted" in m.subject for m in member_mails)
    assert not any(clerk.email in m.to for m in member_mails)


def test_the_council_hears_of_a_rejection_with_its_reason(official) -> None:
    report, clerk = council_filing()
    services.report_start_review(report=report, actor=official)
    services.report_reject(
        report=report, actor=official, reason="duplicate", note="Filed twice by mistake."
    )
    (mail,) = [m for m in council_emails(clerk) if "Rejected" in m.subject]
    assert "Filed twice by mistake." in mail.body


def test_a_report_filed_by_the_company_itself_mails_no_council(official) -> None:
    report = factories.report_file()
    services.report_start_review(report=report, actor=official)
    services.report_accept(report=report, actor=official)
    assert not OutboundEmail.objects.filter(dedupe_key__endswith=":council").exists()
