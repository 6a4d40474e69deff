"""Barriers: the companies' confirmations of a fix, who hears of a move, figures, duplicate suggestions, the public summary and the officials' scoped list."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    Field,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from barriers.models import (
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierShare,
    Company,
    FixConfirmation,
    HSCode,
    Regulator,
    Report,
    ReportStatus,
    User,
)
from barriers.selectors.reports import counted_figures


def barrier_fix_answer(*, viewer: User, barrier: Barrier) -> FixConfirmation | None:
    """The viewer's company's latest answer on whether the barrier's fix holds, if given since
    the barrier was last resolved (written by services.barrier_confirm_fix)."""
    if viewer.company_id is None or barrier.resolved_at is None:
        return None
    return FixConfirmation.objects.filter(
        barrier=barrier, company_id=viewer.company_id, answered_at__gte=barrier.resolved_at
    ).first()


def barrier_fix_confirmed_at(*, viewer: User, barrier: Barrier) -> dt.datetime | None:
    """When the viewer's company last told officials that the barrier's fix holds, if since
    the barrier was resolved and that is still its answer."""
    answer = barrier_fix_answer(viewer=viewer, barrier=barrier)
    return answer.answered_at if answer is not None and answer.fixed else None


@dataclass(frozen=True)
class FixTally:
    """The companies' answers on a resolved barrier, since it was last resolved."""

    fixed: tuple[FixConfirmation, ...]
    not_fixed: tuple[FixConfirmation, ...]
    waiting: int  # companies with an accepted report that have not answered

    @property
    def summary(self) -> str:
        """Such as "3 companies confirmed fixed, 1 says not fixed"."""
        yes, no = len(self.fixed), len(self.not_fixed)
        parts = [
            f"{yes} {'company' if yes == 1 else 'companies'} confirmed fixed",
            f"{no} {'says' if no == 1 else 'say'} not fixed",
        ]
        if self.waiting:
            parts.append(f"{self.waiting} not answered yet")
        return ", ".join(parts)


def barrier_fix_tally(*, barrier: Barrier) -> FixTally | None:
    """Each company's latest answer to "is it fixed?" since the barrier was last resolved; None
    when it was never resolved. Two queries."""
    if barrier.resolved_at is None:
        return None
    answers = list(
        FixConfirmation.objects.filter(barrier=barrier, answered_at__gte=barrier.resolved_at)
        .select_related("company", "answered_by")
        .order_by("company__name", "pk")
    )
    companies = (
        Report.objects.filter(barrier=barrier, status=ReportStatus.ACCEPTED)
        .values("company_id")
        .distinct()
        .count()
    )
    answered = {answer.company_id for answer in answers}
    return FixTally(
        fixed=tuple(a for a in answers if a.fixed),
        not_fixed=tuple(a for a in answers if not a.fixed),
        waiting=max(companies - len(answered), 0),
    )


@dataclass(frozen=True)
class LifecycleAudience:
    """Who is told when officials move a barrier: its companies and, if it is shared, the
    counterpart (its regulator's focal points)."""

    companies: tuple[Company, ...]
    regulator: Regulator | None  # set only while the barrier is shared with it
    focal_points: int


def barrier_lifecycle_audience(*, barrier: Barrier) -> LifecycleAudience:
    """The companies with an accepted report on the barrier, and the regulator it is shared with
    (with how many active focal points), as the lifecycle e-mails reach them. Three queries."""
    companies = tuple(
        Company.objects.filter(reports__barrier=barrier, reports__status=ReportStatus.ACCEPTED)
        .distinct()
        .order_by("name", "pk")
    )
    share = (
        BarrierShare.objects.filter(barrier=barrier, unshared_at__isnull=True)
        .select_related("regulator")
        .first()
    )
    if share is None:
        return LifecycleAudience(companies=companies, regulator=None, focal_points=0)
    focal_points = User.objects.filter(regulator_id=share.regulator_id, is_active=True).count()
    return LifecycleAudience(
        companies=companies, regulator=share.regulator, focal_points=focal_points
    )


