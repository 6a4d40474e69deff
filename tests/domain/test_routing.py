"""The scoring and drafting rules, without a database (property-based where it helps)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from barriers.domain import routing

BASE = routing.Candidate(
    barrier_id=1,
    reference="BAR-2026-0001",
    created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    track="veterinary",
    trade_value_usd=Decimal("100000"),
    companies=2,
    days_overdue=30,
    perishable=False,
    manual_priority=0,
)
WEIGHTS = routing.Weights()

candidates = st.builds(
    routing.Candidate,
    barrier_id=st.integers(1, 10_000),
    reference=st.from_regex(r"BAR-2026-[0-9]{4}", fullmatch=True),
    created_at=st.datetimes(
        min_value=dt.datetime(2024, 1, 1),
        max_value=dt.datetime(2026, 11, 1),
        timezones=st.just(dt.UTC),
    ),
    track=st.sampled_from(routing.TRACK_ORDER),
    trade_value_usd=st.decimals(min_value=0, max_value=10**10, places=2),
    companies=st.integers(0, 50),
    days_overdue=st.integers(0, 2000),
    perishable=st.booleans(),
    manual_priority=st.integers(-5, 5),
    carry_over=st.booleans(),
    times_raised=st.integers(0, 5),
    counterpart_overdue_days=st.integers(0, 120),
)


def _score(candidate: routing.Candidate, weights: routing.Weights = WEIGHTS) -> Decimal:
    return routing.score(candidate, weights)[0]


@given(candidates, st.decimals(min_value=1, max_value=10**9, places=2))
def test_more_trade_value_never_lowers_the_score(candidate, extra) -> None:
    richer = replace(candidate, trade_value_usd=candidate.trade_value_usd + extra)
    assert _score(richer) >= _score(candidate)


@given(candidates, st.integers(1, 20))
def test_more_companies_never_lowers_the_score(candidate, extra) -> None:
    assert _score(replace(candidate, companies=candidate.companies + extra)) >= _score(candidate)


@given(candidates, st.integers(1, 400))
def test_more_days_overdue_never_lowers_the_score(candidate, extra) -> None:
    later = replace(candidate, days_overdue=candidate.days_overdue + extra)
    assert _score(later) >= _score(candidate)


@given(candidates, st.integers(1, 300))
def test_an_overdue_counterpart_answer_adds_its_weight_however_late(candidate, days) -> None:
    answered = replace(candidate, counterpart_overdue_days=0)
    late = replace(candidate, counterpart_overdue_days=days)
    assert _score(late) - _score(answered) == WEIGHTS.counterpart_overdue
    assert routing.score(late, WEIGHTS)[1]["counterpart_overdue"]["value"] == str(days)
    # The ranking's fast scorer agrees with the breakdown.
    ranked = routing.rank([late], WEIGHTS)[0]
    assert ranked.score == _score(late)
    assert "counterpart's answer" in routing.reason_text(ranked)


@given(candidates)
def test_perishable_goods_score_higher(candidate) -> None:
    assert (
        _score(replace(candidate, perishable=True)) - _score(replace(candidate, perishable=False))
        == WEIGHTS.perishability
    )


@given(candidates, st.integers(-5, 4))
def test_higher_manual_priority_scores_higher(candidate, priority) -> None:
    low = replace(candidate, manual_priority=priority)
    high = replace(candidate, manual_priority=priority + 1)
    assert _score(high) > _score(low)


@given(st.lists(candidates, min_size=2, max_size=30, unique_by=lambda c: c.reference))
def test_ranking_is_deterministic_and_puts_carry_overs_first(items) -> None:
    ranked = routing.rank(items, WEIGHTS)
    assert [r.candidate for r in ranked] == [
        r.candidate for r in routing.rank(reversed(items), WEIGHTS)
    ]
    flags = [r.candidate.carry_over for r in ranked]
    assert flags == sorted(flags, reverse=True)
    for before, after in itertools.pairwise(ranked):
        if before.candidate.carry_over == after.candidate.carry_over:
            assert before.score >= after.score


def test_each_weight_moves_the_order_the_way_it_should() -> None:
    rich = replace(
        BASE, barrier_id=2, reference="BAR-2026-0002", trade_value_usd=Decimal("5000000")
    )
    many = replace(BASE, barrier_id=3, reference="BAR-2026-0003", companies=9)
    only_value = routing.Weights(companies=Decimal(0), days_overdue=Decimal(0))
    only_companies = routing.Weights(trade_value=Decimal(0), days_overdue=Decimal(0))
    assert routing.rank([many, rich], only_value)[0].candidate == rich
    assert routing.rank([rich, many], only_companies)[0].candidate == many


def test_ties_are_broken_by_trade_value_then_age_then_reference() -> None:
    older = replace(
        BASE,
        barrier_id=2,
        reference="BAR-2026-0009",
        created_at=BASE.created_at - dt.timedelta(days=5),
    )
    same = replace(BASE, barrier_id=3, reference="BAR-2026-0002")
    ranked = [
        r.candidate.reference
        for r in routing.rank(
            [same, BASE, older],
            routing.Weights(trade_value=Decimal(0), companies=Decimal(0), days_overdue=Decimal(0)),
        )
    ]
    assert ranked == ["BAR-2026-0009", "BAR-2026-0001", "BAR-2026-0002"]


def test_breakdown_adds_up_to_the_score_and_names_every_component() -> None:
    total, breakdown = routing.score(replace(BASE, perishable=True, manual_priority=3), WEIGHTS)
    assert set(breakdown) == {
        "trade_value",
        "companies",
        "days_overdue",
        "perishability",
        "manual_priority",
        "counterpart_overdue",
    }
    assert sum(Decimal(part["score"]) for part in breakdown.values()) == total
    assert breakdown["perishability"] == {
        "value": "yes",
        "points": "1.000",
        "weight": "10.000",
        "score": "10.000",
    }


def test_plan_fills_capacity_groups_tracks_and_keeps_the_rest_in_reserve() -> None:
    items = [
        replace(BASE, barrier_id=i, reference=f"BAR-2026-{i:04d}", track=track, companies=10 - i)
        for i, track in enumerate(
            ["customs", "veterinary", "phytosanitary", "veterinary", "food_safety"], 1
        )
    ]
    draft = routing.plan(routing.rank(items, WEIGHTS), capacity=3)
    # The three with most companies, grouped in track order.
    assert [(p.candidate.reference, p.candidate.track, p.position) for p in draft.agenda] == [
        ("BAR-2026-0002", "veterinary", 1),
        ("BAR-2026-0003", "phytosanitary", 2),
        ("BAR-2026-0001", "customs", 3),
    ]
    assert len(draft.reserve) == 2
    assert [p.position for p in draft.reserve] == [1, 2]
    agenda_refs = {p.candidate.reference for p in draft.agenda}
    assert agenda_refs == {"BAR-2026-0001", "BAR-2026-0002", "BAR-2026-0003"}


def test_plan_skips_positions_held_by_hand_placed_items() -> None:
    items = [replace(BASE, barrier_id=i, reference=f"BAR-2026-{i:04d}") for i in range(1, 5)]
    draft = routing.plan(routing.rank(items, WEIGHTS), capacity=4, fixed_agenda_positions=[2])
    assert [p.position for p in draft.agenda] == [1, 3, 4]
    assert len(draft.reserve) == 1


def test_reason_names_carry_over_and_the_facts() -> None:
    ranked = routing.rank(
        [replace(BASE, carry_over=True, times_raised=2, perishable=True)], WEIGHTS
    )[0]
    text = routing.reason_text(ranked)
    assert text.startswith("Carried over, previously raised 2 times, not yet resolved.")
    assert "USD 100,000 at stake" in text and "perishable goods" in text


def test_a_carry_over_never_raised_says_carried_over_and_no_count() -> None:
    ranked = routing.rank([replace(BASE, carry_over=True, times_raised=0)], WEIGHTS)[0]
    text = routing.reason_text(ranked)
    assert text.startswith("Carried over, not yet resolved.")
    assert "0 times" not in text and "raised" not in text


def test_history_labels_are_shown_only_when_true() -> None:
    assert routing.history_labels(carry_over=False, times_raised=0, escalate=False) == []
    assert routing.history_labels(carry_over=True, times_raised=0, escalate=False) == [
        "carried over"
    ]
    assert routing.history_labels(carry_over=True, times_raised=1, escalate=True) == [
        "carried over",
        "previously raised 1 time",
        "escalated",
    ]
    assert routing.history_labels(carry_over=False, times_raised=3, escalate=False) == [
        "previously raised 3 times"
    ]


def test_plan_caps_each_track_and_says_why_the_rest_wait() -> None:
    items = [
        replace(BASE, barrier_id=i, reference=f"BAR-2026-{i:04d}", companies=10 - i, track=track)
        for i, track in enumerate(["veterinary", "veterinary", "veterinary", "customs"], 1)
    ]
    draft = routing.plan(
        routing.rank_lazily(items, WEIGHTS), capacity=4, track_capacity={"veterinary": 2}
    )
    assert [p.candidate.reference for p in draft.agenda] == [
        "BAR-2026-0001",
        "BAR-2026-0002",
        "BAR-2026-0004",
    ]
    [waiting] = draft.reserve
    assert waiting.candidate.reference == "BAR-2026-0003"
    assert waiting.reason.startswith("Reserve: the veterinary track is full (capacity 2).")


def test_plan_drafts_only_regulators_taking_part() -> None:
    items = [
        replace(BASE, barrier_id=1, reference="BAR-2026-0001", regulator_id="ru-fsvps"),
        replace(BASE, barrier_id=2, reference="BAR-2026-0002", regulator_id="kz-vet"),
        replace(BASE, barrier_id=3, reference="BAR-2026-0003", regulator_id=None),
    ]
    draft = routing.plan(routing.rank(items, WEIGHTS), capacity=5, participants={"ru-fsvps"})
    assert [p.candidate.reference for p in draft.agenda] == ["BAR-2026-0001"]
    reasons = {p.candidate.reference: p.reason for p in draft.reserve}
    assert reasons["BAR-2026-0002"].startswith("Reserve: regulator not taking part")
    assert reasons["BAR-2026-0003"].startswith("Reserve: no regulator set")


def test_reserve_list_is_as_long_as_the_agenda_unless_told_otherwise() -> None:
    items = [replace(BASE, barrier_id=i, reference=f"BAR-2026-{i:04d}") for i in range(1, 11)]
    ranked = routing.rank(items, WEIGHTS)
    draft = routing.plan(ranked, capacity=3)
    assert (len(draft.agenda), len(draft.reserve)) == (3, 3)
    assert [p.candidate for p in draft.reserve] == [r.candidate for r in ranked[3:6]]
    assert len(routing.plan(ranked, capacity=3, reserve_size=10).reserve) == 7


@given(
    st.lists(candidates, min_size=1, max_size=40, unique_by=lambda c: c.reference),
    st.integers(1, 40),
)
def test_ranking_only_the_top_gives_the_same_first_places(items, limit) -> None:
    assert routing.rank(items, WEIGHTS, limit=limit) == routing.rank(items, WEIGHTS)[:limit]


@given(candidates)
def test_the_fast_ordering_score_equals_the_shown_score(candidate) -> None:
    assert Decimal(str(routing._fast_scorer(WEIGHTS)(candidate))) == _score(candidate)
