"""The public register's reads: published barriers only, and of them only what is public.

What is public (docs/public-register.md): the reference, the public title and summary, the
products (HS codes), the country, the regulator, the sector, the status, the meetings it was on
with their outcome, the number of companies affected, and the names of those companies that
consented to be named when the official chose to name them. Never the internal texts, the
counterpart's texts, notes, statements, scores, trade values or consignments, nor any person.

Every function reads a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from barriers.domain import search_text
from barriers.domain.transitions import BARRIER_ACTIVE
from barriers.models import (
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierStatus,
    HSCode,
    MeetingStatus,
    Outcome,
    PublicStatisticsSnapshot,
    Report,
    ReportStatus,
)
from barriers.selectors.search import _carries_code, _substring

# Every cached public page is keyed by this version; services.publishing bumps it on commit.
PUBLIC_VERSION_KEY = "public-register:version"
# The meetings whose agenda is public: held (or closed) meetings only, not drafts.
PUBLIC_MEETING_STATUSES = (MeetingStatus.HELD, MeetingStatus.CLOSED)
# Within how many meetings of first being raised a resolution counts as quick (statistics).
QUICK_MEETINGS = 2


def public_register_version() -> str:
    """The version every cached public page's key carries (any change bumps it)."""
    version = cache.get(PUBLIC_VERSION_KEY)
    if version is None:
        version = timezone.now().timestamp()
        cache.add(PUBLIC_VERSION_KEY, version, timeout=None)
        version = cache.get(PUBLIC_VERSION_KEY, version)
    return str(version)


@dataclass(frozen=True)
class PublicFilters:
    """The register's filters, already checked (the view's form)."""

    text: str = ""
    country: str = ""  # Country.code
    regulator: str = ""  # Regulator.code
    sector: str = ""
    hs_chapter: str = ""  # two digits
    status: str = ""


def published_barriers() -> QuerySet[Barrier]:
    """Every published barrier, with the rows its public page names, newest change first."""
    return (
        Barrier.objects.filter(published_at__isnull=False)
        .select_related("regulator", "destination_country")
        .only(
            "reference",
            "public_title",
            "public_summary",
            "public_show_companies",
            "published_at",
            "public_changed_at",
            "status",
            "sector",
            "created_at",
            "resolved_at",
            "regulator__code",
            "regulator__name",
            "regulator__name_ru",
            "regulator__abbreviation",
            "destination_country__code",
            "destination_country__name",
            "destination_country__name_ru",
        )
        .prefetch_related(
            Prefetch(
                "hs_codes", queryset=HSCode.objects.only("code", "description").order_by("code")
            )
        )
        .order_by("-public_changed_at", "-id")
    )


def public_barriers_search(*, queryset: QuerySet[Barrier], text: str) -> QuerySet[Barrier]:
    """Published barriers matching `text`, read as the project's search reads it (references,
    HS code prefixes, words by stem) but over the public texts only (public_search_text)."""
    query = search_text.parse(text)
    if not query.text:
        return queryset
    if query.empty:
        return queryset.none()
    condition = Q()
    for reference in query.references:
        condition &= Q(reference=reference.upper())
    for code in query.codes:
        condition &= _carries_code(Barrier, code)
    for word in query.words:
        condition &= Q(public_search_text__icontains=_substring(word))
    return queryset.filter(condition)


def public_barriers_filtered(filters: PublicFilters) -> QuerySet[Barrier]:
    rows = published_barriers()
    if filters.country:
        rows = rows.filter(destination_country_id=filters.country)
    if filters.regulator:
        rows = rows.filter(regulator_id=filters.regulator)
    if filters.sector:
        rows = rows.filter(sector=filters.sector)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.hs_chapter:
        rows = rows.filter(_carries_code(Barrier, filters.hs_chapter))
    return public_barriers_search(queryset=rows, text=filters.text)


def public_barrier_get(*, reference: str) -> Barrier | None:
    """The published barrier with this reference, or None (unpublished or unknown alike)."""
    return published_barriers().filter(reference=reference.upper()).first()


@dataclass
class PublicMeeting:
    code: str
    date: date
    outcome: str  # an Outcome value, "" when none recorded

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label) if self.outcome else ""


@dataclass
class PublicFacts:
    """What a published barrier's page and the downloads show besides the barrier's row."""

    companies_affected: int = 0
    companies_named: list[str] = field(default_factory=list)
    meetings: list[PublicMeeting] = field(default_factory=list)


