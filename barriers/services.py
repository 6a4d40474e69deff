"""Every write of the barrier tracker: one path for the admin, the API, the portal and the tasks.

Each service takes keyword-only arguments and an `actor` (None for the system), runs in one
transaction, locks the row it moves, writes an append-only StatusChange row for every status move,
and leaves side effects (e-mail, tasks) to `transaction.on_commit` through the outbox.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from barriers import notifications, routing, search, selectors
from barriers.evidence import check_evidence, clean_file_name
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierKind,
    BarrierStatus,
    Company,
    CompanyKind,
    Country,
    Document,
    HSCode,
    Meeting,
    MeetingStatus,
    Message,
    MessageVisibility,
    Outcome,
    Party,
    ReferenceCounter,
    Regulator,
    RejectionReason,
    Report,
    ReportDraft,
    ReportStatus,
    RoutingSettings,
    StatusChange,
    User,
)
from barriers.transitions import REPORT_EDITABLE, DomainError, StateConflict, check_transition

# ---------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------


def reference_next(*, prefix: str, width: int, year: int | None = None) -> str:
    """The next unused reference such as REP-2026-000123; safe under concurrent callers."""
    year = year or timezone.localdate().year
    with transaction.atomic():
        # Create the counter row if missing without racing another creator, then lock it.
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(prefix=prefix, year=year, last_value=0)], ignore_conflicts=True
        )
        counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix, year=year)
        counter.last_value += 1
        counter.save(update_fields=["last_value"])
        return f"{prefix}-{year}-{counter.last_value:0{width}d}"


# ---------------------------------------------------------------------------------------------
# Search text (what goes into it: barriers/search.py)
# ---------------------------------------------------------------------------------------------
# Every service that changes a report's or barrier's reference, text, company or HS codes calls
# the refresh below in its transaction. A company's name and IEC are copied into its reports:
# the path that renames a company (rare) calls company_reports_search_text_refresh.


def report_search_text_refresh(*, report: Report) -> Report:
    """Rebuild the report's search text from its fields, company and HS codes."""
    codes = list(HSCode.objects.filter(reports=report).values_list("code", flat=True))
    report.search_text = search.report_search_text(report, codes)
    # update(), not save(): the search text is derived, so it leaves no history row.
    Report.objects.filter(pk=report.pk).update(search_text=report.search_text)
    return report


def barrier_search_text_refresh(*, barrier: Barrier) -> Barrier:
    """Rebuild the barrier's search text from its fields and HS codes."""
    codes = list(HSCode.objects.filter(barriers=barrier).values_list("code", flat=True))
    barrier.search_text = search.barrier_search_text(barrier, codes)
    Barrier.objects.filter(pk=barrier.pk).update(search_text=barrier.search_text)
    return barrier


def company_reports_search_text_refresh(*, company: Company, batch_size: int = 500) -> int:
    """Rebuild the search text of every report of `company` (after its name or IEC changed)."""
    reports = (
        Report.objects.filter(company=company)
        .select_related("company")
        .prefetch_related("hs_codes")
        .order_by("pk")
    )
    batch: list[Report] = []
    count = 0
    for report in reports.iterator(chunk_size=batch_size):
        codes = [code.code for code in report.hs_codes.all()]
        report.search_text = search.report_search_text(report, codes)
        batch.append(report)
        if len(batch) >= batch_size:
            count += Report.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        count += Report.objects.bulk_update(batch, ["search_text"])
    return count


# ---------------------------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------------------------


def _history_append(
    *,
    subject: Model,
    from_status: str,
    to_status: str,
    actor: User | None,
    note: str = "",
    is_public: bool = True,
) -> StatusChange:
    field = {Report: "report", Barrier: "barrier", Meeting: "meeting"}[type(subject)]
    return StatusChange.objects.create(
        **{field: subject},
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note,
        is_public=is_public,
        created_at=timezone.now(),
    )


def _lock(model: type[Model], pk: int) -> Any:
    return model.objects.select_for_update().get(pk=pk)


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------

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
)


