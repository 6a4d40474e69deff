"""The rows and columns the spreadsheet formats (XLSX and CSV) share, and formula neutralising.

A table is a list of typed columns over a list of rows; XLSX writes numbers as numbers and dates
as dates, CSV writes them in their plain text form. Text from the records goes through
`spreadsheet_safe()` (barriers/platform/formulas.py, the one rule for every spreadsheet the product
writes) in both, so a barrier title such as `=HYPERLINK(...)` stays text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from barriers.exports import labels
from barriers.exports.data import (
    SCORE_COMPONENTS,
    ActionPointEntry,
    AgendaData,
    AgendaEntry,
    OutcomesData,
    ResolvedEntry,
)
from barriers.exports.labels import Pair
from barriers.platform.formulas import spreadsheet_safe

TEXT, INTEGER, MONEY, DECIMAL, DATE = "text", "integer", "money", "decimal", "date"


@dataclass(frozen=True)
class Column:
    header: Pair
    value: Callable[[Any], Any]
    kind: str = TEXT
    width: int = 16


@dataclass(frozen=True)
class Table:
    """One sheet of a workbook (or the whole of a CSV file)."""

    name: Pair
    columns: tuple[Column, ...]
    rows: Sequence[Any]

    def cells(self, row: Any) -> list[Any]:
        """The row's values, typed by column, text neutralised."""
        values = []
        for column in self.columns:
            value = column.value(row)
            if column.kind == TEXT:
                value = spreadsheet_safe("" if value is None else str(value))
            values.append(value)
        return values


def _column(key: str, value: Callable[[Any], Any], kind: str = TEXT, width: int = 16) -> Column:
    return Column(labels.text(key), value, kind, width)


def _score_column(name: str) -> Column:
    score = labels.text("score")
    part = labels.text(f"score_{name}")
    header = Pair(f"{score.en}: {part.en}", f"{score.ru}: {part.ru}")

    def value(entry: AgendaEntry) -> Decimal | None:
        return next((c.score for c in entry.score_breakdown if c.name == name), None)

    return Column(header, value, DECIMAL, 14)


def _lines(values: Sequence[str]) -> str:
    return "\n".join(values)


def _legal_basis_columns() -> tuple[Column, ...]:
    """The legal basis at issue in English and, in its own column, in Russian."""
    return (
        _column("legal_basis_at_issue", lambda e: labels.legal_basis(e.legal_basis).en, width=40),
        _column(
            "legal_basis_at_issue_ru", lambda e: labels.legal_basis(e.legal_basis).ru, width=40
        ),
    )


def item_columns() -> tuple[Column, ...]:
    """The columns of an agenda or reserve item."""
    return (
        _column("number", lambda e: e.number, INTEGER, 6),
        _column("track", lambda e: labels.track(e.track).joined(), width=22),
        _column("reference", lambda e: e.reference, width=15),
        _column("title", lambda e: e.title, width=45),
        _column("title_ru", lambda e: e.title_ru, width=45),
        _column("kind", lambda e: labels.Pair(e.kind, e.kind_ru).joined(), width=30),
        _column("regulator", lambda e: labels.regulator(e.regulator).en, width=35),
        _column("regulator_ru", lambda e: labels.regulator(e.regulator).ru, width=35),
        *_legal_basis_columns(),
        _column("countries", lambda e: labels.countries(e.countries).joined(), width=28),
        _column("products", lambda e: _lines(labels.products(e)), width=35),
        _column("companies_count", lambda e: e.companies.count, INTEGER, 12),
        _column("companies_named", lambda e: ", ".join(e.companies.named), width=30),
        _column("reports", lambda e: e.reports, INTEGER, 9),
        _column("trade_value", lambda e: e.trade_value_usd, MONEY, 16),
        _column("days_pending", lambda e: e.days_pending, INTEGER, 12),
        _column("history", lambda e: labels.history(e).joined(), width=28),
        _column("times_raised", lambda e: e.times_raised, INTEGER, 10),
        _column("escalate", lambda e: labels.yes_no(e.escalate).joined(), width=10),
        _column("ask", lambda e: e.ask, width=45),
        _column("reason", lambda e: e.reason, width=45),
        _column("score", lambda e: e.score, DECIMAL, 10),
        *(_score_column(name) for name in SCORE_COMPONENTS),
        _column("trade_value_figures", _trade_value_figures, width=20),
        _column("ask_ru", lambda e: e.ask_ru, width=45),
        _column("latest_answer_en", lambda e: _lines(labels.answer(e.latest_answer)[0]), width=45),
        _column("latest_answer_ru", lambda e: _lines(labels.answer(e.latest_answer)[1]), width=45),
        _column(
            "exchanges", lambda e: _lines([labels.exchange_line(x) for x in e.exchanges]), width=60
        ),
    )


