"""The search text of reports and barriers, and how a query is read: what goes into the text,
how it is normalized, and how a query splits into references, HS codes and words.

Reports and barriers carry a denormalized, lowercased `search_text` column (services.*_refresh
write it with what these functions build). It holds everything a search should find the row by,
in English and Russian: reference, company (reports), regulator, country and kind with their
Russian names, HS codes with their English and Russian descriptions, the row's own text and, for
barriers, the counterpart's text.

How selectors.search reads it:
- PostgreSQL: full-text search on `search_vector`, which a trigger (migration 0028) builds from
  the title and this text with the English and Russian configurations (word forms: "shrimps"
  finds "shrimp", "сертификаты" finds "сертификатов"), ranked by ts_rank; a word also matches as
  a substring of its stem through the trigram index on UPPER(search_text) (migration 0008), so
  part of a name ("Россельхоз") finds "Россельхознадзор".
- SQLite (the embedded default): the substring of each word's Snowball stem (`stem`) in the
  search text, which finds the usual plural and inflected forms; no ranking beyond exact
  references first, then newest first.

Pure functions, no database: the services store what these build, the selectors read a query
with `parse`, and tests can build rows in bulk with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import snowballstemmer

if TYPE_CHECKING:
    from barriers.models import Barrier, Report

# pg_trgm narrows a LIKE through its index only by the pattern's trigrams: a word needs at least
# three characters to have one. Shorter words are left out of a search.
MIN_WORD = 3

# REP-2026-000123, BAR-2026-0007: a reference is matched exactly (and as a substring, for the
# references a report or barrier text may cite).
REFERENCE = re.compile(r"^[a-z]{2,5}-\d{4}-\d{1,8}$")
# A run of two to six digits is an HS chapter, heading or subheading (or the start of one).
HS_PREFIX = re.compile(r"^\d{2,6}$")
TOKEN = re.compile(r"[\w]+(?:[-/.][\w]+)*")
CYRILLIC = re.compile(r"[а-яё]")
# Words too common to narrow a search (full-text search drops them too).
STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "not",
        "are",
        "was",
        "were",
        "but",
        "has",
        "have",
        "had",
        "this",
        "that",
        "these",
        "those",
        "into",
        "its",
        "our",
        "their",
        "they",
        "you",
        "your",
        "all",
        "any",
        "can",
        "will",
        "been",
        "being",
        "who",
        "what",
        "which",
        "when",
        "where",
        "how",
        "than",
        "then",
        "для",
        "что",
        "при",
        "или",
        "без",
        "как",
        "это",
        "его",
        "все",
        "так",
        "уже",
        "они",
        "она",
        "оно",
        "был",
        "была",
        "были",
        "тот",
        "эта",
        "этот",
    ]
)


class _Described(Protocol):
    code: str
    description: str
    description_ru: str


@dataclass(frozen=True)
class Query:
    """A search query read into its parts (all lowercased)."""

    text: str
    references: tuple[str, ...]
    codes: tuple[str, ...]
    words: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.references or self.codes or self.words)


def normalize(text: str) -> str:
    """`text` lowercased with its whitespace collapsed: how search text is stored and queried."""
    return " ".join(text.split()).lower()


def parse(text: str) -> Query:
    """Split a query into references, HS code prefixes and words (three characters or more).

    A single digit or a one- or two-letter word is left out (no index can serve it).
    """
    references: list[str] = []
    codes: list[str] = []
    found: list[str] = []
    for token in TOKEN.findall(normalize(text)):
        if REFERENCE.match(token):
            references.append(token)
        elif HS_PREFIX.match(token):
            codes.append(token)
        elif len(token) >= MIN_WORD and token not in STOPWORDS:
            found.append(token)
    return Query(
        text=normalize(text),
        references=tuple(dict.fromkeys(references)),
        codes=tuple(dict.fromkeys(codes)),
        words=tuple(dict.fromkeys(found)),
    )


def words(text: str) -> list[str]:
    """The distinct words of a query (three characters or more), in order."""
    return list(parse(text).words)


@lru_cache(maxsize=2)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


def stem(word: str) -> str:
    """What a word's forms have in common, to match as a substring: the part of `word` its
    Snowball stem keeps (Russian for Cyrillic, English otherwise; "veterinary" → "veterinar",
    "сертификатов" → "сертификат"), or the word itself when that is shorter than MIN_WORD or the
    word is not alphabetic ("phy-77")."""
    word = word.lower()
    if not word.isalpha():
        return word
    russian = bool(CYRILLIC.search(word))
    stemmed = _stemmer("russian" if russian else "english").stemWord(word)
    same = 0
    while same < min(len(word), len(stemmed)) and word[same] == stemmed[same]:
        same += 1
    kept = word[:same]
    if not russian and kept.endswith("i"):
        kept = kept[:-1]  # "companies" → "compani" → "compan", which "company" holds too
    return kept if len(kept) >= MIN_WORD else word


def _codes_text(hs_codes: Iterable[_Described]) -> list[str]:
    codes = sorted(hs_codes, key=lambda code: code.code)
    return [code.code for code in codes] + [
        part for code in codes for part in (code.description, code.description_ru) if part
    ]


def _reference_text(row: Report | Barrier) -> list[str]:
    """The regulator, country and kind of a report or barrier, in English and Russian."""
    parts: list[str] = []
    regulator = row.regulator
    if regulator is not None:
        parts += [
            regulator.abbreviation,
            regulator.abbreviation_ru,
            regulator.name,
            regulator.name_ru,
        ]
    country = row.destination_country
    if country is not None:
        parts += [country.name, country.name_ru]
    kind = row.barrier_kind
    if kind is not None:
        parts += [kind.name, kind.name_ru]
    return parts


def report_search_text(report: Report, hs_codes: Iterable[_Described]) -> str:
    """What a search finds `report` by: reference, company IEC and name, HS codes and their
    descriptions, application number, title, description, regulator, country and kind.

    Reads the report's company, regulator, destination country and kind: load them with
    select_related when building many.
    """
    company = report.company
    return normalize(
        " ".join(
            [
                report.reference,
                company.iec,
                company.name,
                report.application_number,
                report.title,
                report.description,
                *_reference_text(report),
                *_codes_text(hs_codes),
            ]
        )
    )


def barrier_search_text(
    barrier: Barrier, hs_codes: Iterable[_Described], counterpart_texts: Iterable[str] = ()
) -> str:
    """What a search finds `barrier` by: reference, titles, summaries and asks in English and
    Russian, regulator, country, kind, HS codes with their descriptions, and the counterpart's
    text (the shared text and the exchanges). Never a company's name: officials find barriers by
    company through their reports. Internal text: a public search needs its own."""
    return normalize(
        " ".join(
            [
                barrier.reference,
                barrier.title,
                barrier.title_ru,
                barrier.summary,
                barrier.summary_ru,
                barrier.ask,
                barrier.ask_ru,
                *_reference_text(barrier),
                *_codes_text(hs_codes),
                *counterpart_texts,
            ]
        )
    )


def barrier_public_search_text(barrier: Barrier, hs_codes: Iterable[_Described]) -> str:
    """What the public register's search finds a published barrier by: its reference, public
    title and summary, regulator, country and kind, HS codes with their descriptions. Nothing
    internal, so that no search can tell what an unpublished text says."""
    return normalize(
        " ".join(
            [
                barrier.reference,
                barrier.public_title,
                barrier.public_summary,
                *_reference_text(barrier),
                *_codes_text(hs_codes),
            ]
        )
    )
