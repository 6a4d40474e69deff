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

Carry-overs (barriers on the previous meeting's agenda that are still unresolved) come first, then
the others, each group by score; ties fall to the larger trade value, then the older barrier, then
the reference, so the same data always gives the same agenda.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

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


def reason_text(ranked: Ranked) -> str:
    """One sentence saying why the barrier is on the agenda, from its score breakdown."""
    c = ranked.candidate
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
    if c.carry_over:
        times = f"{c.times_raised} time{'s' if c.times_raised != 1 else ''}"
        text = f"Previously raised ({times}), not yet resolved. " + text
    return text


def plan(
    ranked: Sequence[Ranked],
    *,
    capacity: int,
    fixed_agenda_positions: Sequence[int] = (),
    reserve_size: int | None = None,
) -> Draft:
    """Fill the agenda up to `capacity` (less the items officials placed by hand); the next
    `reserve_size` (default: as many as the capacity) form the reserve list, in the same order.

    Items on the agenda are grouped by track in TRACK_ORDER and numbered across the agenda, skipping
    the positions that hand-placed items hold.
    """
    free = max(capacity - len(fixed_agenda_positions), 0)
    chosen = list(ranked[:free])
    reserve_size = capacity if reserve_size is None else reserve_size
    spare = list(ranked[free : free + reserve_size])
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
    for i, r in enumerate(spare, start=1):
        draft.reserve.append(
            Placement(r.candidate, r.score, r.breakdown, "reserve", i, reason_text(r))
        )
    return draft
