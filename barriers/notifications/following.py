"""Following: events written with the change, fanned out to followers' notifications by a task,
and the digest e-mails (immediately, daily, weekly) with a one-click unsubscribe (RFC 8058).

Events are written and handed to a worker by `following_events`.
Event text is built by the services from fields every follower may read.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from barriers import selectors
from barriers.accounts.language import portal_language_of
from barriers.models import (
    Barrier,
    DigestFrequency,
    FollowEvent,
    Notification,
    OutboundEmail,
    User,
)
from barriers.notifications.emails import email_queue

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "barriers.following.unsubscribe"
DIGEST_MAX_LINES = 100


# ---------------------------------------------------------------------------------------------
# Events and their fan-out
# ---------------------------------------------------------------------------------------------


def follow_event_fan_out(*, event_id: int) -> int:
    """Give every follower allowed to see the barrier a notification (once), and queue the
    digest of those who want e-mail immediately; returns how many were notified."""
    with transaction.atomic():
        event = (
            FollowEvent.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=event_id, fanned_out_at__isnull=True)
            .select_related("barrier")
            .first()
        )
        if event is None:
            return 0
        followers = selectors.barrier_followers(
            barrier=event.barrier, public=bool(event.public_text)
        )
        user_ids = sorted(followers)
        Notification.objects.bulk_create(
            [
                Notification(user_id=user_id, event=event, public=followers[user_id])
                for user_id in user_ids
            ],
            ignore_conflicts=True,
        )
        event.fanned_out_at = timezone.now()
        event.save(update_fields=["fanned_out_at"])
        for user in _users_wanting(DigestFrequency.IMMEDIATELY, among=user_ids):
            follow_digest_queue(user=user)
    return len(user_ids)


def follow_events_fan_out_pending(*, limit: int = 500) -> int:
    """Fan out the events still waiting (a publish that failed); returns how many."""
    ids = list(
        FollowEvent.objects.filter(fanned_out_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for event_id in ids:
        follow_event_fan_out(event_id=event_id)
    return len(ids)


def _users_wanting(frequency: str, *, among: list[int] | None = None) -> list[User]:
    """Active users whose digest goes out at `frequency` (no settings row: immediately)."""
    wanted = Q(follow_settings__frequency=frequency)
    if frequency == DigestFrequency.IMMEDIATELY:
        wanted |= Q(follow_settings__isnull=True)
    users = User.objects.filter(wanted, is_active=True).exclude(email="")
    if among is not None:
        users = users.filter(pk__in=among)
    return list(users.order_by("pk"))


# ---------------------------------------------------------------------------------------------
# Digests
# ---------------------------------------------------------------------------------------------


def unsubscribe_token(*, user: User) -> str:
    """A signed token that turns off the digest e-mail of `user`, and nobody else's."""
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_user_id(token: str) -> int | None:
    """The user a token was made for, or None when it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def unsubscribe_url(*, user: User) -> str:
    return settings.SITE_URL + reverse(
        "barriers:following_unsubscribe", args=[unsubscribe_token(user=user)]
    )


def _pages(user: User) -> tuple[str, str]:
    """Where `user` sees notifications and changes what they follow."""
    if user.is_staff:
        return (
            settings.SITE_URL + reverse("admin_following_notifications"),
            settings.SITE_URL + reverse("admin_following"),
        )
    return (
        settings.SITE_URL + reverse("barriers:notifications"),
        settings.SITE_URL + reverse("barriers:following"),
    )


def follow_digest_queue(*, user: User) -> OutboundEmail | None:
    """One e-mail listing `user`'s notifications not e-mailed yet; marks them e-mailed."""
    # Locked and skipped when locked: two workers digesting at once never list a row twice.
    pending = list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(user=user, emailed_at__isnull=True)
        .select_related("event", "event__barrier")
        .order_by("created_at", "pk")
    )
    if not pending:
        return None
    # In the language the person reads the portal in (officials and focal points: English).
    # The events' own lines are kept as they were written.
    with translation.override(portal_language_of(user) or settings.LANGUAGE_CODE):
        subject, body, unsubscribe = _digest_text(user, pending)
    email = email_queue(
        dedupe_key=f"follow-digest:{user.pk}:{pending[-1].pk}",
        to=[user.email],
        subject=subject,
        body=body,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return email


def _digest_text(user: User, pending: list[Notification]) -> tuple[str, str, str]:
    """The digest's subject and body, in the active language, and the unsubscribe link."""
    shown = pending[:DIGEST_MAX_LINES]
    lines = [
        f"- {n.event.created_at:%d %b %Y %H:%M} UTC · {n.text}\n"
        f"  {settings.SITE_URL}{_barrier_path(user, n.event.barrier)}"
        for n in shown
    ]
    if len(pending) > len(shown):
        lines.append(_("… and %(count)s more.") % {"count": len(pending) - len(shown)})
    notifications_url, preferences_url = _pages(user)
    unsubscribe = unsubscribe_url(user=user)
    subject = ngettext(
        "What you follow: %(count)s update",
        "What you follow: %(count)s updates",
        len(pending),
    ) % {"count": len(pending)}
    body = "\n\n".join(
        [
            _("Changes to the barriers, HS codes, countries and regulators you follow:"),
            "\n".join(lines),
            _("All your notifications: %(url)s") % {"url": notifications_url},
            _("Change what you follow or how often we e-mail you: %(url)s")
            % {"url": preferences_url},
            _("Stop these e-mails: %(url)s") % {"url": unsubscribe},
        ]
    )
    return subject, body, unsubscribe


def _barrier_path(user: User, barrier: Barrier) -> str:
    if user.is_staff:
        return reverse("admin:barriers_barrier_change", args=[barrier.pk])
    return reverse("barriers:notifications")


def follow_digests_send(*, frequency: str) -> int:
    """Queue the digest of every user who chose `frequency`; returns how many e-mails."""
    sent = 0
    for user in _users_wanting(frequency):
        with transaction.atomic():
            if follow_digest_queue(user=user) is not None:
                sent += 1
    return sent
