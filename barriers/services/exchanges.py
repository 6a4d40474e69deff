"""The exchange on a shared barrier: the counterpart answers, India replies, deadlines follow.

Every exchange goes through `exchange_post`, whatever the door (counterpart pages, the API, the
admin): it checks who may write what, stores the text and the files (all or nothing, under the
evidence checks), meets and opens the deadlines the exchange settles or starts, moves "pending
on" to the side that owes the next answer, and queues the e-mails after commit.

Deadlines (barriers.models.Deadline) are counted in working days on the calendar of the side that
owes them (barriers.domain.workdays): the counterpart's country (the EEC on Russia's), India's
for India's. Sharing a barrier opens the counterpart's two (acknowledge; propose a solution or
state the position); a request for clarification opens India's; the answer that meets one closes
it. Unsharing or closing the barrier cancels what is still open.

Messages are translated (gettext): the counterpart reads them in Russian or English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from barriers import notifications
from barriers.domain import workdays
from barriers.domain.errors import DomainError
from barriers.domain.transitions import BARRIER_CLOSED, check_transition
from barriers.evidence.files import check_evidence, check_evidence_each, stored_file_save
from barriers.models import (
    EAEU_EXCHANGES,
    Barrier,
    BarrierShare,
    BarrierStatus,
    Deadline,
    DeadlineStage,
    Exchange,
    ExchangeDocument,
    ExchangeKind,
    LegalBasis,
    Party,
    PendingOn,
    Regulator,
    Report,
    ReportStatus,
    User,
)
from barriers.services.barriers import barrier_transition
from barriers.services.base import barrier_search_text_refresh, history_stamp, row_lock
from barriers.services.documents import barrier_documents_changed
from barriers.services.reports import message_post

REPLY_PERMISSION = "barriers.share_barrier"
BODY_MAX_LENGTH = 5000
FILES_MAX = 5
# A proposed solution is due within this many days at the most (about five years).
TARGET_DATE_MAX_DAYS = 5 * 366

# What each exchange settles: the deadlines it meets.
MEETS: dict[str, frozenset[str]] = {
    ExchangeKind.ACKNOWLEDGEMENT: frozenset({DeadlineStage.ACKNOWLEDGE}),
    ExchangeKind.CLARIFICATION: frozenset({DeadlineStage.ACKNOWLEDGE}),
    ExchangeKind.PROPOSAL: frozenset({DeadlineStage.ACKNOWLEDGE, DeadlineStage.PROPOSE}),
    ExchangeKind.POSITION: frozenset({DeadlineStage.ACKNOWLEDGE, DeadlineStage.PROPOSE}),
    ExchangeKind.RESOLVED: frozenset({DeadlineStage.ACKNOWLEDGE, DeadlineStage.PROPOSE}),
    ExchangeKind.REPLY: frozenset({DeadlineStage.ANSWER_CLARIFICATION}),
}
# Who owes the next answer once the exchange is in.
PENDING_AFTER: dict[str, str] = {
    ExchangeKind.ACKNOWLEDGEMENT: PendingOn.EAEU,  # the solution is still due
    ExchangeKind.CLARIFICATION: PendingOn.INDIA,
    ExchangeKind.PROPOSAL: PendingOn.INDIA,  # India weighs the proposal
    ExchangeKind.POSITION: PendingOn.INDIA,
    ExchangeKind.RESOLVED: PendingOn.EXPORTER,  # the exporters confirm the fix
    ExchangeKind.REPLY: PendingOn.EAEU,
}


def deadline_working_days(stage: str) -> int:
    """The working days each stage allows (settings, from the environment)."""
    days: dict[str, int] = {
        DeadlineStage.ACKNOWLEDGE: settings.COUNTERPART_ACKNOWLEDGE_WORKING_DAYS,
        DeadlineStage.PROPOSE: settings.COUNTERPART_PROPOSE_WORKING_DAYS,
        DeadlineStage.ANSWER_CLARIFICATION: settings.INDIA_CLARIFICATION_ANSWER_WORKING_DAYS,
    }
    return days[stage]


def regulator_calendar(regulator: Regulator) -> str:
    """The calendar the counterpart's deadlines are counted on."""
    return workdays.calendar_for(regulator.country_id)


