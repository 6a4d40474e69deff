"""Meetings, their agenda items and action points, and the routing settings that draft agendas."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barriers.models.barriers import Barrier
from barriers.models.choices import (
    ActionPointStatus,
    AgendaSection,
    MeetingFormat,
    MeetingStatus,
    Outcome,
    Party,
    Remit,
    _choices_check,
)
from barriers.models.history import AuditHistory
from barriers.models.reference import Regulator


class Meeting(models.Model):
    """One quarterly India–EAEU regulator-level meeting."""

    code = models.CharField(
        _("code"),
        max_length=7,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{4}-Q[1-4]$", _("Use the form 2026-Q2."))],
    )
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    format = models.CharField(
        _("format"), max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.HYBRID
    )
    india_participants = models.TextField(_("participating authorities (India)"), blank=True)
    eaeu_participants = models.ManyToManyField(
        Regulator, blank=True, related_name="meetings", verbose_name=_("participating regulators")
    )
    cutoff_on = models.DateField(_("agenda cut-off date"))
    circulate_on = models.DateField(_("draft agenda circulated on"))
    capacity = models.PositiveSmallIntegerField(_("capacity (agenda items)"), default=20)
    # Per track (a Remit value) the most items drafting puts on the agenda, e.g.
    # {"veterinary": 6}; a track not listed may fill the meeting-wide capacity. Kept valid by
    # routing.track_capacity_check (services.meeting_update).
    track_capacity = models.JSONField(_("capacity per track"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When the joint edition of the agenda went to the EAEU side (services.agenda_circulate).
    joint_circulated_at = models.DateTimeField(
        _("joint agenda circulated at"), null=True, blank=True
    )
    joint_circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = AuditHistory()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date"]
        constraints = [
            _choices_check("status", MeetingStatus, "meeting_status_valid"),
            _choices_check("format", MeetingFormat, "meeting_format_valid"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="meeting_capacity_positive"),
            models.CheckConstraint(
                condition=Q(cutoff_on__lte=F("date")), name="meeting_cutoff_before_date"
            ),
            models.CheckConstraint(
                condition=Q(circulate_on__lte=F("date")), name="meeting_circulate_before_date"
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}-Q[1-4]$"), name="meeting_code_format"
            ),
        ]
        indexes = [models.Index(fields=["status", "date"], name="meeting_status_date_idx")]

    def __str__(self) -> str:
        return self.code


class RoutingSettings(models.Model):
    """The priority weights and meeting defaults officials can change (one row)."""

    weight_trade_value = models.DecimalField(
        _("weight: trade value at stake"), max_digits=6, decimal_places=2, default=Decimal("30")
    )
    weight_companies = models.DecimalField(
        _("weight: companies affected"), max_digits=6, decimal_places=2, default=Decimal("25")
    )
    weight_days_overdue = models.DecimalField(
        _("weight: days overdue"), max_digits=6, decimal_places=2, default=Decimal("25")
    )
    weight_perishability = models.DecimalField(
        _("weight: perishable goods"), max_digits=6, decimal_places=2, default=Decimal("10")
    )
    weight_manual_priority = models.DecimalField(
        _("weight: manual priority"), max_digits=6, decimal_places=2, default=Decimal("10")
    )
    weight_counterpart_overdue = models.DecimalField(
        _("weight: counterpart's answer overdue"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("10"),
        help_text=_(
            "Scores in full when an answer the EAEU regulator owes (a counterpart deadline) is "
            "overdue on the day the agenda is drafted."
        ),
    )
    trade_value_full_usd = models.DecimalField(
        _("trade value that scores in full (USD)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("10000000"),
        help_text=_("Trade value is scored on a logarithmic scale up to this amount."),
    )
    companies_full = models.PositiveSmallIntegerField(_("companies that score in full"), default=10)
    days_overdue_full = models.PositiveSmallIntegerField(
        _("days overdue that score in full"), default=365
    )
    cutoff_days_before = models.PositiveSmallIntegerField(
        _("agenda cut-off (days before the meeting)"), default=20
    )
    circulate_days_before = models.PositiveSmallIntegerField(
        _("draft agenda circulated (days before the meeting)"), default=15
    )
    default_capacity = models.PositiveSmallIntegerField(
        _("default capacity (agenda items)"), default=20
    )
    escalate_after_meetings = models.PositiveSmallIntegerField(
        _("flag for escalation after this many meetings without resolution"), default=2
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = AuditHistory()

    class Meta:
        verbose_name = _("routing settings")
        verbose_name_plural = _("routing settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="routingsettings_single_row"),
            models.CheckConstraint(
                condition=Q(weight_trade_value__gte=0)
                & Q(weight_companies__gte=0)
                & Q(weight_days_overdue__gte=0)
                & Q(weight_perishability__gte=0)
                & Q(weight_manual_priority__gte=0)
                & Q(weight_counterpart_overdue__gte=0),
                name="routingsettings_weights_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(trade_value_full_usd__gt=0)
                & Q(companies_full__gt=0)
                & Q(days_overdue_full__gt=0)
                & Q(default_capacity__gt=0),
                name="routingsettings_scales_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Routing settings"))


class AgendaItem(models.Model):
    """A barrier placed on a meeting's agenda (or its reserve list), and its outcome."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    barrier = models.ForeignKey(Barrier, on_delete=models.PROTECT, related_name="agenda_items")
    section = models.CharField(
        _("section"), max_length=10, choices=AgendaSection.choices, default=AgendaSection.AGENDA
    )
    track = models.CharField(_("track"), max_length=30, choices=Remit.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    score = models.DecimalField(_("priority score"), max_digits=10, decimal_places=3, default=0)
    score_breakdown = models.JSONField(_("score breakdown"), default=dict, blank=True)
    reason = models.TextField(_("why it is on the agenda"), blank=True)
    is_carry_over = models.BooleanField(_("previously raised"), default=False)
    times_raised = models.PositiveSmallIntegerField(_("times raised before"), default=0)
    escalate = models.BooleanField(_("flagged for escalation"), default=False)
    manually_changed = models.BooleanField(_("changed by hand"), default=False)
    ask = models.TextField(_("the ask"), blank=True)
    ask_ru = models.TextField(_("the ask in Russian"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    statement_india = models.TextField(_("statement of the Indian side"), blank=True)
    statement_eaeu = models.TextField(_("statement of the EAEU side"), blank=True)
    counterpart_commitment = models.TextField(_("counterpart's commitment"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Field history: officials edit the section, the ask and the statements by hand, and every
    # such change must say who and when. Drafting writes its history in bulk (`+`, `~`, `-`),
    # with the drafting official as the user.
    history = AuditHistory(excluded_fields=["score_breakdown"])

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "section", "track", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "barrier"], name="agendaitem_one_per_barrier_per_meeting"
            ),
            _choices_check("section", AgendaSection, "agendaitem_section_valid"),
            _choices_check("track", Remit, "agendaitem_track_valid"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values),
                name="agendaitem_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(section=AgendaSection.AGENDA),
                name="agendaitem_outcome_only_on_agenda",
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "section", "position"], name="agendaitem_order_idx"),
            models.Index(fields=["barrier", "meeting"], name="agendaitem_barrier_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting.code} #{self.position} {self.barrier.reference}"


class ActionPoint(models.Model):
    """Something a party agreed to do at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_points")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_points"
    )
    barrier = models.ForeignKey(Barrier, on_delete=models.PROTECT, related_name="action_points")
    description = models.TextField(_("what"))
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    owner_agency = models.CharField(_("owner agency"), max_length=200, blank=True)
    regulator = models.ForeignKey(
        Regulator, on_delete=models.PROTECT, null=True, blank=True, related_name="action_points"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_points",
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ActionPointStatus.choices,
        default=ActionPointStatus.OPEN,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    evidence = models.TextField(_("evidence of completion"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = AuditHistory()

    class Meta:
        verbose_name = _("action point")
        verbose_name_plural = _("action points")
        ordering = ["due_on", "pk"]
        constraints = [
            _choices_check("party", Party, "actionpoint_party_valid"),
            _choices_check("status", ActionPointStatus, "actionpoint_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ActionPointStatus.DONE) | Q(completed_on__isnull=False),
                name="actionpoint_done_has_completion_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="actionpoint_status_due_idx")]

    def __str__(self) -> str:
        return f"{self.meeting.code}: {self.description[:60]}"
