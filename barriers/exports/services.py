"""Building meeting documents: at once for small ones, through a task for large ones.

Every export of data is logged (who, which meeting, which document, which format), whichever
way it was asked for: the API, the admin or the command line.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from barriers.domain.errors import DomainError
from barriers.domain.transitions import MEETING_TOOK_PLACE
from barriers.exports import FORMATS, file_name, renderer_for
from barriers.exports.data import (
    AGENDA,
    DOCUMENTS,
    OUTCOMES,
    ExportData,
    ExportRefused,
    agenda_data,
    export_item_count,
    outcomes_data,
)
from barriers.models import ExportFile, ExportStatus, Meeting, User

logger = logging.getLogger("barriers.exports")

# Built files are kept this long; older ones are dropped when the next export is requested.
EXPORT_FILES_KEEP = dt.timedelta(days=7)
BUILD_FAILED = "The document could not be built; ask for it again, or tell the administrators."


@dataclass(frozen=True)
class Rendered:
    content: bytes
    file_name: str
    media_type: str


def _actor(actor: User | None) -> str:
    if actor is None:
        return "the command line"
    return f"{actor.email} (id {actor.pk})"


def export_check(*, meeting: Meeting, document: str, format: str) -> None:
    """Refuse an unknown document or format, and the outcomes of a meeting not yet held."""
    if document not in DOCUMENTS:
        raise ExportRefused(
            f"Unknown document '{document}'; use one of: {', '.join(DOCUMENTS)}.",
            code="unknown_document",
        )
    if renderer_for(format) is None:
        raise ExportRefused(
            f"Unknown format '{format}'; use one of: {', '.join(FORMATS)}.", code="unknown_format"
        )
    if document == OUTCOMES and meeting.status not in MEETING_TOOK_PLACE:
        outcomes_data(meeting=meeting)  # raises the selector's own explanation


def export_data(*, meeting: Meeting, document: str) -> ExportData:
    """The data object of the agenda or the outcomes of `meeting`."""
    if document == AGENDA:
        return agenda_data(meeting=meeting)
    return outcomes_data(meeting=meeting)


def export_render(*, meeting: Meeting, document: str, format: str, actor: User | None) -> Rendered:
    """Build one document now and log who exported what."""
    export_check(meeting=meeting, document=document, format=format)
    renderer = renderer_for(format)
    assert renderer is not None
    data = export_data(meeting=meeting, document=document)
    content = renderer.render(data)
    logger.info(
        "Export: %s exported the %s of meeting %s as %s (%d items, %d bytes)",
        _actor(actor),
        document,
        meeting.code,
        format,
        data.size,
        len(content),
    )
    return Rendered(
        content=content,
        file_name=file_name(document=document, code=meeting.code, format=format),
        media_type=renderer.media_type,
    )


def export_is_large(*, meeting: Meeting, document: str) -> bool:
    """Whether the document lists EXPORT_ASYNC_MIN_ITEMS items or more (then a task builds it)."""
    return export_item_count(meeting=meeting, document=document) >= settings.EXPORT_ASYNC_MIN_ITEMS


def export_file_request(
    *, meeting: Meeting, document: str, format: str, actor: User | None
) -> ExportFile:
    """Queue a large document: a row now, built by a task once the transaction commits.

    The same person asking again while it is being built gets the same row. Files older than
    EXPORT_FILES_KEEP are dropped here, so they never pile up.
    """
    export_check(meeting=meeting, document=document, format=format)
    with transaction.atomic():
        ExportFile.objects.filter(created_at__lt=timezone.now() - EXPORT_FILES_KEEP).delete()
        existing = ExportFile.objects.filter(
            meeting=meeting,
            document=document,
            format=format,
            requested_by=actor,
            status=ExportStatus.PENDING,
        ).first()
        if existing is not None:
            return existing
        export = ExportFile.objects.create(
            meeting=meeting,
            document=document,
            format=format,
            requested_by=actor,
            file_name=file_name(document=document, code=meeting.code, format=format),
        )
        logger.info(
            "Export: %s asked for the %s of meeting %s as %s (export %s, built by a task)",
            _actor(actor),
            document,
            meeting.code,
            format,
            export.pk,
        )
        transaction.on_commit(lambda: _enqueue(str(export.pk)))
    return export


def _enqueue(export_id: str) -> None:
    """Hand the export to a worker; if the broker cannot take it, build it here instead."""
    from barriers.exports.tasks import export_file_build as task

    try:
        task.delay(export_id)
    except Exception:
        logger.warning(
            "Broker unavailable; building export %s in process", export_id, exc_info=True
        )
        export_file_build(export_id=export_id)


def export_file_build(*, export_id: str) -> ExportFile | None:
    """Build a queued document once: a second run finds it built and does nothing.

    The row is locked while it is built, so two workers given the same export build it once.
    """
    with transaction.atomic():
        export = (
            ExportFile.objects.select_for_update(of=("self",))
            .select_related("meeting", "requested_by")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status != ExportStatus.PENDING:
            return export
        try:
            rendered = export_render(
                meeting=export.meeting,
                document=export.document,
                format=export.format,
                actor=export.requested_by,
            )
        except DomainError as exc:
            export.status, export.error = ExportStatus.FAILED, exc.message
        except Exception:
            logger.exception("Export %s could not be built", export.pk)
            export.status, export.error = ExportStatus.FAILED, BUILD_FAILED
        else:
            export.status = ExportStatus.READY
            export.content = rendered.content
            export.size = len(rendered.content)
            export.file_name = rendered.file_name
            export.media_type = rendered.media_type
        export.finished_at = timezone.now()
        export.save(
            update_fields=[
                "status",
                "error",
                "content",
                "size",
                "file_name",
                "media_type",
                "finished_at",
            ]
        )
    return export


def export_file_get(*, export_id: str) -> ExportFile | None:
    """One export by id (officials only: the views check who is asking)."""
    return ExportFile.objects.select_related("meeting").filter(pk=export_id).first()


def export_file_downloaded(*, export: ExportFile, actor: User | None) -> None:
    """Log the download of a built document."""
    logger.info(
        "Export: %s downloaded the %s of meeting %s as %s (export %s, %d bytes)",
        _actor(actor),
        export.document,
        export.meeting.code,
        export.format,
        export.pk,
        export.size,
    )
