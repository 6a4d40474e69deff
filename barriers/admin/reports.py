"""Reports and the triage queue: the exporters' accounts, moved by officials through services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats import base_formats

from barriers import selectors, services
from barriers.accounts.audit import AuditedExportMixin
from barriers.admin.actions import REPORT_STEPS, StepsAdminMixin
from barriers.admin.base import (
    CappedCountPaginator,
    DocumentInline,
    HistoryAdmin,
    MessageInline,
    StatusChangeInline,
    SuperuserDeleteMixin,
    by_relevance,
    field_history,
)
from barriers.admin.filters import (
    ChoicesFacets,
    FacetsAdminMixin,
    FiguresVerifiedFilter,
    InformationRequestFilter,
    MeetingFilter,
    OverdueForFirstDecisionFilter,
    QueueStatusFilter,
    RegulatorFilter,
    RelatedFacets,
    VerifiedCompanyFilter,
)
from barriers.admin.forms import ReportConfirmImportForm, ReportImportForm
from barriers.admin.resources import ReportExportResource
from barriers.domain import report_rules
from barriers.domain.errors import DomainError
from barriers.domain.transitions import REPORT_AWAITING_TRIAGE
from barriers.domain.workdays import INDIA, working_days_between
from barriers.imports.reports import ReportImportResource
from barriers.models import (
    Company,
    Regulator,
    Report,
    ReportStatus,
    TriageQueueEntry,
    signed_in_user,
)

# Reports for which the page suggests barriers to merge into.
SUGGEST_DUPLICATES = frozenset(
    {ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW, ReportStatus.INFO_REQUESTED}
)


def company_with_flag(company: Company) -> str:
    """The company's name with a verified tick or a red 'unverified' badge."""
    if company.verified:
        return format_html(
            '{} <img src="{}" alt="{}" title="{}">',
            company.name,
            static("admin/img/icon-yes.svg"),
            _("verified"),
            _("IEC verified by an official"),
        )
    return format_html(
        '{} <span class="badge badge-unverified" title="{}">{}</span>',
        company.name,
        _("The IEC has not been checked by an official yet"),
        _("unverified"),
    )


def regulator_short(regulator: Regulator | None) -> str:
    """The regulator's abbreviation, with its full name on hover."""
    if regulator is None:
        return "—"
    return format_html(
        '<span title="{}">{}</span>', regulator.name, Truncator(regulator.short_name).chars(28)
    )


def usd(value: Any) -> str:
    return f"${intcomma(int(value or 0))}"


class ReportAdminForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ("owner", "regulator")

    def clean_regulator(self) -> Regulator | None:
        # The same rule as filing: a national regulator of the report's destination country.
        regulator = self.cleaned_data.get("regulator")
        try:
            report_rules.check_regulator_country(regulator, self.instance.destination_country_id)
        except report_rules.FieldRuleError as exc:
            raise ValidationError(exc.message, code=exc.code) from exc
        return regulator


