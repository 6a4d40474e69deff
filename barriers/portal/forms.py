"""Portal forms: they parse and check what people type; services decide and write."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, cast

from allauth.account.forms import LoginForm, ResetPasswordForm, ResetPasswordKeyForm, SignupForm
from allauth.account.models import EmailAddress
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from barriers import selectors, services
from barriers.domain import report_rules as rules
from barriers.domain.errors import DomainError
from barriers.domain.report_fields import (
    RuleBooleanField,
    RuleCharField,
    RuleChoiceField,
    RuleDateField,
    RuleFieldMixin,
)
from barriers.domain.report_rules import FieldRuleError
from barriers.evidence.files import ALLOWED_TYPES, check_evidence, clean_file_name
from barriers.models import (
    BarrierKind,
    Company,
    CompanyKind,
    Country,
    DigestFrequency,
    FollowKind,
    Regulator,
    Report,
    Sector,
    User,
)
from barriers.models.validators import PAN_PATTERN, validate_gstin, validate_iec

MAX_FILES = 10


class PortalRenderer(DjangoTemplates):
    """Fields with their label, hint and errors tied together (aria-describedby)."""

    form_template_name = "barriers/forms/form.html"
    field_template_name = "barriers/forms/field.html"


PORTAL_RENDERER = PortalRenderer()


class PortalForm(forms.Form):
    default_renderer = PORTAL_RENDERER


class FormTokenField(forms.CharField):
    """The one-time token of a form that must not be done twice (services.form_submit_once)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)


def form_token_set(form: forms.Form, token: str) -> None:
    """Give the form a token to render: as its initial value, or over the one it was posted with."""
    if form.is_bound:
        # Posted data: request.POST (a QueryDict), or a dict in tests; either copies alike.
        data = cast(QueryDict, form.data).copy()
        data["form_token"] = token
        form.data = data
    else:
        form.initial["form_token"] = token


