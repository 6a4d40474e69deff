"""Made-up meeting documents of any size, in memory: for the benchmark and renderer tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from django.utils import timezone

from barriers.domain.routing import TRACK_ORDER
from barriers.exports.data import (
    ActionPointEntry,
    AgendaData,
    AgendaEntry,
    CompaniesAffected,
    CountryRef,
    MeetingHeader,
    OutcomesData,
    OutcomeSummary,
    Product,
    RegulatorRef,
    ResolvedEntry,
    ScoreComponent,
)

MEETING_DAY = dt.date(2026, 12, 15)
FSVPS = RegulatorRef(
    code="ru-fsvps",
    name="Federal Service for Veterinary and Phytosanitary Surveillance (Rosselkhoznadzor)",
    name_ru="Федеральная служба по ветеринарному и фитосанитарному надзору",
    abbreviation="FSVPS",
    abbreviation_ru="Россельхознадзор",
    country_code="RU",
)
EEC = RegulatorRef(
    code="eec",
    name="Eurasian Economic Commission",
    name_ru="Евразийская экономическая комиссия",
    abbreviation="EEC",
    abbreviation_ru="ЕЭК",
)
RUSSIA = CountryRef("RU", "Russian Federation", "Российская Федерация")
KAZAKHSTAN = CountryRef("KZ", "Kazakhstan", "Республика Казахстан")
OUTCOME_CYCLE = ("action_agreed", "resolved", "discussed", "partially_resolved", "deferred")


def _meeting(status: str) -> MeetingHeader:
    return MeetingHeader(
        code="2026-Q4",
        date=MEETING_DAY,
        venue="New Delhi (Vanijya Bhawan)",
        format="hybrid",
        status=status,
        cutoff_on=MEETING_DAY - dt.timedelta(days=20),
        circulate_on=MEETING_DAY - dt.timedelta(days=15),
        india_participants=("Department of Commerce", "APEDA", "MPEDA", "EIC"),
        eaeu_participants=(EEC, FSVPS),
        previous_code="2026-Q2",
        previous_date=dt.date(2026, 6, 17),
    )


def _entry(number: int, section: str, *, outcome: str = "") -> AgendaEntry:
    track = TRACK_ORDER[number % len(TRACK_ORDER)]

    def said(text: str) -> str:  # statements only once there is an outcome
        return text if outcome else ""

    points: tuple[ActionPointEntry, ...] = ()
    if outcome:
        points = (
            ActionPointEntry(
                item_number=number,
                barrier_reference=f"BAR-2026-{number:04d}",
                description="Send the updated guarantees and the latest inspection reports.",
                party="india",
                owner_agency="EIC",
                regulator=None,
                owner_name="Farida Hussain",
                due_on=MEETING_DAY + dt.timedelta(days=45),
                status="open",
                id=number,
            ),
        )
    return AgendaEntry(
        number=number,
        section=section,
        track=track,
        position=number,
        reference=f"BAR-2026-{number:04d}",
        title=f"Listing of Indian fish establishments pending with the regulator (case {number})",
        title_ru=f"Задержка включения индийских предприятий в реестр (дело {number})",
        kind="Listing in the EAEU register of third-country establishments",
        kind_ru="Включение в Реестр организаций третьих стран (ЕАЭС)",
        regulator=FSVPS if number % 2 else EEC,
        products=(
            Product("030617", "Frozen shrimps and prawns"),
            Product("030743", "Frozen cuttlefish and squid"),
        ),
        countries=(RUSSIA,) if number % 3 else (KAZAKHSTAN, RUSSIA),
        companies=CompaniesAffected(count=3, named=("Godavari Coastal Seafoods Pvt Ltd",)),
        reports=3,
        trade_value_usd=Decimal("250000.00") * (number % 7 + 1),
        days_pending=120 + number % 300,
        is_carry_over=number % 4 == 0,
        times_raised=number % 3 if number % 4 == 0 else 0,
        escalate=number % 9 == 0,
        ask="List the establishments recommended by EIC, or give a date for each decision.",
        reason="Score 61.081: USD 1,250,000 at stake, 3 companies affected, 210 days overdue.",
        score=Decimal("61.081"),
        score_breakdown=(
            ScoreComponent(
                "trade_value", "1250000.00", Decimal("0.86"), Decimal("30"), Decimal("25.8")
            ),
            ScoreComponent("companies", "3", Decimal("0.3"), Decimal("25"), Decimal("7.5")),
            ScoreComponent("days_overdue", "210", Decimal("0.575"), Decimal("25"), Decimal("14.4")),
            ScoreComponent("perishability", "yes", Decimal("1"), Decimal("10"), Decimal("10")),
            ScoreComponent("manual_priority", "0", Decimal("0"), Decimal("10"), Decimal("0")),
        ),
        outcome=outcome,
        statement_india=said("India presented the guarantees of the competent authority."),
        statement_eaeu=said("The EAEU side will review the guarantees."),
        counterpart_commitment=said("Decisions within 60 days."),
        action_points=points,
    )


def _in_document_order(entries: Iterable[AgendaEntry]) -> tuple[AgendaEntry, ...]:
    """Grouped by track and numbered from 1, as the selector numbers a real agenda."""
    ordered = sorted(entries, key=lambda e: (TRACK_ORDER.index(e.track), e.number))
    return tuple(
        replace(
            e,
            number=n,
            action_points=tuple(replace(p, item_number=n) for p in e.action_points),
        )
        for n, e in enumerate(ordered, start=1)
    )


def sample_agenda(items: int = 200, *, reserve: int = 10, resolved: int = 5) -> AgendaData:
    """An agenda of `items` items spread over the tracks, with a reserve list and an annex."""
    agenda = _in_document_order(_entry(n, "agenda") for n in range(1, items + 1))
    return AgendaData(
        meeting=_meeting("agenda_frozen"),
        agenda=agenda,
        reserve=tuple(_entry(n, "reserve") for n in range(1, reserve + 1)),
        resolved=tuple(
            ResolvedEntry(
                reference=f"BAR-2025-{n:04d}",
                title="Enhanced laboratory control lifted",
                title_ru="Усиленный лабораторный контроль снят",
                regulator=FSVPS,
                countries=(RUSSIA,),
                resolved_on=dt.date(2026, 9, n % 28 + 1),
            )
            for n in range(1, resolved + 1)
        ),
        generated_at=timezone.now(),
        as_of=MEETING_DAY,
    )


def sample_outcomes(items: int = 200) -> OutcomesData:
    """The outcomes of a held meeting of `items` items, one action point each."""
    entries = _in_document_order(
        _entry(n, "agenda", outcome=OUTCOME_CYCLE[n % len(OUTCOME_CYCLE)])
        for n in range(1, items + 1)
    )
    outcomes = [e.outcome for e in entries]
    return OutcomesData(
        meeting=_meeting("closed"),
        items=entries,
        action_points=tuple(p for e in entries for p in e.action_points),
        summary=OutcomeSummary(
            on_agenda=items,
            raised=sum(1 for o in outcomes if o != "deferred"),
            resolved=outcomes.count("resolved"),
            partially_resolved=outcomes.count("partially_resolved"),
            action_agreed=outcomes.count("action_agreed"),
            discussed=outcomes.count("discussed"),
            deferred=outcomes.count("deferred"),
            action_points=items,
        ),
        generated_at=timezone.now(),
        as_of=MEETING_DAY,
    )