@admin.register(Report)
class ReportAdmin(
    FacetsAdminMixin,
    StepsAdminMixin,
    ImportMixin,
    AuditedExportMixin,
    ExportActionMixin,
    SuperuserDeleteMixin,
    HistoryAdmin,
):
    """Every report. Exporters file them; officials move them with steps (buttons and actions).

    The filtered list exports to CSV or XLSX; reports are imported for an association from a
    file, each row through report_create (see barriers/imports/reports.py).
    """

    form = ReportAdminForm
    # With "Save this search" (following) beside import and export.
    import_export_change_list_template = "admin/barriers/report/change_list.html"
    resource_classes = [ReportExportResource]
    import_template_name = "admin/barriers/report/import.html"
    import_form_class = ReportImportForm
    confirm_form_class = ReportConfirmImportForm
    import_formats = [base_formats.CSV, base_formats.XLSX]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    change_form_template = "admin/barriers/report/change_form.html"
    steps = REPORT_STEPS
    list_display: tuple[str, ...] = (
        "reference",
        "title",
        "company_flag",
        "barrier_kind",
        "country",
        "regulator_short",
        "status",
        "days_pending",
        "trade_value",
        "barrier_reference",
        "owner",
    )
    # Each filter shows its counts (FacetsAdminMixin: a fixed number of queries).
    list_filter: ClassVar[tuple[Any, ...]] = (
        ("status", ChoicesFacets),
        ("barrier_kind", RelatedFacets),
        ("destination_country", RelatedFacets),
        ("regulator", RegulatorFilter),
        ("company__sector", ChoicesFacets),
        VerifiedCompanyFilter,
        FiguresVerifiedFilter,
        OverdueForFirstDecisionFilter,
        InformationRequestFilter,
        ("owner", RelatedFacets),
        MeetingFilter,
    )
    list_select_related = (
        "company",
        "barrier_kind",
        "destination_country",
        "regulator",
        "barrier",
        "owner",
    )
    date_hierarchy: ClassVar[str | None] = "created_at"
    list_per_page = 50
    # The search itself is selectors.reports_search (see get_search_results).
    search_fields = ("reference",)
    search_help_text = _("Reference, title, description, company name or IEC, HS code.")
    show_full_result_count = False
    paginator = CappedCountPaginator
    facet_model = "report"
    autocomplete_fields = ("regulator", "owner")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "status",
                    "company_flag",
                    "filed_by",
                    "filing_association",
                    "title",
                    "description",
                )
            },
        ),
        (
            _("Application"),
            {
                "fields": (
                    "barrier_kind",
                    "destination_country",
                    "regulator",
                    "hs_code_list",
                    "application_number",
                    "applied_on",
                    "decision_received_on",
                    "days_pending",
                    "days_overdue",
                )
            },
        ),
        (
            _("Impact"),
            {
                "fields": (
                    "consignments_affected",
                    "trade_value",
                    "figures_verification",
                    "consent_to_share",
                    "consent_to_publish",
                )
            },
        ),
        (
            _("Triage"),
            {
                "fields": (
                    "owner",
                    "barrier",
                    "rejection_reason",
                    "first_decision",
                    "information_request",
                )
            },
        ),
        (
            _("Dates"),
            {"fields": ("created_at", "updated_at", "submitted_at", "first_decision_at")},
        ),
    )
    # The facts are the exporter's account; officials set only the regulator and the owner.
    readonly_fields = (
        "reference",
        "status",
        "company_flag",
        "filed_by",
        "filing_association",
        "title",
        "description",
        "barrier_kind",
        "destination_country",
        "hs_code_list",
        "application_number",
        "applied_on",
        "decision_received_on",
        "days_pending",
        "days_overdue",
        "consignments_affected",
        "trade_value",
        "figures_verification",
        "consent_to_share",
        "consent_to_publish",
        "barrier",
        "rejection_reason",
        "first_decision",
        "information_request",
        "created_at",
        "updated_at",
        "submitted_at",
        "first_decision_at",
    )
    inlines = (StatusChangeInline, MessageInline, DocumentInline)

    class Media:
        css = {"all": ("barriers/admin.css",)}

    # -- columns ---------------------------------------------------------------------------

    @admin.display(description=_("company"), ordering="company__name")
    def company_flag(self, obj: Report) -> str:
        return company_with_flag(obj.company)

    @admin.display(description=_("barrier"), ordering="barrier__reference")
    def barrier_reference(self, obj: Report) -> str:
        if obj.barrier is None:
            return "—"
        return format_html('<span title="{}">{}</span>', obj.barrier.title, obj.barrier.reference)

    @admin.display(description=_("country"), ordering="destination_country__name")
    def country(self, obj: Report) -> str:
        return format_html(
            '<abbr title="{}">{}</abbr>', obj.destination_country.name, obj.destination_country_id
        )

    @admin.display(description=_("regulator"), ordering="regulator__abbreviation")
    def regulator_short(self, obj: Report) -> str:
        return regulator_short(obj.regulator)

    @admin.display(description=_("HS codes"))
    def hs_code_list(self, obj: Report) -> str:
        return format_html_join(
            ", ",
            '<span title="{}">{}</span>',
            ((c.description, c.code) for c in obj.hs_codes.all()),
        )

    @admin.display(description=_("trade value"), ordering="trade_value_usd")
    def trade_value(self, obj: Report) -> str:
        return usd(obj.trade_value_usd)

    @admin.display(description=_("figures verified"))
    def figures_verification(self, obj: Report) -> str:
        """Declared against verified figures, and what the agenda score counts."""
        if obj.figures_verified_at is None:
            cap = Decimal(settings.DECLARED_TRADE_VALUE_CAP_USD)
            counted = min(obj.trade_value_usd, cap)
            return format_html(
                '<span class="badge badge-unverified">{}</span> {}',
                _("not verified"),
                _(
                    "Declared by the exporter: %(value)s, %(consignments)s consignments. "
                    "The agenda score counts %(counted)s (declared figures count up to %(cap)s "
                    "until a triage officer verifies them)."
                )
                % {
                    "value": usd(obj.trade_value_usd),
                    "consignments": obj.consignments_affected,
                    "counted": usd(counted),
                    "cap": usd(cap),
                },
            )
        by = obj.figures_verified_by
        return format_html(
            '<img src="{}" alt="{}"> {} <span class="quiet">{}</span>',
            static("admin/img/icon-yes.svg"),
            _("verified"),
            _(
                "Verified: %(value)s, %(consignments)s consignments (declared: %(declared)s, "
                "%(declared_consignments)s consignments). The agenda score counts the verified "
                "figure."
            )
            % {
                "value": usd(obj.verified_trade_value_usd),
                "consignments": obj.verified_consignments_affected,
                "declared": usd(obj.trade_value_usd),
                "declared_consignments": obj.consignments_affected,
            },
            _("by %(who)s on %(when)s")
            % {
                "who": str(by) if by else "—",
                "when": formats.localize(timezone.localtime(obj.figures_verified_at)),
            },
        )

    @admin.display(description=_("days pending"), ordering="applied_on")
    def days_pending(self, obj: Report) -> int:
        return obj.days_pending

    @admin.display(description=_("days overdue"))
    def days_overdue(self, obj: Report) -> int:
        return obj.days_overdue

    @admin.display(description=_("days since filing"), ordering="-submitted_at")
    def days_since_filing(self, obj: Report) -> int:
        filed = obj.submitted_at or obj.created_at
        return (timezone.localdate() - timezone.localdate(filed)).days

    @admin.display(description=_("information request"))
    def information_request(self, obj: Report) -> str:
        """When the exporter's answer is due, or the flag of a request that lapsed unanswered."""
        if obj.info_request_lapsed_at is not None:
            return format_html(
                '<span class="badge badge-overdue" title="{}">⚠ {}</span>',
                _("Lapsed on %(day)s")
                % {"day": f"{timezone.localdate(obj.info_request_lapsed_at):%d %b %Y}"},
                _("information request lapsed"),
            )
        if obj.status == ReportStatus.INFO_REQUESTED and obj.info_due_on is not None:
            return _("answer due %(day)s") % {"day": f"{obj.info_due_on:%d %b %Y}"}
        return "—"

    @admin.display(description=_("first decision"), ordering="-submitted_at")
    def first_decision(self, obj: Report) -> str:
        """Working days against the target, with a warning once it is missed."""
        target = settings.TRIAGE_FIRST_DECISION_TARGET_WORKING_DAYS
        if obj.first_decision_at is not None:
            waited = working_days_between(
                timezone.localdate(obj.submitted_at or obj.created_at),
                timezone.localdate(obj.first_decision_at),
                INDIA,
            )
            return format_html(
                '<span class="quiet">{}</span>',
                _("made on day %(days)d") % {"days": waited},
            )
        if obj.status not in SUGGEST_DUPLICATES:
            return "—"
        waited = working_days_between(
            timezone.localdate(obj.submitted_at or obj.created_at), timezone.localdate(), INDIA
        )
        if waited > target:
            return format_html(
                '<span class="badge badge-overdue" title="{}">⚠ {}</span>',
                _("The target is %(target)d working days") % {"target": target},
                _("day %(days)d: target missed") % {"days": waited},
            )
        return _("day %(days)d of %(target)d") % {"days": waited, "target": target}

    # -- import and export ------------------------------------------------------------------

    def get_import_resource_classes(self, request: HttpRequest) -> list[type]:
        return [ReportImportResource]

    def get_import_resource_kwargs(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        data = getattr(kwargs.get("form"), "cleaned_data", None) or {}
        return {"filed_by": data.get("filed_by"), "association": data.get("association")}

    def get_confirm_form_initial(self, request: HttpRequest, import_form: Any) -> dict[str, Any]:
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["association"] = import_form.cleaned_data["association"].pk
            initial["filed_by"] = import_form.cleaned_data["filed_by"].pk
        return initial

    # -- reading ---------------------------------------------------------------------------

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Report], search_term: str
    ) -> tuple[QuerySet[Report], bool]:
        found = selectors.reports_search(queryset=queryset, text=search_term)
        return by_relevance(request, found, search_term), False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # exporters file reports, through the portal, the API or an import

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
            extra_context["field_history"] = field_history(obj)
            if obj.status in SUGGEST_DUPLICATES:
                extra_context["duplicates"] = selectors.barrier_duplicate_candidates(report=obj)
                extra_context["duplicate_reports"] = selectors.report_duplicate_candidates(
                    report=obj
                )
                extra_context["can_merge"] = obj.status == ReportStatus.UNDER_REVIEW and (
                    self.has_change_permission(request, obj)
                )
                extra_context["merge_url"] = reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_step",
                    args=[obj.pk, "merge"],
                    current_app=self.admin_site.name,
                )
        return super().change_view(request, object_id, form_url, extra_context)

    # -- writing ---------------------------------------------------------------------------

    def save_model(
        self, request: HttpRequest, obj: Report, form: forms.ModelForm, change: bool
    ) -> None:
        # Only the owner and the regulator are editable; each has its service.
        data = form.cleaned_data
        try:
            if "owner" in form.changed_data:
                services.report_assign_owner(
                    report=obj, actor=signed_in_user(request.user), owner=data["owner"]
                )
            if "regulator" in form.changed_data:
                services.report_set_regulator(
                    report=obj, actor=signed_in_user(request.user), regulator=data["regulator"]
                )
        except DomainError as exc:
            self.message_user(request, f"{obj.reference}: {exc.message}", level=messages.WARNING)

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        for formset in formsets:  # read-only inlines: nothing to save
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


