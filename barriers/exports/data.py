"""The immutable data behind the meeting documents, and the one selector that builds each.

`agenda_data()` and `outcomes_data()` read everything a document shows in a fixed number of
queries, whatever the number of items; the renderers then turn the result into bytes without
touching the database (tests assert zero queries while rendering).

Companies are named only with their consent: a company is named on an item when every one of its
accepted reports on that barrier has `consent_to_share`; the others are only counted.

Each document comes in two editions (barriers.domain.editions): the internal brief (scores and
their breakdown, trade figures, the reason, the counterpart's latest answer and the whole
exchange on each barrier) and the joint edition for the EAEU side, built from the text shared
with the regulator (or the barrier's own Russian and English text), without scores, reasons,
trade figures, the exchange history or the reserve list (India's own ranking), and refused when
an item lacks Russian text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import ClassVar

from django.db.models import Prefetch
from django.utils import timezone

from barriers.domain import editions
from barriers.domain.editions import INTERNAL, JOINT
from barriers.domain.errors import DomainError
from barriers.domain.routing import TRACK_ORDER
from barriers.domain.transitions import MEETING_AGENDA_EDITABLE, MEETING_TOOK_PLACE
from barriers.models import (
    ActionPoint,
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierStatus,
    LegalBasis,
    Meeting,
    Outcome,
    Regulator,
    Report,
    ReportStatus,
)
from barriers.selectors.agenda import joint_text

AGENDA = "agenda"
OUTCOMES = "outcomes"
DOCUMENTS: tuple[str, ...] = (AGENDA, OUTCOMES)

# Outcomes that mean the item was taken at the meeting (its barrier became `raised`).
RAISED_OUTCOMES = frozenset(
    {Outcome.DISCUSSED, Outcome.ACTION_AGREED, Outcome.RESOLVED, Outcome.PARTIALLY_RESOLVED}
)
# The order in which breakdown components are shown (routing.score's keys).
SCORE_COMPONENTS: tuple[str, ...] = (
    "trade_value",
    "companies",
    "days_overdue",
    "perishability",
    "manual_priority",
    "counterpart_overdue",
)


# ---------------------------------------------------------------------------------------------
# The data objects
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegalBasisRef:
    """The technical regulation or decision at issue on a barrier (reference data)."""

    code: str
    number: str
    number_ru: str
    title: str
    title_ru: str


@dataclass(frozen=True)
class RegulatorRef:
    code: str
    name: str
    name_ru: str
    abbreviation: str = ""
    abbreviation_ru: str = ""
    country_code: str = ""  # empty for a body of the EAEU itself

    @property
    def short(self) -> str:
        return self.abbreviation or self.code


@dataclass(frozen=True)
class CountryRef:
    code: str
    name: str
    name_ru: str


@dataclass(frozen=True)
class Product:
    code: str
    description: str
    description_ru: str = ""  # the EAEU's ТН ВЭД name where the project has it


@dataclass(frozen=True)
class CompaniesAffected:
    """How many companies a barrier hits, and the names of those that agreed to be named."""

    count: int
    named: tuple[str, ...] = ()

    @property
    def withheld(self) -> int:
        return self.count - len(self.named)


@dataclass(frozen=True)
class ScoreComponent:
    name: str
    value: str
    points: Decimal
    weight: Decimal
    score: Decimal
    # For the trade value: "figures_verified", "figures_declared" (counted up to the cap) or
    # "figures_partly_verified", from the breakdown's report counts; "" for the others.
    figures: str = ""


@dataclass(frozen=True)
class ActionPointEntry:
    """Something a party agreed to do at the meeting."""

    item_number: int | None
    barrier_reference: str
    description: str
    party: str
    owner_agency: str
    regulator: RegulatorRef | None
    owner_name: str
    due_on: dt.date
    status: str
    completed_on: dt.date | None = None
    id: int = 0


@dataclass(frozen=True)
class AnswerEntry:
    """The counterpart's latest answer on the substance (a proposal, a position, resolved)."""

    kind: str
    regulator: str
    on: dt.date
    body_ru: str
    body_en: str
    target_date: dt.date | None = None
    legal_basis: str = ""
    legal_basis_ru: str = ""


