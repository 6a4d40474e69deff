"""Shared behaviour of the officials' admin: changed-fields saves, view-only history, inlines."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Field, Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from barriers import services
from barriers.domain.errors import DomainError
from barriers.models import Document, Message, Report, StatusChange, signed_in_user
from barriers.selectors.search import SEARCH_ORDER, search_candidates

# ---------------------------------------------------------------------------------------------
# Shared behaviour
# ---------------------------------------------------------------------------------------------

if TYPE_CHECKING:
    # What the mixins of the admin are mixed into (a ModelAdmin), for the type checker only.
    ModelAdminMixin = admin.ModelAdmin[Any]
else:
    ModelAdminMixin = object


M = TypeVar("M", bound=Model)


# Request attributes between the admin's search and its changelist (filters.FacetChangeList):
# set, the search returns every match (to count); after a bounded search, how many it listed.
EVERY_MATCH = "admin_search_every_match"
LISTED = "admin_search_listed"


def by_relevance(request: HttpRequest, queryset: QuerySet[M], search_term: str) -> QuerySet[M]:
    """A searched list best match first, unless the official sorted it by a column.

    On PostgreSQL the list holds the bounded set of best candidates (search_candidates), and
    the request notes how many (`LISTED`); the changelist counts every match for the total and
    the filters' counts by asking again with `EVERY_MATCH` set.
    """
    if not search_term.strip() or ORDER_VAR in request.GET:
        return queryset
    if getattr(request, EVERY_MATCH, False):
        return queryset
    found = search_candidates(queryset=queryset, text=search_term)
    if found is None:
        return queryset.order_by(*SEARCH_ORDER)
    setattr(request, LISTED, len(found))
    return queryset.filter(pk__in=found).order_by(*SEARCH_ORDER)


def adopt(obj: Model, created: Model) -> None:
    """Make the admin's unsaved form instance stand for the row a service has just created."""
    for field in created._meta.concrete_fields:
        setattr(obj, field.attname, getattr(created, field.attname))
    obj._state.adding = False
    obj._state.db = created._state.db


class ChangedFieldsAdmin(admin.ModelAdmin):
    """On change, write only the fields the form changed.

    A change form may have been open while a service moved the row's status; a full save would
    put the stale status back without a history row.
    """

    def save_model(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        names = [
            name
            for name in form.changed_data
            if not obj._meta.get_field(name).many_to_many and obj._meta.get_field(name).concrete
        ]
        if not names:
            return
        if any(field.name == "updated_at" for field in obj._meta.concrete_fields):
            obj.updated_at = timezone.now()
            names.append("updated_at")
        # Re-read what the form did not touch, so the history row records the current values.
        untouched = [
            field.name
            for field in obj._meta.concrete_fields
            if field.name not in names and not field.primary_key
        ]
        if untouched:
            obj.refresh_from_db(fields=untouched)
        obj._history_user = request.user  # read by django-simple-history
        obj.save(update_fields=names)


class HistoryAdmin(ChangedFieldsAdmin, SimpleHistoryAdmin):
    """django-simple-history's admin, view-only: reverting an old version would bypass services."""

    def get_inlines(self, request: HttpRequest, obj: Model | None) -> Any:
        # The inlines list what hangs off a saved row; an add page has nothing to show.
        return self.inlines if obj is not None else ()

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class AuditedDeleteMixin(ModelAdminMixin):
    """A deletion in the admin goes through record_delete, which leaves an audit event."""

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        services.record_delete(obj=obj, actor=signed_in_user(request.user), channel="admin")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            services.record_delete(obj=obj, actor=signed_in_user(request.user), channel="admin")


class SuperuserDeleteMixin(AuditedDeleteMixin):
    """Records that others point to or rely on: only a superuser may delete them."""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class ReadOnlyAdmin(AuditedDeleteMixin, admin.ModelAdmin):
    """Rows another part of the system writes; shown here for support, never changed."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser


class ReadOnlyInline(admin.TabularInline):
    """A list of related rows on a change page: shown, never added, changed or deleted here."""

    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return self.fields

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def warn_refused(
    request: HttpRequest, admin_: admin.ModelAdmin, obj: Model, exc: DomainError
) -> None:
    admin_.message_user(request, f"{obj}: {exc.message}", level=messages.WARNING)


# ---------------------------------------------------------------------------------------------
# Inlines
# ---------------------------------------------------------------------------------------------


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    verbose_name_plural = _("status history")
    fields = ("created_at", "from_status", "to_status", "actor", "note", "is_public")
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[StatusChange]:
        return super().get_queryset(request).select_related("actor")


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ("created_at", "author", "visibility", "body")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Message]:
        return super().get_queryset(request).select_related("author")


def document_download_link(document: Document) -> str:
    """A link that downloads the evidence file (the view checks the official may see it)."""
    if document.pk is None:
        return "-"
    url = reverse("admin:barriers_document_download", args=[document.pk])
    return format_html('<a href="{}" download>{}</a>', url, _("Download"))


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ("created_at", "original_name", "content_type", "size", "uploaded_by", "file_link")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("file"))
    def file_link(self, document: Document) -> str:
        return document_download_link(document)


class ReportInline(ReadOnlyInline):
    model = Report
    fields = ("reference", "title", "company", "status", "trade_value_usd", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        return super().get_queryset(request).select_related("company")


# ---------------------------------------------------------------------------------------------
# Field-level history (django-simple-history) for change pages
# ---------------------------------------------------------------------------------------------

# How many versions a change page lists; the History button shows them all.
FIELD_HISTORY_SHOWN = 15


def field_history(obj: Model, limit: int = FIELD_HISTORY_SHOWN) -> list[dict[str, Any]]:
    """The latest versions of `obj`, newest first: who, when, why, and which fields changed."""
    history = obj.history  # type: ignore[attr-defined]  # simple-history's, added at app load
    versions = list(
        history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    rows: list[dict[str, Any]] = []
    for newer, older in zip(versions, [*versions[1:], None], strict=False):
        if len(rows) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                assert isinstance(field, Field)  # history rows hold concrete fields only
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                    }
                )
        rows.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "type": newer.get_history_type_display(),
                "reason": newer.history_change_reason or "",
                "changes": changes,
            }
        )
    return rows


def _display(field: Any, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, dt.datetime):
        return formats.localize(timezone.localtime(value))
    return str(value)[:200]


class CappedCountPaginator(Paginator):
    """Counts at most CAP rows of a changelist.

    An exact count of a filtered search over a large table reads every matching row (300 ms at
    100,000 reports for a common word); counting up to a cap reads at most CAP + 1. The list then
    says "more than 1,000" for anything larger (admin/pagination.html, admin/search_form.html):
    narrow it with the filters or the search.
    """

    CAP = 1000
    object_list: QuerySet[Any]  # the admin's changelists page querysets
    # The exact number of rows when another query has already counted them (a search's facet
    # counts on PostgreSQL count every match: FacetChangeList.searched_counts).
    known_count: int | None = None

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        return self.object_list.order_by().values("pk")[: self.CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        """True when there are more rows than were counted."""
        return self.known_count is None and self.count > self.CAP

    def page(self, number: int | str) -> Page:
        """The page's rows in one query of two steps: their keys in the list's order (a narrow
        sort, in a subquery), then those rows with their related objects. Sorting every match of
        a search by relevance with all the columns the list shows (and the joined company,
        regulator, barrier...) spilled to disk at 100,000 reports; sorting the keys alone stays
        in memory."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return Page(self.object_list.filter(pk__in=keys), number, self)
