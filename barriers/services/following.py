"""Following: what a user follows, how often they hear, their saved searches and notifications,
and the events the barrier services record for followers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barriers import notifications, selectors
from barriers.domain.errors import DomainError
from barriers.models import (
    Barrier,
    BarrierStatus,
    Country,
    DigestFrequency,
    Follow,
    FollowEventKind,
    FollowKind,
    FollowSettings,
    HSCode,
    Notification,
    Regulator,
    SavedSearch,
    SavedSearchList,
    User,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise  # a development dependency: types only

HS_CHAPTER = re.compile(r"^\d{2}$")


def _follow_target(*, actor: User, kind: str, value: str) -> dict[str, object]:
    """The target field of a follow from what the user typed or picked; DomainError if unknown."""
    value = (value or "").strip()
    if not value:
        raise DomainError("Say what to follow.", field="value")
    if kind == FollowKind.HS_CHAPTER:
        if not HS_CHAPTER.match(value):
            raise DomainError("An HS chapter is two digits, for example 08.", field="value")
        return {"hs_chapter": value}
    if kind == FollowKind.HS_CODE:
        code = HSCode.objects.filter(code=value.replace(".", "").replace(" ", "")).first()
        if code is None:
            raise DomainError(f"There is no HS code {value}.", field="value")
        return {"hs_code": code}
    if kind == FollowKind.COUNTRY:
        country = Country.objects.filter(Q(code__iexact=value) | Q(name__iexact=value)).first()
        if country is None:
            raise DomainError(f"There is no country “{value}”.", field="value")
        return {"country": country}
    if kind == FollowKind.REGULATOR:
        regulator = Regulator.objects.filter(
            Q(code__iexact=value) | Q(name__iexact=value) | Q(abbreviation__iexact=value)
        ).first()
        if regulator is None:
            raise DomainError(f"There is no regulator “{value}”.", field="value")
        return {"regulator": regulator}
    if kind == FollowKind.BARRIER:
        # Exporters and councils follow their own companies' barriers and published ones.
        barriers = (
            Barrier.objects.all()
            if actor.is_staff
            else selectors.exporter_barriers(viewer=actor)
            | Barrier.objects.filter(published_at__isnull=False)
        )
        barrier = barriers.filter(reference=value.upper()).first()
        if barrier is None:
            raise DomainError(f"There is no barrier {value} you can follow.", field="value")
        return {"barrier": barrier}
    raise DomainError("Choose what kind of thing to follow.", field="kind")


def follow_add(*, actor: User, kind: str, value: str) -> Follow:
    """Follow a barrier, an HS code or chapter, a country or a regulator (once each)."""
    return _follow_add(actor=actor, kind=kind, value=value)[0]


def _follow_add(*, actor: User, kind: str, value: str) -> tuple[Follow, bool]:
    """follow_add, and whether the follow is new (following again returns the existing one)."""
    target = _follow_target(actor=actor, kind=kind, value=value)
    existing = Follow.objects.filter(user=actor, kind=kind, **target).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Follow.objects.create(user=actor, kind=kind, **target), True
    except IntegrityError:  # a double submit raced us: the follow exists
        return Follow.objects.get(user=actor, kind=kind, **target), False


def follow_remove(*, actor: User, follow_id: int) -> None:
    """Stop following; another user's follow id is treated as unknown."""
    follow = selectors.follow_get_for_viewer(viewer=actor, follow_id=follow_id)
    if follow is None:
        raise DomainError("That follow does not exist.", field="follow")
    follow.delete()


def follow_remove_target(*, actor: User, kind: str, value: str) -> None:
    """Unfollow by target (the unfollow buttons on barrier and HS code pages)."""
    target = _follow_target(actor=actor, kind=kind, value=value)
    Follow.objects.filter(user=actor, kind=kind, **target).delete()