def joint_item_columns() -> tuple[Column, ...]:
    """The columns of an item in the joint edition: the counterpart-facing texts in both
    languages (a Russian column only ever holds Russian), no score, reason or trade figures."""

    def answer_date(e: AgendaEntry) -> dt.date | None:
        return e.latest_answer.target_date if e.latest_answer else None

    def legal_basis(e: AgendaEntry) -> str:
        answer = e.latest_answer
        if answer is None or not answer.legal_basis:
            return ""
        return labels.Pair(answer.legal_basis, answer.legal_basis_ru).joined()

    return (
        _column("number", lambda e: e.number, INTEGER, 6),
        _column("track", lambda e: labels.track(e.track).joined(), width=22),
        _column("reference", lambda e: e.reference, width=15),
        _column("title_en", lambda e: e.title, width=40),
        _column("title_ru", lambda e: e.title_ru, width=40),
        _column("summary_text_en", lambda e: e.summary, width=50),
        _column("summary_text_ru", lambda e: e.summary_ru, width=50),
        _column("ask_en", lambda e: e.ask, width=45),
        _column("ask_ru", lambda e: e.ask_ru, width=45),
        _column("kind", lambda e: labels.Pair(e.kind, e.kind_ru).joined(), width=30),
        _column("regulator", lambda e: labels.regulator(e.regulator).en, width=35),
        _column("regulator_ru", lambda e: labels.regulator(e.regulator).ru, width=35),
        *_legal_basis_columns(),
        _column("countries", lambda e: labels.countries(e.countries).joined(), width=28),
        _column("products", lambda e: _lines(labels.products(e)), width=35),
        _column("products_ru", lambda e: _lines(labels.products_ru(e)), width=35),
        _column("companies_count", lambda e: e.companies.count, INTEGER, 12),
        _column("companies_named", lambda e: ", ".join(e.companies.named), width=30),
        _column("days_pending", lambda e: e.days_pending, INTEGER, 12),
        _column("history", lambda e: labels.history(e).joined(), width=28),
        _column("latest_answer_en", lambda e: _lines(labels.answer(e.latest_answer)[0]), width=45),
        _column("latest_answer_ru", lambda e: _lines(labels.answer(e.latest_answer)[1]), width=45),
        _column("target_date", answer_date, DATE, 12),
        _column("legal_basis", legal_basis, width=30),
    )


def _trade_value_figures(entry: AgendaEntry) -> str:
    """Verified, declared (capped) or partly verified: how sure the scored trade value is."""
    figures = next((c.figures for c in entry.score_breakdown if c.name == "trade_value"), "")
    return labels.text(figures).joined() if figures else ""


def resolved_columns() -> tuple[Column, ...]:
    def regulator(e: ResolvedEntry) -> str:
        return labels.regulator(e.regulator).joined("\n")

    return (
        _column("reference", lambda e: e.reference, width=15),
        _column("title", lambda e: e.title, width=45),
        _column("title_ru", lambda e: e.title_ru, width=45),
        _column("regulator", regulator, width=40),
        _column("countries", lambda e: labels.countries(e.countries).joined(), width=28),
        _column("resolved_on", lambda e: e.resolved_on, DATE, 12),
    )


