"""Barriers: opening one (alone or from a report) and the one path of its status moves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from barriers import notifications
from barriers.domain.errors import DomainError
from barriers.domain.transitions import BARRIER_CLOSED, check_transition
from barriers.models import (
    Barrier,
    BarrierKind,
    BarrierStatus,
    Country,
    Deadline,
    HSCode,
    Regulator,
    Report,
    User,
)
from barriers.services.base import (
    barrier_search_text_refresh,
    history_append,
    reference_next,
    row_lock,
)
from barriers.services.documents import barrier_documents_changed
from barriers.services.following import follow_event_new_barrier, follow_event_status
from barriers.services.publishing import public_register_touch


def barrier_create(
    *,
    actor: User | None,
    title: str,
    barrier_kind: BarrierKind,
    sector: str,
    regulator: Regulator | None = None,
    destination_country: Country | None = None,
    summary: str = "",
    hs_codes: Iterable[HSCode] = (),
    **extra: Any,
) -> Barrier:
    """Open a new barrier (status `open`: later statuses are reached only by transitions)."""
    forbidden = {"status", "reference", "resolved_at", "created_at", "updated_at"} & set(extra)
    if forbidden:
        raise DomainError(f"A new barrier cannot be given {', '.join(sorted(forbidden))}.")
    with transaction.atomic():
        now = timezone.now()
        barrier = Barrier.objects.create(
            reference=reference_next(prefix="BAR", width=4),
            title=title,
            summary=summary,
            barrier_kind=barrier_kind,
            sector=sector,
            regulator=regulator,
            destination_country=destination_country,
            created_by=actor,
            created_at=now,
            updated_at=now,
            **extra,
        )
        barrier.hs_codes.add(*hs_codes)  # a new barrier: nothing to read first
        barrier_search_text_refresh(barrier=barrier)
        history_append(subject=barrier, from_status="", to_status=barrier.status, actor=actor)
        follow_event_new_barrier(barrier=barrier)
    return barrier


def barrier_create_from_report(*, report: Report, actor: User) -> Barrier:
    """A new barrier carrying the report's kind, regulator, country and products."""
    hs_codes = list(report.hs_codes.all())
    sectors = {code.sector for code in hs_codes} or {report.company.sector}
    return barrier_create(
        actor=actor,
        title=report.title,
        summary=report.description,
        barrier_kind=report.barrier_kind,
        sector=sectors.pop() if len(sectors) == 1 else report.company.sector,
        regulator=report.regulator,
        destination_country=report.destination_country,
        hs_codes=hs_codes,
    )


# English message ids: each person's e-mail says them in their language (notifications).
BARRIER_HEADLINES: dict[str, str] = {
    BarrierStatus.SCHEDULED: gettext_noop(
        "The barrier behind your report is on the next meeting's agenda"
    ),
    BarrierStatus.RAISED: gettext_noop("The barrier behind your report was raised at the meeting"),
    BarrierStatus.ACTION_AGREED: gettext_noop(
        "Action was agreed on the barrier behind your report"
    ),
    BarrierStatus.RESOLVED: gettext_noop(
        "The barrier behind your report is resolved: are shipments clearing?"
    ),
    BarrierStatus.PARTIALLY_RESOLVED: gettext_noop(
        "The barrier behind your report is partially resolved"
    ),
    BarrierStatus.OPEN: gettext_noop("The barrier behind your report has been reopened"),
    BarrierStatus.CLOSED_UNRESOLVED: gettext_noop(
        "The barrier behind your report was closed without a solution"
    ),
}


def barrier_transition(
    *,
    barrier: Barrier,
    to: str,
    actor: User | None,
    note: str = "",
    is_public: bool = True,
    notify: bool = True,
    follow_event: bool = True,
) -> Barrier:
    """The one path by which a barrier changes status: check, save, record, notify after commit.

    Followers hear of a public move unless the caller tells them itself (`follow_event=False`:
    the agenda freeze and the outcome record say more than the status).
    """
    with transaction.atomic():
        barrier = row_lock(Barrier, barrier.pk)
        check_transition("barrier", barrier.status, to)
        from_status = barrier.status
        barrier.status = to
        barrier.updated_at = timezone.now()
        if to == BarrierStatus.RESOLVED:
            barrier.resolved_at = barrier.updated_at
        elif to == BarrierStatus.OPEN:
            barrier.resolved_at = None
        if to != BarrierStatus.CLOSED_UNRESOLVED:
            barrier.closure_reason = ""  # set by services.barrier_close_unresolved
        if to != BarrierStatus.RESOLVED:
            # A company's "not fixed" waits for a decision only while the barrier is resolved.
            barrier.review_flagged_at = None
            barrier.review_flagged_by = None
        barrier.save(
            update_fields=[
                "status",
                "updated_at",
                "resolved_at",
                "closure_reason",
                "review_flagged_at",
                "review_flagged_by",
            ]
        )
        if to in BARRIER_CLOSED:
            # Nothing more is due on a closed barrier (services.exchanges opens deadlines).
            Deadline.objects.filter(barrier=barrier, met_at__isnull=True).update(
                met_at=barrier.updated_at, cancelled=True
            )
        event = history_append(
            subject=barrier,
            from_status=from_status,
            to_status=to,
            actor=actor,
            note=note,
            is_public=is_public,
        )
        public_register_touch(barrier=barrier)
        if BarrierStatus.RESOLVED in (from_status, to):
            # In or out of the agendas' annex of barriers resolved since the last meeting.
            barrier_documents_changed(barrier_ids=[barrier.pk], resolved_annex=True)
        headline = BARRIER_HEADLINES.get(to)
        if headline and is_public and notify:
            notifications.notify_barrier_status(
                barrier=barrier, event_id=event.pk, headline=headline, detail=note
            )
        if is_public and notify and follow_event:
            follow_event_status(barrier=barrier, from_status=from_status, to_status=to)
    return barrier


def barrier_resolve(*, barrier: Barrier, actor: User | None, note: str = "") -> Barrier:
    """Officials consider the barrier resolved; exporters are asked to confirm."""
    return barrier_transition(barrier=barrier, to=BarrierStatus.RESOLVED, actor=actor, note=note)


def barrier_reopen(*, barrier: Barrier, actor: User | None, reason: str) -> Barrier:
    """Back to open, for example when an exporter reports that the fix did not hold."""
    if not reason.strip():
        raise DomainError("Say why the barrier is reopened.", field="reason")
    return barrier_transition(barrier=barrier, to=BarrierStatus.OPEN, actor=actor, note=reason)
