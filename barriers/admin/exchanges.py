"""The exchange with the counterpart, as records: exchanges, their files and deadlines.

Officials read the exchange on each barrier's page (its panel, and the Reply and Forward steps);
these lists are the records behind it, for support. Nobody adds, changes or deletes a row here:
exchanges are append-only and deadlines follow them (barriers.services.exchanges).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from barriers.admin.base import ReadOnlyAdmin, ReadOnlyInline
from barriers.models import Deadline, Exchange, ExchangeDocument


def exchange_document_link(document: ExchangeDocument) -> str:
    """A link that downloads the file (the view checks the official may see the barrier)."""
    if document.pk is None:
        return "-"
    url = reverse("admin:barriers_barrier_exchange_document_download", args=[document.pk])
    return format_html('<a href="{}" download>{}</a>', url, _("Download"))


class _AppendOnlyAdmin(ReadOnlyAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # the record of what was said, and when


class ExchangeDocumentInline(ReadOnlyInline):
    model = ExchangeDocument
    fields = ("created_at", "original_name", "content_type", "size", "uploaded_by", "file_link")
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExchangeDocument]:
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("file"))
    def file_link(self, document: ExchangeDocument) -> str:
        return exchange_document_link(document)


@admin.register(Exchange)
class ExchangeAdmin(_AppendOnlyAdmin):
    list_display = ("created_at", "barrier", "regulator", "kind", "party", "author", "target_date")
    list_filter = ("kind", "party", "regulator")
    list_select_related = ("barrier", "regulator", "author")
    search_fields = ("barrier__reference", "body_ru", "body_en")
    date_hierarchy = "created_at"
    fields = (
        "barrier",
        "regulator",
        "kind",
        "party",
        "author",
        "created_at",
        "body_ru",
        "body_en",
        "target_date",
        "legal_basis",
        "in_reply_to",
        "forwarded_at",
        "forwarded_by",
    )
    inlines = (ExchangeDocumentInline,)


@admin.register(ExchangeDocument)
class ExchangeDocumentAdmin(_AppendOnlyAdmin):
    list_display = ("original_name", "file_link", "exchange", "content_type", "size", "created_at")
    list_select_related = ("exchange", "uploaded_by")
    search_fields = ("original_name", "exchange__barrier__reference", "sha256")
    fields = (
        "exchange",
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
    def file_link(self, document: ExchangeDocument) -> str:
        return exchange_document_link(document)


@admin.register(Deadline)
class DeadlineAdmin(_AppendOnlyAdmin):
    list_display = (
        "barrier",
        "stage",
        "party",
        "regulator",
        "calendar",
        "opened_on",
        "due_on",
        "overdue",
        "met_at",
        "cancelled",
    )
    list_filter = ("stage", "party", "regulator", ("met_at", admin.EmptyFieldListFilter))
    list_select_related = ("barrier", "regulator")
    search_fields = ("barrier__reference",)
    fields = (
        "barrier",
        "stage",
        "party",
        "regulator",
        "calendar",
        "opened_on",
        "due_on",
        "met_at",
        "met_by",
        "cancelled",
        "reminded_before_at",
        "reminded_after_at",
        "created_at",
    )

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, deadline: Deadline) -> Any:
        return deadline.is_overdue(timezone.localdate())
