"""The agenda scoring and drafting rules, in plain Python: no database, easy to test and explain.

A barrier's priority score is the sum of five components. Each component turns one fact into points
between 0 and 1 (manual priority: -1 to 1) and multiplies them by the weight officials set:

- trade value at stake: log10(1 + USD) / log10(1 + the amount that scores in full), capped at 1.
  The USD are the barrier's accepted reports' counted figures: a report's value as a triage officer
  verified it, or, until then, the value its exporter declared up to DECLARED_TRADE_VALUE_CAP_USD
  (100,000 by default), so one company's inflated declarations cannot crowd the agenda. The
  breakdown says how much is verified and how much declared (and capped);
- companies affected: companies / the number that scores in full, capped at 1;
- days overdue against the usual decision time of the barrier kind: days / the days that score in
  full, capped at 1;
- perishable goods: 1 if any product of the barrier is perishable;
- manual priority: the officials' -5..5 setting divided by 5;
- counterpart's answer overdue: 1 if an answer the EAEU regulator owes on the barrier (an open
  counterpart deadline) was due before the day of drafting; the breakdown's value is how many
  days the oldest such answer is late.

A barrier officials opened themselves, with no accepted report yet, is considered on its own
merits: it has no trade value, companies or days overdue to count (those come from reports), so it
scores on its perishable goods (its HS codes), its manual priority and any overdue counterpart
answer; its reason says so.

Which barriers the agenda takes: only those whose regulator takes part in the meeting (when the
meeting lists its participating regulators; a meeting that lists none takes every regulator), at
most the meeting's capacity in all and, per track, at most the track's capacity (the meeting-wide
capacity when the meeting sets none for the track). The next barriers in rank order form the
reserve list, each with the reason it is not on the agenda.

Carry-overs (barriers on the previous meeting's agenda that are still unresolved) come first, then
the others, each group by score; ties fall to the larger trade value, then the older barrier, then
the reference, so the same data always gives the same agenda.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext, ngettext

from barriers.models import Remit

TRACK_ORDER: tuple[str, ...] = (
    Remit.VETERINARY,
    Remit.PHYTOSANITARY,
    Remit.FOOD_SAFETY,
    Remit.TECHNICAL_REGULATION,
    Remit.CUSTOMS,
)
THREE_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class Weights:
    trade_value: Decimal = Decimal("30")
    companies: Decimal = Decimal("25")
    days_overdue: Decimal = Decimal("25")
    perishability: Decimal = Decimal("10")
    manual_priority: Decimal = Decimal("10")
    counterpart_overdue: Decimal = Decimal("10")
    trade_value_full_usd: Decimal = Decimal("10000000")
    companies_full: int = 10
    days_overdue_full: int = 365


@dataclass(frozen=True)
class Candidate:
    """What the drafting rules need to know about one barrier."""

    barrier_id: int
    reference: str
    created_at: dt.datetime
    track: str
    trade_value_usd: Decimal
    companies: int
    days_overdue: int
    perishable: bool
    manual_priority: int
    carry_over: bool = False
    times_raised: int = 0
    # How trade_value_usd (the counted value) is made up: the verified figures of some reports,
    # and the declared figures of the others, each counted up to declared_cap_usd.
    trade_value_verified_usd: Decimal = Decimal("0")
    trade_value_declared_usd: Decimal = Decimal("0")
    verified_reports: int = 0
    unverified_reports: int = 0
    declared_cap_usd: Decimal | None = None
    # Days the oldest answer the counterpart owes is late on the day of drafting (0: none late).
    counterpart_overdue_days: int = 0
    # The barrier's regulator (a Regulator code), None when not yet known.
    regulator_id: str | None = None


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: Decimal
    breakdown: dict[str, dict[str, str]]


@dataclass
class Placement:
    """Where a barrier lands in a draft: section, track, position and why."""

    candidate: Candidate
    score: Decimal
    breakdown: dict[str, dict[str, str]]
    section: str
    position: int = 0
    reason: str = ""


@dataclass
class Draft:
    agenda: list[Placement] = field(default_factory=list)
    reserve: list[Placement] = field(default_factory=list)


def _q(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(THREE_PLACES, rounding=ROUND_HALF_UP)


def score(candidate: Candidate, weights: Weights) -> tuple[Decimal, dict[str, dict[str, str]]]:
    """The candidate's score and, per component, the fact, the points, the weight and the result."""
    full_value = float(weights.trade_value_full_usd)
    trade_points = min(
        math.log10(1 + float(candidate.trade_value_usd)) / math.log10(1 + full_value), 1.0
    )
    components: dict[str, tuple[str, float, Decimal]] = {
        "trade_value": (f"{candidate.trade_value_usd:.2f}", trade_points, weights.trade_value),
        "companies": (
            str(candidate.companies),
            min(candidate.companies / weights.companies_full, 1.0),
            weights.companies,
        ),
        "days_overdue": (
            str(candidate.days_overdue),
            min(max(candidate.days_overdue, 0) / weights.days_overdue_full, 1.0),
            weights.days_overdue,
        ),
        "perishability": (
            "yes" if candidate.perishable else "no",
            1.0 if candidate.perishable else 0.0,
            weights.perishability,
        ),
        "manual_priority": (
            str(candidate.manual_priority),
            max(min(candidate.manual_priority / 5, 1.0), -1.0),
            weights.manual_priority,
        ),
        "counterpart_overdue": (
            str(max(candidate.counterpart_overdue_days, 0)),
            1.0 if candidate.counterpart_overdue_days > 0 else 0.0,
            weights.counterpart_overdue,
        ),
    }
    breakdown: dict[str, dict[str, str]] = {}
    total = Decimal("0")
    for name, (fact, points, weight) in components.items():
        contribution = _q(Decimal(str(points)) * weight)
        total += contribution
        breakdown[name] = {
            "value": fact,
            "points": str(_q(points)),
            "weight": str(_q(weight)),
            "score": str(contribution),
        }
    breakdown["trade_value"].update(trade_value_sources(candidate))
    return _q(total), breakdown


