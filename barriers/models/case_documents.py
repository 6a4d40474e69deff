"""Documents on a barrier or a meeting: letters, minutes, protocols, under the evidence checks."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barriers.models.barriers import Barrier
from barriers.models.choices import CaseDocumentKind, _choices_check
from barriers.models.meetings import Meeting


def case_document_upload_to(instance: CaseDocument, filename: str) -> str:
    # A random name, as for evidence: the uploader's file name is kept only for display.
    now = timezone.now()
    return f"case-documents/{now:%Y/%m}/{uuid.uuid4().hex}"


class CaseDocument(models.Model):
    """A letter, minutes, protocol or other file on one barrier or one meeting.

    Officials see every one; exporters and counterpart focal points only those an official
    marked `shared` (selectors). Written by services.case_document_attach and
    case_document_set_shared only.
    """

    barrier = models.ForeignKey(
        Barrier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_documents",
        verbose_name=_("barrier"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_documents",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CaseDocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    dated = models.DateField(_("date"), default=dt.date.today)
    shared = models.BooleanField(
        _("shared"),
        default=False,
        help_text=_(
            "Shown to the exporters whose reports are in the barrier and to the EAEU focal "
            "points who see the barrier or the meeting."
        ),
    )
    file = models.FileField(_("file"), upload_to=case_document_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document on a barrier or meeting")
        verbose_name_plural = _("documents on barriers and meetings")
        ordering = ["-dated", "-pk"]
        constraints = [
            _choices_check("kind", CaseDocumentKind, "casedocument_kind_valid"),
            models.CheckConstraint(condition=Q(size__gt=0), name="casedocument_not_empty"),
            models.CheckConstraint(
                condition=Q(barrier__isnull=False, meeting__isnull=True)
                | Q(barrier__isnull=True, meeting__isnull=False),
                name="casedocument_on_barrier_or_meeting",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="casedocument_has_title"),
        ]
        indexes = [
            models.Index(fields=["barrier", "shared"], name="casedocument_barrier_idx"),
            models.Index(fields=["meeting", "shared"], name="casedocument_meeting_idx"),
        ]

    def __str__(self) -> str:
        return self.title
