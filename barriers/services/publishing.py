"""The public register: officials publish a barrier with reviewed public texts, edit them, and
take it down; every change the public sees bumps the register's cache version after commit.

What the public is shown is read by selectors.public (never the internal texts, the
counterpart's, names of companies that did not consent, or figures per company).
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from barriers.domain import search_text
from barriers.domain.errors import DomainError
from barriers.models import Barrier, HSCode, PublicStatisticsSnapshot, User
from barriers.notifications.emails import publish_pause
from barriers.selectors.public import (
    PUBLIC_VERSION_KEY,
    PublicStatistics,
    public_register_version,
    public_statistics_compute,
    public_statistics_snapshot,
)
from barriers.services.base import history_stamp, row_lock
from barriers.services.following import follow_event_published

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "barriers.publish_barrier"
PUBLIC_TITLE_MAX = 200
PUBLIC_SUMMARY_MAX = 5000


def publishing_allowed(actor: User | None) -> bool:
    """Whether `actor` may publish, edit the public text of, or unpublish a barrier."""
    return bool(
        actor is not None
        and actor.is_active
        and actor.is_staff
        and actor.has_perm(PUBLISH_PERMISSION)
    )


def _require(actor: User | None) -> User:
    if actor is None or not publishing_allowed(actor):
        raise DomainError("Only officials allowed to publish barriers can change the register.")
    return actor


def _texts(public_title: str, public_summary: str) -> tuple[str, str]:
    title = (public_title or "").strip()
    summary = (public_summary or "").strip()
    if not title:
        raise DomainError("Give the barrier a public title.", field="public_title")
    if len(title) > PUBLIC_TITLE_MAX:
        raise DomainError(
            f"Keep the public title to {PUBLIC_TITLE_MAX} characters (it has {len(title)}).",
            field="public_title",
        )
    if not summary:
        raise DomainError("Give the barrier a public summary.", field="public_summary")
    if len(summary) > PUBLIC_SUMMARY_MAX:
        raise DomainError(
            f"Keep the public summary to {PUBLIC_SUMMARY_MAX} characters (it has {len(summary)}).",
            field="public_summary",
        )
    return title, summary


def public_register_touch(*, barrier: Barrier | None = None) -> None:
    """Something the public sees changed: date the barrier's public change (when published) and
    bump the version every cached public page is keyed by, now and again once the transaction
    commits (a page read meanwhile, from the old rows, is not kept under the new version)."""
    if barrier is not None:
        if barrier.published_at is None:
            return  # nothing the public sees (the row as the caller read it, locked)
        Barrier.objects.filter(pk=barrier.pk, published_at__isnull=False).update(
            public_changed_at=timezone.now()
        )

    def bump() -> None:
        try:
            cache.incr(PUBLIC_VERSION_KEY)
        except ValueError:  # not set yet (or evicted): any new value invalidates
            cache.set(PUBLIC_VERSION_KEY, timezone.now().timestamp(), timeout=None)

    bump()
    transaction.on_commit(bump)
    transaction.on_commit(public_statistics_rebuild_soon)


def _public_search_text_refresh(barrier: Barrier) -> str:
    if barrier.published_at is None:
        return ""
    codes = list(HSCode.objects.filter(barriers=barrier).order_by("code"))
    return search_text.barrier_public_search_text(barrier, codes)


def barrier_publish(
    *,
    barrier: Barrier,
    actor: User | None,
    public_title: str,
    public_summary: str,
    show_companies: bool = False,
) -> Barrier:
    """Publish the barrier with reviewed public texts (or change them while it is published).

    Companies are named only when `show_companies` and the company consented to be named on the
    register (Report.consent_to_publish); the others are counted."""
    official = _require(actor)
    title, summary = _texts(public_title, public_summary)
    with transaction.atomic():
        barrier = (
            Barrier.objects.select_for_update(of=("self",))
            .select_related("regulator", "destination_country", "barrier_kind")
            .get(pk=barrier.pk)
        )
        now = timezone.now()
        first = barrier.published_at is None
        barrier.public_title = title
        barrier.public_summary = summary
        barrier.public_show_companies = bool(show_companies)
        if first:
            barrier.published_at = now
            barrier.published_by = official
        barrier.public_changed_at = now
        barrier.public_search_text = _public_search_text_refresh(barrier)
        history_stamp(
            barrier,
            actor=official,
            reason="Published on the public register" if first else "Public text changed",
        )
        barrier.save(
            update_fields=[
                "public_title",
                "public_summary",
                "public_show_companies",
                "published_at",
                "published_by",
                "public_changed_at",
                "public_search_text",
            ]
        )
        if first:  # new to the exporters who follow what it is about but had no report on it
            follow_event_published(barrier=barrier)
        public_register_touch()
    return barrier


def barrier_unpublish(*, barrier: Barrier, actor: User | None, note: str = "") -> Barrier:
    """Take the barrier off the public register at once (its public texts are kept for a later
    publication)."""
    official = _require(actor)
    with transaction.atomic():
        barrier = row_lock(Barrier, barrier.pk)
        if barrier.published_at is None:
            raise DomainError(f"{barrier.reference} is not on the public register.")
        barrier.published_at = None
        barrier.published_by = None
        barrier.public_changed_at = timezone.now()
        barrier.public_search_text = ""
        reason = "Taken off the public register"
        if note.strip():
            reason = f"{reason}: {note.strip()}"
        history_stamp(barrier, actor=official, reason=reason)
        barrier.save(
            update_fields=[
                "published_at",
                "published_by",
                "public_changed_at",
                "public_search_text",
            ]
        )
        public_register_touch()
    return barrier


def barrier_public_search_text_refresh(*, barrier: Barrier) -> None:
    """After the barrier's regulator, country, kind or HS codes change: its public search text."""
    barrier = Barrier.objects.select_related(
        "regulator", "destination_country", "barrier_kind"
    ).get(pk=barrier.pk)
    if barrier.published_at is None:
        return
    Barrier.objects.filter(pk=barrier.pk).update(
        public_search_text=_public_search_text_refresh(barrier)
    )
    public_register_touch(barrier=barrier)


