"""The demo's calendar: its "now", the two meetings' dates, and running steps as if on a date."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")
KOLKATA = ZoneInfo("Asia/Kolkata")

# The demo's "now": every report is dated before it and the next meeting after it.
ANCHOR = dt.date(2026, 11, 24)
PAST_MEETING_DATE = dt.date(2026, 6, 17)
NEXT_MEETING_DATE = dt.date(2026, 12, 15)
CUTOFF_DAYS, CIRCULATE_DAYS = 20, 15
PAST_CUTOFF = PAST_MEETING_DATE - dt.timedelta(days=CUTOFF_DAYS)


def at(day: dt.date | dt.datetime, hour: int = 11) -> Any:
    """Run the enclosed steps as if on `day`, so every timestamp and history row carries it.

    The clock keeps ticking from there, so steps inside one block stay in order. time-machine is
    a development dependency, like this command: imported here so that on a production install
    the command still refuses with its own message.
    """
    import time_machine

    if not isinstance(day, dt.datetime):
        day = dt.datetime.combine(day, dt.time(hour), tzinfo=KOLKATA)
    return time_machine.travel(day, tick=True)