def follow_frequency_set(*, actor: User, frequency: str) -> FollowSettings:
    """Choose how often the digest e-mail goes out (or none)."""
    if frequency not in DigestFrequency.values:
        raise DomainError("Choose immediately, daily, weekly or no e-mail.", field="frequency")
    with transaction.atomic():
        row, _created = FollowSettings.objects.select_for_update().get_or_create(user=actor)
        row.frequency = frequency
        row.updated_at = timezone.now()
        row.save(update_fields=["frequency", "updated_at"])
    return row


class FollowAction:
    """The following actions the portal's and the admin's forms post and the API's operations
    do, by the name the forms send as `action`."""

    ADD = "add"
    UNFOLLOW = "unfollow"
    REMOVE = "remove"
    FREQUENCY = "frequency"


FOLLOW_ACTIONS = (
    FollowAction.ADD,
    FollowAction.UNFOLLOW,
    FollowAction.REMOVE,
    FollowAction.FREQUENCY,
)

# What each action tells the person once done (the portal's and the admin's message).
FOLLOW_ACTION_DONE: dict[str, StrPromise] = {
    FollowAction.ADD: _("You now follow it."),
    FollowAction.UNFOLLOW: _("You no longer follow it."),
    FollowAction.REMOVE: _("You no longer follow it."),
    FollowAction.FREQUENCY: _("Your e-mail choice is saved."),
}


@dataclass(frozen=True)
class FollowActionDone:
    """What a following action did: the follow it added (and whether it is new), or the
    settings it saved."""

    action: str
    message: StrPromise
    follow: Follow | None = None
    created: bool = False
    settings: FollowSettings | None = None


