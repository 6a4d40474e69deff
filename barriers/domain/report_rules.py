"""One rule per field an exporter supplies on a report, a message or a withdrawal.

The portal's form, the API's serializer, the spreadsheet import (admin and `import_reports`)
and the admin call these rules, and the services call them again before writing, so every door
gives the same answer with the same limit, and no value can reach the database and fail there.
Limits are read from the model's columns where there is one, so the rule and the column agree.

Each rule takes what a door has: a typed value (the API after its JSON type checks, a service
caller), or text (a form field, a spreadsheet cell), which the rule reads the way people write
it ("2,50,000", "US$ 1,200", "14/03/2026", "030617, 160521"). A refusal is a `FieldRuleError`
with the field, a stable `code` and the reason; `ReportInvalid` gathers every refusal of a
report for the service to raise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import models
from django.db.models import Field, Q
from django.utils import timezone
from django.utils.crypto import get_random_string

from barriers.domain.errors import DomainError
from barriers.models import BarrierKind, Country, HSCode, Regulator, Report


class FieldRuleError(DomainError):
    """One value refused by its field's rule."""

    field: str  # always named, unlike a DomainError's

    def __init__(self, message: str, *, field: str, code: str) -> None:
        super().__init__(message, field=field)
        self.code = code


class ReportInvalid(DomainError):
    """Every refused field of a report, in form order; `field` and `message` are the first's."""

    code = "invalid"

    def __init__(self, errors: Sequence[FieldRuleError]) -> None:
        first = errors[0]
        super().__init__(first.message, field=first.field)
        self.errors = list(errors)

    def by_field(self) -> dict[str, list[str]]:
        """The reasons of each refused field, as forms, the API and the import show them."""
        found: dict[str, list[str]] = {}
        for error in self.errors:
            found.setdefault(error.field or "", []).append(error.message)
        return found


