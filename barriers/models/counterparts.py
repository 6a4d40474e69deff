"""The EAEU side: counterpart focal points and the barriers shared with their regulator."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barriers.models.barriers import Barrier
from barriers.models.choices import DeadlineStage, ExchangeKind, Party, _choices_check
from barriers.models.history import AuditHistory
from barriers.models.people import User, UserManager
from barriers.models.reference import LegalBasis, Regulator
from barriers.models.reports import Document


class FocalPointManager(UserManager):
    """Only the people of a regulator."""

    use_in_migrations = False

    def get_queryset(self) -> models.QuerySet[User]:
        return super().get_queryset().filter(regulator__isnull=False)


class FocalPoint(User):
    """A person at an EAEU regulator who answers for it in the system (a user with a regulator).

    A proxy, so the officials' desk has a page of focal points of its own (invite, deactivate)
    and triage officers get permissions on it without any permission on users in general.
    """

    objects = FocalPointManager()  # type: ignore[misc]  # a proxy's own manager: its people only

    class Meta:
        proxy = True
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["regulator", "email"]


class BarrierShare(models.Model):
    """A barrier shared with its regulator's focal points, with the text they see.

    One row per barrier: sharing again replaces the texts and documents, unsharing stamps
    `unshared_at` (the row stays, as the record of what was shown). The counterpart sees the
    barrier while `unshared_at` is empty and the barrier is still routed to `regulator`.
    Written by services.barrier_share and barrier_unshare only.
    """

    barrier = models.OneToOneField(Barrier, on_delete=models.PROTECT, related_name="share")
    regulator = models.ForeignKey(
        Regulator, on_delete=models.PROTECT, related_name="shares", verbose_name=_("regulator")
    )
    title_ru = models.CharField(_("title in Russian"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250, blank=True)
    summary_ru = models.TextField(_("summary in Russian"))
    summary_en = models.TextField(_("summary in English"), blank=True)
    ask_ru = models.TextField(_("the ask in Russian"))
    ask_en = models.TextField(_("the ask in English"), blank=True)
    documents = models.ManyToManyField(
        Document,
        blank=True,
        related_name="shares",
        verbose_name=_("shared documents"),
        help_text=_("Evidence files the official chose to show the counterpart."),
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    shared_at = models.DateTimeField(_("shared at"), default=timezone.now)
    unshared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    unshared_at = models.DateTimeField(_("unshared at"), null=True, blank=True)

    history = AuditHistory()

    class Meta:
        verbose_name = _("shared barrier")
        verbose_name_plural = _("shared barriers")
        ordering = ["-shared_at", "-pk"]
        constraints = [
            # The counterpart reads Russian first: a share never lacks its Russian text.
            models.CheckConstraint(
                condition=~Q(title_ru="") & ~Q(summary_ru="") & ~Q(ask_ru=""),
                name="barriershare_russian_text_required",
            ),
        ]
        indexes = [
            models.Index(fields=["regulator", "unshared_at"], name="barriershare_regulator_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.barrier_id} → {self.regulator_id}"

    @property
    def is_active(self) -> bool:
        return self.unshared_at is None


# Who writes each kind: the counterpart's five, India's one.
EAEU_EXCHANGES = frozenset(
    {
        ExchangeKind.ACKNOWLEDGEMENT,
        ExchangeKind.CLARIFICATION,
        ExchangeKind.PROPOSAL,
        ExchangeKind.POSITION,
        ExchangeKind.RESOLVED,
    }
)


class Exchange(models.Model):
    """One answer or question between the counterpart and India's officials on a shared barrier.

    Append-only: written by services.exchange_post (and the officials' reply), never edited.
    The exporter's timeline shows a fixed public line per kind (selectors), never the text.
    """

    barrier = models.ForeignKey(Barrier, on_delete=models.PROTECT, related_name="exchanges")
    regulator = models.ForeignKey(
        Regulator, on_delete=models.PROTECT, related_name="exchanges", verbose_name=_("regulator")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ExchangeKind.choices)
    party = models.CharField(_("from"), max_length=10, choices=Party.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exchanges"
    )
    body_ru = models.TextField(_("text in Russian"), blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    target_date = models.DateField(
        _("target date"), null=True, blank=True, help_text=_("When the proposed solution is due.")
    )
    legal_basis = models.ForeignKey(
        LegalBasis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exchanges",
        verbose_name=_("legal basis"),
    )
    in_reply_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    # A request for clarification the owning official passed on to the barrier's exporters.
    forwarded_at = models.DateTimeField(_("forwarded to the exporters at"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["created_at", "pk"]
        constraints = [
            _choices_check("kind", ExchangeKind, "exchange_kind_valid"),
            _choices_check("party", Party, "exchange_party_valid"),
            models.CheckConstraint(
                condition=~Q(body_ru="") | ~Q(body_en=""), name="exchange_has_text"
            ),
            models.CheckConstraint(
                condition=~Q(kind=ExchangeKind.PROPOSAL) | Q(target_date__isnull=False),
                name="exchange_proposal_has_target_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ExchangeKind.POSITION) | Q(legal_basis__isnull=False),
                name="exchange_position_has_legal_basis",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=ExchangeKind.REPLY, party=Party.INDIA)
                    | (~Q(kind=ExchangeKind.REPLY) & Q(party=Party.EAEU))
                ),
                name="exchange_kind_matches_party",
            ),
        ]
        indexes = [
            models.Index(fields=["barrier", "created_at"], name="exchange_barrier_idx"),
            models.Index(fields=["regulator", "created_at"], name="exchange_regulator_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.barrier_id} {self.kind} {self.created_at:%Y-%m-%d}"

    @property
    def body(self) -> str:
        """The text in Russian, else in English."""
        return self.body_ru or self.body_en


def exchange_upload_to(instance: ExchangeDocument, filename: str) -> str:
    # A random name, as for evidence: the sender's file name is kept only for display.
    now = timezone.now()
    return f"exchanges/{now:%Y/%m}/{uuid.uuid4().hex}"


class ExchangeDocument(models.Model):
    """A letter or other file attached to an exchange, under the evidence file checks."""

    exchange = models.ForeignKey(Exchange, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(_("file"), upload_to=exchange_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("exchange document")
        verbose_name_plural = _("exchange documents")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="exchangedocument_not_empty")
        ]

    def __str__(self) -> str:
        return self.original_name


class Deadline(models.Model):
    """Something due on a shared barrier, from one side, by a day counted in working days on
    that side's calendar (barriers.domain.workdays). Opened and met by the exchange services;
    `met_at` is set once (by the answer that meets it, or when the share ends)."""

    barrier = models.ForeignKey(Barrier, on_delete=models.PROTECT, related_name="deadlines")
    stage = models.CharField(_("what is due"), max_length=30, choices=DeadlineStage.choices)
    party = models.CharField(_("due from"), max_length=10, choices=Party.choices)
    regulator = models.ForeignKey(
        Regulator, on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("regulator")
    )
    calendar = models.CharField(
        _("calendar"), max_length=2, help_text=_("The country whose public holidays count.")
    )
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("due on"))
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    met_by = models.ForeignKey(
        Exchange, on_delete=models.PROTECT, null=True, blank=True, related_name="deadlines_met"
    )
    # Set when the deadline closed without an answer (the barrier was unshared or closed).
    cancelled = models.BooleanField(_("cancelled"), default=False)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_after_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "pk"]
        constraints = [
            _choices_check("stage", DeadlineStage, "deadline_stage_valid"),
            _choices_check("party", Party, "deadline_party_valid"),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("opened_on")), name="deadline_due_after_opened"
            ),
            models.CheckConstraint(
                condition=Q(cancelled=False) | Q(met_at__isnull=False),
                name="deadline_cancelled_is_closed",
            ),
            # One open deadline per stage per barrier.
            models.UniqueConstraint(
                fields=["barrier", "stage"],
                condition=Q(met_at__isnull=True),
                name="deadline_one_open_per_stage",
            ),
        ]
        indexes = [
            models.Index(fields=["met_at", "due_on"], name="deadline_open_due_idx"),
            models.Index(fields=["regulator", "met_at"], name="deadline_regulator_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.barrier_id} {self.stage} by {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.met_at is None

    def is_overdue(self, today: dt.date) -> bool:
        return self.met_at is None and self.due_on < today
