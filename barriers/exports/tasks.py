"""Celery entry points for the meeting documents (listed in CELERY_IMPORTS for the worker, and
imported when Django starts so that the services can send the build task by name)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from barriers.exports import rendering
from barriers.services.documents import DOCUMENTS_BUILD_TASK, meeting_documents_build_started


@shared_task(acks_late=True)
def export_file_build(export_id: str) -> str | None:
    """Build one queued meeting document; safe to run twice (the second run does nothing)."""
    export = rendering.export_file_build(export_id=export_id)
    return export.status if export is not None else None


@shared_task(name=DOCUMENTS_BUILD_TASK, acks_late=True)
def meeting_documents_build(meeting_id: int) -> int:
    """Rebuild the stored documents of a meeting that changed; skips those already current."""
    meeting_documents_build_started(meeting_id=meeting_id)
    return rendering.meeting_documents_build(meeting_id=meeting_id)


@shared_task(name="barriers.tasks.meeting_documents_build_under_way", acks_late=True)
def meeting_documents_build_under_way() -> int:
    """The beat's nightly rebuild of the documents of the meetings not closed (when kept)."""
    if not settings.EXPORT_PREBUILD:
        return 0
    return rendering.meeting_documents_build_under_way()
