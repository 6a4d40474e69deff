"""What every service module shares: references, search text, the barriers' decision due day and
figures, history rows and row locks."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Expression,
    F,
    Func,
    IntegerField,
    Min,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from barriers.domain import search_text
from barriers.domain.transitions import MEETING_TOOK_PLACE
from barriers.models import (
    ActionPoint,
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierShare,
    Company,
    Exchange,
    HSCode,
    Meeting,
    ReferenceCounter,
    Report,
    StatusChange,
    User,
)

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

M = TypeVar("M", bound=Model)

# ---------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------


def reference_next(*, prefix: str, width: int, year: int | None = None) -> str:
    """The next unused reference such as REP-2026-000123; safe under concurrent callers."""
    year = year or timezone.localdate().year
    counter = ReferenceCounter.objects.filter(prefix=prefix, year=year)
    # No savepoint of its own: any database error here fails the caller's transaction anyway.
    with transaction.atomic(savepoint=False):
        # One UPDATE both increments the counter and locks its row until the transaction ends,
        # so concurrent callers queue here and each reads back the value it wrote.
        if not counter.update(last_value=F("last_value") + 1):
            # The first reference of the year: create the row without racing another creator.
            ReferenceCounter.objects.bulk_create(
                [ReferenceCounter(prefix=prefix, year=year, last_value=0)], ignore_conflicts=True
            )
            counter.update(last_value=F("last_value") + 1)
        value = counter.values_list("last_value", flat=True).get()
    return f"{prefix}-{year}-{value:0{width}d}"


# ---------------------------------------------------------------------------------------------
# Search text (what goes into it: barriers/domain/search_text.py)
# ---------------------------------------------------------------------------------------------
# Every service that changes a report's or barrier's reference, text, company or HS codes calls
# the refresh below in its transaction. A company's name and IEC are copied into its reports:
# the path that renames a company (rare) calls company_reports_search_text_refresh.


def report_search_text_refresh(*, report: Report) -> Report:
    """Rebuild the report's search text from its fields, company, reference data and HS codes."""
    codes = list(HSCode.objects.filter(reports=report).order_by("code"))
    report.search_text = search_text.report_search_text(report, codes)
    # update(), not save(): the search text is derived, so it leaves no history row. On
    # PostgreSQL the update fires the trigger that rebuilds search_vector (migration 0028).
    Report.objects.filter(pk=report.pk).update(search_text=report.search_text)
    return report


def barrier_counterpart_texts(barrier: Barrier) -> list[str]:
    """The counterpart's text on `barrier`: what was shared with the regulator and every
    exchange, in both languages."""
    texts: list[str] = []
    for share in BarrierShare.objects.filter(barrier=barrier).values_list(
        "title_ru", "title_en", "summary_ru", "summary_en", "ask_ru", "ask_en"
    ):
        texts += share
    for exchange in (
        Exchange.objects.filter(barrier=barrier).order_by("pk").values_list("body_ru", "body_en")
    ):
        texts += exchange
    return [text for text in texts if text]


def barrier_search_text_refresh(*, barrier: Barrier) -> Barrier:
    """Rebuild the barrier's search text from its fields, reference data, HS codes and the
    counterpart's text."""
    codes = list(HSCode.objects.filter(barriers=barrier).order_by("code"))
    barrier.search_text = search_text.barrier_search_text(
        barrier, codes, barrier_counterpart_texts(barrier)
    )
    Barrier.objects.filter(pk=barrier.pk).update(search_text=barrier.search_text)
    return barrier


def company_reports_search_text_refresh(*, company: Company, batch_size: int = 500) -> int:
    """Rebuild the search text of every report of `company` (after its name or IEC changed)."""
    reports = (
        Report.objects.filter(company=company)
        .select_related("company", "regulator", "destination_country", "barrier_kind")
        .prefetch_related(Prefetch("hs_codes", queryset=HSCode.objects.order_by("code")))
        .order_by("pk")
    )
    batch: list[Report] = []
    count = 0
    for report in reports.iterator(chunk_size=batch_size):
        report.search_text = search_text.report_search_text(report, report.hs_codes.all())
        batch.append(report)
        if len(batch) >= batch_size:
            count += Report.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        count += Report.objects.bulk_update(batch, ["search_text"])
    return count


# ---------------------------------------------------------------------------------------------
# The barriers' decision due day (Barrier.decision_due_on)
# ---------------------------------------------------------------------------------------------
# Every service that puts a report on a barrier or takes it off (accept, move, delete), or
# changes a report's applied_on, decision_received_on or kind while it is on one, calls the
# refresh below in its transaction; so does a change of a kind's usual decision time
# (records.reference_update), for the barriers of that kind's waiting reports.


class DaysAfter(Func):
    """The date `days` calendar days after `date` (two expressions), on PostgreSQL and SQLite."""

    arity = 2
    output_field = DateField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _AsSqlType:
        # date + integer is a date.
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" + ")

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _AsSqlType:
        # Dates are ISO text: date('2026-01-10', '+' || 30 || ' days').
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
        )


