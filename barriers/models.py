"""The barrier tracker's data: fields, choices, constraints and indexes.

No behaviour hides here: every write goes through `barriers.services`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from barriers.validators import validate_gstin, validate_hs_code, validate_iec

# ---------------------------------------------------------------------------------------------
# Choices
# ---------------------------------------------------------------------------------------------


class Sector(models.TextChoices):
    AGRICULTURAL = "agricultural", _("Agricultural")
    MARINE = "marine", _("Marine")


class CompanyKind(models.TextChoices):
    EXPORTER = "exporter", _("Exporting company")
    ASSOCIATION = "association", _("Export promotion council or association")


class Remit(models.TextChoices):
    """A regulator's remit; also the agenda track its barriers are grouped in."""

    VETERINARY = "veterinary", _("Veterinary")
    PHYTOSANITARY = "phytosanitary", _("Phytosanitary")
    FOOD_SAFETY = "food_safety", _("Food safety")
    TECHNICAL_REGULATION = "technical_regulation", _("Technical regulation")
    CUSTOMS = "customs", _("Customs")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    INFO_REQUESTED = "info_requested", _("Information requested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RejectionReason(models.TextChoices):
    NOT_A_BARRIER = "not_a_barrier", _("Not a market-access barrier")
    DUPLICATE = "duplicate", _("Duplicate")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")
    OUTSIDE_EAEU = "outside_eaeu", _("Outside the EAEU")
    OTHER = "other", _("Other")


class BarrierStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SCHEDULED = "scheduled", _("Scheduled")
    RAISED = "raised", _("Raised")
    ACTION_AGREED = "action_agreed", _("Action agreed")
    RESOLVED = "resolved", _("Resolved")
    PARTIALLY_RESOLVED = "partially_resolved", _("Partially resolved")
    CLOSED_UNRESOLVED = "closed_unresolved", _("Closed unresolved")


class PendingOn(models.TextChoices):
    INDIA = "india", _("India side")
    EAEU = "eaeu", _("EAEU side")
    EXPORTER = "exporter", _("Exporter")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGENDA_DRAFT = "agenda_draft", _("Agenda drafted")
    AGENDA_FROZEN = "agenda_frozen", _("Agenda frozen")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video conference")
    HYBRID = "hybrid", _("Hybrid")


class AgendaSection(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    RESERVE = "reserve", _("Reserve list")
    # Taken off by an official: kept so that drafting again does not put it back.
    REMOVED = "removed", _("Removed by hand")


class Outcome(models.TextChoices):
    DISCUSSED = "discussed", _("Discussed, no change")
    ACTION_AGREED = "action_agreed", _("Action agreed")
    RESOLVED = "resolved", _("Resolved")
    PARTIALLY_RESOLVED = "partially_resolved", _("Partially resolved")
    DEFERRED = "deferred", _("Deferred")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Party(models.TextChoices):
    INDIA = "india", _("India side")
    EAEU = "eaeu", _("EAEU side")


class ActionPointStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class MessageVisibility(models.TextChoices):
    PUBLIC = "public", _("Visible to the exporter")
    INTERNAL = "internal", _("Internal note")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


def _choices_check(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


# ---------------------------------------------------------------------------------------------
# People and companies
# ---------------------------------------------------------------------------------------------


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class Company(models.Model):
    """An Indian exporting firm (or an export promotion council filing for its members)."""

    name = models.CharField(_("name"), max_length=200)
    iec = models.CharField(
        _("IEC"),
        max_length=10,
        unique=True,
        validators=[validate_iec],
        help_text=_("Import Export Code: 10 characters, the company's PAN."),
    )
    gstin = models.CharField(_("GSTIN"), max_length=15, blank=True, validators=[validate_gstin])
    apeda_rcmc = models.CharField(_("APEDA RCMC number"), max_length=40, blank=True)
    mpeda_registration = models.CharField(_("MPEDA registration number"), max_length=40, blank=True)
    eic_approval = models.CharField(_("EIC approval number"), max_length=40, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CompanyKind.choices, default=CompanyKind.EXPORTER
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="associations",
        help_text=_("For an association: the member companies it may file for."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=100, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(iec__regex=r"^[A-Z0-9]{10}$"), name="company_iec_format"
            ),
            models.CheckConstraint(
                condition=Q(gstin="") | Q(gstin__regex=r"^[0-9]{2}[A-Z0-9]{13}$"),
                name="company_gstin_format",
            ),
            _choices_check("sector", Sector, "company_sector_valid"),
            _choices_check("kind", CompanyKind, "company_kind_valid"),
        ]
        indexes = [models.Index(fields=["verified"], name="company_verified_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.iec})"


class User(AbstractUser):
    """A person who signs in with an e-mail address; exporters belong to one company."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Exporters and council staff belong to one company; officials to none."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")), name="user_email_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_official(self) -> bool:
        return self.is_staff


# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------


class Country(models.Model):
    """An EAEU member state (destination of the exports)."""

    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    name_ru = models.CharField(_("name in Russian"), max_length=100)
    alpha3 = models.CharField(_("ISO alpha-3"), max_length=3)
    currency = models.CharField(_("currency code"), max_length=3)
    eaeu_member_since = models.DateField(_("EAEU member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_format"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Regulator(models.Model):
    """An authority on the EAEU side, national or supranational."""

    code = models.SlugField(_("code"), max_length=30, primary_key=True)
    name = models.CharField(_("name"), max_length=250)
    name_ru = models.CharField(_("name in Russian"), max_length=250)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    abbreviation_ru = models.CharField(_("abbreviation in Russian"), max_length=40, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regulators",
        help_text=_("Empty for a body of the Eurasian Economic Union itself."),
    )
    remit = models.CharField(_("remit"), max_length=30, choices=Remit.choices)
    description = models.TextField(_("what it does"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("regulator")
        verbose_name_plural = _("regulators")
        ordering = ["code"]
        constraints = [_choices_check("remit", Remit, "regulator_remit_valid")]

    def __str__(self) -> str:
        return f"{self.abbreviation or self.code} — {self.name}"

    @property
    def level(self) -> str:
        return self.country_id or "EAEU"


class HSCode(models.Model):
    """A 6-digit Harmonized System subheading of an Indian agri, marine or food export."""

    code = models.CharField(
        _("HS code"), max_length=6, primary_key=True, validators=[validate_hs_code]
    )
    description = models.CharField(_("description"), max_length=300)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    perishable = models.BooleanField(
        _("perishable"), default=False, help_text=_("Goods that spoil while a shipment waits.")
    )

    class Meta:
        verbose_name = _("HS code")
        verbose_name_plural = _("HS codes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"), name="hscode_six_digits"
            ),
            _choices_check("sector", Sector, "hscode_sector_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class BarrierKind(models.Model):
    """A kind of certification or approval step, with its usual decision time."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name = models.CharField(_("name"), max_length=150)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    usual_decision_days = models.PositiveIntegerField(
        _("usual decision time (days)"),
        help_text=_("Calendar days an application of this kind usually takes to decide."),
    )
    remit = models.CharField(_("usual remit"), max_length=30, choices=Remit.choices)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("barrier kind")
        verbose_name_plural = _("barrier kinds")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(usual_decision_days__gt=0), name="barrierkind_decision_days_positive"
            ),
            _choices_check("remit", Remit, "barrierkind_remit_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class ReferenceCounter(models.Model):
    """The last number handed out per prefix and year, so references are never reused."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="referencecounter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_value}"


# ---------------------------------------------------------------------------------------------
# Barriers and reports
# ---------------------------------------------------------------------------------------------


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
    # Reference, titles, summary and HS codes, lowercased, kept by
    # services.barrier_search_text_refresh; on PostgreSQL a trigram index on UPPER() of it
    # (migration 0008_search_trigram_indexes) serves the admin's search.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])

    class Meta:
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")
        ordering = ["-created_at"]
        constraints = [
            _choices_check("status", BarrierStatus, "barrier_status_valid"),
            _choices_check("sector", Sector, "barrier_sector_valid"),
            _choices_check("pending_on", PendingOn, "barrier_pending_on_valid"),
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
            # Newest first with a unique tiebreaker: the changelist and the API's cursor pages
            # (first or deep) read their rows from this index (0015_barrier_created_id_idx).
            models.Index(fields=["-created_at", "-id"], name="barrier_created_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Report(models.Model):
    """One exporter's account of one delay."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="reports")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="filed_reports"
    )
    filing_association = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports_filed_for_members",
        help_text=_("The export promotion council that filed this report for its member."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    barrier_kind = models.ForeignKey(
        BarrierKind, on_delete=models.PROTECT, related_name="reports", verbose_name=_("kind")
    )
    destination_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="reports", verbose_name=_("country")
    )
    regulator = models.ForeignKey(
        Regulator, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
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
    status = models.CharField(
        _("status"), max_length=30, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    barrier = models.ForeignKey(
        Barrier, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
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
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    first_decision_at = models.DateTimeField(_("first decision at"), null=True, blank=True)
    # Reference, title, description, application number, company name and IEC, HS codes,
    # lowercased, kept by services.report_search_text_refresh; on PostgreSQL a trigram index on
    # UPPER() of it (0008_search_trigram_indexes) serves the admin's search without a table scan.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
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
                condition=Q(decision_received_on__isnull=True)
                | Q(decision_received_on__gte=F("applied_on")),
                name="report_decision_not_before_application",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.ACCEPTED) | Q(barrier__isnull=False),
                name="report_accepted_has_barrier",
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
            # The changelist's newest-first page: at 100,000 reports it reads 50 rows from this
            # index instead of sorting the table (docs/benchmarks: 519 ms down to 140 ms).
            models.Index(fields=["-created_at", "-id"], name="report_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def days_pending(self) -> int:
        """Days from application to decision, or to today while no decision has come."""
        end = self.decision_received_on or timezone.localdate()
        return max((end - self.applied_on).days, 0)

    @property
    def days_overdue(self) -> int:
        """Days beyond the usual decision time of the barrier kind."""
        return max(self.days_pending - self.barrier_kind.usual_decision_days, 0)


class TriageQueueEntry(Report):
    """A report waiting for officials, as the admin's triage queue lists it (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("triage queue")
        verbose_name_plural = _("triage queue")


# ---------------------------------------------------------------------------------------------
# Meetings, agendas, action points
# ---------------------------------------------------------------------------------------------


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
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

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

    history = HistoricalRecords()

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
                & Q(weight_manual_priority__gte=0),
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
    # such change must say who and when. Rows a draft inserts (bulk_create) get no history row.
    history = HistoricalRecords(excluded_fields=["score_breakdown"])

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

    history = HistoricalRecords()

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


# ---------------------------------------------------------------------------------------------
# Evidence, messages, history, outbox
# ---------------------------------------------------------------------------------------------


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


class StatusChange(models.Model):
    """One status change of a report, barrier or meeting: who, when, from, to, why. Never edited."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="status_changes"
    )
    barrier = models.ForeignKey(
        Barrier, on_delete=models.PROTECT, null=True, blank=True, related_name="status_changes"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="status_changes"
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
                    Q(report__isnull=False, barrier__isnull=True, meeting__isnull=True)
                    | Q(report__isnull=True, barrier__isnull=False, meeting__isnull=True)
                    | Q(report__isnull=True, barrier__isnull=True, meeting__isnull=False)
                ),
                name="statuschange_exactly_one_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["report", "created_at"], name="statuschange_report_idx"),
            models.Index(fields=["barrier", "created_at"], name="statuschange_barrier_idx"),
            models.Index(fields=["meeting", "created_at"], name="statuschange_meeting_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class OutboundEmail(models.Model):
    """An e-mail written in the same transaction as the change it reports; sent by a task."""

    dedupe_key = models.CharField(max_length=200, unique=True)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["created_at", "pk"]
        constraints = [_choices_check("status", EmailStatus, "outboundemail_status_valid")]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


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


class IdempotencyStatus(models.TextChoices):
    IN_FLIGHT = "in_flight", _("In flight")
    COMPLETED = "completed", _("Completed")


class IdempotencyKey(models.Model):
    """A client's Idempotency-Key for a POST, with the response to replay on a retry."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    status = models.CharField(
        max_length=10, choices=IdempotencyStatus.choices, default=IdempotencyStatus.IN_FLIGHT
    )
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    response_headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotencykey_unique_per_user"),
            _choices_check("status", IdempotencyStatus, "idempotencykey_status_valid"),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotencykey_created_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


# ---------------------------------------------------------------------------------------------
# Meeting documents built by a task
# ---------------------------------------------------------------------------------------------


class ExportDocument(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    OUTCOMES = "outcomes", _("Outcomes")


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"
    ICS = "ics", "iCalendar"
    JSON = "json", "JSON"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ExportFile(models.Model):
    """A large meeting document built by a task and kept for officials to download.

    The bytes live in the row (a few megabytes at most), so that the file and its status are
    committed together and any web process can serve it without shared file storage.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="export_files")
    document = models.CharField(_("document"), max_length=10, choices=ExportDocument.choices)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=100, blank=True)
    media_type = models.CharField(_("media type"), max_length=100, blank=True)
    content = models.BinaryField(_("content"), blank=True, default=b"")
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("why it failed"), blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting document export")
        verbose_name_plural = _("meeting document exports")
        ordering = ["-created_at"]
        constraints = [
            _choices_check("document", ExportDocument, "exportfile_document_valid"),
            _choices_check("format", ExportFormat, "exportfile_format_valid"),
            _choices_check("status", ExportStatus, "exportfile_status_valid"),
        ]
        indexes = [
            models.Index(
                fields=["meeting", "document", "format", "status"], name="exportfile_lookup_idx"
            ),
            models.Index(fields=["created_at"], name="exportfile_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name or self.document} ({self.get_status_display()})"


# ---------------------------------------------------------------------------------------------
# Audit log: sign-ins and exports of personal data
# ---------------------------------------------------------------------------------------------


class AuditAction(models.TextChoices):
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login_failed", _("sign-in failed")
    EXPORT = "export", _("exported")
    DOWNLOAD = "download", _("downloaded")


class AuditEvent(models.Model):
    """Who signed in (or tried to), and who exported or downloaded what, from where and when.

    Written by barriers/audit.py only; append-only: the admin shows it and nobody edits or
    deletes it there.
    """

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # The name typed at a sign-in (for a failure there may be no such user), else the e-mail.
    username = models.CharField(_("account name"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    # portal, admin, api (or mfa for a wrong second-factor code).
    channel = models.CharField(_("through"), max_length=20, blank=True)
    what = models.CharField(_("what"), max_length=300, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        constraints = [_choices_check("action", AuditAction, "auditevent_action_valid")]
        indexes = [
            models.Index(fields=["user", "created_at"], name="auditevent_user_idx"),
            models.Index(fields=["action", "created_at"], name="auditevent_action_idx"),
        ]

    def __str__(self) -> str:
        who = self.username or (str(self.user_id) if self.user_id else "?")
        return f"{self.created_at:%Y-%m-%d %H:%M} {who} {self.get_action_display()} {self.what}"
