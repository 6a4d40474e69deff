"""CSV and XLSX export of the admin's lists, and bulk import of reports (django-import-export).

Exports read what the filtered changelist holds, with related rows fetched in a fixed number
of queries. The import never writes a model itself: every row goes through
`services.report_create`, so each imported report gets its reference, its first history row
and its notification, exactly as if the exporter had filed it. A row that cannot be filed is
reported with its line number and the reason; nothing in the file can cause a server error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Prefetch, QuerySet
from import_export import fields, instance_loaders, resources, widgets
from import_export.results import RowResult

from barriers import services
from barriers.formulas import spreadsheet_safe
from barriers.models import (
    Barrier,
    BarrierKind,
    Company,
    Country,
    HSCode,
    Regulator,
    Report,
    User,
)
from barriers.transitions import DomainError

# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


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
    """An export resource whose text cells can never be formulas (barriers/formulas.py).

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


# ---------------------------------------------------------------------------------------------
# Import of reports
# ---------------------------------------------------------------------------------------------

IMPORT_COLUMNS = (
    "company_iec",
    "title",
    "description",
    "barrier_kind",
    "destination_country",
    "regulator",
    "hs_codes",
    "application_number",
    "applied_on",
    "decision_received_on",
    "consignments_affected",
    "trade_value_usd",
    "consent_to_share",
)
REQUIRED_COLUMNS = (
    "company_iec",
    "title",
    "description",
    "barrier_kind",
    "destination_country",
    "hs_codes",
    "applied_on",
)
# Other names people give the same columns.
COLUMN_ALIASES = {
    "iec": "company_iec",
    "kind": "barrier_kind",
    "country": "destination_country",
    "hs_code": "hs_codes",
    "date_applied": "applied_on",
    "trade_value": "trade_value_usd",
    "consignments": "consignments_affected",
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", ""})


def normalize_header(header: Any) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", str(header or "").strip().lower()).strip("_")
    return COLUMN_ALIASES.get(name, name)


def import_filer_check(*, filed_by: User, association: Company | None) -> None:
    """Who may be recorded as filing the reports of an import; DomainError when not."""
    if association is not None:
        if filed_by.company_id != association.pk:
            raise DomainError(
                f"{filed_by.email} is not a user of {association.name}.", field="filed_by"
            )
    elif not filed_by.is_staff and filed_by.company_id is None:
        raise DomainError(
            f"{filed_by.email} belongs to no company and is not an official.", field="filed_by"
        )


class ReportImportResource(resources.Resource):
    """Rows of reports for `report_create`, filed by `filed_by` (for `association`, if any).

    With an association, every row's company must be one of its members. Without one, an
    exporter's user may file only for their own company; an official for any company.
    """

    company_iec = fields.Field(column_name="company_iec")
    title = fields.Field(column_name="title")
    description = fields.Field(column_name="description")
    barrier_kind = fields.Field(column_name="barrier_kind")
    destination_country = fields.Field(column_name="destination_country")
    regulator = fields.Field(column_name="regulator")
    hs_codes = fields.Field(column_name="hs_codes")
    application_number = fields.Field(column_name="application_number")
    applied_on = fields.Field(column_name="applied_on")
    decision_received_on = fields.Field(column_name="decision_received_on")
    consignments_affected = fields.Field(column_name="consignments_affected")
    trade_value_usd = fields.Field(column_name="trade_value_usd")
    consent_to_share = fields.Field(column_name="consent_to_share")

    class Meta:
        name = "Reports (CSV or XLSX, one report per row)"
        use_transactions = True
        skip_diff = True
        instance_loader_class = instance_loaders.BaseInstanceLoader

    @classmethod
    def get_display_name(cls) -> str:
        return cls._meta.name

    def __init__(
        self,
        *,
        filed_by: User | None = None,
        association: Company | None = None,
        on_row: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.filed_by = filed_by
        self.association = association
        self.on_row = on_row  # called after each row, for a progress bar
        self.missing_columns: list[str] = []

    # -- the whole file --------------------------------------------------------------------

    def get_diff_headers(self) -> list[str]:
        return ["reference", *IMPORT_COLUMNS]

    def _check_import_id_fields(self, headers: Any) -> None:
        return None  # every row is a new report; rows are never matched to existing ones

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        headers = [normalize_header(header) for header in dataset.headers or []]
        self.missing_columns = [name for name in REQUIRED_COLUMNS if name not in headers]
        # Put the columns in the order of the preview's headings (an empty reference first),
        # so that a refused row is shown under the right headings; unknown columns are dropped.
        rows = [dict(zip(headers, values, strict=False)) for values in dataset]
        dataset.wipe()
        dataset.headers = ["reference", *IMPORT_COLUMNS]
        for row in rows:
            dataset.append(["", *(row.get(name, "") for name in IMPORT_COLUMNS)])
        # Reference lists are short: read them once, not once per row.
        self.kinds = {kind.code: kind for kind in BarrierKind.objects.all()}
        self.countries = {country.code: country for country in Country.objects.all()}
        self.regulators = {regulator.code: regulator for regulator in Regulator.objects.all()}
        self.regulators_by_abbreviation = {
            regulator.abbreviation.upper(): regulator
            for regulator in self.regulators.values()
            if regulator.abbreviation
        }
        self.companies: dict[str, Company | None] = {}
        if self.filed_by is None:
            raise ValueError("Say which user files the imported reports.")

    # -- one row ---------------------------------------------------------------------------

    def import_row(self, row: dict[str, Any], instance_loader: Any, **kwargs: Any) -> RowResult:
        result = self.get_row_result_class()()
        result.row_values = row
        try:
            values = self.parse_row(row)
            report = services.report_create(
                actor=self.filed_by, filing_association=self.association, **values
            )
        except ValidationError as exc:
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            result.validation_error = exc
        except DomainError as exc:
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            field = exc.field if exc.field in IMPORT_COLUMNS else NON_FIELD_ERRORS
            result.validation_error = ValidationError({field: [exc.message]})
        else:
            result.import_type = RowResult.IMPORT_TYPE_NEW
            result.object_id = report.pk
            result.object_repr = str(report)
            result.instance = report
            result.diff = [report.reference, *(_text(row.get(name)) for name in IMPORT_COLUMNS)]
        if self.on_row is not None:
            self.on_row()
        return result

    def parse_row(self, row: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments of report_create for one row, or a ValidationError per column."""
        if self.missing_columns:
            raise ValidationError(
                {NON_FIELD_ERRORS: [f"The file has no column {', '.join(self.missing_columns)}."]}
            )
        errors: dict[str, list[str]] = {}
        values: dict[str, Any] = {}

        def parse(name: str, parser: Any, required: bool = False) -> None:
            raw = row.get(name)
            if _text(raw) == "":
                if required:
                    errors[name] = ["This column is required."]
                return
            try:
                values[name] = parser(raw)
            except ValidationError as exc:
                errors[name] = exc.messages

        parse("company_iec", self._company, required=True)
        parse("title", lambda raw: _text(raw)[:200], required=True)
        parse("description", _text, required=True)
        parse("barrier_kind", lambda raw: _lookup(self.kinds, raw, "barrier kind"), required=True)
        parse(
            "destination_country",
            lambda raw: _lookup(self.countries, _text(raw).upper(), "country"),
            required=True,
        )
        parse("regulator", self._regulator)
        parse("hs_codes", _hs_codes, required=True)
        parse("application_number", lambda raw: _text(raw)[:100])
        parse("applied_on", _date, required=True)
        parse("decision_received_on", _date)
        parse("consignments_affected", _whole_number)
        parse("trade_value_usd", _amount)
        parse("consent_to_share", _yes_no)
        if errors:
            raise ValidationError(errors)
        values["company"] = values.pop("company_iec")
        return values

    def _company(self, raw: Any) -> Company:
        iec = _text(raw).upper()
        if iec not in self.companies:
            self.companies[iec] = Company.objects.filter(iec=iec).first()
        company = self.companies[iec]
        if company is None:
            raise ValidationError(f"No company has the IEC {iec}.")
        filer = self.filed_by
        if (
            self.association is None
            and filer is not None
            and not filer.is_staff
            and filer.company_id != company.pk
        ):
            raise ValidationError(f"{filer.email} cannot file reports for {company.name}.")
        return company

    def _regulator(self, raw: Any) -> Regulator:
        key = _text(raw)
        regulator = self.regulators.get(key) or self.regulators_by_abbreviation.get(key.upper())
        if regulator is None:
            raise ValidationError(f"Unknown regulator {key!r}: use its code or abbreviation.")
        return regulator


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _lookup(table: dict[str, Any], raw: Any, what: str) -> Any:
    key = _text(raw)
    if key not in table:
        raise ValidationError(f"Unknown {what} code {key!r}.")
    return table[key]


def _hs_codes(raw: Any) -> list[HSCode]:
    text = _text(raw)
    if isinstance(raw, (int, float)):  # a spreadsheet may turn 030617 into 30617
        text = f"{int(raw):06d}"
    codes = [code for code in re.split(r"[\s,;]+", text) if code]
    bad = [code for code in codes if not re.fullmatch(r"[0-9]{6}", code)]
    if bad:
        raise ValidationError(f"HS codes have six digits: {', '.join(bad)}.")
    found = {code.code: code for code in HSCode.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(f"Unknown HS codes: {', '.join(unknown)}.")
    return [found[code] for code in dict.fromkeys(codes)]


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw)
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(f"{text!r} is not a date: write it as YYYY-MM-DD.")


def _whole_number(raw: Any) -> int:
    try:
        number = Decimal(_text(raw).replace(",", ""))
    except InvalidOperation as exc:
        raise ValidationError(f"{_text(raw)!r} is not a whole number.") from exc
    if number != number.to_integral_value() or number < 0:
        raise ValidationError(f"{_text(raw)!r} is not a whole number.")
    return int(number)


def _amount(raw: Any) -> Decimal:
    text = _text(raw).replace(",", "").replace("$", "").replace("USD", "").strip()
    try:
        amount = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValidationError(f"{_text(raw)!r} is not an amount in US dollars.") from exc
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise ValidationError(f"{_text(raw)!r} is not an amount in US dollars.")
    return amount


def _yes_no(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValidationError(f"Write yes or no, not {text!r}.")
