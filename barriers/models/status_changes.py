"""Status changes of reports, barriers, meetings and action points: the append-only record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barriers.models.barriers import Barrier
from barriers.models.meetings import ActionPoint, Meeting
from barriers.models.reports import Report


class StatusChange(models.Model):
    """One status change of a report, barrier, meeting or action point: who, when, from, to, why.

    Never edited; on PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE.
    """

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="status_changes"
    )
    barrier = models.ForeignKey(
        Barrier, on_delete=models.PROTECT, null=True, blank=True, related_name="status_changes"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="status_changes"
    )
    action_point = models.ForeignKey(
        ActionPoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system made the change (a scheduled task)."),
    )
    note = models.TextField(_("why"), blank=True)
    is_public = models.BooleanField(
        _("shown to exporters"), default=True, help_text=_("Part of the exporter's timeline.")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        report__isnull=False,
                        barrier__isnull=True,
                        meeting__isnull=True,
                        action_point__isnull=True,
                    )
                    | Q(
                        report__isnull=True,
                        barrier__isnull=False,
                        meeting__isnull=True,
                        action_point__isnull=True,
                    )
                    | Q(
                        report__isnull=True,
                        barrier__isnull=True,
                        meeting__isnull=False,
                        action_point__isnull=True,
                    )
                    | Q(
                        report__isnull=True,
                        barrier__isnull=True,
                        meeting__isnull=True,
                        action_point__isnull=False,
                    )
                ),
                name="statuschange_exactly_one_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["report", "created_at"], name="statuschange_report_idx"),
            models.Index(fields=["barrier", "created_at"], name="statuschange_barrier_idx"),
            models.Index(fields=["meeting", "created_at"], name="statuschange_meeting_idx"),
            models.Index(
                fields=["action_point", "created_at"], name="statuschange_actionpoint_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"
