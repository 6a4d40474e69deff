"""Working days (Monday to Friday) for the triage targets. Public holidays are not counted out."""

from __future__ import annotations

import datetime as dt

_WEEK = 7
_WORKING_DAYS_PER_WEEK = 5


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday."""
    return day.weekday() < _WORKING_DAYS_PER_WEEK


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`).

    A report filed on a Friday has been waiting one working day on the Monday after.
    """
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, _WEEK)
    count = weeks * _WORKING_DAYS_PER_WEEK
    day = start
    for _ in range(rest):
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def overdue_before(today: dt.date, target: int) -> dt.date:
    """The earliest filing date that still meets a `target` of working days on `today`.

    A report filed before the returned date has waited more than `target` working days:
    `working_days_between(filed, today) > target` exactly when `filed < overdue_before(...)`.
    """
    day = today
    while working_days_between(day - dt.timedelta(days=1), today) <= target:
        day -= dt.timedelta(days=1)
    return day