def domain_error_to_form(
    form: forms.Form, error: DomainError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's refusal beside the field it names, or above the form.

    A refused report names every field it refused (ReportInvalid): each goes beside its field.
    """
    refusals = error.errors if isinstance(error, rules.ReportInvalid) else [error]
    for refusal in refusals:
        field = (field_map or {}).get(refusal.field or "", refusal.field)
        form.add_error(field if field in form.fields else None, refusal.message)


# ---------------------------------------------------------------------------------------------
# Accounts (allauth)
# ---------------------------------------------------------------------------------------------


def _without_placeholders(form: forms.Form) -> None:
    # Labels are always shown; placeholders repeating them only add noise for screen readers.
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class PortalLoginForm(LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["password"].help_text = ""
        _without_placeholders(self)


class PortalResetPasswordForm(ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        _without_placeholders(self)


class PortalSignupForm(SignupForm):
    """allauth's sign-up (e-mail, password) plus the company the person works for."""

    company_name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        help_text=_("The registered name of your firm, as on your IEC certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    iec = forms.CharField(
        label=_("IEC (Import Export Code)"),
        max_length=20,  # room for spaces typed between the characters
        help_text=(
            _(
                "10 characters, issued by the DGFT. For most firms it is the company's PAN, "
                "such as AAPFU0939F."
            )
        ),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    gstin = forms.CharField(
        label=_("GSTIN"),
        max_length=20,
        required=False,
        help_text=_("15 characters, such as 27AAPFU0939F1ZV. Leave empty if you do not have one."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    apeda_rcmc = forms.CharField(
        label=_("APEDA registration (RCMC) number"),
        max_length=40,
        required=False,
        help_text=_("For exporters of fruit, vegetables, rice, meat and other APEDA products."),
    )
    mpeda_registration = forms.CharField(
        label=_("MPEDA registration number"),
        max_length=40,
        required=False,
        help_text=_("For exporters of fish and seafood."),
    )
    eic_approval = forms.CharField(
        label=_("EIC approval number"),
        max_length=40,
        required=False,
        help_text=_("The Export Inspection Council's approval of your processing plant, if any."),
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=Sector.choices,
        widget=forms.RadioSelect,
        help_text=_("What your company mostly exports."),
    )

    person_fields = ("email", "password1", "password2")
    company_fields = (
        "company_name",
        "iec",
        "gstin",
        "apeda_rcmc",
        "mpeda_registration",
        "eic_approval",
        "sector",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Your work e-mail address")
        self.fields["email"].help_text = _("We send a link to it to confirm that it is yours.")
        _without_placeholders(self)

    @property
    def display_fields(self) -> list[forms.BoundField]:
        """The fields in the order the page shows them (for the error summary)."""
        return [*self.person_bound_fields, *self.company_bound_fields]

    @property
    def person_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.person_fields if name in self.fields]

    @property
    def company_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.company_fields]

    def clean_iec(self) -> str:
        iec = "".join(self.cleaned_data["iec"].split()).upper()
        validate_iec(iec)
        if selectors.company_iec_registered(iec=iec):
            raise ValidationError(gettext(services.IEC_TAKEN_MESSAGE), code="iec_taken")
        return iec

    def clean_gstin(self) -> str:
        gstin = "".join(self.cleaned_data["gstin"].split()).upper()
        validate_gstin(gstin)
        return gstin

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        iec, gstin = cleaned.get("iec"), cleaned.get("gstin")
        if iec and gstin and PAN_PATTERN.match(iec) and gstin[2:12] != iec:
            self.add_error(
                "gstin",
                _(
                    "Characters 3 to 12 of a GSTIN are the company's PAN, and they do not match "
                    "the IEC you entered. Check both."
                ),
            )
        return cleaned

    def signup(self, request: HttpRequest, user: User) -> None:
        """Called by allauth once the user is saved: register their company."""
        services.company_register(
            actor=user,
            name=self.cleaned_data["company_name"],
            iec=self.cleaned_data["iec"],
            gstin=self.cleaned_data.get("gstin", ""),
            apeda_rcmc=self.cleaned_data.get("apeda_rcmc", ""),
            mpeda_registration=self.cleaned_data.get("mpeda_registration", ""),
            eic_approval=self.cleaned_data.get("eic_approval", ""),
            sector=self.cleaned_data["sector"],
        )

    def save(self, request: HttpRequest) -> User:
        # The person and their company are created together, or neither is.
        with transaction.atomic():
            return super().save(request)


class PortalSetPasswordForm(ResetPasswordKeyForm):
    """allauth's "choose a new password" form, which also confirms the e-mail address.

    Invited colleagues set their first password through this form, and can then sign in
    without a second round of e-mail confirmation.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _without_placeholders(self)

    def save(self) -> None:
        with transaction.atomic():
            super().save()
            # The link reached this address, which proves it is the person's.
            address = EmailAddress.objects.filter(
                user=self.user, email__iexact=self.user.email
            ).first()
            if address is None:
                EmailAddress.objects.create(
                    user=self.user, email=self.user.email, primary=True, verified=True
                )
            elif not address.verified:
                address.verified = True
                address.save(update_fields=["verified"])


class InviteForm(PortalForm):
    email = forms.EmailField(
        label=_("Your colleague's work e-mail address"),
        max_length=254,
        help_text=_("We e-mail them a link to choose a password. The link works for 3 days."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files at once; each is checked by its content, not its name."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault(
            "accept",
            ".pdf,.jpg,.jpeg,.png,.docx,.xlsx," + ",".join(sorted(ALLOWED_TYPES)),
        )

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(EvidenceField, self).clean(item, initial) for item in files if item]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Attach at most %(count)d files at a time.") % {"count": MAX_FILES},
                code="too_many_files",
            )
        errors = []
        for upload in files:
            try:
                check_evidence(upload, name=upload.name or "", size=upload.size)
            except DomainError as exc:
                errors.append(
                    ValidationError(f"{clean_file_name(upload.name or '')}: {exc.message}")
                )
        if errors:
            raise ValidationError(errors)
        return files


EVIDENCE_HELP = _(
    "PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX), up to 10 MB each. For example: the "
    "application and its acknowledgement, letters from the regulator, a rejection notice, "
    "laboratory results. You can select several files at once."
)


def hs_suggest_words() -> dict[str, str]:
    """What the HS code suggestions (portal.js) say, in the page's language."""
    return {
        "hint": gettext(
            "You can also type a product, such as “shrimps” or “cane sugar”, and choose a code "
            "from the list."
        ),
        "list": gettext("Suggested HS codes"),
        "none": gettext("No HS code matches."),
        "one": gettext("1 suggestion. Use the up and down arrows to choose."),
        "many": gettext("%(count)s suggestions. Use the up and down arrows to choose."),
        "chapter": gettext("Chapter %(code)s: %(description)s"),
        "added": gettext("%(code)s %(description)s added."),
    }


class RegulatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Regulator) -> str:
        where = obj.country.name if obj.country is not None else "EAEU"
        short = f"{obj.abbreviation}: " if obj.abbreviation else ""
        return f"{where} — {short}{obj.name}"


class RuleRegulatorField(RuleFieldMixin, RegulatorChoiceField):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ReportForm(PortalForm):
    """Every fact of a report, with help in plain words. Files only when filing."""

    company = forms.ModelChoiceField(
        label=_("Member company you are filing for"),
        queryset=Company.objects.none(),
        empty_label=_("Choose the company"),
        help_text=_(
            "The report belongs to this company; its staff will see it and be told of every change."
        ),
    )
    title = RuleCharField(
        rule=rules.TITLE.clean,
        label=_("Title"),
        help_text=_(
            "One line that says what is stuck, such as “Listing of our shrimp plant "
            "pending with Rosselkhoznadzor since March”."
        ),
    )
    description = RuleCharField(
        rule=rules.DESCRIPTION.clean,
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "In your own words: what you applied for, what you were told and when, what "
            "the delay or refusal costs you. Officials read this first."
        ),
    )
    barrier_kind = RuleChoiceField(
        rule=rules.clean_barrier_kind,
        label=_("Kind of approval"),
        queryset=BarrierKind.objects.order_by("position", "code"),
        empty_label=_("Choose the kind of approval"),
        help_text=_("The certificate, listing, registration or test that is delayed or refused."),
    )
    destination_country = RuleChoiceField(
        rule=rules.clean_destination_country,
        label=_("Destination country"),
        queryset=Country.objects.order_by("name"),
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=_("The EAEU country you export to, where the problem happens."),
    )
    regulator = RuleRegulatorField(
        rule=rules.clean_regulator,
        label=_("Authority responsible"),
        queryset=Regulator.objects.select_related("country").order_by(
            "country__name", "abbreviation", "code"
        ),
        required=False,
        empty_label=_("I don't know"),
        help_text=_(
            "The EAEU-side body that handles your application. Choose “I don't know” if "
            "you are not sure: officials will find out."
        ),
    )
    hs_codes = RuleCharField(
        rule=rules.clean_hs_codes,
        label=_("HS codes of the products"),
        help_text="The 6-digit Harmonized System codes from your shipping bill, separated by "
        f"commas or spaces, such as 030617, 030616; at most {rules.HS_CODES_MAX}.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    application_number = RuleCharField(
        rule=rules.APPLICATION_NUMBER.clean,
        label=_("Application number"),
        required=False,
        help_text=_(
            "The number the authority gave your application or request, as printed on "
            "its acknowledgement or in its online portal (for example in Argus or Cerberus for "
            "Rosselkhoznadzor). Leave empty if you never received one."
        ),
    )
    applied_on = RuleDateField(
        rule=rules.clean_applied_on,
        label=_("Date you applied"),
        widget=DateInput(),
        help_text=_("When the application was submitted, as on the acknowledgement."),
    )
    decision_received_on = RuleDateField(
        rule=rules.clean_decision_received_on,
        label=_("Date you received a decision"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Only if a decision (such as a refusal) has come. Leave empty while you are "
            "still waiting."
        ),
    )
    consignments_affected = RuleCharField(
        rule=rules.clean_consignments_affected,
        label=_("Consignments affected"),
        initial=0,
        help_text=_("How many shipments were held, rejected or could not be sent because of this."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    trade_value_usd = RuleCharField(
        rule=rules.clean_trade_value_usd,
        label=_("Trade value at stake, in US dollars"),
        initial=Decimal("0"),
        help_text=_(
            "Your best estimate of the exports lost or delayed, in whole dollars, "
            "such as 250000. Write 0 if you cannot estimate it."
        ),
        # A text field, not type=number: people write "2,50,000", which a number field refuses.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    consent_to_share = RuleBooleanField(
        rule=rules.clean_consent_to_share,
        label=_("Officials may name our company when they raise this with the EAEU side"),
        required=False,
        help_text=_("Without your consent, officials describe the case without naming you."),
    )
    consent_to_publish = RuleBooleanField(
        rule=rules.clean_consent_to_publish,
        label=_(
            "Our company may be named on the public register of barriers, which anyone can read"
        ),
        required=False,
        help_text=_(
            "Without your consent, the public register shows only how many companies are "
            "affected, never your name. You can withdraw your consent at any time on the "
            "report's page."
        ),
    )
    evidence = EvidenceField(label=_("Evidence files"), help_text=EVIDENCE_HELP)
    form_token = FormTokenField()

    report_fields = (
        "title",
        "description",
        "barrier_kind",
        "destination_country",
        "regulator",
        "application_number",
        "applied_on",
        "decision_received_on",
        "consignments_affected",
        "trade_value_usd",
        "consent_to_share",
        "consent_to_publish",
    )
    field_order = (
        "company",
        "title",
        "barrier_kind",
        "destination_country",
        "regulator",
        "description",
        "hs_codes",
        "application_number",
        "applied_on",
        "decision_received_on",
        "consignments_affected",
        "trade_value_usd",
        "consent_to_share",
        "consent_to_publish",
        "evidence",
    )
    # What a draft keeps: the text of every field but the files.
    draft_fields = ("company", *report_fields, "hs_codes")

    def __init__(self, *args: Any, viewer: User, with_evidence: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        company = viewer.company
        if company is not None and company.kind == CompanyKind.ASSOCIATION:
            company_field = cast(forms.ModelChoiceField, self.fields["company"])
            company_field.queryset = selectors.association_members_for_viewer(viewer=viewer)
        else:
            del self.fields["company"]
        if not with_evidence:
            del self.fields["evidence"]
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        self.fields["hs_codes"].widget.attrs["data-hs-suggest"] = reverse("barriers:hs_codes")
        self.fields["hs_codes"].widget.attrs["data-hs-words"] = json.dumps(hs_suggest_words())

    @property
    def files_field_present(self) -> bool:
        return "evidence" in self.fields

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data (the stubs say: or None)
        cleaned = self.cleaned_data
        # The rules across fields, where both fields passed their own.
        checks = (
            (
                "decision_received_on",
                lambda: rules.check_dates_order(
                    cleaned["applied_on"], cleaned["decision_received_on"]
                ),
                ("applied_on", "decision_received_on"),
            ),
            (
                "regulator",
                lambda: rules.check_regulator_country(
                    cleaned["regulator"], cleaned["destination_country"]
                ),
                ("regulator", "destination_country"),
            ),
        )
        for name, check, needs in checks:
            if all(part in cleaned for part in needs):
                try:
                    check()
                except FieldRuleError as exc:
                    self.add_error(name, ValidationError(exc.message, code=exc.code))
        return cleaned

    def report_values(self) -> dict[str, Any]:
        """Keyword arguments for services.report_create and report_update."""
        values = {name: self.cleaned_data[name] for name in self.report_fields}
        values["hs_codes"] = self.cleaned_data["hs_codes"]
        return values

    def filing_values(self) -> dict[str, Any]:
        """Keyword arguments for services.report_submit: who the report is for, and its files."""
        values = self.report_values()
        if "company" in self.fields:
            values["company"] = self.cleaned_data["company"]
            values["filing_association"] = self.viewer.company
        else:
            values["company"] = self.viewer.company
        values["evidence"] = self.cleaned_data.get("evidence", [])
        return values

    @classmethod
    def draft_data(cls, data: QueryDict) -> dict[str, str]:
        """What the person typed, as text, to keep in a draft (never the files)."""
        kept = {}
        for name in cls.draft_fields:
            value = data.get(name, "")
            if value:
                kept[name] = str(value)[: 10_000 if name == "description" else 300]
        return kept

    @classmethod
    def initial_for(cls, report: Report) -> dict[str, Any]:
        """The edit form's starting values: the report as it is."""
        initial: dict[str, Any] = {name: getattr(report, name) for name in cls.report_fields}
        initial["hs_codes"] = ", ".join(code.code for code in report.hs_codes.all())
        return initial


# The filter set's help is written for API clients; the page says it in its own words.
REPORT_FINDER_HELP = {
    "search": _(
        "Words in English or Russian, in any form (“shrimps” finds “shrimp”), a report "
        "reference or the first digits of an HS code."
    ),
}


class ReportFinder(selectors.ReportFilterSet):
    """ "Find your reports" on My reports: the API's filter set, as a GET form on the page.

    The member company filter is for export promotion councils only; others do not see it.
    """

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        for name, field in fields.items():
            field.help_text = REPORT_FINDER_HELP.get(name, "")
        fields["search"].widget.attrs.update(type="search", spellcheck="false")
        company = viewer.company
        if company is None or company.kind != CompanyKind.ASSOCIATION:
            del fields["member"]

    def _cleaned(self) -> dict[str, Any]:
        """The values that passed (an invalid value is left out, and filters nothing)."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018  # validates the form once
        return self.form.cleaned_data

    @property
    def narrowed(self) -> bool:
        """Whether any filter (not only the order) narrows the list."""
        return any(
            value not in (None, "") for name, value in self._cleaned().items() if name != "ordering"
        )

    @property
    def order_label(self) -> str:
        """The order the list is shown in, in words."""
        cleaned = self._cleaned()
        sort = cleaned.get("ordering") or ""
        if sort in ("", selectors.RELEVANCE):
            searched = bool((cleaned.get("search") or "").strip())
            return str(_("best match first") if searched else _("newest filed first"))
        return str(dict(selectors.REPORT_SORT_CHOICES)[sort]).lower()


class HSCodeFindForm(PortalForm):
    hide_optional = True
    q = forms.CharField(
        label=_("Product or HS code"),
        max_length=60,
        required=False,
        help_text=_(
            "A product in English, such as “shrimps” or “raw cane sugar”, or the first "
            "digits of a code, such as 0306."
        ),
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )


class MessageForm(PortalForm):
    body = RuleCharField(
        rule=rules.MESSAGE_BODY.clean,
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Officials see it on the report. If they asked you a question, answer it here."
        ),
    )
    evidence = EvidenceField(label=_("Attach files"), help_text=EVIDENCE_HELP)
    form_token = FormTokenField()

    def __init__(self, *args: Any, with_evidence: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_evidence:
            del self.fields["evidence"]


class WithdrawForm(PortalForm):
    reason = RuleCharField(
        rule=rules.WITHDRAW_REASON.clean,
        label=_("Why are you withdrawing it?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the approval came through, or the report was filed by mistake."),
    )
    form_token = FormTokenField()


class PublicationConsentForm(PortalForm):
    """The button that gives or withdraws the consent to be named on the public register."""

    consent_to_publish = RuleCharField(
        rule=rules.clean_consent_to_publish, widget=forms.HiddenInput
    )


class FixConfirmForm(PortalForm):
    cleared = forms.ChoiceField(
        label=_("Are your shipments clearing again?"),
        choices=[
            ("yes", _("Yes, our shipments are clearing")),
            ("no", _("No, the problem is still there")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("If not, what still goes wrong?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: consignments are still held at the border, or the listing was "
            "published but the inspectors do not recognise it. Only officials read this."
        ),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data (the stubs say: or None)
        cleaned = self.cleaned_data
        if cleaned.get("cleared") == "no" and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason",
                _("Tell us what still goes wrong, so that officials can take it up again."),
            )
        return cleaned

    @property
    def is_cleared(self) -> bool:
        return self.cleaned_data["cleared"] == "yes"


# ---------------------------------------------------------------------------------------------
# Following
# ---------------------------------------------------------------------------------------------


class FollowForm(forms.Form):
    """Follow one thing: its kind, and the code, reference or name of it."""

    kind = forms.ChoiceField(
        label=_("What to follow"),
        choices=[
            (FollowKind.HS_CODE, _("HS code")),
            (FollowKind.HS_CHAPTER, _("HS chapter")),
            (FollowKind.COUNTRY, _("Country")),
            (FollowKind.REGULATOR, _("Regulator")),
            (FollowKind.BARRIER, _("Barrier")),
        ],
    )
    value = forms.CharField(
        label=_("Code, reference or name"),
        max_length=200,
        help_text=_(
            "For example 080450 (HS code), 08 (chapter), Kazakhstan, Rosselkhoznadzor or BAR-0001."
        ),
    )


class FollowFrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often should we e-mail you?"),
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
    )
