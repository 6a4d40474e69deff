"""Documents on barriers and meetings: letters, minutes, protocols, under the evidence checks."""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.db import transaction
from django.utils import timezone

from barriers.domain.errors import DomainError
from barriers.evidence.files import check_evidence, stored_file_save
from barriers.models import Barrier, CaseDocument, CaseDocumentKind, Meeting, User
from barriers.services.base import row_lock
from barriers.services.reports import message_post

TITLE_MAX = 200


def _check_official(actor: User) -> None:
    if not (actor.is_active and actor.is_staff):
        raise DomainError("Only officials can file documents on barriers and meetings.")


def case_document_attach(
    *,
    actor: User,
    upload: IO[bytes],
    name: str,
    kind: str,
    title: str,
    dated: dt.date | None = None,
    shared: bool = False,
    barrier: Barrier | None = None,
    meeting: Meeting | None = None,
) -> CaseDocument:
    """File a letter, minutes, protocol or other document on a barrier or a meeting, after the
    same checks as evidence (type by content, size, active content); `shared` shows it to the
    barrier's exporters and the counterpart's focal points."""
    _check_official(actor)
    if (barrier is None) == (meeting is None):
        raise DomainError("A document goes on one barrier or one meeting.")
    if kind not in CaseDocumentKind.values:
        choices = ", ".join(str(label).lower() for label in CaseDocumentKind.labels)
        raise DomainError(f"Choose what the document is: {choices}.", field="kind")
    title = " ".join((title or "").split())
    if not title:
        raise DomainError("Give the document a title.", field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(f"Keep the title within {TITLE_MAX} characters.", field="title")
    today = timezone.localdate()
    dated = dated or today
    if dated > today:
        raise DomainError("The document's date cannot be in the future.", field="dated")
    checked = check_evidence(upload, name=name, size=getattr(upload, "size", None))
    with transaction.atomic():
        if barrier is not None:
            barrier = row_lock(Barrier, barrier.pk)
        document = CaseDocument(
            barrier=barrier,
            meeting=meeting,
            kind=kind,
            title=title,
            dated=dated,
            shared=bool(shared),
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        stored_file_save(document, upload, checked)
        if barrier is not None:
            message_post(
                actor=actor,
                barrier=barrier,
                internal=True,
                body=f"Document filed: {document.get_kind_display()} “{title}” of "
                f"{dated:%d %B %Y}{' (shared)' if document.shared else ''}.",
            )
    return document


def case_document_set_shared(*, document: CaseDocument, actor: User, shared: bool) -> CaseDocument:
    """Show the document to exporters and counterparts, or take it back (officials only)."""
    _check_official(actor)
    with transaction.atomic():
        document = row_lock(CaseDocument, document.pk)
        if document.shared == bool(shared):
            return document
        document.shared = bool(shared)
        document.save(update_fields=["shared"])
        if document.barrier_id is not None:
            message_post(
                actor=actor,
                barrier=document.barrier,
                internal=True,
                body=f"Document “{document.title}” "
                f"{'shared with exporters and the counterpart' if shared else 'no longer shared'}.",
            )
    return document