@dataclass(frozen=True)
class ExchangeEntry:
    """One message of the exchange on a barrier (internal brief only)."""

    on: dt.date
    party: str
    kind: str
    regulator: str
    body_ru: str
    body_en: str
    target_date: dt.date | None = None
    legal_basis: str = ""
    documents: int = 0


@dataclass(frozen=True)
class AgendaEntry:
    """One barrier on the agenda or the reserve list, with everything the documents show."""

    number: int
    section: str
    track: str
    position: int
    reference: str
    title: str
    title_ru: str
    kind: str
    kind_ru: str
    regulator: RegulatorRef | None
    products: tuple[Product, ...]
    countries: tuple[CountryRef, ...]
    companies: CompaniesAffected
    reports: int
    trade_value_usd: Decimal
    days_pending: int
    is_carry_over: bool
    times_raised: int
    escalate: bool
    ask: str
    reason: str
    score: Decimal
    score_breakdown: tuple[ScoreComponent, ...] = ()
    outcome: str = ""
    statement_india: str = ""
    statement_eaeu: str = ""
    counterpart_commitment: str = ""
    action_points: tuple[ActionPointEntry, ...] = ()
    ask_ru: str = ""
    summary: str = ""
    summary_ru: str = ""
    latest_answer: AnswerEntry | None = None
    exchanges: tuple[ExchangeEntry, ...] = ()
    legal_basis: LegalBasisRef | None = None

    @property
    def is_new(self) -> bool:
        return not self.is_carry_over and self.times_raised == 0


@dataclass(frozen=True)
class ResolvedEntry:
    """A barrier resolved since the last meeting (the agenda's annex)."""

    reference: str
    title: str
    title_ru: str
    regulator: RegulatorRef | None
    countries: tuple[CountryRef, ...]
    resolved_on: dt.date


@dataclass(frozen=True)
class MeetingHeader:
    code: str
    date: dt.date
    venue: str
    format: str
    status: str
    cutoff_on: dt.date
    circulate_on: dt.date
    india_participants: tuple[str, ...]
    eaeu_participants: tuple[RegulatorRef, ...]
    previous_code: str = ""
    previous_date: dt.date | None = None

    @property
    def agenda_is_final(self) -> bool:
        return self.status not in MEETING_AGENDA_EDITABLE


@dataclass(frozen=True)
class Track:
    track: str
    entries: tuple[AgendaEntry, ...]


def _tracks(entries: Iterable[AgendaEntry]) -> tuple[Track, ...]:
    grouped: dict[str, list[AgendaEntry]] = defaultdict(list)
    for entry in entries:
        grouped[entry.track].append(entry)
    order = [t for t in TRACK_ORDER if t in grouped] + sorted(set(grouped) - set(TRACK_ORDER))
    return tuple(Track(track, tuple(grouped[track])) for track in order)


@dataclass(frozen=True)
class AgendaData:
    """The agenda of one meeting: items by track, the reserve list, the resolved annex."""

    document: ClassVar[str] = AGENDA

    meeting: MeetingHeader
    agenda: tuple[AgendaEntry, ...]
    reserve: tuple[AgendaEntry, ...]
    resolved: tuple[ResolvedEntry, ...]
    generated_at: dt.datetime
    as_of: dt.date
    edition: str = INTERNAL

    @property
    def is_joint(self) -> bool:
        return self.edition == JOINT

    @property
    def tracks(self) -> tuple[Track, ...]:
        return _tracks(self.agenda)

    @property
    def size(self) -> int:
        return len(self.agenda) + len(self.reserve) + len(self.resolved)


