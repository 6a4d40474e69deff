"""Evidence, messages, status history, the outbox, drafts and idempotency keys."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from barriers import services
from barriers.admin.base import (
    DocumentInline,
    ReadOnlyAdmin,
    SuperuserDeleteMixin,
    adopt,
    document_download_link,
)
from barriers.admin.forms import DocumentAddForm
from barriers.evidence.downloads import evidence_download
from barriers.models import (
    ApiTokenSecondFactor,
    AuditEvent,
    Document,
    DocumentBuild,
    ExportFile,
    IdempotencyKey,
    Message,
    MessageVisibility,
    OutboundEmail,
    PublicStatisticsSnapshot,
    ReportDraft,
    StatusChange,
    signed_in_user,
)

# ---------------------------------------------------------------------------------------------
# Evidence, messages, history, outbox
# ---------------------------------------------------------------------------------------------


@admin.register(Message)
class MessageAdmin(SuperuserDeleteMixin, admin.ModelAdmin):
    """Posted through `message_post`; once posted a message is part of the record, never edited."""

    list_display = ("created_at", "author", "visibility", "report", "barrier", "short_body")
    list_filter = ("visibility",)
    list_select_related = ("author", "report", "barrier")
    search_fields = ("body", "report__reference", "barrier__reference", "author__email")
    autocomplete_fields = ("report", "barrier")
    fields = ("report", "barrier", "visibility", "body", "author", "created_at")
    inlines = (DocumentInline,)

    @admin.display(description=_("message"))
    def short_body(self, obj: Message) -> str:
        return obj.body[:80]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Message]:
        # __str__ names the author (autocomplete on the document form); see AgendaItemAdmin.
        return super().get_queryset(request).select_related(*self.list_select_related)

    def get_fields(self, request: HttpRequest, obj: Message | None = None) -> Any:
        return ("report", "barrier", "visibility", "body") if obj is None else self.fields

    def get_inlines(self, request: HttpRequest, obj: Message | None) -> Any:
        return self.inlines if obj is not None else ()

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Message, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        message = services.message_post(
            actor=signed_in_user(request.user),
            body=data["body"],
            report=data.get("report"),
            barrier=data.get("barrier"),
            internal=data["visibility"] == MessageVisibility.INTERNAL,
        )
        adopt(obj, message)


@admin.register(Document)
class DocumentAdmin(SuperuserDeleteMixin, admin.ModelAdmin):
    """Evidence files, attached through `document_attach`, downloaded through `download_view`."""

    list_display = (
        "original_name",
        "file_link",
        "report_reference",
        "content_type",
        "size",
        "uploaded_by",
        "created_at",
    )
    list_filter = ("content_type",)
    list_select_related = ("report", "uploaded_by")
    search_fields = ("original_name", "report__reference", "sha256")
    autocomplete_fields = ("report", "message")
    add_form = DocumentAddForm
    fields = (
        "report",
        "message",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "created_at",
        "file_link",
    )
    readonly_fields = ("file_link",)

    @admin.display(description=_("file"))
    def file_link(self, document: Document) -> str:
        return document_download_link(document)

    @admin.display(description=_("report"), ordering="report__reference")
    def report_reference(self, document: Document) -> str:
        # The reference alone: a report's full title would push the other columns out of view.
        return document.report.reference

    def get_urls(self) -> list[URLPattern]:
        download = path(
            "<int:object_id>/download/",
            self.admin_site.admin_view(self.download_view),
            name="barriers_document_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request: HttpRequest, object_id: int) -> FileResponse:
        """The evidence file itself, for officials who may view evidence; logged."""
        document = self.get_queryset(request).select_related("report").filter(pk=object_id).first()
        if document is None:
            raise Http404("No such evidence file.")
        if not self.has_view_permission(request, document):
            raise PermissionDenied
        try:
            return evidence_download(request=request, document=document)
        except FileNotFoundError as exc:
            raise Http404("The file is no longer in storage.") from exc

    def get_form(
        self, request: HttpRequest, obj: Document | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Document | None = None) -> Any:
        return DocumentAddForm.Meta.fields if obj is None else self.fields

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # a stored file is evidence: attach a new one instead

    def save_model(
        self, request: HttpRequest, obj: Document, form: forms.ModelForm, change: bool
    ) -> None:
        upload = form.cleaned_data["file"]
        document = services.document_attach(
            report=form.cleaned_data["report"],
            actor=signed_in_user(request.user),
            upload=upload,
            name=upload.name,
            message=form.cleaned_data.get("message"),
        )
        adopt(obj, document)


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    """The append-only status history: nobody adds, edits or deletes it, superusers included."""

    list_display = ("created_at", "subject", "from_status", "to_status", "actor", "is_public")
    list_filter = ("to_status", "is_public")
    list_select_related = ("report", "barrier", "meeting", "action_point__meeting", "actor")
    search_fields = ("report__reference", "barrier__reference", "meeting__code", "note")
    fields = (
        "report",
        "barrier",
        "meeting",
        "action_point",
        "from_status",
        "to_status",
        "actor",
        "note",
        "is_public",
        "created_at",
    )
    date_hierarchy = "created_at"

    @admin.display(description=_("subject"))
    def subject(self, obj: StatusChange) -> str:
        if obj.report is not None:
            return obj.report.reference
        if obj.barrier is not None:
            return obj.barrier.reference
        if obj.action_point_id:
            return str(obj.action_point)
        return obj.meeting.code if obj.meeting is not None else ""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    """The e-mail outbox, written by services and drained by a task."""

    list_display = ("created_at", "subject", "recipients", "status", "attempts", "sent_at")
    list_filter = ("status",)
    search_fields = ("subject", "dedupe_key")
    fields = (
        "dedupe_key",
        "to",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    )

    @admin.display(description=_("to"))
    def recipients(self, obj: OutboundEmail) -> str:
        return ", ".join(obj.to)


@admin.register(ReportDraft)
class ReportDraftAdmin(ReadOnlyAdmin):
    """Reports exporters have started in the portal and not filed yet."""

    list_display = ("title", "company", "author", "created_at", "updated_at")
    list_select_related = ("company", "author")
    search_fields = ("title", "company__name", "company__iec", "author__email")
    fields = ("company", "author", "title", "data", "created_at", "updated_at")


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(ReadOnlyAdmin):
    """API clients' Idempotency-Keys and the responses replayed on their retries."""

    list_display = ("key", "user", "method", "path", "status", "response_status", "created_at")
    list_filter = ("status", "method")
    list_select_related = ("user",)
    search_fields = ("key", "path", "user__email")
    fields = (
        "user",
        "key",
        "method",
        "path",
        "request_hash",
        "status",
        "response_status",
        "response_body",
        "response_headers",
        "created_at",
        "completed_at",
    )