# ---------------------------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------------------------


def _deadline_open(
    *, barrier: Barrier, regulator: Regulator, stage: str, party: str, today: dt.date
) -> Deadline:
    calendar = regulator_calendar(regulator) if party == Party.EAEU else workdays.INDIA
    existing = Deadline.objects.filter(barrier=barrier, stage=stage, met_at__isnull=True).first()
    if existing is not None:
        return existing
    return Deadline.objects.create(
        barrier=barrier,
        stage=stage,
        party=party,
        regulator=regulator,
        calendar=calendar,
        opened_on=today,
        due_on=workdays.add_working_days(today, deadline_working_days(stage), calendar),
    )


def deadlines_open_for_share(*, barrier: Barrier, regulator: Regulator) -> list[Deadline]:
    """A barrier newly shared with `regulator`: its acknowledgement and its solution fall due.

    Called by services.barrier_share inside its transaction.
    """
    today = timezone.localdate()
    return [
        _deadline_open(
            barrier=barrier, regulator=regulator, stage=stage, party=Party.EAEU, today=today
        )
        for stage in (DeadlineStage.ACKNOWLEDGE, DeadlineStage.PROPOSE)
    ]


def deadlines_cancel(*, barrier: Barrier) -> int:
    """Close what is still due on the barrier without an answer (unshared, or closed)."""
    return Deadline.objects.filter(barrier=barrier, met_at__isnull=True).update(
        met_at=timezone.now(), cancelled=True
    )


def _deadlines_meet(*, barrier: Barrier, exchange: Exchange) -> None:
    Deadline.objects.filter(
        barrier=barrier, stage__in=MEETS[exchange.kind], met_at__isnull=True
    ).update(met_at=exchange.created_at, met_by=exchange)


def _pending_on_set(*, barrier: Barrier, pending_on: str, actor: User, reason: str) -> None:
    if barrier.pending_on == pending_on:
        return
    barrier.pending_on = pending_on
    barrier.updated_at = timezone.now()
    history_stamp(barrier, actor=actor, reason=reason)
    barrier.save(update_fields=["pending_on", "updated_at"])


# ---------------------------------------------------------------------------------------------
# Posting an exchange
# ---------------------------------------------------------------------------------------------


def _active_share(barrier: Barrier) -> BarrierShare | None:
    share = (
        BarrierShare.objects.select_related("regulator")
        .filter(barrier=barrier, unshared_at__isnull=True)
        .first()
    )
    if share is None or share.regulator_id != barrier.regulator_id:
        return None
    return share


def _texts(body_ru: str, body_en: str) -> tuple[str, str]:
    body_ru = (body_ru or "").strip()
    body_en = (body_en or "").strip()
    if not body_ru and not body_en:
        raise DomainError(_("Write the text of your answer."), field="body_ru")
    for field, value in (("body_ru", body_ru), ("body_en", body_en)):
        if len(value) > BODY_MAX_LENGTH:
            raise DomainError(
                _("The text is at most %(limit)d characters.") % {"limit": BODY_MAX_LENGTH},
                field=field,
            )
        if "\x00" in value:
            raise DomainError(_("The text contains a character that is not allowed."), field=field)
    return body_ru, body_en


def _files_check(files: Sequence[UploadedFile[bytes]]) -> None:
    if len(files) > FILES_MAX:
        raise DomainError(
            _("Attach at most %(count)d files.") % {"count": FILES_MAX}, field="documents"
        )
    check_evidence_each(files, field="documents")


