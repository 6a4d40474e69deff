"""The outbox's Celery tasks: deliver one e-mail, or sweep every pending one.

They keep the names they had in `barriers.tasks` (messages already queued and the beat schedule
name them), and `barriers.tasks` imports them, so the worker's autodiscovery finds them.
"""

from __future__ import annotations

from celery import shared_task

from barriers.notifications import outbox


@shared_task(
    name="barriers.tasks.outbox_deliver",
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


@shared_task(name="barriers.tasks.outbox_deliver_pending", acks_late=True)
def outbox_deliver_pending() -> int:
    """Send every e-mail still pending in the outbox (the beat's safety net)."""
    return outbox.outbox_deliver_pending()
