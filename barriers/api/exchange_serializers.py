"""Serializers of the EAEU side in the API: shared barriers as the counterpart sees them, the
exchange on them (for the counterpart and for officials), what is due, and the share itself.

Input serializers check single fields only; the services (exchange_post, barrier_share,
exchange_forward) judge the rest, and their DomainErrors reach the client as `{field: [reason]}`
through the exception handler. Output serializers read only what the selectors already loaded:
no query per row.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from barriers.api.fields import StrictCharField, StrictIntegerField
from barriers.api.serializers import RuleTextField
from barriers.domain import report_rules as rules
from barriers.models import (
    EAEU_EXCHANGES,
    BarrierShare,
    BarrierStatus,
    Deadline,
    Document,
    Exchange,
    ExchangeDocument,
    ExchangeKind,
    LegalBasis,
    Party,
    PendingOn,
    User,
)
from barriers.selectors import CounterpartBarrier
from barriers.services.counterparts import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from barriers.services.exchanges import BODY_MAX_LENGTH, FILES_MAX

# What each side may post (named enums in the schema: tracker.settings ENUM_NAME_OVERRIDES).
EAEU_KINDS = [(kind.value, kind.label) for kind in ExchangeKind if kind in EAEU_EXCHANGES]
REPLY_KINDS = [(ExchangeKind.REPLY.value, ExchangeKind.REPLY.label)]
# The counterpart's messages are translated (Accept-Language: ru), as the services' are.
LEGAL_BASIS_NOT_A_CODE = gettext_lazy(
    "Give the legal basis by its code (see /api/v1/legal-bases/)."
)


class ServiceRuleCharField(StrictCharField):
    """Text the service judges (length, emptiness): `max_length` only describes its rule in the
    schema, so the client reads the service's own reason, as every other door does."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]


class ReasonsListField(serializers.ListField):
    """A list whose refused items are named in plain reasons ("Item 2: ..."), so the field's
    errors stay a list of strings as the schema documents every field's, not DRF's
    {index: [reasons]} object."""

    def run_child_validation(self, data: list[Any]) -> Any:
        try:
            return super().run_child_validation(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict):
                raise
            reasons = [
                _("Item %(number)d: %(reason)s") % {"number": int(index) + 1, "reason": reason}
                for index, item_reasons in exc.detail.items()
                for reason in (item_reasons if isinstance(item_reasons, list) else [item_reasons])
            ]
            raise serializers.ValidationError(reasons) from exc


# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------


class LegalBasisSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalBasis
        fields = [
            "code",
            "kind",
            "number",
            "number_ru",
            "title",
            "title_ru",
            "adopted_by",
            "adopted_on",
        ]
        read_only_fields = fields


# ---------------------------------------------------------------------------------------------
# What is due
# ---------------------------------------------------------------------------------------------


class DeadlineSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField(
        help_text="True while the answer is still due and its day has passed."
    )

    class Meta:
        model = Deadline
        fields = ["stage", "party", "calendar", "opened_on", "due_on", "met_at", "overdue"]
        read_only_fields = fields
        extra_kwargs = {
            "calendar": {
                "help_text": "The country whose public holidays count (working days).",
            },
            "met_at": {"help_text": "When the answer came, or null while it is still due."},
        }

    def get_overdue(self, deadline: Deadline) -> bool:
        return deadline.is_overdue(self.context.get("today") or timezone.localdate())


# ---------------------------------------------------------------------------------------------
# The exchange
# ---------------------------------------------------------------------------------------------


