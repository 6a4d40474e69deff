"""Draining the e-mail outbox: each message is sent at most once per successful delivery."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from barriers.models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# When the beat sweep tries a pending e-mail, by the attempts made so far, counted from when it
# was written: retries thin out over a day, so a mail server that is down for hours loses nothing.
RETRY_SCHEDULE = (
    dt.timedelta(0),
    dt.timedelta(0),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=15),
    dt.timedelta(hours=1),
    dt.timedelta(hours=3),
    dt.timedelta(hours=8),
    dt.timedelta(hours=24),
)
# An e-mail is given up only when it has had MAX_ATTEMPTS and is this old.
GIVE_UP_AFTER = RETRY_SCHEDULE[-1]


class TransientEmailError(Exception):
    """The mail server could not be reached; try again later."""


def outbox_deliver(*, email_id: int) -> str:
    """Send one pending e-mail under a row lock, so two workers never send it twice."""
    error: Exception | None = None
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=EmailStatus.PENDING)
            .first()
        )
        if email is None:
            return "skipped"
        email.attempts += 1
        try:
            EmailMessage(
                subject=email.subject,
                body=email.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=list(email.to),
                headers=dict(email.headers or {}),
            ).send()
        except (smtplib.SMTPException, OSError) as exc:
            error = exc
            email.last_error = str(exc)[:2000]
            if (
                email.attempts >= MAX_ATTEMPTS
                and timezone.now() - email.created_at >= GIVE_UP_AFTER
            ):
                email.status = EmailStatus.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
        else:
            email.status = EmailStatus.SENT
            email.sent_at = timezone.now()
            email.save(update_fields=["attempts", "status", "sent_at"])
    if error is None:
        return "sent"
    if email.status == EmailStatus.FAILED:
        logger.error("Giving up on e-mail %s after %s attempts", email_id, email.attempts)
        return "failed"
    raise TransientEmailError(str(error)) from error


def _due(now: dt.datetime) -> Q:
    due = Q(attempts__gte=len(RETRY_SCHEDULE), created_at__lte=now - RETRY_SCHEDULE[-1])
    for attempts, wait in enumerate(RETRY_SCHEDULE):
        due |= Q(attempts=attempts, created_at__lte=now - wait)
    return due


def outbox_deliver_pending(*, limit: int = 500) -> int:
    """Send pending e-mails that are due (RETRY_SCHEDULE), oldest first; returns how many."""
    ids = list(
        OutboundEmail.objects.filter(_due(timezone.now()), status=EmailStatus.PENDING)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for email_id in ids:
        try:
            if outbox_deliver(email_id=email_id) == "sent":
                sent += 1
        except TransientEmailError:
            logger.warning("E-mail %s could not be sent yet", email_id)
    return sent