def outcome_columns() -> tuple[Column, ...]:
    return (
        _column("number", lambda e: e.number, INTEGER, 6),
        _column("track", lambda e: labels.track(e.track).joined(), width=22),
        _column("reference", lambda e: e.reference, width=15),
        _column("title", lambda e: e.title, width=45),
        _column("title_ru", lambda e: e.title_ru, width=45),
        _column("regulator", lambda e: labels.regulator(e.regulator).en, width=35),
        *_legal_basis_columns(),
        _column("outcome", lambda e: labels.outcome(e.outcome).joined(), width=26),
        _column("statement_india", lambda e: e.statement_india, width=45),
        _column("statement_eaeu", lambda e: e.statement_eaeu, width=45),
        _column("commitment", lambda e: e.counterpart_commitment, width=45),
        _column("action_points", lambda e: len(e.action_points), INTEGER, 10),
    )


def action_point_columns() -> tuple[Column, ...]:
    def owner(p: ActionPointEntry) -> str:
        return labels.owner(p).joined("\n")

    return (
        _column("item", lambda p: p.item_number, INTEGER, 6),
        _column("reference", lambda p: p.barrier_reference, width=15),
        _column("description", lambda p: p.description, width=50),
        _column("party", lambda p: labels.party(p.party).joined(), width=22),
        _column("owner", owner, width=40),
        _column("due_on", lambda p: p.due_on, DATE, 12),
        _column("status", lambda p: labels.action_point_status(p.status).joined(), width=18),
        _column("completed_on", lambda p: p.completed_on, DATE, 12),
    )


def summary_rows(data: OutcomesData) -> list[tuple[Pair, int]]:
    s = data.summary
    return [
        (labels.text("summary_on_agenda"), s.on_agenda),
        (labels.text("summary_raised"), s.raised),
        (labels.outcome("resolved"), s.resolved),
        (labels.outcome("partially_resolved"), s.partially_resolved),
        (labels.outcome("action_agreed"), s.action_agreed),
        (labels.outcome("discussed"), s.discussed),
        (labels.outcome("deferred"), s.deferred),
        (labels.outcome("withdrawn"), s.withdrawn),
        (labels.text("summary_pending"), s.pending),
        (labels.text("summary_action_points"), s.action_points),
    ]


def agenda_tables(data: AgendaData) -> list[Table]:
    """Agenda, Reserve, Resolved annex: one sheet each (the joint edition: no reserve)."""
    if data.is_joint:
        return [
            Table(labels.text("sheet_agenda"), joint_item_columns(), data.agenda),
            Table(labels.text("sheet_resolved"), resolved_columns(), data.resolved),
        ]
    return [
        Table(labels.text("sheet_agenda"), item_columns(), data.agenda),
        Table(labels.text("sheet_reserve"), item_columns(), data.reserve),
        Table(labels.text("sheet_resolved"), resolved_columns(), data.resolved),
    ]


def outcomes_tables(data: OutcomesData) -> list[Table]:
    """Outcomes, Action points, Summary: one sheet each."""
    summary = (
        _column("item", lambda r: r[0].joined(), width=40),
        _column("count", lambda r: r[1], INTEGER, 10),
    )
    return [
        Table(labels.text("sheet_outcomes"), outcome_columns(), data.items),
        Table(labels.text("sheet_action_points"), action_point_columns(), data.action_points),
        Table(labels.text("sheet_summary"), summary, summary_rows(data)),
    ]


def csv_table(data: AgendaData | OutcomesData) -> Table:
    """One row per item: the agenda then the reserve list, or each item with its outcome."""
    if isinstance(data, OutcomesData):

        def points(e: AgendaEntry) -> str:
            return _lines(
                [
                    f"{p.description} ({labels.owner(p).en}; {p.due_on.isoformat()})"
                    for p in e.action_points
                ]
            )

        columns = (*outcome_columns()[:-1], _column("action_points", points, width=50))
        return Table(labels.text("outcomes"), columns, data.items)
    section = _column("section", lambda e: labels.section(e.section).joined(), width=14)
    if data.is_joint:
        return Table(labels.text("agenda"), (section, *joint_item_columns()), data.agenda)
    return Table(labels.text("agenda"), (section, *item_columns()), [*data.agenda, *data.reserve])


def as_text(value: Any) -> str:
    """A cell's plain text form (CSV): ISO dates, decimals as written, empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
