"""Officials move a barrier by hand, outside a meeting: resolve, partially resolve, close
unresolved (with a reason), reopen; and decide on a fix a company says does not hold.

Every door (the admin's confirmation pages, the API) calls these services. Each move goes through
`barrier_transition` (history row, e-mail to the companies through the outbox) and tells the
counterpart's focal points when the barrier is shared with their regulator.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from barriers import notifications
from barriers.domain.errors import DomainError, StateConflict
from barriers.domain.transitions import check_official_move
from barriers.models import Barrier, BarrierStatus, ClosureReason, StatusChange, User
from barriers.services.barriers import barrier_transition
from barriers.services.base import history_stamp, row_lock
from barriers.services.reports import message_post

# The admin's permission to change a barrier: triage officers and agenda secretaries hold it.
LIFECYCLE_PERMISSION = "barriers.change_barrier"
NOTE_MAX_LENGTH = 2000


def lifecycle_may_move(actor: User | None) -> bool:
    """Whether `actor` may resolve, close or reopen barriers (an active official allowed to
    change barriers, as in the admin)."""
    return bool(
        actor is not None
        and actor.is_active
        and actor.is_staff
        and actor.has_perm(LIFECYCLE_PERMISSION)
    )


def _require(actor: User | None) -> User:
    if actor is None or not lifecycle_may_move(actor):
        raise DomainError(
            "Only officials allowed to change barriers (triage officers and agenda secretaries) "
            "can resolve, close or reopen a barrier."
        )
    return actor


def _text(value: str, *, field: str) -> str:
    value = (value or "").strip()
    if len(value) > NOTE_MAX_LENGTH:
        raise DomainError(
            f"Keep it to {NOTE_MAX_LENGTH} characters (it has {len(value)}).", field=field
        )
    return value


def _move(
    *, barrier: Barrier, to: str, actor: User, note: str, closure_reason: str = ""
) -> Barrier:
    """Check the move, then transition (history, companies' e-mail; a review flag is cleared
    on leaving `resolved`) and tell the counterpart; one transaction."""
    with transaction.atomic():
        locked = row_lock(Barrier, barrier.pk)
        check_official_move(locked.status, to)
        moved = barrier_transition(barrier=locked, to=to, actor=actor, note=note)
        event = StatusChange.objects.filter(barrier=moved).order_by("-created_at", "-pk").first()
        if closure_reason:
            moved.closure_reason = closure_reason
            moved.save(update_fields=["closure_reason"])
        if event is not None:
            notifications.barrier_moved_counterpart_queue(barrier=moved, event_id=event.pk)
    return moved


def barrier_mark_resolved(*, barrier: Barrier, actor: User | None, note: str = "") -> Barrier:
    """An official considers the barrier resolved; its exporters are asked to confirm."""
    official = _require(actor)
    return _move(
        barrier=barrier,
        to=BarrierStatus.RESOLVED,
        actor=official,
        note=_text(note, field="note"),
    )


def barrier_mark_partially_resolved(
    *, barrier: Barrier, actor: User | None, note: str = ""
) -> Barrier:
    """An official records that part of the barrier is solved; the rest is still pursued."""
    official = _require(actor)
    return _move(
        barrier=barrier,
        to=BarrierStatus.PARTIALLY_RESOLVED,
        actor=official,
        note=_text(note, field="note"),
    )


def barrier_close_unresolved(
    *, barrier: Barrier, actor: User | None, reason: str, note: str = ""
) -> Barrier:
    """An official stops pursuing the barrier without a solution, for a reason from the list
    (explained in the note when it is 'other')."""
    official = _require(actor)
    if reason not in ClosureReason.values:
        raise DomainError("Choose why the barrier is closed.", field="reason")
    note = _text(note, field="note")
    if reason == ClosureReason.OTHER and not note:
        raise DomainError("Explain the reason when it is 'other'.", field="note")
    label = str(ClosureReason(reason).label)
    return _move(
        barrier=barrier,
        to=BarrierStatus.CLOSED_UNRESOLVED,
        actor=official,
        note=f"{label}. {note}" if note else label,
        closure_reason=reason,
    )


def barrier_reopen_by_official(*, barrier: Barrier, actor: User | None, reason: str) -> Barrier:
    """An official reopens a resolved or closed barrier, saying why; a review flag is cleared."""
    official = _require(actor)
    reason = _text(reason, field="reason")
    if not reason:
        raise DomainError("Say why the barrier is reopened.", field="reason")
    return _move(barrier=barrier, to=BarrierStatus.OPEN, actor=official, note=reason)


def barrier_keep_resolved(*, barrier: Barrier, actor: User | None, note: str) -> Barrier:
    """An official decides that a flagged barrier stays resolved despite a company's "not
    fixed": the flag is cleared and the decision kept as an internal note."""
    official = _require(actor)
    note = _text(note, field="note")
    if not note:
        raise DomainError("Say why the barrier stays resolved.", field="note")
    with transaction.atomic():
        locked = row_lock(Barrier, barrier.pk)
        if locked.status != BarrierStatus.RESOLVED or locked.review_flagged_at is None:
            raise StateConflict(
                f"{locked.reference} is not a resolved barrier flagged for review.",
                code="not_flagged",
            )
        locked.review_flagged_at = None
        locked.review_flagged_by = None
        locked.updated_at = timezone.now()
        history_stamp(locked, actor=official, reason="Kept resolved after review")
        locked.save(update_fields=["review_flagged_at", "review_flagged_by", "updated_at"])
        message_post(
            actor=official,
            barrier=locked,
            body=f"Kept resolved after review: {note}",
            internal=True,
        )
    return locked
