"""Every heading, label and fixed text of the meeting documents, in English and Russian.

The texts are ordinary Django translation strings; the Russian ones come from the project's
catalogue (locale/ru/LC_MESSAGES/django.po, compiled to django.mo with `make messages`). Each is
rendered once under `translation.override("en")` and once under `translation.override("ru")` and
the documents show both side by side. Recorded data (titles, statements, asks) is shown as
recorded; where a Russian version is recorded (barrier titles, regulator names) it is shown too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from django.utils import dateformat, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from barriers.domain.routing import history_labels
from barriers.exports.data import (
    ActionPointEntry,
    AgendaEntry,
    AnswerEntry,
    CompaniesAffected,
    CountryRef,
    ExchangeEntry,
    LegalBasisRef,
    MeetingHeader,
    RegulatorRef,
)
from barriers.models import (
    ActionPointStatus,
    MeetingFormat,
    MeetingStatus,
    Outcome,
    Party,
    Remit,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NBSP = "\u00a0"


def _doc(message: str) -> StrOrPromise:
    """A text of the meeting documents with its own context in the catalogue ("meeting
    document"), so that the same English word elsewhere in the product may read otherwise."""
    return translation.pgettext_lazy("meeting document", message)


class Pair(NamedTuple):
    """One text in English and in Russian."""

    en: str
    ru: str

    def __str__(self) -> str:
        return self.joined()

    def joined(self, separator: str = " / ") -> str:
        if not self.ru or self.ru == self.en:
            return self.en
        if not self.en:
            return self.ru
        return f"{self.en}{separator}{self.ru}"


def both(render: Callable[[], str]) -> Pair:
    """`render()` called with English active, then with Russian active."""
    with translation.override("en"):
        en = render()
    with translation.override("ru"):
        ru = render()
    return Pair(en, ru)


# Fixed texts, by key. Keep every text a document shows here, so that a test can check that
# each one has a Russian translation.
TEXTS = {
    # Documents and sections
    "meeting_title": _("India–EAEU regulator-level meeting"),
    "agenda": _("Agenda"),
    "draft_agenda": _("Draft agenda"),
    "outcomes": _("Outcomes of the meeting"),
    "contents": _("Contents"),
    "reserve": _("Reserve list"),
    "reserve_note": _(
        "Barriers ready to be taken if time allows, in order of priority; they are not "
        "numbered items of the agenda."
    ),
    "annex": _("Annex: barriers resolved since the last meeting"),
    "annex_short": _("Annex"),
    "annex_since": _("Resolved since the meeting %(code)s of %(date)s."),
    "annex_first": _("Resolved before this meeting (no earlier meeting was held)."),
    "summary": _("Summary of the meeting"),
    "action_points": _("Action points"),
    "generated": _("Generated on %(date)s by the India–EAEU barrier tracker."),
    "nothing": _("None."),
    "no_items": _("No items."),
    # Meeting header
    "meeting": _("Meeting"),
    "code": _("Code"),
    "date": _("Date"),
    "venue": _("Venue"),
    "venue_unset": _("To be announced"),
    "format": _("Format"),
    "status": _("Status"),
    "cutoff": _("Agenda cut-off date"),
    "participants": _("Participating authorities"),
    "india": _("India"),
    "eaeu": _("Eurasian Economic Union"),
    "previous_meeting": _("Previous meeting"),
    # Item fields
    "item": _("Item"),
    "number": _("No."),
    "track": _("Track"),
    "reference": _("Reference"),
    "title": _("Title"),
    "title_ru": _("Title in Russian"),
    "kind": _("Kind of barrier"),
    "regulator": _("Regulator"),
    "regulator_ru": _("Regulator (Russian name)"),
    "products": _("Products (HS codes)"),
    "products_ru": _("Products (HS codes) in Russian"),
    "countries": _("Countries"),
    "companies": _("Companies affected"),
    "companies_count": _("Number of companies affected"),
    "companies_named": _("Companies named with their consent"),
    "reports": _("Reports"),
    "trade_value": _("Trade value at stake (USD)"),
    "days_pending": _("Days pending (longest)"),
    "history": _("On earlier agendas"),
    "times_raised": _("Times raised before"),
    "ask": _("Ask of the counterpart"),
    "reason": _("Why it is on the agenda"),
    "score": _("Priority score"),
    "escalate": _("Flagged for escalation"),
    "escalated": _("escalated"),
    "section": _("Section"),
    "resolved_on": _("Resolved on"),
    "eaeu_level": _("EAEU level"),
    "yes": _("Yes"),
    "no": _("No"),
    # Outcomes
    "outcome": _("Outcome"),
    "statement_india": _("Statement of the Indian side"),
    "statement_eaeu": _("Statement of the EAEU side"),
    "commitment": _("Counterpart's commitment"),
    "description": _("Action"),
    "party": _("Party"),
    "owner": _("Owner"),
    "due_on": _("Due date"),
    "completed_on": _("Completed on"),
    "summary_on_agenda": _("Items on the agenda"),
    "summary_raised": _("Items raised"),
    "summary_pending": _("Outcome not yet recorded"),
    "summary_action_points": _("Action points agreed"),
    "count": _("Number"),
    # Score components
    "score_trade_value": _("trade value"),
    "score_companies": _("companies"),
    "score_days_overdue": _("days overdue"),
    "score_perishability": _("perishable goods"),
    "score_manual_priority": _("manual priority"),
    "score_counterpart_overdue": _doc("counterpart's answer overdue"),
    # How sure the counted trade value is (the breakdown's verified and declared figures)
    "trade_value_figures": _("Trade value figures"),
    "figures_verified": _("verified"),
    "figures_declared": _("declared, capped"),
    "figures_partly_verified": _("partly verified"),
    # History of an item
    "new": _("New"),
    "carried_over": _("Carried over, not yet discussed"),
    # Spreadsheet sheets (at most 31 characters for both names together)
    "sheet_agenda": _("Agenda"),
    "sheet_reserve": _("Reserve"),
    "sheet_resolved": _("Resolved annex"),
    "sheet_outcomes": _("Outcomes"),
    "sheet_action_points": _("Action points"),
    "sheet_summary": _("Summary"),
    # Page furniture
    "page_of": _("Page %(page)s of %(pages)s"),
    # The two editions, and what the joint edition and the internal brief add
    "edition_internal": _doc("Internal brief: for India's officials only, not for circulation"),
    "edition_joint": _doc("Joint edition for circulation to the EAEU side"),
    "summary_text": _doc("Summary"),
    "summary_text_ru": _doc("Summary in Russian"),
    "title_en": _doc("Title in English"),
    "summary_text_en": _doc("Summary in English"),
    "ask_en": _doc("Ask of the counterpart in English"),
    "ask_ru": _doc("Ask of the counterpart in Russian"),
    "latest_answer": _doc("Counterpart's latest answer"),
    "latest_answer_en": _doc("Counterpart's latest answer in English"),
    "latest_answer_ru": _doc("Counterpart's latest answer in Russian"),
    "no_answer": _doc("No answer on the substance yet"),
    "answer_heading": _doc("%(kind)s of %(date)s"),
    "target_date": _doc("Target date"),
    "target_date_line": _doc("Target date: %(date)s"),
    "legal_basis": _doc("Legal basis"),
    "legal_basis_line": _doc("Legal basis: %(basis)s"),
    "legal_basis_at_issue": _doc("Legal basis at issue"),
    "legal_basis_at_issue_ru": _doc("Legal basis at issue (in Russian)"),
    "exchanges": _doc("Exchange with the counterpart"),
    "exchange_from": _doc("From"),
    "exchange_kind": _doc("Kind of message"),
    "documents_attached": _doc("Documents attached"),
}

EXCHANGE_KINDS = {
    "acknowledgement": _doc("Acknowledgement"),
    "clarification": _doc("Request for clarification"),
    "proposal": _doc("Proposed solution"),
    "position": _doc("Position"),
    "resolved": _doc("Reported resolved"),
    "reply": _doc("Reply of the Indian side"),
}

TRACKS = {
    Remit.VETERINARY: _("Veterinary"),
    Remit.PHYTOSANITARY: _("Phytosanitary"),
    Remit.FOOD_SAFETY: _("Food safety"),
    Remit.TECHNICAL_REGULATION: _("Technical regulation"),
    Remit.CUSTOMS: _("Customs"),
}
OUTCOMES = {
    Outcome.DISCUSSED: _("Discussed, no change"),
    Outcome.ACTION_AGREED: _("Action agreed"),
    Outcome.RESOLVED: _("Resolved"),
    Outcome.PARTIALLY_RESOLVED: _("Partially resolved"),
    Outcome.DEFERRED: _("Deferred"),
    Outcome.WITHDRAWN: _("Withdrawn"),
    "": _("Not yet recorded"),
}
PARTIES = {Party.INDIA: _("India side"), Party.EAEU: _("EAEU side")}
FORMATS = {
    MeetingFormat.IN_PERSON: _("In person"),
    MeetingFormat.VIDEO: _("Video conference"),
    MeetingFormat.HYBRID: _("Hybrid"),
}
MEETING_STATUSES = {
    MeetingStatus.PLANNED: _("Planned"),
    MeetingStatus.AGENDA_DRAFT: _("Agenda drafted"),
    MeetingStatus.AGENDA_FROZEN: _("Agenda frozen"),
    MeetingStatus.HELD: _("Held"),
    MeetingStatus.CLOSED: _("Closed"),
}
ACTION_POINT_STATUSES = {
    ActionPointStatus.OPEN: translation.pgettext_lazy("action point", "Open"),
    ActionPointStatus.DONE: translation.pgettext_lazy("action point", "Done"),
    ActionPointStatus.DROPPED: translation.pgettext_lazy("action point", "Dropped"),
}
SECTIONS = {"agenda": TEXTS["agenda"], "reserve": TEXTS["reserve"]}

ALL_LAZY = (
    *TEXTS.values(),
    *TRACKS.values(),
    *OUTCOMES.values(),
    *PARTIES.values(),
    *FORMATS.values(),
    *MEETING_STATUSES.values(),
    *ACTION_POINT_STATUSES.values(),
    *EXCHANGE_KINDS.values(),
)


@cache
def _pair_of(key: str) -> Pair:
    return both(lambda: str(TEXTS[key]))


def text(key: str, **params: object) -> Pair:
    """A fixed text in both languages, with `params` filled in (a Pair gives each language its
    own value)."""
    if not params:
        return _pair_of(key)

    def render() -> str:
        russian = translation.get_language() == "ru"
        values = {
            name: (value.ru if russian else value.en) if isinstance(value, Pair) else value
            for name, value in params.items()
        }
        return str(TEXTS[key]) % values

    return both(render)


@cache
def _choice(table_name: str, value: str) -> Pair:
    table = globals()[table_name]
    label = table.get(value)
    if label is None:
        return Pair(value, value)
    return both(lambda: str(label))


def track(value: str) -> Pair:
    return _choice("TRACKS", value)


def outcome(value: str) -> Pair:
    return _choice("OUTCOMES", value)


def party(value: str) -> Pair:
    return _choice("PARTIES", value)


def meeting_format(value: str) -> Pair:
    return _choice("FORMATS", value)


def meeting_status(value: str) -> Pair:
    return _choice("MEETING_STATUSES", value)


def action_point_status(value: str) -> Pair:
    return _choice("ACTION_POINT_STATUSES", value)


def section(value: str) -> Pair:
    return _choice("SECTIONS", value)


def exchange_kind(value: str) -> Pair:
    return _choice("EXCHANGE_KINDS", value)


def yes_no(value: bool) -> Pair:
    return text("yes" if value else "no")


# ---------------------------------------------------------------------------------------------
# Facts put into words
# ---------------------------------------------------------------------------------------------


def date(value: dt.date | None) -> Pair:
    """15 December 2026 / 15 декабря 2026."""
    if value is None:
        return Pair("", "")
    return Pair(dateformat.format(value, "j F Y"), _date_ru(value))


def _date_ru(value: dt.date) -> str:
    with translation.override("ru"):
        return dateformat.format(value, "j E Y")


def money(value: Decimal) -> Pair:
    """USD 2,700,000 / 2 700 000 долл. США (whole dollars: the figures are estimates)."""
    whole = f"{value:,.0f}"
    spaced = whole.replace(",", NBSP)
    return Pair(f"USD {whole}", f"{spaced}{NBSP}долл. США")


def days(count: int) -> Pair:
    return both(lambda: ngettext("%(count)d day", "%(count)d days", count) % {"count": count})


def companies(value: CompaniesAffected) -> Pair:
    """Names only of companies that agreed to be named; the others are counted."""
    if value.count == 0:
        return text("nothing")
    if not value.withheld:
        names = ", ".join(value.named)
        return Pair(names, names)

    def render() -> str:
        total = ngettext("%(count)d company", "%(count)d companies", value.count) % {
            "count": value.count
        }
        if not value.named:
            return gettext("%(total)s (names not shared)") % {"total": total}
        return gettext("%(total)s (%(named)d named: %(names)s)") % {
            "total": total,
            "named": len(value.named),
            "names": ", ".join(value.named),
        }

    return both(render)


def history(entry: AgendaEntry) -> Pair:
    """The item's labels as everywhere else (routing.history_labels): carried over, previously
    raised N times, escalated, each only when true; "New" when none is."""
    if not (entry.is_carry_over or entry.times_raised or entry.escalate):
        return text("new")
    return both(
        lambda: ", ".join(
            history_labels(
                carry_over=entry.is_carry_over,
                times_raised=entry.times_raised,
                escalate=entry.escalate,
            )
        )
    )


def legal_basis(value: LegalBasisRef | None) -> Pair:
    """TR CU 021/2011 — On the safety of food products / ТР ТС 021/2011 — О безопасности ...
    (the Russian side empty when the reference data has no Russian)."""
    if value is None:
        return Pair("", "")
    en = f"{value.number} — {value.title}" if value.title else value.number
    number_ru = value.number_ru or ""
    ru = f"{number_ru} — {value.title_ru}" if number_ru and value.title_ru else number_ru
    return Pair(en, ru)


def regulator(value: RegulatorRef | None) -> Pair:
    """FSVPS — Federal Service … / Россельхознадзор — Федеральная служба …"""
    if value is None:
        return Pair("", "")
    en = f"{value.abbreviation} — {value.name}" if value.abbreviation else value.name
    abbreviation_ru = value.abbreviation_ru or value.abbreviation
    ru = f"{abbreviation_ru} — {value.name_ru}" if abbreviation_ru else value.name_ru
    return Pair(en, ru or en)


def countries(values: Iterable[CountryRef]) -> Pair:
    values = list(values)
    if not values:
        return text("eaeu_level")
    return Pair(", ".join(c.name for c in values), ", ".join(c.name_ru or c.name for c in values))


def products(entry: AgendaEntry) -> list[str]:
    """One line per HS code: `030617 Frozen shrimps and prawns`."""
    return [f"{p.code} {p.description}".strip() for p in entry.products]


def products_ru(entry: AgendaEntry) -> list[str]:
    """One line per HS code with its Russian (ТН ВЭД) name, or the English one where the code
    has none: `030617 Креветки и креветки-чилимы прочие, мороженые`. Empty when no code has a
    Russian name (the English lines say it all)."""
    if not any(p.description_ru for p in entry.products):
        return []
    return [f"{p.code} {p.description_ru or p.description}".strip() for p in entry.products]


def owner(point: ActionPointEntry) -> Pair:
    """Who is to act: the agency as recorded (else the regulator), and the person if named."""
    if point.owner_agency:
        agency = Pair(point.owner_agency, point.owner_agency)
    else:
        agency = regulator(point.regulator)
    en = [part for part in (agency.en, point.owner_name) if part]
    ru = [part for part in (agency.ru, point.owner_name) if part]
    return Pair("; ".join(en), "; ".join(ru))


def score(entry: AgendaEntry) -> Pair:
    """71.846 (trade value 25.100 · companies 5.000 · …): the score and what it is made of."""

    def render() -> str:
        parts = [
            f"{TEXTS.get('score_' + c.name, c.name)} {c.score}"
            + (f" [{TEXTS[c.figures]}]" if c.figures else "")
            for c in entry.score_breakdown
        ]
        return f"{entry.score} ({' · '.join(parts)})" if parts else str(entry.score)

    return both(render)


def meeting_title(meeting: MeetingHeader) -> Pair:
    base = text("meeting_title")
    return Pair(f"{base.en} {meeting.code}", f"{base.ru} {meeting.code}")


def document_title(document: str, meeting: MeetingHeader) -> Pair:
    if document == "outcomes":
        return text("outcomes")
    return text("agenda" if meeting.agenda_is_final else "draft_agenda")


_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


def page_of_parts(language: str) -> list[tuple[str, str]]:
    """`Page %(page)s of %(pages)s` split into ("text", …) and ("counter", page|pages) parts."""
    message = getattr(text("page_of"), language)
    parts: list[tuple[str, str]] = []
    last = 0
    for match in _PLACEHOLDER.finditer(message):
        if match.start() > last:
            parts.append(("text", message[last : match.start()]))
        parts.append(("counter", match.group(1)))
        last = match.end()
    if last < len(message):
        parts.append(("text", message[last:]))
    return parts


def answer(value: AnswerEntry | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The counterpart's latest answer: English lines and Russian lines (each side only what
    was written in its language; the heading, date and legal basis in both)."""
    if value is None:
        none = text("no_answer")
        return (none.en,), (none.ru,)
    heading = text("answer_heading", kind=exchange_kind(value.kind), date=date(value.on))
    en = [f"{heading.en} ({value.regulator})"]
    ru = [heading.ru]
    if value.body_en:
        en.append(value.body_en)
    if value.body_ru:
        ru.append(value.body_ru)
    if value.target_date:
        line = text("target_date_line", date=date(value.target_date))
        en.append(line.en)
        ru.append(line.ru)
    if value.legal_basis:
        basis = Pair(value.legal_basis, value.legal_basis_ru or value.legal_basis)
        line = text("legal_basis_line", basis=basis)
        en.append(line.en)
        ru.append(line.ru)
    return tuple(en), tuple(ru)


def exchange_line(value: ExchangeEntry) -> str:
    """`2026-11-02 · EAEU side · Proposed solution (FSVPS): text`, for spreadsheets."""
    kind = exchange_kind(value.kind).en
    parts = [value.on.isoformat(), party(value.party).en, f"{kind} ({value.regulator})"]
    body = " / ".join(filter(None, (value.body_ru, value.body_en)))
    extra = []
    if value.target_date:
        extra.append(f"target date {value.target_date.isoformat()}")
    if value.legal_basis:
        extra.append(value.legal_basis)
    line = " · ".join(parts) + (f": {body}" if body else "")
    return line + (f" [{'; '.join(extra)}]" if extra else "")
