"""Follow events: written in the caller's transaction like an outbox row, handed to a worker
after commit; with the broker down (`publish_pause`) they wait for the beat sweep, so nothing is
lost. The tasks keep `barriers.tasks.*` names, like the outbox's."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from kombu.exceptions import OperationalError

from barriers.models import Barrier, FollowEvent
from barriers.notifications import following
from barriers.notifications.emails import publish_pause

logger = logging.getLogger(__name__)


@shared_task(name="barriers.tasks.follow_event_fan_out", acks_late=True)
def follow_event_fan_out(event_id: int) -> int:
    """Notify the followers of one event (safe to run twice: an event fans out once)."""
    return following.follow_event_fan_out(event_id=event_id)


@shared_task(name="barriers.tasks.follow_events_fan_out_pending", acks_late=True)
def follow_events_fan_out_pending() -> int:
    """Fan out the events whose hand-over to a worker failed (the beat's safety net)."""
    return following.follow_events_fan_out_pending()


@shared_task(name="barriers.tasks.follow_digests_send", acks_late=True)
def follow_digests_send(frequency: str) -> int:
    """Send the daily or weekly digests of what people follow."""
    return following.follow_digests_send(frequency=frequency)


def _enqueue_fan_out(event_id: int) -> None:
    """Hand the event to a worker after commit; if the broker is down the beat sweep does it."""
    if publish_pause.active():
        logger.info("Broker recently unreachable; follow event %s waits for the sweep", event_id)
        return
    try:
        follow_event_fan_out.delay(event_id)
    except OperationalError:
        publish_pause.trip()
        logger.warning("Broker unavailable; follow event %s waits", event_id, exc_info=True)
    except Exception:
        logger.exception("Could not hand follow event %s to a worker; the sweep will", event_id)


def follow_event_queue(
    *,
    barrier: Barrier,
    kind: str,
    text: str,
    public_text: str = "",
    detail: dict[str, str] | None = None,
) -> FollowEvent:
    """Write one event in the current transaction; followers are told after commit."""
    event = FollowEvent.objects.create(
        barrier=barrier,
        kind=kind,
        text=text[:500],
        public_text=public_text[:500],
        detail=detail or {},
    )
    transaction.on_commit(lambda: _enqueue_fan_out(event.pk))
    return event
