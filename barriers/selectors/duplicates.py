"""Duplicate suggestions for a report: waiting reports that describe the same delay, and how
similar the words of two rows are (also used by selectors.barrier_duplicate_candidates).

Shown to officials only (the admin's report page): candidates are reports of any company.

"Similar words" is the share of the report's own words (stems of its title, then its
description) that the other row's search text holds, computed in the database: on PostgreSQL a
word counts when the row's full-text document (`search_vector`, English and Russian
configurations) matches it or its stem is a substring of the search text; on SQLite the stem
substring alone (barriers.domain.search_text.stem: "shrimps" and "shrimp" share "shrimp"). On
PostgreSQL the trigram similarity of the titles counts too, when it is higher.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression, Expression
from django.db.models.functions import Cast, Greatest

from barriers.domain import search_text
from barriers.domain.transitions import REPORT_PENDING
from barriers.models import HSCode, Report

# Words of report texts too common to say that two reports are about the same thing.
_COMMON_WORDS = frozenset(
    {
        "pending",
        "delay",
        "delayed",
        "delays",
        "application",
        "applications",
        "applied",
        "apply",
        "waiting",
        "still",
        "since",
        "after",
        "over",
        "more",
        "days",
        "weeks",
        "months",
        "month",
        "year",
        "years",
        "our",
        "we",
        "us",
        "no",
        "yet",
    }
)
# Enough words to tell two texts apart; a long description adds no more than this.
MAX_WORDS = 20
# From this share of shared words (or trigram similarity of titles) two rows "use similar words".
SIMILAR = 0.3
# How many waiting reports of the same regulator are compared, the newest first: the triage
# backlog of one regulator is far smaller, and the page stays fast however large it grows.
MAX_COMPARED = 500


def text_words(*texts: str) -> list[tuple[str, str]]:
    """The distinct words of `texts` with their stems, in order, without the words every report
    uses ("pending", "delay", "application"...), at most MAX_WORDS."""
    found: dict[str, str] = {}
    for text in texts:
        for word in search_text.parse(text).words:
            if word in _COMMON_WORDS:
                continue
            found.setdefault(search_text.stem(word), word)
    return [(word, stem) for stem, word in found.items()][:MAX_WORDS]


def _word_match(word: str, stem: str) -> Q:
    found = Q(search_text__contains=stem)
    if connection.vendor == "postgresql":
        query = SearchQuery(word, config="english", search_type="plain") | SearchQuery(
            word, config="russian", search_type="plain"
        )
        found |= Q(search_vector=query)
    return found


def words_shared(words: list[tuple[str, str]]) -> Expression:
    """The share (0 to 1) of `words` that a row's text holds, as an SQL expression."""
    if not words:
        return Value(0.0, output_field=FloatField())
    total: Any = Value(0.0, output_field=FloatField())
    for word, stem in words:
        total = total + Case(
            When(_word_match(word, stem), then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return Cast(total, FloatField()) / Value(float(len(words)))


def similarity(words: list[tuple[str, str]], title: str) -> Expression:
    """How alike a row's words are to the given ones (0 to 1): the share of shared words, or
    on PostgreSQL the trigram similarity of the titles where higher."""
    shared = words_shared(words)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return Greatest(shared, Cast(TrigramSimilarity("title", title), FloatField()))
    return shared


def weighted(weight: float, name: str) -> CombinedExpression:
    """weight × an annotation, as a float."""
    return Value(float(weight)) * Cast(F(name), FloatField())


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def report_duplicate_candidates(*, report: Report, limit: int = 5) -> list[Report]:
    """Other waiting reports (submitted, under review or information requested, not in a
    barrier) that likely describe the same delay as `report`, best first, of any company.

    The same regulator is required (the same country where either report names no regulator);
    then the same kind, shared HS codes (or the same heading) or similar words. The newest
    MAX_COMPARED waiting reports of that regulator are compared. Each comes with
    `match_score` (higher is better), `match_reasons` for the page, its company, regulator,
    country, kind and HS codes. Two queries whatever the data: the candidates, their HS codes.
    """
    codes = Report.hs_codes.through.objects.filter(report_id=report.pk)
    shared_codes = Report.hs_codes.through.objects.filter(
        report_id=OuterRef("pk"), hscode_id__in=codes.values("hscode_id")
    )
    shared_heading = Report.hs_codes.through.objects.filter(
        report_id=OuterRef("pk"),
        hscode__heading_id__in=codes.filter(hscode__heading__isnull=False).values(
            "hscode__heading_id"
        ),
    )
    if report.regulator_id is not None:
        place = Q(regulator_id=report.regulator_id) | Q(
            regulator__isnull=True, destination_country_id=report.destination_country_id
        )
    else:
        place = Q(destination_country_id=report.destination_country_id)
    words = text_words(report.title, report.description)
    structured = (
        weighted(3, "same_regulator")
        + weighted(1, "same_country")
        + weighted(2, "same_kind")
        + Case(
            When(shares_codes=True, then=Value(2.0)),
            When(shares_heading=True, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    compared = (
        Report.objects.filter(place, status__in=REPORT_PENDING, barrier__isnull=True)
        .exclude(pk=report.pk)
        .order_by("-created_at", "-pk")
        .values("pk")[:MAX_COMPARED]
    )
    candidates = (
        Report.objects.filter(pk__in=compared)
        .annotate(
            same_regulator=_flag(Q(regulator_id=report.regulator_id))
            if report.regulator_id is not None
            else Value(0, output_field=IntegerField()),
            same_country=_flag(Q(destination_country_id=report.destination_country_id)),
            same_kind=_flag(Q(barrier_kind_id=report.barrier_kind_id)),
            shares_codes=Exists(shared_codes),
            shares_heading=Exists(shared_heading),
            similarity=similarity(words, report.title),
        )
        .annotate(match_score=structured + weighted(4, "similarity"))
        .filter(
            Q(same_kind=1)
            | Q(shares_codes=True)
            | Q(shares_heading=True)
            | Q(similarity__gte=SIMILAR)
        )
        .select_related("company", "regulator", "destination_country", "barrier_kind")
        .prefetch_related(Prefetch("hs_codes", queryset=HSCode.objects.order_by("code")))
        .order_by("-match_score", "-created_at", "-pk")
    )
    rows: list[Any] = list(candidates[:limit])
    for row in rows:
        row.match_reasons = [
            reason
            for reason, present in (
                ("same regulator", row.same_regulator),
                ("same country", row.same_country and not row.same_regulator),
                ("same kind", row.same_kind),
                ("shared HS codes", row.shares_codes),
                ("same HS heading", row.shares_heading and not row.shares_codes),
                ("similar words", row.similarity >= SIMILAR),
            )
            if present
        ]
    return rows