@dataclass(frozen=True)
class OutcomeSummary:
    on_agenda: int = 0
    raised: int = 0
    resolved: int = 0
    partially_resolved: int = 0
    action_agreed: int = 0
    discussed: int = 0
    deferred: int = 0
    withdrawn: int = 0
    pending: int = 0
    action_points: int = 0


@dataclass(frozen=True)
class OutcomesData:
    """What a held meeting decided: per item the outcome and statements, the action points."""

    document: ClassVar[str] = OUTCOMES

    meeting: MeetingHeader
    items: tuple[AgendaEntry, ...]
    action_points: tuple[ActionPointEntry, ...]
    summary: OutcomeSummary
    generated_at: dt.datetime
    as_of: dt.date
    edition: str = INTERNAL

    @property
    def is_joint(self) -> bool:
        return self.edition == JOINT

    @property
    def tracks(self) -> tuple[Track, ...]:
        return _tracks(self.items)

    @property
    def size(self) -> int:
        return len(self.items) + len(self.action_points)


ExportData = AgendaData | OutcomesData

# What the joint edition never carries (the JSON renderer leaves these keys out; the data holds
# them empty): India's scoring, its reasons, trade figures and the internal exchange.
JOINT_WITHHELD = frozenset(
    {"score", "score_breakdown", "reason", "trade_value_usd", "reports", "exchanges", "escalate"}
)


@dataclass
class _Facts:
    """What the accepted reports on one barrier add up to."""

    reports: int = 0
    trade_value: Decimal = Decimal("0")
    longest: int = 0
    companies: dict[int, str] = field(default_factory=dict)
    withheld: set[int] = field(default_factory=set)
    countries: dict[str, CountryRef] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# The selectors
# ---------------------------------------------------------------------------------------------


def _legal_basis(basis: LegalBasis | None) -> LegalBasisRef | None:
    if basis is None:
        return None
    return LegalBasisRef(
        code=basis.code,
        number=basis.number,
        number_ru=basis.number_ru,
        title=basis.title,
        title_ru=basis.title_ru,
    )


def _regulator(regulator: Regulator | None) -> RegulatorRef | None:
    if regulator is None:
        return None
    return RegulatorRef(
        code=regulator.code,
        name=regulator.name,
        name_ru=regulator.name_ru,
        abbreviation=regulator.abbreviation,
        abbreviation_ru=regulator.abbreviation_ru,
        country_code=regulator.country_id or "",
    )


def _previous_meeting(meeting: Meeting) -> Meeting | None:
    from barriers import selectors

    return selectors.meeting_previous(meeting=meeting)


def _header(meeting: Meeting, previous: Meeting | None) -> MeetingHeader:
    participants = sorted(
        meeting.eaeu_participants.all(), key=lambda r: (r.country_id or "", r.code)
    )
    return MeetingHeader(
        code=meeting.code,
        date=meeting.date,
        venue=meeting.venue,
        format=meeting.format,
        status=meeting.status,
        cutoff_on=meeting.cutoff_on,
        circulate_on=meeting.circulate_on,
        india_participants=tuple(
            part.strip(" \t-•")
            for part in re.split(r"[\n;]", meeting.india_participants)
            if part.strip(" \t-•")
        ),
        eaeu_participants=tuple(r for r in map(_regulator, participants) if r is not None),
        previous_code=previous.code if previous else "",
        previous_date=previous.date if previous else None,
    )


