"""Barriers: the underlying problems, as triaged by officials."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, DateField, OuterRef, QuerySet, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin
from import_export.formats import base_formats

from barriers import selectors, services
from barriers.accounts.audit import AuditedExportMixin
from barriers.admin.actions import (
    BARRIER_EXCHANGE_STEPS,
    BARRIER_SHARE_STEPS,
    BARRIER_STEPS,
    StepsAdminMixin,
)
from barriers.admin.base import (
    CappedCountPaginator,
    HistoryAdmin,
    ReadOnlyAdmin,
    ReadOnlyInline,
    StatusChangeInline,
    SuperuserDeleteMixin,
    adopt,
    by_relevance,
    field_history,
)
from barriers.admin.case_documents import CaseDocumentInline, case_documents_save
from barriers.admin.filters import (
    AnswerOverdueFilter,
    BarrierMeetingFilter,
    BarrierOverdueFilter,
    BooleanFacets,
    ChoicesFacets,
    FacetsAdminMixin,
    FlaggedForReviewFilter,
    LegalBasisFilter,
    RegulatorFilter,
    RelatedFacets,
)
from barriers.admin.lifecycle import BARRIER_LIFECYCLE_STEPS, BARRIER_PUBLISHING_STEPS
from barriers.admin.reports import company_with_flag, regulator_short, usd
from barriers.admin.resources import BarrierExportResource
from barriers.domain.errors import DomainError
from barriers.domain.transitions import BARRIER_ACTIVE
from barriers.evidence.downloads import evidence_download
from barriers.models import (
    ActionPoint,
    AgendaItem,
    Barrier,
    BarrierShare,
    CaseDocument,
    Deadline,
    DeadlineStage,
    FixConfirmation,
    Message,
    Party,
    Report,
    signed_in_user,
)


class BarrierReportInline(ReadOnlyInline):
    """The barrier's reports, each linking to its own page."""

    model = Report
    verbose_name_plural = _("reports")
    fields = (
        "reference",
        "title",
        "company_flag",
        "trade_value",
        "consignments_affected",
        "days_pending",
        "status",
    )

    @admin.display(description=_("company"))
    def company_flag(self, obj: Report) -> str:
        return company_with_flag(obj.company)

    @admin.display(description=_("trade value"))
    def trade_value(self, obj: Report) -> str:
        return usd(obj.trade_value_usd)

    @admin.display(description=_("days pending"))
    def days_pending(self, obj: Report) -> int:
        return obj.days_pending

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        return super().get_queryset(request).select_related("company").order_by("created_at")


class BarrierShareInline(ReadOnlyInline):
    """What the regulator's focal points are shown (changed through the Share step only)."""

    model = BarrierShare
    verbose_name = _("shared with the counterpart")
    verbose_name_plural = _("shared with the counterpart")
    show_change_link = False
    fields = ("regulator", "title_ru", "ask_ru", "shared_at", "shared_by", "unshared_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[BarrierShare]:
        return super().get_queryset(request).select_related("regulator", "shared_by")


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    verbose_name_plural = _("agenda appearances")
    fields = ("meeting", "section", "track", "position", "score", "outcome")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AgendaItem]:
        return super().get_queryset(request).select_related("meeting", "barrier")


class ActionPointInline(ReadOnlyInline):
    model = ActionPoint
    fields = ("description", "meeting", "party", "owner_agency", "due_on", "status")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ActionPoint]:
        return super().get_queryset(request).select_related("meeting")