def barrier_figures(*, barrier: Barrier) -> dict[str, object]:
    """Companies affected, trade value, consignments and longest wait of a barrier's reports.

    One query. The longest wait counts, per report, from the application to the decision, or to
    today while there is none (Report.days_pending). Beside the declared trade value: how many
    reports have verified figures, their verified value, and what the agenda score counts.
    """
    from django.db.models import DateField, DurationField, ExpressionWrapper, Max
    from django.utils import timezone

    from barriers.models import ReportStatus

    today = timezone.localdate()
    counted_value, counted_consignments = counted_figures()
    waited = ExpressionWrapper(
        Coalesce("decision_received_on", Value(today, output_field=DateField())) - F("applied_on"),
        output_field=DurationField(),
    )
    figures = Report.objects.filter(barrier_id=barrier.pk).aggregate(
        reports=Count("pk"),
        companies=Count("company_id", distinct=True),
        trade_value=Coalesce(
            Sum("trade_value_usd"),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=16, decimal_places=2),
        ),
        consignments=Coalesce(Sum("consignments_affected"), Value(0)),
        longest_wait=Max(waited),
        verified_reports=Count("pk", filter=Q(figures_verified_at__isnull=False)),
        trade_value_verified=Coalesce(
            Sum("verified_trade_value_usd"),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=16, decimal_places=2),
        ),
        # What the agenda score counts: accepted reports, verified or declared up to the cap.
        trade_value_scored=Coalesce(
            Sum(counted_value, filter=Q(status=ReportStatus.ACCEPTED)),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=16, decimal_places=2),
        ),
        consignments_counted=Coalesce(
            Sum(counted_consignments, filter=Q(status=ReportStatus.ACCEPTED)), Value(0)
        ),
    )
    longest = figures.pop("longest_wait")
    figures["longest_days_pending"] = max(longest.days, 0) if longest is not None else 0
    return figures


