"""Every read with a rule in it, scoped to who is asking. Views and serializers never filter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from barriers.domain import routing, search_text
from barriers.models import (
    AgendaItem,
    AgendaSection,
    Barrier,
    Company,
    Document,
    HSCode,
    Meeting,
    MeetingStatus,
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


def hs_codes_search(*, text: str = "", limit: int = 20) -> QuerySet[HSCode]:
    """HS codes whose code starts with `text` or whose description contains it."""
    codes = HSCode.objects.all().order_by("code")
    text = text.strip()
    if text:
        codes = codes.filter(Q(code__startswith=text) | Q(description__icontains=text))
    return codes[:limit]


def association_member_get(*, association: Company, iec: str) -> Company | None:
    """The member company with this IEC that `association` may file for, or None."""
    return association.members.filter(iec=iec.strip().upper()).first()


def association_members_for_viewer(*, viewer: User) -> QuerySet[Company]:
    """The member companies an association's user may file for (none for anyone else)."""
    if viewer.company_id is None:
        return Company.objects.none()
    return Company.objects.filter(associations__id=viewer.company_id).order_by("name", "pk")


def company_iec_registered(*, iec: str) -> bool:
    """Whether a company with this IEC is already registered."""
    return Company.objects.filter(iec=iec.strip().upper()).exists()


def user_email_unconfirmed(*, user: User) -> bool:
    """Whether the user signed up but has not yet followed the confirmation link.

    Only when confirmation is mandatory (the default). Accounts that officials opened in the
    admin, and so have no allauth address record, count as confirmed.
    """
    from allauth.account.models import EmailAddress

    if settings.ACCOUNT_EMAIL_VERIFICATION != "mandatory":
        return False
    return EmailAddress.objects.filter(user=user, verified=False, primary=True).exists()


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


