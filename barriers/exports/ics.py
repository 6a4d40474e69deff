"""iCalendar: the meeting as an all-day event; after the meeting, its action points as to-dos."""

from __future__ import annotations

import datetime as dt

from barriers.exports import labels
from barriers.exports.data import AgendaData, ExportData, OutcomesData

# Stable per meeting, so a calendar that imports the file again updates the event it has.
UID_DOMAIN = "india-eaeu-barrier-tracker"
PRODUCT_ID = "-//India-EAEU barrier tracker//Meeting documents//EN"


TODO_STATUS = {"open": "NEEDS-ACTION", "done": "COMPLETED", "dropped": "CANCELLED"}


def event_uid(code: str) -> str:
    return f"meeting-{code}@{UID_DOMAIN}"


def _description(data: ExportData) -> str:
    """The agenda's headlines (or the outcomes), track by track, in both languages."""
    title = labels.document_title(data.document, data.meeting)
    lines = [title.joined(), ""]
    for track in data.tracks:
        lines.append(labels.track(track.track).joined())
        for entry in track.entries:
            line = f"{entry.number}. {entry.reference} {entry.title}"
            if isinstance(data, OutcomesData):
                line += f" — {labels.outcome(entry.outcome).joined()}"
            lines.append(line)
        lines.append("")
    if isinstance(data, AgendaData) and data.reserve:
        lines.append(f"{labels.text('reserve').joined()}: {len(data.reserve)}")
    if isinstance(data, OutcomesData):
        lines.append(
            f"{labels.text('summary_action_points').joined()}: {data.summary.action_points}"
        )
    return "\n".join(lines).strip()


class IcsRenderer:
    """A VCALENDAR with the meeting's VEVENT (and a VTODO per action point for the outcomes)."""

    format = "ics"
    media_type = "text/calendar; charset=utf-8"
    file_extension = "ics"

    def render(self, data: ExportData) -> bytes:
        """The calendar, UTF-8."""
        from icalendar import Calendar, Event, Todo

        meeting = data.meeting
        calendar = Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", labels.meeting_title(meeting).joined())
        stamp = data.generated_at.astimezone(dt.UTC)

        event = Event()
        event.add("uid", event_uid(meeting.code))
        event.add("dtstamp", stamp)
        # The meeting's date has no time of day: an all-day event (DTEND is exclusive).
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
        event.add("summary", labels.meeting_title(meeting).joined())
        if meeting.venue:
            event.add("location", meeting.venue)
        event.add("description", _description(data))
        event.add("categories", [labels.meeting_format(meeting.format).en])
        event.add("transp", "OPAQUE")
        calendar.add_component(event)

        if isinstance(data, OutcomesData):
            for point in data.action_points:
                todo = Todo()
                todo.add("uid", f"action-point-{point.id}@{UID_DOMAIN}")
                todo.add("dtstamp", stamp)
                todo.add("summary", f"{point.barrier_reference}: {point.description}")
                todo.add("due", point.due_on)
                owner = labels.owner(point).joined()
                todo.add(
                    "description",
                    f"{labels.party(point.party).joined()}\n{owner}".strip(),
                )
                todo.add("status", TODO_STATUS.get(point.status, "NEEDS-ACTION"))
                todo.add("related-to", event_uid(meeting.code))
                calendar.add_component(todo)
        return calendar.to_ical()
