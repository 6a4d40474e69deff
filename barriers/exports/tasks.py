"""Celery entry point for large meeting documents (listed in CELERY_IMPORTS for the worker)."""

from __future__ import annotations

from celery import shared_task

from barriers.exports import rendering


@shared_task(acks_late=True)
def export_file_build(export_id: str) -> str | None:
    """Build one queued meeting document; safe to run twice (the second run does nothing)."""
    export = rendering.export_file_build(export_id=export_id)
    return export.status if export is not None else None
