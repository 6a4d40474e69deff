"""Forms of the officials' admin."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, FilteredSelectMultiple
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    UserChangeForm,
)
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from barriers import services
from barriers.domain import report_rules
from barriers.domain.errors import DomainError
from barriers.domain.report_fields import RuleCharField
from barriers.domain.transitions import BARRIER_ACTIVE, REPORT_CLOSED
from barriers.evidence.files import check_evidence
from barriers.imports.reports import import_filer_check
from barriers.models import (
    Barrier,
    ClosureReason,
    Company,
    CompanyKind,
    Document,
    Exchange,
    ExchangeKind,
    Party,
    Regulator,
    RejectionReason,
    Report,
    ReportStatus,
    User,
)

# ---------------------------------------------------------------------------------------------
# People and companies
# ---------------------------------------------------------------------------------------------


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "company")

    def clean_email(self) -> str:
        # Addresses are stored in lower case (a database constraint): accept any case here.
        return self.cleaned_data["email"].lower()


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict[str, type] = {}

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()


# The official on the admin's "change password" page (set by UserAdmin.user_change_password):
# Django builds that form with the user whose password changes, not with the request.
password_actor: ContextVar[User | None] = ContextVar("password_actor", default=None)


class PasswordAdminForm(AdminPasswordChangeForm):
    """Setting someone's password in the admin, through user_set_password (logged)."""

    def save(self, commit: bool = True) -> User:
        usable = self.cleaned_data.get("set_usable_password", True)
        return services.user_set_password(
            user=self.user,
            actor=password_actor.get(),
            password=self.cleaned_data["password1"] if usable else None,
            channel="admin",
        )


class GroupAdminForm(forms.ModelForm):
    """A group's name, permissions and members; saved by group_create / group_update."""

    members = forms.ModelMultipleChoiceField(
        label=_("members"),
        queryset=User.objects.order_by("email"),
        required=False,
        widget=FilteredSelectMultiple(_("members"), is_stacked=False),
        help_text=_("Joining or leaving the group is written to the audit log."),
    )

    class Meta:
        model = Group
        fields = ("name", "permissions")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["members"].initial = list(
                self.instance.user_set.values_list("pk", flat=True)
            )


class DocumentAddForm(forms.ModelForm):
    """Attach evidence: the file's checks run here too, so a refused file is a form error."""

    class Meta:
        model = Document
        fields = ("report", "message", "file")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_evidence(upload, name=upload.name, size=upload.size)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data (the stubs say: or None)
        data = self.cleaned_data
        report, message = data.get("report"), data.get("message")
        if report is not None and report.status in REPORT_CLOSED:
            status = report.get_status_display().lower()
            self.add_error("report", f"The report is {status}; no more files can be added.")
        if message is not None and report is not None and message.report_id != report.pk:
            self.add_error("message", "Choose a message on the same report's thread.")
        return data


# ---------------------------------------------------------------------------------------------
# Triage steps: what an official types before a service runs
# ---------------------------------------------------------------------------------------------


class _Autocomplete(AutocompleteSelect):
    """The admin's search-as-you-type widget, tolerant of a submitted value that is not a key.

    Django's widget looks the submitted value up to redisplay it; a value such as "x" for an
    integer key would raise instead of showing the form's error.
    """

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        key = self.field.remote_field.model._meta.pk
        valid = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            if item not in ("", None):
                valid.append(item)
        return super().optgroups(name, valid, attr)


def _autocomplete(model: type[Model], field: str) -> forms.Widget:
    """The admin's autocomplete for `model.field` (lists stay fast on big tables)."""
    return _Autocomplete(model._meta.get_field(field), admin.site)


