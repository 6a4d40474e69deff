"""The officials' dashboard: where barriers cluster, how long they take, what is at stake.

`dashboard_figures()` reads everything in five aggregate queries, whatever the amount of data;
`dashboard_charts()` turns the figures into inline SVG (barriers/dashboard/charts.py); `dashboard_view` is
the admin page at /admin/dashboard/ (wrapped in admin_view and a permission check in
tracker/urls.py).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    F,
    FloatField,
    Func,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from barriers.dashboard import charts
from barriers.domain.transitions import BARRIER_ACTIVE, MEETING_TOOK_PLACE, REPORT_PENDING
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierStatus,
    Meeting,
    Outcome,
    Report,
    ReportStatus,
)

# Active barrier statuses in lifecycle order (the stacks of the by-regulator/country charts).
ACTIVE_ORDER = tuple(status for status in BarrierStatus if status in BARRIER_ACTIVE)
# Days since a barrier was opened: (key, label, lower bound in days).
AGE_BUCKETS = (
    ("under_90", "Under 90 days", 0),
    ("90_180", "90–180 days", 90),
    ("180_365", "180–365 days", 180),
    ("over_365", "Over a year", 365),
)
QUARTERS_SHOWN = 8
EAEU_LEVEL = "EAEU level"
REGULATOR_NOT_SET = "Not set yet"

STATUS_COLOURS = {
    BarrierStatus.OPEN: charts.BLUE,
    BarrierStatus.SCHEDULED: charts.SKY,
    BarrierStatus.RAISED: charts.ORANGE,
    BarrierStatus.ACTION_AGREED: charts.PURPLE,
    BarrierStatus.PARTIALLY_RESOLVED: charts.YELLOW,
    BarrierStatus.RESOLVED: charts.GREEN,
    BarrierStatus.CLOSED_UNRESOLVED: charts.GREY,
    ReportStatus.SUBMITTED: charts.BLUE,
    ReportStatus.UNDER_REVIEW: charts.SKY,
    ReportStatus.INFO_REQUESTED: charts.ORANGE,
    ReportStatus.ACCEPTED: charts.GREEN,
    ReportStatus.REJECTED: charts.VERMILION,
    ReportStatus.WITHDRAWN: charts.GREY,
}
# Cool for young, warm for old.
AGE_COLOURS = (charts.SKY, charts.BLUE, charts.ORANGE, charts.VERMILION)


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """Counts per row label and column key, e.g. active barriers per regulator and status."""

    rows: dict[str, dict[str, int]]
    # A label's key for a changelist filter (regulator code, country code; "" for none).
    keys: dict[str, str] = field(default_factory=dict)

    def total(self, label: str) -> int:
        return sum(self.rows.get(label, {}).values())

    def ordered(self) -> list[str]:
        """Row labels, largest total first, then by name."""
        return sorted(self.rows, key=lambda label: (-self.total(label), label))


@dataclass(frozen=True)
class DashboardFigures:
    """Everything the dashboard shows, computed at `as_of`."""

    as_of: dt.datetime
    barriers_by_status: dict[str, int]
    reports_by_status: dict[str, int]
    active_barriers_by_regulator: Breakdown
    active_barriers_by_country: Breakdown
    pending_reports_by_regulator: dict[str, int]
    pending_reports_by_country: dict[str, int]
    ageing_by_regulator: Breakdown
    trade_value_accepted: Decimal
    trade_value_pending: Decimal
    median_days_to_first_decision: float | None
    decided_reports: int
    median_days_to_resolution: float | None
    resolved_barriers: int
    resolved_per_quarter: list[tuple[str, int]]

    @property
    def total_barriers(self) -> int:
        return sum(self.barriers_by_status.values())

    @property
    def active_barriers(self) -> int:
        return sum(self.barriers_by_status.get(status, 0) for status in BARRIER_ACTIVE)

    @property
    def pending_reports(self) -> int:
        return sum(self.reports_by_status.get(status, 0) for status in REPORT_PENDING)

    @property
    def trade_value_at_stake(self) -> Decimal:
        return self.trade_value_accepted + self.trade_value_pending


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, interpolated like statistics.median."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class EpochDays(Func):
    """An interval in days, as a float (PostgreSQL)."""

    template = "(EXTRACT(EPOCH FROM %(expressions)s) / 86400.0)"
    output_field = FloatField()


def _median_days(queryset: QuerySet[Any], start: str, end: str) -> tuple[float | None, int]:
    """Median days from `start` to `end` over `queryset`, and how many rows had both: one query.

    In the database on PostgreSQL; on SQLite, which has no percentile function, over the
    durations fetched in one query.
    """
    queryset = queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False}).order_by()
    if connection.vendor == "postgresql":
        row = queryset.aggregate(median=Median(EpochDays(F(end) - F(start))), count=Count("pk"))
        median = row["median"]
        return (None if median is None else float(median)), row["count"]
    durations = [
        (finish - begin).total_seconds() / 86400
        for begin, finish in queryset.values_list(start, end)
    ]
    return (statistics.median(durations) if durations else None), len(durations)


def _age_bucket(now: dt.datetime) -> Case:
    """The AGE_BUCKETS key of a barrier by its created_at, computed in the database."""
    keys = [key for key, _label, _bound in AGE_BUCKETS]
    # Youngest first: a barrier opened after the next bucket's bound belongs to this bucket.
    whens = [
        When(created_at__gt=now - dt.timedelta(days=next_bound), then=Value(key))
        for key, (_next_key, _label, next_bound) in zip(keys, AGE_BUCKETS[1:], strict=False)
    ]
    return Case(*whens, default=Value(keys[-1]), output_field=CharField())


def _quarters_until(today: dt.date, count: int) -> list[tuple[int, int]]:
    """The last `count` (year, quarter) pairs, oldest first, ending with today's quarter."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    quarters = []
    for _ in range(count):
        quarters.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return quarters[::-1]


