"""Searching reports and barriers by the words of their search text (barriers.domain.search_text builds it)."""

from __future__ import annotations

from django.db.models import (
    Q,
    QuerySet,
)

from barriers.domain import search_text
from barriers.models import (
    Barrier,
    Report,
)


def _search_text_q(text: str) -> Q | None:
    """Every word of `text` (three characters or more) somewhere in the row's search text.

    On PostgreSQL each word becomes `UPPER("search_text"::text) LIKE UPPER('%word%')`, which the
    trigram index of migration 0008_search_trigram_indexes serves: no scan of the table.
    """
    condition = Q()
    found = search_text.words(text)
    for word in found:
        condition &= Q(search_text__icontains=word)
    return condition if found else None


def reports_search(*, queryset: QuerySet[Report], text: str) -> QuerySet[Report]:
    """Reports matching `text` in reference, title, description, company name or IEC, HS code.

    Every word of three characters or more must appear; a query of only shorter words matches
    a one- or two-digit HS chapter (`03`: fish and crustaceans) and nothing else.
    """
    text = text.strip()
    if not text:
        return queryset
    condition = _search_text_q(text)
    if condition is not None:
        return queryset.filter(condition)
    if text.isdigit():
        through = Report.hs_codes.through.objects.filter(hscode__code__startswith=text)
        return queryset.filter(pk__in=through.values("report_id"))
    return queryset.none()


def barriers_search(*, queryset: QuerySet[Barrier], text: str) -> QuerySet[Barrier]:
    """Barriers matching `text` in reference, title, summary, Russian title or HS code.

    The same rules as reports_search: every word of three characters or more, or an HS chapter.
    """
    text = text.strip()
    if not text:
        return queryset
    condition = _search_text_q(text)
    if condition is not None:
        return queryset.filter(condition)
    if text.isdigit():
        through = Barrier.hs_codes.through.objects.filter(hscode__code__startswith=text)
        return queryset.filter(pk__in=through.values("barrier_id"))
    return queryset.none()
