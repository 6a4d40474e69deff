"""Finding reports in a viewer's list: words, status, destination, kind, member company, filing
dates, and the order to show them in. One filter set for the portal's "My reports" page (a GET
form) and the API's report list (query parameters), so both read a query the same way.

The filter set narrows the queryset it is given, which is already scoped to the viewer
(`reports_for_viewer`): no filter value can widen it. The member companies offered are the
viewer's own association's (or every company, for officials); any other company is an invalid
choice, refused like any invalid value.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import (
    Case,
    DateField,
    Func,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barriers.models import BarrierKind, Company, Country, Report, ReportStatus, User
from barriers.selectors.companies import association_members_for_viewer
from barriers.selectors.search import reports_search, search_best_first

if TYPE_CHECKING:
    # Generic in django-stubs only: not subscriptable at run time.
    _ModelChoiceField = forms.ModelChoiceField[Any]
else:
    _ModelChoiceField = forms.ModelChoiceField

SEARCH_MAX = 200

# The statuses in the order a report goes through them: "status" sorts by this, not by name.
STATUS_ORDER = (
    ReportStatus.SUBMITTED,
    ReportStatus.UNDER_REVIEW,
    ReportStatus.INFO_REQUESTED,
    ReportStatus.ACCEPTED,
    ReportStatus.REJECTED,
    ReportStatus.WITHDRAWN,
)

RELEVANCE = "relevance"
NEWEST = "-filed"
# Every order is total: the newest (then the latest row) first among equals, so pages never
# skip or repeat a report. The first field of each is what the API's cursor holds.
REPORT_SORTS: dict[str, tuple[str, ...]] = {
    NEWEST: ("-created_at", "-pk"),
    "filed": ("created_at", "pk"),
    "-days_pending": ("-pending_days", "-created_at", "-pk"),
    "days_pending": ("pending_days", "-created_at", "-pk"),
    "status": ("status_position", "-created_at", "-pk"),
    "-status": ("-status_position", "-created_at", "-pk"),
}
REPORT_SORT_CHOICES = (
    (RELEVANCE, _("Best match first (newest first when not searching)")),
    (NEWEST, _("Newest filed first")),
    ("filed", _("Oldest filed first")),
    ("-days_pending", _("Longest pending first")),
    ("days_pending", _("Shortest pending first")),
    ("status", _("Status, from submitted to withdrawn")),
    ("-status", _("Status, from withdrawn to submitted")),
)

# Dates outside these years filter nothing out (and stay clear of datetime's limits).
EARLIEST_YEAR = 1900
LATEST_YEAR = 9000


class DaysBetween(Func):
    """Whole days from the first date to the second (PostgreSQL: date - date; SQLite: julianday)."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        start, end = self.source_expressions
        return Func(end, start, template="(%(expressions)s)", arg_joiner=" - ").as_sql(
            compiler, connection, **extra
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        start, end = self.source_expressions
        return Func(
            end,
            start,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        ).as_sql(compiler, connection, **extra)


def _pending_days(today: dt.date) -> Greatest:
    """Report.days_pending in SQL: from the application to the decision, or to today."""
    end = Coalesce("decision_received_on", Value(today, output_field=DateField()))
    return Greatest(DaysBetween("applied_on", end), Value(0), output_field=IntegerField())


def _status_position() -> Case:
    return Case(
        *[
            When(status=status, then=Value(position))
            for position, status in enumerate(STATUS_ORDER)
        ],
        default=Value(len(STATUS_ORDER)),
        output_field=IntegerField(),
    )


def reports_sorted(
    *, queryset: QuerySet[Report], sort: str = "", searched: str = ""
) -> QuerySet[Report]:
    """The reports in the order `sort` names (a key of REPORT_SORTS, or "relevance").

    Without a sort: best match first when the queryset was searched (reports_search) for the
    text `searched` (search_best_first: on PostgreSQL the bounded set of best candidates), else
    newest filed first. The field each order starts with is annotated on the rows
    (`pending_days`, `status_position`), so a cursor can hold its value.
    """
    if sort in ("", RELEVANCE):
        if searched.strip():
            return search_best_first(queryset=queryset, text=searched)
        return queryset.order_by(*REPORT_SORTS[NEWEST])
    ordering = REPORT_SORTS[sort]
    first = ordering[0].lstrip("-")
    if first == "pending_days":
        queryset = queryset.annotate(pending_days=_pending_days(timezone.localdate()))
    elif first == "status_position":
        queryset = queryset.annotate(status_position=_status_position())
    return queryset.order_by(*ordering)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _viewer(request: HttpRequest | None) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


def member_companies(request: HttpRequest | None) -> QuerySet[Company]:
    """The companies whose reports a viewer may pick: an association's members; officials any."""
    viewer = _viewer(request)
    if viewer is None:
        return Company.objects.none()
    if viewer.is_staff:
        return Company.objects.order_by("name", "pk")
    return association_members_for_viewer(viewer=viewer)


class CodeChoiceField(_ModelChoiceField):
    """A reference row by its code, in any case ("kz" is Kazakhstan)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper().replace("\x00", "")
        return super().to_python(value)


class CodeChoiceFilter(django_filters.ModelChoiceFilter):  # type: ignore[misc]  # untyped library
    field_class = CodeChoiceField


class ReportFinderForm(forms.Form):
    """The filter set's form: a date range must run forwards."""

    hide_optional = True  # a filter is optional by nature (the portal's field template)

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data (the stubs say: or None)
        cleaned = self.cleaned_data
        start, end = cleaned.get("filed_from"), cleaned.get("filed_to")
        if start and end and end < start:
            self.add_error(
                "filed_to",
                forms.ValidationError(
                    "The end of the range is before its start: give a later date, or swap them.",
                    code="range_reversed",
                ),
            )
        return cleaned


class ReportFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # untyped library
    """A viewer's reports narrowed by what they ask for, in the order they ask for.

    Give it the viewer's reports (`reports_for_viewer`) and the request (for the member
    companies the viewer may pick).
    """

    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Words, reference or HS code"),
        max_length=SEARCH_MAX,
        help_text=(
            "Words to find in English or Russian, in any form (“shrimps” finds “shrimp”), in the "
            "reference, title, description, company, regulator, country, kind and HS codes and "
            "their descriptions; a reference (REP-2026-000123) or HS digits (0306) find them "
            "exactly. Every part must match. Best matches come first unless `ordering` says "
            "otherwise."
        ),
    )
    status = django_filters.ChoiceFilter(
        choices=ReportStatus.choices,
        label=_("Status"),
        empty_label=_("All statuses"),
        help_text="The report's status.",
    )
    destination_country = CodeChoiceFilter(
        queryset=Country.objects.order_by("name"),
        to_field_name="code",
        label=_("Destination country"),
        empty_label=_("All countries"),
        help_text="ISO code of the destination country, such as RU.",
    )
    barrier_kind = django_filters.ModelChoiceFilter(
        queryset=BarrierKind.objects.order_by("position", "code"),
        label=_("Kind of approval"),
        empty_label=_("All kinds"),
        help_text="Code of the barrier kind, such as eac_conformity.",
    )
    member = django_filters.ModelChoiceFilter(
        field_name="company",
        queryset=member_companies,
        to_field_name="iec",
        label=_("Member company"),
        empty_label=_("All member companies"),
        help_text=(
            "IEC of a member company, for an export promotion council: only its reports. A "
            "company that is not one of the council's members is refused (400). Officials may "
            "name any company."
        ),
    )
    filed_from = django_filters.DateFilter(
        method="filter_filed_from",
        label=_("Filed from"),
        help_text="Reports filed on or after this date (YYYY-MM-DD, India time).",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    filed_to = django_filters.DateFilter(
        method="filter_filed_to",
        label=_("Filed to"),
        help_text="Reports filed on or before this date (YYYY-MM-DD, India time).",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ordering = django_filters.ChoiceFilter(
        method="filter_ordering",
        choices=REPORT_SORT_CHOICES,
        label=_("Sort by"),
        empty_label=None,
        help_text=(
            "The order of the list: `-filed` newest filed first (the default without `search`), "
            "`filed` oldest first, `-days_pending` longest pending first, `days_pending` "
            "shortest first, `status` from submitted to withdrawn (the order a report goes "
            "through), `-status` the other way; `relevance` best match first (the default with "
            "`search`; newest first without it). Ties: newest filed first."
        ),
    )

    class Meta:
        model = Report
        form = ReportFinderForm
        fields = [
            "search",
            "status",
            "destination_country",
            "barrier_kind",
            "member",
            "filed_from",
            "filed_to",
            "ordering",
        ]

    def filter_search(self, queryset: QuerySet[Report], name: str, value: str) -> QuerySet[Report]:
        # PostgreSQL text refuses NUL characters, which no text holds: drop them.
        return reports_search(queryset=queryset, text=value[:SEARCH_MAX].replace("\x00", ""))

    def filter_filed_from(
        self, queryset: QuerySet[Report], name: str, value: dt.date
    ) -> QuerySet[Report]:
        if value.year < EARLIEST_YEAR:
            return queryset
        if value.year > LATEST_YEAR:
            return queryset.none()
        return queryset.filter(created_at__gte=_day_start(value))

    def filter_filed_to(
        self, queryset: QuerySet[Report], name: str, value: dt.date
    ) -> QuerySet[Report]:
        if value.year > LATEST_YEAR:
            return queryset
        if value.year < EARLIEST_YEAR:
            return queryset.none()
        return queryset.filter(created_at__lt=_day_start(value + dt.timedelta(days=1)))

    def filter_ordering(
        self, queryset: QuerySet[Report], name: str, value: str
    ) -> QuerySet[Report]:
        return queryset  # applied last, once the search is known (filter_queryset)

    def filter_queryset(self, queryset: QuerySet[Report]) -> QuerySet[Report]:
        queryset = super().filter_queryset(queryset)
        cleaned = self.form.cleaned_data
        searched = (cleaned.get("search") or "")[:SEARCH_MAX].replace("\x00", "")
        return reports_sorted(
            queryset=queryset, sort=cleaned.get("ordering") or "", searched=searched
        )
