"""API input and output serializers: input ones parse and check single fields, output ones render.

Rules that span fields or depend on the stored report (decision before application, whether a
report can still be edited, membership of a council) are the services' business; their
DomainErrors reach the client in the same `{field: [reason]}` shape through the exception handler.
Output serializers read only what the selectors have already loaded: no query per row.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.validators import RegexValidator
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from barriers import selectors
from barriers.api.fields import (
    StrictBooleanField,
    StrictCharField,
    StrictDecimalField,
    StrictEmailField,
    StrictIntegerField,
)
from barriers.domain import report_rules as rules
from barriers.domain.report_rules import FieldRuleError
from barriers.models import (
    Barrier,
    BarrierKind,
    Company,
    CompanyKind,
    Country,
    Document,
    HSCode,
    HSHeading,
    LegalBasis,
    Message,
    MessageVisibility,
    Regulator,
    Report,
    StatusChange,
    User,
)

if TYPE_CHECKING:
    # What RuleFieldMixin is mixed into (a field), and SlugRelatedField(many=True), for the type
    # checker only.
    _FieldMixin = serializers.Field[Any, Any, Any, Any]
    _HSCodes = serializers.RelatedField[HSCode, str, str] | serializers.ManyRelatedField
else:
    _FieldMixin = object


# A plain decimal as the schema's pattern admits it: no exponent, no thousands separators.
PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
SCHEMA_DECIMAL = re.compile(r"-?[0-9]{0,12}(?:\.[0-9]{0,2})?")


def person_label(user: User | None, viewer: User) -> str:
    """Who did something, as `viewer` may see it: exporters never see officials' addresses."""
    if user is None:
        return "System"
    if viewer.is_staff:
        return user.email
    if user.is_staff:
        return "Officials"
    return user.full_name or "Exporter"


# ---------------------------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------------------------


OTP_PATTERN = r"^[0-9]{6}$"