def trade_value_sources(candidate: Candidate) -> dict[str, str]:
    """Which part of the counted trade value is verified and which is declared (and capped)."""
    c = candidate
    reports = c.verified_reports + c.unverified_reports
    counted_declared = max(c.trade_value_usd - c.trade_value_verified_usd, Decimal("0"))
    if reports == 0:
        summary = ""  # a candidate made without its reports' figures (nothing to say)
    elif c.unverified_reports == 0:
        summary = (
            f"verified: USD {c.trade_value_verified_usd:,.2f} "
            f"({c.verified_reports} of {reports} reports verified)"
        )
    else:
        cap = f" up to USD {c.declared_cap_usd:,.0f} a report" if c.declared_cap_usd else ""
        summary = (
            f"{c.verified_reports} of {reports} reports verified "
            f"(USD {c.trade_value_verified_usd:,.2f}); declared, not verified: "
            f"USD {c.trade_value_declared_usd:,.2f}, counted{cap} as USD {counted_declared:,.2f}"
        )
    return {
        "verified": summary,
        "verified_value": f"{c.trade_value_verified_usd:.2f}",
        "declared_value": f"{c.trade_value_declared_usd:.2f}",
        "declared_counted_value": f"{counted_declared:.2f}",
        "declared_cap": f"{c.declared_cap_usd:.2f}" if c.declared_cap_usd is not None else "",
        "verified_reports": str(c.verified_reports),
        "unverified_reports": str(c.unverified_reports),
    }


def figures_note(verified_reports: int, unverified_reports: int) -> str:
    """'(verified)', '(declared, capped)' or '(partly verified; declared, capped)': how sure a
    counted trade value is, for the reason line (declared figures count up to the cap)."""
    if unverified_reports == 0:
        return " (verified)" if verified_reports else ""
    return " (partly verified; declared, capped)" if verified_reports else " (declared, capped)"


def _fast_scorer(weights: Weights) -> Callable[[Candidate], float]:
    """The same score as `score()` in floats, for ordering thousands of candidates quickly."""
    full_log = math.log10(1 + float(weights.trade_value_full_usd))
    w_trade, w_companies = float(weights.trade_value), float(weights.companies)
    w_overdue, w_perish = float(weights.days_overdue), float(weights.perishability)
    w_manual = float(weights.manual_priority)
    w_counterpart = float(weights.counterpart_overdue)
    companies_full, overdue_full = weights.companies_full, weights.days_overdue_full
    log10 = math.log10

    def fast_score(c: Candidate) -> float:
        trade = log10(1 + float(c.trade_value_usd)) / full_log
        companies = c.companies / companies_full
        overdue = c.days_overdue / overdue_full if c.days_overdue > 0 else 0.0
        manual = c.manual_priority / 5
        return round(
            round((trade if trade < 1 else 1.0) * w_trade, 3)
            + round((companies if companies < 1 else 1.0) * w_companies, 3)
            + round((overdue if overdue < 1 else 1.0) * w_overdue, 3)
            + round(w_perish if c.perishable else 0.0, 3)
            + round((-1.0 if manual < -1 else 1.0 if manual > 1 else manual) * w_manual, 3)
            + round(w_counterpart if c.counterpart_overdue_days > 0 else 0.0, 3),
            3,
        )

    return fast_score


