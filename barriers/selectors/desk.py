"""What waits for an official: the first thing the officials' desk (the admin's home) shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    Barrier,
    Deadline,
    Meeting,
    MeetingStatus,
    Party,
    User,
)
from barriers.selectors.reports import overdue_for_first_decision, triage_queue


@dataclass(frozen=True)
class WorkWaiting:
    """Counts of the work waiting, for one official, on one day."""

    my_queue: int  # reports in the triage queue the official owns
    queue: int  # every report in the triage queue
    unassigned: int  # reports in the queue nobody owns yet
    overdue_first_decision: int  # reports in the queue past the first-decision target
    due_from_eaeu: int  # answers the EAEU side owes (open deadlines)
    overdue_from_eaeu: int
    due_to_eaeu: int  # answers India owes the EAEU side
    overdue_to_eaeu: int
    action_points_overdue: int  # open action points past their due date
    flagged_for_review: int  # resolved barriers a company says are not fixed
    info_requests_lapsed: int  # reports back in the queue: the exporter did not answer in time
    next_meeting: Meeting | None  # the next meeting not yet held, with its agenda cut-off


def work_waiting(*, viewer: User, today: dt.date | None = None) -> WorkWaiting:
    """The work waiting for `viewer` and the desk as a whole (five queries)."""
    today = today or timezone.localdate()
    queue = (
        triage_queue()
        .order_by()
        .aggregate(
            total=Count("pk"),
            mine=Count("pk", filter=Q(owner=viewer)),
            unassigned=Count("pk", filter=Q(owner__isnull=True)),
            overdue=Count("pk", filter=overdue_for_first_decision(today=today)),
            lapsed=Count("pk", filter=Q(info_request_lapsed_at__isnull=False)),
        )
    )
    late = Q(due_on__lt=today)
    deadlines = Deadline.objects.filter(met_at__isnull=True, cancelled=False).aggregate(
        from_eaeu=Count("pk", filter=Q(party=Party.EAEU)),
        from_eaeu_late=Count("pk", filter=Q(party=Party.EAEU) & late),
        to_eaeu=Count("pk", filter=Q(party=Party.INDIA)),
        to_eaeu_late=Count("pk", filter=Q(party=Party.INDIA) & late),
    )
    action_points_overdue = ActionPoint.objects.filter(
        status=ActionPointStatus.OPEN, due_on__lt=today
    ).count()
    flagged = Barrier.objects.filter(review_flagged_at__isnull=False).count()
    next_meeting = (
        Meeting.objects.filter(date__gte=today)
        .exclude(status__in=[MeetingStatus.HELD, MeetingStatus.CLOSED])
        .order_by("date", "pk")
        .first()
    )
    return WorkWaiting(
        my_queue=queue["mine"],
        queue=queue["total"],
        unassigned=queue["unassigned"],
        overdue_first_decision=queue["overdue"],
        due_from_eaeu=deadlines["from_eaeu"],
        overdue_from_eaeu=deadlines["from_eaeu_late"],
        due_to_eaeu=deadlines["to_eaeu"],
        overdue_to_eaeu=deadlines["to_eaeu_late"],
        action_points_overdue=action_points_overdue,
        flagged_for_review=flagged,
        info_requests_lapsed=queue["lapsed"],
        next_meeting=next_meeting,
    )