class RequestInfoForm(forms.Form):
    question = forms.CharField(
        label=_("Question for the exporter"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_("Posted on the report's thread and sent to the exporter by e-mail."),
    )


class _FigureField(RuleCharField):
    """A report figure judged by its filing rule; here it must be given (empty is not 0)."""

    def clean(self, value: Any) -> Any:
        if value is None or not str(value).strip():
            raise ValidationError(self.error_messages["required"], code="required")
        return super().clean(value)


class VerifyFiguresForm(forms.Form):
    """The figures a triage officer found, checked by the same rules as filing."""

    trade_value_usd = _FigureField(
        rule=report_rules.clean_trade_value_usd,
        label=_("Verified trade value at stake (USD)"),
        help_text=_("As found in the invoices or shipping bills, such as 250000."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    consignments_affected = _FigureField(
        rule=report_rules.clean_consignments_affected,
        label=_("Verified consignments affected"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("How they were checked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("An internal note on the report; the exporter does not see it."),
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectionReason.choices)
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Required when the reason is 'other'. The exporter sees it."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data (the stubs say: or None)
        data = self.cleaned_data
        if data.get("reason") == RejectionReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Explain the reason when it is 'other'."))
        return data


# ---------------------------------------------------------------------------------------------
# A barrier's lifecycle by hand (services.lifecycle)
# ---------------------------------------------------------------------------------------------

LIFECYCLE_TEXT_MAX = 2000


class LifecycleNoteForm(forms.Form):
    """Resolve or partially resolve: a note the companies read (optional)."""

    note = forms.CharField(
        label=_("Note for the companies"),
        required=False,
        max_length=LIFECYCLE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Shown on their reports' timeline and in the e-mail, such as what was fixed."),
    )


class CloseUnresolvedForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "---------"), *ClosureReason.choices],
        error_messages={
            "required": _("Choose why the barrier is closed."),
            "invalid_choice": _("Choose one of the reasons in the list."),
        },
    )
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=LIFECYCLE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Required when the reason is 'other'. The companies read it."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data (the stubs say: or None)
        data = self.cleaned_data
        if data.get("reason") == ClosureReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Explain the reason when it is 'other'."))
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it reopened?"),
        max_length=LIFECYCLE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("The companies read it, such as: consignments are held again at the border."),
        error_messages={"required": _("Say why the barrier is reopened.")},
    )


class KeepResolvedForm(forms.Form):
    note = forms.CharField(
        label=_("Why does it stay resolved?"),
        max_length=LIFECYCLE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Kept as an internal note; the companies are not e-mailed."),
        error_messages={"required": _("Say why the barrier stays resolved.")},
    )


class MergeForm(forms.Form):
    barrier = forms.ModelChoiceField(
        label=_("Barrier"),
        queryset=Barrier.objects.filter(status__in=BARRIER_ACTIVE),
        widget=_autocomplete(Report, "barrier"),
        help_text=_("An active barrier: type its reference or words of its title."),
        error_messages={"invalid_choice": _("Choose an active barrier.")},
    )


class MoveForm(forms.Form):
    barrier = forms.ModelChoiceField(
        label=_("Move to barrier"),
        queryset=Barrier.objects.filter(status__in=BARRIER_ACTIVE),
        widget=_autocomplete(Report, "barrier"),
        required=False,
        help_text=_("Leave empty to open a new barrier from the report."),
        error_messages={"invalid_choice": _("Choose an active barrier.")},
    )
    note = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Kept as an internal note on both barriers."),
    )


class RegulatorForm(forms.Form):
    regulator = forms.ModelChoiceField(
        label=_("Regulator"),
        queryset=Regulator.objects.all(),
        widget=_autocomplete(Report, "regulator"),
        required=False,
    )


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.filter(is_staff=True, is_active=True),
        widget=_autocomplete(Report, "owner"),
        required=False,
        help_text=_("An official; leave empty for nobody."),
    )


class BarrierOwnerForm(OwnerForm):
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.filter(is_staff=True, is_active=True),
        widget=_autocomplete(Barrier, "owner"),
        required=False,
        help_text=_("An official; leave empty for nobody."),
    )


class PriorityForm(forms.Form):
    priority = forms.IntegerField(
        label=_("Manual priority"),
        min_value=-5,
        max_value=5,
        help_text=_("From -5 to 5; officials' own weighting for the agenda."),
    )


# ---------------------------------------------------------------------------------------------
# Bulk import of reports for an association
# ---------------------------------------------------------------------------------------------


class _FilerFields(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Association"),
        queryset=Company.objects.filter(kind=CompanyKind.ASSOCIATION).order_by("name"),
        help_text=_(
            "The export promotion council on whose behalf the reports are filed; every row's "
            "company must be one of its members."
        ),
    )
    filed_by = forms.ModelChoiceField(
        label=_("Filed by"),
        queryset=User.objects.filter(company__kind=CompanyKind.ASSOCIATION, is_active=True),
        required=False,
        help_text=_(
            "The association's user recorded as filing the reports; empty for its first user."
        ),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data (the stubs say: or None)
        data = self.cleaned_data
        association = data.get("association")
        if association is None:
            return data
        filer = data.get("filed_by")
        if filer is None:
            filer = association.users.filter(is_active=True).order_by("date_joined", "pk").first()
            if filer is None:
                self.add_error("filed_by", _("The association has no user to file for it."))
                return data
            data["filed_by"] = filer
        try:
            import_filer_check(filed_by=filer, association=association)
        except DomainError as exc:
            self.add_error("filed_by", exc.message)
        return data


class ReportImportForm(_FilerFields, ImportForm):
    field_order = ["association", "filed_by", "resource", "import_file", "format"]


class ReportConfirmImportForm(_FilerFields, ConfirmImportForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("association", "filed_by"):
            self.fields[name].widget = forms.HiddenInput()


# ---------------------------------------------------------------------------------------------
# The EAEU side: focal points and sharing barriers with their regulator
# ---------------------------------------------------------------------------------------------


class FocalPointInviteForm(forms.ModelForm):
    """Invite a focal point: their regulator, e-mail address and name (focal_point_invite)."""

    class Meta:
        model = User
        fields = ("regulator", "email", "full_name")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "regulator" not in self.fields:
            return  # a focal point's page: everything is read-only there
        self.fields["regulator"].required = True
        self.fields["full_name"].required = True
        self.fields["email"].help_text = _(
            "The invitation goes here, in Russian and English; the person chooses a password "
            "and must set up an authenticator app."
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("There is already an account for this e-mail address."))
        return email

    def validate_unique(self) -> None:
        pass  # the e-mail address is checked above and again by the service


def _text(label: Any, *, required: bool, rows: int = 4, max_length: int = 5000) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows, "cols": 80}),
    )


