"""Agendas: drafting from the routing rules, placing and ordering items by hand, freezing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from barriers import selectors
from barriers.domain import routing
from barriers.domain.editions import check_russian
from barriers.domain.errors import DomainError, StateConflict
from barriers.domain.transitions import MEETING_AGENDA_EDITABLE
from barriers.models import (
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierStatus,
    Meeting,
    MeetingStatus,
    User,
)
from barriers.services.barriers import barrier_transition
from barriers.services.base import history_stamp, row_lock
from barriers.services.documents import meeting_documents_changed
from barriers.services.following import follow_event_on_agenda
from barriers.services.meetings import meeting_transition, routing_settings_get


def _agenda_editable(meeting: Meeting) -> None:
    if meeting.status not in MEETING_AGENDA_EDITABLE:
        raise StateConflict(
            f"The agenda of {meeting.code} is {meeting.get_status_display().lower()}; "
            "it can no longer be drafted or changed.",
            code="agenda_closed",
        )


def agenda_draft(
    *, meeting: Meeting, actor: User | None, today: dt.date | None = None
) -> routing.Draft:
    """Draft (or draft again) the meeting's agenda and reserve list from the routing rules.

    Items officials placed or removed by hand stay as they are. Concurrent callers are serialised
    by a lock on the meeting row, so two officials drafting at once get one agenda.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        meeting = row_lock(Meeting, meeting.pk)
        _agenda_editable(meeting)
        manual = list(
            AgendaItem.objects.filter(meeting=meeting, manually_changed=True).values(
                "barrier_id", "section", "position", "track"
            )
        )
        candidates = selectors.agenda_candidates(
            meeting=meeting, today=today, exclude_barrier_ids=[m["barrier_id"] for m in manual]
        )
        manual_on_agenda = [m for m in manual if m["section"] == AgendaSection.AGENDA]
        escalate_after = routing_settings_get().escalate_after_meetings
        # Ranked lazily: per-track capacities and participation may pass over any number of
        # barriers before the agenda and the reserve are full.
        draft = routing.plan(
            routing.rank_lazily(candidates, selectors.routing_weights()),
            capacity=meeting.capacity,
            fixed_agenda_positions=[m["position"] for m in manual_on_agenda],
            fixed_tracks=[m["track"] for m in manual_on_agenda],
            track_capacity=routing.track_capacity_check(meeting.track_capacity),
            participants=selectors.meeting_participant_ids(meeting=meeting),
        )
        reserve_offset = max(
            [m["position"] for m in manual if m["section"] == AgendaSection.RESERVE], default=0
        )
        _agenda_draft_store(
            meeting=meeting,
            placements=[*draft.agenda, *draft.reserve],
            reserve_offset=reserve_offset,
            escalate_after=escalate_after,
            actor=actor,
        )
        meeting_documents_changed(meeting=meeting)
        if meeting.status == MeetingStatus.PLANNED:
            meeting_transition(
                meeting=meeting,
                to=MeetingStatus.AGENDA_DRAFT,
                actor=actor,
                note=f"Agenda drafted: {len(draft.agenda)} items, {len(draft.reserve)} in reserve.",
            )
    return draft