def _facts(barrier_ids: list[int], today: dt.date) -> dict[int, _Facts]:
    """Accepted reports' figures per barrier: three queries for any number of barriers."""
    facts: dict[int, _Facts] = defaultdict(_Facts)
    consenting: dict[tuple[int, int], bool] = {}
    reports = Report.objects.filter(barrier_id__in=barrier_ids, status=ReportStatus.ACCEPTED)
    for row in reports.values(
        "barrier_id",
        "company_id",
        "company__name",
        "consent_to_share",
        "trade_value_usd",
        "applied_on",
        "decision_received_on",
        "destination_country_id",
        "destination_country__name",
        "destination_country__name_ru",
    ).order_by("pk"):
        f = facts[row["barrier_id"]]
        f.reports += 1
        f.trade_value += row["trade_value_usd"] or Decimal("0")
        end = row["decision_received_on"] or today
        f.longest = max(f.longest, (end - row["applied_on"]).days)
        f.companies[row["company_id"]] = row["company__name"]
        key = (row["barrier_id"], row["company_id"])
        consenting[key] = consenting.get(key, True) and row["consent_to_share"]
        code = row["destination_country_id"]
        f.countries[code] = CountryRef(
            code, row["destination_country__name"], row["destination_country__name_ru"]
        )
    for (barrier_id, company_id), consent in consenting.items():
        if not consent:
            facts[barrier_id].withheld.add(company_id)
    # Products named on the reports, used where officials have not set the barrier's own.
    through = Report.hs_codes.through.objects.filter(
        report__barrier_id__in=barrier_ids, report__status=ReportStatus.ACCEPTED
    )
    for link in through.values(
        "report__barrier_id", "hscode_id", "hscode__description", "hscode__description_ru"
    ):
        facts[link["report__barrier_id"]].products[link["hscode_id"]] = Product(
            link["hscode_id"], link["hscode__description"], link["hscode__description_ru"]
        )
    return facts


def _barrier_products(barrier_ids: list[int]) -> dict[int, dict[str, Product]]:
    products: dict[int, dict[str, Product]] = defaultdict(dict)
    through = Barrier.hs_codes.through.objects.filter(barrier_id__in=barrier_ids)
    for row in through.values(
        "barrier_id", "hscode_id", "hscode__description", "hscode__description_ru"
    ):
        products[row["barrier_id"]][row["hscode_id"]] = Product(
            row["hscode_id"], row["hscode__description"], row["hscode__description_ru"]
        )
    return products


def _breakdown(raw: object) -> tuple[ScoreComponent, ...]:
    if not isinstance(raw, dict):
        return ()
    components = []
    for name in [*SCORE_COMPONENTS, *sorted(set(raw) - set(SCORE_COMPONENTS))]:
        part = raw.get(name)
        if not isinstance(part, dict):
            continue
        components.append(
            ScoreComponent(
                name=name,
                value=str(part.get("value", "")),
                points=Decimal(str(part.get("points", "0"))),
                weight=Decimal(str(part.get("weight", "0"))),
                score=Decimal(str(part.get("score", "0"))),
                figures=_figures(part),
            )
        )
    return tuple(components)


def _figures(part: dict) -> str:
    """Which label says how sure a component's figures are (breakdowns before verification
    existed have no report counts: no label)."""
    try:
        verified = int(part["verified_reports"])
        unverified = int(part["unverified_reports"])
    except (KeyError, TypeError, ValueError):
        return ""
    if unverified and verified:
        return "figures_partly_verified"
    if unverified:
        return "figures_declared"
    return "figures_verified" if verified else ""


def _action_point(point: ActionPoint, numbers: dict[int, int]) -> ActionPointEntry:
    owner = point.owner
    return ActionPointEntry(
        item_number=numbers.get(point.agenda_item_id) if point.agenda_item_id else None,
        barrier_reference=point.barrier.reference,
        description=point.description,
        party=point.party,
        owner_agency=point.owner_agency,
        regulator=_regulator(point.regulator),
        owner_name=(owner.full_name or owner.email) if owner else "",
        due_on=point.due_on,
        status=point.status,
        completed_on=point.completed_on,
        id=point.pk,
    )


