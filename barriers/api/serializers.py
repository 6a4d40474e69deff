"""API input and output serializers: input ones parse and check single fields, output ones render.

Rules that span fields or depend on the stored report (decision before application, whether a
report can still be edited, membership of a council) are the services' business; their
DomainErrors reach the client in the same `{field: [reason]}` shape through the exception handler.
Output serializers read only what the selectors have already loaded: no query per row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from barriers import selectors
from barriers.api.fields import (
    StrictBooleanField,
    StrictCharField,
    StrictDecimalField,
    StrictEmailField,
    StrictIntegerField,
)
from barriers.models import (
    Barrier,
    BarrierKind,
    Company,
    CompanyKind,
    Country,
    Document,
    HSCode,
    Message,
    MessageVisibility,
    Regulator,
    Report,
    StatusChange,
    User,
)
from barriers.validators import HS6_PATTERN

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
MESSAGE_MAX = 10_000
HS_CODES_MAX = 50
CONSIGNMENTS_MAX = 100_000
TRADE_VALUE_MAX = Decimal("10000000000")
EARLIEST_APPLICATION = dt.date(2000, 1, 1)


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


class HSCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = HSCode
        fields = ["code", "description", "sector", "perishable"]


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


class CompanySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["name", "iec"]


class BarrierSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Barrier
        fields = ["reference", "status"]


class ReportSerializer(serializers.ModelSerializer):
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
    hs_codes = serializers.SlugRelatedField(
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
            "status",
            "days_pending",
            "created_at",
            "updated_at",
            "company",
            "barrier",
        ]
        read_only_fields = fields


class CodeRelatedField(serializers.SlugRelatedField):
    """A reference-data object named by its code, refused with the code in the message."""

    def __init__(self, *, what: str, upper: bool = False, **kwargs: Any) -> None:
        self.upper = upper
        kwargs.setdefault(
            "error_messages",
            {
                "does_not_exist": f"Unknown {what} {{value}}.",
                "invalid": f"Give the {what} as its code, a string.",
                "null": f"Choose a {what}.",
                "required": f"Choose a {what}.",
            },
        )
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        data = data.strip()
        if "\x00" in data or len(data) > 100:  # no such code; PostgreSQL text refuses NUL
            self.fail("does_not_exist", slug_name=self.slug_field, value=data[:100])
        return super().to_internal_value(data.upper() if self.upper else data)


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string", "pattern": "^[0-9]{6}$", "example": "030617"},
        "minItems": 1,
        "maxItems": HS_CODES_MAX,
    }
)
class HSCodeListField(serializers.Field):
    """A list of 6-digit HS codes, each known to the tracker; every refused code is named."""

    default_error_messages = {
        "not_a_list": 'Give the HS codes as a list of 6-digit strings, such as ["030617"].',
        "empty": "Name at least one HS code.",
        "too_many": f"Name at most {HS_CODES_MAX} HS codes.",
    }

    def to_internal_value(self, data: Any) -> list[HSCode]:
        if not isinstance(data, list):
            self.fail("not_a_list")
        if not data:
            self.fail("empty")
        if len(data) > HS_CODES_MAX:
            self.fail("too_many")
        errors: list[str] = []
        codes: list[str] = []
        for item in data:
            text = item.strip() if isinstance(item, str) else None
            if text is None or not HS6_PATTERN.match(text):
                shown = str(item)[:20]
                errors.append(
                    f"HS code {shown!r} is not 6 digits; write it as a string such as '030617'."
                )
            elif text not in codes:
                codes.append(text)
        if errors:
            raise serializers.ValidationError(errors)
        known = {code.code: code for code in HSCode.objects.filter(code__in=codes)}
        unknown = [f"Unknown HS code {code}." for code in codes if code not in known]
        if unknown:
            raise serializers.ValidationError(unknown)
        return [known[code] for code in codes]

    def to_representation(self, value: Any) -> list[str]:
        return [code.code for code in value.all()]


class ReportInputSerializer(serializers.Serializer):
    """The facts of a report as the exporter states them (filing and editing)."""

    title = StrictCharField(
        max_length=TITLE_MAX,
        help_text="One line naming the delay, such as 'Plant listing pending with FSVPS'.",
        error_messages={
            "blank": "Give the report a title.",
            "required": "Give the report a title.",
            "null": "Give the report a title.",
            "max_length": f"Keep the title within {TITLE_MAX} characters.",
        },
    )
    description = StrictCharField(
        max_length=DESCRIPTION_MAX,
        help_text="What was applied for, what happened since, what it costs.",
        error_messages={
            "blank": "Describe the delay.",
            "required": "Describe the delay.",
            "null": "Describe the delay.",
            "max_length": f"Keep the description within {DESCRIPTION_MAX} characters.",
        },
    )
    barrier_kind = CodeRelatedField(
        what="barrier kind",
        queryset=BarrierKind.objects.all(),
        help_text="Code of the barrier kind (see /barrier-kinds/).",
    )
    destination_country = CodeRelatedField(
        what="country",
        upper=True,
        queryset=Country.objects.all(),
        help_text="ISO code of the EAEU destination country (see /countries/).",
    )
    regulator = CodeRelatedField(
        what="regulator",
        queryset=Regulator.objects.all(),
        required=False,
        allow_null=True,
        help_text="Code of the regulator (see /regulators/), or null when not known.",
    )
    hs_codes = HSCodeListField(help_text="The 6-digit HS codes of the goods concerned.")
    application_number = StrictCharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="The regulator's number for the application, if any.",
    )
    applied_on = serializers.DateField(
        help_text="The date the application was made (not in the future).",
        error_messages={"required": "Give the date you applied."},
    )
    decision_received_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The date the decision came, or null while you are still waiting.",
    )
    consignments_affected = StrictIntegerField(
        min_value=0,
        max_value=CONSIGNMENTS_MAX,
        required=False,
        default=0,
        error_messages={
            "min_value": "The number of consignments cannot be negative.",
            "max_value": f"The number of consignments cannot be more than {CONSIGNMENTS_MAX:,}.",
        },
    )
    trade_value_usd = StrictDecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=TRADE_VALUE_MAX,
        required=False,
        default=Decimal("0"),
        help_text="Value of the trade at stake, in US dollars, as a string such as '250000.00'.",
        error_messages={
            "min_value": "The trade value cannot be negative.",
            "max_value": f"The trade value cannot be more than {TRADE_VALUE_MAX:,} US dollars.",
        },
    )
    consent_to_share = StrictBooleanField(
        required=False,
        default=False,
        help_text="Whether the company's name may be shared with the EAEU side.",
    )

    def validate_applied_on(self, value: dt.date) -> dt.date:
        if value > timezone.localdate():
            raise serializers.ValidationError("The application date cannot be in the future.")
        if value < EARLIEST_APPLICATION:
            raise serializers.ValidationError(
                f"The application date cannot be before {EARLIEST_APPLICATION:%d %B %Y}."
            )
        return value

    def validate_decision_received_on(self, value: dt.date | None) -> dt.date | None:
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError("The decision date cannot be in the future.")
        return value


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
        user: User = self.context["request"].user
        company = user.company
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


class ReportWithdrawSerializer(serializers.Serializer):
    reason = StrictCharField(
        max_length=2000,
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
    body = StrictCharField(
        max_length=MESSAGE_MAX,
        help_text="The message to the officials (or, from officials, to the exporter).",
        error_messages={
            "blank": "The message is empty.",
            "required": "Write a message.",
            "null": "Write a message.",
            "max_length": f"Keep the message within {MESSAGE_MAX} characters.",
        },
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
        return change.barrier.reference if change.barrier_id else change.report.reference

    def get_actor(self, change: StatusChange) -> str:
        return person_label(change.actor, self.context["request"].user)


# ---------------------------------------------------------------------------------------------
# Barriers (officials)
# ---------------------------------------------------------------------------------------------


class BarrierSerializer(serializers.ModelSerializer):
    """A barrier as officials list it: its facts and its reports' figures, no internal notes.

    The figures come annotated by selectors.barriers_for_official: no query per row.
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
    hs_codes = serializers.SlugRelatedField(
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
            "hs_codes",
            "report_count",
            "companies_affected",
            "total_trade_value_usd",
            "pending_on",
            "times_raised",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
