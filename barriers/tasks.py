"""Celery entry points: each takes primary keys, re-reads, calls one service, and is safe to rerun."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from barriers import notifications

# The outbox's, the follow events' and the public statistics' tasks live with them; imported
# here for autodiscovery.
from barriers.notifications.following_events import follow_digests_send as follow_digests_send
from barriers.notifications.following_events import (
    follow_event_fan_out as follow_event_fan_out,
)
from barriers.notifications.following_events import (
    follow_events_fan_out_pending as follow_events_fan_out_pending,
)
from barriers.notifications.tasks import outbox_deliver as outbox_deliver
from barriers.notifications.tasks import outbox_deliver_pending as outbox_deliver_pending
from barriers.services.publishing import (
    public_statistics_rebuild_task as public_statistics_rebuild_task,
)

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def triage_digest_send() -> int | None:
    """Queue today's digest of new reports for the triage officers (once per day)."""
    email = notifications.triage_digest_queue(now=timezone.now())
    return email.pk if email is not None else None


# Twice the 24 hours the API promises, so a client retrying late the next day still gets a replay.
IDEMPOTENCY_KEYS_KEEP_FOR = dt.timedelta(hours=48)


@shared_task(acks_late=True)
def idempotency_keys_purge() -> int:
    """Delete API idempotency keys older than 48 hours; returns how many."""
    from barriers import services

    return services.idempotency_keys_purge(older_than=IDEMPOTENCY_KEYS_KEEP_FOR)


@shared_task(acks_late=True)
def facet_counts_compact() -> None:
    """Fold the rows the facet-count triggers added into one per value (barriers.models.facets)."""
    from barriers import services

    services.facet_counts_compact()


@shared_task(acks_late=True)
def meetings_cutoff_draft() -> list[str]:
    """Draft the agenda of every planned meeting whose cut-off date has come."""
    from barriers import services

    return services.meetings_draft_due()


@shared_task(acks_late=True)
def meetings_plan_next() -> str | None:
    """Plan the next quarter's meeting once the latest one has been held."""
    from barriers import services

    return services.meetings_plan_next()


@shared_task(acks_late=True)
def circulation_reminders_send() -> int:
    """Remind agenda secretaries of draft agendas due for circulation."""
    return len(notifications.circulation_reminders_queue(today=timezone.localdate()))


@shared_task(acks_late=True)
def action_point_reminders_send() -> int:
    """Remind owners and secretaries of action points due within a week or overdue."""
    return len(notifications.action_point_reminders_queue(today=timezone.localdate()))


@shared_task(acks_late=True)
def stale_barriers_digest_send() -> bool:
    """Weekly list of active barriers with no activity for 90 days."""
    return notifications.stale_barriers_digest_queue(today=timezone.localdate()) is not None


@shared_task(acks_late=True)
def deadline_reminders_send() -> int:
    """Remind focal points and officials of answers due within days, or overdue."""
    from barriers import services

    return services.deadline_reminders_send(today=timezone.localdate())


@shared_task(acks_late=True)
def info_request_reminders_send() -> int:
    """Remind exporters of officials' questions due soon; lapse those past their day."""
    from barriers import services

    return services.info_request_reminders_send(today=timezone.localdate())