def _answer(barrier_id: int, answers: dict[int, object]) -> AnswerEntry | None:
    answer = answers.get(barrier_id)
    if answer is None:
        return None
    from barriers.selectors.exchanges import LatestAnswer

    assert isinstance(answer, LatestAnswer)
    basis = answer.legal_basis
    return AnswerEntry(
        kind=answer.kind,
        regulator=answer.regulator,
        on=timezone.localdate(answer.created_at),
        body_ru=answer.body_ru,
        body_en=answer.body_en,
        target_date=answer.target_date,
        legal_basis=basis.number if basis else "",
        legal_basis_ru=(basis.number_ru or basis.number) if basis else "",
    )


def _exchange_entries(barrier_ids: list[int]) -> dict[int, tuple[ExchangeEntry, ...]]:
    from barriers.selectors.exchanges import exchanges_for_barriers

    return {
        barrier_id: tuple(
            ExchangeEntry(
                on=timezone.localdate(e.created_at),
                party=e.party,
                kind=e.kind,
                regulator=e.regulator.abbreviation or e.regulator.name,
                body_ru=e.body_ru,
                body_en=e.body_en,
                target_date=e.target_date,
                legal_basis=e.legal_basis.number if e.legal_basis else "",
                documents=len(e.documents.all()),
            )
            for e in exchanges
        )
        for barrier_id, exchanges in exchanges_for_barriers(barrier_ids).items()
    }


def _joint(entry: AgendaEntry, text: editions.JointText) -> AgendaEntry:
    """The entry as the joint edition shows it: the counterpart-facing texts, nothing of India's
    scoring, reasons, trade figures or internal exchange."""
    return replace(
        entry,
        title=text.title_en,
        title_ru=text.title_ru,
        summary=text.summary_en,
        summary_ru=text.summary_ru,
        ask=text.ask_en,
        ask_ru=text.ask_ru,
        score=Decimal("0"),
        score_breakdown=(),
        reason="",
        trade_value_usd=Decimal("0"),
        reports=0,
        exchanges=(),
        escalate=False,
    )


def _entries(
    meeting: Meeting,
    items: list[AgendaItem],
    today: dt.date,
    *,
    action_points: dict[int, list[ActionPoint]] | None = None,
    edition: str = INTERNAL,
) -> tuple[list[AgendaEntry], list[AgendaEntry]]:
    """The agenda (grouped by track, numbered in document order) and the reserve list."""
    from barriers.selectors.exchanges import latest_answers

    ids = [item.barrier_id for item in items]
    facts = _facts(ids, today)
    own_products = _barrier_products(ids)
    answers: dict[int, object] = dict(latest_answers(ids))
    history = _exchange_entries(ids) if edition == INTERNAL else {}
    track_index = {track: i for i, track in enumerate(TRACK_ORDER)}
    on_agenda = sorted(
        (i for i in items if i.section == AgendaSection.AGENDA),
        key=lambda i: (track_index.get(i.track, len(TRACK_ORDER)), i.track, i.position, i.pk),
    )
    reserve = sorted(
        (i for i in items if i.section == AgendaSection.RESERVE), key=lambda i: (i.position, i.pk)
    )
    numbers = {item.pk: n for n, item in enumerate(on_agenda, start=1)}
    results: tuple[list[AgendaEntry], list[AgendaEntry]] = ([], [])
    for target, group in zip(results, (on_agenda, reserve), strict=True):
        for number, item in enumerate(group, start=1):
            barrier = item.barrier
            f = facts.get(barrier.pk, _Facts())
            countries = dict(f.countries)
            c = barrier.destination_country
            if c is not None:
                countries[c.code] = CountryRef(c.code, c.name, c.name_ru)
            products = own_products.get(barrier.pk) or f.products
            named = tuple(
                sorted(name for cid, name in f.companies.items() if cid not in f.withheld)
            )
            points = (action_points or {}).get(item.pk, [])
            entry = AgendaEntry(
                number=number,
                section=item.section,
                track=item.track,
                position=item.position,
                reference=barrier.reference,
                title=barrier.title,
                title_ru=barrier.title_ru,
                kind=barrier.barrier_kind.name,
                kind_ru=barrier.barrier_kind.name_ru,
                regulator=_regulator(barrier.regulator),
                products=tuple(products[code] for code in sorted(products)),
                countries=tuple(sorted(countries.values(), key=lambda c: c.name)),
                companies=CompaniesAffected(count=len(f.companies), named=named),
                reports=f.reports,
                trade_value_usd=f.trade_value,
                days_pending=max(f.longest, 0),
                is_carry_over=item.is_carry_over,
                times_raised=item.times_raised,
                escalate=item.escalate,
                ask=item.ask or barrier.ask,
                reason=item.reason,
                score=item.score,
                score_breakdown=_breakdown(item.score_breakdown),
                outcome=item.outcome,
                statement_india=item.statement_india,
                statement_eaeu=item.statement_eaeu,
                counterpart_commitment=item.counterpart_commitment,
                action_points=tuple(_action_point(p, numbers) for p in points),
                ask_ru=item.ask_ru or barrier.ask_ru,
                summary=barrier.summary,
                summary_ru=barrier.summary_ru,
                latest_answer=_answer(barrier.pk, answers),
                exchanges=history.get(barrier.pk, ()),
                legal_basis=_legal_basis(barrier.legal_basis),
            )
            target.append(_joint(entry, joint_text(item)) if edition == JOINT else entry)
    return results


