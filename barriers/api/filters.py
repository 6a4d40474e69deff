"""Query-string filters for API lists (django-filter)."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from barriers import selectors
from barriers.models import Barrier, BarrierStatus, Sector

SEARCH_MAX = 200


class ReportFilter(selectors.ReportFilterSet):
    """A viewer's reports by words, status, destination, kind, member company and filing dates,
    in the order asked for (selectors.ReportFilterSet, which the portal's list uses too)."""


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
    legal_basis = filters.CharFilter(
        field_name="legal_basis_id",
        method="filter_code",
        help_text="Code of the legal basis at issue, such as tr-cu-021-2011 (see /legal-bases/).",
    )
    search = filters.CharFilter(
        method="filter_search",
        help_text="Text to find in the reference or title (also the summary, or an HS code).",
    )

    class Meta:
        model = Barrier
        fields = [
            "status",
            "regulator",
            "destination_country",
            "barrier_kind",
            "sector",
            "legal_basis",
            "search",
        ]

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