def decision_due_subquery() -> Subquery:
    """Per barrier (OuterRef "pk"), the earliest applied_on + usual_decision_days of its kind
    over its reports still waiting for a decision; NULL when none waits."""
    due = (
        Report.objects.filter(barrier_id=OuterRef("pk"), decision_received_on__isnull=True)
        .order_by()
        .values("barrier_id")
        .annotate(due=Min(DaysAfter(F("applied_on"), F("barrier_kind__usual_decision_days"))))
        .values("due")
    )
    return Subquery(due, output_field=DateField())


def barrier_decision_due_refresh(*, barrier_ids: Iterable[int | None] | QuerySet[Any]) -> int:
    """Recompute Barrier.decision_due_on of `barrier_ids` (ids, or a query of ids) from their
    reports, in one UPDATE; returns the number of barriers written.

    The barriers are locked first (in key order): under READ COMMITTED each statement sees what
    committed before it started, so the UPDATE that follows sees every report change committed
    by a concurrent refresh of the same barrier, which held the lock until its commit.
    """
    if not isinstance(barrier_ids, QuerySet):
        barrier_ids = sorted({pk for pk in barrier_ids if pk is not None})
        if not barrier_ids:
            return 0
    barriers = Barrier.objects.filter(pk__in=barrier_ids)
    with transaction.atomic(savepoint=False):
        list(barriers.select_for_update().order_by("pk").values_list("pk", flat=True))
        # update(), not save(): the day is derived, so it leaves no history row.
        return barriers.update(decision_due_on=decision_due_subquery())


# ---------------------------------------------------------------------------------------------
# The barriers' figures (Barrier.report_count, companies_affected, total_trade_value_usd,
# times_raised)
# ---------------------------------------------------------------------------------------------
# Stored so that the officials' barrier list and page read one row per barrier instead of four
# correlated subqueries per row. Every service that puts a report on a barrier or takes it off
# (accept, move, delete) or changes a report's trade value while it is on one, records an
# outcome, moves a meeting in or out of the statuses in which it took place, or deletes an agenda
# item or a meeting, calls the refresh below in its transaction.


def barrier_figures_expressions() -> dict[str, Expression]:
    """Per barrier (OuterRef "pk"), its figures as the refresh computes them: its reports, their
    different companies and trade value, and the times it was raised at a meeting that took place
    with an outcome other than deferred."""

    def over_reports(expression: Expression, output_field: Any) -> Subquery:
        rows = (
            Report.objects.filter(barrier_id=OuterRef("pk"))
            .order_by()
            .values("barrier_id")
            .annotate(value=expression)
            .values("value")
        )
        return Subquery(rows, output_field=output_field)

    money = DecimalField(max_digits=16, decimal_places=2)
    raised = (
        AgendaItem.objects.filter(
            barrier_id=OuterRef("pk"),
            section=AgendaSection.AGENDA,
            meeting__status__in=MEETING_TOOK_PLACE,
        )
        .exclude(outcome__in=["", "deferred"])
        .order_by()
        .values("barrier_id")
        .annotate(value=Count("pk"))
        .values("value")
    )
    return {
        "report_count": Coalesce(over_reports(Count("pk"), IntegerField()), Value(0)),
        "companies_affected": Coalesce(
            over_reports(Count("company_id", distinct=True), IntegerField()), Value(0)
        ),
        "total_trade_value_usd": Coalesce(
            over_reports(Sum("trade_value_usd"), money), Value(Decimal("0")), output_field=money
        ),
        "times_raised": Coalesce(Subquery(raised, output_field=IntegerField()), Value(0)),
    }


def barrier_figures_refresh(*, barrier_ids: Iterable[int | None] | QuerySet[Any]) -> int:
    """Recompute the stored figures of `barrier_ids` (ids, or a query of ids) in one UPDATE;
    returns the number of barriers written. Locks as barrier_decision_due_refresh does."""
    if not isinstance(barrier_ids, QuerySet):
        barrier_ids = sorted({pk for pk in barrier_ids if pk is not None})
        if not barrier_ids:
            return 0
    barriers = Barrier.objects.filter(pk__in=barrier_ids)
    with transaction.atomic(savepoint=False):
        list(barriers.select_for_update().order_by("pk").values_list("pk", flat=True))
        # update(), not save(): the figures are derived, so they leave no history row.
        return barriers.update(**barrier_figures_expressions())


# ---------------------------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------------------------


def history_append(
    *,
    subject: Model,
    from_status: str,
    to_status: str,
    actor: User | None,
    note: str = "",
    is_public: bool = True,
) -> StatusChange:
    field = {
        Report: "report",
        Barrier: "barrier",
        Meeting: "meeting",
        ActionPoint: "action_point",
    }[type(subject)]
    return StatusChange.objects.create(
        **{field: subject},
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note,
        is_public=is_public,
        created_at=timezone.now(),
    )


def row_lock(model: type[M], pk: int) -> M:
    # Every model's default manager is `objects`.
    return model._default_manager.select_for_update().get(pk=pk)


def history_stamp(obj: Model, *, actor: User | None, reason: str) -> None:
    # Read by django-simple-history when the row is saved.
    obj._history_user = actor  # type: ignore[attr-defined]  # simple-history's own attribute
    obj._change_reason = reason[:100]  # type: ignore[attr-defined]  # simple-history's own attribute
