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
from barriers.exports import FORMATS, builds, file_name, renderer_for
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
from barriers.models import ExportFile, ExportStatus, Meeting, MeetingStatus, User

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
    """One document now, and log who exported what: its stored build when that is current
    (served without rendering), otherwise rendered here (and stored, for the formats kept
    built)."""
    rendered = _export(
        meeting=meeting, document=document, format=format, actor=actor, edition=edition, build=True
    )
    assert rendered is not None  # built
    return rendered


def export_stored(
    *,
    meeting: Meeting,
    document: str,
    format: str,
    actor: User | None,
    edition: str = INTERNAL,
) -> Rendered | None:
    """The document's stored build if it is current (logged as an export), else None: then
    the caller has it built (a large one by a task)."""
    return _export(
        meeting=meeting, document=document, format=format, actor=actor, edition=edition, build=False
    )


def _export(
    *,
    meeting: Meeting,
    document: str,
    format: str,
    actor: User | None,
    edition: str,
    build: bool,
) -> Rendered | None:
    export_check(meeting=meeting, document=document, format=format, edition=edition)
    renderer = renderer_for(format)
    assert renderer is not None
    data = export_data(meeting=meeting, document=document, edition=edition)
    version = builds.content_version(data)
    stored = builds.build_current(
        meeting=meeting, document=document, format=format, edition=edition, version=version
    )
    if stored is not None:
        content = bytes(stored.content)
        how = f"stored build of {stored.built_at:%Y-%m-%d %H:%M:%S} UTC"
    elif not build:
        return None
    else:
        content = renderer.render(data)
        how = "rendered now"
        if format in builds.BUILT_FORMATS:
            _store(
                meeting=meeting,
                document=document,
                format=format,
                edition=edition,
                version=version,
                content=content,
            )
    logger.info(
        "Export: %s exported the %s (%s edition) of meeting %s as %s (%d items, %d bytes, %s)",
        actor_label(actor),
        document,
        edition,
        meeting.code,
        format,
        data.size,
        len(content),
        how,
    )
    return Rendered(
        content=content,
        file_name=file_name(document=document, code=meeting.code, format=format, edition=edition),
        media_type=renderer.media_type,
    )


def _store(
    *, meeting: Meeting, document: str, format: str, edition: str, version: str, content: bytes
) -> None:
    """Keep `content` as the stored build of this document, under its download's file name and
    media type."""
    renderer = renderer_for(format)
    assert renderer is not None
    builds.build_store(
        meeting=meeting,
        document=document,
        format=format,
        edition=edition,
        version=version,
        content=content,
        file_name=file_name(document=document, code=meeting.code, format=format, edition=edition),
        media_type=renderer.media_type,
    )


def meeting_documents_build(*, meeting_id: int) -> int:
    """Bring the stored builds of a meeting under way up to date; returns how many were
    rendered. Safe to run twice, and cheap when nothing changed: each document's data is read
    once and its version compared with the stored builds', and only those behind are rendered.

    The agenda in both editions (the joint one once every item has its Russian text), and the
    outcomes once the meeting is held, in BUILT_FORMATS; nothing for a closed meeting (its
    documents are built when downloaded).
    """
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None or meeting.status == MeetingStatus.CLOSED:
        return 0
    stored = builds.build_versions(meeting=meeting)
    documents = [AGENDA, OUTCOMES] if meeting.status in MEETING_TOOK_PLACE else [AGENDA]
    rendered = 0
    for document in documents:
        for edition in EDITIONS:
            try:
                export_check(meeting=meeting, document=document, format="pdf", edition=edition)
                data = export_data(meeting=meeting, document=document, edition=edition)
            except DomainError:
                continue  # refused (a joint edition lacking Russian text): nothing to build
            version = builds.content_version(data)
            for format in builds.BUILT_FORMATS:
                if stored.get((document, format, edition)) == version:
                    continue
                renderer = renderer_for(format)
                assert renderer is not None
                try:
                    content = renderer.render(data)
                except Exception:
                    logger.exception(
                        "The %s (%s edition) of meeting %s as %s could not be built",
                        document,
                        edition,
                        meeting.code,
                        format,
                    )
                    continue
                _store(
                    meeting=meeting,
                    document=document,
                    format=format,
                    edition=edition,
                    version=version,
                    content=content,
                )
                rendered += 1
    logger.info("Documents of meeting %s: %d built, the others current", meeting.code, rendered)
    return rendered


def meeting_documents_build_under_way() -> int:
    """Rebuild the documents of every meeting not closed (after midnight: the date shown and
    the days pending changed, so yesterday's builds are not current); returns how many."""
    meeting_ids = Meeting.objects.exclude(status=MeetingStatus.CLOSED).values_list("pk", flat=True)
    return sum(meeting_documents_build(meeting_id=pk) for pk in meeting_ids)


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
