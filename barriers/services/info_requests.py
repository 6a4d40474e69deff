"""Officials' requests for information from exporters: reminders and lapsing, on India's days."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from barriers import notifications
from barriers.domain import workdays
from barriers.models import Report, ReportStatus
from barriers.services.reports import report_transition


def info_request_lapse(*, report: Report, today: dt.date) -> Report | None:
    """Send an unanswered request's report back to the triage queue, flagged as lapsed, and
    tell the exporter (once). None when the report is no longer waiting past its due day."""
    with transaction.atomic():
        locked = (
            Report.objects.select_for_update()
            .filter(pk=report.pk, status=ReportStatus.INFO_REQUESTED, info_due_on__lt=today)
            .first()
        )
        if locked is None:
            return None
        due_on = locked.info_due_on
        assert due_on is not None
        # The e-mail names the due day, which the move below clears.
        notifications.info_request_reminder_queue(report=locked, when="after")
        locked = report_transition(
            report=locked,
            to=ReportStatus.UNDER_REVIEW,
            actor=None,
            note=(
                f"Information request lapsed: no answer by {due_on:%d %B %Y}. "
                "The report is back with officials."
            ),
        )
        now = timezone.now()
        locked.info_request_lapsed_at = now
        locked.info_reminded_after_at = now
        locked.save(update_fields=["info_request_lapsed_at", "info_reminded_after_at"])
    return locked


def info_request_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind exporters of officials' questions due within a few working days, and lapse those
    past their day. Each reminder goes once per request (stamped, and deduplicated in the
    outbox); returns how many e-mails were queued."""
    today = today or timezone.localdate()
    before = settings.INFO_REQUEST_REMINDER_WORKING_DAYS_BEFORE
    sent = 0
    waiting = (
        Report.objects.filter(status=ReportStatus.INFO_REQUESTED, info_due_on__isnull=False)
        .only("pk", "info_due_on", "info_reminded_before_at")
        .order_by("info_due_on", "pk")
    )
    for report in waiting:
        due_on = report.info_due_on
        assert due_on is not None
        if due_on < today:
            if info_request_lapse(report=report, today=today) is not None:
                sent += 1
            continue
        if report.info_reminded_before_at is not None:
            continue
        if workdays.working_days_between(today, due_on, workdays.INDIA) > before:
            continue
        with transaction.atomic():
            locked = (
                Report.objects.select_for_update()
                .filter(
                    pk=report.pk,
                    status=ReportStatus.INFO_REQUESTED,
                    info_due_on=due_on,
                    info_reminded_before_at__isnull=True,
                )
                .first()
            )
            if locked is None:
                continue
            locked.info_reminded_before_at = timezone.now()
            locked.save(update_fields=["info_reminded_before_at"])
            notifications.info_request_reminder_queue(report=locked, when="before")
            sent += 1
    return sent
