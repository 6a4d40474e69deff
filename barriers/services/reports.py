"""Reports: filing and editing, the status moves of review, messages, evidence files, drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from barriers import notifications
from barriers.domain import report_rules, search_text, workdays
from barriers.domain.errors import DomainError, StateConflict
from barriers.domain.transitions import (
    BARRIER_CLOSED,
    REPORT_CLOSED,
    REPORT_EDITABLE,
    check_transition,
)
from barriers.evidence.files import check_evidence, stored_file_save
from barriers.models import (
    Barrier,
    BarrierKind,
    Company,
    Country,
    Document,
    HSCode,
    Message,
    MessageVisibility,
    Regulator,
    RejectionReason,
    Report,
    ReportDraft,
    ReportStatus,
    User,
)
from barriers.services.barriers import barrier_create_from_report
from barriers.services.base import (
    barrier_decision_due_refresh,
    barrier_figures_refresh,
    barrier_search_text_refresh,
    history_append,
    history_stamp,
    reference_next,
    report_search_text_refresh,
    row_lock,
)
from barriers.services.documents import barrier_documents_changed
from barriers.services.publishing import public_register_touch

REPORT_FIELDS = (
    "title",
    "description",
    "barrier_kind",
    "destination_country",
    "regulator",
    "application_number",
    "applied_on",
    "decision_received_on",
    "consignments_affected",
    "trade_value_usd",
    "consent_to_share",
    "consent_to_publish",
)


def _report_validate(
    values: dict[str, Any], hs_codes: Sequence[HSCode] | None, stored: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Every field through its rule (barriers/domain/report_rules.py), whichever door it came by.

    Returns the clean values (titles stripped, repeated HS codes dropped); raises ReportInvalid
    naming every refused field.
    """
    given = dict(values)
    if hs_codes is not None:
        given["hs_codes"] = list(hs_codes)
    return report_rules.clean_report(given, stored=stored)


# The report's fields its barrier's decision due day is worked out from (with the barrier).
DECISION_DUE_FIELDS = frozenset({"barrier_kind", "applied_on", "decision_received_on"})
# The report fields its barrier's stored figures count (barrier_figures_refresh).
BARRIER_FIGURE_FIELDS = frozenset({"trade_value_usd"})


def report_create(
    *,
    actor: User,
    company: Company,
    title: str,
    description: str,
    barrier_kind: BarrierKind,
    destination_country: Country,
    hs_codes: Sequence[HSCode],
    applied_on: dt.date,
    regulator: Regulator | None = None,
    application_number: str = "",
    decision_received_on: dt.date | None = None,
    consignments_affected: int = 0,
    trade_value_usd: Decimal = Decimal("0"),
    consent_to_share: bool = False,
    consent_to_publish: bool = False,
    filing_association: Company | None = None,
    draft: ReportDraft | None = None,
) -> Report:
    """File a report for `company`; tell the company's users it was received.

    An export promotion council files for a member as `filing_association`; a portal draft the
    report was written from is removed in the same transaction.
    """
    if (
        filing_association is not None
        and not filing_association.members.filter(pk=company.pk).exists()
    ):
        raise DomainError(
            f"{company.name} is not a member of {filing_association.name}.", field="company"
        )
    values: dict[str, Any] = {
        "title": title,
        "description": description,
        "barrier_kind": barrier_kind,
        "destination_country": destination_country,
        "regulator": regulator,
        "application_number": application_number,
        "applied_on": applied_on,
        "decision_received_on": decision_received_on,
        "consignments_affected": consignments_affected,
        "trade_value_usd": trade_value_usd,
        "consent_to_share": consent_to_share,
        "consent_to_publish": consent_to_publish,
    }
    values = _report_validate(values, hs_codes)
    hs_codes = values.pop("hs_codes")
    with transaction.atomic():
        now = timezone.now()
        status = ReportStatus.SUBMITTED
        report = Report(
            reference=reference_next(prefix="REP", width=6),
            company=company,
            filed_by=actor,
            filing_association=filing_association,
            status=status,
            created_at=now,
            updated_at=now,
            submitted_at=now,
            **values,
        )
        # Everything the search text is made of is known here: written with the row, rather
        # than read back and updated (report_search_text_refresh) as later changes are.
        report.search_text = search_text.report_search_text(report, hs_codes)
        report.save(force_insert=True)
        # A new report: add without reading its (empty) codes first, which set() would do
        # once per report in a bulk import.
        report.hs_codes.add(*hs_codes)
        _hs_codes_remember(report, hs_codes)
        if draft is not None:
            ReportDraft.objects.filter(pk=draft.pk, company=company).delete()
        event = history_append(subject=report, from_status="", to_status=status, actor=actor)
        notifications.notify_report_status(
            report=report,
            event_id=event.pk,
            headline=gettext_noop("We have received your report"),
            detail=gettext_noop("Officials will review it; you will hear from us by e-mail."),
        )
    return report