def public_facts(barriers: list[Barrier]) -> dict[int, PublicFacts]:
    """Per barrier: companies affected (a count of the companies of its accepted reports), the
    consenting companies' names when the official chose to name them, and the held meetings it
    was on with their outcome. Two queries, whatever the number of barriers."""
    facts: dict[int, PublicFacts] = {barrier.pk: PublicFacts() for barrier in barriers}
    if not facts:
        return facts
    naming = {barrier.pk for barrier in barriers if barrier.public_show_companies}
    companies = (
        Report.objects.filter(barrier_id__in=facts, status=ReportStatus.ACCEPTED)
        .values("barrier_id", "company_id", "company__name", "consent_to_publish")
        .order_by("barrier_id", "company__name", "company_id")
    )
    seen: dict[int, dict[int, bool]] = defaultdict(dict)
    names: dict[int, dict[int, str]] = defaultdict(dict)
    for row in companies:
        barrier_id, company_id = row["barrier_id"], row["company_id"]
        # A company is named only when every one of its reports on the barrier consented.
        consented = seen[barrier_id].get(company_id, True) and row["consent_to_publish"]
        seen[barrier_id][company_id] = consented
        names[barrier_id][company_id] = row["company__name"]
    for barrier_id, companies_seen in seen.items():
        facts[barrier_id].companies_affected = len(companies_seen)
        if barrier_id in naming:
            facts[barrier_id].companies_named = sorted(
                names[barrier_id][company_id]
                for company_id, consented in companies_seen.items()
                if consented
            )
    items = (
        AgendaItem.objects.filter(
            barrier_id__in=facts,
            section=AgendaSection.AGENDA,
            meeting__status__in=PUBLIC_MEETING_STATUSES,
        )
        .values("barrier_id", "meeting__code", "meeting__date", "outcome")
        .order_by("barrier_id", "meeting__date", "meeting__code")
    )
    for item in items:
        facts[item["barrier_id"]].meetings.append(
            PublicMeeting(
                code=item["meeting__code"], date=item["meeting__date"], outcome=item["outcome"]
            )
        )
    return facts


@dataclass
class PublicStatistics:
    open_by_regulator: list[tuple[str, int]]
    open_by_country: list[tuple[str, int]]
    median_days_pending: float | None
    median_days_by_regulator: list[tuple[str, float]]
    resolved_by_quarter: list[tuple[str, int]]
    raised: int  # published barriers raised at a held meeting
    resolved_quickly: int  # of those, resolved at their first or second meeting
    published: int
    # Per meeting where barriers were first raised: (meeting, resolved within two meetings,
    # not resolved within two meetings), in the meetings' order.
    quick_by_meeting: list[tuple[str, int, int]] = field(default_factory=list)
    # When these figures were worked out (None: just now, not from a snapshot).
    computed_at: datetime | None = None

    @property
    def quick_share(self) -> float | None:
        return self.resolved_quickly / self.raised if self.raised else None

    def as_json(self) -> dict[str, Any]:
        """The figures as JSON values (a PublicStatisticsSnapshot keeps them)."""
        return {
            "open_by_regulator": [list(pair) for pair in self.open_by_regulator],
            "open_by_country": [list(pair) for pair in self.open_by_country],
            "median_days_pending": self.median_days_pending,
            "median_days_by_regulator": [list(pair) for pair in self.median_days_by_regulator],
            "resolved_by_quarter": [list(pair) for pair in self.resolved_by_quarter],
            "raised": self.raised,
            "resolved_quickly": self.resolved_quickly,
            "published": self.published,
            "quick_by_meeting": [list(row) for row in self.quick_by_meeting],
        }

    @classmethod
    def from_json(cls, figures: dict[str, Any], computed_at: datetime) -> PublicStatistics:
        return cls(
            open_by_regulator=[(str(a), int(b)) for a, b in figures["open_by_regulator"]],
            open_by_country=[(str(a), int(b)) for a, b in figures["open_by_country"]],
            median_days_pending=figures["median_days_pending"],
            median_days_by_regulator=[
                (str(a), float(b)) for a, b in figures["median_days_by_regulator"]
            ],
            resolved_by_quarter=[(str(a), int(b)) for a, b in figures["resolved_by_quarter"]],
            raised=int(figures["raised"]),
            resolved_quickly=int(figures["resolved_quickly"]),
            published=int(figures["published"]),
            quick_by_meeting=[
                (str(a), int(b), int(c)) for a, b, c in figures.get("quick_by_meeting", [])
            ],
            computed_at=computed_at,
        )