class ExchangeDocumentSerializer(serializers.ModelSerializer):
    """A file attached to an exchange; the file itself is at `download_url`."""

    name = serializers.CharField(source="original_name", help_text="The file's name, sanitised.")
    download_url = serializers.SerializerMethodField(help_text="Where to download the file.")

    class Meta:
        model = ExchangeDocument
        fields = ["id", "name", "content_type", "size", "sha256", "created_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, document: ExchangeDocument) -> str:
        # The views pass the URL name and the barrier's reference: no query per file.
        return reverse(
            self.context["exchange_document_url"],
            kwargs={
                "reference": self.context["reference"],
                "exchange_document_id": document.pk,
            },
        )


def author_label(exchange: Exchange, viewer: User) -> str:
    """Who wrote it, as `viewer` may see it: the counterpart never sees officials' addresses."""
    author = exchange.author
    if viewer.is_staff:
        return author.email
    if exchange.party == Party.INDIA:
        return "India's officials"
    return author.full_name or exchange.regulator.abbreviation or exchange.regulator.name


class ExchangeSerializer(serializers.ModelSerializer):
    """One exchange, as the counterpart's focal points (and officials) read it."""

    regulator = serializers.CharField(
        source="regulator_id", help_text="Code of the regulator the exchange is with."
    )
    author = serializers.SerializerMethodField(
        help_text="The focal point's name, or India's officials."
    )
    legal_basis = LegalBasisSerializer(
        allow_null=True, help_text="What a position rests on; null for other kinds."
    )
    in_reply_to = serializers.IntegerField(
        source="in_reply_to_id",
        allow_null=True,
        help_text="The id of the counterpart's exchange this one answers, if any.",
    )
    documents = ExchangeDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Exchange
        fields = [
            "id",
            "kind",
            "party",
            "regulator",
            "author",
            "body_ru",
            "body_en",
            "target_date",
            "legal_basis",
            "in_reply_to",
            "created_at",
            "documents",
        ]
        read_only_fields = fields

    def get_author(self, exchange: Exchange) -> str:
        return author_label(exchange, self.context["viewer"])


class OfficialExchangeSerializer(ExchangeSerializer):
    """An exchange as officials read it: also whether it was forwarded to the exporters."""

    class Meta(ExchangeSerializer.Meta):
        fields = [*ExchangeSerializer.Meta.fields, "forwarded_at"]
        read_only_fields = fields
        extra_kwargs = {
            "forwarded_at": {
                "help_text": (
                    "When a request for clarification was passed on to the barrier's "
                    "exporters; null otherwise."
                )
            }
        }


class ExchangeInputSerializer(serializers.Serializer):
    """An answer of the counterpart, as JSON."""

    kind = serializers.ChoiceField(
        choices=EAEU_KINDS,
        error_messages={
            "invalid_choice": gettext_lazy(
                "“{input}” is not a kind of answer: choose acknowledgement, clarification, "
                "proposal, position or resolved."
            )
        },
        help_text=(
            "acknowledgement (once), clarification (a question to India's officials), proposal "
            "(with `target_date`), position (with `legal_basis`), resolved."
        ),
    )
    body_ru = ServiceRuleCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=BODY_MAX_LENGTH,
        help_text="The text in Russian. Give it, the English text, or both.",
    )
    body_en = ServiceRuleCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=BODY_MAX_LENGTH,
        help_text="The text in English.",
    )
    target_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A proposal only, and required of it: when the solution will be in place "
        "(in the future, within five years).",
    )
    legal_basis = serializers.SlugRelatedField(
        slug_field="code",
        queryset=LegalBasis.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        error_messages={
            "does_not_exist": gettext_lazy(
                "No legal basis has the code {value}: see /api/v1/legal-bases/."
            ),
            "invalid": LEGAL_BASIS_NOT_A_CODE,
        },
        help_text="A position only, and required of it: the code of the technical regulation "
        "or decision it rests on (see /api/v1/legal-bases/).",
    )

    def to_internal_value(self, data: Any) -> Any:
        # A code is text: a number or a list is refused rather than looked up.
        code = data.get("legal_basis") if hasattr(data, "get") else None
        if code is not None and not isinstance(code, str):
            raise serializers.ValidationError({"legal_basis": [str(LEGAL_BASIS_NOT_A_CODE)]})
        return super().to_internal_value(data)


def _files_field() -> ReasonsListField:
    return ReasonsListField(
        child=serializers.FileField(
            error_messages={
                "empty": gettext_lazy("The file is empty."),
                "invalid": gettext_lazy(
                    "Send each file as multipart/form-data in the field 'documents'."
                ),
            }
        ),
        required=False,
        default=list,
        max_length=FILES_MAX,
        help_text=f"Letters or other files (PDF, JPEG, PNG, DOCX or XLSX, recognised by their "
        f"content, at most 10 MB each; at most {FILES_MAX}).",
    )


