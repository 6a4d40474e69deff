"""The status tables, checked without a database."""

from __future__ import annotations

import itertools

import pytest

from barriers.domain.errors import TransitionNotAllowed
from barriers.domain.transitions import TABLES, allowed_targets, check_transition
from barriers.models import ActionPointStatus, BarrierStatus, MeetingStatus, ReportStatus

STATUSES = {
    "report": ReportStatus,
    "barrier": BarrierStatus,
    "meeting": MeetingStatus,
    "action_point": ActionPointStatus,
}

ALL_PAIRS = [
    (entity, a, b)
    for entity, choices in STATUSES.items()
    for a, b in itertools.product(choices.values, repeat=2)
]


@pytest.mark.parametrize(("entity", "current", "target"), ALL_PAIRS)
def test_check_transition_follows_the_table(entity: str, current: str, target: str) -> None:
    if target in TABLES[entity][current]:
        check_transition(entity, current, target)
    else:
        with pytest.raises(TransitionNotAllowed) as excinfo:
            check_transition(entity, current, target)
        assert current in excinfo.value.message and target in excinfo.value.message


def test_every_status_has_a_row_in_its_table() -> None:
    for entity, choices in STATUSES.items():
        assert set(TABLES[entity]) == set(choices.values)
        for targets in TABLES[entity].values():
            assert targets <= set(choices.values)


def test_report_lifecycle_matches_the_product() -> None:
    assert allowed_targets("report", "submitted") == {"under_review", "withdrawn"}
    assert {"info_requested", "accepted", "rejected"} <= allowed_targets("report", "under_review")
    assert "under_review" in allowed_targets("report", "info_requested")
    for final in ("accepted", "rejected", "withdrawn"):
        assert allowed_targets("report", final) == set()


def test_resolved_barrier_can_only_be_reopened() -> None:
    assert allowed_targets("barrier", "resolved") == {"open"}


def test_meeting_moves_forward_only() -> None:
    order = ["planned", "agenda_draft", "agenda_frozen", "held", "closed"]
    for before, after in itertools.pairwise(order):
        assert allowed_targets("meeting", before) == {after}


def test_unknown_target_status_is_refused() -> None:
    with pytest.raises(TransitionNotAllowed, match="not a status"):
        check_transition("report", "submitted", "approved")


def test_action_point_is_done_or_dropped_once_and_can_be_reopened() -> None:
    assert allowed_targets("action_point", "open") == {"done", "dropped"}
    assert allowed_targets("action_point", "done") == {"open"}
    assert allowed_targets("action_point", "dropped") == {"open"}
    with pytest.raises(TransitionNotAllowed, match="An action point cannot move"):
        check_transition("action_point", "done", "dropped")