def _regulator_label(abbreviation: str | None, code: str | None) -> str:
    return abbreviation or code or REGULATOR_NOT_SET


def dashboard_figures(*, now: dt.datetime | None = None) -> DashboardFigures:
    """The dashboard's figures, in five aggregate queries whatever the number of rows."""
    now = now or timezone.now()

    # 1. Barriers by status, regulator, country and age.
    barrier_rows = (
        Barrier.objects.order_by()
        .annotate(age=_age_bucket(now))
        .values(
            "status",
            "regulator_id",
            "regulator__abbreviation",
            "destination_country_id",
            "destination_country__name",
            "age",
        )
        .annotate(count=Count("pk"))
    )
    barriers_by_status: dict[str, int] = defaultdict(int)
    by_regulator: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    ageing: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    regulator_keys: dict[str, str] = {}
    country_keys: dict[str, str] = {}
    for row in barrier_rows:
        count = row["count"]
        barriers_by_status[row["status"]] += count
        if row["status"] not in BARRIER_ACTIVE:
            continue
        regulator = _regulator_label(row["regulator__abbreviation"], row["regulator_id"])
        country = row["destination_country__name"] or EAEU_LEVEL
        regulator_keys[regulator] = row["regulator_id"] or ""
        country_keys[country] = row["destination_country_id"] or ""
        by_regulator[regulator][row["status"]] += count
        by_country[country][row["status"]] += count
        ageing[regulator][row["age"]] += count

    # 2. Reports by status, regulator and country, with their trade value and, once accepted,
    # whether their barrier is still active.
    report_rows = (
        Report.objects.order_by()
        .annotate(
            barrier_active=Case(
                When(barrier__status__in=BARRIER_ACTIVE, then=Value(True)),
                default=Value(False),
            )
        )
        .values(
            "status",
            "regulator_id",
            "regulator__abbreviation",
            "destination_country__name",
            "barrier_active",
        )
        .annotate(count=Count("pk"), value=Sum("trade_value_usd"))
    )
    reports_by_status: dict[str, int] = defaultdict(int)
    pending_by_regulator: dict[str, int] = defaultdict(int)
    pending_by_country: dict[str, int] = defaultdict(int)
    value_accepted = Decimal("0")
    value_pending = Decimal("0")
    for report_row in report_rows:
        count, value = report_row["count"], Decimal(report_row["value"] or 0)
        reports_by_status[report_row["status"]] += count
        if report_row["status"] in REPORT_PENDING:
            value_pending += value
            regulator = _regulator_label(
                report_row["regulator__abbreviation"], report_row["regulator_id"]
            )
            pending_by_regulator[regulator] += count
            pending_by_country[report_row["destination_country__name"]] += count
        elif report_row["status"] == ReportStatus.ACCEPTED and report_row["barrier_active"]:
            value_accepted += value

    # 3 and 4. Medians.
    first_decision, decided = _median_days(
        Report.objects.all(), "submitted_at", "first_decision_at"
    )
    resolution, resolved = _median_days(
        Barrier.objects.filter(status=BarrierStatus.RESOLVED), "created_at", "resolved_at"
    )

    # 5. Barriers resolved per quarter (of the resolution date, in the site's time zone).
    quarters = _quarters_until(timezone.localdate(now), QUARTERS_SHOWN)
    first_year, first_quarter = quarters[0]
    first_day = dt.date(first_year, 3 * (first_quarter - 1) + 1, 1)
    resolved_counts = {
        (row["year"], row["quarter"]): row["count"]
        for row in Barrier.objects.order_by()
        .filter(
            status=BarrierStatus.RESOLVED,
            resolved_at__date__gte=first_day,
        )
        .annotate(year=ExtractYear("resolved_at"), quarter=ExtractQuarter("resolved_at"))
        .values("year", "quarter")
        .annotate(count=Count("pk"))
    }

    return DashboardFigures(
        as_of=now,
        barriers_by_status=dict(barriers_by_status),
        reports_by_status=dict(reports_by_status),
        active_barriers_by_regulator=Breakdown(_plain(by_regulator), regulator_keys),
        active_barriers_by_country=Breakdown(_plain(by_country), country_keys),
        pending_reports_by_regulator=dict(pending_by_regulator),
        pending_reports_by_country=dict(pending_by_country),
        ageing_by_regulator=Breakdown(_plain(ageing), regulator_keys),
        trade_value_accepted=value_accepted,
        trade_value_pending=value_pending,
        median_days_to_first_decision=first_decision,
        decided_reports=decided,
        median_days_to_resolution=resolution,
        resolved_barriers=resolved,
        resolved_per_quarter=[
            (f"{year} Q{quarter}", resolved_counts.get((year, quarter), 0))
            for year, quarter in quarters
        ],
    )


