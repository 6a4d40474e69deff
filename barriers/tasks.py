"""Celery entry points: each takes primary keys, re-reads, calls one service, and is safe to rerun."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from barriers import notifications, outbox
from barriers.api import idempotency

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(outbox.TransientEmailError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    # A few quick retries for a blip; the beat sweep's RETRY_SCHEDULE covers longer outages.
    max_retries=3,
    acks_late=True,
)
def outbox_deliver(self, email_id: int) -> str:
    """Send one e-mail from the outbox unless it was sent already."""
    return outbox.outbox_deliver(email_id=email_id)


@shared_task(acks_late=True)
def outbox_deliver_pending() -> int:
    """Send every e-mail still pending in the outbox (the beat's safety net)."""
    return outbox.outbox_deliver_pending()


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
    return idempotency.idempotency_keys_purge(older_than=IDEMPOTENCY_KEYS_KEEP_FOR)


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
