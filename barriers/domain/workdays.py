"""Working days: Monday to Friday, less a country's public holidays when a calendar is named.

Deadlines count working days on the calendar of the side that owes the answer: the EAEU
counterpart's country (RU, BY, KZ, KG, AM; a body of the Union itself, such as the EEC, on
Russia's), India's own deadlines on India's. Public holidays come from the `holidays` package
(no download: its data ships in the wheel). Weekend days a government moves to a working
Saturday are not counted as working days; only holidays that fall on a weekday are removed.
Without a calendar (`country=None`) every Monday to Friday counts, as the triage targets did.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

_WEEK = 7
_WORKING_DAYS_PER_WEEK = 5

INDIA = "IN"
# A supranational body (the Eurasian Economic Commission sits in Moscow) keeps Russia's calendar.
SUPRANATIONAL = "RU"
CALENDARS = frozenset({"RU", "BY", "KZ", "KG", "AM", INDIA})


def calendar_for(country: str | None) -> str:
    """The calendar of a regulator's country: its own, or Russia's for a body of the Union."""
    code = (country or SUPRANATIONAL).upper()
    if code not in CALENDARS:
        raise ValueError(f"No working-day calendar for {code!r}.")
    return code


@lru_cache(maxsize=128)
def _holidays(country: str, year: int) -> frozenset[dt.date]:
    """The public holidays of `country` in `year` that fall on a weekday."""
    found = holidays.country_holidays(country, years=year)
    return frozenset(day for day in found if day.weekday() < _WORKING_DAYS_PER_WEEK)


def public_holiday(day: dt.date, country: str) -> bool:
    return day in _holidays(country, day.year)


def is_working_day(day: dt.date, country: str | None = None) -> bool:
    """Monday to Friday, and not a public holiday of `country` when one is given."""
    if day.weekday() >= _WORKING_DAYS_PER_WEEK:
        return False
    return country is None or not public_holiday(day, country)


def working_days_between(start: dt.date, end: dt.date, country: str | None = None) -> int:
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
    if country is not None:
        for year in range(start.year, end.year + 1):
            count -= sum(1 for holiday in _holidays(country, year) if start < holiday <= end)
    return count


def add_working_days(start: dt.date, days: int, country: str | None = None) -> dt.date:
    """The day on which `days` working days after `start` have passed (`start` itself not
    counted): a deadline opened on `start` with `days` working days falls due that day."""
    if days < 0:
        raise ValueError("A deadline counts forward: days must not be negative.")
    day = start
    left = days
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day, country):
            left -= 1
    return day


def overdue_before(today: dt.date, target: int, country: str | None = None) -> dt.date:
    """The earliest filing date that still meets a `target` of working days on `today`.

    A report filed before the returned date has waited more than `target` working days:
    `working_days_between(filed, today) > target` exactly when `filed < overdue_before(...)`.
    """
    day = today
    while working_days_between(day - dt.timedelta(days=1), today, country) <= target:
        day -= dt.timedelta(days=1)
    return day