class InternalNoteInline(admin.TabularInline):
    """Officials' internal notes: read as written, added through message_post (never edited)."""

    model = Message
    fk_name = "barrier"
    verbose_name = _("internal note")
    verbose_name_plural = _("internal notes")
    fields = ("written", "written_by", "body")
    readonly_fields = ("written", "written_by")
    extra = 1
    can_delete = False
    formfield_overrides = {
        Message._meta.get_field("body").__class__: {
            "widget": forms.Textarea(attrs={"rows": 2, "cols": 80})
        }
    }

    @admin.display(description=_("when"))
    def written(self, obj: Message) -> Any:
        return obj.created_at if obj.pk else ""

    @admin.display(description=_("by"))
    def written_by(self, obj: Message) -> Any:
        return obj.author if obj.pk else _("(you)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Message]:
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Barrier)
class BarrierAdmin(
    FacetsAdminMixin,
    StepsAdminMixin,
    AuditedExportMixin,
    ExportActionMixin,
    SuperuserDeleteMixin,
    HistoryAdmin,
):
    resource_classes = [BarrierExportResource]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    change_form_template = "admin/barriers/barrier/change_form.html"
    import_export_change_list_template = "admin/barriers/barrier/change_list.html"
    steps = (
        *BARRIER_STEPS,
        *BARRIER_LIFECYCLE_STEPS,
        *BARRIER_SHARE_STEPS,
        *BARRIER_EXCHANGE_STEPS,
        *BARRIER_PUBLISHING_STEPS,
    )
    list_display = (
        "reference",
        "title",
        "status",
        "barrier_kind",
        "regulator_short",
        "level",
        "report_count",
        "priority",
        "pending_on",
        "due_next",
        "owner",
    )
    # Each filter shows its counts (FacetsAdminMixin: a fixed number of queries).
    list_filter = (
        ("status", ChoicesFacets),
        ("barrier_kind", RelatedFacets),
        ("destination_country", RelatedFacets),
        ("regulator", RegulatorFilter),
        ("legal_basis", LegalBasisFilter),
        ("sector", ChoicesFacets),
        BarrierOverdueFilter,
        FlaggedForReviewFilter,
        AnswerOverdueFilter,
        ("owner", RelatedFacets),
        BarrierMeetingFilter,
        ("pending_on", ChoicesFacets),
        ("on_hold", BooleanFacets),
    )
    list_select_related = ("barrier_kind", "regulator", "destination_country", "owner")
    date_hierarchy = "created_at"
    # The search itself is selectors.barriers_search (see get_search_results).
    search_fields = ("reference",)
    search_help_text = _("Reference, title (English or Russian), summary, HS code.")
    show_full_result_count = False
    paginator = CappedCountPaginator
    facet_model = "barrier"
    list_per_page = 50  # as the report list: a page an official reads, and renders in time
    autocomplete_fields = (
        "barrier_kind",
        "regulator",
        "destination_country",
        "hs_codes",
        "legal_basis",
        "owner",
    )
    fieldsets = (
        (None, {"fields": ("reference", "status", "title", "summary", ("ask", "ask_ru"))}),
        (_("For the counterpart, in Russian"), {"fields": ("title_ru", "summary_ru")}),
        (
            _("Where"),
            {
                "fields": (
                    "barrier_kind",
                    "regulator",
                    "destination_country",
                    "sector",
                    "hs_codes",
                    "legal_basis",
                )
            },
        ),
        (_("Triage"), {"fields": ("pending_on", "manual_priority", "on_hold", "owner")}),
        (
            _("Public register"),
            {
                "fields": (
                    "public_title",
                    "public_summary",
                    "public_show_companies",
                    "published_at",
                    "published_by",
                ),
                "description": _(
                    "Changed only through the Publish, Edit the public text and Take off the "
                    "public register steps."
                ),
            },
        ),
        (
            _("Dates"),
            {"fields": ("created_by", "created_at", "updated_at", "resolved_at", "closure_reason")},
        ),
    )
    readonly_fields = (
        "reference",
        "status",
        "created_by",
        "created_at",
        "updated_at",
        "resolved_at",
        "closure_reason",
        "public_title",
        "public_summary",
        "public_show_companies",
        "published_at",
        "published_by",
    )
    # Set only by officials with `triage_barrier` (triage officers); read-only for the others.
    triage_fields = (
        "barrier_kind",
        "regulator",
        "destination_country",
        "sector",
        "hs_codes",
        "legal_basis",
        "pending_on",
        "manual_priority",
        "on_hold",
        "owner",
    )
    inlines = (
        BarrierReportInline,
        BarrierShareInline,
        InternalNoteInline,
        AgendaItemInline,
        ActionPointInline,
        CaseDocumentInline,
        StatusChangeInline,
    )

    class Media:
        css = {"all": ("barriers/admin.css",)}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not request.user.has_perm("barriers.triage_barrier"):
            return (*fields, *self.triage_fields)
        return fields

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "hs_codes":
            kwargs["label"] = _("HS codes")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Barrier]:
        # What is due next on the barrier (its soonest open deadline), in the same query.
        due = Deadline.objects.filter(barrier_id=OuterRef("pk"), met_at__isnull=True).order_by(
            "due_on", "pk"
        )
        return (
            super()
            .get_queryset(request)
            # Who flagged it is named on the barrier's page: read with the barrier. (A queryset
            # that selects related rows already is not given list_select_related: name them.)
            .select_related("review_flagged_by", *self.list_select_related)
            .annotate(
                next_due_on=Subquery(due.values("due_on")[:1], output_field=DateField()),
                next_due_stage=Subquery(due.values("stage")[:1], output_field=CharField()),
                next_due_party=Subquery(due.values("party")[:1], output_field=CharField()),
            )
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Barrier], search_term: str
    ) -> tuple[QuerySet[Barrier], bool]:
        queryset = selectors.barriers_search(queryset=queryset, text=search_term)
        if request.GET.get("field_name") == "barrier" and request.GET.get("model_name") in {
            "report",
            "triagequeueentry",
        }:
            # Choosing a barrier to merge into or move to: only barriers still pursued.
            queryset = queryset.filter(status__in=BARRIER_ACTIVE)
        return by_relevance(request, queryset, search_term), False

    @admin.display(description=_("reports"), ordering="report_count")
    def report_count(self, obj: Barrier) -> int:
        return obj.report_count  # stored (services.barrier_figures_refresh)

    @admin.display(description=_("due next"), ordering="next_due_on")
    def due_next(self, obj: Barrier) -> str:
        """The soonest open deadline: what, from which side, by when; flagged once passed."""
        due_on = getattr(obj, "next_due_on", None)
        if due_on is None:
            return "—"
        what = _("%(stage)s (%(party)s) by %(date)s") % {
            "stage": DeadlineStage(obj.next_due_stage).label,  # type: ignore[attr-defined]  # annotated
            "party": Party(obj.next_due_party).label,  # type: ignore[attr-defined]  # annotated
            "date": formats.date_format(due_on, "j M Y"),
        }
        if due_on < timezone.localdate():
            return format_html(
                '<span class="badge badge-overdue">⚠ {} · {}</span>', what, _("overdue")
            )
        return what

    @admin.display(description=_("priority"), ordering="manual_priority")
    def priority(self, obj: Barrier) -> int:
        return obj.manual_priority

    @admin.display(description=_("regulator"), ordering="regulator__abbreviation")
    def regulator_short(self, obj: Barrier) -> str:
        return regulator_short(obj.regulator)

    @admin.display(description=_("country or level"), ordering="destination_country")
    def level(self, obj: Barrier) -> str:
        return str(obj.destination_country or _("EAEU level"))

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if obj is not None:
            extra_context["page_steps"] = self.page_steps(request, obj)
            extra_context["figures"] = selectors.barrier_figures(barrier=obj)
            extra_context["field_history"] = field_history(obj)
            extra_context["exchange"] = self._exchange_panel(obj)
            extra_context["fix_tally"] = selectors.barrier_fix_tally(barrier=obj)
            extra_context["followed"] = f"barrier:{obj.reference}" in selectors.followed_keys(
                viewer=signed_in_user(request.user)
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _exchange_panel(self, barrier: Barrier) -> dict[str, Any]:
        """The exchange with the regulator: its history (oldest first, with the files) and what
        is due, each flagged once overdue. Three queries, whatever the length of the history."""
        exchanges = selectors.exchanges_for_barriers([barrier.pk]).get(barrier.pk, [])
        deadlines = selectors.deadlines_for_barriers([barrier.pk]).get(barrier.pk, [])
        today = timezone.localdate()
        return {
            "exchanges": exchanges,
            "deadlines": [
                {"deadline": deadline, "overdue": deadline.is_overdue(today)}
                for deadline in deadlines
            ],
        }

    def get_urls(self) -> list[Any]:
        download: list[URLPattern] = [
            path(
                "exchange-document/<int:document_id>/download/",
                self.admin_site.admin_view(self.exchange_document_view),
                name="barriers_barrier_exchange_document_download",
            )
        ]
        return download + super().get_urls()

    def exchange_document_view(self, request: HttpRequest, document_id: int) -> FileResponse:
        """A file of the exchange with the counterpart, for officials who may view barriers;
        logged like an evidence download."""
        document = selectors.exchange_document_get_for_official(document_id=document_id)
        if document is None:
            raise Http404("No such file.")
        if not self.has_view_permission(request, document.exchange.barrier):
            raise PermissionDenied
        try:
            return evidence_download(request=request, document=document)
        except FileNotFoundError as exc:
            raise Http404("The file is no longer in storage.") from exc

    def save_model(
        self, request: HttpRequest, obj: Barrier, form: forms.ModelForm, change: bool
    ) -> None:
        if not change:
            barrier = services.barrier_create(
                actor=signed_in_user(request.user), **form.cleaned_data
            )
            adopt(obj, barrier)
            return
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.BARRIER_FIELDS
        }
        hs_codes = form.cleaned_data["hs_codes"] if "hs_codes" in form.changed_data else None
        if not fields and hs_codes is None:
            return
        try:
            services.barrier_update(
                barrier=obj, actor=signed_in_user(request.user), hs_codes=hs_codes, **fields
            )
        except DomainError as exc:
            self.message_user(request, f"{obj.reference}: {exc.message}", level=messages.WARNING)

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        # The barrier's own fields, HS codes included, were saved by a service; of the inlines
        # only new internal notes are written, through message_post, and documents through
        # case_document_attach and case_document_set_shared.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if formset.model is CaseDocument:
                case_documents_save(self, request, form.instance, formset)
                continue
            if formset.model is not Message:
                continue
            for note_form in formset.extra_forms:
                body = note_form.cleaned_data.get("body", "") if note_form.has_changed() else ""
                if not body.strip():
                    continue
                try:
                    note = services.message_post(
                        actor=signed_in_user(request.user),
                        body=body,
                        barrier=form.instance,
                        internal=True,
                    )
                except DomainError as exc:
                    self.message_user(request, exc.message, level=messages.WARNING)
                else:
                    formset.new_objects.append(note)


