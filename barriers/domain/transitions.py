"""The allowed status moves of reports, barriers, meetings and action points, and every named
group of statuses the rest of the code tests against. Pure Python."""

from __future__ import annotations

from collections.abc import Mapping

from barriers.domain.errors import TransitionNotAllowed
from barriers.models import ActionPointStatus, BarrierStatus, MeetingStatus, ReportStatus

R = ReportStatus
B = BarrierStatus
M = MeetingStatus

REPORT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    R.SUBMITTED: frozenset({R.UNDER_REVIEW, R.WITHDRAWN}),
    R.UNDER_REVIEW: frozenset({R.INFO_REQUESTED, R.ACCEPTED, R.REJECTED, R.WITHDRAWN}),
    R.INFO_REQUESTED: frozenset({R.UNDER_REVIEW, R.REJECTED, R.WITHDRAWN}),
    R.ACCEPTED: frozenset(),
    R.REJECTED: frozenset(),
    R.WITHDRAWN: frozenset(),
}

# A barrier not resolved at a meeting (raised, action agreed, partially resolved) stays a
# candidate for the next agenda and is scheduled again when that agenda is frozen. `open` from
# resolved or closed is the "reopened" move; from scheduled, the barrier was taken off the agenda.
BARRIER_TRANSITIONS: Mapping[str, frozenset[str]] = {
    B.OPEN: frozenset({B.SCHEDULED, B.RESOLVED, B.CLOSED_UNRESOLVED}),
    B.SCHEDULED: frozenset({B.RAISED, B.OPEN, B.RESOLVED, B.CLOSED_UNRESOLVED}),
    B.RAISED: frozenset(
        {B.ACTION_AGREED, B.RESOLVED, B.PARTIALLY_RESOLVED, B.SCHEDULED, B.CLOSED_UNRESOLVED}
    ),
    B.ACTION_AGREED: frozenset(
        {B.RESOLVED, B.PARTIALLY_RESOLVED, B.SCHEDULED, B.CLOSED_UNRESOLVED}
    ),
    B.PARTIALLY_RESOLVED: frozenset({B.RESOLVED, B.SCHEDULED, B.OPEN, B.CLOSED_UNRESOLVED}),
    B.RESOLVED: frozenset({B.OPEN}),
    B.CLOSED_UNRESOLVED: frozenset({B.OPEN}),
}

MEETING_TRANSITIONS: Mapping[str, frozenset[str]] = {
    M.PLANNED: frozenset({M.AGENDA_DRAFT}),
    M.AGENDA_DRAFT: frozenset({M.AGENDA_FROZEN}),
    M.AGENDA_FROZEN: frozenset({M.HELD}),
    M.HELD: frozenset({M.CLOSED}),
    M.CLOSED: frozenset(),
}

A = ActionPointStatus

# An action point is done or dropped once; either can be undone (back to open) when the work
# turns out not to be done after all, or a dropped point is taken up again. Done and dropped
# never swap directly: reopen first, so the history says so.
ACTION_POINT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    A.OPEN: frozenset({A.DONE, A.DROPPED}),
    A.DONE: frozenset({A.OPEN}),
    A.DROPPED: frozenset({A.OPEN}),
}

TABLES: Mapping[str, Mapping[str, frozenset[str]]] = {
    "report": REPORT_TRANSITIONS,
    "barrier": BARRIER_TRANSITIONS,
    "meeting": MEETING_TRANSITIONS,
    "action_point": ACTION_POINT_TRANSITIONS,
}

# How a refusal names the entity ("An action point cannot move ...").
ENTITY_NAMES: Mapping[str, str] = {"action_point": "action point"}

# Report statuses in which the exporter may still edit or withdraw the report.
REPORT_EDITABLE = frozenset({R.SUBMITTED, R.INFO_REQUESTED})
# Reports waiting for officials: the triage queue.
REPORT_AWAITING_TRIAGE = frozenset({R.SUBMITTED, R.UNDER_REVIEW})
# Reports no official has decided on yet: the exporter's trade is still held up by them.
REPORT_PENDING = frozenset({R.SUBMITTED, R.UNDER_REVIEW, R.INFO_REQUESTED})
# Reports that are finished with (withdrawn or rejected): no more triage steps, no new evidence.
REPORT_CLOSED = frozenset({R.WITHDRAWN, R.REJECTED})
# Barriers that are still being pursued.
BARRIER_ACTIVE = frozenset({B.OPEN, B.SCHEDULED, B.RAISED, B.ACTION_AGREED, B.PARTIALLY_RESOLVED})
# Barriers that are finished with: no report may be attached to them any more.
BARRIER_CLOSED = frozenset({B.RESOLVED, B.CLOSED_UNRESOLVED})
# The moves officials make on a barrier by hand, outside a meeting, and the statuses each starts
# from (within BARRIER_TRANSITIONS). Reopening is for a barrier that was finished with; `open`
# from scheduled or partially resolved is the agenda's business, not a reopening.
BARRIER_OFFICIAL_MOVES: Mapping[str, frozenset[str]] = {
    B.RESOLVED: frozenset(s for s, targets in BARRIER_TRANSITIONS.items() if B.RESOLVED in targets),
    B.PARTIALLY_RESOLVED: frozenset(
        s for s, targets in BARRIER_TRANSITIONS.items() if B.PARTIALLY_RESOLVED in targets
    ),
    B.CLOSED_UNRESOLVED: frozenset(
        s for s, targets in BARRIER_TRANSITIONS.items() if B.CLOSED_UNRESOLVED in targets
    ),
    B.OPEN: BARRIER_CLOSED,
}
# Meetings whose agenda may still be drafted and edited.
MEETING_AGENDA_EDITABLE = frozenset({M.PLANNED, M.AGENDA_DRAFT})
# Meetings that have taken place: outcomes may be recorded and exported.
MEETING_TOOK_PLACE = frozenset({M.HELD, M.CLOSED})


def allowed_targets(entity: str, current: str) -> frozenset[str]:
    """The statuses `entity` may move to from `current`."""
    return TABLES[entity].get(current, frozenset())


def check_official_move(current: str, target: str) -> None:
    """Raise TransitionNotAllowed unless an official may move a barrier from `current` to
    `target` by hand (BARRIER_OFFICIAL_MOVES)."""
    if target not in BARRIER_OFFICIAL_MOVES:
        raise TransitionNotAllowed(
            f"Officials do not move a barrier to '{target}' by hand; the agenda does."
        )
    check_transition("barrier", current, target)
    if current not in BARRIER_OFFICIAL_MOVES[target]:
        raise TransitionNotAllowed(
            f"Only a resolved or closed barrier is reopened; this one is '{current}'."
        )


def check_transition(entity: str, current: str, target: str) -> None:
    """Raise TransitionNotAllowed unless `entity` may move from `current` to `target`."""
    name = ENTITY_NAMES.get(entity, entity)
    article = "an" if name[0] in "aeiou" else "a"
    if target not in TABLES[entity]:
        raise TransitionNotAllowed(f"'{target}' is not a status {article} {name} can have.")
    if target not in allowed_targets(entity, current):
        allowed = ", ".join(sorted(allowed_targets(entity, current))) or "none"
        raise TransitionNotAllowed(
            f"{article.capitalize()} {name} cannot move from '{current}' to '{target}' "
            f"(allowed from '{current}': {allowed})."
        )
