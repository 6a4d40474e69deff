"""After the meeting: holding it, recording outcomes, and the action points agreed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from barriers.domain.errors import DomainError
from barriers.domain.transitions import check_transition
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierStatus,
    Meeting,
    MeetingStatus,
    Outcome,
    Party,
    Regulator,
    User,
)
from barriers.services.barriers import barrier_transition
from barriers.services.base import (
    barrier_figures_refresh,
    history_append,
    history_stamp,
    row_lock,
)
from barriers.services.documents import meeting_documents_changed
from barriers.services.following import follow_event_outcome
from barriers.services.meetings import meeting_transition
from barriers.services.publishing import public_register_touch

# The barrier moves an outcome makes, starting from `scheduled` (on the frozen agenda).
OUTCOME_MOVES: dict[str, tuple[str, ...]] = {
    Outcome.DISCUSSED: (BarrierStatus.RAISED,),
    Outcome.ACTION_AGREED: (BarrierStatus.RAISED, BarrierStatus.ACTION_AGREED),
    Outcome.RESOLVED: (BarrierStatus.RAISED, BarrierStatus.RESOLVED),
    Outcome.PARTIALLY_RESOLVED: (BarrierStatus.RAISED, BarrierStatus.PARTIALLY_RESOLVED),
    # Not discussed: back to open, and carried over to the next draft.
    Outcome.DEFERRED: (BarrierStatus.OPEN,),
    Outcome.WITHDRAWN: (BarrierStatus.OPEN,),
}


def meeting_hold(*, meeting: Meeting, actor: User | None) -> Meeting:
    """The meeting has taken place: outcomes can now be recorded (never before its date)."""
    return meeting_transition(meeting=meeting, to=MeetingStatus.HELD, actor=actor)


def outcome_record(
    *,
    item: AgendaItem,
    outcome: str,
    actor: User,
    statement_india: str = "",
    statement_eaeu: str = "",
    counterpart_commitment: str = "",
    internal_note: str = "",
) -> AgendaItem:
    """Record what the meeting decided on one agenda item and move its barrier accordingly.

    The companies behind the barrier are told (public text only). The meeting stays held until
    the secretary closes it (meeting_close).
    """
    if outcome not in OUTCOME_MOVES:
        raise DomainError(f"'{outcome}' is not a meeting outcome.", field="outcome")
    with transaction.atomic():
        item = row_lock(AgendaItem, item.pk)
        meeting = row_lock(Meeting, item.meeting_id)
        if meeting.status != MeetingStatus.HELD:
            raise DomainError(
                f"Outcomes are recorded once the meeting is held; {meeting.code} is "
                f"{meeting.get_status_display().lower()}.",
                field="outcome",
            )
        if item.section != AgendaSection.AGENDA:
            raise DomainError("Only items on the agenda (not the reserve list) get an outcome.")
        if item.outcome:
            raise DomainError(
                f"The outcome of {item.barrier.reference} at {meeting.code} is already recorded "
                f"({item.get_outcome_display().lower()}).",
                field="outcome",
            )
        public_note = statement_eaeu or statement_india or Outcome(outcome).label
        moves = OUTCOME_MOVES[outcome]
        for step, target in enumerate(moves, start=1):
            # Exporters hear once per outcome: about where the barrier ends up.
            barrier_transition(
                barrier=item.barrier,
                to=target,
                actor=actor,
                note=f"{meeting.code}: {public_note}",
                notify=step == len(moves),
                follow_event=False,
            )
        item.outcome = outcome
        item.statement_india = statement_india
        item.statement_eaeu = statement_eaeu
        item.counterpart_commitment = counterpart_commitment
        item.internal_note = internal_note
        item.outcome_recorded_at = timezone.now()
        item.outcome_recorded_by = actor
        item.save(
            update_fields=[
                "outcome",
                "statement_india",
                "statement_eaeu",
                "counterpart_commitment",
                "internal_note",
                "outcome_recorded_at",
                "outcome_recorded_by",
            ]
        )
        barrier_figures_refresh(barrier_ids=[item.barrier_id])  # times_raised
        public_register_touch(barrier=item.barrier)
        follow_event_outcome(
            barrier=item.barrier,
            meeting_code=meeting.code,
            outcome_label=str(Outcome(outcome).label),
            outcome=outcome,
        )
        meeting_documents_changed(meeting=meeting)
    return item


def meeting_close(*, meeting: Meeting, actor: User) -> Meeting:
    """Close a held meeting once every agenda item has its outcome: its record is then final
    (no more outcomes, no new action points; the action points agreed are followed up on their
    own). A separate step, not the last outcome's side effect, so that the secretary can still
    add the action points agreed on the last item."""
    with transaction.atomic():
        meeting = row_lock(Meeting, meeting.pk)
        if meeting.status != MeetingStatus.HELD:
            raise DomainError(
                f"A meeting is closed once it is held; {meeting.code} is "
                f"{meeting.get_status_display().lower()}."
            )
        pending = list(
            AgendaItem.objects.filter(meeting=meeting, section=AgendaSection.AGENDA, outcome="")
            .order_by("track", "position")
            .values_list("barrier__reference", flat=True)
        )
        if pending:
            raise DomainError(
                f"{meeting.code} cannot be closed yet: record the outcome of "
                f"{', '.join(pending)} first."
            )
        return meeting_transition(
            meeting=meeting,
            to=MeetingStatus.CLOSED,
            actor=actor,
            note="Closed: every agenda item has an outcome.",
        )


# What an official may change on an action point (its status moves by action_point_transition).
ACTION_POINT_FIELDS = ("description", "party", "owner_agency", "regulator", "owner", "due_on")
# What an official may edit by hand on an agenda item; the section, position and outcome move
# through agenda_item_place, agenda_item_move and outcome_record.
AGENDA_ITEM_FIELDS = (
    "ask",
    "ask_ru",
    "statement_india",
    "statement_eaeu",
    "counterpart_commitment",
    "internal_note",
)


def action_point_fields_check(
    *,
    meeting: Meeting,
    description: str,
    party: str,
    due_on: dt.date | None,
    owner: User | None = None,
) -> None:
    """The rules an action point's fields follow, wherever they are set (form, service)."""
    if not (description or "").strip():
        raise DomainError("Say what was agreed.", field="description")
    if party not in Party.values:
        raise DomainError("Choose the India side or the EAEU side.", field="party")
    if due_on is None:
        raise DomainError("Give a due date.", field="due_on")
    if due_on < meeting.date:
        raise DomainError("The due date cannot be before the meeting.", field="due_on")
    if owner is not None and not (owner.is_staff and owner.is_active):
        raise DomainError("The owner is an active official.", field="owner")