def _report_validate(values: dict[str, Any], hs_codes: Sequence[HSCode] | None) -> None:
    """Rules that span fields; single-field rules live in forms, serializers and constraints."""
    applied_on = values.get("applied_on")
    decided = values.get("decision_received_on")
    today = timezone.localdate()
    if applied_on and applied_on > today:
        raise DomainError("The application date cannot be in the future.", field="applied_on")
    if decided and decided > today:
        raise DomainError(
            "The decision date cannot be in the future.", field="decision_received_on"
        )
    if applied_on and decided and decided < applied_on:
        raise DomainError(
            "The decision cannot have been received before the application was made.",
            field="decision_received_on",
        )
    value = values.get("trade_value_usd")
    if value is not None and Decimal(value) < 0:
        raise DomainError("The trade value cannot be negative.", field="trade_value_usd")
    if hs_codes is not None and not hs_codes:
        raise DomainError("Name at least one HS code.", field="hs_codes")


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
    }
    _report_validate(values, hs_codes)
    with transaction.atomic():
        now = timezone.now()
        status = ReportStatus.SUBMITTED
        report = Report.objects.create(
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
        # A new report: add without reading its (empty) codes first, which set() would do
        # once per report in a bulk import.
        report.hs_codes.add(*hs_codes)
        report_search_text_refresh(report=report)
        if draft is not None:
            ReportDraft.objects.filter(pk=draft.pk, company=company).delete()
        event = _history_append(subject=report, from_status="", to_status=status, actor=actor)
        notifications.notify_report_status(
            report=report,
            event_id=event.pk,
            headline="We have received your report",
            detail="Officials will review it; you will hear from us by e-mail.",
        )
    return report


def report_update(
    *, report: Report, actor: User, hs_codes: Sequence[HSCode] | None = None, **changes: Any
) -> Report:
    """Change the facts of a report while the exporter may still edit it."""
    unknown = set(changes) - set(REPORT_FIELDS)
    if unknown:
        raise DomainError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        report = _lock(Report, report.pk)
        if report.status not in REPORT_EDITABLE:
            raise StateConflict(
                f"A report that is {report.get_status_display().lower()} can no longer be edited.",
                code="report_not_editable",
            )
        merged = {name: getattr(report, name) for name in REPORT_FIELDS} | changes
        _report_validate(merged, hs_codes)
        for name, value in changes.items():
            setattr(report, name, value)
        report.updated_at = timezone.now()
        report.save(update_fields=[*changes, "updated_at"])
        if hs_codes is not None:
            report.hs_codes.set(hs_codes)
        report_search_text_refresh(report=report)
    return report


REPORT_HEADLINES = {
    ReportStatus.SUBMITTED: "We have received your report",
    ReportStatus.INFO_REQUESTED: "Officials need more information about your report",
    ReportStatus.ACCEPTED: "Your report has been accepted",
    ReportStatus.REJECTED: "Your report has not been accepted",
}


def report_transition(
    *, report: Report, to: str, actor: User | None, note: str = "", is_public: bool = True
) -> Report:
    """The one path by which a report changes status: check, save, record, notify after commit."""
    with transaction.atomic():
        report = _lock(Report, report.pk)
        check_transition("report", report.status, to)
        from_status = report.status
        report.status = to
        report.updated_at = timezone.now()
        fields = ["status", "updated_at"]
        if (
            to in {ReportStatus.INFO_REQUESTED, ReportStatus.ACCEPTED, ReportStatus.REJECTED}
            and report.first_decision_at is None
        ):
            report.first_decision_at = report.updated_at
            fields.append("first_decision_at")
        report.save(update_fields=fields)
        event = _history_append(
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
        report = _lock(Report, report.pk)
        check_transition("report", report.status, ReportStatus.ACCEPTED)
        if barrier is None:
            barrier = barrier_create_from_report(report=report, actor=actor)
        else:
            barrier = _lock(Barrier, barrier.pk)
            if barrier.status in {BarrierStatus.RESOLVED, BarrierStatus.CLOSED_UNRESOLVED}:
                raise DomainError(
                    f"Barrier {barrier.reference} is {barrier.get_status_display().lower()}; "
                    "reopen it before adding reports to it.",
                    field="barrier",
                )
            barrier.hs_codes.add(*report.hs_codes.all())
            barrier_search_text_refresh(barrier=barrier)
        report.barrier = barrier
        report.save(update_fields=["barrier"])
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
    if not body.strip():
        raise DomainError("The message is empty.", field="body")
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
            locked = _lock(Report, report.pk)
            if locked.status == ReportStatus.INFO_REQUESTED:
                report_transition(
                    report=locked,
                    to=ReportStatus.UNDER_REVIEW,
                    actor=actor,
                    note="The exporter answered the officials' question.",
                )
    return message


REPORT_CLOSED_TO_EVIDENCE = frozenset({ReportStatus.WITHDRAWN, ReportStatus.REJECTED})


def document_attach(
    *, report: Report, actor: User, upload: IO[bytes], name: str, message: Message | None = None
) -> Document:
    """Store an evidence file under a random name after checking its content and size."""
    if message is not None and message.report_id != report.pk:
        raise DomainError("That message belongs to another report.", field="message")
    if report.status in REPORT_CLOSED_TO_EVIDENCE:
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
        upload.seek(0)
        document.file.save(checked.original_name, File(upload), save=False)
        # The file is on disk now; if the transaction rolls back, remove it again.
        stored = document.file.name
        try:
            document.save()
        except Exception:
            document.file.storage.delete(stored)
            raise
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


# ---------------------------------------------------------------------------------------------
# Barriers
# ---------------------------------------------------------------------------------------------


def barrier_create(
    *,
    actor: User | None,
    title: str,
    barrier_kind: BarrierKind,
    sector: str,
    regulator: Regulator | None = None,
    destination_country: Country | None = None,
    summary: str = "",
    hs_codes: Iterable[HSCode] = (),
    **extra: Any,
) -> Barrier:
    """Open a new barrier (status `open`: later statuses are reached only by transitions)."""
    forbidden = {"status", "reference", "resolved_at", "created_at", "updated_at"} & set(extra)
    if forbidden:
        raise DomainError(f"A new barrier cannot be given {', '.join(sorted(forbidden))}.")
    with transaction.atomic():
        now = timezone.now()
        barrier = Barrier.objects.create(
            reference=reference_next(prefix="BAR", width=4),
            title=title,
            summary=summary,
            barrier_kind=barrier_kind,
            sector=sector,
            regulator=regulator,
            destination_country=destination_country,
            created_by=actor,
            created_at=now,
            updated_at=now,
            **extra,
        )
        barrier.hs_codes.add(*hs_codes)  # a new barrier: nothing to read first
        barrier_search_text_refresh(barrier=barrier)
        _history_append(subject=barrier, from_status="", to_status=barrier.status, actor=actor)
    return barrier


def barrier_create_from_report(*, report: Report, actor: User) -> Barrier:
    """A new barrier carrying the report's kind, regulator, country and products."""
    hs_codes = list(report.hs_codes.all())
    sectors = {code.sector for code in hs_codes} or {report.company.sector}
    return barrier_create(
        actor=actor,
        title=report.title,
        summary=report.description,
        barrier_kind=report.barrier_kind,
        sector=sectors.pop() if len(sectors) == 1 else report.company.sector,
        regulator=report.regulator,
        destination_country=report.destination_country,
        hs_codes=hs_codes,
    )


BARRIER_HEADLINES = {
    BarrierStatus.SCHEDULED: "The barrier behind your report is on the next meeting's agenda",
    BarrierStatus.RAISED: "The barrier behind your report was raised at the meeting",
    BarrierStatus.ACTION_AGREED: "Action was agreed on the barrier behind your report",
    BarrierStatus.RESOLVED: "The barrier behind your report is resolved: are shipments clearing?",
    BarrierStatus.PARTIALLY_RESOLVED: "The barrier behind your report is partially resolved",
    BarrierStatus.OPEN: "The barrier behind your report has been reopened",
}


def barrier_transition(
    *,
    barrier: Barrier,
    to: str,
    actor: User | None,
    note: str = "",
    is_public: bool = True,
    notify: bool = True,
) -> Barrier:
    """The one path by which a barrier changes status: check, save, record, notify after commit."""
    with transaction.atomic():
        barrier = _lock(Barrier, barrier.pk)
        check_transition("barrier", barrier.status, to)
        from_status = barrier.status
        barrier.status = to
        barrier.updated_at = timezone.now()
        if to == BarrierStatus.RESOLVED:
            barrier.resolved_at = barrier.updated_at
        elif to == BarrierStatus.OPEN:
            barrier.resolved_at = None
        barrier.save(update_fields=["status", "updated_at", "resolved_at"])
        event = _history_append(
            subject=barrier,
            from_status=from_status,
            to_status=to,
            actor=actor,
            note=note,
            is_public=is_public,
        )
        headline = BARRIER_HEADLINES.get(to)
        if headline and is_public and notify:
            notifications.notify_barrier_status(
                barrier=barrier, event_id=event.pk, headline=headline, detail=note
            )
    return barrier


def barrier_resolve(*, barrier: Barrier, actor: User | None, note: str = "") -> Barrier:
    """Officials consider the barrier resolved; exporters are asked to confirm."""
    return barrier_transition(barrier=barrier, to=BarrierStatus.RESOLVED, actor=actor, note=note)


def barrier_reopen(*, barrier: Barrier, actor: User | None, reason: str) -> Barrier:
    """Back to open, for example when an exporter reports that the fix did not hold."""
    if not reason.strip():
        raise DomainError("Say why the barrier is reopened.", field="reason")
    return barrier_transition(barrier=barrier, to=BarrierStatus.OPEN, actor=actor, note=reason)


# ---------------------------------------------------------------------------------------------
# Meetings and companies
# ---------------------------------------------------------------------------------------------


def meeting_transition(*, meeting: Meeting, to: str, actor: User | None, note: str = "") -> Meeting:
    """The one path by which a meeting changes status."""
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        check_transition("meeting", meeting.status, to)
        from_status = meeting.status
        meeting.status = to
        meeting.save(update_fields=["status"])
        _history_append(
            subject=meeting, from_status=from_status, to_status=to, actor=actor, note=note
        )
    return meeting


def company_verify(*, company: Company, actor: User) -> Company:
    """An official has checked the company's IEC: mark it verified."""
    with transaction.atomic():
        company = _lock(Company, company.pk)
        if company.verified:
            return company
        company.verified = True
        company.verified_at = timezone.now()
        company.verified_by = actor
        company._change_reason = "IEC verified"  # read by django-simple-history
        company.save(update_fields=["verified", "verified_at", "verified_by"])
    return company


# ---------------------------------------------------------------------------------------------
# Meetings and agendas
# ---------------------------------------------------------------------------------------------


def routing_settings_get() -> RoutingSettings:
    """The single row of routing settings, created with the defaults on first use."""
    settings_row, _ = RoutingSettings.objects.get_or_create(pk=1)
    return settings_row


def meeting_code_for(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def meeting_create(
    *,
    actor: User | None,
    date: dt.date,
    venue: str = "",
    code: str | None = None,
    capacity: int | None = None,
    cutoff_on: dt.date | None = None,
    circulate_on: dt.date | None = None,
    **extra: Any,
) -> Meeting:
    """Plan a quarterly meeting; cut-off, circulation date and capacity default to the settings."""
    defaults = routing_settings_get()
    code = code or meeting_code_for(date)
    if Meeting.objects.filter(code=code).exists():
        raise DomainError(f"A meeting {code} already exists.", field="code")
    cutoff_on = cutoff_on or date - dt.timedelta(days=defaults.cutoff_days_before)
    circulate_on = circulate_on or date - dt.timedelta(days=defaults.circulate_days_before)
    if cutoff_on > date or circulate_on > date:
        raise DomainError("The cut-off and circulation dates must come before the meeting.")
    with transaction.atomic():
        meeting = Meeting.objects.create(
            code=code,
            date=date,
            venue=venue,
            capacity=capacity or defaults.default_capacity,
            cutoff_on=cutoff_on,
            circulate_on=circulate_on,
            **extra,
        )
        _history_append(subject=meeting, from_status="", to_status=meeting.status, actor=actor)
    return meeting


def meeting_create_next(*, after: Meeting, actor: User | None) -> Meeting | None:
    """Plan the next quarter's meeting three months after `after`, unless one exists already."""
    from dateutil.relativedelta import relativedelta

    date = after.date + relativedelta(months=3)
    code = meeting_code_for(date)
    if Meeting.objects.filter(Q(code=code) | Q(date__gt=after.date)).exists():
        return None
    return meeting_create(actor=actor, date=date, venue=after.venue, format=after.format)


def _agenda_editable(meeting: Meeting) -> None:
    if meeting.status not in {MeetingStatus.PLANNED, MeetingStatus.AGENDA_DRAFT}:
        raise StateConflict(
            f"The agenda of {meeting.code} is {meeting.get_status_display().lower()}; "
            "it can no longer be drafted or changed.",
            code="agenda_closed",
        )


def agenda_draft(
    *, meeting: Meeting, actor: User | None, today: dt.date | None = None
) -> routing.Draft:
    """Draft (or draft again) the meeting's agenda and reserve list from the routing rules.

    Items officials placed or removed by hand stay as they are. Concurrent callers are serialised
    by a lock on the meeting row, so two officials drafting at once get one agenda.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        _agenda_editable(meeting)
        manual = list(
            AgendaItem.objects.filter(meeting=meeting, manually_changed=True).values(
                "barrier_id", "section", "position"
            )
        )
        candidates = selectors.agenda_candidates(
            meeting=meeting, today=today, exclude_barrier_ids=[m["barrier_id"] for m in manual]
        )
        manual_on_agenda = sum(1 for m in manual if m["section"] == AgendaSection.AGENDA)
        # Only the agenda and the reserve list need ranking in full.
        ranked = routing.rank(
            candidates,
            selectors.routing_weights(),
            limit=max(meeting.capacity - manual_on_agenda, 0) + meeting.capacity,
        )
        escalate_after = routing_settings_get().escalate_after_meetings
        draft = routing.plan(
            ranked,
            capacity=meeting.capacity,
            fixed_agenda_positions=[
                m["position"] for m in manual if m["section"] == AgendaSection.AGENDA
            ],
        )
        AgendaItem.objects.filter(meeting=meeting, manually_changed=False).delete()
        reserve_offset = max(
            [m["position"] for m in manual if m["section"] == AgendaSection.RESERVE], default=0
        )
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=meeting,
                    barrier_id=p.candidate.barrier_id,
                    section=p.section,
                    track=p.candidate.track,
                    position=p.position + (reserve_offset if p.section == "reserve" else 0),
                    score=p.score,
                    score_breakdown=p.breakdown,
                    reason=p.reason,
                    is_carry_over=p.candidate.carry_over,
                    times_raised=p.candidate.times_raised,
                    escalate=p.candidate.carry_over and p.candidate.times_raised >= escalate_after,
                )
                for p in [*draft.agenda, *draft.reserve]
            ]
        )
        if meeting.status == MeetingStatus.PLANNED:
            meeting_transition(
                meeting=meeting,
                to=MeetingStatus.AGENDA_DRAFT,
                actor=actor,
                note=f"Agenda drafted: {len(draft.agenda)} items, {len(draft.reserve)} in reserve.",
            )
    return draft


def agenda_item_place(
    *, meeting: Meeting, barrier: Barrier, section: str, actor: User, position: int | None = None
) -> AgendaItem:
    """Put a barrier on the agenda or reserve list by hand, or take it off (section `removed`)."""
    if section not in AgendaSection.values:
        raise DomainError(f"'{section}' is not an agenda section.", field="section")
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        _agenda_editable(meeting)
        item = AgendaItem.objects.filter(meeting=meeting, barrier=barrier).first()
        if item is None:
            if section == AgendaSection.REMOVED:
                raise DomainError(f"{barrier.reference} is not on the agenda of {meeting.code}.")
            track = barrier.regulator.remit if barrier.regulator_id else barrier.barrier_kind.remit
            item = AgendaItem(
                meeting=meeting, barrier=barrier, track=track, reason="Added by hand."
            )
        if position is None:
            last = (
                AgendaItem.objects.filter(meeting=meeting, section=section)
                .exclude(pk=item.pk)
                .order_by("-position")
                .values_list("position", flat=True)
                .first()
            )
            position = (last or 0) + 1
        if position < 1:
            raise DomainError("Positions start at 1.", field="position")
        item.section = section
        item.position = position
        item.manually_changed = True
        item.save()
    return item


def agenda_freeze(*, meeting: Meeting, actor: User) -> Meeting:
    """Freeze the agenda: its barriers become scheduled and their exporters are told."""
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        if meeting.status != MeetingStatus.AGENDA_DRAFT:
            raise DomainError(
                f"Only a drafted agenda can be frozen; {meeting.code} is "
                f"{meeting.get_status_display().lower()}."
            )
        items = list(
            AgendaItem.objects.filter(meeting=meeting, section=AgendaSection.AGENDA).select_related(
                "barrier"
            )
        )
        if not items:
            raise DomainError(f"The agenda of {meeting.code} is empty; nothing to freeze.")
        for item in items:
            if item.barrier.status != BarrierStatus.SCHEDULED:
                barrier_transition(
                    barrier=item.barrier,
                    to=BarrierStatus.SCHEDULED,
                    actor=actor,
                    note=f"On the agenda of the {meeting.code} meeting on {meeting.date:%d %B %Y}.",
                )
        meeting_transition(
            meeting=meeting,
            to=MeetingStatus.AGENDA_FROZEN,
            actor=actor,
            note=f"Agenda frozen with {len(items)} items.",
        )
    return meeting


# ---------------------------------------------------------------------------------------------
# The exporters' portal: registration, invitations, filing with evidence, confirming a fix
# ---------------------------------------------------------------------------------------------

IEC_TAKEN_MESSAGE = (
    "A company with this IEC is already registered. Ask a colleague who already uses the "
    "tracker to invite you: they can do it from “Invite a colleague”."
)


def company_register(
    *,
    actor: User,
    name: str,
    iec: str,
    sector: str,
    gstin: str = "",
    apeda_rcmc: str = "",
    mpeda_registration: str = "",
    eic_approval: str = "",
) -> Company:
    """Register a new, unverified company with `actor` (who just signed up) as its first user."""
    if actor.company_id is not None or actor.is_staff:
        raise DomainError("This account already belongs to a company.")
    company = Company(
        name=name.strip(),
        iec=iec.strip().upper(),
        gstin=gstin.strip().upper(),
        apeda_rcmc=apeda_rcmc.strip(),
        mpeda_registration=mpeda_registration.strip(),
        eic_approval=eic_approval.strip(),
        sector=sector,
        kind=CompanyKind.EXPORTER,
        verified=False,
    )
    try:
        company.full_clean(validate_unique=False)
    except ValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise DomainError(errors[0], field=field) from exc
    with transaction.atomic():
        # Never attach a newcomer to an existing company: that would show them its reports.
        if Company.objects.filter(iec=company.iec).exists():
            raise DomainError(IEC_TAKEN_MESSAGE, field="iec")
        try:
            with transaction.atomic():
                company.save()
        except IntegrityError as exc:  # registered by someone else a moment ago
            raise DomainError(IEC_TAKEN_MESSAGE, field="iec") from exc
        actor.company = company
        actor.save(update_fields=["company"])
    return company


def company_invite(*, actor: User, email: str) -> User:
    """Open an account for a colleague in the actor's company; e-mail them a set-password link."""
    from allauth.account.models import EmailAddress

    if actor.company_id is None or actor.is_staff:
        raise DomainError("Only members of a company can invite colleagues.")
    email = email.strip().lower()
    if not email or "@" not in email:
        raise DomainError("Enter the colleague's e-mail address.", field="email")
    taken = DomainError(
        "There is already an account for this e-mail address. If it is your colleague's, they "
        "can sign in, or use “Forgotten your password?” on the sign-in page.",
        field="email",
    )
    with transaction.atomic():
        if (
            User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()
        ):
            raise taken
        user = User(email=email, company_id=actor.company_id)
        user.set_unusable_password()  # they choose one through the link
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise taken from exc
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        # Sent directly after commit rather than through the outbox: the link carries a
        # password-reset token, which must not be stored in the database.
        transaction.on_commit(
            lambda: _invitation_send(user_id=user.pk, inviter_id=actor.pk), robust=True
        )
    return user


def _invitation_send(*, user_id: int, inviter_id: int) -> None:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    user = User.objects.select_related("company").get(pk=user_id)
    inviter = User.objects.get(pk=inviter_id)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    context = {
        "company": user.company,
        "inviter": inviter,
        "set_password_url": f"{settings.SITE_URL}{path}",
        "sign_in_url": f"{settings.SITE_URL}{reverse('account_login')}",
    }
    EmailMessage(
        subject=render_to_string("barriers/email/invitation_subject.txt", context).strip(),
        body=render_to_string("barriers/email/invitation_message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    ).send()


def _evidence_check_all(evidence: Sequence[UploadedFile]) -> None:
    """Check every file before any is stored, naming the file that is refused."""
    for upload in evidence:
        try:
            check_evidence(upload, name=upload.name or "", size=upload.size)
        except DomainError as exc:
            raise DomainError(
                f"{clean_file_name(upload.name or '')}: {exc.message}", field="evidence"
            ) from exc


def _evidence_attach_all(
    *,
    report: Report,
    actor: User,
    evidence: Sequence[UploadedFile],
    stored: list[Document],
    message: Message | None = None,
) -> None:
    for upload in evidence:
        stored.append(
            document_attach(
                report=report, actor=actor, upload=upload, name=upload.name or "", message=message
            )
        )


def _evidence_forget(stored: list[Document]) -> None:
    # The transaction rolled back: remove the files already written to storage.
    for document in stored:
        document.file.storage.delete(document.file.name)


def report_submit(
    *, actor: User, company: Company, evidence: Sequence[UploadedFile] = (), **report: Any
) -> Report:
    """File a report with its evidence files at once: if any file is refused, nothing is stored."""
    _evidence_check_all(evidence)
    stored: list[Document] = []
    try:
        with transaction.atomic():
            created = report_create(actor=actor, company=company, **report)
            _evidence_attach_all(report=created, actor=actor, evidence=evidence, stored=stored)
    except BaseException:
        _evidence_forget(stored)
        raise
    return created


def message_post_with_evidence(
    *, actor: User, report: Report, body: str, evidence: Sequence[UploadedFile] = ()
) -> Message:
    """Post on a report's thread with files attached to the message; all of it or nothing."""
    _evidence_check_all(evidence)
    stored: list[Document] = []
    try:
        with transaction.atomic():
            message = message_post(actor=actor, body=body, report=report)
            _evidence_attach_all(
                report=report, actor=actor, evidence=evidence, stored=stored, message=message
            )
    except BaseException:
        _evidence_forget(stored)
        raise
    return message


def barrier_confirm_fix(
    *, barrier: Barrier, actor: User, cleared: bool, reason: str = ""
) -> Barrier:
    """An exporter answers "are your shipments clearing again?"; "no" reopens the barrier.

    The exporter's own words go to officials as an internal note: the barrier is shared by
    several companies, and its public history (and e-mail) reaches all of them.
    """
    if (
        not actor.is_staff
        and not Report.objects.filter(
            barrier=barrier, company_id=actor.company_id, status=ReportStatus.ACCEPTED
        ).exists()
    ):
        raise DomainError("Your company has no accepted report on this barrier.")
    if barrier.status != BarrierStatus.RESOLVED:
        raise DomainError(
            f"The barrier is {barrier.get_status_display().lower()}, not resolved: "
            "there is no fix to confirm."
        )
    if not cleared and not reason.strip():
        raise DomainError(
            "Tell us what still goes wrong, so that officials can take it up again.",
            field="reason",
        )
    company = actor.company
    who = f"{company.name} ({company.iec})" if company else str(actor)
    with transaction.atomic():
        if cleared:
            body = f"{who} confirmed that shipments are clearing again."
            message_post(actor=actor, barrier=barrier, body=f"{body} {reason}".strip())
            return barrier
        message_post(
            actor=actor,
            barrier=barrier,
            body=f"{who} reported that shipments are still not clearing: {reason.strip()}",
        )
        return barrier_reopen(
            barrier=barrier,
            actor=actor,
            reason="An exporter reported that shipments are still not clearing.",
        )


# ---------------------------------------------------------------------------------------------
# Triage by officials (the admin's actions; the same rules for every interface)
# ---------------------------------------------------------------------------------------------

BARRIER_CLOSED_TO_REPORTS = frozenset({BarrierStatus.RESOLVED, BarrierStatus.CLOSED_UNRESOLVED})
REPORT_CLOSED_TO_TRIAGE = frozenset({ReportStatus.REJECTED, ReportStatus.WITHDRAWN})

# What an official may change on a barrier's page; status moves go through barrier_transition.
BARRIER_FIELDS = (
    "title",
    "summary",
    "title_ru",
    "summary_ru",
    "ask",
    "barrier_kind",
    "regulator",
    "destination_country",
    "sector",
    "pending_on",
    "manual_priority",
    "on_hold",
    "owner",
)
BARRIER_SEARCHED_FIELDS = frozenset({"title", "summary", "title_ru", "summary_ru"})


def _check_official(user: User | None, *, field: str = "owner") -> None:
    if user is not None and not (user.is_staff and user.is_active):
        raise DomainError(f"{user} is not an official: only officials can own cases.", field=field)


def _check_priority(priority: int) -> None:
    if not -5 <= int(priority) <= 5:
        raise DomainError("The manual priority runs from -5 to 5.", field="manual_priority")


def _stamp_history(obj: Model, *, actor: User | None, reason: str) -> None:
    # Read by django-simple-history when the row is saved.
    obj._history_user = actor  # type: ignore[attr-defined]
    obj._change_reason = reason[:100]  # type: ignore[attr-defined]


def report_set_regulator(*, report: Report, actor: User, regulator: Regulator | None) -> Report:
    """Name the EAEU authority responsible for the report's delay (or clear it)."""
    with transaction.atomic():
        report = _lock(Report, report.pk)
        if report.status in REPORT_CLOSED_TO_TRIAGE:
            raise DomainError(
                f"The report is {report.get_status_display().lower()}; it is no longer triaged."
            )
        if regulator is not None and regulator.country_id not in {
            None,
            report.destination_country_id,
        }:
            raise DomainError(
                f"{regulator.abbreviation or regulator.code} regulates {regulator.country_id}, "
                f"but the report is about exports to {report.destination_country_id}.",
                field="regulator",
            )
        if report.regulator_id == (regulator.pk if regulator else None):
            return report
        report.regulator = regulator
        report.updated_at = timezone.now()
        name = regulator.abbreviation or regulator.code if regulator else "none"
        _stamp_history(report, actor=actor, reason=f"Regulator set to {name}")
        report.save(update_fields=["regulator", "updated_at"])
    return report


def report_assign_owner(*, report: Report, actor: User, owner: User | None) -> Report:
    """Make an official responsible for the report (or nobody)."""
    _check_official(owner)
    with transaction.atomic():
        report = _lock(Report, report.pk)
        if report.owner_id == (owner.pk if owner else None):
            return report
        report.owner = owner
        report.updated_at = timezone.now()
        _stamp_history(report, actor=actor, reason=f"Owner set to {owner or 'nobody'}")
        report.save(update_fields=["owner", "updated_at"])
    return report


def report_move_to_barrier(
    *, report: Report, barrier: Barrier | None, actor: User, note: str = ""
) -> Report:
    """Move an accepted report to another barrier (a split), or to a new one when `barrier` is None.

    Both barriers get an internal note and the report's field history says why.
    """
    with transaction.atomic():
        report = _lock(Report, report.pk)
        if report.status != ReportStatus.ACCEPTED or report.barrier_id is None:
            raise DomainError(
                f"Only an accepted report can be moved; {report.reference} is "
                f"{report.get_status_display().lower()}."
            )
        source = _lock(Barrier, report.barrier_id)
        if barrier is None:
            target = barrier_create_from_report(report=report, actor=actor)
        else:
            target = _lock(Barrier, barrier.pk)
            if target.pk == source.pk:
                raise DomainError(
                    f"{report.reference} is already part of {target.reference}.", field="barrier"
                )
            if target.status in BARRIER_CLOSED_TO_REPORTS:
                raise DomainError(
                    f"Barrier {target.reference} is {target.get_status_display().lower()}; "
                    "reopen it before moving reports to it.",
                    field="barrier",
                )
            target.hs_codes.add(*report.hs_codes.all())
            barrier_search_text_refresh(barrier=target)
        why = f" {note.strip()}" if note.strip() else ""
        report.barrier = target
        report.updated_at = timezone.now()
        _stamp_history(
            report, actor=actor, reason=f"Moved from {source.reference} to {target.reference}"
        )
        report.save(update_fields=["barrier", "updated_at"])
        message_post(
            actor=actor,
            barrier=source,
            internal=True,
            body=f"Report {report.reference} moved to {target.reference}.{why}",
        )
        message_post(
            actor=actor,
            barrier=target,
            internal=True,
            body=f"Report {report.reference} moved here from {source.reference}.{why}",
        )
    return report


def barrier_update(
    *, barrier: Barrier, actor: User, hs_codes: Iterable[HSCode] | None = None, **fields: Any
) -> Barrier:
    """Change what officials know about a barrier (never its status: see barrier_transition)."""
    unknown = set(fields) - set(BARRIER_FIELDS)
    if unknown:
        raise DomainError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    if "title" in fields and not str(fields["title"]).strip():
        raise DomainError("A barrier needs a title.", field="title")
    if "manual_priority" in fields:
        _check_priority(fields["manual_priority"])
    if "owner" in fields:
        _check_official(fields["owner"])
    with transaction.atomic():
        barrier = _lock(Barrier, barrier.pk)
        changed = [name for name, value in fields.items() if getattr(barrier, name) != value]
        for name in changed:
            setattr(barrier, name, fields[name])
        if changed:
            barrier.updated_at = timezone.now()
            _stamp_history(barrier, actor=actor, reason=f"Changed {', '.join(changed)}")
            barrier.save(update_fields=[*changed, "updated_at"])
        if hs_codes is not None:
            barrier.hs_codes.set(list(hs_codes))
        if hs_codes is not None or BARRIER_SEARCHED_FIELDS & set(changed):
            barrier_search_text_refresh(barrier=barrier)
    return barrier


def barrier_set_priority(*, barrier: Barrier, actor: User, priority: int) -> Barrier:
    """Officials' own weighting of a barrier for the agenda, from -5 to 5."""
    _check_priority(priority)
    return barrier_update(barrier=barrier, actor=actor, manual_priority=int(priority))


def barrier_assign_owner(*, barrier: Barrier, actor: User, owner: User | None) -> Barrier:
    """Make an official responsible for the barrier (or nobody)."""
    return barrier_update(barrier=barrier, actor=actor, owner=owner)


def meetings_draft_due(*, today: dt.date | None = None) -> list[str]:
    """Draft the agenda of every planned meeting whose cut-off date has come (the beat's job)."""
    today = today or timezone.localdate()
    drafted = []
    for meeting in Meeting.objects.filter(status=MeetingStatus.PLANNED, cutoff_on__lte=today):
        agenda_draft(meeting=meeting, actor=None, today=today)
        drafted.append(meeting.code)
    return drafted


def meetings_plan_next(*, today: dt.date | None = None) -> str | None:
    """Once the latest meeting has been held, plan the next quarter's (the beat's job)."""
    today = today or timezone.localdate()
    latest = Meeting.objects.order_by("-date").first()
    if latest is None or latest.status not in {MeetingStatus.HELD, MeetingStatus.CLOSED}:
        return None
    created = meeting_create_next(after=latest, actor=None)
    return created.code if created else None


# ---------------------------------------------------------------------------------------------
# After the meeting: outcomes and action points
# ---------------------------------------------------------------------------------------------

# The barrier moves an outcome makes, starting from `scheduled` (on the frozen agenda).
OUTCOME_MOVES: dict[str, tuple[str, ...]] = {
    Outcome.DISCUSSED: (BarrierStatus.RAISED,),
    Outcome.ACTION_AGREED: (BarrierStatus.RAISED, BarrierStatus.ACTION_AGREED),
    Outcome.RESOLVED: (BarrierStatus.RAISED, BarrierStatus.RESOLVED),
    Outcome.PARTIALLY_RESOLVED: (BarrierStatus.RAISED, BarrierStatus.PARTIALLY_RESOLVED),
    # Not discussed: back to open, and carried over to the next draft.
    Outcome.DEFERRED: (BarrierStatus.OPEN,),
    Outcome.WITHDRAWN: (BarrierStatus.OPEN,),
}


def meeting_hold(*, meeting: Meeting, actor: User | None) -> Meeting:
    """The meeting has taken place: outcomes can now be recorded."""
    return meeting_transition(meeting=meeting, to=MeetingStatus.HELD, actor=actor)


def outcome_record(
    *,
    item: AgendaItem,
    outcome: str,
    actor: User,
    statement_india: str = "",
    statement_eaeu: str = "",
    counterpart_commitment: str = "",
    internal_note: str = "",
) -> AgendaItem:
    """Record what the meeting decided on one agenda item and move its barrier accordingly.

    The companies behind the barrier are told (public text only). When every item on the agenda
    has an outcome, the meeting is closed.
    """
    if outcome not in OUTCOME_MOVES:
        raise DomainError(f"'{outcome}' is not a meeting outcome.", field="outcome")
    with transaction.atomic():
        item = _lock(AgendaItem, item.pk)
        meeting = _lock(Meeting, item.meeting_id)
        if meeting.status != MeetingStatus.HELD:
            raise DomainError(
                f"Outcomes are recorded once the meeting is held; {meeting.code} is "
                f"{meeting.get_status_display().lower()}.",
                field="outcome",
            )
        if item.section != AgendaSection.AGENDA:
            raise DomainError("Only items on the agenda (not the reserve list) get an outcome.")
        if item.outcome:
            raise DomainError(
                f"The outcome of {item.barrier.reference} at {meeting.code} is already recorded "
                f"({item.get_outcome_display().lower()}).",
                field="outcome",
            )
        public_note = statement_eaeu or statement_india or Outcome(outcome).label
        moves = OUTCOME_MOVES[outcome]
        for step, target in enumerate(moves, start=1):
            # Exporters hear once per outcome: about where the barrier ends up.
            barrier_transition(
                barrier=item.barrier,
                to=target,
                actor=actor,
                note=f"{meeting.code}: {public_note}",
                notify=step == len(moves),
            )
        item.outcome = outcome
        item.statement_india = statement_india
        item.statement_eaeu = statement_eaeu
        item.counterpart_commitment = counterpart_commitment
        item.internal_note = internal_note
        item.outcome_recorded_at = timezone.now()
        item.outcome_recorded_by = actor
        item.save(
            update_fields=[
                "outcome",
                "statement_india",
                "statement_eaeu",
                "counterpart_commitment",
                "internal_note",
                "outcome_recorded_at",
                "outcome_recorded_by",
            ]
        )
        pending = AgendaItem.objects.filter(
            meeting=meeting, section=AgendaSection.AGENDA, outcome=""
        ).exists()
        if not pending:
            meeting_transition(
                meeting=meeting,
                to=MeetingStatus.CLOSED,
                actor=actor,
                note="Every agenda item has an outcome.",
            )
    return item


def action_point_create(
    *,
    meeting: Meeting,
    barrier: Barrier,
    description: str,
    party: str,
    due_on: dt.date,
    actor: User,
    owner_agency: str = "",
    regulator: Regulator | None = None,
    owner: User | None = None,
) -> ActionPoint:
    """Record something a party agreed to do at a meeting."""
    if not description.strip():
        raise DomainError("Say what was agreed.", field="description")
    if party not in Party.values:
        raise DomainError("Choose the India side or the EAEU side.", field="party")
    if due_on < meeting.date:
        raise DomainError("The due date cannot be before the meeting.", field="due_on")
    item = AgendaItem.objects.filter(meeting=meeting, barrier=barrier).first()
    if item is None:
        raise DomainError(
            f"{barrier.reference} was not on the agenda of {meeting.code}.", field="barrier"
        )
    point = ActionPoint(
        meeting=meeting,
        agenda_item=item,
        barrier=barrier,
        description=description,
        party=party,
        due_on=due_on,
        owner_agency=owner_agency,
        regulator=regulator,
        owner=owner,
    )
    _stamp_history(point, actor=actor, reason="Action point agreed")
    point.save()
    return point


def action_point_set_status(
    *,
    action_point: ActionPoint,
    status: str,
    actor: User,
    completed_on: dt.date | None = None,
    evidence: str = "",
) -> ActionPoint:
    """Mark an action point done (with its completion date and evidence), dropped, or open."""
    if status not in ActionPointStatus.values:
        raise DomainError(f"'{status}' is not an action point status.", field="status")
    with transaction.atomic():
        point = _lock(ActionPoint, action_point.pk)
        if status == ActionPointStatus.DONE:
            completed_on = completed_on or timezone.localdate()
            if completed_on > timezone.localdate():
                raise DomainError(
                    "The completion date cannot be in the future.", field="completed_on"
                )
        else:
            completed_on = None
        point.status = status
        point.completed_on = completed_on
        if evidence:
            point.evidence = evidence
        _stamp_history(point, actor=actor, reason=f"Action point {status}")
        point.save(update_fields=["status", "completed_on", "evidence"])
    return point


# ---------------------------------------------------------------------------------------------
# Agenda order by hand (the meeting page's move up / move down buttons)
# ---------------------------------------------------------------------------------------------


def agenda_item_move(*, item: AgendaItem, offset: int, actor: User) -> AgendaItem:
    """Swap an item with its neighbour in the same section (offset -1: up, +1: down).

    Both items are marked as placed by hand, so drafting again keeps the order officials chose.
    """
    if offset not in (-1, 1):
        raise DomainError("Move an item one place up or down.", field="offset")
    with transaction.atomic():
        meeting = _lock(Meeting, item.meeting_id)
        _agenda_editable(meeting)
        item = _lock(AgendaItem, item.pk)
        siblings = list(
            AgendaItem.objects.select_for_update()
            .filter(meeting=meeting, section=item.section)
            .order_by("position", "pk")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
        if not 0 <= index + offset < len(siblings):
            raise DomainError("The item is already at that end of the list.")
        other = siblings[index + offset]
        if other.position == item.position:
            item.position, other.position = item.position + offset, other.position
        else:
            item.position, other.position = other.position, item.position
        for moved in (item, other):
            moved.manually_changed = True
            moved.save(update_fields=["position", "manually_changed"])
    return item
