"""Reference data lookups: the HS nomenclature, and the counters behind references."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BigIntegerField, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from barriers.domain import search_text
from barriers.domain.report_rules import HS_NATIONAL_CHAPTERS
from barriers.models import HSCode, HSHeading, ReferenceCounter


def reference_counters() -> QuerySet[ReferenceCounter]:
    """The prefixes and years references are numbered in, each with `last_handed_out`: the
    last number given (0 if none). On PostgreSQL that is its sequence's value
    (services.reference_next), elsewhere the row's own."""
    counters = ReferenceCounter.objects.all()
    if connection.vendor != "postgresql":
        return counters.annotate(last_handed_out=F("last_value"))
    table = ReferenceCounter._meta.db_table
    # pg_sequences has the sequence's last value, NULL before its first number; the name is
    # ReferenceCounter.sequence_name's.
    sequence_value = RawSQL(
        "(SELECT s.last_value FROM pg_sequences s WHERE s.schemaname = current_schema() "
        f"AND s.sequencename = '{ReferenceCounter.SEQUENCE_PREFIX}' || lower({table}.prefix) "
        f"|| '_' || {table}.year)",
        [],
        output_field=BigIntegerField(),
    )
    return counters.annotate(
        last_handed_out=Coalesce(sequence_value, F("last_value"), output_field=BigIntegerField())
    )


class _Stem:
    """A query word's stem with its patterns, compiled once per search."""

    def __init__(self, stem: str) -> None:
        self.stem = stem
        self.form = re.compile(rf"(?<!\w){re.escape(stem)}\w{{0,3}}(?!\w)")
        self.start = re.compile(rf"(?<!\w){re.escape(stem)}")


def _score(row: tuple[str, ...], stems: list[_Stem]) -> float:
    """How well a subheading matches the query's word stems: a form of the word in its own
    description counts most, then a word it starts, then inside a word; its heading's or
    chapter's words add to that (raw cotton in the cotton chapter before cotton seeds); agri and
    marine goods (the project's own) come before other goods at equal fit.

    `row`: code, description, Russian description, sector, heading's and chapter's descriptions.
    """
    _code, description, description_ru, sector, heading, chapter = row
    own = f"{description} {description_ru}".lower()
    above = [text.lower() for text in (heading, chapter) if text]
    score = 0.0
    for stem in stems:
        if stem.form.search(own):
            score += 4  # a form of the word itself: "grape" finds "grapes" before "grapefruit"
        elif stem.start.search(own):
            score += 3
        elif stem.stem in own:
            score += 2
        # Each level above that holds the word too (or only): goods at its centre come first.
        score += sum(1 for text in above if stem.stem in text)
    return score + (0.5 if sector else 0.0) + (0.25 if description_ru else 0.0)


def _national_chapters() -> Q:
    """Codes of the chapters left to national use (no HS subheading; filing refuses them)."""
    return Q(*[Q(code__startswith=chapter) for chapter in HS_NATIONAL_CHAPTERS], _connector=Q.OR)


def _russian_contains(stem: str) -> Q:
    """`stem` in the Russian description, whatever the case of its first letter: SQLite's LIKE
    folds the case of ASCII letters only, so "рис" would miss "Рис полуобрушенный" there (and
    so would PostgreSQL's UPPER in a database whose character type is C; each side has its
    trigram index, migration 0057)."""
    found = Q(description_ru__icontains=stem)
    if not stem.isascii():
        found |= Q(description_ru__contains=stem[:1].upper() + stem[1:])
    return found


def _headings_holding(stems: list[str]) -> list[list[str]]:
    """For each stem, the headings whose description holds it or whose chapter's does, in any
    letter case, as icontains matches.

    The subheadings under them are then matched by `heading_id IN (...)` with those codes: a
    list the index on heading_id serves, so that with the trigram indexes on the descriptions
    the whole condition is read from indexes (a subquery there made PostgreSQL test every one of
    the 5,613 subheadings' descriptions: 17-38 ms a search). The chapters and headings (1,324
    short rows) are read whole and matched here: testing them in the database, across the join
    to their chapters, took longer than reading them.
    """
    rows = [
        (code, description.casefold(), (chapter or "").casefold())
        for code, description, chapter in HSHeading.objects.values_list(
            "code", "description", "chapter__description"
        )
    ]
    found = []
    for stem in stems:
        folded = stem.casefold()
        found.append([code for code, own, above in rows if folded in own or folded in above])
    return found


def hs_codes_search(*, text: str = "", limit: int = 20) -> list[HSCode]:
    """HS subheadings by the digits they start with or the words of their description (and
    their heading's and chapter's), best first; each with its heading and chapter loaded.

    Digits ("0306") list the subheadings under them in code order. Words match as substrings of
    their Snowball stems ("shrimps" finds "shrimp", "креветки" finds "креветок"), in English or
    Russian; every word must match. At most a few hundred candidates over 5,613 rows: the
    headings holding the words, one query over the subheadings, then ranked here (the same on
    PostgreSQL and SQLite).
    """
    codes = (
        HSCode.objects.select_related("heading__chapter")
        .exclude(_national_chapters())
        .order_by("code")
    )
    query = search_text.parse(text)
    digits = "".join(text.split())
    if not text.strip():
        return list(codes[:limit])
    if digits.isdigit():
        return list(codes.filter(code__startswith=digits[:6])[:limit])
    stems = [search_text.stem(word) for word in query.words]
    if not stems:
        return []
    condition = Q()
    for stem, headings in zip(stems, _headings_holding(stems), strict=True):
        matched = Q(description__icontains=stem) | _russian_contains(stem)
        if headings:
            matched |= Q(heading_id__in=headings)
        condition &= matched
    for code in query.codes:
        condition &= Q(code__startswith=code)
    # Scored on plain values (hundreds of rows for "machine parts"), then only the best few
    # loaded as objects: three queries whatever the match.
    rows = list(
        codes.filter(condition).values_list(
            "code",
            "description",
            "description_ru",
            "sector",
            "heading__description",
            "heading__chapter__description",
        )
    )
    compiled = [_Stem(stem) for stem in stems]
    rows.sort(key=lambda row: (-_score(row, compiled), row[0]))
    best = [row[0] for row in rows[:limit]]
    loaded = codes.in_bulk(best)
    return [loaded[code] for code in best]