def _hs_codes_remember(report: Report, hs_codes: Sequence[HSCode]) -> None:
    """Keep the codes just written as the report's prefetched ones, in their model order, as
    prefetch_related would: what renders the new report does not read them back."""
    codes = report.hs_codes.all()
    codes._result_cache = sorted(hs_codes, key=lambda code: code.code)
    # What prefetch_related sets (django.db.models.query.prefetch_one_level); not in the stubs.
    codes._prefetch_done = True  # type: ignore[attr-defined]
    report._prefetched_objects_cache = {"hs_codes": codes}  # type: ignore[attr-defined]


def report_update(
    *, report: Report, actor: User, hs_codes: Sequence[HSCode] | None = None, **changes: Any
) -> Report:
    """Change the facts of a report while the exporter may still edit it."""
    unknown = set(changes) - set(REPORT_FIELDS)
    if unknown:
        raise DomainError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        report = row_lock(Report, report.pk)
        if report.status not in REPORT_EDITABLE:
            raise StateConflict(
                f"A report that is {report.get_status_display().lower()} can no longer be edited.",
                code="report_not_editable",
            )
        stored = {name: getattr(report, name) for name in REPORT_FIELDS}
        changes = _report_validate(changes, hs_codes, stored=stored)
        hs_codes = changes.pop("hs_codes", None)
        consent_changed = (
            "consent_to_publish" in changes
            and changes["consent_to_publish"] != report.consent_to_publish
        )
        for name, value in changes.items():
            setattr(report, name, value)
        report.updated_at = timezone.now()
        if consent_changed:
            _publication_consent_record(report=report, actor=actor)
        report.save(update_fields=[*changes, "updated_at"])
        if hs_codes is not None:
            report.hs_codes.set(hs_codes)
        report_search_text_refresh(report=report)
        if report.barrier_id is not None and DECISION_DUE_FIELDS & set(changes):
            barrier_decision_due_refresh(barrier_ids=[report.barrier_id])
        if report.barrier_id is not None and BARRIER_FIGURE_FIELDS & set(changes):
            barrier_figures_refresh(barrier_ids=[report.barrier_id])
    return report


def _publication_consent_record(*, report: Report, actor: User) -> None:
    """Say in the report's history who gave or withdrew the consent (before the row is saved),
    and refresh the public register when the report's barrier is on it."""
    given = "given" if report.consent_to_publish else "withdrawn"
    history_stamp(
        report, actor=actor, reason=f"Consent to be named on the public register {given} by {actor}"
    )
    if (
        report.barrier_id is not None
        and Barrier.objects.filter(pk=report.barrier_id, published_at__isnull=False).exists()
    ):
        # The company's name appears or disappears on the barrier's public pages: the cached
        # pages go at once (and again after commit). The barrier's public change date is not
        # moved, so that feed readers are not told of a change to texts they were shown.
        public_register_touch()


def report_publication_consent_set(*, report: Report, actor: User, consent: bool) -> Report:
    """The company gives or withdraws its consent to be named on the public register.

    Allowed in any status of the report (an accepted report is what the register counts), to
    the users of the report's company and of the council that filed it. On a published barrier
    the name appears or disappears at once.
    """
    consent = report_rules.clean_consent_to_publish(consent)
    if actor.company_id is None or actor.company_id not in {
        report.company_id,
        report.filing_association_id,
    }:
        raise DomainError(
            "Only the company's users, or the council that filed the report, can give or "
            "withdraw its consent to be named.",
            field="consent_to_publish",
        )
    with transaction.atomic():
        report = row_lock(Report, report.pk)
        if report.consent_to_publish == consent:
            return report
        report.consent_to_publish = consent
        report.updated_at = timezone.now()
        _publication_consent_record(report=report, actor=actor)
        report.save(update_fields=["consent_to_publish", "updated_at"])
    return report