def _kind_check(
    *,
    kind: str,
    barrier: Barrier,
    target_date: dt.date | None,
    legal_basis: LegalBasis | None,
    in_reply_to: Exchange | None,
) -> None:
    today = timezone.localdate()
    if kind == ExchangeKind.PROPOSAL:
        if target_date is None:
            raise DomainError(
                _("Give the date by which the proposed solution will be in place."),
                field="target_date",
            )
        if target_date <= today:
            raise DomainError(_("The target date must be in the future."), field="target_date")
        if (target_date - today).days > TARGET_DATE_MAX_DAYS:
            raise DomainError(_("The target date must be within five years."), field="target_date")
    elif target_date is not None:
        raise DomainError(_("Only a proposed solution has a target date."), field="target_date")
    if kind == ExchangeKind.POSITION and legal_basis is None:
        raise DomainError(
            _("Choose the technical regulation or decision the position rests on."),
            field="legal_basis",
        )
    if (
        kind == ExchangeKind.ACKNOWLEDGEMENT
        and Exchange.objects.filter(
            barrier=barrier,
            regulator_id=barrier.regulator_id,
            kind=ExchangeKind.ACKNOWLEDGEMENT,
            created_at__gte=barrier.share.shared_at,
        ).exists()
    ):
        raise DomainError(_("The barrier is already acknowledged."), field="kind")
    if kind == ExchangeKind.RESOLVED:
        try:
            check_transition("barrier", barrier.status, BarrierStatus.RESOLVED)
        except DomainError as exc:
            raise DomainError(
                _("The barrier cannot be reported resolved in its present status."),
                field="kind",
            ) from exc
    if in_reply_to is not None and (
        in_reply_to.barrier_id != barrier.pk or in_reply_to.party != Party.EAEU
    ):
        raise DomainError(
            _("Reply to a message of the counterpart on this barrier."), field="in_reply_to"
        )


def exchange_post(
    *,
    actor: User,
    barrier: Barrier,
    kind: str,
    body_ru: str = "",
    body_en: str = "",
    target_date: dt.date | None = None,
    legal_basis: LegalBasis | None = None,
    in_reply_to: Exchange | None = None,
    files: Sequence[UploadedFile[bytes]] = (),
) -> Exchange:
    """Post one exchange on a shared barrier, with its files; all of it or nothing.

    The counterpart's focal points post the five EAEU kinds on barriers shared with their own
    regulator; officials with the sharing permission post India's reply.
    """
    if kind not in ExchangeKind.values:
        raise DomainError(_("Choose what kind of answer this is."), field="kind")
    if actor is None or not actor.is_active:
        raise DomainError(_("Sign in to answer."))
    is_eaeu = kind in EAEU_EXCHANGES
    if is_eaeu and actor.regulator_id is None:
        raise DomainError(_("Only a focal point of the regulator can give this answer."))
    if not is_eaeu and not actor.has_perm(REPLY_PERMISSION):
        raise DomainError(_("Only a triage officer can reply to the counterpart."))
    body_ru, body_en = _texts(body_ru, body_en)
    files = list(files)
    _files_check(files)
    stored: list[ExchangeDocument] = []
    try:
        with transaction.atomic():
            locked = row_lock(Barrier, barrier.pk)
            share = _active_share(locked)
            # The same answer for a barrier of another regulator and for one not shared at
            # all: a focal point learns nothing of barriers that are not theirs.
            if share is None or (is_eaeu and share.regulator_id != actor.regulator_id):
                raise DomainError(_("This barrier is not shared with your regulator."))
            if locked.status in BARRIER_CLOSED:
                raise DomainError(
                    _("The barrier is closed (%(status)s); it takes no more answers.")
                    % {"status": locked.get_status_display()}
                )
            _kind_check(
                kind=kind,
                barrier=locked,
                target_date=target_date,
                legal_basis=legal_basis,
                in_reply_to=in_reply_to,
            )
            exchange = Exchange.objects.create(
                barrier=locked,
                regulator=share.regulator,
                kind=kind,
                party=Party.EAEU if is_eaeu else Party.INDIA,
                author=actor,
                body_ru=body_ru,
                body_en=body_en,
                target_date=target_date,
                legal_basis=legal_basis,
                in_reply_to=in_reply_to,
            )
            for upload in files:
                stored.append(_document_store(exchange=exchange, actor=actor, upload=upload))
            _deadlines_meet(barrier=locked, exchange=exchange)
            if kind == ExchangeKind.CLARIFICATION:
                _deadline_open(
                    barrier=locked,
                    regulator=share.regulator,
                    stage=DeadlineStage.ANSWER_CLARIFICATION,
                    party=Party.INDIA,
                    today=timezone.localdate(),
                )
            _pending_on_set(
                barrier=locked,
                pending_on=PENDING_AFTER[kind],
                actor=actor,
                reason=f"{ExchangeKind(kind).label} ({share.regulator_id})",
            )
            if kind == ExchangeKind.RESOLVED:
                name = share.regulator.abbreviation or share.regulator.name
                # The exporters are asked to confirm, as for any resolved barrier.
                barrier_transition(
                    barrier=locked,
                    to=BarrierStatus.RESOLVED,
                    actor=actor,
                    note=f"{name} reports the barrier resolved.",
                )
            barrier_search_text_refresh(barrier=locked)
            notifications.exchange_posted_queue(exchange_id=exchange.pk)
            # The counterpart's latest answer and the exchange are on the agenda documents.
            barrier_documents_changed(barrier_ids=[locked.pk])
    except BaseException:
        for document in stored:
            document.file.storage.delete(document.file.name or "")
        raise
    return exchange