def _rank_key(
    weights: Weights,
) -> Callable[[Candidate], tuple[bool, float, Decimal, dt.datetime, str]]:
    fast_score = _fast_scorer(weights)

    def key(c: Candidate) -> tuple[bool, float, Decimal, dt.datetime, str]:
        return (not c.carry_over, -fast_score(c), -c.trade_value_usd, c.created_at, c.reference)

    return key


def rank_lazily(candidates: Iterable[Candidate], weights: Weights) -> Iterator[Ranked]:
    """The same order as `rank`, each candidate's score breakdown computed only when reached
    (drafting stops once the agenda and the reserve are full)."""
    for c in sorted(candidates, key=_rank_key(weights)):
        yield Ranked(c, *score(c, weights))


def rank(
    candidates: Iterable[Candidate], weights: Weights, *, limit: int | None = None
) -> list[Ranked]:
    """Carry-overs first, then by score, larger trade value, older barrier, reference.

    With `limit`, only the first `limit` are returned (and only they get a score breakdown).
    """
    fast_score = _fast_scorer(weights)

    def key(c: Candidate) -> tuple[bool, float, Decimal, dt.datetime, str]:
        return (
            not c.carry_over,
            -fast_score(c),
            -c.trade_value_usd,
            c.created_at,
            c.reference,
        )

    items = list(candidates)
    ordered = (
        heapq.nsmallest(limit, items, key=key) if limit is not None else sorted(items, key=key)
    )
    return [Ranked(c, *score(c, weights)) for c in ordered]


def agenda_sort_key(track: str, position: int, pk: int | None) -> tuple[int, str, int, int]:
    """Agenda order: tracks in TRACK_ORDER, then position within the track. Items are numbered
    1, 2, 3... in this order wherever an agenda is shown (admin, API, documents, command)."""
    index = TRACK_ORDER.index(track) if track in TRACK_ORDER else len(TRACK_ORDER)
    return (index, track, position, pk or 0)


def history_labels(*, carry_over: bool, times_raised: int, escalate: bool) -> list[str]:
    """The labels of an agenda item, each only when true, in the same words wherever an item is
    shown (admin, exports, API, command): carried over, previously raised N times, escalated."""
    labels = []
    if carry_over:
        labels.append(gettext("carried over"))
    if times_raised >= 1:
        labels.append(
            ngettext(
                "previously raised %(count)d time",
                "previously raised %(count)d times",
                times_raised,
            )
            % {"count": times_raised}
        )
    if escalate:
        labels.append(gettext("escalated"))
    return labels


def reason_text(ranked: Ranked) -> str:
    """One sentence saying why the barrier is on the agenda, from its score breakdown."""
    c = ranked.candidate
    reports = c.verified_reports + c.unverified_reports
    if reports == 0 and c.companies == 0 and c.trade_value_usd == 0:
        # Opened by officials, no accepted report yet: scored on its own merits.
        parts = ["opened by officials, no reports yet"]
    else:
        note = figures_note(c.verified_reports, c.unverified_reports)
        parts = [
            f"USD {c.trade_value_usd:,.0f} at stake{note}",
            f"{c.companies} compan{'y' if c.companies == 1 else 'ies'} affected",
            f"{c.days_overdue} days overdue",
        ]
    if c.perishable:
        parts.append("perishable goods")
    if c.manual_priority:
        parts.append(f"manual priority {c.manual_priority:+d}")
    if c.counterpart_overdue_days > 0:
        days = c.counterpart_overdue_days
        parts.append(f"counterpart's answer {days} day{'s' if days != 1 else ''} overdue")
    text = f"Score {ranked.score}: " + ", ".join(parts) + "."
    # English whatever the language active: the reason is stored with the item.
    history = []
    if c.carry_over:
        history.append("Carried over")
    if c.times_raised >= 1:
        history.append(
            f"previously raised {c.times_raised} time{'s' if c.times_raised != 1 else ''}"
        )
    if history:
        text = ", ".join(history) + ", not yet resolved. " + text
        text = text[0].upper() + text[1:]
    return text