def _items(meeting: Meeting, sections: Iterable[str]) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(meeting=meeting, section__in=list(sections)).select_related(
            "barrier",
            "barrier__regulator",
            "barrier__barrier_kind",
            "barrier__destination_country",
            "barrier__share",
            "barrier__legal_basis",
        )
    )


def joint_check(meeting: Meeting, *, action: str = "built") -> None:
    """Refuse the joint edition when an item on the agenda lacks Russian title, summary or ask,
    naming each barrier and the fields missing."""
    from barriers.selectors.agenda import agenda_russian_check

    agenda_russian_check(meeting=meeting, action=action)


def _meeting(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.filter(pk=meeting.pk)
        .prefetch_related(Prefetch("eaeu_participants", queryset=Regulator.objects.all()))
        .get()
    )


def export_item_count(*, meeting: Meeting, document: str) -> int:
    """How many items a document of `meeting` lists (decides whether it is built by a task)."""
    if document == OUTCOMES:
        return AgendaItem.objects.filter(meeting=meeting, section=AgendaSection.AGENDA).count()
    return AgendaItem.objects.filter(meeting=meeting).exclude(section=AgendaSection.REMOVED).count()


def agenda_data(
    *, meeting: Meeting, today: dt.date | None = None, edition: str = INTERNAL
) -> AgendaData:
    """The agenda document's data: header, items by track, reserve list, resolved annex.

    A fixed number of queries whatever the size of the agenda (twelve for the internal brief,
    ten for the joint edition). The annex lists barriers resolved from the day of the previous
    meeting held (resolutions recorded at it included) up to the day before this one. The
    joint edition has no reserve list and is refused when an item lacks Russian text.
    """
    today = today or timezone.localdate()
    meeting = _meeting(meeting)
    previous = _previous_meeting(meeting)
    sections = (
        [AgendaSection.AGENDA]
        if edition == JOINT
        else [
            AgendaSection.AGENDA,
            AgendaSection.RESERVE,
        ]
    )
    items = _items(meeting, sections)
    if edition == JOINT:
        editions.check_russian(
            (joint_text(item).russian(item.barrier.reference) for item in items), action="built"
        )
    agenda, reserve = _entries(meeting, items, today, edition=edition)
    resolved = Barrier.objects.filter(
        status=BarrierStatus.RESOLVED,
        resolved_at__isnull=False,
        resolved_at__date__lt=meeting.date,
    )
    if previous is not None:
        resolved = resolved.filter(resolved_at__date__gte=previous.date)
    annex = [
        ResolvedEntry(
            reference=b.reference,
            title=b.title,
            title_ru=b.title_ru,
            regulator=_regulator(b.regulator),
            countries=(
                (
                    CountryRef(
                        b.destination_country.code,
                        b.destination_country.name,
                        b.destination_country.name_ru,
                    ),
                )
                if b.destination_country is not None
                else ()
            ),
            resolved_on=timezone.localdate(b.resolved_at),
        )
        if edition == INTERNAL
        else _joint_resolved(b)
        for b in resolved.select_related("regulator", "destination_country").order_by(
            "resolved_at", "reference"
        )
    ]
    return AgendaData(
        meeting=_header(meeting, previous),
        agenda=tuple(agenda),
        reserve=tuple(reserve),
        resolved=tuple(annex),
        generated_at=timezone.now(),
        as_of=today,
        edition=edition,
    )


