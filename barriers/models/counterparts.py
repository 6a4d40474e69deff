"""The EAEU side: counterpart focal points and the barriers shared with their regulator."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from barriers.models.barriers import Barrier
from barriers.models.people import User, UserManager
from barriers.models.reference import Regulator
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

    history = HistoricalRecords()

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