class _DocumentChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.report.reference}: {obj.original_name}"


class ShareForm(forms.Form):
    """The counterpart's texts of one barrier (Russian required) and the documents to show."""

    title_ru = forms.CharField(label=_("Title in Russian"), max_length=250)
    title_en = forms.CharField(label=_("Title in English"), max_length=250, required=False)
    summary_ru = _text(_("Summary in Russian"), required=True)
    summary_en = _text(_("Summary in English"), required=False)
    ask_ru = _text(_("The ask in Russian"), required=True, rows=3)
    ask_en = _text(_("The ask in English"), required=False, rows=3)
    documents = _DocumentChoices(
        label=_("Documents to share"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Evidence of the barrier's accepted reports; nothing else is shown."),
    )

    def __init__(self, *args: Any, barrier: Barrier | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if barrier is None:
            del self.fields["documents"]
        else:
            documents = self.fields["documents"]
            assert isinstance(documents, _DocumentChoices)
            documents.queryset = (
                Document.objects.filter(
                    report__barrier=barrier, report__status=ReportStatus.ACCEPTED
                )
                .select_related("report")
                .order_by("report__reference", "created_at", "pk")
            )


class ShareBulkForm(ShareForm):
    """Share several barriers at once: a text left empty is taken from each barrier."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.help_text = _(
                "Leave empty to use each barrier's own text (its current counterpart text, "
                "else its Russian title and summary)."
            )


class PublishForm(forms.Form):
    """The barrier's public texts, reviewed: separate from its internal and counterpart texts."""

    public_title = forms.CharField(
        label=_("Public title"),
        max_length=200,
        help_text=_("Shown to anyone on the public register. No company names or figures."),
    )
    public_summary = _text(_("Public summary"), required=True)
    show_companies = forms.BooleanField(
        label=_("Name the companies that consented to be named publicly"),
        required=False,
        help_text=_("Others are only counted; trade values are never shown."),
    )


class UnpublishForm(forms.Form):
    note = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=80,
        help_text=_("Kept in the barrier's history."),
    )


class UnshareForm(forms.Form):
    note = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Kept as an internal note on the barrier."),
    )


# ---------------------------------------------------------------------------------------------
# The exchange with the counterpart: India's reply, a request forwarded to the exporters
# ---------------------------------------------------------------------------------------------


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _Files(forms.FileField):
    """Several files; their checks (type by content, size, count) are the service's."""

    widget = _MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(_Files, self).clean(item, initial) for item in files if item]


class _ExchangeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        text = " ".join((obj.body_ru or obj.body_en).split())
        short = text if len(text) <= 80 else f"{text[:79]}…"
        return f"{obj.created_at:%Y-%m-%d} {obj.get_kind_display()}: {short}"


class ReplyForm(forms.Form):
    """India's reply to the counterpart on a shared barrier (services.exchange_post)."""

    body_ru = _text(_("Text in Russian"), required=False, rows=6)
    body_en = _text(_("Text in English"), required=False, rows=6)
    in_reply_to = _ExchangeChoice(
        label=_("In reply to"),
        queryset=Exchange.objects.none(),
        required=False,
        help_text=_("The counterpart's message this answers, if any."),
    )
    documents = _Files(
        label=_("Documents"),
        help_text=_("Letters or other files (PDF, images, Word, Excel), checked as evidence."),
    )

    # `barrier` may be left out: the change page's template calls the form class to see that
    # the step has a form (a link to it, not a button).
    def __init__(self, *args: Any, barrier: Barrier | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["in_reply_to"]
        assert isinstance(choice, _ExchangeChoice)
        if barrier is not None:
            choice.queryset = Exchange.objects.filter(barrier=barrier, party=Party.EAEU).order_by(
                "-created_at", "-pk"
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("body_ru") or "").strip() and not (data.get("body_en") or "").strip():
            self.add_error("body_ru", _("Write the reply in Russian, in English or in both."))
        return data


class ForwardForm(forms.Form):
    """A request for clarification passed on to the barrier's exporters in the official's
    words (services.exchange_forward)."""

    clarification = _ExchangeChoice(
        label=_("Request for clarification"), queryset=Exchange.objects.none()
    )
    body = _text(
        _("Message to the exporters"),
        required=True,
        rows=8,
        max_length=report_rules.MESSAGE_BODY.max_length,
    )

    def __init__(self, *args: Any, barrier: Barrier | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["clarification"]
        assert isinstance(choice, _ExchangeChoice)
        if barrier is not None:
            choice.queryset = Exchange.objects.filter(
                barrier=barrier, kind=ExchangeKind.CLARIFICATION, forwarded_at__isnull=True
            ).order_by("-created_at", "-pk")
        self.fields["body"].help_text = _(
            "Your wording: it goes on the exporters' threads as it is written here."
        )
