"""The counterpart's answer forms: they parse what the focal point typed; exchange_post decides.

The rules (text length, target date in the future, a legal basis for a position, file checks)
live in services.exchange_post and come back as DomainErrors on the named field; the forms only
ask for what each kind of answer needs, in the page's language first.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

from barriers.domain.errors import DomainError
from barriers.models import ExchangeKind, LegalBasis

ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"


class CounterpartRenderer(DjangoTemplates):
    """Labels, hints and errors tied together (aria-describedby), with translated markers."""

    form_template_name = "barriers/counterpart/forms/form.html"
    field_template_name = "barriers/counterpart/forms/field.html"


RENDERER = CounterpartRenderer()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files at once (exchange_post checks their count and their content)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ACCEPTED_FILES)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(AttachmentsField, self).clean(item, initial) for item in files if item]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class LegalBasisField(forms.ChoiceField):
    """The technical regulations and decisions a position may cite, named in the page's language."""

    def __init__(self, *, bases: list[LegalBasis], russian: bool, **kwargs: Any) -> None:
        self.bases = {basis.code: basis for basis in bases}
        choices = [("", _("Choose a regulation or decision"))] + [
            (
                basis.code,
                f"{basis.number_ru or basis.number} — {basis.title_ru or basis.title}"
                if russian
                else f"{basis.number} — {basis.title or basis.title_ru}",
            )
            for basis in bases
        ]
        super().__init__(choices=choices, **kwargs)

    def clean(self, value: Any) -> LegalBasis | None:
        code = super().clean(value)
        return self.bases.get(code) if code else None


KIND_HEADINGS: dict[str, Any] = {
    ExchangeKind.ACKNOWLEDGEMENT: _("Acknowledge the barrier"),
    ExchangeKind.CLARIFICATION: _("Ask for clarification"),
    ExchangeKind.PROPOSAL: _("Propose a solution"),
    ExchangeKind.POSITION: _("State the position"),
    ExchangeKind.RESOLVED: _("Report the barrier resolved"),
}
KIND_LEADS: dict[str, Any] = {
    ExchangeKind.ACKNOWLEDGEMENT: _(
        "Confirm that your authority has received the barrier and is examining it."
    ),
    ExchangeKind.CLARIFICATION: _(
        "Ask the Indian officials for the information you need; they answer within the "
        "working days set for India."
    ),
    ExchangeKind.PROPOSAL: _(
        "Describe the solution your authority proposes and the date by which it will be in "
        "place. The exporters are told of the proposal and its date, not of its text."
    ),
    ExchangeKind.POSITION: _(
        "State your authority's position and the technical regulation or decision it rests on."
    ),
    ExchangeKind.RESOLVED: _(
        "Tell the Indian side that the barrier is removed. The exporters are then asked to "
        "confirm that their shipments clear."
    ),
}
BODY_LABELS: dict[str, Any] = {
    ExchangeKind.ACKNOWLEDGEMENT: _("Your message"),
    ExchangeKind.CLARIFICATION: _("Your question"),
    ExchangeKind.PROPOSAL: _("The proposed solution"),
    ExchangeKind.POSITION: _("The position"),
    ExchangeKind.RESOLVED: _("How the barrier was resolved"),
}


class ExchangeForm(forms.Form):
    """One answer of the counterpart: its text (Russian and/or English), what its kind needs,
    and letters or other files."""

    default_renderer = RENDERER

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        kind: str,
        language: str,
        bases: list[LegalBasis] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        russian = language == "ru"
        main, other = ("body_ru", "body_en") if russian else ("body_en", "body_ru")
        self.main_body = main
        self.fields[main] = forms.CharField(
            label=BODY_LABELS[kind],
            widget=forms.Textarea(attrs={"rows": 6, "lang": "ru" if russian else "en"}),
            help_text=_("In Russian.") if russian else _("In English."),
        )
        if kind == ExchangeKind.PROPOSAL:
            self.fields["target_date"] = forms.DateField(
                label=_("Target date"),
                help_text=_("The date by which the solution will be in place."),
                widget=DateInput(),
            )
        if kind == ExchangeKind.POSITION:
            self.fields["legal_basis"] = LegalBasisField(
                label=_("Legal basis"),
                bases=bases or [],
                russian=russian,
                help_text=_("The technical regulation or decision the position rests on."),
            )
        self.fields[other] = forms.CharField(
            label=_("Translation into English") if russian else _("Translation into Russian"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4, "lang": "en" if russian else "ru"}),
            help_text=_("Optional: the same text in the other language."),
        )
        self.fields["documents"] = AttachmentsField(
            label=_("Letters and other documents"),
            help_text=_(
                "PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX), up to 5 files. You can select "
                "several files at once."
            ),
        )

    def exchange_values(self) -> dict[str, Any]:
        """The keyword arguments of services.exchange_post this form gives."""
        data = self.cleaned_data
        return {
            "kind": self.kind,
            "body_ru": data.get("body_ru", ""),
            "body_en": data.get("body_en", ""),
            "target_date": data.get("target_date"),
            "legal_basis": data.get("legal_basis"),
            "files": data.get("documents", []),
        }

    def refuse(self, error: DomainError, message: str) -> None:
        """A service's refusal beside the field it names, or above the form."""
        field = error.field
        if field == "body_ru" and "body_ru" not in self.fields:
            field = self.main_body
        self.add_error(field if field in self.fields else None, message)


class LanguageForm(forms.Form):
    """The language switch on every counterpart page."""

    language = forms.ChoiceField(choices=[("ru", "Русский"), ("en", "English")])
    next = forms.CharField(required=False)
