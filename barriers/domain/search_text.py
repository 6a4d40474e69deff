"""The search text of reports and barriers: what goes into it and how it is normalized.

Reports and barriers carry a denormalized, lowercased `search_text` column that the admin's and
the API's search reads (selectors.reports_search, barriers_search). One column means one index:
on PostgreSQL a trigram GIN index on `UPPER(search_text)` (migration
0008_search_trigram_indexes) serves a search across the row, its company and its HS codes
without scanning the table, which an OR over joined columns never could.

Pure functions, no database: the services store what these build (services.*_refresh), the
selectors normalize a query the same way, and tests can build rows in bulk with them.

What the planner does with it (PostgreSQL 15, measured on 100,000 reports): a word in one report
in twenty ("shrimp") is a Bitmap Index Scan on report_search_trgm_idx, about 20 ms for the first
page; a reference about 3 ms. A word in a quarter of the reports or more is read by a scan of the
table (the cheapest plan for so many rows, about 150-300 ms); below roughly 20,000 reports the
planner also scans the small table for common words. Words of one or two characters have no
trigram and are left out; a query of only such words matches an HS chapter prefix ("03").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from barriers.models import Barrier, Report

# pg_trgm narrows a LIKE through its index only by the pattern's trigrams: a word needs at least
# three characters to have one. Shorter words are left out of a search.
MIN_WORD = 3


def normalize(text: str) -> str:
    """`text` lowercased with its whitespace collapsed: how search text is stored and queried."""
    return " ".join(text.split()).lower()


def words(text: str) -> list[str]:
    """The distinct words of a query that an index can serve, in order."""
    return list(dict.fromkeys(word for word in normalize(text).split() if len(word) >= MIN_WORD))


def report_search_text(report: Report, hs_codes: Iterable[str]) -> str:
    """What the admin searches for `report`: reference, company IEC and name, HS codes, text.

    Reads `report.company`: load it with select_related when building many.
    """
    company = report.company
    return normalize(
        " ".join(
            [
                report.reference,
                company.iec,
                *sorted(hs_codes),
                company.name,
                report.application_number,
                report.title,
                report.description,
            ]
        )
    )


def barrier_search_text(barrier: Barrier, hs_codes: Iterable[str]) -> str:
    """What the admin searches for `barrier`: reference, HS codes, titles and summary."""
    return normalize(
        " ".join(
            [barrier.reference, *sorted(hs_codes), barrier.title, barrier.title_ru, barrier.summary]
        )
    )
