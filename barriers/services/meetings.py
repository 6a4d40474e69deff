"""Meetings: planning the quarterly meeting, the one path of its status moves, the next one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from barriers.models import Meeting, MeetingStatus, RoutingSettings, User
from barriers.services.base import _history_append, _lock
from barriers.transitions import DomainError, check_transition


def meeting_transition(*, meeting: Meeting, to: str, actor: User | None, note: str = "") -> Meeting:
    """The one path by which a meeting changes status."""
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        check_transition("meeting", meeting.status, to)
        from_status = meeting.status
        meeting.status = to
        meeting.save(update_fields=["status"])
        _history_append(
            subject=meeting, from_status=from_status, to_status=to, actor=actor, note=note
        )
    return meeting


def routing_settings_get() -> RoutingSettings:
    """The single row of routing settings, created with the defaults on first use."""
    settings_row, _ = RoutingSettings.objects.get_or_create(pk=1)
    return settings_row


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
        _history_append(subject=meeting, from_status="", to_status=meeting.status, actor=actor)
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
    if latest is None or latest.status not in {MeetingStatus.HELD, MeetingStatus.CLOSED}:
        return None
    created = meeting_create_next(after=latest, actor=None)
    return created.code if created else None