def _agenda_draft_store(
    *,
    meeting: Meeting,
    placements: list[routing.Placement],
    reserve_offset: int,
    escalate_after: int,
    actor: User | None,
) -> None:
    """Make the meeting's drafted items match `placements`, in a fixed number of queries.

    Barriers the last draft had placed are updated in place and new ones inserted, each in one
    statement with one bulk history insert (history says who drafted, `~` or `+`); only items
    that dropped out are deleted, one history row each. Items officials changed by hand are not
    among them.
    """
    existing = {
        item.barrier_id: item
        for item in AgendaItem.objects.filter(meeting=meeting, manually_changed=False)
    }
    reason = "Agenda drafted from the routing rules."
    created: list[AgendaItem] = []
    updated: list[AgendaItem] = []
    drafted_fields: list[str] = []  # what a draft sets; the ask, statements and outcome stay
    for p in placements:
        values = {
            "section": p.section,
            "track": p.candidate.track,
            "position": p.position + (reserve_offset if p.section == "reserve" else 0),
            "score": p.score,
            "score_breakdown": p.breakdown,
            "reason": p.reason,
            "is_carry_over": p.candidate.carry_over,
            "times_raised": p.candidate.times_raised,
            "escalate": p.candidate.carry_over and p.candidate.times_raised >= escalate_after,
        }
        drafted_fields = list(values)
        item = existing.pop(p.candidate.barrier_id, None)
        if item is None:
            item = AgendaItem(meeting=meeting, barrier_id=p.candidate.barrier_id, **values)
            created.append(item)
        else:
            for name, value in values.items():
                setattr(item, name, value)
            updated.append(item)
        history_stamp(item, actor=actor, reason=reason)
    for item in existing.values():  # dropped out of this draft
        history_stamp(item, actor=actor, reason=reason)
        item.delete()
    if updated:
        bulk_update_with_history(
            updated,
            AgendaItem,
            drafted_fields,
            default_user=actor,
            default_change_reason=reason,
        )
    if created:
        bulk_create_with_history(
            created, AgendaItem, default_user=actor, default_change_reason=reason
        )


def agenda_item_place(
    *, meeting: Meeting, barrier: Barrier, section: str, actor: User, position: int | None = None
) -> AgendaItem:
    """Put a barrier on the agenda or reserve list by hand, or take it off (section `removed`)."""
    if section not in AgendaSection.values:
        raise DomainError(f"'{section}' is not an agenda section.", field="section")
    with transaction.atomic():
        meeting = row_lock(Meeting, meeting.pk)
        _agenda_editable(meeting)
        item = AgendaItem.objects.filter(meeting=meeting, barrier=barrier).first()
        if item is None:
            if section == AgendaSection.REMOVED:
                raise DomainError(f"{barrier.reference} is not on the agenda of {meeting.code}.")
            track = (
                barrier.regulator.remit
                if barrier.regulator is not None
                else barrier.barrier_kind.remit
            )
            item = AgendaItem(
                meeting=meeting, barrier=barrier, track=track, reason="Added by hand."
            )
        if position is None:
            last = (
                AgendaItem.objects.filter(meeting=meeting, section=section)
                .exclude(pk=item.pk)
                .order_by("-position")
                .values_list("position", flat=True)
                .first()
            )
            position = (last or 0) + 1
        if position < 1:
            raise DomainError("Positions start at 1.", field="position")
        item.section = section
        item.position = position
        item.manually_changed = True
        item.save()
        meeting_documents_changed(meeting=meeting)
    return item


def agenda_freeze(*, meeting: Meeting, actor: User) -> Meeting:
    """Freeze the agenda: its barriers become scheduled and their exporters are told."""
    with transaction.atomic():
        meeting = row_lock(Meeting, meeting.pk)
        if meeting.status != MeetingStatus.AGENDA_DRAFT:
            raise DomainError(
                f"Only a drafted agenda can be frozen; {meeting.code} is "
                f"{meeting.get_status_display().lower()}."
            )
        items = list(
            AgendaItem.objects.filter(meeting=meeting, section=AgendaSection.AGENDA).select_related(
                "barrier"
            )
        )
        if not items:
            raise DomainError(f"The agenda of {meeting.code} is empty; nothing to freeze.")
        # The frozen agenda is the one circulated to the EAEU side: every item in Russian.
        selectors.agenda_russian_check(meeting=meeting, action="frozen")
        for item in items:
            if item.barrier.status != BarrierStatus.SCHEDULED:
                barrier_transition(
                    barrier=item.barrier,
                    to=BarrierStatus.SCHEDULED,
                    actor=actor,
                    note=f"On the agenda of the {meeting.code} meeting on {meeting.date:%d %B %Y}.",
                    follow_event=False,
                )
            follow_event_on_agenda(
                barrier=item.barrier,
                meeting_code=meeting.code,
                meeting_date=f"{meeting.date:%d %B %Y}",
                meeting_on=meeting.date,
            )
        meeting_transition(
            meeting=meeting,
            to=MeetingStatus.AGENDA_FROZEN,
            actor=actor,
            note=f"Agenda frozen with {len(items)} items.",
        )
    return meeting


