"""The facet counts kept in barriers_facetcount (barriers.models.facets), as a changelist reads
them: one query of a few hundred rows, whatever the number of reports and barriers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case, CharField, F, Sum, Value, When

from barriers.models import FacetCount


@dataclass
class FacetSummary:
    """Counts by (status, dimension, value) of the rows whose status is in `statuses`."""

    by_status: dict[str, dict[str, dict[str | None, int]]] = field(default_factory=dict)

    def values(self, dim: str, statuses: Collection[str] | None = None) -> dict[str | None, int]:
        """The number of rows by value of `dim` (of the rows with a status in `statuses`)."""
        counts: dict[str | None, int] = defaultdict(int)
        for status, dims in self.by_status.items():
            if statuses is None or status in statuses:
                for value, n in dims.get(dim, {}).items():
                    counts[value] += n
        return dict(counts)

    def count(self, dim: str, value: str | None, statuses: Collection[str] | None = None) -> int:
        return sum(
            dims.get(dim, {}).get(value, 0)
            for status, dims in self.by_status.items()
            if statuses is None or status in statuses
        )

    def statuses(self) -> dict[str, int]:
        """The number of rows by status (every row has one value in each dimension)."""
        return {
            status: sum(next(iter(dims.values())).values()) if dims else 0
            for status, dims in self.by_status.items()
        }

    def total(self, statuses: Collection[str] | None = None) -> int:
        return sum(
            n for status, n in self.statuses().items() if statuses is None or status in statuses
        )


def facet_summary_kept() -> bool:
    """Whether the database keeps the counts (PostgreSQL's triggers); SQLite counts live."""
    return connection.vendor == "postgresql"


def facet_summary(
    model: str,
    *,
    statuses: Collection[str] | None = None,
    before: Mapping[str, dt.date] | None = None,
) -> FacetSummary:
    """The counts of `model` ("report" or "barrier") whose status is in `statuses` (all: None).

    A dimension of days in `before` is counted as "true" (its day is before the day given) or
    "false" (on or after it) in the database: its hundreds of days never leave it.
    """
    rows = FacetCount.objects.filter(model=model)
    if statuses is not None:
        rows = rows.filter(status__in=list(statuses))
    summary = FacetSummary()
    days = before or {}
    value: Any = F("value")
    if days:
        value = Case(
            *[
                When(dim=dim, value__lt=day.isoformat(), then=Value("true"))
                for dim, day in days.items()
            ],
            *[When(dim=dim, value__isnull=False, then=Value("false")) for dim in days],
            default=F("value"),
            output_field=CharField(),
        )
    counted: Any = (
        rows.order_by()
        .annotate(counted_value=value)
        .values_list("status", "dim", "counted_value")
        .annotate(total=Sum("n"))
    )
    for status, dim, value, total in counted:
        if total:
            summary.by_status.setdefault(status, {}).setdefault(dim, {})[value] = total
    return summary