def barrier_duplicate_candidates(*, report: Report, limit: int = 5) -> list[Barrier]:
    """Active barriers that likely describe the same problem as `report`, best first.

    Same regulator or country is required; the same kind, shared HS codes and similar words
    add to the score (`match_score`, with `match_reasons` for the page). Similar words: the
    share of the report's words the barrier's search text holds (full-text search and stems,
    selectors.duplicates), or on PostgreSQL the trigram similarity of the titles where higher.
    Two queries whatever the data: the candidates, and their HS codes.
    """
    from barriers.domain.transitions import BARRIER_ACTIVE
    from barriers.selectors.duplicates import SIMILAR, similarity, text_words, weighted

    report_codes = Report.hs_codes.through.objects.filter(report_id=report.pk).values("hscode_id")
    place = Q(destination_country_id=report.destination_country_id)
    if report.regulator_id:
        place |= Q(regulator_id=report.regulator_id)
    shared_codes = Barrier.hs_codes.through.objects.filter(
        barrier_id=OuterRef("pk"), hscode_id__in=report_codes
    )
    candidates = (
        Barrier.objects.filter(place, status__in=BARRIER_ACTIVE)
        .annotate(
            same_regulator=Case(
                When(regulator_id=report.regulator_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            same_country=Case(
                When(destination_country_id=report.destination_country_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            same_kind=Case(
                When(barrier_kind_id=report.barrier_kind_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            shares_codes=Exists(shared_codes),
            similarity=similarity(text_words(report.title, report.description), report.title),
        )
        .annotate(
            match_score=weighted(3, "same_regulator")
            + weighted(1, "same_country")
            + weighted(2, "same_kind")
            + Case(When(shares_codes=True, then=Value(2.0)), default=Value(0.0))
            + weighted(4, "similarity")
        )
        .filter(Q(same_kind=1) | Q(shares_codes=True) | Q(similarity__gte=SIMILAR))
        .select_related("regulator", "destination_country", "barrier_kind")
        .prefetch_related(Prefetch("hs_codes", queryset=HSCode.objects.order_by("code")))
        .order_by("-match_score", "-created_at", "-pk")
    )
    rows: list[Any] = list(candidates[:limit])
    for row in rows:
        row.match_reasons = [
            reason
            for reason, present in (
                ("same regulator", row.same_regulator),
                ("same country", row.same_country),
                ("same kind", row.same_kind),
                ("shared HS codes", row.shares_codes),
                ("similar words", row.similarity >= SIMILAR),
            )
            if present
        ]
    return rows


def barrier_public_summary(*, barrier: Barrier) -> dict[str, object]:
    """What may be said about a barrier outside government: no internal notes or messages, and
    a company named only where its accepted report consents to share its name. Four queries."""
    from barriers.models import Outcome, ReportStatus

    barrier = (
        Barrier.objects.select_related("regulator", "destination_country", "barrier_kind")
        .prefetch_related(Prefetch("hs_codes", queryset=HSCode.objects.order_by("code")))
        .get(pk=barrier.pk)
    )
    reports = list(
        Report.objects.filter(barrier=barrier, status=ReportStatus.ACCEPTED)
        .select_related("company")
        .order_by("created_at", "pk")
        .only(
            "company__name",
            "company_id",
            "consent_to_share",
            "trade_value_usd",
            "applied_on",
            "decision_received_on",
            "barrier_kind_id",
        )
    )
    named = sorted({report.company.name for report in reports if report.consent_to_share})
    regulator = barrier.regulator
    items = (
        AgendaItem.objects.filter(barrier=barrier, section=AgendaSection.AGENDA)
        .exclude(outcome="")
        .select_related("meeting")
        .order_by("meeting__date")
    )
    return {
        "reference": barrier.reference,
        "title": barrier.title,
        "title_ru": barrier.title_ru,
        "status": barrier.status,
        "regulator": (
            {
                "name": regulator.name,
                "name_ru": regulator.name_ru,
                "abbreviation": regulator.abbreviation,
            }
            if regulator is not None
            else None
        ),
        "country": barrier.destination_country.name if barrier.destination_country else None,
        "kind": barrier.barrier_kind.name,
        "hs_codes": [code.code for code in barrier.hs_codes.all()],
        "companies": len({report.company_id for report in reports}),
        "named_companies": named,
        "trade_value_usd": sum((report.trade_value_usd for report in reports), Decimal("0")),
        "longest_days_pending": max((report.days_pending for report in reports), default=0),
        "meetings": [
            {
                "meeting": item.meeting.code,
                "date": item.meeting.date,
                "outcome": item.outcome,
                "outcome_label": str(Outcome(item.outcome).label),
                "statement_india": item.statement_india,
                "statement_eaeu": item.statement_eaeu,
                "counterpart_commitment": item.counterpart_commitment,
            }
            for item in items
        ],
    }


# ---------------------------------------------------------------------------------------------
# The officials' barrier list in the API
# ---------------------------------------------------------------------------------------------
# Imports are local so that this section stays self-contained in a module several people edit.


# What the officials' barrier list and page show (api.serializers.BarrierSerializer): read alone,
# the row's search columns and texts are left out of the query (fewer columns to build and
# convert per request). A field added to the serializer is added here, or the page reads it
# with a query of its own (django-zeal fails the list tests).
BARRIER_LISTED_FIELDS = (
    "reference",
    "title",
    "title_ru",
    "status",
    "regulator_id",
    "destination_country_id",
    "barrier_kind_id",
    "sector",
    "legal_basis_id",
    "report_count",
    "companies_affected",
    "total_trade_value_usd",
    "pending_on",
    "times_raised",
    "closure_reason",
    "review_flagged_at",
    "published_at",
    "public_title",
    "public_summary",
    "created_at",
    "updated_at",
)


class _CodeList(Field):  # type: ignore[type-arg]
    """What BarrierCodes gives: the codes as a list (PostgreSQL answers an array, SQLite JSON
    text, which is put in code order here)."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return sorted(json.loads(value))
        return list(value)


class BarrierCodes(Subquery):
    """A one-column subquery's values as a list, in the barrier's own query: ARRAY(...) on
    PostgreSQL, json_group_array on SQLite."""

    template = "ARRAY(%(subquery)s)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(SELECT json_group_array(hscode_id) FROM (%(subquery)s))",
            **extra,
        )


def barrier_hs_code_list() -> BarrierCodes:
    """Per barrier (OuterRef "pk"), its 6-digit HS codes in code order, as a list of strings
    (the shape the API shows): one column of the barrier's row, no query of its own."""
    codes = (
        Barrier.hs_codes.through.objects.filter(barrier_id=OuterRef("pk"))
        .order_by("hscode_id")
        .values("hscode_id")
    )
    return BarrierCodes(codes, output_field=_CodeList())


def _barriers_for_official(*, viewer: User) -> QuerySet[Barrier]:
    if not viewer.is_staff:
        return Barrier.objects.none()
    return Barrier.objects.annotate(hs_code_list=barrier_hs_code_list()).order_by(
        "-created_at", "-pk"
    )


def barriers_for_official(*, viewer: User) -> QuerySet[Barrier]:
    """Every barrier, newest first, with its reports' figures and times raised, for officials:
    the fields the list shows.

    The figures are stored on the barrier (services.barrier_figures_refresh) and the HS codes
    come as a list with each row (`hs_code_list`), so a page is one query whatever its size and
    depth.
    """
    return _barriers_for_official(viewer=viewer).only(*BARRIER_LISTED_FIELDS)


def barrier_page_for_official(*, viewer: User, reference: str) -> Barrier | None:
    """One barrier by reference with the list's fields and its HS codes (`hs_code_list`), to
    show it, or None. One query."""
    return barriers_for_official(viewer=viewer).filter(reference=reference).first()


def barrier_get_for_official(*, viewer: User, reference: str) -> Barrier | None:
    """One barrier by reference, every field (to act on it) and `hs_code_list`, or None."""
    return _barriers_for_official(viewer=viewer).filter(reference=reference).first()