class ExchangeUploadSerializer(ExchangeInputSerializer):
    """An answer of the counterpart with its files, as multipart/form-data."""

    documents = _files_field()


class ReplyInputSerializer(serializers.Serializer):
    """India's reply to the counterpart, as JSON."""

    kind = serializers.ChoiceField(
        choices=REPLY_KINDS,
        required=False,
        default=ExchangeKind.REPLY.value,
        help_text="Officials post India's reply only.",
    )
    body_ru = ServiceRuleCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=BODY_MAX_LENGTH,
        help_text="The text in Russian. Give it, the English text, or both.",
    )
    body_en = ServiceRuleCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=BODY_MAX_LENGTH,
        help_text="The text in English.",
    )
    in_reply_to = StrictIntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="The id of the counterpart's exchange on this barrier this reply answers "
        "(a request for clarification, say).",
    )


class ReplyUploadSerializer(ReplyInputSerializer):
    """India's reply with its files, as multipart/form-data."""

    # Form fields are text: the id arrives as digits.
    in_reply_to = serializers.IntegerField(  # type: ignore[assignment]  # the form's own type
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="The id of the counterpart's exchange on this barrier this reply answers.",
    )
    documents = _files_field()


class ForwardInputSerializer(serializers.Serializer):
    body = RuleTextField(
        rule=rules.MESSAGE_BODY.clean,
        max_length=rules.MESSAGE_BODY.max_length,
        help_text="Your wording of the question, posted on the thread of every accepted report "
        "of the barrier.",
    )


# ---------------------------------------------------------------------------------------------
# Shared barriers, as the counterpart sees them
# ---------------------------------------------------------------------------------------------


class CounterpartProductSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The 6-digit HS code.")
    description = serializers.CharField()
    description_ru = serializers.CharField(
        help_text="The EAEU's Russian name of the code (ТН ВЭД ЕАЭС); blank where the project "
        "has none."
    )


class CounterpartCountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO code of the EAEU country.")
    name = serializers.CharField()
    name_ru = serializers.CharField()


class SharedDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="The file's name, sanitised.")
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="In bytes.")
    download_url = serializers.SerializerMethodField(help_text="Where to download the file.")

    def get_download_url(self, document: Any) -> str:
        return reverse(
            "api-counterpart-document-download",
            kwargs={"reference": self.context["reference"], "document_id": document.id},
        )


class CounterpartBarrierSerializer(serializers.Serializer):
    """A barrier shared with the viewer's regulator: the text the official wrote for it, its
    facts, and what is due. Never India's internal notes, scores, trade figures, unconsented
    names or exporters' messages (the selector does not read them)."""

    reference = serializers.CharField(help_text="Such as BAR-2026-0042.")
    status = serializers.ChoiceField(choices=BarrierStatus.choices)
    regulator = serializers.CharField(help_text="Code of your regulator.")
    title_ru = serializers.CharField()
    title_en = serializers.CharField(help_text="May be empty.")
    summary_ru = serializers.CharField()
    summary_en = serializers.CharField(help_text="May be empty.")
    ask_ru = serializers.CharField(help_text="What India asks of the regulator.")
    ask_en = serializers.CharField(help_text="May be empty.")
    products = CounterpartProductSerializer(many=True)
    countries = CounterpartCountrySerializer(many=True)
    opened_on = serializers.DateField(help_text="When India's officials opened the barrier.")
    shared_on = serializers.DateField(help_text="When it was shared with your regulator.")
    first_applied_on = serializers.DateField(
        allow_null=True, help_text="The earliest application among its reports."
    )
    days_pending = serializers.IntegerField(
        help_text="The longest wait among its reports, to a decision or to today."
    )
    companies = serializers.IntegerField(help_text="Companies affected, named or not.")
    named_companies = serializers.ListField(
        child=serializers.CharField(),
        help_text="Names of the companies that agreed to be named.",
    )
    documents = serializers.SerializerMethodField(
        help_text="The documents India's officials chose to share."
    )
    deadlines = serializers.SerializerMethodField(
        help_text="What is still due on the barrier, soonest first (from either side)."
    )
    overdue = serializers.SerializerMethodField(
        help_text="True when an answer due from your regulator is overdue."
    )

    @extend_schema_field(SharedDocumentSerializer(many=True))
    def get_documents(self, barrier: CounterpartBarrier) -> Any:
        context = {**self.context, "reference": barrier.reference}
        return SharedDocumentSerializer(barrier.documents, many=True, context=context).data

    def _deadlines(self, barrier: CounterpartBarrier) -> list[Deadline]:
        deadlines: dict[str, list[Deadline]] = self.context["deadlines"]
        return deadlines.get(barrier.reference, [])

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, barrier: CounterpartBarrier) -> Any:
        return DeadlineSerializer(self._deadlines(barrier), many=True, context=self.context).data

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, barrier: CounterpartBarrier) -> bool:
        today = self.context.get("today") or timezone.localdate()
        return any(d.party == Party.EAEU and d.is_overdue(today) for d in self._deadlines(barrier))


