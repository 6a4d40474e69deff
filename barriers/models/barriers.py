"""Barriers: the underlying problems, as triaged by officials, each gathering its reports."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barriers.models.choices import (
    BarrierStatus,
    ClosureReason,
    PendingOn,
    Sector,
    _choices_check,
)
from barriers.models.history import AuditHistory
from barriers.models.reference import BarrierKind, Country, HSCode, LegalBasis, Regulator


class Barrier(models.Model):
    """The underlying problem, as triaged by officials; gathers one or more reports."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=250, blank=True)
    summary_ru = models.TextField(_("summary in Russian"), blank=True)
    ask = models.TextField(
        _("the ask"), blank=True, help_text=_("What India asks of the counterpart.")
    )
    ask_ru = models.TextField(_("the ask in Russian"), blank=True)
    barrier_kind = models.ForeignKey(
        BarrierKind, on_delete=models.PROTECT, related_name="barriers", verbose_name=_("kind")
    )
    regulator = models.ForeignKey(
        Regulator, on_delete=models.PROTECT, null=True, blank=True, related_name="barriers"
    )
    destination_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="barriers",
        verbose_name=_("country"),
        help_text=_("Empty when the barrier is at EAEU level."),
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    # The technical regulation or EEC decision at issue: the reference list the counterpart's
    # positions cite (Exchange.legal_basis), not a second one.
    legal_basis = models.ForeignKey(
        LegalBasis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="barriers",
        verbose_name=_("legal basis"),
        help_text=_("The technical regulation or EEC decision at issue, if known."),
    )
    hs_codes = models.ManyToManyField(HSCode, blank=True, related_name="barriers")
    status = models.CharField(
        _("status"), max_length=30, choices=BarrierStatus.choices, default=BarrierStatus.OPEN
    )
    pending_on = models.CharField(
        _("pending on"), max_length=20, choices=PendingOn.choices, default=PendingOn.EAEU
    )
    manual_priority = models.SmallIntegerField(
        _("manual priority"),
        default=0,
        validators=[MinValueValidator(-5), MaxValueValidator(5)],
        help_text=_("From -5 to 5; officials' own weighting of this barrier."),
    )
    on_hold = models.BooleanField(_("on hold"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_barriers",
        limit_choices_to={"is_staff": True},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"),
        max_length=30,
        choices=ClosureReason.choices,
        blank=True,
        help_text=_("Why officials closed the barrier unresolved; empty otherwise."),
    )
    # Set when a company says a resolved barrier's fix does not hold (services.barrier_confirm_fix);
    # cleared when an official decides (reopens it, or keeps it resolved).
    review_flagged_at = models.DateTimeField(_("flagged for review at"), null=True, blank=True)
    review_flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("flagged for review by"),
    )
    # The earliest day a decision is due on one of the barrier's reports still waiting for one
    # (applied_on + its kind's usual_decision_days; empty when none waits), kept by
    # services.barrier_decision_due_refresh wherever a report joins or leaves the barrier or its
    # dates or kind change, and when a kind's usual decision time changes. Overdue: before today
    # (the admin's "overdue" filter reads this column, not the reports).
    decision_due_on = models.DateField(_("decision due on"), null=True, blank=True, editable=False)
    # The barrier's figures, kept by services.barrier_figures_refresh wherever a report joins or
    # leaves the barrier or its trade value changes, an outcome is recorded, a meeting moves in
    # or out of the statuses in which it took place, or an agenda item or meeting is deleted: the
    # officials' barrier list and page read them with the row (no subquery per barrier).
    report_count = models.PositiveIntegerField(_("reports"), default=0, editable=False)
    companies_affected = models.PositiveIntegerField(
        _("companies affected"), default=0, editable=False
    )
    total_trade_value_usd = models.DecimalField(
        _("total trade value (USD)"),
        max_digits=16,
        decimal_places=2,
        default=Decimal("0"),
        editable=False,
    )
    # Times raised at a meeting that took place, with an outcome other than deferred.
    times_raised = models.PositiveIntegerField(_("times raised"), default=0, editable=False)
    # Reference, titles, summary and HS codes, lowercased, kept by
    # services.barrier_search_text_refresh; on PostgreSQL a trigram index on UPPER() of its
    # search_tokens (migration 0055) serves the substrings a search matches.
    # The public register (services.publishing): reviewed texts, separate from the internal
    # title and summary and from the counterpart's; published while published_at is set.
    public_title = models.CharField(_("public title"), max_length=200, blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    public_show_companies = models.BooleanField(
        _("name consenting companies publicly"),
        default=False,
        help_text=_(
            "Only companies that consented to be named publicly are ever shown; the others are "
            "counted."
        ),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    # The last change the public sees (publication, public text, status, an outcome): the feed.
    public_changed_at = models.DateTimeField(_("public change at"), null=True, blank=True)
    # The public texts, lowercased, for the register's search (selectors.public_barriers_search);
    # empty while unpublished.
    public_search_text = models.TextField(blank=True, default="", editable=False)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    # On PostgreSQL, the words of search_text that hold a digit or a joined part (references,
    # IECs, HS codes, application numbers, "phy-77"), written by the same trigger as search_vector
    # (migration 0055): what a search matches as a substring, through a trigram index far
    # smaller than one on the whole text (which cost every filing about 0.3 ms). Empty on
    # SQLite, whose search reads search_text.
    search_tokens = models.TextField(blank=True, default="", editable=False)
    # On PostgreSQL, the full-text document of the row: a trigger (migration 0028) builds it from
    # the title (weight A) and the search text (weight B) with the English and Russian
    # configurations whenever the row is written; GIN-indexed. Always empty on SQLite, whose
    # search reads search_text (selectors.search).
    search_vector = SearchVectorField(null=True, editable=False)
    # On PostgreSQL, the weight-A part of search_vector alone (reference and titles), small
    # enough to be stored inline: the search ranks by it, so that ranking thousands of
    # matches does not unpack each row's whole document (migration 0036).
    title_vector = SearchVectorField(null=True, editable=False)

    history = AuditHistory(
        excluded_fields=[
            "updated_at",
            "search_text",
            "search_tokens",
            "search_vector",
            "title_vector",
            "public_changed_at",
            "public_search_text",
            "decision_due_on",
            "report_count",
            "companies_affected",
            "total_trade_value_usd",
            "times_raised",
        ]
    )

    class Meta:
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")
        ordering = ["-created_at"]
        # Triage officers classify a barrier and set its regulator, priority and owner; other
        # officials who may change a barrier (agenda secretaries: its ask and Russian texts for
        # the agenda) see those fields read-only.
        permissions = [
            ("triage_barrier", "Can set a barrier's classification, regulator, priority and owner"),
            ("share_barrier", "Can share a barrier with its regulator's focal points"),
            ("publish_barrier", "Can publish a barrier on the public register"),
        ]
        constraints = [
            _choices_check("status", BarrierStatus, "barrier_status_valid"),
            _choices_check("sector", Sector, "barrier_sector_valid"),
            _choices_check("pending_on", PendingOn, "barrier_pending_on_valid"),
            models.CheckConstraint(
                condition=Q(closure_reason="") | Q(closure_reason__in=ClosureReason.values),
                name="barrier_closure_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(manual_priority__gte=-5, manual_priority__lte=5),
                name="barrier_manual_priority_range",
            ),
            models.CheckConstraint(
                condition=Q(reference__regex=r"^BAR-[0-9]{4}-[0-9]{4,}$"),
                name="barrier_reference_format",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "on_hold"], name="barrier_status_hold_idx"),
            models.Index(fields=["regulator", "status"], name="barrier_regulator_status_idx"),
            models.Index(fields=["destination_country", "status"], name="barrier_country_idx"),
            models.Index(fields=["barrier_kind", "status"], name="barrier_kind_status_idx"),
            models.Index(fields=["owner", "status"], name="barrier_owner_idx"),
            # The counts beside the sector and pending-on filters, from these indexes alone
            # (40 and 20 ms at 20,000 barriers reading the table, 3 ms each from the index).
            models.Index(fields=["sector", "status"], name="barrier_sector_idx"),
            models.Index(fields=["pending_on", "status"], name="barrier_pending_on_idx"),
            # The condition filters' counts (overdue, flagged, answer overdue, meeting) test the
            # barrier's key, flag and decision due day only: this index answers them without
            # reading the wide rows (150 ms down to 32 ms at 20,000 barriers; 0041 added
            # decision_due_on).
            models.Index(
                fields=["id", "review_flagged_at", "decision_due_on"], name="barrier_facets_idx"
            ),
            # The overdue barriers (decision_due_on before today) and their number, for the
            # admin's "overdue" filter.
            models.Index(fields=["decision_due_on"], name="barrier_decision_due_idx"),
            # Newest first with a unique tiebreaker: the changelist and the API's cursor pages
            # (first or deep) read their rows from this index (0015_barrier_created_id_idx).
            models.Index(fields=["-created_at", "-id"], name="barrier_created_id_idx"),
            # The public register's pages: the few published barriers, newest change first.
            models.Index(
                fields=["-public_changed_at", "-id"],
                condition=Q(published_at__isnull=False),
                name="barrier_published_idx",
            ),
            # The few barriers waiting for an official's decision on a disputed fix.
            models.Index(
                fields=["review_flagged_at"],
                condition=Q(review_flagged_at__isnull=False),
                name="barrier_review_flagged_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class FixConfirmation(models.Model):
    """A company's latest answer to "are your shipments clearing again?" on a resolved barrier.

    One row per barrier and company, replaced by each new answer (services.barrier_confirm_fix);
    answers given before the barrier was last resolved no longer count (selectors).
    """

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="fix_confirmations")
    # By name: people imports system lazily, which imports meetings, which imports this module.
    company = models.ForeignKey(
        "barriers.Company", on_delete=models.CASCADE, related_name="fix_confirmations"
    )
    fixed = models.BooleanField(_("fixed"))
    note = models.TextField(_("what still goes wrong"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("fix confirmation")
        verbose_name_plural = _("fix confirmations")
        ordering = ["barrier", "company"]
        constraints = [
            models.UniqueConstraint(
                fields=["barrier", "company"], name="fixconfirmation_one_per_company"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.barrier_id} {self.company_id}: {'fixed' if self.fixed else 'not fixed'}"
