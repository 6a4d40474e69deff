"""Query-string filters for API lists (django-filter)."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from barriers import selectors
from barriers.models import Barrier, BarrierStatus, Report, ReportStatus, Sector

SEARCH_MAX = 200


class ReportFilter(filters.FilterSet):
    """Filter a viewer's reports by status, destination country, barrier kind and text."""

    status = filters.ChoiceFilter(choices=ReportStatus.choices, help_text="The report's status.")
    destination_country = filters.CharFilter(
        method="filter_country",
        help_text="ISO code of the destination country, such as RU.",
    )
    barrier_kind = filters.CharFilter(
        field_name="barrier_kind_id",
        help_text="Code of the barrier kind, such as eac_conformity.",
    )
    search = filters.CharFilter(
        method="filter_search",
        help_text=(
            "Text to find in the reference, title or description (also the company's name or "
            "IEC, or an HS code)."
        ),
    )

    class Meta:
        model = Report
        fields = ["status", "destination_country", "barrier_kind", "search"]

    def filter_country(self, queryset: QuerySet[Report], name: str, value: str) -> QuerySet[Report]:
        return queryset.filter(destination_country_id=value.strip().upper())

    def filter_search(self, queryset: QuerySet[Report], name: str, value: str) -> QuerySet[Report]:
        return selectors.reports_search(queryset=queryset, text=value[:SEARCH_MAX])


class BarrierFilter(filters.FilterSet):
    """Filter the officials' barrier list by status, place, kind, sector and text."""

    status = filters.ChoiceFilter(choices=BarrierStatus.choices, help_text="The barrier's status.")
    regulator = filters.CharFilter(
        field_name="regulator_id",
        method="filter_code",
        help_text="Code of the regulator, such as ru-fsvps.",
    )
    destination_country = filters.CharFilter(
        method="filter_country",
        help_text="ISO code of the destination country, such as RU.",
    )
    barrier_kind = filters.CharFilter(
        field_name="barrier_kind_id",
        method="filter_code",
        help_text="Code of the barrier kind, such as eac_conformity.",
    )
    sector = filters.ChoiceFilter(choices=Sector.choices, help_text="The sector of the goods.")
    search = filters.CharFilter(
        method="filter_search",
        help_text="Text to find in the reference or title (also the summary, or an HS code).",
    )

    class Meta:
        model = Barrier
        fields = ["status", "regulator", "destination_country", "barrier_kind", "sector", "search"]

    def filter_code(self, queryset: QuerySet[Barrier], name: str, value: str) -> QuerySet[Barrier]:
        # PostgreSQL text refuses NUL characters, which no code holds: drop them.
        return queryset.filter(**{name: value.strip().replace("\x00", "")[:100]})

    def filter_country(
        self, queryset: QuerySet[Barrier], name: str, value: str
    ) -> QuerySet[Barrier]:
        code = value.strip().upper().replace("\x00", "")[:10]
        return queryset.filter(destination_country_id=code)

    def filter_search(
        self, queryset: QuerySet[Barrier], name: str, value: str
    ) -> QuerySet[Barrier]:
        text = value[:SEARCH_MAX].replace("\x00", "")
        return selectors.barriers_search(queryset=queryset, text=text)