def action_point_create(
    *,
    meeting: Meeting,
    barrier: Barrier,
    description: str,
    party: str,
    due_on: dt.date,
    actor: User,
    owner_agency: str = "",
    regulator: Regulator | None = None,
    owner: User | None = None,
) -> ActionPoint:
    """Record something a party agreed to do at a meeting (not once it is closed)."""
    if meeting.status == MeetingStatus.CLOSED:
        raise DomainError(
            f"{meeting.code} is closed: its record is final, and no action point is added to it.",
            field="meeting",
        )
    action_point_fields_check(
        meeting=meeting, description=description, party=party, due_on=due_on, owner=owner
    )
    item = AgendaItem.objects.filter(meeting=meeting, barrier=barrier).first()
    if item is None:
        raise DomainError(
            f"{barrier.reference} was not on the agenda of {meeting.code}.", field="barrier"
        )
    point = ActionPoint(
        meeting=meeting,
        agenda_item=item,
        barrier=barrier,
        description=description,
        party=party,
        due_on=due_on,
        owner_agency=owner_agency,
        regulator=regulator,
        owner=owner,
    )
    with transaction.atomic():
        history_stamp(point, actor=actor, reason="Action point agreed")
        point.save()
        history_append(
            subject=point, from_status="", to_status=point.status, actor=actor, is_public=False
        )
        meeting_documents_changed(meeting=meeting)
    return point


def action_point_update(*, action_point: ActionPoint, actor: User, **fields: object) -> ActionPoint:
    """Change what an action point says (what, who, by when); not its status."""
    unknown = set(fields) - set(ACTION_POINT_FIELDS)
    if unknown:
        raise DomainError(f"{', '.join(sorted(unknown))} cannot be changed here.")
    with transaction.atomic():
        point: ActionPoint = row_lock(ActionPoint, action_point.pk)
        names = [name for name, value in fields.items() if getattr(point, name) != value]
        for name in names:
            setattr(point, name, fields[name])
        action_point_fields_check(
            meeting=Meeting.objects.get(pk=point.meeting_id),
            description=point.description,
            party=point.party,
            due_on=point.due_on,
            owner=point.owner,
        )
        if names:
            history_stamp(point, actor=actor, reason="Action point changed")
            point.save(update_fields=names)
            meeting_documents_changed(meeting=point.meeting_id)
    return point


def action_point_transition(
    *,
    action_point: ActionPoint,
    to: str,
    actor: User | None,
    note: str = "",
    completed_on: dt.date | None = None,
    evidence: str = "",
) -> ActionPoint:
    """The one path by which an action point changes status: done, dropped, or open again.

    Done takes the day it was done (today if not given, never in the future) and what shows it.
    """
    with transaction.atomic():
        point: ActionPoint = row_lock(ActionPoint, action_point.pk)
        check_transition("action_point", point.status, to)
        from_status = point.status
        if to == ActionPointStatus.DONE:
            completed_on = completed_on or timezone.localdate()
            if completed_on > timezone.localdate():
                raise DomainError(
                    "The completion date cannot be in the future.", field="completed_on"
                )
            if evidence:
                point.evidence = evidence
        else:
            completed_on = None
        point.status = to
        point.completed_on = completed_on
        history_stamp(point, actor=actor, reason=f"Action point {to}")
        point.save(update_fields=["status", "completed_on", "evidence"])
        history_append(
            subject=point,
            from_status=from_status,
            to_status=to,
            actor=actor,
            note=note or evidence,
            is_public=False,
        )
        meeting_documents_changed(meeting=point.meeting_id)
    return point


def action_point_set_status(
    *,
    action_point: ActionPoint,
    status: str,
    actor: User,
    completed_on: dt.date | None = None,
    evidence: str = "",
) -> ActionPoint:
    """Mark an action point done (with its completion date and evidence), dropped, or open."""
    return action_point_transition(
        action_point=action_point,
        to=status,
        actor=actor,
        completed_on=completed_on,
        evidence=evidence,
    )


def agenda_item_update(*, item: AgendaItem, actor: User, **fields: str) -> AgendaItem:
    """Change an agenda item's ask or the statements recorded with its outcome, by hand."""
    unknown = set(fields) - set(AGENDA_ITEM_FIELDS)
    if unknown:
        raise DomainError(f"{', '.join(sorted(unknown))} cannot be changed here.")
    with transaction.atomic():
        locked: AgendaItem = row_lock(AgendaItem, item.pk)
        names = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in names:
            setattr(locked, name, fields[name])
        if names:
            history_stamp(locked, actor=actor, reason="Agenda item changed by hand")
            locked.save(update_fields=names)
            meeting_documents_changed(meeting=locked.meeting_id)
    return locked
