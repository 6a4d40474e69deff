"""Documents on barriers and meetings: an inline on each page, and their protected download.

Who may change a barrier (or a meeting) files its documents and marks them shared; who may
view it reads and downloads them. New rows and the shared flag are written by services
(`case_document_attach`, `case_document_set_shared`), from the parent page's save_related.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from barriers import selectors, services
from barriers.domain.errors import DomainError
from barriers.evidence.downloads import evidence_download
from barriers.evidence.files import check_evidence
from barriers.models import Barrier, CaseDocument, Meeting, signed_in_user


def case_document_link(document: CaseDocument) -> str:
    """A link that downloads the document (the view checks the official may see its parent)."""
    if document.pk is None:
        return "-"
    url = reverse("admin:barriers_casedocument_download", args=[document.pk])
    return format_html('<a href="{}" download>{}</a>', url, document.original_name)


class CaseDocumentInlineForm(forms.ModelForm):
    """A new row takes a file (checked as evidence is, refused with the reason beside it); an
    existing row only changes its shared flag."""

    file = forms.FileField(label=_("file"), required=False)

    class Meta:
        model = CaseDocument
        fields = ("kind", "title", "dated", "shared")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in ("kind", "title", "dated", "file"):
                self.fields[name].disabled = True

    def clean_dated(self) -> Any:
        dated = self.cleaned_data.get("dated")
        if self.instance.pk is None and dated and dated > timezone.localdate():
            raise forms.ValidationError(_("The document's date cannot be in the future."))
        return dated

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is not None:
            return cleaned
        upload = cleaned.get("file")
        if upload is None:
            self.add_error("file", _("Choose the file to upload."))
            return cleaned
        try:
            check_evidence(upload, name=upload.name or "", size=upload.size)
        except DomainError as exc:
            self.add_error("file", exc.message)
        return cleaned


class CaseDocumentInline(admin.TabularInline):
    """Letters, minutes and protocols on the page of a barrier or a meeting."""

    model = CaseDocument
    form = CaseDocumentInlineForm
    fields = ("kind", "title", "dated", "shared", "file", "download", "uploaded")
    readonly_fields = ("download", "uploaded")
    extra = 1
    can_delete = False
    verbose_name = _("document")
    verbose_name_plural = _("documents (letters, minutes, protocols)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CaseDocument]:
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("download"))
    def download(self, obj: CaseDocument) -> str:
        return case_document_link(obj)

    @admin.display(description=_("uploaded"))
    def uploaded(self, obj: CaseDocument) -> str:
        if obj.pk is None:
            return ""
        return f"{timezone.localtime(obj.created_at):%d %b %Y}, {obj.uploaded_by}"

    # The parent's permissions: who may change the barrier or meeting files its documents.
    def _parent_admin(self) -> admin.ModelAdmin:
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_admin().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_admin().has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def case_documents_save(
    model_admin: admin.ModelAdmin, request: HttpRequest, parent: Barrier | Meeting, formset: Any
) -> None:
    """Write the inline's new documents and shared flags through the services."""
    actor = signed_in_user(request.user)
    on = {"barrier": parent} if isinstance(parent, Barrier) else {"meeting": parent}
    for document_form in formset.forms:
        if not document_form.has_changed():
            continue
        data = document_form.cleaned_data
        try:
            if document_form.instance.pk is None:
                upload = data["file"]
                document = services.case_document_attach(
                    actor=actor,
                    upload=upload,
                    name=upload.name or "",
                    kind=data["kind"],
                    title=data["title"],
                    dated=data.get("dated"),
                    shared=data.get("shared", False),
                    **on,
                )
                formset.new_objects.append(document)
            elif "shared" in document_form.changed_data:
                document = services.case_document_set_shared(
                    document=document_form.instance, actor=actor, shared=data["shared"]
                )
                formset.changed_objects.append((document, ["shared"]))
        except DomainError as exc:
            model_admin.message_user(request, exc.message, level=messages.WARNING)


@admin.register(CaseDocument)
class CaseDocumentAdmin(admin.ModelAdmin):
    """Every document on barriers and meetings, read-only (they are filed and shared on their
    barrier's or meeting's page), for officials who may view barriers; and the protected
    download. Kept off the admin's home page: the documents belong to their pages."""

    list_display = ("title", "kind", "dated", "barrier", "meeting", "shared", "download")
    list_filter = ("kind", "shared")
    list_select_related = ("barrier", "meeting")
    search_fields = ("title", "original_name", "barrier__reference", "meeting__code")
    fields = (
        "barrier",
        "meeting",
        "kind",
        "title",
        "dated",
        "shared",
        "download",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj: CaseDocument) -> str:
        return case_document_link(obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_staff and request.user.has_perm("barriers.view_barrier"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        urls: list[URLPattern] = [
            path(
                "<int:document_id>/download/",
                self.admin_site.admin_view(self.download_view),
                name="barriers_casedocument_download",
            )
        ]
        return urls + super().get_urls()

    def download_view(self, request: HttpRequest, document_id: int) -> FileResponse:
        """The file, for an official who may view its barrier or meeting; logged."""
        document = selectors.case_document_get_for_official(
            viewer=signed_in_user(request.user), document_id=document_id
        )
        if document is None:
            raise Http404("No such file.")
        parent: Model = document.barrier if document.barrier_id else document.meeting  # type: ignore[assignment]  # one of the two is set (a constraint)
        if not self.admin_site._registry[type(parent)].has_view_permission(request, parent):
            raise PermissionDenied
        try:
            return evidence_download(request=request, document=document)
        except FileNotFoundError as exc:
            raise Http404("The file is no longer in storage.") from exc
