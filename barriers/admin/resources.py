"""CSV and XLSX export of the admin's lists (django-import-export resources).

Exports read what the filtered changelist holds, with related rows fetched in a fixed number
of queries; no text cell can become a formula (barriers/platform/formulas.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from import_export import fields, resources, widgets

from barriers.models import (
    Barrier,
    HSCode,
    Report,
)
from barriers.platform.formulas import spreadsheet_safe


def _codes(obj: Report | Barrier) -> str:
    return " ".join(code.code for code in obj.hs_codes.all())


# Columns whose widget writes a number, date or yes/no: kept as they are (in CSV, a negative
# number written out is still a number), every other text goes through spreadsheet_safe().
TYPED_WIDGETS = (
    widgets.NumberWidget,
    widgets.DateWidget,
    widgets.DateTimeWidget,
    widgets.TimeWidget,
    widgets.DurationWidget,
    widgets.BooleanWidget,
)


class SpreadsheetSafeExport(resources.ModelResource):
    """An export resource whose text cells can never be formulas (barriers/platform/formulas.py).

    Every resource the admin exports with derives from this; tests/test_spreadsheet_formulas.py
    finds them through the admin and checks each format's output.
    """

    def export_field(self, field: fields.Field, instance: Any, **kwargs: Any) -> Any:
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, TYPED_WIDGETS):
            return value
        return spreadsheet_safe(value)


class ReportExportResource(SpreadsheetSafeExport):
    """One line per report, as officials read the list."""

    status = fields.Field(column_name="status")
    company = fields.Field(attribute="company__name", column_name="company")
    company_iec = fields.Field(attribute="company__iec", column_name="company_iec")
    company_verified = fields.Field(column_name="company_verified")
    barrier_kind = fields.Field(attribute="barrier_kind_id", column_name="barrier_kind")
    destination_country = fields.Field(
        attribute="destination_country_id", column_name="destination_country"
    )
    regulator = fields.Field(attribute="regulator_id", column_name="regulator")
    hs_codes = fields.Field(column_name="hs_codes")
    days_pending = fields.Field(column_name="days_pending")
    barrier = fields.Field(attribute="barrier__reference", column_name="barrier")
    owner = fields.Field(attribute="owner__email", column_name="owner")

    class Meta:
        model = Report
        name = "Reports"
        fields = (
            "reference",
            "status",
            "title",
            "company",
            "company_iec",
            "company_verified",
            "barrier_kind",
            "destination_country",
            "regulator",
            "hs_codes",
            "application_number",
            "applied_on",
            "decision_received_on",
            "days_pending",
            "consignments_affected",
            "trade_value_usd",
            "barrier",
            "owner",
            "created_at",
            "submitted_at",
            "first_decision_at",
        )
        export_order = fields

    def filter_export(self, queryset: QuerySet[Report], **kwargs: Any) -> QuerySet[Report]:
        # prefetch_related(None): the triage queue's selector prefetches hs_codes its own way,
        # and Django refuses the same lookup twice with different querysets.
        return (
            queryset.select_related("company", "barrier", "owner")
            .prefetch_related(None)
            .prefetch_related(Prefetch("hs_codes", queryset=HSCode.objects.order_by("code")))
        )

    def dehydrate_status(self, report: Report) -> str:
        return report.get_status_display()

    def dehydrate_company_verified(self, report: Report) -> str:
        return "yes" if report.company.verified else "no"

    def dehydrate_hs_codes(self, report: Report) -> str:
        return _codes(report)

    def dehydrate_days_pending(self, report: Report) -> int:
        return report.days_pending


class BarrierExportResource(SpreadsheetSafeExport):
    """One line per barrier."""

    status = fields.Field(column_name="status")
    barrier_kind = fields.Field(attribute="barrier_kind_id", column_name="barrier_kind")
    regulator = fields.Field(attribute="regulator_id", column_name="regulator")
    destination_country = fields.Field(
        attribute="destination_country_id", column_name="destination_country"
    )
    hs_codes = fields.Field(column_name="hs_codes")
    reports = fields.Field(column_name="reports")
    owner = fields.Field(attribute="owner__email", column_name="owner")

    class Meta:
        model = Barrier
        name = "Barriers"
        fields = (
            "reference",
            "status",
            "title",
            "title_ru",
            "barrier_kind",
            "regulator",
            "destination_country",
            "sector",
            "hs_codes",
            "reports",
            "pending_on",
            "manual_priority",
            "on_hold",
            "owner",
            "created_at",
            "resolved_at",
        )
        export_order = fields

    def filter_export(self, queryset: QuerySet[Barrier], **kwargs: Any) -> QuerySet[Barrier]:
        return queryset.select_related("owner").prefetch_related(
            Prefetch("hs_codes", queryset=HSCode.objects.order_by("code"))
        )

    def dehydrate_status(self, barrier: Barrier) -> str:
        return barrier.get_status_display()

    def dehydrate_hs_codes(self, barrier: Barrier) -> str:
        return _codes(barrier)

    def dehydrate_reports(self, barrier: Barrier) -> int:
        # The admin's queryset counts them per row; a plain queryset falls back to a query.
        count = getattr(barrier, "report_count", None)
        return barrier.reports.count() if count is None else count
