"""What the machinery keeps: the outbox, idempotency keys, built meeting documents, the public
statistics snapshot, audit log."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barriers.models.choices import (
    AuditAction,
    EmailStatus,
    ExportDocument,
    ExportEdition,
    ExportFormat,
    ExportStatus,
    IdempotencyStatus,
    _choices_check,
)
from barriers.models.meetings import Meeting

# ---------------------------------------------------------------------------------------------
# E-mail outbox and idempotency keys
# ---------------------------------------------------------------------------------------------


class OutboundEmail(models.Model):
    """An e-mail written in the same transaction as the change it reports; sent by a task."""

    dedupe_key = models.CharField(max_length=200, unique=True)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    # Extra headers, e.g. List-Unsubscribe on the following digests.
    headers = models.JSONField(default=dict, blank=True)
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


class ExportFile(models.Model):
    """A large meeting document built by a task and kept for officials to download.

    The bytes live in the row (a few megabytes at most), so that the file and its status are
    committed together and any web process can serve it without shared file storage.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="export_files")
    document = models.CharField(_("document"), max_length=10, choices=ExportDocument.choices)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    edition = models.CharField(
        _("edition"),
        max_length=10,
        choices=ExportEdition.choices,
        default=ExportEdition.INTERNAL,
        help_text=_("The internal brief for officials, or the joint edition for the EAEU side."),
    )
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
            _choices_check("edition", ExportEdition, "exportfile_edition_valid"),
        ]
        indexes = [
            models.Index(
                fields=["meeting", "document", "format", "status"], name="exportfile_lookup_idx"
            ),
            models.Index(fields=["created_at"], name="exportfile_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name or self.document} ({self.get_status_display()})"


class DocumentBuild(models.Model):
    """The latest build of one meeting document (document, format, edition), with the content
    version it was built from: a download whose data has that version is served these bytes
    without rendering; any other version means the meeting changed since, and it is built again.

    One row per document of a meeting, replaced by each build (a worker's after a change, or a
    download's); the bytes live in the row, as an ExportFile's do.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="document_builds")
    document = models.CharField(_("document"), max_length=10, choices=ExportDocument.choices)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    edition = models.CharField(_("edition"), max_length=10, choices=ExportEdition.choices)
    # A SHA-256 of the data the renderer received and of the renderers themselves.
    version = models.CharField(_("content version"), max_length=64)
    file_name = models.CharField(_("file name"), max_length=100)
    media_type = models.CharField(_("media type"), max_length=100)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    built_at = models.DateTimeField(_("built at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting document build")
        verbose_name_plural = _("meeting document builds")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "document", "format", "edition"],
                name="documentbuild_one_per_document",
            ),
            _choices_check("document", ExportDocument, "documentbuild_document_valid"),
            _choices_check("format", ExportFormat, "documentbuild_format_valid"),
            _choices_check("edition", ExportEdition, "documentbuild_edition_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.version[:12]})"


class PublicStatisticsSnapshot(models.Model):
    """The public register's statistics as a worker last worked them out.

    Working them out reads every published barrier and its reports; the statistics page reads
    this one row instead (services.publishing.public_statistics_rebuild keeps a single row).
    """

    version = models.CharField(
        _("register version"),
        max_length=64,
        help_text=_("The public register's version the figures were taken at."),
    )
    computed_at = models.DateTimeField(_("worked out at"), default=timezone.now)
    figures = models.JSONField(_("figures"), default=dict)

    class Meta:
        verbose_name = _("public statistics snapshot")
        verbose_name_plural = _("public statistics snapshots")

    def __str__(self) -> str:
        return f"Public statistics of {self.computed_at:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------------------------------------
# Audit log: sign-ins and exports of personal data
# ---------------------------------------------------------------------------------------------


def _audit_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


class AuditEventManager(models.Manager["AuditEvent"]):
    def access_change(
        self,
        *,
        actor: Any,
        subject: Any,
        field: str,
        old: Any,
        new: Any,
        channel: str = "",
        obj: models.Model | None = None,
    ) -> AuditEvent:
        """Append one change to who may do what: `actor` changed `field` of `subject`, old to new.

        `subject` is the person changed (None for a change to a group itself, then `obj` is the
        group); `actor` None means the system or a command run on the server. Here, not in the
        audit module, because the user manager's `create_superuser` records one too.
        """
        if actor is not None and not getattr(actor, "is_authenticated", False):
            actor = None
        old_text, new_text = _audit_text(old), _audit_text(new)
        whom = getattr(subject, "email", "") or (str(obj) if obj is not None else "")
        target = obj if obj is not None else subject
        return self.create(
            user=actor,
            username=(getattr(actor, "email", "") or "")[:254],
            action=AuditAction.ACCESS_CHANGED,
            channel=channel,
            what=f"{field} of {whom}: {old_text or '—'} → {new_text or '—'}"[:300],
            object_type=target._meta.label_lower if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            subject=subject,
            subject_name=(getattr(subject, "email", "") or "")[:254],
            field=field,
            old_value=old_text,
            new_value=new_text,
        )


class AuditEvent(models.Model):
    """Who signed in (or tried to), who exported or downloaded what, and who changed whose access.

    Written by barriers/accounts/audit.py only; append-only: the admin shows it and nobody edits or
    deletes it there. An access change names the person changed (`subject`), the attribute
    (`field`: groups, is_staff, company...) and its old and new values, as text.
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
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whom"),
    )
    # The subject's e-mail address when the event was written: kept if the account goes.
    subject_name = models.CharField(_("whose account"), max_length=254, blank=True)
    field = models.CharField(_("what changed"), max_length=40, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    objects = AuditEventManager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        constraints = [_choices_check("action", AuditAction, "auditevent_action_valid")]
        indexes = [
            models.Index(fields=["user", "created_at"], name="auditevent_user_idx"),
            models.Index(fields=["action", "created_at"], name="auditevent_action_idx"),
            models.Index(fields=["subject", "created_at"], name="auditevent_subject_idx"),
        ]

    def __str__(self) -> str:
        who = self.username or (str(self.user_id) if self.user_id else "?")
        return f"{self.created_at:%Y-%m-%d %H:%M} {who} {self.get_action_display()} {self.what}"


# ---------------------------------------------------------------------------------------------
# API tokens issued with a second factor
# ---------------------------------------------------------------------------------------------


class ApiTokenSecondFactor(models.Model):
    """The proof that an API token was issued after a valid second-factor code.

    An official's token is accepted only with this row while a second factor is required of
    them (barriers/api/authentication.py): a token made by any other door (the DRF token admin,
    `drf_create_token`, a token issued before the rule) opens nothing. Written by
    `services.api_token_issue` only; it goes when its token goes.
    """

    # Not the primary key: the token's key is a secret and must not appear in admin URLs.
    token = models.OneToOneField(
        "authtoken.Token",
        on_delete=models.CASCADE,
        related_name="second_factor",
        verbose_name=_("token"),
    )
    verified_at = models.DateTimeField(_("second factor given at"), default=timezone.now)

    class Meta:
        verbose_name = _("API token second factor")
        verbose_name_plural = _("API token second factors")

    def __str__(self) -> str:
        return f"second factor at {self.verified_at:%Y-%m-%d %H:%M}"
