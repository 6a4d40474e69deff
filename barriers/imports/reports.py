"""Bulk import of reports from CSV or XLSX (django-import-export), for the admin and
`manage.py import_reports`.

The import never writes a model itself: every row goes through `services.report_create`, so each
imported report gets its reference, its first history row and its notification, exactly as if the
exporter had filed it. A row that cannot be filed is reported with its line number and the reason;
nothing in the file can cause a server error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, instance_loaders, resources
from import_export.results import RowResult

from barriers import services
from barriers.domain import report_rules as rules
from barriers.domain.errors import DomainError
from barriers.models import (
    Company,
    User,
)

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
    "consent_to_publish",
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
    consent_to_publish = fields.Field(column_name="consent_to_publish")

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
        self.reference = rules.ReferenceData()
        self.companies: dict[str, Company | None] = {}
        if self.filed_by is None:
            raise ValueError("Say which user files the imported reports.")

    # -- one row ---------------------------------------------------------------------------

    def import_row(self, row: dict[str, Any], instance_loader: Any, **kwargs: Any) -> RowResult:
        result = self.get_row_result_class()()
        result.row_values = row
        try:
            values = self.parse_row(row)
            assert self.filed_by is not None  # refused before the import starts
            report = services.report_create(
                actor=self.filed_by, filing_association=self.association, **values
            )
        except ValidationError as exc:
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            result.validation_error = exc
        except DomainError as exc:
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            refusals = exc.by_field() if isinstance(exc, rules.ReportInvalid) else None
            refusals = refusals or {exc.field or "": [exc.message]}
            result.validation_error = ValidationError(
                {
                    (name if name in IMPORT_COLUMNS else NON_FIELD_ERRORS): reasons
                    for name, reasons in refusals.items()
                }
            )
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
        raw_iec = row.get("company_iec")
        if _text(raw_iec) == "":
            errors["company_iec"] = ["Give the IEC of the company the report is for."]
        else:
            try:
                values["company"] = self._company(raw_iec)
            except ValidationError as exc:
                errors["company_iec"] = exc.messages
        # Every other column through its field's rule: the portal and the API say the same.
        for name in rules.REPORT_FIELDS:
            try:
                values[name] = rules.clean_field(name, _cell(name, row.get(name)), self.reference)
            except rules.FieldRuleError as exc:
                errors[name] = [exc.message]
        cross_checks = (
            (
                ("applied_on", "decision_received_on"),
                lambda: rules.check_dates_order(
                    values["applied_on"], values["decision_received_on"]
                ),
            ),
            (
                ("regulator", "destination_country"),
                lambda: rules.check_regulator_country(
                    values["regulator"], values["destination_country"]
                ),
            ),
        )
        for names, check in cross_checks:
            if all(name in values for name in names):
                try:
                    check()
                except rules.FieldRuleError as exc:
                    errors.setdefault(exc.field or NON_FIELD_ERRORS, []).append(exc.message)
        if errors:
            raise ValidationError(errors)
        return values

    def _company(self, raw: Any) -> Company:
        iec = _text(raw).upper()
        if not re.fullmatch(r"[A-Z0-9]{10}", iec):  # no such IEC: not worth a query (nor a NUL)
            raise ValidationError(f"No company has the IEC {iec[:20]!r}.")
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


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


# Columns whose numbers a spreadsheet may have turned into numeric cells.
TEXT_COLUMNS = frozenset(
    {
        "title",
        "description",
        "application_number",
        "barrier_kind",
        "destination_country",
        "regulator",
        "consent_to_share",
        "consent_to_publish",
    }
)


def _cell(name: str, raw: Any) -> Any:
    """A spreadsheet cell as the rule of its column reads it: text, a number or a date."""
    if raw is None:
        return None
    if name == "hs_codes" and isinstance(raw, int | float) and not isinstance(raw, bool):
        # A spreadsheet turns 030617 into the number 30617: the code had six digits.
        return f"{int(raw):06d}" if float(raw).is_integer() else str(raw)
    if name in TEXT_COLUMNS and isinstance(raw, int | float) and not isinstance(raw, bool):
        return str(int(raw)) if float(raw).is_integer() else str(raw)
    return raw
