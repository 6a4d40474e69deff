"""Reference data lookups: the HS nomenclature."""

from __future__ import annotations

import re

from django.db.models import Q

from barriers.domain import search_text
from barriers.domain.report_rules import HS_NATIONAL_CHAPTERS
from barriers.models import HSCode


def _score(code: HSCode, stems: list[str]) -> float:
    """How well `code` matches the query's word stems: a form of the word in the subheading's
    own description counts most, then a word it starts, then inside a word; its heading's or
    chapter's words add to that (raw cotton in the cotton chapter before cotton seeds);
    agri and marine goods (the project's own) come before other goods at equal fit."""
    own = f"{code.description} {code.description_ru}".lower()
    heading = code.heading
    chapter = heading.chapter if heading is not None else None
    # The words above it: its heading's, then its chapter's.
    above = [row.description.lower() for row in (heading, chapter) if row is not None]
    score = 0.0
    for stem in stems:
        if re.search(rf"(?<!\w){re.escape(stem)}\w{{0,3}}(?!\w)", own):
            score += 4  # a form of the word itself: "grape" finds "grapes" before "grapefruit"
        elif re.search(rf"(?<!\w){re.escape(stem)}", own):
            score += 3
        elif stem in own:
            score += 2
        # Each level above that holds the word too (or only): goods at its centre come first.
        score += sum(1 for text in above if stem in text)
    return score + (0.5 if code.sector else 0.0) + (0.25 if code.description_ru else 0.0)


def _national_chapters() -> Q:
    """Codes of the chapters left to national use (no HS subheading; filing refuses them)."""
    return Q(*[Q(code__startswith=chapter) for chapter in HS_NATIONAL_CHAPTERS], _connector=Q.OR)


def _russian_contains(stem: str) -> Q:
    """`stem` in the Russian description, whatever the case of its first letter: SQLite's LIKE
    folds the case of ASCII letters only, so "рис" would miss "Рис полуобрушенный" there."""
    found = Q(description_ru__icontains=stem)
    if not stem.isascii():
        found |= Q(description_ru__contains=stem[:1].upper() + stem[1:])
    return found


def hs_codes_search(*, text: str = "", limit: int = 20) -> list[HSCode]:
    """HS subheadings by the digits they start with or the words of their description (and
    their heading's and chapter's), best first; each with its heading and chapter loaded.

    Digits ("0306") list the subheadings under them in code order. Words match as substrings of
    their Snowball stems ("shrimps" finds "shrimp", "креветки" finds "креветок"), in English or
    Russian; every word must match. At most a few hundred candidates over 5,613 rows: one query,
    then ranked here (the same on PostgreSQL and SQLite).
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
    for stem in stems:
        condition &= (
            Q(description__icontains=stem)
            | _russian_contains(stem)
            | Q(heading__description__icontains=stem)
            | Q(heading__chapter__description__icontains=stem)
        )
    for code in query.codes:
        condition &= Q(code__startswith=code)
    found = list(codes.filter(condition))
    found.sort(key=lambda code: (-_score(code, stems), code.code))
    return found[:limit]