# The meeting statuses in which the joint agenda may be circulated (drafted or frozen, not yet
# held).
CIRCULATE_STATUSES = (MeetingStatus.AGENDA_DRAFT, MeetingStatus.AGENDA_FROZEN)


def agenda_circulate(*, meeting: Meeting, actor: User) -> Meeting:
    """Circulate the joint edition of the agenda to the EAEU side.

    Refused, with nothing changed, when the agenda is not drafted (or already held), is empty,
    or an item lacks Russian title, summary or ask (the message names each barrier and the
    fields missing). Stamps `joint_circulated_at/by` and writes, to the outbox, an e-mail in
    Russian then English to the active focal points of each participating regulator; they are
    sent after commit. Circulating again (after a change) stamps and e-mails again. The joint
    edition's file is queued by the caller in the exports layer
    (barriers.exports.services.joint_agenda_circulate).
    """
    from barriers.notifications.agenda import CirculatedItem, joint_agenda_circulated_queue

    with transaction.atomic():
        meeting = row_lock(Meeting, meeting.pk)
        if meeting.status not in CIRCULATE_STATUSES:
            raise StateConflict(
                f"Only a drafted or frozen agenda can be circulated; {meeting.code} is "
                f"{meeting.get_status_display().lower()}.",
                code="agenda_not_circulable",
            )
        texts = selectors.agenda_joint_texts(meeting=meeting)
        if not texts:
            raise DomainError(f"The agenda of {meeting.code} is empty; nothing to circulate.")
        check_russian(
            (text.russian(item.barrier.reference) for item, text in texts), action="circulated"
        )
        now = timezone.now()
        meeting.joint_circulated_at = now
        meeting.joint_circulated_by = actor
        history_stamp(meeting, actor=actor, reason="Joint agenda circulated to the EAEU side")
        meeting.save(update_fields=["joint_circulated_at", "joint_circulated_by"])
        joint_agenda_circulated_queue(
            meeting=meeting,
            items=[
                CirculatedItem(
                    number=number,
                    reference=item.barrier.reference,
                    title_ru=text.title_ru,
                    title_en=text.title_en,
                    regulator_id=item.barrier.regulator_id,
                )
                for number, (item, text) in enumerate(texts, start=1)
            ],
            circulated_at=now,
            actor=actor,
        )
    return meeting


def meetings_draft_due(*, today: dt.date | None = None) -> list[str]:
    """Draft the agenda of every planned meeting whose cut-off date has come (the beat's job)."""
    today = today or timezone.localdate()
    drafted = []
    for meeting in Meeting.objects.filter(status=MeetingStatus.PLANNED, cutoff_on__lte=today):
        agenda_draft(meeting=meeting, actor=None, today=today)
        drafted.append(meeting.code)
    return drafted


# ---------------------------------------------------------------------------------------------
# Agenda order by hand (the meeting page's move up / move down buttons)
# ---------------------------------------------------------------------------------------------


def agenda_item_move(*, item: AgendaItem, offset: int, actor: User) -> AgendaItem:
    """Swap an item with its neighbour in the same section (offset -1: up, +1: down).

    Both items are marked as placed by hand, so drafting again keeps the order officials chose.
    """
    if offset not in (-1, 1):
        raise DomainError("Move an item one place up or down.", field="offset")
    with transaction.atomic():
        meeting = row_lock(Meeting, item.meeting_id)
        _agenda_editable(meeting)
        item = row_lock(AgendaItem, item.pk)
        siblings = list(
            AgendaItem.objects.select_for_update()
            .filter(meeting=meeting, section=item.section)
            .order_by("position", "pk")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
        if not 0 <= index + offset < len(siblings):
            raise DomainError("The item is already at that end of the list.")
        other = siblings[index + offset]
        if other.position == item.position:
            item.position, other.position = item.position + offset, other.position
        else:
            item.position, other.position = other.position, item.position
        for moved in (item, other):
            moved.manually_changed = True
            moved.save(update_fields=["position", "manually_changed"])
        meeting_documents_changed(meeting=meeting)
    return item
