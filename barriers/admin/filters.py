"""Changelist filters that are computed in the database with a fixed number of queries.

Plain field filters are kept to columns with few distinct values; these cover the rest.

Facets (the counts beside each choice) use Django's own support (`show_facets`, the filters'
`choices()` and `get_facet_counts`), changed where it would not scale
(FacetsAdminMixin, FacetChangeList):
- the filters are built once per request: Django builds all of them again for each filter's
  counts, and the related-field and meeting filters each read their choices every time;
- a field filter (status, kind, country, regulator, owner...) counts with one GROUP BY on its
  field (GroupedFacetsMixin), which an index on the field answers alone;
- the other filters give a condition per choice (ConditionFilter); those not in use count over
  the same rows (the list as shown), all in one aggregate of COUNT(1) FILTER (WHERE condition),
  which report_facets_idx answers alone for reports (migration 0030) and barrier_facets_idx for
  barriers (0040; the barriers' "overdue" reads the barrier's decision_due_on, kept by the
  services, not the reports: 0041); a filter in use counts without its own choice, in an
  aggregate of its own, as Django does.
So a list runs at most one query per filter for its counts, whatever its rows and choices.

On PostgreSQL, a list with no search and no filter in use but the status (the report, barrier
and triage lists as they open) reads its counts from the counts the database keeps
(barriers.models.facets, selectors.facet_summary) instead: one query of a few hundred rows for
every field filter, the status and the condition filters those counts cover (verified company,
figures verified, information request, stage, flagged for review), and the list's total for
the paginator. The conditions that depend on today or on other tables (overdue, answer
overdue, meeting) are counted in one aggregate over the rows that meet one of them, through
their indexes; a "no" choice is the total less its "yes". Anything else (a search, another
filter, a date) counts as above. SQLite keeps no counts: it always counts as above.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.functions import Substr
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from barriers.admin.base import EVERY_MATCH, LISTED, CappedCountPaginator
from barriers.domain.transitions import REPORT_AWAITING_TRIAGE
from barriers.models import (
    AgendaItem,
    AgendaSection,
    Deadline,
    HSHeading,
    LegalBasis,
    Meeting,
    Party,
    Regulator,
    ReportStatus,
)
from barriers.selectors.facets import FacetSummary, facet_summary, facet_summary_kept
from barriers.selectors.reports import first_decision_cutoff, overdue_for_first_decision

# How many meetings the meeting filter offers, newest first.
MEETINGS_LISTED = 8


class FacetChangeList(ChangeList):
    """Django's changelist with its filters built once and the unused filters' counts in one
    aggregate (see the module's docstring)."""

    _filters: tuple[Any, ...] | None = None
    _shared_counts: dict[str, int] | None = None
    # Every match of the search, counted by searched_counts' () set (None: not counted there).
    searched_total: int | None = None
    # Every match of the search, when the list holds only the best of them (admin.base
    # by_relevance on PostgreSQL); None when the list holds every match.
    matches: QuerySet[Any] | None = None
    # How many rows the list holds when it holds only the best matches (None: every match).
    listed_count: int | None = None
    # A search's matches are counted up to this many (get_results); beyond, "more than". The
    # paginator's cap: the facet query then reads at most 1,001 matches.
    SEARCH_COUNT_CAP = CappedCountPaginator.CAP
    total_capped = False  # the search matched more than SEARCH_COUNT_CAP rows

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet[Any]:
        """The list's rows. While searching by relevance on PostgreSQL the list holds a bounded
        set of the best matches; every count (the total, the filters' counts, also those that
        leave a filter out) counts every match, found by asking the search again (`EVERY_MATCH`,
        a lazy queryset: no query here)."""
        if exclude_parameters is not None:
            return self._every_match(request, exclude_parameters)
        setattr(request, LISTED, None)
        listed = super().get_queryset(request)
        if getattr(request, LISTED, None) is not None:
            self.listed_count = getattr(request, LISTED)
            self.matches = self._every_match(request, None)
        return listed

    def _every_match(self, request: HttpRequest, exclude_parameters: Any) -> QuerySet[Any]:
        setattr(request, EVERY_MATCH, True)
        try:
            return super().get_queryset(request, exclude_parameters)
        finally:
            setattr(request, EVERY_MATCH, False)

    @property
    def counted(self) -> QuerySet[Any]:
        """The rows the counts count: every match of the search, not only those listed."""
        return self.matches if self.matches is not None else self.queryset

    def get_results(self, request: HttpRequest) -> None:
        """While searching on PostgreSQL, the facet query counts every match: the paginator takes
        that count rather than finding the matches once more to count them; without a search,
        the kept counts give the total. A list of the best matches pages through those it
        holds and says how many match in all (admin/search_form.html).

        A search matching more than SEARCH_COUNT_CAP rows is not counted: counting every match
        of a common word reads every matching row (125,000 at a million reports). The list says
        "more than 1,000 results" and shows its filters without counts; narrowing the search
        or choosing a filter brings the counts back.
        """
        self.pk_attname = self.lookup_opts.pk.attname  # Django sets it after get_results
        self.searched_counts  # noqa: B018  (sets searched_total, of at most the cap + 1)
        if self.query and connection.vendor == "postgresql":
            cap = self.SEARCH_COUNT_CAP
            if self.searched_total is None:  # every field filter in use: nothing else counted
                self.searched_total = self.counted.order_by().values("pk")[: cap + 1].count()
            if self.searched_total > cap:
                self.total_capped = True
                self.add_facets = False  # the filters' choices without counts
        known = None if self.total_capped else self.searched_total
        if self.summary is not None:
            known = self.summary.total(self.summary_statuses)
        if self.listed_count is not None:
            request.changelist_known_count = self.listed_count  # type: ignore[attr-defined]
            super().get_results(request)
            self.result_count = max(known or 0, self.listed_count)
            if self.total_capped:
                self.result_count = self.SEARCH_COUNT_CAP + 1
            return
        request.changelist_known_count = known  # type: ignore[attr-defined]
        super().get_results(request)

    @cached_property
    def status_spec(self) -> Any:
        for spec in self.filter_specs:
            if isinstance(spec, ChoicesFacets) and spec.field_path == "status":
                return spec
        return None

    @cached_property
    def summary_statuses(self) -> frozenset[str] | None:
        """The statuses of the rows listed (None: any), when the kept counts can count them."""
        base: frozenset[str] | None = getattr(self.model_admin, "facet_statuses", None)
        chosen = self.filter_params.get("status__exact")
        if not chosen:
            return base
        value = chosen[-1] if isinstance(chosen, list) else chosen
        return frozenset({value}) & base if base is not None else frozenset({value})

    @cached_property
    def summary(self) -> FacetSummary | None:
        """The kept counts of the list's model, when they count this list (see the module's
        docstring): PostgreSQL, no search, no filter in use but the status."""
        model: str | None = getattr(self.model_admin, "facet_model", None)
        if model is None or not self.add_facets or self.query or not facet_summary_kept():
            return None
        # The filters in use: the query string without what is not a filter (Django's
        # IGNORED_PARAMS: "_facets", the sort "o", the search "q"...).
        in_use = self.get_filters_params()
        if any(name != "status__exact" for name in in_use):
            return None
        if in_use and self.status_spec is None:
            return None
        before: dict[str, dt.date] = {}
        for spec in self.filter_specs:
            if isinstance(spec, YesNoFilter) and spec.summary_before is not None:
                before[spec.summary_dim or ""] = spec.summary_before()
        return facet_summary(
            model, statuses=getattr(self.model_admin, "facet_statuses", None), before=before
        )

    @cached_property
    def condition_counts(self) -> dict[str, int]:
        """With the kept counts: the counts of the condition filters they do not cover, by
        `f{n}_{key}`, in one aggregate over the rows that meet one of their conditions."""
        assert self.summary is not None
        counts: dict[str, Any] = {}
        for number, spec in enumerate(self.filter_specs):
            if (
                isinstance(spec, ConditionFilter)
                and spec.summary_counts(self.summary, None) is None
            ):
                for key, condition in spec.counted_conditions().items():
                    counts[f"f{number}_{key}"] = condition
        # One count per condition, each through its own index, in one query: an OR of them
        # (with the meetings' subqueries) would read every row.
        parts, params = [], []
        for key, condition in counts.items():
            try:
                inner, inner_params = (
                    self.counted.filter(condition).order_by().values("pk").query.sql_with_params()
                )
            except EmptyResultSet:
                continue
            parts.append(f"SELECT %s, COUNT(*) FROM ({inner}) AS matches")
            params += [key, *inner_params]
        found = dict.fromkeys(counts, 0)
        if parts:
            with connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(parts), params)
                found.update(dict(cursor.fetchall()))
        return found

    def get_filters(self, request: HttpRequest) -> Any:
        if self._filters is None:
            self._filters = super().get_filters(request)
        specs, has_filters, remaining, duplicates, active = self._filters
        return specs, has_filters, dict(remaining), duplicates, active

    def in_use(self, spec: Any) -> bool:
        return any(name in self.filter_params for name in spec.expected_parameters())

    def facet_counts(self, spec: Any) -> dict[str, int]:
        """The counts of `spec`'s choices, under the keys its `choices()` reads."""
        if self.summary is not None and isinstance(spec, ConditionFilter):
            kept = spec.summary_counts(self.summary, self.summary_statuses)
            if kept is not None:
                return kept
            prefix = f"f{self.filter_specs.index(spec)}_"
            counted = {
                key.removeprefix(prefix): n
                for key, n in self.condition_counts.items()
                if key.startswith(prefix)
            }
            return spec.counts_from(counted, self.summary.total(self.summary_statuses))
        if self.in_use(spec):
            rows = self.get_queryset(spec.request, exclude_parameters=spec.expected_parameters())
            return rows.aggregate(**spec.get_facet_counts(self.pk_attname, rows))
        if self._shared_counts is None:
            self.searched_counts  # noqa: B018  (while searching, counts these too)
        if self._shared_counts is None:
            counts = self.shared_aggregates()
            self._shared_counts = self.counted.aggregate(**counts) if counts else {}
        prefix = f"f{self.filter_specs.index(spec)}_"
        return {
            key.removeprefix(prefix): count
            for key, count in self._shared_counts.items()
            if key.startswith(prefix)
        }

    def shared_aggregates(self) -> dict[str, Any]:
        """The COUNT ... FILTER aggregates of the unused condition filters, by `f{n}_{key}`."""
        counts: dict[str, Any] = {}
        for number, other in enumerate(self.filter_specs):
            shared: Any = other
            if isinstance(shared, SharedFacetsMixin) and not self.in_use(shared):
                for key, count in shared.get_facet_counts(self.pk_attname, self.counted).items():
                    counts[f"f{number}_{key}"] = count
        return counts

    @cached_property
    def searched_counts(self) -> dict[int, dict[Any, int]] | None:
        """While searching on PostgreSQL: the counts of every unused field filter, by filter
        number and value, and of the condition filters (in `_shared_counts`), in one query.

        Each field filter's GROUP BY would otherwise find the matches again (at 100,000 reports,
        ~100 ms each for a common word, six times); GROUPING SETS count them all in one pass over
        the matches. Without a search, each GROUP BY reads an index alone, which is faster than
        one pass over the table, so this is for searches only.
        """
        if not (self.query and self.add_facets and connection.vendor == "postgresql"):
            return None
        grouped = [
            (number, spec)
            for number, spec in enumerate(self.filter_specs)
            if isinstance(spec, GroupedFacetsMixin) and not self.in_use(spec)
        ]
        if not grouped:
            return None
        aggregates = self.shared_aggregates() if self._shared_counts is None else {}
        columns: dict[str, Any] = {
            f"g{i}": F(spec.field_path) for i, (_n, spec) in enumerate(grouped)
        }
        flags = {
            f"b{i}": ExpressionWrapper(aggregate.filter, output_field=BooleanField())
            for i, aggregate in enumerate(aggregates.values())
        }
        # At most SEARCH_COUNT_CAP + 1 matches are counted (the LIMIT of the inner query, which
        # the counting reads as it comes): beyond, get_results shows none of these counts, and
        # this query reads no more rows than that however common the word.
        counted = self.counted.order_by().values(**columns, **flags)[: self.SEARCH_COUNT_CAP + 1]
        try:
            inner, params = counted.query.sql_with_params()
        except EmptyResultSet:  # a search that can match nothing (a lone letter, stop words)
            self._shared_counts = dict.fromkeys(aggregates, 0)
            self.searched_total = 0
            return {number: {} for number, _spec in grouped}
        group_names = ", ".join(f'"{name}"' for name in columns)
        selected = [f"GROUPING({group_names})", *[f'"{name}"' for name in columns], "COUNT(*)"]
        selected += [f'COUNT(*) FILTER (WHERE "{name}")' for name in flags]
        sets = ", ".join(f'("{name}")' for name in columns)
        sql = (
            f"SELECT {', '.join(selected)} FROM ({inner}) AS matches "
            f"GROUP BY GROUPING SETS ({sets}, ())"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        everything = (1 << len(columns)) - 1
        total = 0
        by_filter: dict[int, dict[Any, int]] = {number: {} for number, _spec in grouped}
        for row in rows:
            grouping, values = row[0], row[1 : 1 + len(columns)]
            count, flagged = row[1 + len(columns)], row[2 + len(columns) :]
            if grouping == everything:  # the () set: every match, the condition filters' counts
                total = count
                if self._shared_counts is None:
                    self._shared_counts = dict(zip(aggregates, flagged, strict=True))
                continue
            # GROUPING() sets the bit of each column not grouped, the first column's highest:
            # in the set of column j, only bit (n - 1 - j) is clear.
            column = len(columns) - (everything ^ grouping).bit_length()
            by_filter[grouped[column][0]][values[column]] = count
        if self._shared_counts is None:  # no match at all: no () row either
            self._shared_counts = dict.fromkeys(aggregates, 0)
        self.searched_total = total
        return by_filter


class SharedFacetsMixin:
    """A filter whose counts a FacetChangeList works out (with the other filters' counts)."""

    get_facet_counts: Callable[[str, QuerySet], dict[str, Any]]

    def get_facet_queryset(self, changelist: ChangeList) -> dict[str, int]:
        if isinstance(changelist, FacetChangeList):
            return changelist.facet_counts(self)
        return super().get_facet_queryset(changelist)  # type: ignore[misc]  # a FacetsMixin's


class FacetsAdminMixin:
    """A ModelAdmin whose filters always show their counts, with a fixed number of queries."""

    show_facets = admin.ShowFacets.ALWAYS
    # The model's kept counts ("report", "barrier"; None: none), and the statuses the admin's
    # list keeps to (None: all of them).
    facet_model: str | None = None
    facet_statuses: frozenset[str] | None = None

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return FacetChangeList

    def get_paginator(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Paginator:
        paginator: Paginator = super().get_paginator(request, *args, **kwargs)  # type: ignore[misc]
        known = getattr(request, "changelist_known_count", None)
        if known is not None and hasattr(paginator, "known_count"):
            paginator.known_count = known
        return paginator


class GroupedFacetsMixin:
    """A field filter that counts its choices with one GROUP BY on its field, over the list
    without its own choice. The indexes on status, kind, country, regulator and owner of reports
    and barriers answer it alone (an index-only scan, also within the triage queue's statuses),
    where Django's COUNT(id) FILTER per choice reads the whole table and tests every choice on
    every row (at 100,000 reports: 20 ms against 270 ms for the regulators)."""

    field_path: str
    request: HttpRequest
    expected_parameters: Callable[[], list[str | None]]

    def get_facet_queryset(self, changelist: ChangeList) -> dict[str, int]:
        if isinstance(changelist, FacetChangeList) and changelist.summary is not None:
            summary = changelist.summary
            if self.field_path == "status":  # counted without its own choice, as Django does
                return self.facet_keys(summary.statuses())
            kept = summary.values(self.field_path, changelist.summary_statuses)
            to_python = self.kept_value
            return self.facet_keys({to_python(value): n for value, n in kept.items()})
        if isinstance(changelist, FacetChangeList) and changelist.searched_counts is not None:
            number = changelist.filter_specs.index(cast(Any, self))
            if number in changelist.searched_counts:
                return self.facet_keys(changelist.searched_counts[number])
        rows = changelist.get_queryset(self.request, exclude_parameters=self.expected_parameters())
        counts = dict(
            rows.order_by()
            .values_list(self.field_path)
            .annotate(count=Count("*"))  # COUNT(*), not of a column: the index alone answers
            .values_list(self.field_path, "count")
        )
        return self.facet_keys(counts)

    def facet_keys(self, counts: dict[Any, int]) -> dict[str, int]:
        """The counts by value under the keys the filter's `choices()` reads."""
        raise NotImplementedError

    def kept_value(self, value: str | None) -> Any:
        """A value of the kept counts (text) as the field's value."""
        if value is None:
            return None
        field: Any = self.field  # type: ignore[attr-defined]  # the list filter's
        target = field.target_field if field.is_relation else field
        if isinstance(target, BooleanField):
            return value == "true"  # PostgreSQL's boolean as text
        return target.to_python(value)


class ChoicesFacets(GroupedFacetsMixin, admin.ChoicesFieldListFilter):
    def facet_keys(self, counts: dict[Any, int]) -> dict[str, int]:
        keys = {
            f"{number}__c": counts.get(value, 0)
            for number, (value, _label) in enumerate(self.field.flatchoices)
        }
        return {**keys, "null__c": counts.get(None, 0)}


class RelatedFacets(GroupedFacetsMixin, admin.RelatedFieldListFilter):
    def facet_keys(self, counts: dict[Any, int]) -> dict[str, int]:
        keys = {f"{value}__c": counts.get(value, 0) for value, _label in self.lookup_choices}
        return {**keys, "__c": counts.get(None, 0)}


class BooleanFacets(GroupedFacetsMixin, admin.BooleanFieldListFilter):
    def facet_keys(self, counts: dict[Any, int]) -> dict[str, int]:
        return {
            "true__c": counts.get(True, 0),
            "false__c": counts.get(False, 0),
            "null__c": counts.get(None, 0),
        }


class ConditionFilter(SharedFacetsMixin, admin.SimpleListFilter):
    """A filter whose every choice is a condition on the row: the list keeps the rows that meet
    it, and the choice's count is COUNT(*) FILTER (WHERE condition)."""

    def condition(self, value: str) -> Q | None:
        """The condition of the choice `value`; None for a value that is not a choice."""
        raise NotImplementedError

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        value = self.value()
        condition = None if value is None else self.condition(value)
        return None if condition is None else queryset.filter(condition)

    def summary_counts(
        self, summary: FacetSummary, statuses: frozenset[str] | None
    ) -> dict[str, int] | None:
        """The counts of the choices from the kept counts, when they cover this filter."""
        return None

    def complement(self, value: str) -> Q | None:
        """A condition whose count, taken from the list's total, counts the choice `value`
        (the "no" of a yes/no filter), or None to count the choice's own condition."""
        return None

    def counted_conditions(self) -> dict[str, Q]:
        """What counts_from needs counted, by key: each choice's condition or complement."""
        counted: dict[str, Q] = {}
        for number, (value, _title) in enumerate(self.lookup_choices):
            complement = self.complement(str(value))
            condition = complement if complement is not None else self.condition(str(value))
            if condition is not None:
                counted[f"{number}__c"] = condition
        return counted

    def counts_from(self, counted: dict[str, int], total: int) -> dict[str, int]:
        """The choices' counts from counted_conditions' counts and the list's total."""
        counts = {}
        for number, (value, _title) in enumerate(self.lookup_choices):
            key = f"{number}__c"
            if key in counted:
                own = self.complement(str(value)) is None
                counts[key] = counted[key] if own else total - counted[key]
        return counts

    def get_facet_counts(self, pk_attname: str, filtered_qs: QuerySet) -> dict[str, Any]:
        counts = {}
        for number, (value, _title) in enumerate(self.lookup_choices):
            condition = self.condition(str(value))
            if condition is not None:
                # COUNT(1), not of a column: an index with the condition's columns answers.
                counts[f"{number}__c"] = Count(Value(1), filter=condition)
        return counts


class YesNoFilter(ConditionFilter):
    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        return (("yes", _("Yes")), ("no", _("No")))

    def condition(self, value: str) -> Q | None:
        if value not in {"yes", "no"}:
            return None
        return self.yes_condition if value == "yes" else ~self.yes_condition

    @cached_property
    def yes_condition(self) -> Q:
        return self.yes()  # worked out once for the list and the counts

    # The dimension of the kept counts that says yes ("true") or no ("false"), if any.
    summary_dim: str | None = None

    # For a dimension of days: the day before which a row says yes (see facet_summary).
    summary_before: Callable[[], dt.date] | None = None
    # The statuses a row may have to say yes (None: any).
    summary_statuses: frozenset[str] | None = None

    def summary_counts(
        self, summary: FacetSummary, statuses: frozenset[str] | None
    ) -> dict[str, int] | None:
        if self.summary_dim is None:
            return None
        yes_statuses = statuses
        if self.summary_statuses is not None:
            yes_statuses = self.summary_statuses & (statuses or self.summary_statuses)
        yes = summary.count(self.summary_dim, "true", yes_statuses)
        return {"0__c": yes, "1__c": summary.total(statuses) - yes}

    def counted_conditions(self) -> dict[str, Q]:
        yes = self.condition("yes")
        return {} if yes is None else {"0__c": yes}

    def counts_from(self, counted: dict[str, int], total: int) -> dict[str, int]:
        """No is the total less yes: one count, through the condition's index."""
        if "0__c" not in counted:
            return {}
        return {"0__c": counted["0__c"], "1__c": total - counted["0__c"]}

    def yes(self) -> Q:
        raise NotImplementedError


class OverdueForFirstDecisionFilter(YesNoFilter):
    """Reports still without a first decision after the target number of working days."""

    title = _("overdue for first decision")
    parameter_name = "overdue"
    summary_dim = "awaiting_since"
    summary_statuses = REPORT_AWAITING_TRIAGE

    def summary_before(self) -> dt.date:
        return first_decision_cutoff()

    def yes(self) -> Q:
        return overdue_for_first_decision()


class VerifiedCompanyFilter(YesNoFilter):
    title = _("verified company")
    parameter_name = "verified"
    summary_dim = "verified"

    def yes(self) -> Q:
        return Q(company__verified=True)


class FiguresVerifiedFilter(YesNoFilter):
    """Reports whose trade value and consignments a triage officer has verified."""

    title = _("figures verified")
    parameter_name = "figures_verified"
    summary_dim = "figures_verified"

    def condition(self, value: str) -> Q | None:
        if value not in {"yes", "no"}:
            return None
        return Q(figures_verified_at__isnull=value == "no")


class InformationRequestFilter(ConditionFilter):
    """Reports by the state of officials' question to the exporter: waiting for the answer, or
    back in the queue because the request lapsed unanswered."""

    title = _("information request")
    parameter_name = "info_request"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        return (("waiting", _("Awaiting the exporter")), ("lapsed", _("Lapsed unanswered")))

    def condition(self, value: str) -> Q | None:
        if value == "waiting":
            return Q(status=ReportStatus.INFO_REQUESTED)
        if value == "lapsed":
            return Q(info_request_lapsed_at__isnull=False)
        return None

    def summary_counts(
        self, summary: FacetSummary, statuses: frozenset[str] | None
    ) -> dict[str, int] | None:
        waiting = summary.statuses().get(ReportStatus.INFO_REQUESTED, 0)
        if statuses is not None and ReportStatus.INFO_REQUESTED not in statuses:
            waiting = 0
        return {"0__c": waiting, "1__c": summary.count("lapsed", "true", statuses)}


class BarrierOverdueFilter(YesNoFilter):
    """Barriers with a report still waiting beyond its kind's usual decision time: applied on
    before today less the kind's usual_decision_days, that is, a decision due before today.

    The barrier keeps its earliest due day (Barrier.decision_due_on, which the services keep:
    barrier_decision_due_refresh), so the list and its counts read one column of barriers
    (barrier_decision_due_idx, barrier_facets_idx), never the reports.
    """

    title = _("overdue")
    parameter_name = "overdue"
    summary_dim = "decision_due_on"

    def summary_before(self) -> dt.date:
        return timezone.localdate()

    def yes(self) -> Q:
        return Q(decision_due_on__lt=timezone.localdate())


class FlaggedForReviewFilter(YesNoFilter):
    """Resolved barriers a company says are not fixed, waiting for an official's decision."""

    title = _("flagged for review")
    parameter_name = "flagged"
    summary_dim = "flagged"

    def yes(self) -> Q:
        return Q(review_flagged_at__isnull=False)


class AnswerOverdueFilter(ConditionFilter):
    """Barriers with an answer past its deadline, by the side that owes it.

    The barriers of the open deadlines (met_at empty, due_on before today), read once: the index
    on (met_at, due_on) serves it.
    """

    title = _("answer overdue")
    parameter_name = "answer_overdue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        return (
            (Party.EAEU, _("EAEU side")),
            (Party.INDIA, _("India side")),
            ("none", _("None")),
        )

    def condition(self, value: str) -> Q | None:
        if value not in {Party.EAEU, Party.INDIA, "none"}:
            return None
        late = Deadline.objects.filter(met_at__isnull=True, due_on__lt=timezone.localdate())
        if value == "none":
            return ~Q(pk__in=late.values("barrier_id"))
        return Q(pk__in=late.filter(party=value).values("barrier_id"))

    def complement(self, value: str) -> Q | None:
        if value != "none":
            return None
        late = Deadline.objects.filter(met_at__isnull=True, due_on__lt=timezone.localdate())
        return Q(pk__in=late.values("barrier_id"))


class MeetingFilter(ConditionFilter):
    """Barriers on a meeting's agenda (for reports: reports whose barrier is on it)."""

    title = _("meeting")
    parameter_name = "meeting"
    barrier_path = "barrier_id"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        meetings = Meeting.objects.order_by("-date").values_list("pk", "code")[:MEETINGS_LISTED]
        return [(str(pk), code) for pk, code in meetings]

    def condition(self, value: str) -> Q | None:
        if not value.isdigit():
            return None
        # IN (the agenda's barriers), not a correlated EXISTS: the database reads the agenda
        # once (a hashed subplan), which matters when each choice is counted over every row.
        on_agenda = AgendaItem.objects.filter(meeting_id=int(value), section=AgendaSection.AGENDA)
        return Q(**{f"{self.barrier_path}__in": on_agenda.values("barrier_id")})


class BarrierMeetingFilter(MeetingFilter):
    barrier_path = "pk"


class RegulatorFilter(RelatedFacets):
    """Regulators by abbreviation and English name (Regulator.__str__), never by internal code."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        return [
            (regulator.code, str(regulator))
            for regulator in Regulator.objects.order_by("country_id", "code").only(
                "code", "abbreviation", "name"
            )
        ]


class LegalBasisFilter(RelatedFacets):
    """Legal bases by their number as cited (TR CU 021/2011): titles are too long for the
    sidebar."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        return list(LegalBasis.objects.order_by("position", "code").values_list("code", "number"))


class QueueStatusFilter(ConditionFilter):
    """Where a waiting report stands: new, being reviewed, or back with the exporter's answer."""

    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        return (
            ("new", _("New (submitted)")),
            ("review", _("Under review")),
            ("answered", _("Information received back")),
        )

    def condition(self, value: str) -> Q | None:
        return {
            "new": Q(status=ReportStatus.SUBMITTED),
            "review": Q(status=ReportStatus.UNDER_REVIEW, first_decision_at__isnull=True),
            "answered": Q(status=ReportStatus.UNDER_REVIEW, first_decision_at__isnull=False),
        }.get(value)

    def summary_counts(
        self, summary: FacetSummary, statuses: frozenset[str] | None
    ) -> dict[str, int] | None:
        def within(status: str) -> set[str]:
            return {status} if statuses is None or status in statuses else set()

        return {
            "0__c": summary.count("decided", "true", within(ReportStatus.SUBMITTED))
            + summary.count("decided", "false", within(ReportStatus.SUBMITTED)),
            "1__c": summary.count("decided", "false", within(ReportStatus.UNDER_REVIEW)),
            "2__c": summary.count("decided", "true", within(ReportStatus.UNDER_REVIEW)),
        }


class HSChapterFilter(admin.SimpleListFilter):
    """HS codes by chapter (their first two digits): the 97 chapters of the nomenclature.

    Its counts are one GROUP BY on the first two digits (97 conditions per row in the shared
    aggregate cost ten times as much over the 5,613 subheadings).
    """

    title = _("chapter")
    parameter_name = "chapter"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        chapters = HSHeading.objects.filter(level=2).order_by("code")
        return [
            (code, f"{code} {Truncator(description).chars(40)}")
            for code, description in chapters.values_list("code", "description")
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        value = self.value()
        if value is None or len(value) != 2 or not value.isdigit():
            return None
        return queryset.filter(code__startswith=value)

    def get_facet_queryset(self, changelist: ChangeList) -> dict[str, int]:
        rows = changelist.get_queryset(self.request, exclude_parameters=self.expected_parameters())
        by_chapter = dict(
            rows.order_by()
            .values(chapter_code=Substr("code", 1, 2))
            .annotate(count=Count("*"))
            .values_list("chapter_code", "count")
        )
        return {
            f"{number}__c": by_chapter.get(code, 0)
            for number, (code, _title) in enumerate(self.lookup_choices)
        }