# The fields an exporter states when filing or editing a report, in the order forms show them.
REPORT_FIELDS = (
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

# Control characters other than tab and line breaks: PostgreSQL refuses NUL in text, and the
# others are never typed by people, only smuggled in.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _column_length(name: str) -> int:
    column = Report._meta.get_field(name)
    assert isinstance(column, Field)
    length = column.max_length
    assert length is not None
    return length


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextRule:
    """Text stripped of surrounding spaces, within `min_length` and `max_length` characters."""

    field: str
    what: str  # "the title", as the reasons name it
    max_length: int
    min_length: int = 0
    required: bool = True
    required_message: str = ""
    too_short_message: str = ""

    def clean(self, value: object) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise FieldRuleError(f"Give {self.what} as text.", field=self.field, code="invalid")
        text = value.strip()
        if not text:
            if self.required:
                raise FieldRuleError(self.required_message, field=self.field, code="required")
            return ""
        if CONTROL_CHARACTERS.search(text):
            raise FieldRuleError(
                f"{self.what.capitalize()} cannot contain control characters (such as NUL).",
                field=self.field,
                code="control_characters",
            )
        if len(text) > self.max_length:
            raise FieldRuleError(
                f"Keep {self.what} within {self.max_length:,} characters (it has {len(text):,}).",
                field=self.field,
                code="max_length",
            )
        if len(text) < self.min_length:
            raise FieldRuleError(self.too_short_message, field=self.field, code="min_length")
        return text


TITLE = TextRule(
    field="title",
    what="the title",
    max_length=_column_length("title"),
    required_message="Give the report a title.",
)
DESCRIPTION = TextRule(
    field="description",
    what="the description",
    max_length=10_000,
    min_length=20,
    required_message="Describe what happened.",
    too_short_message="Describe what happened in a sentence or two (at least 20 characters).",
)
APPLICATION_NUMBER = TextRule(
    field="application_number",
    what="the application number",
    max_length=_column_length("application_number"),
    required=False,
)
MESSAGE_BODY = TextRule(
    field="body", what="the message", max_length=10_000, required_message="Write your message."
)
WITHDRAW_REASON = TextRule(field="reason", what="the reason", max_length=2_000, required=False)


# ---------------------------------------------------------------------------------------------
# Reference data: kind, country, regulator, HS codes
# ---------------------------------------------------------------------------------------------


def _storable(code: str, model: type[models.Model]) -> bool:
    """Whether `code` could be a stored code of `model`: a lookup of any other finds nothing."""
    field = model._meta.get_field("code")
    limit = field.max_length if isinstance(field, Field) else None
    return bool(code) and "\x00" not in code and (limit is None or len(code) <= limit)


CodedRow = TypeVar("CodedRow", BarrierKind, Country)


def _kept_or_read(rows: dict[str, CodedRow], code: str, model: type[CodedRow]) -> CodedRow | None:
    """The row of `code` among `rows`, else read on its own (and kept) if it was added since."""
    found = rows.get(code)
    if found is None and _storable(code, model):
        found = model._default_manager.filter(code=code).first()
        if found is not None:
            rows[code] = found
    return found


@dataclass
class ReferenceData:
    """Reference rows read once and kept, so that an import does not query them per row."""

    kinds: dict[str, BarrierKind] | None = None
    countries: dict[str, Country] | None = None
    regulators: dict[str, Regulator] | None = None
    hs_codes: dict[str, HSCode] = field(default_factory=dict)
    # Read every HS code at the first lookup (the process's shared copy), rather than those
    # asked for: the next reports name other codes.
    every_hs_code: bool = False

    # A code not among the rows read is looked up on its own before it is refused: the row may
    # be newer than this copy (added in another process since), as hs_codes_known does for codes.
    # Only a code that could be stored is looked up (no NUL, which PostgreSQL text refuses, and
    # not longer than the column).

    def kind(self, code: str) -> BarrierKind | None:
        if self.kinds is None:
            self.kinds = {kind.code: kind for kind in BarrierKind.objects.all()}
        return _kept_or_read(self.kinds, code, BarrierKind)

    def country(self, code: str) -> Country | None:
        if self.countries is None:
            self.countries = {country.code: country for country in Country.objects.all()}
        return _kept_or_read(self.countries, code.upper(), Country)

    def regulator(self, code: str) -> Regulator | None:
        if self.regulators is None:
            self.regulators = {reg.code: reg for reg in Regulator.objects.all()}
        found = self.regulators.get(code)
        if found is None:  # its abbreviation, as people write it in spreadsheets
            wanted = code.upper()
            found = next(
                (r for r in self.regulators.values() if r.abbreviation.upper() == wanted), None
            )
        if found is None and _storable(code, Regulator):
            found = (
                Regulator.objects.filter(Q(code=code) | Q(abbreviation__iexact=code))
                .order_by("code")
                .first()
            )
            if found is not None:
                self.regulators[found.code] = found
        return found

    def hs_codes_known(self, codes: Iterable[str]) -> dict[str, HSCode]:
        if self.every_hs_code:
            self.every_hs_code = False
            found = HSCode.objects.all()
        else:
            missing = [code for code in codes if code not in self.hs_codes]
            if not missing:
                return self.hs_codes
            found = HSCode.objects.filter(code__in=missing)
        self.hs_codes.update(
            {code.code: code for code in found if code.code[:2] not in HS_NATIONAL_CHAPTERS}
        )
        return self.hs_codes


# Reference data kept per process (shared_reference_data), until the version stamp in the shared
# cache changes: any save or delete of a kind, country, regulator or HS code gives it a new one
# (reference_data_changed, connected in barriers/apps.py). The stamp also expires, so a change
# made without signals (a bulk update in a migration or a shell), or one that another process
# read between the save and its commit, reaches every process within REFERENCE_DATA_SECONDS.
REFERENCE_DATA_VERSION_KEY = "barriers:reference-data:version"
REFERENCE_DATA_SECONDS = 300
REFERENCE_DATA_MODELS = (BarrierKind, Country, Regulator, HSCode)
_shared: tuple[str, ReferenceData] | None = None


def shared_reference_data() -> ReferenceData:
    """The kinds, countries, regulators and HS codes read once and kept by this process, for
    the single reports the portal and the API file (one cache read instead of a query each)."""
    global _shared
    version = cache.get(REFERENCE_DATA_VERSION_KEY)
    if version is None:
        version = get_random_string(12)
        if not cache.add(REFERENCE_DATA_VERSION_KEY, version, REFERENCE_DATA_SECONDS):
            version = cache.get(REFERENCE_DATA_VERSION_KEY, version)
    if _shared is None or _shared[0] != version:
        _shared = (version, ReferenceData(every_hs_code=True))
    return _shared[1]


def reference_data_changed(**kwargs: Any) -> None:
    """A kind, country, regulator or HS code was saved or deleted: every process reads them
    again (a signal receiver)."""
    reference_data_forget()


def reference_data_forget() -> None:
    global _shared
    _shared = None
    cache.delete(REFERENCE_DATA_VERSION_KEY)


def _code_text(value: object, *, field: str, what: str) -> str | None:
    """The code a door was given, or None when it was left empty."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldRuleError(f"Give the {what} as its code.", field=field, code="invalid")
    text = value.strip()
    return text or None


def _unknown(field: str, what: str, code: str) -> FieldRuleError:
    shown = code[:40] if not CONTROL_CHARACTERS.search(code) else repr(code[:40])
    return FieldRuleError(f"Unknown {what} {shown}.", field=field, code="unknown")


def clean_barrier_kind(value: object, reference: ReferenceData | None = None) -> BarrierKind:
    """The kind of approval: required, one of the reference list."""
    if isinstance(value, BarrierKind):
        return value
    code = _code_text(value, field="barrier_kind", what="barrier kind")
    if code is None:
        raise FieldRuleError("Choose the kind of approval.", field="barrier_kind", code="required")
    found = (reference or shared_reference_data()).kind(code)
    if found is None:
        raise _unknown("barrier_kind", "barrier kind", code)
    return found


def clean_destination_country(value: object, reference: ReferenceData | None = None) -> Country:
    """The EAEU country exported to: required, one of the reference list (any letter case)."""
    if isinstance(value, Country):
        return value
    code = _code_text(value, field="destination_country", what="country")
    if code is None:
        raise FieldRuleError(
            "Choose the destination country.", field="destination_country", code="required"
        )
    found = (reference or shared_reference_data()).country(code)
    if found is None:
        raise _unknown("destination_country", "country", code)
    return found


def clean_regulator(value: object, reference: ReferenceData | None = None) -> Regulator | None:
    """The EAEU authority, if known: its code or abbreviation; empty means not known."""
    if value is None or isinstance(value, Regulator):
        return value
    code = _code_text(value, field="regulator", what="regulator")
    if code is None:
        return None
    found = (reference or shared_reference_data()).regulator(code)
    if found is None:
        raise _unknown("regulator", "regulator", code)
    return found


def check_regulator_country(regulator: Regulator | None, country: Country | str | None) -> None:
    """A national regulator must be of the report's destination country (EAEU bodies fit all)."""
    if regulator is None or country is None or regulator.country_id is None:
        return
    country_code = country.pk if isinstance(country, Country) else country
    if regulator.country_id != country_code:
        raise FieldRuleError(
            f"{regulator.abbreviation or regulator.code} regulates {regulator.country_id}, "
            f"but the report is about exports to {country_code}.",
            field="regulator",
            code="wrong_country",
        )


HS_CODES_MAX = 20
HS_CODE_PATTERN = re.compile(r"[0-9]{6}")
HS_CODE_SPLIT = re.compile(r"[\s,;]+")
# Chapters the Harmonized System leaves to national use: no HS 2022 subheading lies in them.
# The nomenclature's source (UN Comtrade) lists 999999 "commodities not specified according to
# kind" there, a statistical total, which no shipment can be filed under.
HS_NATIONAL_CHAPTERS = ("98", "99")


def split_hs_codes(text: str) -> list[str]:
    """The codes of a text such as "030617, 160521" (commas, semicolons or spaces between)."""
    return [token for token in HS_CODE_SPLIT.split(text.strip()) if token]


def clean_hs_codes(value: object, reference: ReferenceData | None = None) -> list[HSCode]:
    """1 to HS_CODES_MAX 6-digit codes, each known to the tracker; a repeated code is kept once.

    Takes a list (of codes or HSCode rows) or a text of codes; every malformed and every
    unknown code is named.
    """
    field_name = "hs_codes"
    if value is None:
        value = []
    if isinstance(value, str):
        value = split_hs_codes(value)
    if not isinstance(value, list | tuple):
        raise FieldRuleError(
            'Give the HS codes as a list of 6-digit codes, such as ["030617"].',
            field=field_name,
            code="invalid",
        )
    if not value:
        raise FieldRuleError(
            "Name at least one HS code, such as 030617.", field=field_name, code="required"
        )
    rows: dict[str, HSCode] = {}
    codes: list[str] = []
    malformed: list[str] = []
    for item in value:
        if isinstance(item, HSCode):
            rows[item.code] = item
            text = item.code
        elif isinstance(item, str):
            text = item.strip()
        else:  # a number is not a code: 030617 would have lost its leading zero
            malformed.append(str(item))
            continue
        if not HS_CODE_PATTERN.fullmatch(text):
            malformed.append(text)
        elif text not in codes:
            codes.append(text)
    if malformed:
        shown = ", ".join(f"“{token[:20]}”" for token in malformed[:5])
        raise FieldRuleError(
            f"An HS code has exactly six digits, such as 030617. Check {shown}.",
            field=field_name,
            code="malformed",
        )
    if len(value) > HS_CODES_MAX:
        raise FieldRuleError(
            f"Name at most {HS_CODES_MAX} HS codes (there are {len(value)}); choose the "
            "products most affected.",
            field=field_name,
            code="too_many",
        )
    looked_up = [code for code in codes if code not in rows]
    if looked_up:
        rows.update((reference or shared_reference_data()).hs_codes_known(looked_up))
    unknown = [code for code in codes if code not in rows]
    if unknown:
        label = "Unknown HS code" if len(unknown) == 1 else "Unknown HS codes"
        raise FieldRuleError(
            f"{label} {', '.join(unknown)}. Name subheadings of the HS 2022 nomenclature: the "
            "6-digit code of the product as on its customs declaration.",
            field=field_name,
            code="unknown",
        )
    return [rows[code] for code in codes]


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

EARLIEST_APPLICATION = dt.date(2000, 1, 1)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


DATE_INVALID_MESSAGE = "Write the date as YYYY-MM-DD, such as 2026-03-14."
AMOUNT_INVALID_MESSAGE = "Enter the amount in figures, such as 250000."


def _date(value: object, *, field: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        for pattern in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    raise FieldRuleError(DATE_INVALID_MESSAGE, field=field, code="invalid")


def clean_applied_on(value: object) -> dt.date:
    """When the application was made: required, not in the future, not before 2000."""
    applied_on = _date(value, field="applied_on")
    if applied_on is None:
        raise FieldRuleError("Give the date you applied.", field="applied_on", code="required")
    if applied_on > timezone.localdate():
        raise FieldRuleError(
            "The application date cannot be in the future.", field="applied_on", code="future"
        )
    if applied_on < EARLIEST_APPLICATION:
        raise FieldRuleError(
            f"The application date cannot be before {EARLIEST_APPLICATION.day} "
            f"{EARLIEST_APPLICATION:%B %Y}.",
            field="applied_on",
            code="too_early",
        )
    return applied_on


def clean_decision_received_on(value: object) -> dt.date | None:
    """When a decision came, if one has: not in the future."""
    decided = _date(value, field="decision_received_on")
    if decided is not None and decided > timezone.localdate():
        raise FieldRuleError(
            "The decision date cannot be in the future.",
            field="decision_received_on",
            code="future",
        )
    return decided


def check_dates_order(applied_on: dt.date | None, decided: dt.date | None) -> None:
    """The decision cannot come before the application (a CheckConstraint of the table too)."""
    if applied_on is not None and decided is not None and decided < applied_on:
        raise FieldRuleError(
            "The decision cannot have been received before the application was made.",
            field="decision_received_on",
            code="before_application",
        )


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------

CONSIGNMENTS_MAX = 100_000
TRADE_VALUE_MAX = Decimal("10000000000")
_trade_value_field = Report._meta.get_field("trade_value_usd")
TRADE_VALUE_PLACES: int = _trade_value_field.decimal_places
# What people write around an amount: thousands separators (Indian or Western), the currency.
AMOUNT_NOISE = re.compile(r"(?i)\s|,|us\$|\$|usd")


def clean_consignments_affected(value: object) -> int:
    """Consignments held or refused: a whole number from 0 to CONSIGNMENTS_MAX; empty is 0."""
    field_name = "consignments_affected"
    invalid = FieldRuleError(
        "Give the number of consignments as a whole number, such as 3.",
        field=field_name,
        code="invalid",
    )
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        raise invalid
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float | Decimal | str):
        try:
            number = Decimal(AMOUNT_NOISE.sub("", value) if isinstance(value, str) else value)
        except InvalidOperation:
            raise invalid from None
        if not number.is_finite() or number != number.to_integral_value():
            raise invalid
    else:
        raise invalid
    if number < 0:
        raise FieldRuleError(
            "The number of consignments cannot be negative.", field=field_name, code="min_value"
        )
    if number > CONSIGNMENTS_MAX:
        raise FieldRuleError(
            f"The number of consignments cannot be more than {CONSIGNMENTS_MAX:,}.",
            field=field_name,
            code="max_value",
        )
    return int(number)


def clean_trade_value_usd(value: object) -> Decimal:
    """US dollars at stake: from 0 to TRADE_VALUE_MAX, in cents at most; empty is 0."""
    field_name = "trade_value_usd"
    invalid = FieldRuleError(AMOUNT_INVALID_MESSAGE, field=field_name, code="invalid")
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal("0")
    if isinstance(value, bool):
        raise invalid
    try:
        if isinstance(value, str):
            amount = Decimal(AMOUNT_NOISE.sub("", value))
        elif isinstance(value, float):
            amount = Decimal(repr(value))  # as the spreadsheet showed it, not its binary value
            if amount == amount.to_integral_value():
                amount = amount.quantize(Decimal(1))  # 250000.0 is a whole number of dollars
        elif isinstance(value, int | Decimal):
            amount = Decimal(value)
        else:
            raise invalid
    except InvalidOperation:
        raise invalid from None
    if not amount.is_finite():
        raise invalid
    if amount < 0:
        raise FieldRuleError(
            "The trade value cannot be negative.", field=field_name, code="min_value"
        )
    if amount > TRADE_VALUE_MAX:
        raise FieldRuleError(
            f"The trade value cannot be more than {TRADE_VALUE_MAX:,} US dollars.",
            field=field_name,
            code="max_value",
        )
    # Places as written: "5.000" may be a European five thousand, so it is not taken as 5.
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > TRADE_VALUE_PLACES:
        raise FieldRuleError(
            f"Give the trade value in dollars and cents, with at most {TRADE_VALUE_PLACES} "
            "decimal places.",
            field=field_name,
            code="decimal_places",
        )
    return amount.quantize(Decimal(1).scaleb(-TRADE_VALUE_PLACES))


TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x", "on"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "", "off"})


def _yes_or_no(value: object, field_name: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
    raise FieldRuleError("Answer yes or no.", field=field_name, code="invalid")


def clean_consent_to_share(value: object) -> bool:
    """Whether officials may name the company to the EAEU side: yes or no; empty is no."""
    return _yes_or_no(value, "consent_to_share")


def clean_consent_to_publish(value: object) -> bool:
    """Whether the company may be named on the public register: yes or no; empty is no."""
    return _yes_or_no(value, "consent_to_publish")


# ---------------------------------------------------------------------------------------------
# A whole report
# ---------------------------------------------------------------------------------------------

FieldRule = Callable[[Any], Any]
FIELD_RULES: Mapping[str, Callable[..., Any]] = {
    "title": TITLE.clean,
    "description": DESCRIPTION.clean,
    "barrier_kind": clean_barrier_kind,
    "destination_country": clean_destination_country,
    "regulator": clean_regulator,
    "hs_codes": clean_hs_codes,
    "application_number": APPLICATION_NUMBER.clean,
    "applied_on": clean_applied_on,
    "decision_received_on": clean_decision_received_on,
    "consignments_affected": clean_consignments_affected,
    "trade_value_usd": clean_trade_value_usd,
    "consent_to_share": clean_consent_to_share,
    "consent_to_publish": clean_consent_to_publish,
}
NEEDS_REFERENCE = frozenset({"barrier_kind", "destination_country", "regulator", "hs_codes"})


def clean_field(name: str, value: object, reference: ReferenceData | None = None) -> Any:
    """The rule of report field `name` applied to `value`: the clean value, or FieldRuleError."""
    rule = FIELD_RULES[name]
    if name in NEEDS_REFERENCE:
        return rule(value, reference)
    return rule(value)


def clean_report(
    values: Mapping[str, Any],
    *,
    stored: Mapping[str, Any] | None = None,
    reference: ReferenceData | None = None,
) -> dict[str, Any]:
    """Every field of `values` through its rule, then the rules across fields.

    `stored` holds the report's current values when only some fields change (editing); the
    rules across fields then see the report as it would become. Raises ReportInvalid with
    every refusal, or returns the clean values of the fields given.
    """
    unknown = set(values) - set(FIELD_RULES)
    if unknown:
        raise DomainError(f"These fields cannot be set: {', '.join(sorted(unknown))}.")
    reference = reference or shared_reference_data()
    errors: list[FieldRuleError] = []
    clean: dict[str, Any] = {}
    for name in REPORT_FIELDS:
        if name not in values:
            continue
        try:
            clean[name] = clean_field(name, values[name], reference)
        except FieldRuleError as error:
            errors.append(error)
    refused = {error.field for error in errors}
    merged = {**(stored or {}), **clean}
    cross_checks: tuple[tuple[tuple[str, str], Callable[[], None]], ...] = (
        (
            ("applied_on", "decision_received_on"),
            lambda: check_dates_order(merged.get("applied_on"), merged.get("decision_received_on")),
        ),
        (
            ("regulator", "destination_country"),
            lambda: check_regulator_country(
                merged.get("regulator"), merged.get("destination_country")
            ),
        ),
    )
    for names, check in cross_checks:
        if refused.intersection(names) or not set(names) & set(clean):
            continue  # a refused part is reported already; untouched parts were checked before
        try:
            check()
        except FieldRuleError as error:
            errors.append(error)
    if errors:
        raise ReportInvalid(errors)
    return clean
