"""Services: every legal move writes one history row, every illegal one changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from barriers import services
from barriers.domain.errors import DomainError, TransitionNotAllowed
from barriers.domain.transitions import TABLES
from barriers.models import (
    Barrier,
    BarrierStatus,
    Meeting,
    MeetingStatus,
    Message,
    MessageVisibility,
    OutboundEmail,
    Report,
    ReportStatus,
    StatusChange,
)
from tests import factories

pytestmark = pytest.mark.django_db


def _pairs(entity: str, legal: bool) -> list[tuple[str, str]]:
    table = TABLES[entity]
    return [
        (current, target)
        for current in table
        for target in table
        if (target in table[current]) == legal
    ]


def _put_report_in(report: Report, status: str, actor) -> None:
    """Set up a report in `status` (an accepted report always belongs to a barrier)."""
    barrier = None
    if status == ReportStatus.ACCEPTED:
        barrier = services.barrier_create(
            actor=actor, title="b", barrier_kind=report.barrier_kind, sector="marine"
        )
    Report.objects.filter(pk=report.pk).update(status=status, barrier=barrier)


def _move_report(report: Report, to: str, actor) -> Report:
    if to == ReportStatus.ACCEPTED:
        return services.report_accept(report=report, actor=actor)
    return services.report_transition(report=report, to=to, actor=actor)


def _meeting() -> Meeting:
    day = timezone.localdate() + dt.timedelta(days=40)
    return Meeting.objects.create(
        code="2026-Q4",
        date=day,
        cutoff_on=day - dt.timedelta(days=20),
        circulate_on=day - dt.timedelta(days=15),
    )


@pytest.mark.parametrize(("current", "target"), _pairs("report", legal=True))
def test_legal_report_transition_writes_one_history_row(
    current: str, target: str, official
) -> None:
    report = factories.report_file()
    _put_report_in(report, current, official)
    before = StatusChange.objects.filter(report=report).count()

    moved = _move_report(report, target, official)

    assert moved.status == target
    assert Report.objects.get(pk=report.pk).status == target
    changes = StatusChange.objects.filter(report=report).order_by("pk")
    assert changes.count() == before + 1
    last = changes.last()
    assert (last.from_status, last.to_status, last.actor) == (current, target, official)


@pytest.mark.parametrize(("current", "target"), _pairs("report", legal=False))
def test_illegal_report_transition_changes_nothing(current: str, target: str, official) -> None:
    report = factories.report_file()
    _put_report_in(report, current, official)
    barriers_before = Barrier.objects.count()
    before = StatusChange.objects.count()

    with pytest.raises(TransitionNotAllowed):
        _move_report(report, target, official)

    assert Report.objects.get(pk=report.pk).status == current
    assert StatusChange.objects.count() == before
    assert Barrier.objects.count() == barriers_before


@pytest.mark.parametrize(("current", "target"), _pairs("barrier", legal=True))
def test_legal_barrier_transition_writes_one_history_row(
    current: str, target: str, official
) -> None:
    barrier = services.barrier_create(
        actor=official,
        title="Listing backlog",
        barrier_kind=factories.BarrierKindFactory(),
        sector="marine",
    )
    Barrier.objects.filter(pk=barrier.pk).update(status=current)

    moved = services.barrier_transition(barrier=barrier, to=target, actor=official, note="why")

    assert Barrier.objects.get(pk=barrier.pk).status == target == moved.status
    changes = list(StatusChange.objects.filter(barrier=barrier).order_by("pk"))
    assert len(changes) == 2  # creation, then this move
    assert (changes[-1].from_status, changes[-1].to_status, changes[-1].note) == (
        current,
        target,
        "why",
    )


@pytest.mark.parametrize(("current", "target"), _pairs("barrier", legal=False))
def test_illegal_barrier_transition_changes_nothing(current: str, target: str, official) -> None:
    barrier = services.barrier_create(
        actor=official,
        title="Listing backlog",
        barrier_kind=factories.BarrierKindFactory(),
        sector="marine",
    )
    Barrier.objects.filter(pk=barrier.pk).update(status=current)

    with pytest.raises(TransitionNotAllowed):
        services.barrier_transition(barrier=barrier, to=target, actor=official)

    assert Barrier.objects.get(pk=barrier.pk).status == current
    assert StatusChange.objects.filter(barrier=barrier).count() == 1


@pytest.mark.parametrize(("current", "target"), _pairs("meeting", legal=True))
def test_legal_meeting_transition_writes_one_history_row(
    current: str, target: str, official
) -> None:
    meeting = _meeting()
    Meeting.objects.filter(pk=meeting.pk).update(status=current)
    if target == MeetingStatus.HELD:  # held on or after its date only
        Meeting.objects.filter(pk=meeting.pk).update(
            date=timezone.localdate(),
            cutoff_on=timezone.localdate(),
            circulate_on=timezone.localdate(),
        )

    services.meeting_transition(meeting=meeting, to=target, actor=official)

    assert Meeting.objects.get(pk=meeting.pk).status == target
    change = StatusChange.objects.get(meeting=meeting)
    assert (change.from_status, change.to_status) == (current, target)


@pytest.mark.parametrize(("current", "target"), _pairs("meeting", legal=False))
def test_illegal_meeting_transition_changes_nothing(current: str, target: str, official) -> None:
    meeting = _meeting()
    Meeting.objects.filter(pk=meeting.pk).update(status=current)

    with pytest.raises(TransitionNotAllowed):
        services.meeting_transition(meeting=meeting, to=target, actor=official)

    assert Meeting.objects.get(pk=meeting.pk).status == current
    assert not StatusChange.objects.filter(meeting=meeting).exists()


def test_filing_a_report_records_it_and_emails_the_company_after_commit(
    exporter, django_capture_on_commit_callbacks
) -> None:
    colleague = factories.ExporterFactory(company=exporter.company)
    with django_capture_on_commit_callbacks() as callbacks:
        report = factories.report_file(actor=exporter)

    assert report.reference.startswith(f"REP-{timezone.localdate().year}-")
    assert report.status == ReportStatus.SUBMITTED
    change = StatusChange.objects.get(report=report)
    assert (change.from_status, change.to_status, change.actor) == ("", "submitted", exporter)
    email = OutboundEmail.objects.get()
    assert sorted(email.to) == sorted([exporter.email, colleague.email])
    assert report.reference in email.subject
    assert len(callbacks) == 1  # the delivery is handed to Celery only after commit


def test_nothing_is_queued_when_the_filing_transaction_rolls_back(exporter) -> None:
    from django.db import transaction

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        factories.report_file(actor=exporter)
        raise Boom

    assert not Report.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_references_are_sequential_and_never_reused(exporter) -> None:
    first = factories.report_file(actor=exporter)
    second = factories.report_file(actor=exporter)
    assert int(second.reference.rsplit("-", 1)[1]) == int(first.reference.rsplit("-", 1)[1]) + 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"applied_on": timezone.localdate() + dt.timedelta(days=1)}, "applied_on"),
        (
            {
                "applied_on": timezone.localdate() - dt.timedelta(days=10),
                "decision_received_on": timezone.localdate() - dt.timedelta(days=20),
            },
            "decision_received_on",
        ),
        ({"trade_value_usd": Decimal("-1")}, "trade_value_usd"),
        ({"hs_codes": []}, "hs_codes"),
    ],
)
def test_bad_report_facts_are_refused_and_nothing_is_saved(exporter, overrides, field) -> None:
    with pytest.raises(DomainError) as excinfo:
        factories.report_file(actor=exporter, **overrides)
    assert excinfo.value.field == field
    assert not Report.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_request_info_posts_the_question_and_the_exporters_answer_resumes_review(
    exporter, official
) -> None:
    report = factories.report_file(actor=exporter)
    services.report_start_review(report=report, actor=official)
    services.report_request_info(report=report, actor=official, question="Send the Argus receipt.")

    question = Message.objects.get(report=report)
    assert question.visibility == MessageVisibility.PUBLIC
    report.refresh_from_db()
    assert report.status == ReportStatus.INFO_REQUESTED
    assert report.first_decision_at is not None

    services.message_post(actor=exporter, report=report, body="Attached the Argus receipt.")
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW
    assert list(report.status_changes.values_list("to_status", flat=True)) == [
        "submitted",
        "under_review",
        "info_requested",
        "under_review",
    ]


def test_exporter_cannot_write_internal_notes(exporter) -> None:
    report = factories.report_file(actor=exporter)
    with pytest.raises(DomainError):
        services.message_post(actor=exporter, report=report, body="x", internal=True)


def test_accepting_two_companies_reports_gathers_them_in_one_barrier(official) -> None:
    first = factories.report_file()
    second = factories.report_file()
    for report in (first, second):
        services.report_start_review(report=report, actor=official)

    services.report_accept(report=first, actor=official)
    barrier = Barrier.objects.get()
    services.report_accept(report=second, actor=official, barrier=barrier)

    assert set(barrier.reports.values_list("company", flat=True)) == {
        first.company_id,
        second.company_id,
    }
    assert barrier.reference.startswith("BAR-")
    assert barrier.status == BarrierStatus.OPEN


def test_report_cannot_join_a_resolved_barrier(official) -> None:
    report = factories.report_file()
    services.report_start_review(report=report, actor=official)
    barrier = services.barrier_create(
        actor=official, title="t", barrier_kind=factories.BarrierKindFactory(), sector="marine"
    )
    services.barrier_resolve(barrier=barrier, actor=official)

    with pytest.raises(DomainError, match="reopen"):
        services.report_accept(report=report, actor=official, barrier=barrier)
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW and report.barrier is None


def test_reject_requires_a_listed_reason_and_text_for_other(official) -> None:
    report = factories.report_file()
    services.report_start_review(report=report, actor=official)
    with pytest.raises(DomainError):
        services.report_reject(report=report, actor=official, reason="bored")
    with pytest.raises(DomainError):
        services.report_reject(report=report, actor=official, reason="other")
    services.report_reject(report=report, actor=official, reason="outside_eaeu")
    report.refresh_from_db()
    assert (report.status, report.rejection_reason) == ("rejected", "outside_eaeu")


def test_report_cannot_be_edited_once_under_review(exporter, official) -> None:
    report = factories.report_file(actor=exporter)
    services.report_update(report=report, actor=exporter, title="Updated title")
    services.report_start_review(report=report, actor=official)
    with pytest.raises(DomainError, match="can no longer be edited"):
        services.report_update(report=report, actor=exporter, title="Too late")
    report.refresh_from_db()
    assert report.title == "Updated title"


def test_resolving_a_barrier_tells_each_affected_company_once(official) -> None:
    reports = [factories.report_file() for _ in range(2)]
    for report in reports:
        services.report_start_review(report=report, actor=official)
    services.report_accept(report=reports[0], actor=official)
    barrier = Barrier.objects.get()
    services.report_accept(report=reports[1], actor=official, barrier=barrier)
    OutboundEmail.objects.all().delete()

    services.barrier_resolve(barrier=barrier, actor=official, note="Plants listed on 2026-11-20.")

    emails = OutboundEmail.objects.all()
    assert emails.count() == 2
    assert all("shipments clearing" in e.subject for e in emails)


def test_reopening_needs_a_reason(official) -> None:
    barrier = services.barrier_create(
        actor=official, title="t", barrier_kind=factories.BarrierKindFactory(), sector="marine"
    )
    services.barrier_resolve(barrier=barrier, actor=official)
    with pytest.raises(DomainError):
        services.barrier_reopen(barrier=barrier, actor=official, reason=" ")
    services.barrier_reopen(barrier=barrier, actor=official, reason="Consignment held again")
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN and barrier.resolved_at is None


def test_company_verification_is_recorded(official) -> None:
    company = factories.CompanyFactory(verified=False)
    services.company_verify(company=company, actor=official)
    company.refresh_from_db()
    assert company.verified and company.verified_by == official
    assert company.history.first().history_change_reason == "IEC verified"
