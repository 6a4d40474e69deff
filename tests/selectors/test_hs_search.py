"""The HS code search matches a word in a subheading's own descriptions or in those of its
heading and chapter, whichever way the database finds them (migration 0057 and the headings
passed as a list of codes): the same subheadings as the plain condition over the joins."""

from __future__ import annotations

import pytest
from django.db.models import Q

from barriers import selectors
from barriers.domain import search_text
from barriers.models import HSCode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def _expected(text: str) -> set[str]:
    """Every subheading the words match, by the plain condition over the joins."""
    condition = Q()
    for word in search_text.parse(text).words:
        stem = search_text.stem(word)
        condition &= (
            Q(description__icontains=stem)
            | Q(description_ru__icontains=stem)
            # SQLite folds the case of ASCII letters only: "Креветки" at the start of a text.
            | Q(description_ru__contains=stem[:1].upper() + stem[1:])
            | Q(heading__description__icontains=stem)
            | Q(heading__chapter__description__icontains=stem)
        )
    national = Q(code__startswith="98") | Q(code__startswith="99")
    return set(HSCode.objects.filter(condition).exclude(national).values_list("code", flat=True))


@pytest.mark.parametrize(
    "text",
    [
        "invertebrates",  # chapter 03's description only, for most of its subheadings
        "crustaceans",  # heading 0306's, and some subheadings' own
        "frozen shrimps",
        "raw cane sugar",
        "Coffee",  # the case of the query does not matter
        "мороженые креветки",
    ],
)
def test_every_subheading_the_words_match_is_found(text: str) -> None:
    expected = _expected(text)
    assert expected, text  # the nomenclature (migration 0027) holds matches for each
    found = {code.code for code in selectors.hs_codes_search(text=text, limit=10_000)}
    assert found == expected


def test_a_word_of_the_chapter_alone_finds_subheadings_whose_own_text_lacks_it() -> None:
    found = {code.code for code in selectors.hs_codes_search(text="invertebrates", limit=10_000)}
    shrimps = HSCode.objects.select_related("heading").get(code="030617")
    assert "invertebrates" not in f"{shrimps.description} {shrimps.heading.description}".lower()
    assert "030617" in found  # frozen shrimps: "invertebrates" is chapter 03's word