INFO_REQUEST_FIELDS = (
    "info_due_on",
    "info_reminded_before_at",
    "info_reminded_after_at",
    "info_request_lapsed_at",
)


def _info_request_fields(report: Report, to: str) -> tuple[str, ...]:
    """Open the information request's deadline on asking, close it on any other move.

    Due after INFO_REQUEST_WORKING_DAYS of India's working days from today; a "lapsed" flag
    left by info_requests_lapse lasts until the report next moves.
    """
    report.info_reminded_before_at = report.info_reminded_after_at = None
    report.info_request_lapsed_at = None
    report.info_due_on = (
        workdays.add_working_days(
            timezone.localdate(), settings.INFO_REQUEST_WORKING_DAYS, workdays.INDIA
        )
        if to == ReportStatus.INFO_REQUESTED
        else None
    )
    return INFO_REQUEST_FIELDS


# English message ids: each person's e-mail says them in their language (notifications).
REPORT_HEADLINES: dict[str, str] = {
    ReportStatus.SUBMITTED: gettext_noop("We have received your report"),
    ReportStatus.INFO_REQUESTED: gettext_noop("Officials need more information about your report"),
    ReportStatus.ACCEPTED: gettext_noop("Your report has been accepted"),
    ReportStatus.REJECTED: gettext_noop("Your report has not been accepted"),
}


def report_transition(
    *, report: Report, to: str, actor: User | None, note: str = "", is_public: bool = True
) -> Report:
    """The one path by which a report changes status: check, save, record, notify after commit."""
    with transaction.atomic():
        report = row_lock(Report, report.pk)
        check_transition("report", report.status, to)
        from_status = report.status
        report.status = to
        report.updated_at = timezone.now()
        fields = ["status", "updated_at", *_info_request_fields(report, to)]
        if (
            to in {ReportStatus.INFO_REQUESTED, ReportStatus.ACCEPTED, ReportStatus.REJECTED}
            and report.first_decision_at is None
        ):
            report.first_decision_at = report.updated_at
            fields.append("first_decision_at")
        report.save(update_fields=fields)
        event = history_append(
            subject=report,
            from_status=from_status,
            to_status=to,
            actor=actor,
            note=note,
            is_public=is_public,
        )
        headline = REPORT_HEADLINES.get(to)
        if headline and is_public:
            notifications.notify_report_status(
                report=report, event_id=event.pk, headline=headline, detail=note
            )
    return report


def report_withdraw(*, report: Report, actor: User, reason: str = "") -> Report:
    """The exporter takes the report back before it is accepted."""
    reason = report_rules.WITHDRAW_REASON.clean(reason)
    return report_transition(report=report, to=ReportStatus.WITHDRAWN, actor=actor, note=reason)


def report_start_review(*, report: Report, actor: User) -> Report:
    """An official picks the report up."""
    return report_transition(report=report, to=ReportStatus.UNDER_REVIEW, actor=actor)


def report_request_info(*, report: Report, actor: User, question: str) -> Report:
    """Ask the exporter a question: it goes on the report's thread and by e-mail."""
    if not question.strip():
        raise DomainError("Write the question for the exporter.", field="question")
    with transaction.atomic():
        report = report_transition(
            report=report, to=ReportStatus.INFO_REQUESTED, actor=actor, note=question
        )
        Message.objects.create(
            report=report, author=actor, visibility=MessageVisibility.PUBLIC, body=question
        )
    return report


