"""The exporters' portal: filing and posting with evidence (all or nothing), confirming a fix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from barriers import notifications
from barriers.domain.errors import DomainError
from barriers.evidence.files import check_evidence_each
from barriers.models import (
    Barrier,
    BarrierStatus,
    Company,
    Document,
    FixConfirmation,
    Message,
    Report,
    ReportStatus,
    User,
)
from barriers.services.base import history_stamp, row_lock
from barriers.services.reports import document_attach, message_post, report_create


def _evidence_check_all(evidence: Sequence[UploadedFile[bytes]]) -> None:
    """Check every file before any is stored, naming the file that is refused."""
    check_evidence_each(evidence, field="evidence")


def _evidence_attach_all(
    *,
    report: Report,
    actor: User,
    evidence: Sequence[UploadedFile[bytes]],
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
        document.file.storage.delete(document.file.name or "")


def report_submit(
    *, actor: User, company: Company, evidence: Sequence[UploadedFile[bytes]] = (), **report: Any
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
    *, actor: User, report: Report, body: str, evidence: Sequence[UploadedFile[bytes]] = ()
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
    """An exporter answers "are your shipments clearing again?" for their company.

    Each company's latest answer is kept (FixConfirmation). A "no" does not change the status:
    it flags the barrier for an official's review (who answered, when) and tells the barrier's
    owner; the official reopens it or keeps it resolved (services.lifecycle). The exporter's own
    words go to officials as an internal note: the barrier is shared by several companies, and
    its public history (and e-mail) reaches all of them.
    """
    if not actor.is_staff and (
        # Reports always belong to a company: an account without one has none accepted.
        actor.company_id is None
        or not Report.objects.filter(
            barrier=barrier, company_id=actor.company_id, status=ReportStatus.ACCEPTED
        ).exists()
    ):
        raise DomainError("Your company has no accepted report on this barrier.")
    company = actor.company
    if company is None:
        raise DomainError("Only a company's users answer for it.")
    if not cleared and not reason.strip():
        raise DomainError(
            "Tell us what still goes wrong, so that officials can take it up again.",
            field="reason",
        )
    who = f"{company.name} ({company.iec})"
    with transaction.atomic():
        barrier = row_lock(Barrier, barrier.pk)
        if barrier.status != BarrierStatus.RESOLVED:
            raise DomainError(
                f"The barrier is {barrier.get_status_display().lower()}, not resolved: "
                "there is no fix to confirm."
            )
        now = timezone.now()
        answer, _created = FixConfirmation.objects.update_or_create(
            barrier=barrier,
            company=company,
            defaults={
                "fixed": cleared,
                "note": reason.strip(),
                "answered_by": actor,
                "answered_at": now,
            },
        )
        if cleared:
            body = f"{who} confirmed that shipments are clearing again."
            message_post(actor=actor, barrier=barrier, body=f"{body} {reason}".strip())
            return barrier
        message_post(
            actor=actor,
            barrier=barrier,
            body=f"{who} reported that shipments are still not clearing: {reason.strip()}",
        )
        barrier.review_flagged_at = now
        barrier.review_flagged_by = actor
        history_stamp(barrier, actor=actor, reason="Flagged for review: a company says not fixed")
        barrier.save(update_fields=["review_flagged_at", "review_flagged_by"])
        notifications.fix_disputed_queue(
            barrier=barrier,
            company=company,
            note=reason.strip(),
            event_key=f"{answer.pk}:{now.isoformat()}",
        )
        return barrier
