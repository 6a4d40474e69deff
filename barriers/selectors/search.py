"""Searching reports and barriers by words, references and HS codes, in English and Russian.

What goes into the searched text and how a query is read: barriers.domain.search_text.

A query's parts must all match:
- a reference (REP-2026-000123) matches that row exactly, or a row whose text cites it;
- two to six digits match an HS code of the row that starts with them (a chapter "03", a
  heading "0306", a subheading), or the digits in its text (an IEC, an application number);
- a word matches, on PostgreSQL, through full-text search with the English and Russian
  configurations ("shrimps" finds "shrimp", "сертификаты" finds "сертификат") or as a substring
  of its stem through the trigram index ("Россельхоз" finds "Россельхознадзор"); on SQLite as a
  substring of its Snowball stem. A Russian word with a fleeting vowel (креветки, креветок) is
  matched by the root its forms share ("кревет"), on both databases.

`*_search` return the queryset filtered and annotated with `search_rank` (higher is better):
an exact reference first, then rows carrying the HS code asked for, then PostgreSQL's ts_rank
of the words (title words weigh more). docs/search.md tells the whole story.
Callers that show a list ordered by relevance call `search_best_first` (the order `SEARCH_ORDER`); the
filter alone never changes the caller's ordering.

Ranking is bounded on PostgreSQL (`search_best_first`): a common word matches an eighth of the reports,
and ranking every match read every matching row (12,500 at 100,000 reports, 125,000 at a
million). A list ordered by relevance ranks the candidates instead: the newest NEWEST_MATCHES
matches, the newest STRONG_MATCHES whose title holds every word (and any word, for a query of
several), carry the HS codes asked for, or are the reference asked for. Each set is read
newest first through the ("-created_at", "-id") index, or through the GIN index when the words
are rare, so the work stays the same as the table grows; the best match still comes first (the
title holding the words, the exact reference, the HS code). Sort by filing date to list every
match.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    Model,
    Q,
    QuerySet,
    Value,
    When,
)

from barriers.domain import search_text
from barriers.models import (
    Barrier,
    Report,
)

M = TypeVar("M", Report, Barrier)
Row = TypeVar("Row", bound=Model)  # a searched model, as generic callers (the admin) hold it

# Best first, then newest: what a list ordered by relevance uses.
SEARCH_ORDER = ("-search_rank", "-created_at", "-pk")
EXACT_REFERENCE_BONUS = 10.0
# A row that carries the HS code asked for, above one whose text merely has those digits (ts_rank
# stays well below 1).
CODE_BONUS = 1.0
# The bounded ranking of `search_best_first`: the newest matches of each kind it ranks. A common word's
# newest matches are found by reading the newest rows until enough match (eight rows a match for
# a word in one report out of eight), so these stay small; the first pages need 25 to 100 rows.
NEWEST_MATCHES = 100
STRONG_MATCHES = 100
# A query of more words than this ranks by every word and by any word alone.
MOST_WORDS_TIERED = 6
# Columns no page reads: a list ordered by relevance sorts every match with its columns, and
# these (the search text and the documents, over 1 KB a row) would make that sort spill to disk.
UNREAD = ("search_text", "search_tokens", "search_vector", "title_vector")


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _word_query(word: str) -> SearchQuery:
    """The word in either configuration: English for the English fields (weight A), Russian for
    the search text (whose Latin words it stems as English does)."""
    return SearchQuery(word, config="english", search_type="plain") | SearchQuery(
        word, config="russian", search_type="plain"
    )


# Russian nouns whose stem ends in a consonant and к or ц drop a vowel in some forms: креветка,
# креветки — креветок; образцы — образец. Snowball stems them apart ("креветк", "креветок"),
# so such a word is matched by the part every form shares ("кревет").
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяйьъ")
_FLEETING_MIN = search_text.MIN_WORD


def _fleeting_root(word: str) -> str | None:
    """The part all forms of a Russian word with a fleeting vowel share, or None."""
    stem = search_text.stem(word)
    if not search_text.CYRILLIC.search(stem) or not stem.isalpha():
        return None
    root = None
    if len(stem) >= 3 and stem[-1] in "кц" and stem[-2] not in _CYRILLIC_VOWELS:
        root = stem[:-1]  # креветк → кревет, образц → образ
    elif (
        len(stem) >= 4
        and stem[-2:] in ("ок", "ек", "ёк", "ец")
        and stem[-3] not in _CYRILLIC_VOWELS
    ):
        root = stem[:-2]  # креветок → кревет, образец → образ
    if root is None or len(root) < _FLEETING_MIN:
        return None
    return root


def _substring_field() -> str:
    """The text a substring is matched in: on PostgreSQL the row's words that hold more than
    letters (search_tokens, trigram-indexed; a word of letters alone is matched by full-text
    search there, never as a substring), on SQLite the whole search text."""
    return "search_tokens" if _postgresql() else "search_text"


def _contains(text: str) -> Q:
    """Rows whose text holds `text` (ignoring case)."""
    return Q(**{f"{_substring_field()}__icontains": text})


def _substring(word: str) -> str:
    """What `word` is matched by as a substring of the search text."""
    return _fleeting_root(word) or search_text.stem(word)


def _prefix_query(root: str) -> SearchQuery:
    """Lexemes starting with `root` ("кревет:*" matches "креветк" and "креветок"); `root` must
    be letters only (callers check), which is safe in a raw tsquery."""
    return SearchQuery(f"{root}:*", config="simple", search_type="raw")


def _word_q(word: str) -> Q:
    """A word of letters matches, on PostgreSQL, through the full-text index alone: its forms in
    either configuration, or a lexeme starting with its root (part of a name: "Россельхоз").
    Anything else ("phy-77", an IEC, a word on SQLite) matches as a substring of the text."""
    if _postgresql() and word.isalpha():
        return Q(search_vector=_ranked_query(word))
    substring = _contains(_substring(word))
    if _postgresql():
        return Q(search_vector=_word_query(word)) | substring
    return substring


def _ranked_query(word: str) -> SearchQuery:
    """The word's full-text query for ranking: its forms, and the words starting with its root
    (the fleeting-vowel root, else its stem), so that part of a name ("Россельхоз") or a form
    Snowball stems apart ranks too rather than only matching as a substring."""
    query = _word_query(word)
    root = _fleeting_root(word) or search_text.stem(word)
    if root.isalpha() and len(root) >= search_text.MIN_WORD:
        query = query | _prefix_query(root)
    return query


def _carries_code(model: type[Model], code: str) -> Q:
    """Rows with an HS code starting with `code`."""
    field = model._meta.get_field("hs_codes")
    through = field.remote_field.through  # type: ignore[union-attr]
    # The through table's key to `model`'s rows (proxies such as the triage queue included).
    owner = f"{field.m2m_field_name()}_id"  # type: ignore[union-attr]
    return Q(pk__in=through.objects.filter(hscode__code__startswith=code).values(owner))


def _number_starting(code: str) -> Q:
    """Text holding a number that starts with the digits `code` (an IEC, an application number,
    a reference's counter), not the digits inside a longer number: "1006" is not found in
    REP-2026-001006 or in IEC 0310061234. The substring condition is the one the trigram index
    serves; the pattern (digits only, so safe in a regular expression) rechecks its rows."""
    return _contains(code) & Q(**{f"{_substring_field()}__regex": rf"(^|[^0-9]){code}"})


def _code_q(model: type[Model], code: str) -> Q:
    has_code = _carries_code(model, code)
    if len(code) >= search_text.MIN_WORD:
        return has_code | _number_starting(code)
    return has_code


def _condition(model: type[Model], query: search_text.Query) -> Q:
    condition = Q()
    for reference in query.references:
        condition &= Q(reference=reference.upper()) | _contains(reference)
    for code in query.codes:
        condition &= _code_q(model, code)
    for word in query.words:
        condition &= _word_q(word)
    return condition


def _rank(model: type[Model], query: search_text.Query) -> Any:
    """An exact reference first; then rows that carry the HS codes asked for (rather than
    citing the digits in their text); then, on PostgreSQL, ts_rank of the words in the title."""
    rank: Any = Value(0.0)
    if query.references:
        rank = Case(
            When(
                Q(*[Q(reference=ref.upper()) for ref in query.references], _connector=Q.OR),
                then=Value(EXACT_REFERENCE_BONUS),
            ),
            default=Value(0.0),
            output_field=FloatField(),
        )
    if query.codes:
        carries = Q()
        for code in query.codes:
            carries &= _carries_code(model, code)
        rank = rank + Case(
            When(carries, then=Value(CODE_BONUS)), default=Value(0.0), output_field=FloatField()
        )
    if _postgresql() and query.words:
        words = _ranked_query(query.words[0])
        for word in query.words[1:]:
            words = words | _ranked_query(word)
        # The title words alone (title_vector): a row whose title has the words ranks above one
        # whose other text has them, and ranking does not unpack each row's whole document.
        rank = rank + SearchRank(F("title_vector"), words)
    return rank


def _search(model: type[M], queryset: QuerySet[M], text: str) -> QuerySet[M]:
    query = search_text.parse(text)
    if not query.text:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    if query.empty:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    found = queryset.filter(_condition(model, query)).annotate(search_rank=_rank(model, query))
    if getattr(found, "_fields", None) is None:  # rows, not .values(): leave the documents be
        found = found.defer(*UNREAD)
    return found


def _strong(model: type[Model], query: search_text.Query) -> list[Q]:
    """What makes a match rank high: the reference asked for, the HS codes asked for, every word
    in the title, all words but one, any word in the title."""
    strong: list[Q] = []
    if query.references:
        strong.append(Q(reference__in=[reference.upper() for reference in query.references]))
    if query.codes:
        carries = Q()
        for code in query.codes:
            carries &= _carries_code(model, code)
        strong.append(carries)
    # The words in `title_vector` (its own GIN index, migration 0053), as the rank reads them.
    titled = [Q(title_vector=_ranked_query(word)) for word in query.words]
    if titled:
        strong.append(Q(*titled))
        if 2 < len(titled) <= MOST_WORDS_TIERED:
            # All the words but one ("rosselkhoznadzor shrimp certificates questioned" when the
            # regulator is named in the description only).
            strong += [Q(*titled[:left], *titled[left + 1 :]) for left in range(len(titled))]
        if len(titled) > 1:
            strong.append(Q(*titled, _connector=Q.OR))
    return strong


def _strong_first(queryset: QuerySet[Row], condition: Q) -> QuerySet[Row]:
    """`queryset` narrowed by `condition`, tested first: read newest first, a row whose small
    title vector lacks the words is passed over before its whole document is unpacked for the
    search condition (`&` keeps the left side's conditions first). A distinct queryset cannot be
    combined so: it is filtered."""
    if queryset.query.distinct or queryset.query.is_sliced:
        return queryset.filter(condition)
    return queryset.model._base_manager.filter(condition) & queryset.order_by()


def search_best_first(*, queryset: QuerySet[Row], text: str) -> QuerySet[Row]:
    """`queryset`, searched for `text` by `*_search` (and filtered as the caller wishes), best
    match first (`SEARCH_ORDER`).

    On PostgreSQL only a bounded set of candidates is ranked and listed (`search_candidates`);
    on SQLite every match, ranked. A caller that shows how many rows match counts `queryset`
    itself, not this.
    """
    found = search_candidates(queryset=queryset, text=text)
    if found is None:
        return queryset.order_by(*SEARCH_ORDER)
    return queryset.filter(pk__in=found).order_by(*SEARCH_ORDER)


def search_candidates(*, queryset: QuerySet[Row], text: str) -> list[Any] | None:
    """The keys of the matches `search_best_first` ranks and lists, or None when it ranks every
    match (SQLite, or nothing to search for).

    On PostgreSQL, found in one query (the module's docstring): every match when there are at
    most NEWEST_MATCHES, else the newest of them and the strongest (reference, HS code, title),
    newest first.
    """
    query = search_text.parse(text)
    if not _postgresql() or not query.text or query.empty:
        return None
    newest = ("-created_at", "-pk")
    keys = queryset.order_by(*newest).values("pk")[:NEWEST_MATCHES]
    strong = [
        _strong_first(queryset, condition).order_by(*newest).values("pk")[:STRONG_MATCHES]
        for condition in _strong(queryset.model, query)
    ]
    candidates = keys.union(*strong) if strong else keys
    # Read once here: the count, the page's keys and its rows then look these rows up by key.
    return list(candidates.values_list("pk", flat=True))


def reports_search(*, queryset: QuerySet[Report], text: str) -> QuerySet[Report]:
    """Reports in `queryset` matching `text`: reference, title, description, company name or
    IEC, application number, regulator, country and kind in English and Russian, HS codes and
    their descriptions. Blank text leaves the queryset as it is."""
    return _search(Report, queryset, text)


def barriers_search(*, queryset: QuerySet[Barrier], text: str) -> QuerySet[Barrier]:
    """Barriers in `queryset` matching `text`: reference, titles, summaries and asks in English
    and Russian, regulator, country, kind, HS codes and descriptions, the counterpart's text."""
    return _search(Barrier, queryset, text)
