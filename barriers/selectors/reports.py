"""Reports, their messages, documents, timeline and drafts as a viewer may see them; the triage queue; the figures a report counts with (verified, or declared up to the caps)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    DecimalField,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from barriers.models import (
    Document,
    HSCode,
    Message,
    MessageVisibility,
    Report,
    ReportDraft,
    StatusChange,
    User,
)


def _report_scope(viewer: User) -> Q:
    """Reports a user may see: officials all; exporters their company's; councils what they filed."""
    if viewer.is_staff:
        return Q()
    if viewer.company_id is None:
        return Q(pk__in=[])
    return Q(company_id=viewer.company_id) | Q(filing_association_id=viewer.company_id)


def reports_for_viewer(*, viewer: User) -> QuerySet[Report]:
    """The reports `viewer` may see, newest first, with what lists and details show."""
    return (
        Report.objects.filter(_report_scope(viewer))
        .select_related("company", "barrier_kind", "destination_country", "regulator", "barrier")
        .prefetch_related(Prefetch("hs_codes", queryset=HSCode.objects.order_by("code")))
        .order_by("-created_at", "-pk")
    )


def report_get_for_viewer(*, viewer: User, reference: str) -> Report | None:
    """One report by reference, or None when it does not exist or `viewer` may not see it."""
    return reports_for_viewer(viewer=viewer).filter(reference=reference).first()


def messages_for_viewer(*, viewer: User, report: Report) -> QuerySet[Message]:
    """The report's thread; internal notes only for officials."""
    messages = (
        Message.objects.filter(report=report).select_related("author").prefetch_related("documents")
    )
    if not viewer.is_staff:
        messages = messages.filter(visibility=MessageVisibility.PUBLIC)
    return messages.order_by("created_at", "pk")


def documents_for_viewer(*, viewer: User, report: Report) -> QuerySet[Document]:
    """Evidence attached to the report (the report itself is already scoped to the viewer)."""
    return (
        Document.objects.filter(report=report)
        .select_related("uploaded_by")
        .order_by("created_at", "pk")
    )


def document_get_for_viewer(*, viewer: User, document_id: int) -> Document | None:
    """One evidence file, only if `viewer` may see its report."""
    return (
        Document.objects.filter(pk=document_id)
        .filter(report__in=Report.objects.filter(_report_scope(viewer)).values("pk"))
        .select_related("report")
        .first()
    )


def timeline_for_viewer(*, viewer: User, report: Report) -> list[StatusChange]:
    """The report's status changes and, once accepted, its barrier's; public ones for exporters."""
    subject = Q(report=report)
    if report.barrier_id:
        subject |= Q(barrier_id=report.barrier_id, created_at__gte=report.created_at)
    changes = StatusChange.objects.filter(subject).select_related("actor", "barrier", "report")
    if not viewer.is_staff:
        changes = changes.filter(is_public=True)
    return list(changes.order_by("created_at", "pk"))


def report_drafts_for_viewer(*, viewer: User) -> QuerySet[ReportDraft]:
    """The portal drafts of the viewer's company, most recently changed first."""
    if viewer.company_id is None:
        return ReportDraft.objects.none()
    return (
        ReportDraft.objects.filter(company_id=viewer.company_id)
        .select_related("author")
        .order_by("-updated_at", "-pk")
    )


def report_draft_get_for_viewer(*, viewer: User, draft_id: int) -> ReportDraft | None:
    """One draft of the viewer's company, or None."""
    return report_drafts_for_viewer(viewer=viewer).filter(pk=draft_id).first()


# ---------------------------------------------------------------------------------------------
# Triage in the admin
# ---------------------------------------------------------------------------------------------
# Imports are local so that this section stays self-contained in a module several people edit.


def triage_queue(*, queryset: QuerySet[Report] | None = None) -> QuerySet[Report]:
    """Reports waiting for officials (submitted, or under review again), oldest first."""
    from barriers.domain.transitions import REPORT_AWAITING_TRIAGE

    queryset = Report.objects.all() if queryset is None else queryset
    return (
        queryset.filter(status__in=REPORT_AWAITING_TRIAGE)
        .select_related("company", "barrier_kind", "destination_country", "regulator", "owner")
        .prefetch_related(Prefetch("hs_codes", queryset=HSCode.objects.order_by("code")))
        .order_by("created_at", "pk")
    )


def first_decision_cutoff(*, today: dt.date | None = None, target: int | None = None) -> dt.date:
    """The day before which a report submitted and still without a first decision is overdue."""
    from django.conf import settings
    from django.utils import timezone

    from barriers.domain.workdays import INDIA, overdue_before

    today = today or timezone.localdate()
    if target is None:
        target = settings.TRIAGE_FIRST_DECISION_TARGET_WORKING_DAYS
    return overdue_before(today, target, INDIA)


def overdue_for_first_decision(*, today: dt.date | None = None, target: int | None = None) -> Q:
    """The condition on a report of reports_overdue_for_first_decision (for a filter's counts)."""
    from django.utils import timezone

    from barriers.domain.transitions import REPORT_AWAITING_TRIAGE

    cutoff = first_decision_cutoff(today=today, target=target)
    start_of_cutoff = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    return Q(
        status__in=REPORT_AWAITING_TRIAGE,
        first_decision_at__isnull=True,
        submitted_at__lt=start_of_cutoff,
    )


def reports_overdue_for_first_decision(
    *, queryset: QuerySet[Report], today: dt.date | None = None, target: int | None = None
) -> QuerySet[Report]:
    """Reports still waiting for a first decision beyond the target in working days.

    The first decision is India's to make, so India's public holidays do not count. The cut-off
    date is worked out once in Python; the database compares one column with it.
    """
    return queryset.filter(overdue_for_first_decision(today=today, target=target))


def declared_caps() -> tuple[Decimal, int]:
    """How much of an unverified report's declared trade value and consignments the score counts."""
    return (
        Decimal(max(settings.DECLARED_TRADE_VALUE_CAP_USD, 0)),
        max(settings.DECLARED_CONSIGNMENTS_CAP, 0),
    )


def counted_figures(prefix: str = "") -> tuple[Case, Case]:
    """Per report, the trade value and consignments the agenda score counts: the verified figure
    once a triage officer has verified it, else the declared one up to its cap.

    `prefix` reaches reports through a relation ("reports__" from a barrier).
    """
    value_cap, consignments_cap = declared_caps()
    money = DecimalField(max_digits=14, decimal_places=2)
    verified = Q(**{f"{prefix}figures_verified_at__isnull": False})
    value = Case(
        When(verified, then=F(f"{prefix}verified_trade_value_usd")),
        When(
            Q(**{f"{prefix}trade_value_usd__gt": value_cap}),
            then=Value(value_cap, output_field=money),
        ),
        default=F(f"{prefix}trade_value_usd"),
        output_field=money,
    )
    consignments = Case(
        When(verified, then=F(f"{prefix}verified_consignments_affected")),
        When(
            Q(**{f"{prefix}consignments_affected__gt": consignments_cap}),
            then=Value(consignments_cap),
        ),
        default=F(f"{prefix}consignments_affected"),
        output_field=IntegerField(),
    )
    return value, consignments