class TokenRequestSerializer(serializers.Serializer):
    email = StrictEmailField(max_length=254, help_text="The e-mail address you sign in with.")
    password = StrictCharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )
    otp = StrictCharField(
        required=False,
        min_length=6,
        max_length=6,
        trim_whitespace=False,
        validators=[
            RegexValidator(OTP_PATTERN, "Give the 6-digit code your authenticator app shows.")
        ],
        help_text=(
            "Officials only, and required of them: the 6-digit code your authenticator app "
            "(TOTP) shows now. Exporters leave it out."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text="Send it as `Authorization: Token <token>` on every request."
    )
    expires_at = serializers.DateTimeField(
        allow_null=True,
        help_text=(
            "When the token stops working: officials' tokens last OFFICIALS_API_TOKEN_TTL "
            "(8 hours unless configured), exporters' never expire (null)."
        ),
    )


# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name", "name_ru", "alpha3", "currency"]


class RegulatorSerializer(serializers.ModelSerializer):
    country = serializers.CharField(
        source="country_id",
        allow_null=True,
        help_text="ISO code of the regulator's country; null for a body of the EAEU itself.",
    )

    class Meta:
        model = Regulator
        fields = [
            "code",
            "name",
            "name_ru",
            "abbreviation",
            "abbreviation_ru",
            "country",
            "remit",
            "description",
            "website",
        ]


class BarrierKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = BarrierKind
        fields = ["code", "name", "name_ru", "usual_decision_days", "remit", "description"]


class HSHeadingSerializer(serializers.ModelSerializer):
    class Meta:
        model = HSHeading
        fields = ["code", "description"]


class HSCodeSerializer(serializers.ModelSerializer):
    """A subheading with its heading and chapter (read with the code: no query per row)."""

    description_ru = serializers.CharField(
        read_only=True,
        help_text="The EAEU's Russian name of the subheading (ТН ВЭД ЕАЭС); blank where the "
        "project has none.",
    )
    heading = HSHeadingSerializer(
        read_only=True, allow_null=True, help_text="The 4-digit heading the subheading belongs to."
    )
    chapter = HSHeadingSerializer(
        source="heading.chapter",
        read_only=True,
        allow_null=True,
        help_text="The 2-digit chapter the subheading belongs to.",
    )

    class Meta:
        model = HSCode
        fields = [
            "code",
            "description",
            "description_ru",
            "chapter",
            "heading",
            "sector",
            "perishable",
        ]
        read_only_fields = fields


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


def _holds_state(field: serializers.Field[Any, Any, Any, Any]) -> bool:
    """Whether a copy of `field` must be deep: it holds other fields (a nested serializer, the
    child of a list or of a many-related field, bound to it) or a mutable default that a
    request could change."""
    if isinstance(field, serializers.BaseSerializer):
        return True
    if isinstance(getattr(field, "default", None), list | dict | set):
        return True
    return any(isinstance(value, serializers.Field) for value in vars(field).values())


class FieldsBuiltOnceMixin(serializers.Serializer):
    """A serializer that builds its fields once per process and copies them cheaply.

    ModelSerializer maps every column again for each object it renders (labels, help texts,
    validators: most of a single report's rendering time), and Serializer deep-copies its
    declared fields for each instance, which runs every field's __init__ again (most of a
    filing's serializer time). This keeps the unbound fields built for the class and hands each
    serializer copies: a plain field's own state is set by bind() alone, so a shallow copy is a
    fresh field; a field holding other fields is copied deeply, as Serializer does. For
    serializers whose fields depend only on their declaration and Meta, never on the context or
    the instance.
    """

    # Set on each class that builds its fields (not inherited: read from the class's __dict__):
    # each field, and whether its copy must be deep.
    _fields_built: ClassVar[dict[str, tuple[serializers.Field[Any, Any, Any, Any], bool]]]

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        cls = type(self)
        built = cls.__dict__.get("_fields_built")
        if built is None:
            built = {name: (f, _holds_state(f)) for name, f in super().get_fields().items()}
            cls._fields_built = built
        return {
            name: copy.deepcopy(field) if deep else copy.copy(field)
            for name, (field, deep) in built.items()
        }


class CompanySummarySerializer(FieldsBuiltOnceMixin, serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["name", "iec"]


class BarrierSummarySerializer(FieldsBuiltOnceMixin, serializers.ModelSerializer):
    class Meta:
        model = Barrier
        fields = ["reference", "status"]


class ReportSerializer(FieldsBuiltOnceMixin, serializers.ModelSerializer):
    """A report as its company (or the council that filed it, or an official) sees it."""

    barrier_kind = serializers.CharField(
        source="barrier_kind_id", help_text="Code of the barrier kind (see /barrier-kinds/)."
    )
    destination_country = serializers.CharField(
        source="destination_country_id", help_text="ISO code of the destination country."
    )
    regulator = serializers.CharField(
        source="regulator_id",
        allow_null=True,
        help_text="Code of the regulator (see /regulators/), or null when not known.",
    )
    hs_codes: _HSCodes = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text="The 6-digit HS codes of the goods concerned.",
    )
    days_pending = serializers.IntegerField(
        help_text="Days from the application to the decision, or to today while none has come."
    )
    company = CompanySummarySerializer(help_text="The company the report is about.")
    barrier = BarrierSummarySerializer(
        allow_null=True,
        help_text=(
            "Once the report is accepted: the barrier it belongs to, whose status is what now "
            "moves (scheduled, raised, action agreed, resolved…). Null before acceptance."
        ),
    )

    class Meta:
        model = Report
        fields = [
            "reference",
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
            "status",
            "days_pending",
            "created_at",
            "updated_at",
            "company",
            "barrier",
        ]
        read_only_fields = fields


@functools.cache
def _rule_message_when_missing(rule: Callable[[Any], Any]) -> str:
    """What a rule says of an empty value: the API's 'required' and 'null' say the same.

    Kept per rule: a serializer's fields are copied, and so built again, for every request."""
    try:
        rule(None)
    except FieldRuleError as exc:
        return exc.message
    return "This field is required."


class RuleFieldMixin(_FieldMixin):
    """An input field judged by its rule in barriers/domain/report_rules.py.

    The field checks only the JSON type the schema documents; the rule decides the rest, as it
    does for the portal, the import and the services, so the API refuses with the same reason.
    Limits given to the field (max_length, min_value...) only describe the rule in the schema.
    """

    def __init__(self, *args: Any, rule: Callable[[Any], Any], **kwargs: Any) -> None:
        self.rule = rule
        missing = _rule_message_when_missing(rule)
        messages = {"required": missing, "null": missing, **kwargs.pop("error_messages", {})}
        super().__init__(*args, error_messages=messages, **kwargs)

    def run_validation(self, data: Any = empty) -> Any:
        is_empty, data = self.validate_empty_values(data)
        if is_empty:
            return data
        value = self.to_internal_value(data)
        try:
            return self.rule(value)
        except FieldRuleError as exc:
            raise serializers.ValidationError(exc.message, code=exc.code) from exc


class RuleTextField(RuleFieldMixin, StrictCharField):
    pass


class RuleCodeField(RuleFieldMixin, StrictCharField):
    """A reference-data code; the rule looks it up and names the code it does not know."""

    default_error_messages = {
        "blank_optional": "Give the code, or null when it is not known (not an empty string)."
    }

    def to_internal_value(self, data: Any) -> Any:
        # The schema's minLength: an optional code is left out or null, never "".
        if self.allow_null and isinstance(data, str) and not data:
            self.fail("blank_optional")
        return data  # the rule refuses what is not a code, naming what it wanted


class RuleIntegerField(RuleFieldMixin, StrictIntegerField):
    pass


class RuleDateField(RuleFieldMixin, serializers.DateField):
    default_error_messages = {"invalid": rules.DATE_INVALID_MESSAGE}


class RuleAmountField(RuleFieldMixin, StrictDecimalField):
    """US dollars as a string such as "250000.00"; the rule judges range and cents."""

    default_error_messages = {"invalid": rules.AMOUNT_INVALID_MESSAGE}

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("not_a_string")
        if not PLAIN_DECIMAL.fullmatch(data.strip()):
            self.fail("invalid")
        return data.strip()

    def run_validation(self, data: Any = empty) -> Any:
        value = super().run_validation(data)
        # What the rule accepts but the schema's pattern does not: leading zeros past 12 digits.
        if isinstance(data, str) and not SCHEMA_DECIMAL.fullmatch(data.strip()):
            self.fail("invalid")
        return value


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string", "pattern": "^[0-9]{6}$", "example": "030617"},
        "minItems": 1,
        "maxItems": rules.HS_CODES_MAX,
    }
)
class HSCodeListField(RuleFieldMixin, serializers.Field):
    """A list of 6-digit HS codes, each known to the tracker; every refused code is named."""

    default_error_messages = {
        "not_a_list": 'Give the HS codes as a list of 6-digit strings, such as ["030617"].',
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(rule=rules.clean_hs_codes, **kwargs)

    def to_internal_value(self, data: Any) -> list[Any]:
        if not isinstance(data, list):  # a text of codes is the portal's, not the schema's
            self.fail("not_a_list")
        return data

    def to_representation(self, value: Any) -> list[str]:
        return [code.code for code in value.all()]


class ReportInputSerializer(FieldsBuiltOnceMixin, serializers.Serializer):
    """The facts of a report as the exporter states them (filing and editing)."""

    title = RuleTextField(
        rule=rules.TITLE.clean,
        max_length=rules.TITLE.max_length,
        help_text="One line naming the delay, such as 'Plant listing pending with FSVPS'.",
    )
    description = RuleTextField(
        rule=rules.DESCRIPTION.clean,
        min_length=rules.DESCRIPTION.min_length,
        max_length=rules.DESCRIPTION.max_length,
        help_text="What was applied for, what happened since, what it costs "
        f"({rules.DESCRIPTION.min_length} characters at least).",
    )
    barrier_kind = RuleCodeField(
        rule=rules.clean_barrier_kind,
        help_text="Code of the barrier kind (see /barrier-kinds/).",
    )
    destination_country = RuleCodeField(
        rule=rules.clean_destination_country,
        help_text="ISO code of the EAEU destination country (see /countries/).",
    )
    regulator = RuleCodeField(
        rule=rules.clean_regulator,
        required=False,
        allow_null=True,
        help_text="Code of the regulator (see /regulators/), or null when not known.",
    )
    hs_codes = HSCodeListField(
        help_text=f"The 6-digit HS codes of the goods concerned (at most {rules.HS_CODES_MAX})."
    )
    application_number = RuleTextField(
        rule=rules.APPLICATION_NUMBER.clean,
        max_length=rules.APPLICATION_NUMBER.max_length,
        required=False,
        allow_blank=True,
        default="",
        help_text="The regulator's number for the application, if any.",
    )
    applied_on = RuleDateField(
        rule=rules.clean_applied_on,
        help_text="The date the application was made (not in the future, not before "
        f"{rules.EARLIEST_APPLICATION.isoformat()}).",
    )
    decision_received_on = RuleDateField(
        rule=rules.clean_decision_received_on,
        required=False,
        allow_null=True,
        default=None,
        help_text="The date the decision came, or null while you are still waiting.",
    )
    consignments_affected = RuleIntegerField(
        rule=rules.clean_consignments_affected,
        min_value=0,
        max_value=rules.CONSIGNMENTS_MAX,
        required=False,
        default=0,
    )
    trade_value_usd = RuleAmountField(
        rule=rules.clean_trade_value_usd,
        max_digits=14,
        decimal_places=rules.TRADE_VALUE_PLACES,
        required=False,
        default=Decimal("0"),
        help_text="Value of the trade at stake, in US dollars, as a string such as '250000.00' "
        f"(0 to {rules.TRADE_VALUE_MAX:,}, in cents at most).",
    )
    consent_to_share = StrictBooleanField(
        required=False,
        default=False,
        help_text="Whether the company's name may be shared with the EAEU side.",
    )
    consent_to_publish = StrictBooleanField(
        required=False,
        default=False,
        help_text=(
            "Whether the company may be named on the public register, which anyone can read "
            "(when officials also choose to name the companies of the barrier). Without it the "
            "register only counts the company. Can be changed in any status through "
            "`/reports/{reference}/publication-consent/`."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The rules across fields, when both fields are given (editing: the service's)."""
        try:
            if "applied_on" in attrs and "decision_received_on" in attrs:
                rules.check_dates_order(attrs["applied_on"], attrs["decision_received_on"])
            if "regulator" in attrs and "destination_country" in attrs:
                rules.check_regulator_country(attrs["regulator"], attrs["destination_country"])
        except FieldRuleError as exc:
            raise serializers.ValidationError({exc.field: [exc.message]}) from exc
        return attrs


class ReportCreateSerializer(ReportInputSerializer):
    """Filing: an export promotion council also names the member company it files for."""

    company_iec = StrictCharField(
        required=False,
        max_length=10,
        help_text=(
            "Only for export promotion councils: the IEC of the member company the report is "
            "filed for. Exporters leave it out."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Resolve who the report is for: the user's company, or a council's member company."""
        attrs = super().validate(attrs)
        user: User = self.context["request"].user
        company = user.company
        assert company is not None  # filing is for company users (permissions.CanFileReports)
        iec = attrs.pop("company_iec", None)
        if company.kind == CompanyKind.ASSOCIATION:
            if not iec:
                raise serializers.ValidationError(
                    {"company_iec": ["Name the member company you file for by its IEC."]}
                )
            member = selectors.association_member_get(association=company, iec=iec)
            if member is None:
                raise serializers.ValidationError(
                    {"company_iec": [f"No member company of {company.name} has the IEC {iec}."]}
                )
            attrs["company"], attrs["filing_association"] = member, company
        else:
            if iec and iec.strip().upper() != company.iec:
                raise serializers.ValidationError(
                    {
                        "company_iec": [
                            "Only export promotion councils file reports for other companies; "
                            "leave company_iec out."
                        ]
                    }
                )
            attrs["company"], attrs["filing_association"] = company, None
        return attrs


class PublicationConsentSerializer(serializers.Serializer):
    consent_to_publish = StrictBooleanField(
        help_text=(
            "true: the company may be named on the public register (when officials also choose "
            "to name the barrier's companies); false: it is only counted there."
        ),
    )


class ReportWithdrawSerializer(serializers.Serializer):
    reason = RuleTextField(
        rule=rules.WITHDRAW_REASON.clean,
        max_length=rules.WITHDRAW_REASON.max_length,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the report is withdrawn (optional; shown in its timeline).",
    )


# ---------------------------------------------------------------------------------------------
# Evidence, messages, timeline
# ---------------------------------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer):
    """An evidence file's details; the file itself is at `download_url`."""

    name = serializers.CharField(source="original_name", help_text="The file's name, sanitised.")
    uploaded_by = serializers.SerializerMethodField(help_text="Who attached it.")
    download_url = serializers.SerializerMethodField(help_text="Where to download the file.")

    class Meta:
        model = Document
        fields = [
            "id",
            "name",
            "content_type",
            "size",
            "sha256",
            "message",
            "uploaded_by",
            "created_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_uploaded_by(self, document: Document) -> str:
        return person_label(document.uploaded_by, self.context["request"].user)

    def get_download_url(self, document: Document) -> str:
        # The views pass the report they looked up, so a list costs no query per document.
        report = self.context.get("report") or document.report
        return reverse(
            "api-report-document-download",
            kwargs={"reference": report.reference, "document_id": document.pk},
        )


class MessageDocumentSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = ["id", "name", "content_type", "size", "download_url"]
        read_only_fields = fields


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A PDF, JPEG, PNG, DOCX or XLSX file, recognised by its content, at most 10 MB.",
        error_messages={
            "required": "Attach a file in the multipart field 'file'.",
            "empty": "The file is empty.",
            "invalid": "Send the file as multipart/form-data in the field 'file'.",
        },
    )


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text="'Officials', or the exporter's name.")
    internal = serializers.SerializerMethodField(
        help_text="True for officials' internal notes (never shown to exporters)."
    )
    documents = MessageDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = ["id", "body", "author", "internal", "created_at", "documents"]
        read_only_fields = fields

    def get_author(self, message: Message) -> str:
        return person_label(message.author, self.context["request"].user)

    def get_internal(self, message: Message) -> bool:
        return message.visibility == MessageVisibility.INTERNAL


class MessageInputSerializer(serializers.Serializer):
    body = RuleTextField(
        rule=rules.MESSAGE_BODY.clean,
        max_length=rules.MESSAGE_BODY.max_length,
        help_text="The message to the officials (or, from officials, to the exporter).",
    )
    internal = StrictBooleanField(
        required=False,
        default=False,
        help_text="Officials only: an internal note the exporter never sees.",
    )


class TimelineEntrySerializer(serializers.ModelSerializer):
    subject = serializers.SerializerMethodField(
        help_text="Whether the report itself or the barrier it belongs to changed status."
    )
    subject_reference = serializers.SerializerMethodField(
        help_text="Reference of the report or barrier that changed status."
    )
    actor = serializers.SerializerMethodField(help_text="'Officials', 'System' or a name.")

    class Meta:
        model = StatusChange
        fields = [
            "subject",
            "subject_reference",
            "from_status",
            "to_status",
            "note",
            "actor",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "enum": ["report", "barrier"]})
    def get_subject(self, change: StatusChange) -> str:
        return "barrier" if change.barrier_id else "report"

    @extend_schema_field(OpenApiTypes.STR)
    def get_subject_reference(self, change: StatusChange) -> str:
        if change.barrier is not None:
            return change.barrier.reference
        assert change.report is not None  # a change is of a barrier or of a report
        return change.report.reference

    def get_actor(self, change: StatusChange) -> str:
        return person_label(change.actor, self.context["request"].user)


# ---------------------------------------------------------------------------------------------
# Barriers (officials)
# ---------------------------------------------------------------------------------------------


class BarrierSerializer(serializers.ModelSerializer):
    """A barrier as officials list it: its facts and its reports' figures, no internal notes.

    The figures are stored on the barrier (services.barrier_figures_refresh): no query per row.
    """

    regulator = serializers.CharField(
        source="regulator_id",
        allow_null=True,
        help_text="Code of the regulator (see /regulators/), or null when not known.",
    )
    country = serializers.CharField(
        source="destination_country_id",
        allow_null=True,
        help_text="ISO code of the destination country; null for a barrier at EAEU level.",
    )
    kind = serializers.CharField(
        source="barrier_kind_id", help_text="Code of the barrier kind (see /barrier-kinds/)."
    )
    legal_basis = serializers.CharField(
        source="legal_basis_id",
        allow_null=True,
        help_text="Code of the technical regulation or EEC decision at issue (see "
        "/legal-bases/), or null when not set.",
    )
    hs_codes: _HSCodes = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="The 6-digit HS codes concerned."
    )
    report_count = serializers.IntegerField(help_text="Reports gathered under this barrier.")
    companies_affected = serializers.IntegerField(
        help_text="Different companies among those reports."
    )
    total_trade_value_usd = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        help_text="Trade value at stake over those reports, in US dollars.",
    )
    times_raised = serializers.IntegerField(
        help_text="Times raised at a held meeting with an outcome (deferrals not counted)."
    )
    closure_reason = serializers.CharField(
        allow_null=True,
        help_text="Why officials closed the barrier unresolved; null unless it is closed.",
    )
    review_flagged_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When a company said the fix of the resolved barrier does not hold: it waits "
        "for an official to reopen it or keep it resolved. Null when not flagged.",
    )
    published_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the barrier was published on the public register (/public/); null "
        "while it is not published.",
    )
    public_title = serializers.CharField(
        help_text="The reviewed public title (empty until one is written)."
    )
    public_summary = serializers.CharField(
        help_text="The reviewed public summary (empty until one is written)."
    )

    class Meta:
        model = Barrier
        fields = [
            "reference",
            "title",
            "title_ru",
            "status",
            "regulator",
            "country",
            "kind",
            "sector",
            "legal_basis",
            "hs_codes",
            "report_count",
            "companies_affected",
            "total_trade_value_usd",
            "pending_on",
            "times_raised",
            "closure_reason",
            "review_flagged_at",
            "published_at",
            "public_title",
            "public_summary",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Barrier) -> dict[str, Any]:
        """The fields above, built straight from the row the selector read (officials' list
        and page: selectors.barriers_for_official), with the HS codes as it listed them
        (`hs_code_list`). The declared fields describe the schema and say how each value is
        written; tests/api/test_barriers.py checks that this gives what they would."""
        return {
            "reference": instance.reference,
            "title": instance.title,
            "title_ru": instance.title_ru,
            "status": instance.status,
            "regulator": instance.regulator_id,
            "country": instance.destination_country_id,
            "kind": instance.barrier_kind_id,
            "sector": instance.sector,
            "legal_basis": instance.legal_basis_id,
            "hs_codes": instance.hs_code_list,  # type: ignore[attr-defined]
            "report_count": instance.report_count,
            "companies_affected": instance.companies_affected,
            "total_trade_value_usd": _MONEY.to_representation(instance.total_trade_value_usd),
            "pending_on": instance.pending_on,
            "times_raised": instance.times_raised,
            "closure_reason": instance.closure_reason or None,
            "review_flagged_at": _moment(instance.review_flagged_at),
            "published_at": _moment(instance.published_at),
            "public_title": instance.public_title,
            "public_summary": instance.public_summary,
            "created_at": _moment(instance.created_at),
            "updated_at": _moment(instance.updated_at),
        }