def _quarter(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


def public_statistics_compute() -> PublicStatistics:
    """The statistics page's figures, over published barriers only: six queries.

    They read every published barrier and its reports, so the page does not call this: it
    shows the last PublicStatisticsSnapshot, which a worker rebuilds when the register changes
    and every hour (services.publishing.public_statistics_rebuild)."""
    published = Barrier.objects.filter(published_at__isnull=False)
    active = published.filter(status__in=BARRIER_ACTIVE)
    by_regulator = (
        active.values("regulator__abbreviation", "regulator__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "regulator__name")
    )
    by_country = (
        active.values("destination_country__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "destination_country__name")
    )
    today = timezone.localdate()
    pending: list[int] = []
    pending_by_regulator: dict[str, list[int]] = defaultdict(list)
    reports = Report.objects.filter(
        barrier__published_at__isnull=False,
        barrier__status__in=BARRIER_ACTIVE,
        status=ReportStatus.ACCEPTED,
    ).values_list(
        "barrier__regulator__abbreviation",
        "barrier__regulator__name",
        "applied_on",
        "decision_received_on",
    )
    for abbreviation, name, applied_on, decided_on in reports.iterator(chunk_size=2000):
        days = max(((decided_on or today) - applied_on).days, 0)
        pending.append(days)
        pending_by_regulator[abbreviation or name or ""].append(days)
    quarters: dict[str, int] = defaultdict(int)
    for resolved_at in published.filter(
        status=BarrierStatus.RESOLVED, resolved_at__isnull=False
    ).values_list("resolved_at", flat=True):
        if resolved_at is not None:
            quarters[_quarter(resolved_at)] += 1
    appearances: dict[int, list[str]] = defaultdict(list)
    first_meeting: dict[int, str] = {}
    meeting_order: list[str] = []
    for barrier_id, meeting_code, outcome in (
        AgendaItem.objects.filter(
            barrier__published_at__isnull=False,
            section=AgendaSection.AGENDA,
            meeting__status__in=PUBLIC_MEETING_STATUSES,
        )
        .values_list("barrier_id", "meeting__code", "outcome")
        .order_by("meeting__date", "meeting__code", "barrier_id")
    ):
        appearances[barrier_id].append(outcome)
        first_meeting.setdefault(barrier_id, meeting_code)
        if not meeting_order or meeting_order[-1] != meeting_code:
            meeting_order.append(meeting_code)
    quick_ones = {
        barrier_id
        for barrier_id, outcomes in appearances.items()
        if Outcome.RESOLVED in outcomes[:QUICK_MEETINGS]
    }
    by_meeting: dict[str, list[int]] = {}
    for barrier_id, meeting_code in first_meeting.items():
        counts = by_meeting.setdefault(meeting_code, [0, 0])
        counts[0 if barrier_id in quick_ones else 1] += 1
    quick = len(quick_ones)
    return PublicStatistics(
        # Charts label a regulator by its abbreviation (the names are long), else its name.
        open_by_regulator=[
            (row["regulator__abbreviation"] or row["regulator__name"] or "", row["count"])
            for row in by_regulator
        ],
        open_by_country=[
            (row["destination_country__name"] or "", row["count"]) for row in by_country
        ],
        median_days_pending=statistics.median(pending) if pending else None,
        median_days_by_regulator=sorted(
            ((name, float(statistics.median(days))) for name, days in pending_by_regulator.items()),
            key=lambda pair: (-pair[1], pair[0]),
        ),
        resolved_by_quarter=sorted(quarters.items()),
        raised=len(appearances),
        resolved_quickly=quick,
        published=published.count(),
        quick_by_meeting=[
            (code, by_meeting[code][0], by_meeting[code][1])
            for code in meeting_order
            if code in by_meeting
        ],
    )


def public_statistics_snapshot() -> tuple[PublicStatistics, str] | None:
    """The last figures a worker worked out, with the register version they were taken at; None
    before the first build. One query."""
    snapshot = PublicStatisticsSnapshot.objects.order_by("-computed_at").first()
    if snapshot is None:
        return None
    return PublicStatistics.from_json(snapshot.figures, snapshot.computed_at), snapshot.version


def public_sitemap_rows() -> QuerySet[Barrier]:
    """The published barriers' references and last public change, for the sitemap."""
    return (
        Barrier.objects.filter(published_at__isnull=False)
        .only("reference", "public_changed_at")
        .order_by("reference")
    )


def public_feed_rows(limit: int = 50) -> list[Barrier]:
    """The latest public changes (the Atom feed)."""
    return list(published_barriers()[:limit])


def public_export_rows(barriers: list[Barrier]) -> list[dict[str, Any]]:
    """The open data rows of the register, in the documented column order."""
    facts = public_facts(barriers)
    rows = []
    for barrier in barriers:
        fact = facts[barrier.pk]
        rows.append(
            {
                "reference": barrier.reference,
                "title": barrier.public_title,
                "summary": barrier.public_summary,
                "status": barrier.status,
                "status_label": str(BarrierStatus(barrier.status).label),
                "sector": barrier.sector,
                "country": barrier.destination_country_id or "",
                "country_name": barrier.destination_country.name
                if barrier.destination_country
                else "",
                "regulator": barrier.regulator_id or "",
                "regulator_name": barrier.regulator.name if barrier.regulator else "",
                "hs_codes": [code.code for code in barrier.hs_codes.all()],
                "companies_affected": fact.companies_affected,
                "companies_named": fact.companies_named,
                "meetings": [
                    {"meeting": m.code, "date": m.date.isoformat(), "outcome": m.outcome}
                    for m in fact.meetings
                ],
                "published_at": barrier.published_at.isoformat() if barrier.published_at else "",
                "last_changed_at": barrier.public_changed_at.isoformat()
                if barrier.public_changed_at
                else "",
                "resolved_at": barrier.resolved_at.isoformat() if barrier.resolved_at else "",
            }
        )
    return rows