def _follow_id(value: object) -> int:
    """A follow id as posted; anything but digits is an id no follow has."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() else 0


def follow_action(*, actor: User, action: str, data: Mapping[str, Any]) -> FollowActionDone:
    """Do one following action, whichever door it came through: `add` (kind, value),
    `unfollow` (kind, value), `remove` (follow: an id of the actor's) or `frequency`."""
    done = FOLLOW_ACTION_DONE.get(action)
    if done is None:
        raise DomainError("Choose what to do.", field="action")
    if action == FollowAction.ADD:
        follow, created = _follow_add(
            actor=actor, kind=str(data.get("kind") or ""), value=str(data.get("value") or "")
        )
        return FollowActionDone(action=action, message=done, follow=follow, created=created)
    if action == FollowAction.UNFOLLOW:
        follow_remove_target(
            actor=actor, kind=str(data.get("kind") or ""), value=str(data.get("value") or "")
        )
    elif action == FollowAction.REMOVE:
        follow_remove(actor=actor, follow_id=_follow_id(data.get("follow")))
    else:
        row = follow_frequency_set(actor=actor, frequency=str(data.get("frequency") or ""))
        return FollowActionDone(action=action, message=done, settings=row)
    return FollowActionDone(action=action, message=done)


def follow_unsubscribe(*, token: str) -> User:
    """Turn off the digest e-mail of the user the signed token was made for (RFC 8058)."""
    user_id = notifications.unsubscribe_user_id(token)
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    if user is None:
        raise DomainError("This unsubscribe link is not valid.", field="token")
    follow_frequency_set(actor=user, frequency=DigestFrequency.NEVER)
    return user


def saved_search_create(
    *, actor: User, name: str, changelist: str, query_string: str, follow: bool = True
) -> SavedSearch:
    """Save an official's changelist search under a name, and follow it."""
    if not actor.is_staff:
        raise DomainError("Only officials save admin searches.")
    name = (name or "").strip()
    if not name:
        raise DomainError("Give the search a name.", field="name")
    if len(name) > 100:
        raise DomainError("A name has at most 100 characters.", field="name")
    if changelist not in SavedSearchList.values:
        raise DomainError(
            "Searches are saved on the barrier list, the report list or the triage queue.",
            field="changelist",
        )
    query_string = (query_string or "").lstrip("?")
    if len(query_string) > 1000:
        raise DomainError("These filters are too long to save.", field="query_string")
    if SavedSearch.objects.filter(user=actor, name=name).exists():
        raise DomainError(f"You already have a search named “{name}”.", field="name")
    with transaction.atomic():
        search = SavedSearch.objects.create(
            user=actor, name=name, changelist=changelist, query_string=query_string
        )
        if follow:
            Follow.objects.create(user=actor, kind=FollowKind.SAVED_SEARCH, saved_search=search)
    return search


def saved_search_delete(*, actor: User, search_id: int) -> None:
    """Delete one of the actor's saved searches (and its follow)."""
    deleted, _rows = SavedSearch.objects.filter(user=actor, pk=search_id).delete()
    if not deleted:
        raise DomainError("That saved search does not exist.", field="search")


def notifications_mark_read(*, actor: User, notification_ids: list[int] | None = None) -> int:
    """Mark the actor's notifications read (all of them without ids); returns how many."""
    rows = Notification.objects.filter(user=actor, read_at__isnull=True)
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    return rows.update(read_at=timezone.now())


# ---------------------------------------------------------------------------------------------
# Events, recorded by the barrier services in their transaction
# ---------------------------------------------------------------------------------------------


def _label(barrier: Barrier) -> str:
    return f"[{barrier.reference}] {barrier.title}"


def _queue(*, barrier: Barrier, kind: str, what: str, detail: dict[str, str]) -> None:
    """One event: the line officials and the barrier's companies read, and, when the barrier is
    published, the same line from its public title for every other follower. `what` is the line
    in English (kept as written); `detail` lets each reader read it in their language."""
    public_label = (
        f"[{barrier.reference}] {barrier.public_title}"
        if barrier.published_at is not None and barrier.public_title
        else ""
    )
    notifications.follow_event_queue(
        barrier=barrier,
        kind=kind,
        text=f"{_label(barrier)}: {what}",
        public_text=f"{public_label}: {what}" if public_label else "",
        detail={**detail, "label": _label(barrier), "public_label": public_label},
    )


def follow_event_new_barrier(*, barrier: Barrier) -> None:
    """A new barrier was opened."""
    _queue(
        barrier=barrier,
        kind=FollowEventKind.NEW_BARRIER,
        what="new barrier",
        detail={"what": "new"},
    )


def follow_event_published(*, barrier: Barrier) -> None:
    """A barrier was published on the public register: new to those who could not see it."""
    _queue(
        barrier=barrier,
        kind=FollowEventKind.NEW_BARRIER,
        what="published on the public register",
        detail={"what": "published"},
    )


def follow_event_status(*, barrier: Barrier, from_status: str, to_status: str) -> None:
    """A barrier changed status (statuses only: the note may be internal)."""
    labels = dict(BarrierStatus.choices)
    _queue(
        barrier=barrier,
        kind=FollowEventKind.STATUS_CHANGED,
        what=(
            f"status {labels.get(from_status, from_status)} → {labels.get(to_status, to_status)}"
        ),
        detail={"what": "status", "from": from_status, "to": to_status},
    )


def follow_event_on_agenda(
    *, barrier: Barrier, meeting_code: str, meeting_date: str, meeting_on: dt.date | None = None
) -> None:
    """A barrier was put on a meeting's (frozen) agenda."""
    _queue(
        barrier=barrier,
        kind=FollowEventKind.ON_AGENDA,
        what=f"on the agenda of the {meeting_code} meeting on {meeting_date}",
        detail={
            "what": "agenda",
            "meeting": meeting_code,
            "date": meeting_on.isoformat() if meeting_on else meeting_date,
        },
    )


def follow_event_outcome(
    *, barrier: Barrier, meeting_code: str, outcome_label: str, outcome: str = ""
) -> None:
    """A meeting's outcome was recorded on a barrier (the outcome, not the statements)."""
    _queue(
        barrier=barrier,
        kind=FollowEventKind.OUTCOME_RECORDED,
        what=f"outcome at {meeting_code}: {outcome_label}",
        detail={"what": "outcome", "meeting": meeting_code, "outcome": outcome},
    )