# How BarrierSerializer writes its amounts and moments: as its declared fields would.
_MONEY = serializers.DecimalField(max_digits=16, decimal_places=2)
_MOMENT = serializers.DateTimeField()


def _moment(value: dt.datetime | None) -> str | None:
    return None if value is None else _MOMENT.to_representation(value)


LEGAL_BASIS_UNKNOWN = "No legal basis has the code {value}: see /api/v1/legal-bases/."


class _LegalBasisCode(serializers.SlugRelatedField):
    """A legal basis by its code: anything but a short string is refused before the database
    is asked (PostgreSQL refuses NUL characters with an error, not an empty result)."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        # DRF reads "" as null for related fields: here it is a code that does not exist (null
        # clears the legal basis, and says so).
        if data == "":
            self.fail("does_not_exist", slug_name=self.slug_field, value="")
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        if "\x00" in data or len(data) > LegalBasis._meta.get_field("code").max_length:  # type: ignore[operator]
            self.fail("does_not_exist", slug_name=self.slug_field, value=data[:40])
        return super().to_internal_value(data)


class BarrierChangeSerializer(serializers.Serializer):
    """What officials may change on a barrier through the API: its legal basis."""

    legal_basis = _LegalBasisCode(
        slug_field="code",
        queryset=LegalBasis.objects.all(),
        allow_null=True,
        error_messages={
            "does_not_exist": LEGAL_BASIS_UNKNOWN,
            "invalid": "Give the legal basis by its code (see /api/v1/legal-bases/).",
        },
        help_text="Code of the technical regulation or EEC decision at issue (see "
        "/legal-bases/); null to clear it.",
    )
