"""Meetings and agendas: routing weights, the previous meeting, agenda candidates and the agenda as printed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from barriers.domain import routing
from barriers.domain.editions import JointText, check_russian
from barriers.domain.editions import joint_text as compose_joint_text
from barriers.domain.transitions import MEETING_TOOK_PLACE
from barriers.models import (
    ActionPoint,
    AgendaItem,
    AgendaSection,
    Barrier,
    HSCode,
    Meeting,
)
from barriers.selectors.reports import counted_figures, declared_caps

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
        counterpart_overdue=row.weight_counterpart_overdue,
        trade_value_full_usd=row.trade_value_full_usd,
        companies_full=row.companies_full,
        days_overdue_full=row.days_overdue_full,
    )


def meeting_participant_ids(*, meeting: Meeting) -> frozenset[str]:
    """The codes of the regulators taking part in `meeting` (empty: none listed yet). One query."""
    return frozenset(meeting.eaeu_participants.values_list("code", flat=True))


def meeting_previous(*, meeting: Meeting) -> Meeting | None:
    """The last meeting held before `meeting`."""
    return (
        Meeting.objects.filter(date__lt=meeting.date, status__in=MEETING_TOOK_PLACE)
        .order_by("-date")
        .first()
    )


def agenda_candidate_rows(
    *, exclude_barrier_ids: Iterable[int] = (), today: dt.date | None = None
) -> QuerySet[Barrier, Mapping[str, Any]]:
    """One query: every active barrier not on hold, with the aggregates the priority score needs
    (the benchmark's reference query too). A barrier officials opened without reports is among
    them, its aggregates zero (routing: considered on its own merits).

    The trade value is what the score counts (counted_figures); beside it, the verified part and
    the declared, not yet verified, part as the exporters wrote them. `counterpart_overdue_since`
    is the due day of the oldest answer the counterpart owes that is overdue on `today` (None
    when nothing is overdue, or when `today` is not given).
    """
    from barriers.domain.transitions import BARRIER_ACTIVE
    from barriers.models import Deadline, Party, ReportStatus

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
            counterpart_overdue_since=Subquery(
                Deadline.objects.filter(
                    barrier=OuterRef("pk"),
                    party=Party.EAEU,
                    met_at__isnull=True,
                    due_on__lt=today or dt.date.min,
                )
                .order_by("due_on")
                .values("due_on")[:1]
            ),
        )
        .values(
            "pk",
            "regulator_id",
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
            "counterpart_overdue_since",
            "regulator__remit",
            "barrier_kind__remit",
            "barrier_kind__usual_decision_days",
        )
    )


def agenda_candidates(
    *, meeting: Meeting, today: dt.date, exclude_barrier_ids: Iterable[int] = ()
) -> list[routing.Candidate]:
    """Barriers eligible for `meeting`'s agenda, with the aggregates the score needs.

    Active and not on hold, with or without accepted reports. A fixed number of queries: one for the
    barriers with their aggregates, one for the previous meeting, one for their history on
    earlier agendas.
    """
    rows = list(agenda_candidate_rows(exclude_barrier_ids=exclude_barrier_ids, today=today))
    previous = meeting_previous(meeting=meeting)
    history = {
        item["barrier_id"]: item
        # Every barrier raised before (a few hundred rows a year), not a long IN list.
        for item in AgendaItem.objects.filter(
            section=AgendaSection.AGENDA,
            meeting__date__lt=meeting.date,
            meeting__status__in=MEETING_TOOK_PLACE,
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
        past: Mapping[str, Any] = history.get(row["pk"], {})
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
                counterpart_overdue_days=(
                    (today - row["counterpart_overdue_since"]).days
                    if row["counterpart_overdue_since"]
                    else 0
                ),
                regulator_id=row["regulator_id"],
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


def agenda_item_get(*, meeting_code: str, barrier_reference: str) -> AgendaItem | None:
    """The item of a barrier on a meeting's agenda (any section, as the meeting's page shows
    it), with what the API renders; None when there is none."""
    return (
        AgendaItem.objects.filter(meeting__code=meeting_code, barrier__reference=barrier_reference)
        .select_related(
            "meeting",
            "barrier",
            "barrier__regulator",
            "barrier__barrier_kind",
            "outcome_recorded_by",
        )
        .first()
    )


def action_point_get(*, pk: int) -> ActionPoint | None:
    """One action point with what the API renders (meeting, barrier, regulator, owner)."""
    return (
        ActionPoint.objects.filter(pk=pk)
        .select_related("meeting", "barrier", "regulator", "owner")
        .first()
    )


# ---------------------------------------------------------------------------------------------
# The meeting page in the admin, and the public-safe summary of a barrier
# ---------------------------------------------------------------------------------------------
# Imports are local so that this section stays self-contained in a module several people edit.


def agenda_for_meeting_page(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    """Every item of the meeting (removed ones too), with barrier, regulator and action points."""
    from barriers.models import ActionPoint

    return (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("barrier", "barrier__regulator", "barrier__barrier_kind", "barrier__share")
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


# ---------------------------------------------------------------------------------------------
# The joint edition's text (barriers.domain.editions)
# ---------------------------------------------------------------------------------------------


def _shared_text(barrier: Barrier) -> JointText | None:
    """The text shared with the barrier's regulator, while it is shared with it."""
    from barriers.models import BarrierShare

    try:
        share = barrier.share
    except BarrierShare.DoesNotExist:
        return None
    if share.unshared_at is not None or share.regulator_id != barrier.regulator_id:
        return None
    return JointText(
        title_en=share.title_en,
        title_ru=share.title_ru,
        summary_en=share.summary_en,
        summary_ru=share.summary_ru,
        ask_en=share.ask_en,
        ask_ru=share.ask_ru,
        shared=True,
    )


def joint_text(item: AgendaItem) -> JointText:
    """What the joint edition says of an item: the text shared with the regulator while the
    barrier is shared, else the barrier's own (`item.barrier` and its share selected)."""
    barrier = item.barrier
    return compose_joint_text(
        title=barrier.title,
        title_ru=barrier.title_ru,
        summary=barrier.summary,
        summary_ru=barrier.summary_ru,
        ask=barrier.ask,
        ask_ru=barrier.ask_ru,
        item_ask=item.ask,
        item_ask_ru=item.ask_ru,
        share=_shared_text(barrier),
    )


def agenda_joint_texts(*, meeting: Meeting) -> list[tuple[AgendaItem, JointText]]:
    """The items on `meeting`'s agenda (not the reserve) with their joint-edition text, in
    agenda order. One query."""
    track_index = {track: i for i, track in enumerate(routing.TRACK_ORDER)}
    items = sorted(
        AgendaItem.objects.filter(meeting=meeting, section=AgendaSection.AGENDA).select_related(
            "barrier", "barrier__share"
        ),
        key=lambda i: (track_index.get(i.track, len(routing.TRACK_ORDER)), i.position, i.pk),
    )
    return [(item, joint_text(item)) for item in items]


def agenda_russian_check(*, meeting: Meeting, action: str) -> None:
    """Refuse (RussianTextMissing) when an item on `meeting`'s agenda lacks Russian title,
    summary or ask, naming each barrier and field. One query."""
    check_russian(
        (
            text.russian(item.barrier.reference)
            for item, text in agenda_joint_texts(meeting=meeting)
        ),
        action=action,
    )
