"""Officials move a barrier by hand: resolve, partially resolve, close unresolved, reopen; the
companies' answers to "is it fixed?" are tallied and one "not fixed" flags the barrier."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from barriers import selectors, services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST
from barriers.domain.errors import DomainError, StateConflict, TransitionNotAllowed
from barriers.models import (
    Barrier,
    BarrierStatus,
    ClosureReason,
    FixConfirmation,
    Message,
    MessageVisibility,
    OutboundEmail,
    Report,
    StatusChange,
    User,
)
from tests import factories
from tests.counterparts.helpers import focal_point, regulator_a, share

pytestmark = pytest.mark.django_db


def role_user(group: str) -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


def barrier_of(companies: int = 2, *, shared: bool = False) -> Barrier:
    """A barrier routed to a regulator, with one accepted report per company; shared with the
    regulator (which has a focal point) if asked."""
    officer = factories.triage_officer()
    regulator = regulator_a()
    barrier: Barrier | None = None
    for number in range(companies):
        company = factories.CompanyFactory(name=f"Company {number + 1}")
        factories.ExporterFactory(company=company)
        report = factories.report_file(company=company, regulator=regulator)
        services.report_start_review(report=report, actor=officer)
        services.report_accept(report=report, actor=officer, barrier=barrier)
        report.refresh_from_db()
        barrier = report.barrier
    assert barrier is not None
    barrier.refresh_from_db()
    if shared:
        services.barrier_update(barrier=barrier, actor=officer, regulator=regulator)
        focal_point(regulator, email="focal@fsvps.example")
        share(barrier, officer)
    return Barrier.objects.get(pk=barrier.pk)


def raised(barrier: Barrier) -> Barrier:
    official = factories.OfficialFactory()
    services.barrier_transition(barrier=barrier, to=BarrierStatus.SCHEDULED, actor=official)
    return services.barrier_transition(barrier=barrier, to=BarrierStatus.RAISED, actor=official)


def last_change(barrier: Barrier) -> StatusChange:
    return StatusChange.objects.filter(barrier=barrier).order_by("created_at", "pk").last()


def test_resolving_records_history_and_emails_each_company_and_the_counterpart(
    django_capture_on_commit_callbacks, celery_eager
) -> None:
    barrier = barrier_of(2, shared=True)
    officer = factories.triage_officer()
    OutboundEmail.objects.all().delete()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_mark_resolved(barrier=barrier, actor=officer, note="Plants listed.")

    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.RESOLVED and barrier.resolved_at is not None
    change = last_change(barrier)
    assert (change.from_status, change.to_status, change.actor_id, change.note) == (
        "open",
        "resolved",
        officer.pk,
        "Plants listed.",
    )
    emails = list(OutboundEmail.objects.order_by("pk"))
    company_emails = [e for e in emails if "Plants listed." in e.body]
    assert len(company_emails) == 2  # one per company
    (counterpart,) = [e for e in emails if e.to == ["focal@fsvps.example"]]
    assert "признан урегулированным" in counterpart.body and barrier.reference in counterpart.body
    assert len(mail.outbox) == 3  # delivered after commit


def test_partially_resolving_needs_a_barrier_raised_at_a_meeting() -> None:
    barrier = barrier_of(1)
    secretary = role_user(AGENDA_SECRETARY)
    with pytest.raises(TransitionNotAllowed):
        services.barrier_mark_partially_resolved(barrier=barrier, actor=secretary)
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN

    services.barrier_mark_partially_resolved(
        barrier=raised(barrier), actor=secretary, note="Two of three plants listed."
    )
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.PARTIALLY_RESOLVED
    assert last_change(barrier).to_status == "partially_resolved"
    assert OutboundEmail.objects.filter(body__contains="Two of three plants listed.").count() == 1


def test_closing_unresolved_keeps_the_reason_code_and_tells_the_companies() -> None:
    barrier = barrier_of(2)
    officer = factories.triage_officer()
    services.barrier_close_unresolved(
        barrier=barrier,
        actor=officer,
        reason=ClosureReason.REGULATOR_POSITION_FINAL,
        note="FSVPS confirmed the ban in writing.",
    )
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.CLOSED_UNRESOLVED
    assert barrier.closure_reason == ClosureReason.REGULATOR_POSITION_FINAL
    change = last_change(barrier)
    assert change.to_status == "closed_unresolved"
    assert change.note == "The regulator's position is final. FSVPS confirmed the ban in writing."
    emails = OutboundEmail.objects.filter(subject__contains="closed without a solution")
    assert emails.count() == 2


@pytest.mark.parametrize(
    ("reason", "note", "field"),
    [("", "", "reason"), ("gave_up", "", "reason"), (ClosureReason.OTHER, " ", "note")],
)
def test_closing_without_a_valid_reason_changes_nothing(reason: str, note: str, field: str) -> None:
    barrier = barrier_of(1)
    history = StatusChange.objects.count()
    emails = OutboundEmail.objects.count()
    with pytest.raises(DomainError) as error:
        services.barrier_close_unresolved(
            barrier=barrier, actor=factories.triage_officer(), reason=reason, note=note
        )
    assert error.value.field == field
    barrier.refresh_from_db()
    assert (barrier.status, barrier.closure_reason) == (BarrierStatus.OPEN, "")
    assert StatusChange.objects.count() == history and OutboundEmail.objects.count() == emails


def test_reopening_needs_a_reason_and_clears_the_closure_reason() -> None:
    barrier = barrier_of(1)
    officer = factories.triage_officer()
    services.barrier_close_unresolved(
        barrier=barrier, actor=officer, reason=ClosureReason.SUPERSEDED
    )
    with pytest.raises(DomainError) as error:
        services.barrier_reopen_by_official(barrier=barrier, actor=officer, reason="  ")
    assert error.value.field == "reason"

    services.barrier_reopen_by_official(
        barrier=barrier, actor=officer, reason="The new rule did not cover prawns."
    )
    barrier.refresh_from_db()
    assert (barrier.status, barrier.closure_reason) == (BarrierStatus.OPEN, "")
    change = last_change(barrier)
    assert (change.from_status, change.to_status) == ("closed_unresolved", "open")
    assert OutboundEmail.objects.filter(subject__contains="has been reopened").count() == 1


def test_an_active_barrier_is_not_reopened() -> None:
    barrier = raised(barrier_of(1))
    with pytest.raises(TransitionNotAllowed):
        services.barrier_reopen_by_official(
            barrier=barrier, actor=factories.triage_officer(), reason="Why not"
        )
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.RAISED


def test_a_resolved_barrier_is_not_resolved_again() -> None:
    barrier = barrier_of(1)
    officer = factories.triage_officer()
    services.barrier_mark_resolved(barrier=barrier, actor=officer)
    history = StatusChange.objects.count()
    with pytest.raises(TransitionNotAllowed):
        services.barrier_mark_resolved(barrier=barrier, actor=officer)
    assert StatusChange.objects.count() == history


@pytest.mark.parametrize("who", ["analyst", "exporter", "plain_staff", "nobody"])
def test_only_officials_who_may_change_barriers_move_them(who: str) -> None:
    barrier = barrier_of(1)
    actor = {
        "analyst": lambda: role_user(ANALYST),
        "exporter": lambda: Report.objects.get(barrier=barrier).filed_by,
        "plain_staff": factories.OfficialFactory,
        "nobody": lambda: None,
    }[who]()
    with pytest.raises(DomainError):
        services.barrier_mark_resolved(barrier=barrier, actor=actor)
    with pytest.raises(DomainError):
        services.barrier_close_unresolved(
            barrier=barrier, actor=actor, reason=ClosureReason.NO_LONGER_TRADED
        )
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN
    assert last_change(barrier).to_status == "open"


# --- The companies' answers -----------------------------------------------------------------


def exporters_of(barrier: Barrier) -> list[User]:
    return [
        report.filed_by
        for report in Report.objects.filter(barrier=barrier).order_by("company__name")
    ]


def test_three_fixed_and_one_not_fixed_flags_the_barrier_and_keeps_it_resolved() -> None:
    barrier = barrier_of(4)
    services.barrier_mark_resolved(barrier=barrier, actor=factories.triage_officer())
    first, second, third, fourth = exporters_of(barrier)
    for exporter in (first, second, third):
        services.barrier_confirm_fix(barrier=barrier, actor=exporter, cleared=True)
    history = StatusChange.objects.filter(barrier=barrier).count()

    services.barrier_confirm_fix(
        barrier=barrier, actor=fourth, cleared=False, reason="Still held at the border."
    )

    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.RESOLVED
    assert barrier.review_flagged_at is not None and barrier.review_flagged_by == fourth
    assert StatusChange.objects.filter(barrier=barrier).count() == history
    tally = selectors.barrier_fix_tally(barrier=barrier)
    assert tally is not None
    assert tally.summary == "3 companies confirmed fixed, 1 says not fixed"
    assert [a.company for a in tally.not_fixed] == [fourth.company]
    # The barrier's owner (or the triage officers) hears of it.
    assert OutboundEmail.objects.filter(subject__contains="fix does not hold").count() == 1


def test_a_companys_latest_answer_replaces_its_earlier_one() -> None:
    barrier = barrier_of(1)
    services.barrier_mark_resolved(barrier=barrier, actor=factories.triage_officer())
    (exporter,) = exporters_of(barrier)
    colleague = factories.ExporterFactory(company=exporter.company)
    services.barrier_confirm_fix(barrier=barrier, actor=exporter, cleared=True)
    services.barrier_confirm_fix(barrier=barrier, actor=colleague, cleared=False, reason="Held")

    answer = FixConfirmation.objects.get()
    assert (answer.fixed, answer.answered_by, answer.note) == (False, colleague, "Held")
    barrier.refresh_from_db()
    assert selectors.barrier_fix_tally(barrier=barrier).summary == (
        "0 companies confirmed fixed, 1 says not fixed"
    )


def test_reopening_a_flagged_barrier_clears_the_flag_and_answers_start_again() -> None:
    barrier = barrier_of(2)
    officer = factories.triage_officer()
    services.barrier_mark_resolved(barrier=barrier, actor=officer)
    first, _second = exporters_of(barrier)
    services.barrier_confirm_fix(barrier=barrier, actor=first, cleared=False, reason="Held")

    services.barrier_reopen_by_official(barrier=barrier, actor=officer, reason="Fix did not hold")

    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN
    assert barrier.review_flagged_at is None and barrier.review_flagged_by is None
    services.barrier_mark_resolved(barrier=barrier, actor=officer)
    barrier.refresh_from_db()
    tally = selectors.barrier_fix_tally(barrier=barrier)
    assert (len(tally.fixed), len(tally.not_fixed), tally.waiting) == (0, 0, 2)


def test_keeping_a_flagged_barrier_resolved_clears_the_flag_with_a_note() -> None:
    barrier = barrier_of(2)
    officer = factories.triage_officer()
    services.barrier_mark_resolved(barrier=barrier, actor=officer)
    with pytest.raises(StateConflict):
        services.barrier_keep_resolved(barrier=barrier, actor=officer, note="Not flagged")
    first, _second = exporters_of(barrier)
    services.barrier_confirm_fix(barrier=barrier, actor=first, cleared=False, reason="Held")
    with pytest.raises(DomainError) as error:
        services.barrier_keep_resolved(barrier=barrier, actor=officer, note=" ")
    assert error.value.field == "note"

    services.barrier_keep_resolved(
        barrier=barrier, actor=officer, note="The consignment was held for a labelling fault."
    )

    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.RESOLVED and barrier.review_flagged_at is None
    note = Message.objects.filter(barrier=barrier, author=officer).get()
    assert note.visibility == MessageVisibility.INTERNAL and "Kept resolved" in note.body


def test_the_audience_lists_the_companies_and_the_regulator_while_shared() -> None:
    barrier = barrier_of(2, shared=True)
    audience = selectors.barrier_lifecycle_audience(barrier=barrier)
    assert [c.name for c in audience.companies] == ["Company 1", "Company 2"]
    assert audience.regulator is not None and audience.focal_points == 1
    services.barrier_unshare(barrier=barrier, actor=factories.triage_officer())
    assert selectors.barrier_lifecycle_audience(barrier=barrier).regulator is None
