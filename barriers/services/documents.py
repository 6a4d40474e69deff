"""Keeping the meeting documents built: every change a meeting's documents show asks a worker,
after commit, to rebuild them, so that the next download is served from storage.

What is current is decided by the content version (barriers.exports.builds): a download compares
the version of the data it would render with the stored build's, so a change that forgets to
call here costs a render on the next download, never a stale document. These calls only make
the build happen before the download does.

The services layer does not import the exports (import-linter's layers): the build task is
named here and sent by name (barriers.exports.tasks registers it in every process).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import current_app
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import QuerySet
from kombu.exceptions import OperationalError

from barriers.models import (
    ActionPoint,
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierStatus,
    Meeting,
    MeetingStatus,
    User,
)
from barriers.notifications.emails import publish_pause

logger = logging.getLogger(__name__)

DOCUMENTS_BUILD_TASK = "barriers.tasks.meeting_documents_build"
# Set while a build of the meeting's documents is queued and not yet started: a burst of changes
# queues one build (the task clears it before reading, so a change after that queues another).
# Expires in case the task is lost. Only with a cache the worker shares (Redis in production):
# with a cache of each process's own the worker could not clear it, and later changes would
# wait for the mark to expire, so there every change queues a build (a build of unchanged
# documents renders nothing).
QUEUED_KEY = "meeting-documents-queued:{meeting_id}"
QUEUED_TIMEOUT = 10 * 60


def meeting_documents_changed(*, meeting: Meeting | int) -> None:
    """What `meeting`'s documents show changed: after commit, ask a worker to rebuild them."""
    meeting_id = meeting if isinstance(meeting, int) else meeting.pk
    if settings.EXPORT_PREBUILD:
        transaction.on_commit(lambda: meeting_documents_build_soon(meeting_id=meeting_id))


def barrier_documents_changed(
    *, barrier_ids: Iterable[int | None], resolved_annex: bool = False
) -> None:
    """Something the documents show of these barriers changed (their text, reports, the
    counterpart's answers): rebuild the documents of the meetings under way that list them.

    A resolved barrier is also in the agendas' annex of barriers resolved since the last
    meeting, whether listed or not: then (and with `resolved_annex`, for a barrier that was
    resolved or no longer is) every meeting under way.
    """
    if not settings.EXPORT_PREBUILD:
        return
    ids = [pk for pk in barrier_ids if pk is not None]
    if not ids:
        return
    if resolved_annex or Barrier.objects.filter(pk__in=ids, status=BarrierStatus.RESOLVED).exists():
        documents_under_way_changed()
        return
    for meeting_id in _meetings_under_way(AgendaItem.objects.filter(barrier_id__in=ids)):
        meeting_documents_changed(meeting=meeting_id)


def documents_under_way_changed() -> None:
    """Something any meeting's documents may show changed (reference data such as a
    regulator's name, the barriers resolved since the last meeting, which meeting was the last
    held): rebuild the documents of every meeting under way with items. Cheap for a meeting
    whose documents did not change: the build compares content versions and renders nothing."""
    if not settings.EXPORT_PREBUILD:
        return
    for meeting_id in _meetings_under_way(AgendaItem.objects.all()):
        meeting_documents_changed(meeting=meeting_id)


def owner_documents_changed(*, owner: User) -> None:
    """The name or address of `owner` changed: rebuild the documents of the meetings under way
    that name them as the owner of an action point (the outcomes)."""
    if not settings.EXPORT_PREBUILD:
        return
    for meeting_id in (
        ActionPoint.objects.filter(owner=owner)
        .exclude(meeting__status=MeetingStatus.CLOSED)
        .values_list("meeting_id", flat=True)
        .distinct()
    ):
        meeting_documents_changed(meeting=meeting_id)


def _meetings_under_way(items: QuerySet[AgendaItem]) -> list[int]:
    """The meetings, not closed, of `items` still on their agenda or reserve list."""
    return list(
        items.exclude(section=AgendaSection.REMOVED)
        .exclude(meeting__status=MeetingStatus.CLOSED)
        .values_list("meeting_id", flat=True)
        .distinct()
    )


def meeting_documents_build_soon(*, meeting_id: int) -> None:
    """Hand the build of a meeting's documents to a worker unless one is already queued; never
    raises (runs after commit). With the broker down the next download builds the document."""
    key = QUEUED_KEY.format(meeting_id=meeting_id)
    if publish_pause.active():
        logger.info("Broker recently unreachable; meeting %s's documents wait", meeting_id)
        return
    if _cache_shared() and not cache.add(key, 1, timeout=QUEUED_TIMEOUT):
        return  # a build is queued and has not started: it will read this change
    task = current_app.tasks.get(DOCUMENTS_BUILD_TASK)
    try:
        if task is not None:
            task.delay(meeting_id)
        else:  # a process that did not load the task: a worker that has it will run it
            current_app.send_task(DOCUMENTS_BUILD_TASK, args=(meeting_id,))
    except OperationalError:
        cache.delete(key)
        publish_pause.trip()
        logger.warning("Broker unavailable; meeting %s's documents wait", meeting_id, exc_info=True)
    except Exception:
        cache.delete(key)
        logger.exception("Could not ask a worker to build meeting %s's documents", meeting_id)


def _cache_shared() -> bool:
    """Whether the cache is one the workers see too (not a process's own memory)."""
    return not isinstance(caches["default"], LocMemCache)


def meeting_documents_build_started(*, meeting_id: int) -> None:
    """The build task has started: a change from now on queues another build."""
    cache.delete(QUEUED_KEY.format(meeting_id=meeting_id))
