"""What the printable documents (PDF and DOCX) show about a meeting and each item.

Rows pair a bilingual label with lines of value: `lines` as recorded (or in English), `ru_lines`
in Russian, `notes` in small print. Both renderers lay out the same rows, so the PDF and the Word
document always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from barriers.exports import labels
from barriers.exports.data import AgendaEntry, MeetingHeader
from barriers.exports.labels import Pair


@dataclass(frozen=True)
class Row:
    label: Pair
    lines: tuple[str, ...]
    ru_lines: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    emphasis: bool = False


@dataclass(frozen=True)
class Fact:
    """A short fact shown in a strip of columns under an item."""

    label: Pair
    value: Pair


@dataclass(frozen=True)
class Participant:
    name: Pair
    country: str = ""


def _row(label: Pair, value: Pair, *, emphasis: bool = False) -> Row:
    ru = (value.ru,) if value.ru and value.ru != value.en else ()
    return Row(label, (value.en,) if value.en else ("—",), ru, emphasis=emphasis)


def meeting_rows(meeting: MeetingHeader) -> list[Row]:
    """Code, date, venue, format, status and the previous meeting."""
    rows = [
        Row(labels.text("code"), (meeting.code,)),
        _row(labels.text("date"), labels.date(meeting.date)),
        Row(labels.text("venue"), (meeting.venue,))
        if meeting.venue
        else _row(labels.text("venue"), labels.text("venue_unset")),
        _row(labels.text("format"), labels.meeting_format(meeting.format)),
        _row(labels.text("status"), labels.meeting_status(meeting.status)),
        _row(labels.text("cutoff"), labels.date(meeting.cutoff_on)),
    ]
    if meeting.previous_code:
        date = labels.date(meeting.previous_date)
        rows.append(
            _row(
                labels.text("previous_meeting"),
                Pair(f"{meeting.previous_code}, {date.en}", f"{meeting.previous_code}, {date.ru}"),
            )
        )
    return rows


def participants(meeting: MeetingHeader) -> tuple[tuple[str, ...], tuple[Participant, ...]]:
    """The Indian authorities (as recorded) and the EAEU regulators, in both languages."""
    eaeu = tuple(
        Participant(labels.regulator(r), r.country_code) for r in meeting.eaeu_participants
    )
    return meeting.india_participants, eaeu


def item_heading(entry: AgendaEntry) -> str:
    return f"{entry.number}. {entry.reference} — {entry.title}"


def item_rows(entry: AgendaEntry) -> list[Row]:
    """What the agenda says about one item, a row per subject."""
    score = labels.score(entry)
    score_label = labels.text("score")
    return [
        _row(labels.text("regulator"), labels.regulator(entry.regulator)),
        _row(labels.text("kind"), Pair(entry.kind, entry.kind_ru)),
        Row(labels.text("products"), tuple(labels.products(entry)) or ("—",)),
        _row(labels.text("companies"), labels.companies(entry.companies)),
        Row(labels.text("ask"), (entry.ask or "—",), emphasis=True),
        Row(
            labels.text("reason"),
            (entry.reason or "—",),
            notes=(f"{score_label.en}: {score.en}", f"{score_label.ru}: {score.ru}"),
        ),
    ]


def item_facts(entry: AgendaEntry) -> list[Fact]:
    """The figures of one item, side by side."""
    return [
        Fact(labels.text("countries"), labels.countries(entry.countries)),
        Fact(labels.text("trade_value"), Pair(f"{entry.trade_value_usd:,.0f}", "")),
        Fact(labels.text("days_pending"), labels.days(entry.days_pending)),
        Fact(labels.text("history"), labels.history(entry)),
    ]


def outcome_rows(entry: AgendaEntry) -> list[Row]:
    """What the meeting decided on one item: public statements only, never internal notes."""
    rows = [_row(labels.text("outcome"), labels.outcome(entry.outcome), emphasis=True)]
    for key, value in (
        ("statement_india", entry.statement_india),
        ("statement_eaeu", entry.statement_eaeu),
        ("commitment", entry.counterpart_commitment),
    ):
        if value:
            rows.append(Row(labels.text(key), tuple(value.splitlines()) or (value,)))
    rows.append(_row(labels.text("regulator"), labels.regulator(entry.regulator)))
    return rows
