"""Draft a meeting's agenda from the routing rules and print it with the reserve list."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from barriers import selectors, services
from barriers.domain import routing
from barriers.domain.errors import DomainError
from barriers.models import AgendaSection, Meeting


class Command(BaseCommand):
    help = "Draft (or draft again) the agenda of a meeting, e.g. `draft_agenda 2026-Q4`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the meeting's code, such as 2026-Q4")

    def handle(self, *args: Any, code: str, **options: Any) -> None:
        meeting = Meeting.objects.filter(code=code).first()
        if meeting is None:
            known = ", ".join(Meeting.objects.order_by("-date").values_list("code", flat=True)[:8])
            raise CommandError(f"No meeting {code}. Known meetings: {known or 'none'}.")
        try:
            services.agenda_draft(meeting=meeting, actor=None)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        meeting.refresh_from_db()
        items = list(selectors.agenda_for_meeting(meeting=meeting))
        self.stdout.write(
            f"Agenda of {meeting.code} — {meeting.date:%d %B %Y}, {meeting.venue or 'venue to be set'}"
            f" (capacity {meeting.capacity})"
        )
        for section, heading in (
            (AgendaSection.AGENDA, "AGENDA"),
            (AgendaSection.RESERVE, "RESERVE LIST"),
        ):
            rows = sorted(
                (i for i in items if i.section == section),
                key=lambda i: routing.agenda_sort_key(
                    i.track if i.section == AgendaSection.AGENDA else "", i.position, i.pk
                ),
            )
            self.stdout.write(f"\n{heading} ({len(rows)})")
            track = None
            for number, item in enumerate(rows, start=1):
                if section == AgendaSection.AGENDA and item.track != track:
                    track = item.track
                    self.stdout.write(f"  {item.get_track_display()}")
                flags = routing.history_labels(
                    carry_over=item.is_carry_over,
                    times_raised=item.times_raised,
                    escalate=item.escalate,
                )
                if item.manually_changed:
                    flags.append("placed by hand")
                self.stdout.write(
                    f"  {number:>3}. {item.barrier.reference}  {item.barrier.title[:70]}"
                    f"  score {item.score}" + (f"  [{', '.join(flags)}]" if flags else "")
                )
