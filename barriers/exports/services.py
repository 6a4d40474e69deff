"""Meeting documents for the API, the admin and the command line: at once for small ones
(`export_render`, from `rendering`), through a task for large ones (`export_file_request`);
either way from the stored build when it is current (`export_stored`, barriers.exports.builds).

Every export of data is logged (who, which meeting, which document, which format), whichever
way it was asked for: the API, the admin or the command line.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from barriers import services
from barriers.domain.editions import INTERNAL, JOINT
from barriers.exports import file_name
from barriers.exports.data import (
    export_item_count,
)
from barriers.exports.rendering import Rendered as Rendered
from barriers.exports.rendering import (
    actor_label,
    export_check,
    export_file_build,
)
from barriers.exports.rendering import export_render as export_render
from barriers.exports.rendering import export_stored as export_stored
from barriers.models import ExportFile, ExportStatus, Meeting, User

logger = logging.getLogger("barriers.exports")

# Built files are kept this long; older ones are dropped when the next export is requested.
EXPORT_FILES_KEEP = dt.timedelta(days=7)


def export_is_large(*, meeting: Meeting, document: str) -> bool:
    """Whether the document lists EXPORT_ASYNC_MIN_ITEMS items or more (then a task builds it)."""
    return export_item_count(meeting=meeting, document=document) >= settings.EXPORT_ASYNC_MIN_ITEMS


def export_download(
    *, meeting: Meeting, document: str, format: str, actor: User | None, edition: str = INTERNAL
) -> Rendered | ExportFile:
    """What a download gets: the stored build when it is current (no rendering); otherwise a
    small document rendered now, or a large one queued for a task (its ExportFile)."""
    if export_is_large(meeting=meeting, document=document):
        stored = export_stored(
            meeting=meeting, document=document, format=format, actor=actor, edition=edition
        )
        if stored is not None:
            return stored
        return export_file_request(
            meeting=meeting, document=document, format=format, actor=actor, edition=edition
        )
    return export_render(
        meeting=meeting, document=document, format=format, actor=actor, edition=edition
    )


def export_file_request(
    *, meeting: Meeting, document: str, format: str, actor: User | None, edition: str = INTERNAL
) -> ExportFile:
    """Queue a large document: a row now, built by a task once the transaction commits.

    The same person asking again while it is being built gets the same row. Files older than
    EXPORT_FILES_KEEP are dropped here, so they never pile up.
    """
    export_check(meeting=meeting, document=document, format=format, edition=edition)
    with transaction.atomic():
        ExportFile.objects.filter(created_at__lt=timezone.now() - EXPORT_FILES_KEEP).delete()
        existing = ExportFile.objects.filter(
            meeting=meeting,
            document=document,
            format=format,
            edition=edition,
            requested_by=actor,
            status=ExportStatus.PENDING,
        ).first()
        if existing is not None:
            return existing
        export = ExportFile.objects.create(
            meeting=meeting,
            document=document,
            format=format,
            edition=edition,
            requested_by=actor,
            file_name=file_name(
                document=document, code=meeting.code, format=format, edition=edition
            ),
        )
        logger.info(
            "Export: %s asked for the %s (%s edition) of meeting %s as %s (export %s, built by "
            "a task)",
            actor_label(actor),
            document,
            edition,
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


def export_file_get(*, export_id: str) -> ExportFile | None:
    """One export by id (officials only: the views check who is asking)."""
    return ExportFile.objects.select_related("meeting").filter(pk=export_id).first()


def export_file_downloaded(*, export: ExportFile, actor: User | None) -> None:
    """Log the download of a built document."""
    logger.info(
        "Export: %s downloaded the %s of meeting %s as %s (export %s, %d bytes)",
        actor_label(actor),
        export.document,
        export.meeting.code,
        export.format,
        export.pk,
        export.size,
    )


def joint_agenda_circulate(*, meeting: Meeting, actor: User) -> ExportFile:
    """Circulate the joint agenda to the EAEU side: `services.agenda_circulate` (the Russian
    text check, the stamp, the e-mails to the focal points) and, in the same transaction, the
    joint edition's PDF queued for a task to build once it commits.

    Composed here because the services layer does not import the exports (import-linter's
    layers); every door that circulates calls this.
    """
    with transaction.atomic():
        meeting = services.agenda_circulate(meeting=meeting, actor=actor)
        return export_file_request(
            meeting=meeting, document="agenda", format="pdf", actor=actor, edition=JOINT
        )
