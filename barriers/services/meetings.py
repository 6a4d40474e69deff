"""Meetings: planning the quarterly meeting, the one path of its status moves, the next one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from barriers.domain import routing
from barriers.domain.errors import DomainError
from barriers.domain.transitions import MEETING_TOOK_PLACE, check_transition
from barriers.models import AgendaItem, Meeting, MeetingStatus, Regulator, RoutingSettings, User
from barriers.services.base import (
    barrier_figures_refresh,
    history_append,
    history_stamp,
    row_lock,
)
from barriers.services.documents import documents_under_way_changed, meeting_documents_changed
from barriers.services.publishing import public_register_touch

# Statuses that say the meeting has taken place.

# What an official may change on a meeting's page (the status moves through meeting_transition).
MEETING_FIELDS = (
    "code",
    "date",
    "venue",
    "format",
    "india_participants",
    "cutoff_on",
    "circulate_on",
    "capacity",
    "track_capacity",
    "notes",
)


def meeting_held_check(*, code: str, date: dt.date, today: dt.date | None = None) -> None:
    """Refuse to treat a meeting as held before its date (the project's local calendar day)."""
    today = today or timezone.localdate()
    if date > today:
        raise DomainError(
            f"{code or 'The meeting'} takes place on {date.day} {date:%B %Y}: it cannot be "
            f"marked held before that day (today is {today.day} {today:%B %Y}).",
            field="date",
        )


def meeting_dates_check(
    *,
    code: str,
    status: str,
    date: dt.date,
    cutoff_on: dt.date | None,
    circulate_on: dt.date | None,
) -> None:
    """The rules a meeting's dates follow, wherever they are set (form, service)."""
    if cutoff_on is not None and cutoff_on > date:
        raise DomainError("The agenda cut-off must come before the meeting.", field="cutoff_on")
    if circulate_on is not None and circulate_on > date:
        raise DomainError(
            "The draft agenda must be circulated before the meeting.", field="circulate_on"
        )
    if status in MEETING_TOOK_PLACE:
        # A held meeting's date cannot move into the future: that would be held before its date.
        meeting_held_check(code=code, date=date)


def meeting_transition(*, meeting: Meeting, to: str, actor: User | None, note: str = "") -> Meeting:
    """The one path by which a meeting changes status."""
    with transaction.atomic():
        meeting = row_lock(Meeting, meeting.pk)
        check_transition("meeting", meeting.status, to)
        if to == MeetingStatus.HELD:
            meeting_held_check(code=meeting.code, date=meeting.date)
        from_status = meeting.status
        meeting.status = to
        meeting.save(update_fields=["status"])
        history_append(
            subject=meeting, from_status=from_status, to_status=to, actor=actor, note=note
        )
        if (from_status in MEETING_TOOK_PLACE) != (to in MEETING_TOOK_PLACE):
            # Its barriers' times_raised count only meetings that took place. (Outcomes are
            # recorded once it is held, so today this writes the same figures: kept for any
            # future move out of those statuses.)
            barrier_figures_refresh(
                barrier_ids=AgendaItem.objects.filter(meeting=meeting).values("barrier_id")
            )
        # A meeting held: the register lists the published barriers it had on its agenda.
        public_register_touch()
        meeting_documents_changed(meeting=meeting)
        if (from_status in MEETING_TOOK_PLACE) != (to in MEETING_TOOK_PLACE):
            # The last meeting held (and so the annex's period) of the meetings after it.
            documents_under_way_changed()
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    actor: User | None,
    eaeu_participants: Iterable[Regulator] | None = None,
    **fields: Any,
) -> Meeting:
    """Change a meeting's details (date, venue, cut-off, capacity...); not its status."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise DomainError(f"{', '.join(sorted(unknown))} cannot be changed here.")
    with transaction.atomic():
        locked: Meeting = row_lock(Meeting, meeting.pk)
        names = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in names:
            setattr(locked, name, fields[name])
        if "code" in names:
            if not locked.code:
                raise DomainError("Give the meeting a code such as 2026-Q2.", field="code")
            if Meeting.objects.filter(code=locked.code).exclude(pk=locked.pk).exists():
                raise DomainError(f"A meeting {locked.code} already exists.", field="code")
        if "capacity" in names and not (locked.capacity and locked.capacity > 0):
            raise DomainError("The capacity is at least one agenda item.", field="capacity")
        if {"capacity", "track_capacity"} & set(names):
            try:
                locked.track_capacity = routing.track_capacity_check(
                    locked.track_capacity, capacity=locked.capacity
                )
            except ValueError as exc:
                raise DomainError(str(exc), field="track_capacity") from exc
        meeting_dates_check(
            code=locked.code,
            status=locked.status,
            date=locked.date,
            cutoff_on=locked.cutoff_on,
            circulate_on=locked.circulate_on,
        )
        if names:
            history_stamp(locked, actor=actor, reason="Meeting details changed")
            locked.save(update_fields=names)
        if eaeu_participants is not None:
            locked.eaeu_participants.set(list(eaeu_participants))
        if names or eaeu_participants is not None:
            meeting_documents_changed(meeting=locked)
        if {"code", "date"} & set(names) and locked.status in MEETING_TOOK_PLACE:
            # The meetings after it name it as the last one held, from its date.
            documents_under_way_changed()
    return locked


def routing_settings_get() -> RoutingSettings:
    """The single row of routing settings, created with the defaults on first use."""
    settings_row, _ = RoutingSettings.objects.get_or_create(pk=1)
    return settings_row


ROUTING_WEIGHTS = (
    "weight_trade_value",
    "weight_companies",
    "weight_days_overdue",
    "weight_perishability",
    "weight_manual_priority",
    "weight_counterpart_overdue",
)
ROUTING_SCALES = ("trade_value_full_usd", "companies_full", "days_overdue_full", "default_capacity")
ROUTING_FIELDS = (
    *ROUTING_WEIGHTS,
    *ROUTING_SCALES,
    "cutoff_days_before",
    "circulate_days_before",
    "escalate_after_meetings",
)


def routing_settings_check(**fields: Any) -> None:
    """The rules the routing settings follow, wherever they are set (form, service)."""
    unknown = set(fields) - set(ROUTING_FIELDS)
    if unknown:
        raise DomainError(f"{', '.join(sorted(unknown))} is not a routing setting.")
    for name, value in fields.items():
        if value is None:
            raise DomainError("Give a value.", field=name)
        if name in ROUTING_WEIGHTS and Decimal(value) < 0:
            raise DomainError("A weight cannot be negative.", field=name)
        if name in ROUTING_SCALES and Decimal(value) <= 0:
            raise DomainError("This must be more than zero.", field=name)
        if Decimal(value) < 0:
            raise DomainError("This cannot be negative.", field=name)


def routing_settings_update(*, actor: User | None, **fields: Any) -> RoutingSettings:
    """Change the priority weights or the meeting defaults (the single settings row)."""
    routing_settings_check(**fields)
    routing_settings_get()
    with transaction.atomic():
        row: RoutingSettings = row_lock(RoutingSettings, 1)
        names = [name for name, value in fields.items() if getattr(row, name) != value]
        if not names:
            return row
        for name in names:
            setattr(row, name, fields[name])
        row.updated_at = timezone.now()
        history_stamp(row, actor=actor, reason="Routing settings changed")
        row.save(update_fields=[*names, "updated_at"])
    return row


def meeting_code_for(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def meeting_create(
    *,
    actor: User | None,
    date: dt.date,
    venue: str = "",
    code: str | None = None,
    capacity: int | None = None,
    cutoff_on: dt.date | None = None,
    circulate_on: dt.date | None = None,
    **extra: Any,
) -> Meeting:
    """Plan a quarterly meeting; cut-off, circulation date and capacity default to the settings."""
    defaults = routing_settings_get()
    code = code or meeting_code_for(date)
    if Meeting.objects.filter(code=code).exists():
        raise DomainError(f"A meeting {code} already exists.", field="code")
    cutoff_on = cutoff_on or date - dt.timedelta(days=defaults.cutoff_days_before)
    circulate_on = circulate_on or date - dt.timedelta(days=defaults.circulate_days_before)
    if cutoff_on > date or circulate_on > date:
        raise DomainError("The cut-off and circulation dates must come before the meeting.")
    with transaction.atomic():
        meeting = Meeting.objects.create(
            code=code,
            date=date,
            venue=venue,
            capacity=capacity or defaults.default_capacity,
            cutoff_on=cutoff_on,
            circulate_on=circulate_on,
            **extra,
        )
        history_append(subject=meeting, from_status="", to_status=meeting.status, actor=actor)
    return meeting


def meeting_create_next(*, after: Meeting, actor: User | None) -> Meeting | None:
    """Plan the next quarter's meeting three months after `after`, unless one exists already."""
    from dateutil.relativedelta import relativedelta

    date = after.date + relativedelta(months=3)
    code = meeting_code_for(date)
    if Meeting.objects.filter(Q(code=code) | Q(date__gt=after.date)).exists():
        return None
    return meeting_create(actor=actor, date=date, venue=after.venue, format=after.format)


def meetings_plan_next(*, today: dt.date | None = None) -> str | None:
    """Once the latest meeting has been held, plan the next quarter's (the beat's job)."""
    today = today or timezone.localdate()
    latest = Meeting.objects.order_by("-date").first()
    if latest is None or latest.status not in MEETING_TOOK_PLACE:
        return None
    created = meeting_create_next(after=latest, actor=None)
    return created.code if created else None