@admin.register(TriageQueueEntry)
class TriageQueueAdmin(ReportAdmin):
    """Reports waiting for officials, oldest first, with the first-decision target."""

    # Fits beside the filters at 1280 px: the title is in, the calendar days since filing are
    # out (the first decision column counts the working days since filing against the target).
    list_display = (
        "reference",
        "title",
        "company_flag",
        "barrier_kind",
        "regulator_and_country",
        "hs_code_list",
        "trade_value",
        "days_pending",
        "first_decision",
        "status_and_request",
    )
    list_display_links = ("reference",)
    import_export_change_list_template = "admin/barriers/triagequeueentry/change_list.html"
    list_filter = (
        OverdueForFirstDecisionFilter,
        QueueStatusFilter,
        InformationRequestFilter,
        VerifiedCompanyFilter,
        ("barrier_kind", RelatedFacets),
        ("destination_country", RelatedFacets),
        ("regulator", RegulatorFilter),
        ("company__sector", ChoicesFacets),
        ("owner", RelatedFacets),
    )
    date_hierarchy = None
    ordering = ("created_at", "pk")
    facet_statuses = REPORT_AWAITING_TRIAGE  # selectors.triage_queue's
    sortable_by = ("reference", "trade_value", "days_pending", "first_decision")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        return selectors.triage_queue(queryset=super().get_queryset(request))

    @admin.display(description=_("status"), ordering="status")
    def status_and_request(self, obj: Report) -> str:
        """The status, and under it the information request's state when there is one: one
        column, so that the queue still fits beside the filters at 1280 px."""
        request_state = self.information_request(obj)
        if request_state == "—":
            return obj.get_status_display()
        return format_html("{}<br>{}", obj.get_status_display(), request_state)

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Report | None:
        # A report that has just left the queue (accepted, rejected) still opens here.
        try:
            return TriageQueueEntry.objects.get(pk=int(object_id))
        except (TriageQueueEntry.DoesNotExist, ValueError, ValidationError):
            return None

    # Permissions follow the reports': whoever may see or move reports works the queue.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("barriers.view_report") or self.has_change_permission(
            request, obj
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("barriers.change_report")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    @admin.display(description=_("regulator"), ordering="regulator__abbreviation")
    def regulator_and_country(self, obj: Report) -> str:
        return format_html(
            '{} <abbr class="quiet" title="{}">{}</abbr>',
            regulator_short(obj.regulator),
            obj.destination_country.name,
            obj.destination_country_id,
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {"list_title": _("Triage queue"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = {"title": _("Triage a report"), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:barriers_report_history", args=[object_id]))

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The queue is a proxy with no history of its own (this answered 500): the report's.
        return HttpResponseRedirect(
            reverse("admin:barriers_report_simple_history", args=[object_id, version_id])
        )

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