@admin.register(ExportFile)
class ExportFileAdmin(ReadOnlyAdmin):
    """Meeting documents built by a task: their status, size and any error (not the bytes)."""

    list_display = ("created_at", "meeting", "document", "format", "status", "size", "finished_at")
    list_filter = ("status", "document", "format")
    list_select_related = ("meeting", "requested_by")
    search_fields = ("meeting__code", "file_name")
    fields = (
        "meeting",
        "document",
        "format",
        "status",
        "file_name",
        "media_type",
        "size",
        "requested_by",
        "error",
        "created_at",
        "finished_at",
    )
    show_facets = admin.ShowFacets.NEVER


@admin.register(DocumentBuild)
class DocumentBuildAdmin(ReadOnlyAdmin):
    """The stored build of each meeting document, kept by a worker after each change and
    served while current (barriers.exports.builds): which version, when, how large (not the
    bytes). A superuser may delete a row: the next download builds the document again."""

    list_display = ("built_at", "meeting", "document", "format", "edition", "size")
    list_filter = ("document", "format", "edition")
    list_select_related = ("meeting",)
    search_fields = ("meeting__code", "file_name")
    fields = (
        "meeting",
        "document",
        "format",
        "edition",
        "file_name",
        "media_type",
        "size",
        "version",
        "built_at",
    )
    show_facets = admin.ShowFacets.NEVER


@admin.register(PublicStatisticsSnapshot)
class PublicStatisticsSnapshotAdmin(ReadOnlyAdmin):
    """The public register's statistics as last worked out (services.publishing): when, and at
    which register version; a superuser may delete the row to have them worked out again."""

    list_display = ("computed_at", "version")
    fields = ("computed_at", "version", "figures")
    show_facets = admin.ShowFacets.NEVER


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Sign-ins, exports of personal data and changes to people's access (barriers/accounts/audit.py):
    read here, never changed."""

    list_display = ("created_at", "action", "channel", "username", "what", "ip_address")
    list_filter = ("action", "channel", "field")
    list_select_related = ("user",)
    search_fields = ("username", "subject_name", "what", "ip_address", "object_id")
    fields = (
        "created_at",
        "action",
        "channel",
        "user",
        "username",
        "what",
        "subject",
        "subject_name",
        "field",
        "old_value",
        "new_value",
        "object_type",
        "object_id",
        "ip_address",
        "path",
    )
    date_hierarchy = "created_at"
    show_facets = admin.ShowFacets.NEVER

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # the log is append-only, superusers included


@admin.register(ApiTokenSecondFactor)
class ApiTokenSecondFactorAdmin(ReadOnlyAdmin):
    """Officials' API tokens that a second factor opened; deleting one revokes that token's use.

    The token's key is a secret: shown nowhere here, only whose token it is and when.
    """

    list_display = ("official", "verified_at")
    list_select_related = ("token__user",)
    search_fields = ("token__user__email",)
    fields = ("official", "verified_at")
    readonly_fields = ("official", "verified_at")
    show_facets = admin.ShowFacets.NEVER

    @admin.display(description=_("official"))
    def official(self, obj: ApiTokenSecondFactor) -> str:
        return obj.token.user.email
