"""Send the reminders of answers due on shared barriers (what the daily beat task does)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from barriers import services


class Command(BaseCommand):
    help = (
        "Remind focal points and officials of answers due within a few working days or overdue "
        "(each reminder goes once per deadline). `--today 2027-01-20` runs it as of that day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="the day to run as (YYYY-MM-DD); default: today")

    def handle(self, *args: Any, today: str | None = None, **options: Any) -> None:
        day = timezone.localdate()
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today: {today!r} is not a date like 2027-01-20.") from exc
        sent = services.deadline_reminders_send(today=day)
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} queued for {day:%d %B %Y}.")