def barrier_fix_confirmed_at(*, viewer: User, barrier: Barrier) -> dt.datetime | None:
    """When the viewer's company last told officials that the barrier's fix holds, if since
    the barrier was resolved (the note is written by services.barrier_confirm_fix)."""
    if viewer.company_id is None or barrier.resolved_at is None:
        return None
    return (
        Message.objects.filter(
            barrier=barrier,
            author__company_id=viewer.company_id,
            created_at__gte=barrier.resolved_at,
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def _search_text_q(text: str) -> Q | None:
    """Every word of `text` (three characters or more) somewhere in the row's search text.

    On PostgreSQL each word becomes `UPPER("search_text"::text) LIKE UPPER('%word%')`, which the
    trigram index of migration 0008_search_trigram_indexes serves: no scan of the table.
    """
    condition = Q()
    found = search_text.words(text)
    for word in found:
        condition &= Q(search_text__icontains=word)
    return condition if found else None


def reports_search(*, queryset: QuerySet[Report], text: str) -> QuerySet[Report]:
    """Reports matching `text` in reference, title, description, company name or IEC, HS code.

    Every word of three characters or more must appear; a query of only shorter words matches
    a one- or two-digit HS chapter (`03`: fish and crustaceans) and nothing else.
    """
    text = text.strip()
    if not text:
        return queryset
    condition = _search_text_q(text)
    if condition is not None:
        return queryset.filter(condition)
    if text.isdigit():
        through = Report.hs_codes.through.objects.filter(hscode__code__startswith=text)
        return queryset.filter(pk__in=through.values("report_id"))
    return queryset.none()


def barriers_search(*, queryset: QuerySet[Barrier], text: str) -> QuerySet[Barrier]:
    """Barriers matching `text` in reference, title, summary, Russian title or HS code.

    The same rules as reports_search: every word of three characters or more, or an HS chapter.
    """
    text = text.strip()
    if not text:
        return queryset
    condition = _search_text_q(text)
    if condition is not None:
        return queryset.filter(condition)
    if text.isdigit():
        through = Barrier.hs_codes.through.objects.filter(hscode__code__startswith=text)
        return queryset.filter(pk__in=through.values("barrier_id"))
    return queryset.none()


# ---------------------------------------------------------------------------------------------
# Agenda drafting
# ---------------------------------------------------------------------------------------------


def routing_weights() -> routing.Weights:
    """The weights officials set in the admin (defaults until they change them)."""
    from barriers.models import RoutingSettings

    row = RoutingSettings.objects.filter(pk=1).first() or RoutingSettings(pk=1)
    return routing.Weights(
        trade_value=row.weight_trade_value,
        companies=row.weight_companies,
        days_overdue=row.weight_days_overdue,
        perishability=row.weight_perishability,
        manual_priority=row.weight_manual_priority,
        trade_value_full_usd=row.trade_value_full_usd,
        companies_full=row.companies_full,
        days_overdue_full=row.days_overdue_full,
    )


def meeting_previous(*, meeting: Meeting) -> Meeting | None:
    """The last meeting held before `meeting`."""
    return (
        Meeting.objects.filter(
            date__lt=meeting.date, status__in=[MeetingStatus.HELD, MeetingStatus.CLOSED]
        )
        .order_by("-date")
        .first()
    )


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


def agenda_candidate_rows(*, exclude_barrier_ids: Iterable[int] = ()) -> QuerySet:
    """One query: every active barrier not on hold with at least one accepted report, with the
    aggregates the priority score needs (the benchmark's reference query too).

    The trade value is what the score counts (counted_figures); beside it, the verified part and
    the declared, not yet verified, part as the exporters wrote them.
    """
    from barriers.domain.transitions import BARRIER_ACTIVE
    from barriers.models import ReportStatus

    accepted = Q(reports__status=ReportStatus.ACCEPTED)
    verified = accepted & Q(reports__figures_verified_at__isnull=False)
    unverified = accepted & Q(reports__figures_verified_at__isnull=True)
    money = DecimalField(max_digits=16, decimal_places=2)
    zero = Value(Decimal("0"))
    counted_value, _ = counted_figures("reports__")
    return (
        Barrier.objects.filter(status__in=BARRIER_ACTIVE, on_hold=False)
        .exclude(pk__in=list(exclude_barrier_ids))
        .annotate(
            accepted_reports=Count("reports", filter=accepted),
            verified_reports=Count("reports", filter=verified),
            trade_value=Coalesce(Sum(counted_value, filter=accepted), zero, output_field=money),
            trade_value_verified=Coalesce(
                Sum("reports__verified_trade_value_usd", filter=verified), zero, output_field=money
            ),
            trade_value_declared=Coalesce(
                Sum("reports__trade_value_usd", filter=unverified), zero, output_field=money
            ),
            companies=Count("reports__company", filter=accepted, distinct=True),
            oldest_pending=Min(
                "reports__applied_on",
                filter=accepted & Q(reports__decision_received_on__isnull=True),
            ),
            perishable=Exists(HSCode.objects.filter(barriers=OuterRef("pk"), perishable=True)),
        )
        .filter(accepted_reports__gt=0)
        .values(
            "pk",
            "reference",
            "created_at",
            "manual_priority",
            "trade_value",
            "trade_value_verified",
            "trade_value_declared",
            "accepted_reports",
            "verified_reports",
            "companies",
            "oldest_pending",
            "perishable",
            "regulator__remit",
            "barrier_kind__remit",
            "barrier_kind__usual_decision_days",
        )
    )


def agenda_candidates(
    *, meeting: Meeting, today: dt.date, exclude_barrier_ids: Iterable[int] = ()
) -> list[routing.Candidate]:
    """Barriers eligible for `meeting`'s agenda, with the aggregates the score needs.

    Active, not on hold, with at least one accepted report. A fixed number of queries: one for the
    barriers with their aggregates, one for the previous meeting, one for their history on
    earlier agendas.
    """
    rows = list(agenda_candidate_rows(exclude_barrier_ids=exclude_barrier_ids))
    previous = meeting_previous(meeting=meeting)
    history = {
        item["barrier_id"]: item
        # Every barrier raised before (a few hundred rows a year), not a long IN list.
        for item in AgendaItem.objects.filter(
            section=AgendaSection.AGENDA,
            meeting__date__lt=meeting.date,
            meeting__status__in=[MeetingStatus.HELD, MeetingStatus.CLOSED],
        )
        .values("barrier_id")
        .annotate(
            raised=Count("pk", filter=~Q(outcome__in=["", "deferred"])),
            on_previous=Count("pk", filter=Q(meeting=previous)) if previous else Value(0),
        )
    }
    value_cap, _ = declared_caps()
    candidates = []
    for row in rows:
        past = history.get(row["pk"], {})
        days_overdue = 0
        if row["oldest_pending"]:
            pending = (today - row["oldest_pending"]).days
            days_overdue = max(pending - row["barrier_kind__usual_decision_days"], 0)
        candidates.append(
            routing.Candidate(
                barrier_id=row["pk"],
                reference=row["reference"],
                created_at=row["created_at"],
                track=row["regulator__remit"] or row["barrier_kind__remit"],
                trade_value_usd=row["trade_value"],
                trade_value_verified_usd=row["trade_value_verified"],
                trade_value_declared_usd=row["trade_value_declared"],
                verified_reports=row["verified_reports"],
                unverified_reports=row["accepted_reports"] - row["verified_reports"],
                declared_cap_usd=value_cap,
                companies=row["companies"],
                days_overdue=days_overdue,
                perishable=row["perishable"],
                manual_priority=row["manual_priority"],
                carry_over=bool(past.get("on_previous")),
                times_raised=past.get("raised", 0),
            )
        )
    return candidates


def agenda_for_meeting(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's agenda and reserve items, in order, with what lists and exports show."""
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .exclude(section=AgendaSection.REMOVED)
        .select_related("barrier", "barrier__regulator", "barrier__barrier_kind")
        .order_by("section", "position", "pk")
    )


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


def reports_overdue_for_first_decision(
    *, queryset: QuerySet[Report], today: dt.date | None = None, target: int | None = None
) -> QuerySet[Report]:
    """Reports still waiting for a first decision beyond the target in working days.

    The cut-off date is worked out once in Python; the database compares one column with it.
    """
    from django.conf import settings
    from django.utils import timezone

    from barriers.domain.transitions import REPORT_AWAITING_TRIAGE
    from barriers.domain.workdays import overdue_before

    today = today or timezone.localdate()
    if target is None:
        target = settings.TRIAGE_FIRST_DECISION_TARGET_WORKING_DAYS
    cutoff = overdue_before(today, target)
    start_of_cutoff = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    return queryset.filter(
        status__in=REPORT_AWAITING_TRIAGE,
        first_decision_at__isnull=True,
        submitted_at__lt=start_of_cutoff,
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

    Same regulator or country is required; the same kind, shared HS codes and a similar title
    add to the score (`match_score`, with `match_reasons` for the page). Title similarity is
    pg_trgm's on PostgreSQL and word overlap elsewhere. Two queries whatever the data: the
    candidates, and their HS codes.
    """
    from django.db import connection
    from django.db.models import Case, F, FloatField, IntegerField, When
    from django.db.models.functions import Cast

    def _weighted(weight: float, name: str):  # a float expression: weight × annotation
        return Value(float(weight)) * Cast(F(name), FloatField())

    from barriers.domain.transitions import BARRIER_ACTIVE
    from barriers.models import Barrier

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
        )
        .select_related("regulator", "destination_country", "barrier_kind")
        .prefetch_related(Prefetch("hs_codes", queryset=HSCode.objects.order_by("code")))
    )
    structured = (
        _weighted(3, "same_regulator")
        + _weighted(1, "same_country")
        + _weighted(2, "same_kind")
        + Case(When(shares_codes=True, then=Value(2.0)), default=Value(0.0))
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        candidates = candidates.annotate(
            similarity=TrigramSimilarity("title", report.title),
            match_score=structured + _weighted(4, "similarity"),
        ).filter(Q(same_kind=1) | Q(shares_codes=True) | Q(similarity__gte=0.3))
        rows = list(candidates.order_by("-match_score", "-created_at")[:limit])
    else:
        # Word overlap on a few more rows than needed, ranked again in Python.
        candidates = candidates.annotate(
            match_score=Cast(structured, FloatField()),
        ).filter(Q(same_kind=1) | Q(shares_codes=True))
        rows = list(candidates.order_by("-match_score", "-created_at")[: limit * 4])
        words = _title_words(report.title)
        for row in rows:
            theirs = _title_words(row.title)
            row.similarity = len(words & theirs) / len(words | theirs) if words | theirs else 0.0
            row.match_score = float(row.match_score) + 4 * row.similarity
        rows.sort(key=lambda row: -row.match_score)
        rows = rows[:limit]
    for row in rows:
        row.match_reasons = [
            reason
            for reason, present in (
                ("same regulator", row.same_regulator),
                ("same country", row.same_country),
                ("same kind", row.same_kind),
                ("shared HS codes", row.shares_codes),
                ("similar title", row.similarity >= 0.3),
            )
            if present
        ]
    return rows


# Words too common in report titles to say that two titles are about the same thing.
_STOPWORDS = frozenset(
    {"and", "for", "from", "into", "the", "with", "not", "pending", "delay", "delayed"}
)


def _title_words(text: str) -> set[str]:
    words = {word.strip(".,;:()[]\"'").lower() for word in text.split()}
    return {word for word in words if len(word) > 2 and word not in _STOPWORDS}


# ---------------------------------------------------------------------------------------------
# The meeting page in the admin, and the public-safe summary of a barrier
# ---------------------------------------------------------------------------------------------
# Imports are local so that this section stays self-contained in a module several people edit.


def agenda_for_meeting_page(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    """Every item of the meeting (removed ones too), with barrier, regulator and action points."""
    from barriers.models import ActionPoint

    return (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("barrier", "barrier__regulator", "barrier__barrier_kind")
        .prefetch_related(
            Prefetch(
                "action_points",
                queryset=ActionPoint.objects.select_related("regulator", "owner").order_by(
                    "due_on", "pk"
                ),
            )
        )
        .order_by("section", "position", "pk")
    )


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


def barriers_for_official(*, viewer: User) -> QuerySet[Barrier]:
    """Every barrier, newest first, with its reports' figures and times raised, for officials.

    The figures are correlated subqueries rather than a GROUP BY over the whole table, so that
    a page reads only its own barriers' reports (report_barrier_status_idx) at any depth. Two
    queries for a page whatever its size: the barriers with their figures, and their HS codes.
    """
    from django.db.models import IntegerField, Subquery

    if not viewer.is_staff:
        return Barrier.objects.none()

    def _figure(expression, output_field):  # one aggregate over the barrier's reports
        rows = (
            Report.objects.filter(barrier_id=OuterRef("pk"))
            .order_by()
            .values("barrier_id")
            .annotate(value=expression)
            .values("value")
        )
        return Subquery(rows, output_field=output_field)

    money = DecimalField(max_digits=16, decimal_places=2)
    raised = (
        AgendaItem.objects.filter(
            barrier_id=OuterRef("pk"),
            section=AgendaSection.AGENDA,
            meeting__status__in=[MeetingStatus.HELD, MeetingStatus.CLOSED],
        )
        .exclude(outcome__in=["", "deferred"])
        .order_by()
        .values("barrier_id")
        .annotate(value=Count("pk"))
        .values("value")
    )
    return (
        Barrier.objects.annotate(
            report_count=Coalesce(_figure(Count("pk"), IntegerField()), Value(0)),
            companies_affected=Coalesce(
                _figure(Count("company_id", distinct=True), IntegerField()), Value(0)
            ),
            total_trade_value_usd=Coalesce(
                _figure(Sum("trade_value_usd"), money), Value(Decimal("0")), output_field=money
            ),
            times_raised=Coalesce(Subquery(raised, output_field=IntegerField()), Value(0)),
        )
        .prefetch_related(Prefetch("hs_codes", queryset=HSCode.objects.order_by("code")))
        .order_by("-created_at", "-pk")
    )


def barrier_get_for_official(*, viewer: User, reference: str) -> Barrier | None:
    """One barrier by reference with the list's figures, or None."""
    return barriers_for_official(viewer=viewer).filter(reference=reference).first()