def report_reject(*, report: Report, actor: User, reason: str, note: str = "") -> Report:
    """Decline the report with a reason from the list (and text for 'other')."""
    if reason not in RejectionReason.values:
        raise DomainError("Choose a reason for rejecting the report.", field="reason")
    if reason == RejectionReason.OTHER and not note.strip():
        raise DomainError("Explain the reason when it is 'other'.", field="note")
    label = RejectionReason(reason).label
    with transaction.atomic():
        report = report_transition(
            report=report,
            to=ReportStatus.REJECTED,
            actor=actor,
            note=f"{label}. {note}".strip() if note else str(label),
        )
        report.rejection_reason = reason
        report.save(update_fields=["rejection_reason"])
    return report


def report_accept(*, report: Report, actor: User, barrier: Barrier | None = None) -> Report:
    """Accept the report into `barrier`, or as a new barrier built from the report's facts."""
    with transaction.atomic():
        report = row_lock(Report, report.pk)
        check_transition("report", report.status, ReportStatus.ACCEPTED)
        if barrier is None:
            barrier = barrier_create_from_report(report=report, actor=actor)
        else:
            barrier = row_lock(Barrier, barrier.pk)
            if barrier.status in BARRIER_CLOSED:
                raise DomainError(
                    f"Barrier {barrier.reference} is {barrier.get_status_display().lower()}; "
                    "reopen it before adding reports to it.",
                    field="barrier",
                )
            barrier.hs_codes.add(*report.hs_codes.all())
            barrier_search_text_refresh(barrier=barrier)
        report.barrier = barrier
        report.save(update_fields=["barrier"])
        barrier_decision_due_refresh(barrier_ids=[barrier.pk])
        # Reports add up to the figures and companies the agenda documents show.
        barrier_documents_changed(barrier_ids=[barrier.pk])
        barrier_figures_refresh(barrier_ids=[barrier.pk])
        return report_transition(
            report=report,
            to=ReportStatus.ACCEPTED,
            actor=actor,
            note=f"Accepted as part of barrier {barrier.reference}.",
        )


def message_post(
    *,
    actor: User,
    body: str,
    report: Report | None = None,
    barrier: Barrier | None = None,
    internal: bool = False,
) -> Message:
    """Add a message to a report's thread, or an internal note to a report or barrier.

    An exporter's reply to a question moves the report back to review.
    """
    body = report_rules.MESSAGE_BODY.clean(body)
    is_official = actor.is_staff
    if internal and not is_official:
        raise DomainError("Only officials can write internal notes.")
    visibility = (
        MessageVisibility.INTERNAL if internal or report is None else MessageVisibility.PUBLIC
    )
    with transaction.atomic():
        message = Message.objects.create(
            report=report, barrier=barrier, author=actor, visibility=visibility, body=body
        )
        if report is not None and not is_official:
            locked = row_lock(Report, report.pk)
            if locked.status == ReportStatus.INFO_REQUESTED:
                report_transition(
                    report=locked,
                    to=ReportStatus.UNDER_REVIEW,
                    actor=actor,
                    note="The exporter answered the officials' question.",
                )
    return message


def document_attach(
    *, report: Report, actor: User, upload: IO[bytes], name: str, message: Message | None = None
) -> Document:
    """Store an evidence file under a random name after checking its content and size."""
    if message is not None and message.report_id != report.pk:
        raise DomainError("That message belongs to another report.", field="message")
    if report.status in REPORT_CLOSED:
        raise DomainError(
            f"The report is {report.get_status_display().lower()}; no more files can be added.",
            field="file",
        )
    checked = check_evidence(upload, name=name, size=getattr(upload, "size", None))
    with transaction.atomic():
        document = Document(
            report=report,
            message=message,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        stored_file_save(document, upload, checked)
        Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    return document


def report_draft_save(
    *, actor: User, data: dict[str, Any], draft: ReportDraft | None = None
) -> ReportDraft:
    """Keep what the exporter has typed so far, to finish later."""
    if actor.company_id is None:
        raise DomainError("Only members of a company can save report drafts.")
    title = str(data.get("title", ""))[:200]
    with transaction.atomic():
        if draft is None:
            return ReportDraft.objects.create(
                company_id=actor.company_id, author=actor, title=title, data=data
            )
        draft = ReportDraft.objects.select_for_update().get(
            pk=draft.pk, company_id=actor.company_id
        )
        draft.title, draft.data, draft.updated_at = title, data, timezone.now()
        draft.save(update_fields=["title", "data", "updated_at"])
    return draft