def _document_store(
    *, exchange: Exchange, actor: User, upload: UploadedFile[bytes]
) -> ExchangeDocument:
    checked = check_evidence(upload, name=upload.name or "", size=upload.size)
    document = ExchangeDocument(
        exchange=exchange,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    stored_file_save(document, upload, checked)
    return document


def exchange_forward(*, actor: User, exchange: Exchange, body: str) -> Exchange:
    """The owning official passes a request for clarification on to the barrier's exporters:
    `body` (the official's wording) goes on the thread of every accepted report of the barrier,
    and the exporters owe the next answer."""
    if not actor.has_perm(REPLY_PERMISSION):
        raise DomainError(_("Only a triage officer can forward a request to the exporters."))
    if exchange.kind != ExchangeKind.CLARIFICATION:
        raise DomainError(_("Only a request for clarification is forwarded to the exporters."))
    with transaction.atomic():
        locked = row_lock(Exchange, exchange.pk)
        if locked.forwarded_at is not None:
            raise DomainError(_("This request was already forwarded to the exporters."))
        reports = list(
            Report.objects.filter(barrier_id=locked.barrier_id, status=ReportStatus.ACCEPTED)
        )
        if not reports:
            raise DomainError(_("The barrier has no accepted report to forward the request to."))
        for report in reports:
            message_post(actor=actor, report=report, body=body)
        locked.forwarded_at = timezone.now()
        locked.forwarded_by = actor
        locked.save(update_fields=["forwarded_at", "forwarded_by"])
        barrier = row_lock(Barrier, locked.barrier_id)
        _pending_on_set(
            barrier=barrier,
            pending_on=PendingOn.EXPORTER,
            actor=actor,
            reason="Request for clarification forwarded to the exporters",
        )
    return locked


# ---------------------------------------------------------------------------------------------
# Reminders (a daily beat task)
# ---------------------------------------------------------------------------------------------


def deadline_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind whoever owes an answer: a few working days before the deadline, and once it has
    passed. Each reminder goes once per deadline (stamped), through the outbox."""
    today = today or timezone.localdate()
    before = settings.DEADLINE_REMINDER_WORKING_DAYS_BEFORE
    sent = 0
    deadlines: Iterable[Deadline] = (
        Deadline.objects.filter(met_at__isnull=True)
        .filter(reminded_after_at__isnull=True)
        .select_related("barrier", "regulator", "barrier__owner")
        .order_by("due_on", "pk")
    )
    for deadline in deadlines:
        if deadline.due_on < today:
            stage = "after"
        elif (
            deadline.reminded_before_at is None
            and workdays.working_days_between(today, deadline.due_on, deadline.calendar) <= before
        ):
            stage = "before"
        else:
            continue
        with transaction.atomic():
            locked = (
                Deadline.objects.select_for_update().filter(pk=deadline.pk, met_at=None).first()
            )
            if locked is None:
                continue
            now = timezone.now()
            if stage == "after":
                if locked.reminded_after_at is not None:
                    continue
                locked.reminded_after_at = now
            else:
                if locked.reminded_before_at is not None:
                    continue
                locked.reminded_before_at = now
            locked.save(update_fields=["reminded_before_at", "reminded_after_at"])
            notifications.deadline_reminder_queue(deadline_id=locked.pk, when=stage, today=today)
            sent += 1
    return sent