# Why a barrier is on the reserve list rather than the agenda.
RESERVE_AGENDA_FULL = "Reserve: the agenda is full (capacity {capacity})."
RESERVE_TRACK_FULL = "Reserve: the {track} track is full (capacity {capacity})."
RESERVE_NOT_TAKING_PART = "Reserve: regulator not taking part in the meeting."
RESERVE_NO_REGULATOR = "Reserve: no regulator set, so not known to take part in the meeting."


def track_capacity_check(value: object, *, capacity: int | None = None) -> dict[str, int]:
    """A meeting's capacity per track, cleaned: {track: items}, each track a Remit value and each
    capacity a whole number from 1 (up to the meeting-wide capacity when given). Raises
    ValueError with a readable message."""
    if value in (None, ""):
        return {}
    if not isinstance(value, Mapping):
        raise ValueError("Give the capacity per track as track: number of items.")
    cleaned: dict[str, int] = {}
    for track, items in value.items():
        if track not in TRACK_ORDER:
            raise ValueError(f"'{track}' is not a track.")
        if isinstance(items, bool) or not isinstance(items, int) or items < 1:
            raise ValueError(f"The capacity of the {_track_name(track)} track is at least 1.")
        if capacity is not None and items > capacity:
            raise ValueError(
                f"The capacity of the {_track_name(track)} track ({items}) is more than the "
                f"meeting's ({capacity})."
            )
        cleaned[str(track)] = items
    return cleaned


def _track_name(track: str) -> str:
    return str(track).replace("_", " ")


def plan(
    ranked: Iterable[Ranked],
    *,
    capacity: int,
    fixed_agenda_positions: Sequence[int] = (),
    reserve_size: int | None = None,
    track_capacity: Mapping[str, int] | None = None,
    fixed_tracks: Sequence[str] = (),
    participants: Collection[str] | None = None,
) -> Draft:
    """Fill the agenda up to `capacity` (less the items officials placed by hand), each track up
    to its `track_capacity` (default: the meeting-wide capacity; hand-placed items in
    `fixed_tracks` count against it), with barriers whose regulator is among `participants`
    (None or empty: every regulator). The next `reserve_size` (default: as many as the capacity)
    form the reserve list, in the same order, each with why it is not on the agenda.

    Items on the agenda are grouped by track in TRACK_ORDER and numbered across the agenda, skipping
    the positions that hand-placed items hold.
    """
    free = max(capacity - len(fixed_agenda_positions), 0)
    reserve_size = capacity if reserve_size is None else reserve_size
    limits = dict(track_capacity or {})
    used: dict[str, int] = {}
    for track in fixed_tracks:
        used[track] = used.get(track, 0) + 1
    chosen: list[Ranked] = []
    spare: list[tuple[Ranked, str]] = []
    for r in ranked:
        if len(chosen) >= free and len(spare) >= reserve_size:
            break
        c = r.candidate
        track_limit = limits.get(c.track, capacity)
        if participants and c.regulator_id is None:
            why = RESERVE_NO_REGULATOR
        elif participants and c.regulator_id not in participants:
            why = RESERVE_NOT_TAKING_PART
        elif len(chosen) >= free:
            why = RESERVE_AGENDA_FULL.format(capacity=capacity)
        elif used.get(c.track, 0) >= track_limit:
            why = RESERVE_TRACK_FULL.format(track=_track_name(c.track), capacity=track_limit)
        else:
            chosen.append(r)
            used[c.track] = used.get(c.track, 0) + 1
            continue
        if len(spare) < reserve_size:
            spare.append((r, why))
    track_index = {track: i for i, track in enumerate(TRACK_ORDER)}
    order = {id(r): i for i, r in enumerate(chosen)}
    chosen.sort(key=lambda r: (track_index.get(r.candidate.track, len(TRACK_ORDER)), order[id(r)]))
    draft = Draft()
    taken = set(fixed_agenda_positions)
    position = 0
    for r in chosen:
        position += 1
        while position in taken:
            position += 1
        draft.agenda.append(
            Placement(r.candidate, r.score, r.breakdown, "agenda", position, reason_text(r))
        )
    for i, (r, why) in enumerate(spare, start=1):
        draft.reserve.append(
            Placement(r.candidate, r.score, r.breakdown, "reserve", i, f"{why} {reason_text(r)}")
        )
    return draft
