"""What every service module shares: references, search text, the barriers' decision due day and
figures, history rows and row locks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connection, transaction
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


# A reference is never handed out twice, and numbers may be skipped: a filing whose transaction
# fails has still used its number (docs/architecture.md, "References").
#
# On PostgreSQL each prefix and year has a sequence (ReferenceCounter.sequence_name): nextval()
# holds no lock past itself and is never rolled back, so concurrent filings never wait for each
# other's commit. The sequence is made the first time it is needed, on a connection of its own
# (autocommit), so that neither a rolled-back filing nor a concurrent maker undoes or blocks it;
# it starts after the counter row's value (migration 0050 made one for each row that existed).
# The counter row stays as the list of prefixes and years; the admin shows the sequence's value.
#
# Elsewhere (SQLite, the embedded default, where one writer at a time holds the database
# anyway) the counter row itself is incremented in the caller's transaction.

_REFERENCE_SEQUENCES_MADE: set[tuple[str, str]] = set()  # (database, sequence) seen to exist

_PREFIX = re.compile(r"[A-Z]{2,10}")


def _reference_sequence(prefix: str, year: int) -> str | None:
    """This prefix and year's sequence on PostgreSQL, made first (and the pair listed in a
    counter row) if this process has not seen it; None elsewhere, where the counter row itself
    counts."""
    if connection.vendor != "postgresql":
        return None
    if not _PREFIX.fullmatch(prefix) or not 1 <= year <= 9999:
        raise ValueError(f"Not a reference prefix and year: {prefix!r}, {year!r}")
    name = ReferenceCounter.sequence_name(prefix, year)
    key = (str(connection.settings_dict["NAME"]), name)
    if key not in _REFERENCE_SEQUENCES_MADE:
        _reference_sequence_make(prefix, year, name)
        _REFERENCE_SEQUENCES_MADE.add(key)
    return name


def _reference_sequence_make(prefix: str, year: int, name: str) -> None:
    """List the prefix and year in a counter row and make their sequence, unless they exist;
    a new sequence starts after the counter row's value.

    One statement on a new connection in autocommit: its own transaction, committed at once,
    whatever the caller's transaction does. The advisory lock makes concurrent makers take turns,
    so that the second finds the sequence made instead of failing on the catalog's unique index;
    the lock timeout turns a wait on a counter row that the caller's own transaction inserted
    (which no service does) into an error instead of a hang. The prefix is checked by the caller
    and the year is a number, so both can be written into the statement.
    """
    table = ReferenceCounter._meta.db_table
    statement = f"""
        DO $$
        BEGIN
            PERFORM set_config('lock_timeout', '10s', true);
            PERFORM pg_advisory_xact_lock(hashtext('{name}'));
            INSERT INTO {table} (prefix, year, last_value) VALUES ('{prefix}', {int(year)}, 0)
                ON CONFLICT (prefix, year) DO NOTHING;
            IF to_regclass('{name}') IS NULL THEN
                CREATE SEQUENCE {name} AS bigint MINVALUE 1 NO CYCLE;
                PERFORM setval('{name}', last_value)
                    FROM {table} WHERE prefix = '{prefix}' AND year = {int(year)} AND last_value > 0;
            END IF;
        END
        $$
    """
    own = connection.copy()
    try:
        with own.cursor() as cursor:
            cursor.execute(statement)
    finally:
        own.close()


def reference_next(*, prefix: str, width: int, year: int | None = None) -> str:
    """The next unused reference such as REP-2026-000123; concurrent callers never wait for
    each other's transaction. A number taken by a transaction that rolls back is not reused."""
    year = year or timezone.localdate().year
    sequence = _reference_sequence(prefix, year)
    if sequence is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT nextval(%s), EXISTS (SELECT 1 FROM {ReferenceCounter._meta.db_table} "
                "WHERE prefix = %s AND year = %s)",
                [sequence, prefix, year],
            )
            value, listed = cursor.fetchone()
        if not listed:  # its counter row was deleted (a test database's flush): list it again
            _reference_sequence_make(prefix, year, sequence)
        return f"{prefix}-{year}-{value:0{width}d}"
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


def reference_last(*, prefix: str, year: int) -> int:
    """The last number handed out for `prefix` and `year` (0 if none), for the bulk loaders
    that number rows themselves (devtools' generate_data and bench)."""
    sequence = _reference_sequence(prefix, year)
    if sequence is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sequence_last_value(%s::regclass)", [sequence])
            return int(cursor.fetchone()[0] or 0)
    last = (
        ReferenceCounter.objects.filter(prefix=prefix, year=year)
        .values_list("last_value", flat=True)
        .first()
    )
    return last or 0


def reference_advance(*, prefix: str, year: int, last: int) -> None:
    """Never hand out `last` or a number below it for `prefix` and `year` (never moves back).

    For the bulk loaders, after writing the numbers after reference_last() themselves; not safe
    against filings at the same time, which could take one of those numbers first.
    """
    sequence = _reference_sequence(prefix, year)  # lists the prefix and year too
    if sequence is not None:
        if last > 0:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(%s::regclass, "
                    "greatest(coalesce(pg_sequence_last_value(%s::regclass), 0), %s))",
                    [sequence, sequence, last],
                )
        return
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(prefix=prefix, year=year, last_value=0)], ignore_conflicts=True
    )
    ReferenceCounter.objects.filter(prefix=prefix, year=year, last_value__lt=last).update(
        last_value=last
    )


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
