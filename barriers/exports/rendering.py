"""Building one meeting document: at once (`export_render`), or a queued one by a task
(`export_file_build`). Every build is logged: who, which meeting, which document, which format.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from barriers.domain.editions import EDITIONS, INTERNAL, JOINT
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
    joint_check,
    outcomes_data,
)
from barriers.models import ExportFile, ExportStatus, Meeting, User

logger = logging.getLogger("barriers.exports")
BUILD_FAILED = "The document could not be built; ask for it again, or tell the administrators."


@dataclass(frozen=True)
class Rendered:
    content: bytes
    file_name: str
    media_type: str


def actor_label(actor: User | None) -> str:
    if actor is None:
        return "the command line"
    return f"{actor.email} (id {actor.pk})"


def export_check(*, meeting: Meeting, document: str, format: str, edition: str = INTERNAL) -> None:
    """Refuse an unknown document, format or edition, the outcomes of a meeting not yet held,
    and a joint edition whose items lack Russian text (naming each barrier and field)."""
    if edition not in EDITIONS:
        raise ExportRefused(
            f"Unknown edition '{edition}'; use one of: {', '.join(EDITIONS)}.",
            code="unknown_edition",
        )
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
    if edition == JOINT:
        joint_check(meeting)


def export_data(*, meeting: Meeting, document: str, edition: str = INTERNAL) -> ExportData:
    """The data object of the agenda or the outcomes of `meeting`, in `edition`."""
    if document == AGENDA:
        return agenda_data(meeting=meeting, edition=edition)
    return outcomes_data(meeting=meeting, edition=edition)


def export_render(
    *,
    meeting: Meeting,
    document: str,
    format: str,
    actor: User | None,
    edition: str = INTERNAL,
) -> Rendered:
    """Build one document now and log who exported what."""
    export_check(meeting=meeting, document=document, format=format, edition=edition)
    renderer = renderer_for(format)
    assert renderer is not None
    data = export_data(meeting=meeting, document=document, edition=edition)
    content = renderer.render(data)
    logger.info(
        "Export: %s exported the %s (%s edition) of meeting %s as %s (%d items, %d bytes)",
        actor_label(actor),
        document,
        edition,
        meeting.code,
        format,
        data.size,
        len(content),
    )
    return Rendered(
        content=content,
        file_name=file_name(document=document, code=meeting.code, format=format, edition=edition),
        media_type=renderer.media_type,
    )


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
                edition=export.edition,
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