def _plain(nested: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {label: dict(columns) for label, columns in nested.items()}


# ---------------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------------


def _changelist(model: str, **filters: str) -> str:
    url = reverse(f"admin:barriers_{model}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _status_bars(counts: dict[str, int], choices: Iterable[Any], model: str) -> list[charts.Bar]:
    return [
        charts.Bar(
            str(status.label),
            (counts.get(status, 0),),
            href=_changelist(model, status__exact=status.value),
            colour=STATUS_COLOURS[status],
        )
        for status in choices
    ]


def _usd(value: float | Decimal) -> str:
    return f"${value:,.0f}"


def dashboard_charts(figures: DashboardFigures) -> dict[str, SafeString]:
    """Inline SVG for each chart of the dashboard."""
    active_series = [
        charts.Series(str(status.label), STATUS_COLOURS[status]) for status in ACTIVE_ORDER
    ]

    def stacked(breakdown: Breakdown, filter_name: str) -> list[charts.Bar]:
        return [
            charts.Bar(
                label,
                tuple(breakdown.rows[label].get(status, 0) for status in ACTIVE_ORDER),
                href=_changelist("barrier", **{filter_name: breakdown.keys[label]})
                if breakdown.keys.get(label)
                else "",
            )
            for label in breakdown.ordered()
        ]

    ageing = figures.ageing_by_regulator
    return {
        "barriers_by_status": charts.bar_chart(
            title="Barriers by status",
            desc="Number of barriers in each status. "
            + "; ".join(
                f"{status.label}: {figures.barriers_by_status.get(status, 0)}"
                for status in BarrierStatus
            ),
            bars=_status_bars(figures.barriers_by_status, BarrierStatus, "barrier"),
            series=[charts.Series("Barriers", charts.BLUE)],
            width=620,
        ),
        "reports_by_status": charts.bar_chart(
            title="Reports by status",
            desc="Number of reports in each status. "
            + "; ".join(
                f"{status.label}: {figures.reports_by_status.get(status, 0)}"
                for status in ReportStatus
            ),
            bars=_status_bars(figures.reports_by_status, ReportStatus, "report"),
            series=[charts.Series("Reports", charts.BLUE)],
            width=620,
        ),
        "by_regulator": charts.bar_chart(
            title="Active barriers by regulator",
            desc="Barriers still being pursued, per EAEU regulator, split by status. "
            + "; ".join(
                f"{label}: {figures.active_barriers_by_regulator.total(label)}"
                for label in figures.active_barriers_by_regulator.ordered()
            ),
            bars=stacked(figures.active_barriers_by_regulator, "regulator__code__exact"),
            series=active_series,
            width=820,
        ),
        "by_country": charts.bar_chart(
            title="Active barriers by country",
            desc="Barriers still being pursued, per destination country (or EAEU level), "
            "split by status. "
            + "; ".join(
                f"{label}: {figures.active_barriers_by_country.total(label)}"
                for label in figures.active_barriers_by_country.ordered()
            ),
            bars=stacked(figures.active_barriers_by_country, "destination_country__code__exact"),
            series=active_series,
            width=820,
        ),
        "ageing": charts.bar_chart(
            title="Ageing of active barriers by regulator",
            desc="Active barriers per regulator, by days since the barrier was opened. "
            + "; ".join(
                f"{label}: "
                + ", ".join(
                    f"{bucket_label} {ageing.rows[label].get(key, 0)}"
                    for key, bucket_label, _bound in AGE_BUCKETS
                )
                for label in ageing.ordered()
            ),
            bars=[
                charts.Bar(
                    label, tuple(ageing.rows[label].get(key, 0) for key, _l, _b in AGE_BUCKETS)
                )
                for label in ageing.ordered()
            ],
            series=[
                charts.Series(label, colour)
                for (_key, label, _bound), colour in zip(AGE_BUCKETS, AGE_COLOURS, strict=True)
            ],
            width=1000,
        ),
        "resolved_per_quarter": charts.column_chart(
            title="Barriers resolved per quarter",
            desc="Barriers resolved in each of the last eight quarters. "
            + "; ".join(f"{label}: {count}" for label, count in figures.resolved_per_quarter),
            columns=[charts.Bar(label, (count,)) for label, count in figures.resolved_per_quarter],
            width=620,
        ),
        "trade_value": charts.bar_chart(
            title="Trade value at stake (USD)",
            desc=(
                f"Accepted reports of active barriers: {_usd(figures.trade_value_accepted)}; "
                f"reports awaiting a decision: {_usd(figures.trade_value_pending)}."
            ),
            bars=[
                charts.Bar("Active barriers", (float(figures.trade_value_accepted),)),
                charts.Bar("Pending reports", (float(figures.trade_value_pending),)),
            ],
            series=[charts.Series("USD", charts.GREEN)],
            value_format=_usd,
            width=620,
        ),
    }


# ---------------------------------------------------------------------------------------------
# What the meetings achieve (issue 6): resolution times, meetings, regulators by quarter
# ---------------------------------------------------------------------------------------------

# Outcomes that mean the item was not discussed: not counted as raised.
NOT_RAISED = ("", Outcome.DEFERRED, Outcome.WITHDRAWN)
REGULATOR_QUARTERS_SHOWN = 4


def _days(delta: dt.timedelta) -> float:
    return round(delta.total_seconds() / 86400, 1)


def resolution_days_per_barrier() -> list[dict[str, Any]]:
    """Resolved barriers with the days from their first report's filing to the resolution.

    One query. Barriers resolved without a filed report are left out.
    """
    rows = (
        Barrier.objects.filter(status=BarrierStatus.RESOLVED, resolved_at__isnull=False)
        .annotate(first_report_at=Min("reports__submitted_at"))
        .filter(first_report_at__isnull=False)
        .order_by("resolved_at", "pk")
        .values("reference", "title", "regulator_id", "first_report_at", "resolved_at")
    )
    return [
        {
            "reference": row["reference"],
            "title": row["title"],
            "regulator": row["regulator_id"],
            "first_report_at": row["first_report_at"],
            "resolved_at": row["resolved_at"],
            "days": _days(row["resolved_at"] - row["first_report_at"]),
        }
        for row in rows
    ]


def meeting_metrics() -> list[dict[str, Any]]:
    """Per held or closed meeting, oldest first: items raised, resolved, partially resolved,
    carried over, and action points completed on time. Three queries.

    An item is raised when it was discussed (any outcome but deferred or withdrawn); it is
    carried over when it has an outcome other than resolved, since the next draft agenda takes
    every barrier a meeting left unresolved.
    """
    meetings = list(
        Meeting.objects.filter(status__in=MEETING_TOOK_PLACE)
        .order_by("date")
        .values("pk", "code", "date", "status")
    )
    on_agenda = Q(section=AgendaSection.AGENDA)
    items = {
        row["meeting_id"]: row
        for row in AgendaItem.objects.filter(on_agenda, meeting_id__in=[m["pk"] for m in meetings])
        .order_by()
        .values("meeting_id")
        .annotate(
            items=Count("pk"),
            raised=Count("pk", filter=~Q(outcome__in=NOT_RAISED)),
            resolved=Count("pk", filter=Q(outcome=Outcome.RESOLVED)),
            partially_resolved=Count("pk", filter=Q(outcome=Outcome.PARTIALLY_RESOLVED)),
            carried_over=Count("pk", filter=~Q(outcome__in=("", Outcome.RESOLVED))),
        )
    }
    points = {
        row["meeting_id"]: row
        for row in ActionPoint.objects.filter(meeting_id__in=[m["pk"] for m in meetings])
        .order_by()
        .values("meeting_id")
        .annotate(
            total=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(status=ActionPointStatus.DONE, completed_on__lte=F("due_on")),
            ),
        )
    }
    result = []
    for meeting in meetings:
        counts: Mapping[str, Any] = items.get(meeting["pk"], {})
        ap: Mapping[str, Any] = points.get(meeting["pk"], {})
        result.append(
            {
                "meeting": meeting["code"],
                "date": meeting["date"],
                "status": meeting["status"],
                "items": counts.get("items", 0),
                "raised": counts.get("raised", 0),
                "resolved": counts.get("resolved", 0),
                "partially_resolved": counts.get("partially_resolved", 0),
                "carried_over": counts.get("carried_over", 0),
                "action_points": ap.get("total", 0),
                "action_points_on_time": ap.get("on_time", 0),
            }
        )
    return result


def _quarter_bounds(year: int, quarter: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 3 * (quarter - 1) + 1, 1, tzinfo=tz)
    end = (
        dt.datetime(year + 1, 1, 1, tzinfo=tz)
        if quarter == 4
        else dt.datetime(year, 3 * quarter + 1, 1, tzinfo=tz)
    )
    return start, end


def regulator_quarter_metrics(
    *, now: dt.datetime | None = None, quarters: int = REGULATOR_QUARTERS_SHOWN
) -> list[dict[str, Any]]:
    """Per regulator and quarter (the last `quarters`, oldest first): barriers open at the end
    of the quarter (or now, for the current one), their median days pending (from the earliest
    application among their reports to the quarter's last day, or today), and the resolution rate: resolved in the quarter / (open at its end + resolved
    in it). One query; the counting is done over the fetched rows.
    """
    now = now or timezone.now()
    rows = list(
        Barrier.objects.order_by()
        .annotate(first_applied_on=Min("reports__applied_on"))
        .values_list(
            "regulator_id",
            "regulator__abbreviation",
            "status",
            "created_at",
            "resolved_at",
            "first_applied_on",
        )
    )
    result = []
    for year, quarter in _quarters_until(timezone.localdate(now), quarters):
        start, end = _quarter_bounds(year, quarter)
        as_of = min(end, now)
        per: dict[str, dict[str, Any]] = defaultdict(lambda: {"open": [], "resolved": 0})
        last_day = timezone.localdate(as_of - dt.timedelta(microseconds=1))
        for regulator_id, abbreviation, status, created_at, resolved_at, applied_on in rows:
            if created_at >= as_of:
                continue
            label = _regulator_label(abbreviation, regulator_id)
            if resolved_at is not None and start <= resolved_at < as_of:
                per[label]["resolved"] += 1
            elif (resolved_at is None or resolved_at >= as_of) and (
                status != BarrierStatus.CLOSED_UNRESOLVED
            ):
                # Pending since the earliest application behind it (its creation, failing that).
                since = applied_on or timezone.localdate(created_at)
                per[label]["open"].append((last_day - since).days)
        for label in sorted(per):
            opened, resolved = per[label]["open"], per[label]["resolved"]
            considered = len(opened) + resolved
            result.append(
                {
                    "quarter": f"{year} Q{quarter}",
                    "regulator": label,
                    "open": len(opened),
                    "median_days_pending": statistics.median(opened) if opened else None,
                    "resolved": resolved,
                    "resolution_rate": round(resolved / considered, 3) if considered else None,
                }
            )
    return result


def meeting_metrics_chart(meetings: list[dict[str, Any]]) -> SafeString:
    """Per meeting: items raised, resolved, partially resolved (a stacked bar per meeting)."""
    series = [
        charts.Series("Resolved", charts.GREEN),
        charts.Series("Partially resolved", charts.YELLOW),
        charts.Series("Raised, not resolved", charts.ORANGE),
    ]
    bars = [
        charts.Bar(
            m["meeting"],
            (
                m["resolved"],
                m["partially_resolved"],
                max(m["raised"] - m["resolved"] - m["partially_resolved"], 0),
            ),
        )
        for m in meetings
    ]
    return charts.bar_chart(
        title="What each meeting achieved",
        desc="Items raised at each meeting, split into resolved, partially resolved and the "
        "rest. "
        + "; ".join(
            f"{m['meeting']}: {m['raised']} raised, {m['resolved']} resolved, "
            f"{m['partially_resolved']} partially resolved"
            for m in meetings
        ),
        bars=bars,
        series=series,
        width=820,
        empty_text="No meeting has been held yet.",
    )


def metrics() -> dict[str, Any]:
    """The three blocks of meeting metrics, for the dashboard and the API."""
    return {
        "resolution_days": resolution_days_per_barrier(),
        "meetings": meeting_metrics(),
        "regulators_by_quarter": regulator_quarter_metrics(),
    }