class CounterpartBarrierDetailSerializer(CounterpartBarrierSerializer):
    """One shared barrier with its exchange history, oldest first."""

    exchanges = serializers.SerializerMethodField(
        help_text="The exchange between your regulator and India's officials, oldest first."
    )

    @extend_schema_field(ExchangeSerializer(many=True))
    def get_exchanges(self, barrier: CounterpartBarrier) -> Any:
        context = {
            **self.context,
            "reference": barrier.reference,
            "exchange_document_url": "api-counterpart-exchange-document-download",
        }
        return ExchangeSerializer(self.context["exchanges"], many=True, context=context).data


# ---------------------------------------------------------------------------------------------
# Sharing, for officials
# ---------------------------------------------------------------------------------------------


class ShareInputSerializer(serializers.Serializer):
    """The counterpart's text of a barrier, written or reviewed by the official."""

    title_ru = ServiceRuleCharField(max_length=TITLE_MAX_LENGTH, help_text="Required.")
    summary_ru = ServiceRuleCharField(max_length=TEXT_MAX_LENGTH, help_text="Required.")
    ask_ru = ServiceRuleCharField(
        max_length=TEXT_MAX_LENGTH, help_text="What India asks of the regulator. Required."
    )
    title_en = ServiceRuleCharField(
        max_length=TITLE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    summary_en = ServiceRuleCharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    ask_en = ServiceRuleCharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    documents = ReasonsListField(
        child=StrictIntegerField(min_value=1),
        required=False,
        default=list,
        max_length=100,
        help_text="Ids of evidence files of the barrier's accepted reports to show the "
        "counterpart (sharing again replaces the choice).",
    )


class ShareDocumentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    report = serializers.CharField(
        source="report.reference", help_text="The report the file is evidence of."
    )

    class Meta:
        model = Document
        fields = ["id", "name", "content_type", "size", "report"]
        read_only_fields = fields


class ShareSerializer(serializers.ModelSerializer):
    """What the barrier's regulator is shown, and since when."""

    regulator = serializers.CharField(source="regulator_id")
    active = serializers.BooleanField(
        source="is_active", help_text="False once the barrier is no longer shared."
    )
    documents = ShareDocumentSerializer(many=True, read_only=True)
    shared_by = serializers.EmailField(source="shared_by.email", allow_null=True, default=None)
    unshared_by = serializers.EmailField(source="unshared_by.email", allow_null=True, default=None)

    class Meta:
        model = BarrierShare
        fields = [
            "regulator",
            "active",
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
        ]
        read_only_fields = fields


class BarrierExchangesSerializer(serializers.Serializer):
    """A barrier's exchange with its regulator, for officials: the share, every deadline and
    every exchange, oldest first."""

    reference = serializers.CharField()
    regulator = serializers.CharField(allow_null=True, help_text="Code of the regulator.")
    pending_on = serializers.ChoiceField(choices=PendingOn.choices, allow_null=True)
    share = ShareSerializer(allow_null=True, help_text="Null when the barrier was never shared.")
    deadlines = DeadlineSerializer(
        many=True, help_text="Every deadline, open or met (met_at), soonest first."
    )
    exchanges = OfficialExchangeSerializer(many=True)