def _joint_resolved(barrier: Barrier) -> ResolvedEntry:
    """A resolved barrier as the joint edition lists it: no Russian title rather than an English
    one in the Russian column."""
    c = barrier.destination_country
    return ResolvedEntry(
        reference=barrier.reference,
        title=barrier.title,
        title_ru=barrier.title_ru if editions.is_russian(barrier.title_ru) else "",
        regulator=_regulator(barrier.regulator),
        countries=(CountryRef(c.code, c.name, c.name_ru),) if c is not None else (),
        resolved_on=timezone.localdate(barrier.resolved_at),
    )


class ExportRefused(DomainError):
    """A document that cannot be exported (yet); `code` says why, for API clients."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


OUTCOMES_NOT_YET = (
    "The outcomes of {code} can be exported once the meeting has been held; the meeting is "
    "{status}."
)


def outcomes_data(
    *, meeting: Meeting, today: dt.date | None = None, edition: str = INTERNAL
) -> OutcomesData:
    """The outcomes document's data; refused with a DomainError before the meeting is held.

    A fixed number of queries whatever the number of items and action points.
    """
    if meeting.status not in MEETING_TOOK_PLACE:
        raise ExportRefused(
            OUTCOMES_NOT_YET.format(code=meeting.code, status=meeting.get_status_display().lower()),
            code="meeting_not_held",
        )
    today = today or timezone.localdate()
    meeting = _meeting(meeting)
    previous = _previous_meeting(meeting)
    points = list(
        ActionPoint.objects.filter(meeting=meeting)
        .select_related("barrier", "regulator", "owner")
        .order_by("due_on", "pk")
    )
    by_item: dict[int, list[ActionPoint]] = defaultdict(list)
    for point in points:
        if point.agenda_item_id:
            by_item[point.agenda_item_id].append(point)
    items = _items(meeting, [AgendaSection.AGENDA])
    if edition == JOINT:
        editions.check_russian(
            (joint_text(item).russian(item.barrier.reference) for item in items), action="built"
        )
    entries, _reserve = _entries(meeting, items, today, action_points=by_item, edition=edition)
    by_reference = {entry.reference: entry.number for entry in entries}
    numbers = {item.pk: by_reference[item.barrier.reference] for item in items}
    outcomes = [e.outcome for e in entries]
    summary = OutcomeSummary(
        on_agenda=len(entries),
        raised=sum(1 for o in outcomes if o in RAISED_OUTCOMES),
        resolved=outcomes.count(Outcome.RESOLVED),
        partially_resolved=outcomes.count(Outcome.PARTIALLY_RESOLVED),
        action_agreed=outcomes.count(Outcome.ACTION_AGREED),
        discussed=outcomes.count(Outcome.DISCUSSED),
        deferred=outcomes.count(Outcome.DEFERRED),
        withdrawn=outcomes.count(Outcome.WITHDRAWN),
        pending=outcomes.count(""),
        action_points=len(points),
    )
    return OutcomesData(
        meeting=_header(meeting, previous),
        items=tuple(entries),
        action_points=tuple(_action_point(p, numbers) for p in points),
        summary=summary,
        generated_at=timezone.now(),
        as_of=today,
        edition=edition,
    )