# ---------------------------------------------------------------------------------------------
# The statistics page's figures: worked out by a worker, read from one row
# ---------------------------------------------------------------------------------------------

# The snapshot is one row, worked out again after every change of the register (by a worker,
# or by the next page view if no worker did) and when older than this: the days pending grow
# with the date even when nothing is published (beat also rebuilds it every hour).
STATISTICS_SNAPSHOT_ID = 1
STATISTICS_MAX_AGE = dt.timedelta(hours=1)


def public_statistics_rebuild(*, force: bool = True) -> PublicStatistics | None:
    """Work out the public statistics and keep them as the snapshot the page reads.

    Without `force`, nothing is done when the snapshot is current (the register's version, and
    younger than STATISTICS_MAX_AGE): a change's several after-commit requests cost one build.
    Returns the figures written, or None when nothing was done.
    """
    version = public_register_version()  # before reading: a change meanwhile makes it stale
    if not force:
        latest = public_statistics_snapshot()
        if latest is not None and not public_statistics_stale(*latest, current=version):
            return None
    figures = public_statistics_compute()
    figures.computed_at = timezone.now()
    values = {"version": version, "computed_at": figures.computed_at, "figures": figures.as_json()}
    rows = PublicStatisticsSnapshot.objects.filter(pk=STATISTICS_SNAPSHOT_ID)
    if not rows.update(**values):
        try:
            with transaction.atomic():
                PublicStatisticsSnapshot.objects.create(pk=STATISTICS_SNAPSHOT_ID, **values)
        except IntegrityError:  # another build created it meanwhile
            rows.update(**values)
    return figures


def public_statistics_stale(
    figures: PublicStatistics, version: str, *, current: str | None = None
) -> bool:
    """Whether figures taken at `version` are behind the register or older than the max age."""
    current = public_register_version() if current is None else current
    return (
        version != current
        or figures.computed_at is None
        or timezone.now() - figures.computed_at > STATISTICS_MAX_AGE
    )


def public_statistics_current() -> PublicStatistics:
    """The statistics page's figures: the snapshot (one query) while it is current; otherwise
    worked out here and kept, as when a worker has not rebuilt them yet after a change."""
    latest = public_statistics_snapshot()
    if latest is not None and not public_statistics_stale(*latest):
        return latest[0]
    figures = public_statistics_rebuild(force=True)
    assert figures is not None  # forced
    return figures


# Celery's decorator is untyped; the task is a thin entry point like those of barriers.tasks.
@shared_task(name="barriers.tasks.public_statistics_rebuild", acks_late=True)  # type: ignore[untyped-decorator]
def public_statistics_rebuild_task(force: bool = False) -> bool:
    """Work out the public statistics again (after a change, and hourly from beat)."""
    return public_statistics_rebuild(force=force) is not None


def public_statistics_rebuild_soon() -> None:
    """Ask a worker to work out the statistics again, so that the next page view finds them
    ready; never raises (runs after commit). With the broker down, the next page view works
    them out itself (public_statistics_current)."""
    if publish_pause.active():
        logger.info("Broker recently unreachable; the public statistics wait")
        return
    try:
        public_statistics_rebuild_task.delay()
    except OperationalError:
        publish_pause.trip()
        logger.warning("Broker unavailable; the public statistics wait", exc_info=True)
    except Exception:
        logger.exception("Could not ask a worker to rebuild the public statistics")