@admin.register(BarrierShare)
class BarrierShareAdmin(HistoryAdmin):
    """The barriers shared with a regulator and what its focal points are shown: read here,
    written only by the barrier's Share and Stop sharing steps (services.barrier_share)."""

    list_display = ("barrier", "regulator", "title_ru", "shared_at", "shared_by", "unshared_at")
    list_filter = ("regulator", ("unshared_at", admin.EmptyFieldListFilter))
    list_select_related = ("barrier", "regulator", "shared_by")
    search_fields = ("barrier__reference", "title_ru", "title_en")
    fields = (
        "barrier",
        "regulator",
        "title_ru",
        "title_en",
        "summary_ru",
        "summary_en",
        "ask_ru",
        "ask_en",
        "documents",
        "shared_at",
        "shared_by",
        "unshared_at",
        "unshared_by",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FixConfirmation)
class FixConfirmationAdmin(ReadOnlyAdmin):
    """Each company's latest answer to "is it fixed?": written by the exporters' portal
    (services.barrier_confirm_fix), read by officials as the tally on the barrier's page."""

    list_display = ("barrier", "company", "fixed", "answered_at", "answered_by")
    list_filter = ("fixed",)
    list_select_related = ("barrier", "company", "answered_by")
    search_fields = ("barrier__reference", "company__name", "company__iec")
    fields = ("barrier", "company", "fixed", "note", "answered_by", "answered_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
