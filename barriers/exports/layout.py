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
    return (
        f"{entry.number}. {entry.reference} — {entry.title}"
        if entry.title
        else (f"{entry.number}. {entry.reference}")
    )


def edition_line(joint: bool) -> Pair:
    """Which edition a document is, printed under its title."""
    return labels.text("edition_joint" if joint else "edition_internal")


def _texts(label: Pair, en: str, ru: str, *, emphasis: bool = False) -> Row:
    """A recorded text in English (as lines) and in Russian (as lines), each only if written."""
    lines = tuple(en.splitlines()) or ("—",)
    return Row(label, lines, tuple(ru.splitlines()), emphasis=emphasis)


def _answer_row(entry: AgendaEntry) -> Row:
    en, ru = labels.answer(entry.latest_answer)
    return Row(labels.text("latest_answer"), en, ru)


def _legal_basis_rows(entry: AgendaEntry) -> list[Row]:
    """The technical regulation or decision at issue, when officials have set it."""
    if entry.legal_basis is None:
        return []
    return [_row(labels.text("legal_basis_at_issue"), labels.legal_basis(entry.legal_basis))]


def item_rows(entry: AgendaEntry, *, joint: bool = False) -> list[Row]:
    """What the agenda says about one item, a row per subject.

    The joint edition: the counterpart-facing summary and ask in both languages, the latest
    answer, and nothing of the score or the reason.
    """
    if joint:
        return [
            _row(labels.text("regulator"), labels.regulator(entry.regulator)),
            _row(labels.text("kind"), Pair(entry.kind, entry.kind_ru)),
            *_legal_basis_rows(entry),
            Row(
                labels.text("products"),
                tuple(labels.products(entry)) or ("—",),
                tuple(labels.products_ru(entry)),
            ),
            _row(labels.text("companies"), labels.companies(entry.companies)),
            _texts(labels.text("summary_text"), entry.summary, entry.summary_ru),
            _texts(labels.text("ask"), entry.ask, entry.ask_ru, emphasis=True),
            _answer_row(entry),
        ]
    score = labels.score(entry)
    score_label = labels.text("score")
    return [
        _row(labels.text("regulator"), labels.regulator(entry.regulator)),
        _row(labels.text("kind"), Pair(entry.kind, entry.kind_ru)),
        *_legal_basis_rows(entry),
        Row(labels.text("products"), tuple(labels.products(entry)) or ("—",)),
        _row(labels.text("companies"), labels.companies(entry.companies)),
        Row(
            labels.text("ask"),
            (entry.ask or "—",),
            (entry.ask_ru,) if entry.ask_ru else (),
            emphasis=True,
        ),
        Row(
            labels.text("reason"),
            (entry.reason or "—",),
            notes=(f"{score_label.en}: {score.en}", f"{score_label.ru}: {score.ru}"),
        ),
        _answer_row(entry),
    ]


def item_facts(entry: AgendaEntry, *, joint: bool = False) -> list[Fact]:
    """The figures of one item, side by side (the joint edition shows no trade figures)."""
    facts = [
        Fact(labels.text("countries"), labels.countries(entry.countries)),
        Fact(labels.text("trade_value"), Pair(f"{entry.trade_value_usd:,.0f}", "")),
        Fact(labels.text("days_pending"), labels.days(entry.days_pending)),
        Fact(labels.text("history"), labels.history(entry)),
    ]
    if joint:
        del facts[1]
    return facts


@dataclass(frozen=True)
class ExchangeRow:
    on: Pair
    source: Pair
    kind: Pair
    lines: tuple[str, ...]
    ru_lines: tuple[str, ...]


def exchange_rows(entry: AgendaEntry) -> list[ExchangeRow]:
    """The exchange on one item, oldest first (internal brief only)."""
    rows = []
    for e in entry.exchanges:
        en = [e.body_en] if e.body_en else []
        ru = [e.body_ru] if e.body_ru else []
        if e.target_date:
            line = labels.text("target_date_line", date=labels.date(e.target_date))
            en.append(line.en)
            ru.append(line.ru)
        if e.legal_basis:
            en.append(labels.text("legal_basis_line", basis=e.legal_basis).en)
        if e.documents:
            en.append(f"{labels.text('documents_attached').en}: {e.documents}")
        party = labels.party(e.party)
        rows.append(
            ExchangeRow(
                on=labels.date(e.on),
                source=Pair(f"{party.en} ({e.regulator})", f"{party.ru} ({e.regulator})"),
                kind=labels.exchange_kind(e.kind),
                lines=tuple(en),
                ru_lines=tuple(ru),
            )
        )
    return rows


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
    rows.extend(_legal_basis_rows(entry))
    return rows
