"""Reports: what exporters file, their unfiled drafts, and the messages and evidence on them."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barriers.models.barriers import Barrier
from barriers.models.choices import MessageVisibility, RejectionReason, ReportStatus, _choices_check
from barriers.models.history import AuditHistory
from barriers.models.people import Company
from barriers.models.reference import BarrierKind, Country, HSCode, Regulator


class Report(models.Model):
    """One exporter's account of one delay."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    # The foreign keys marked db_index=False lead a composite index of Meta.indexes, which
    # serves their lookups too: an index of their own would only cost every filing a write.
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="reports", db_index=False
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="filed_reports"
    )
    filing_association = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports_filed_for_members",
        db_index=False,
        help_text=_("The export promotion council that filed this report for its member."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    barrier_kind = models.ForeignKey(
        BarrierKind,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("kind"),
        db_index=False,
    )
    destination_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("country"),
        db_index=False,
    )
    regulator = models.ForeignKey(
        Regulator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        db_index=False,
    )
    hs_codes = models.ManyToManyField(HSCode, related_name="reports", verbose_name=_("HS codes"))
    application_number = models.CharField(_("application number"), max_length=100, blank=True)
    applied_on = models.DateField(_("date applied"))
    decision_received_on = models.DateField(_("date decision received"), null=True, blank=True)
    consignments_affected = models.PositiveIntegerField(_("consignments affected"), default=0)
    trade_value_usd = models.DecimalField(
        _("trade value at stake (USD)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    consent_to_share = models.BooleanField(
        _("consent to share the company name with the EAEU side"), default=False
    )
    consent_to_publish = models.BooleanField(
        _("consent to name the company on the public register"), default=False
    )
    # The figures a triage officer checked (services.report_verify_figures). Until then the
    # agenda score counts the declared figures only up to DECLARED_TRADE_VALUE_CAP_USD.
    verified_trade_value_usd = models.DecimalField(
        _("verified trade value (USD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    verified_consignments_affected = models.PositiveIntegerField(
        _("verified consignments affected"), null=True, blank=True
    )
    figures_verified_at = models.DateTimeField(_("figures verified at"), null=True, blank=True)
    figures_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verified_report_figures",
        verbose_name=_("figures verified by"),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    barrier = models.ForeignKey(
        Barrier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        db_index=False,
    )
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=30, choices=RejectionReason.choices, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_reports",
        limit_choices_to={"is_staff": True},
        db_index=False,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    first_decision_at = models.DateTimeField(_("first decision at"), null=True, blank=True)
    # The open information request (services.report_request_info): due in India's working days
    # (INFO_REQUEST_WORKING_DAYS); the reminders are stamped once each; a request left
    # unanswered past its day sends the report back to the queue with `info_request_lapsed_at`.
    info_due_on = models.DateField(_("information due on"), null=True, blank=True)
    info_reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    info_reminded_after_at = models.DateTimeField(null=True, blank=True, editable=False)
    info_request_lapsed_at = models.DateTimeField(
        _("information request lapsed at"), null=True, blank=True
    )
    # Reference, title, description, application number, company name and IEC, HS codes,
    # lowercased, kept by services.report_search_text_refresh; on PostgreSQL a trigram index on
    # UPPER() of its search_tokens (0055) serves the substrings a search matches.
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
            "info_reminded_before_at",
            "info_reminded_after_at",
        ]
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        permissions = [
            (
                "verify_report_figures",
                "Can verify a report's trade value and consignments for the agenda score",
            )
        ]
        constraints = [
            _choices_check("status", ReportStatus, "report_status_valid"),
            models.CheckConstraint(
                condition=Q(rejection_reason="") | Q(rejection_reason__in=RejectionReason.values),
                name="report_rejection_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(trade_value_usd__gte=0), name="report_trade_value_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(consignments_affected__gte=0),
                name="report_consignments_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(verified_trade_value_usd__isnull=True)
                | Q(verified_trade_value_usd__gte=0),
                name="report_verified_trade_value_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(verified_consignments_affected__isnull=True)
                | Q(verified_consignments_affected__gte=0),
                name="report_verified_consignments_non_negative",
            ),
            # Verified figures come with who and when, and only with them.
            models.CheckConstraint(
                condition=Q(
                    figures_verified_at__isnull=True,
                    verified_trade_value_usd__isnull=True,
                    verified_consignments_affected__isnull=True,
                )
                | Q(
                    figures_verified_at__isnull=False,
                    verified_trade_value_usd__isnull=False,
                    verified_consignments_affected__isnull=False,
                ),
                name="report_figures_verified_together",
            ),
            models.CheckConstraint(
                condition=Q(decision_received_on__isnull=True)
                | Q(decision_received_on__gte=F("applied_on")),
                name="report_decision_not_before_application",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.ACCEPTED) | Q(barrier__isnull=False),
                name="report_accepted_has_barrier",
            ),
            # Only an information request waits for an answer by a day.
            models.CheckConstraint(
                condition=Q(info_due_on__isnull=True) | Q(status=ReportStatus.INFO_REQUESTED),
                name="report_info_due_only_when_requested",
            ),
            models.CheckConstraint(
                condition=Q(reference__regex=r"^REP-[0-9]{4}-[0-9]{6,}$"),
                name="report_reference_format",
            ),
        ]
        indexes = [
            # The triage queue: waiting reports, oldest first.
            models.Index(fields=["status", "created_at"], name="report_status_created_idx"),
            models.Index(fields=["company", "-created_at"], name="report_company_created_idx"),
            models.Index(fields=["company", "status"], name="report_company_status_idx"),
            models.Index(
                fields=["filing_association", "-created_at"], name="report_association_idx"
            ),
            models.Index(fields=["barrier", "status"], name="report_barrier_status_idx"),
            models.Index(fields=["barrier_kind", "status"], name="report_kind_status_idx"),
            models.Index(fields=["destination_country", "status"], name="report_country_idx"),
            models.Index(fields=["regulator", "status"], name="report_regulator_idx"),
            models.Index(fields=["owner", "status"], name="report_owner_idx"),
            models.Index(fields=["applied_on"], name="report_applied_on_idx"),
            # The daily reminders read the open information requests by due day.
            models.Index(fields=["status", "info_due_on"], name="report_info_due_idx"),
            # The changelist's newest-first page: at 100,000 reports it reads 50 rows from this
            # index instead of sorting the table (docs/benchmarks: 519 ms down to 140 ms).
            models.Index(fields=["-created_at", "-id"], name="report_created_idx"),
            # The admin's counts beside the filters (barriers.admin.filters): stage, overdue,
            # figures verified, information request, verified company and meeting, counted over
            # every report from this index alone instead of the whole table (82 ms down to 42 ms
            # at 100,000). Every column a condition filter reads must be here, or the count
            # reads the table again (migration 0040 added info_request_lapsed_at).
            models.Index(
                fields=[
                    "status",
                    "first_decision_at",
                    "submitted_at",
                    "figures_verified_at",
                    "info_request_lapsed_at",
                    "company",
                    "barrier",
                ],
                name="report_facets_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def days_pending(self) -> int:
        """Days from application to decision, or to today while no decision has come."""
        end = self.decision_received_on or timezone.localdate()
        return max((end - self.applied_on).days, 0)

    @property
    def figures_verified(self) -> bool:
        return self.figures_verified_at is not None

    @property
    def days_overdue(self) -> int:
        """Days beyond the usual decision time of the barrier kind."""
        return max(self.days_pending - self.barrier_kind.usual_decision_days, 0)


class TriageQueueEntry(Report):
    """A report waiting for officials, as the admin's triage queue lists it (no table of its own)."""

    class Meta:
        proxy = True
        # "13 reports in the triage queue"; the list itself is titled "Triage queue" (admin).
        verbose_name = _("report in the triage queue")
        verbose_name_plural = _("reports in the triage queue")


class ReportDraft(models.Model):
    """A report an exporter started in the portal and has not filed yet: the form as typed."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="report_drafts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_drafts"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    data = models.JSONField(_("form data"), default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["company", "-updated_at"], name="reportdraft_company_idx")]

    def __str__(self) -> str:
        return self.title or f"Draft {self.pk}"


def evidence_upload_to(instance: Document, filename: str) -> str:
    # A random name: the exporter's file name is kept only for display.
    now = timezone.now()
    return f"evidence/{now:%Y/%m}/{uuid.uuid4().hex}"


class Message(models.Model):
    """A message on a report's thread (visible to the exporter) or an officials' internal note."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    barrier = models.ForeignKey(
        Barrier, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages"
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=MessageVisibility.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        constraints = [
            _choices_check("visibility", MessageVisibility, "message_visibility_valid"),
            models.CheckConstraint(
                condition=Q(report__isnull=False, barrier__isnull=True)
                | Q(report__isnull=True, barrier__isnull=False),
                name="message_on_report_or_barrier",
            ),
            models.CheckConstraint(
                condition=Q(report__isnull=False) | Q(visibility=MessageVisibility.INTERNAL),
                name="message_on_barrier_is_internal",
            ),
        ]
        indexes = [
            models.Index(fields=["report", "visibility", "created_at"], name="message_report_idx"),
            models.Index(fields=["barrier", "created_at"], name="message_barrier_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"


class Document(models.Model):
    """An evidence file attached to a report (optionally to one message on its thread)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="documents")
    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="documents"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty")]

    def __str__(self) -> str:
        return self.original_name
