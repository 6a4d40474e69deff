"""Meetings, agendas and action points."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from barriers import services
from barriers.admin.actions import Step, StepsAdminMixin
from barriers.admin.agenda import (
    ActionPointNoteForm,
    AddBarrierForm,
    AgendaAdminMixin,
    MarkDoneForm,
    MeetingAddForm,
    agenda_panel,
)
from barriers.admin.base import HistoryAdmin, StatusChangeInline, adopt
from barriers.admin.case_documents import CaseDocumentInline, case_documents_save
from barriers.admin.outcomes import OutcomesAdminMixin
from barriers.domain import routing
from barriers.domain.errors import DomainError
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    CaseDocument,
    Meeting,
    MeetingStatus,
    Remit,
    RoutingSettings,
    signed_in_user,
)

# ---------------------------------------------------------------------------------------------
# Meetings, agendas, action points
# ---------------------------------------------------------------------------------------------


@admin.action(description=_("Draft agenda"), permissions=["change"])
def draft_agenda(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Draft (or draft again) the agenda of each selected meeting."""
    drafted, refused = [], []
    for meeting in queryset:
        try:
            services.agenda_draft(meeting=meeting, actor=signed_in_user(request.user))
        except DomainError as exc:
            refused.append(f"{meeting.code}: {exc.message}")
        else:
            drafted.append(meeting.code)
    if drafted:
        modeladmin.message_user(
            request, f"Agenda drafted: {', '.join(drafted)}.", level=messages.SUCCESS
        )
    if refused:
        modeladmin.message_user(request, "; ".join(refused), level=messages.WARNING)


@admin.action(description=_("Mark as held"), permissions=["change"])
def mark_held(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Mark each selected meeting held, through meeting_hold (never before its date)."""
    held, refused = [], []
    for meeting in queryset:
        try:
            services.meeting_hold(meeting=meeting, actor=signed_in_user(request.user))
        except DomainError as exc:
            refused.append(f"{meeting.code}: {exc.message}")
        else:
            held.append(meeting.code)
    if held:
        modeladmin.message_user(
            request, f"Marked as held: {', '.join(held)}.", level=messages.SUCCESS
        )
    if refused:
        modeladmin.message_user(request, "; ".join(refused), level=messages.ERROR)


class _MeetingChangeForm(forms.ModelForm):
    """A meeting's details; the dates follow the rules meeting_update enforces. The capacity per
    track is a number field per track (blank: the meeting-wide capacity), kept as
    `track_capacity`."""

    class Meta:
        model = Meeting
        fields = (
            *(name for name in services.MEETING_FIELDS if name != "track_capacity"),
            "eaeu_participants",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = self.instance.track_capacity if self.instance.pk else {}
        for name, track in TRACK_CAPACITY_FIELDS.items():
            if name in self.fields:
                self.fields[name].initial = (stored or {}).get(track)

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data (the stubs say: or None)
        data = self.cleaned_data
        meeting = self.instance
        track_capacity = {
            track: data[name]
            for name, track in TRACK_CAPACITY_FIELDS.items()
            if data.get(name) is not None
        }
        try:
            data["track_capacity"] = routing.track_capacity_check(
                track_capacity, capacity=data.get("capacity") or meeting.capacity
            )
        except ValueError as exc:
            self.add_error(None, str(exc))
        date = data.get("date") or meeting.date
        if date is None:
            return data
        try:
            services.meeting_dates_check(
                code=data.get("code") or meeting.code,
                status=meeting.status,
                date=date,
                cutoff_on=data.get("cutoff_on") or meeting.cutoff_on,
                circulate_on=data.get("circulate_on") or meeting.circulate_on,
            )
        except DomainError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


# One optional number per track (a Remit value): form field name -> track.
TRACK_CAPACITY_FIELDS = {f"capacity_{track}": str(track) for track in routing.TRACK_ORDER}

MeetingChangeForm: type[_MeetingChangeForm] = type(
    "MeetingChangeForm",
    (_MeetingChangeForm,),
    {
        name: forms.IntegerField(
            label=format_lazy("{}: {}", _("capacity per track"), Remit(track).label),
            min_value=1,
            required=False,
            help_text=_("Blank: up to the meeting-wide capacity."),
        )
        for name, track in TRACK_CAPACITY_FIELDS.items()
    },
)


@admin.register(Meeting)
class MeetingAdmin(OutcomesAdminMixin, AgendaAdminMixin, HistoryAdmin):
    change_form_template = "admin/barriers/meeting/change_form.html"
    list_display = ("code", "date", "venue", "format", "status", "cutoff_on", "capacity")
    list_filter = ("status", "format")
    search_fields = ("code", "venue", "notes")
    autocomplete_fields = ("eaeu_participants",)
    readonly_fields = ("status", "created_at")
    inlines = (CaseDocumentInline, StatusChangeInline)
    actions = (draft_agenda, mark_held)
    form = MeetingChangeForm

    class Media:
        css = {"all": ("barriers/admin.css", "barriers/agenda.css")}

    def get_urls(self) -> list[Any]:
        # Download buttons for the agenda and outcomes (barriers.exports.admin).
        from barriers.exports.admin import export_urls

        return export_urls(self) + self.agenda_urls() + self.outcomes_urls() + super().get_urls()

    def get_form(
        self, request: HttpRequest, obj: Meeting | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        if obj is None:
            kwargs["form"] = MeetingAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Meeting | None = None) -> Any:
        return () if obj is None else self.readonly_fields

    def get_fields(self, request: HttpRequest, obj: Meeting | None = None) -> Any:
        if obj is None:
            return list(MeetingAddForm.Meta.fields)
        return super().get_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        # A meeting carries its status history and agenda: it is never deleted here.
        return False

    def has_change_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        # A closed meeting is the record of what was decided: read, never changed (its action
        # points are followed up on their own pages).
        if obj is not None and obj.status == MeetingStatus.CLOSED:
            return False
        return super().has_change_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: Meeting, form: forms.ModelForm, change: bool
    ) -> None:
        if change:
            fields = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in services.MEETING_FIELDS
            }
            if set(TRACK_CAPACITY_FIELDS) & set(form.changed_data):
                fields["track_capacity"] = form.cleaned_data["track_capacity"]
            participants = (
                form.cleaned_data["eaeu_participants"]
                if "eaeu_participants" in form.changed_data
                else None
            )
            meeting = services.meeting_update(
                meeting=obj,
                actor=signed_in_user(request.user),
                eaeu_participants=participants,
                **fields,
            )
            adopt(obj, meeting)
            return
        data = {
            name: value
            for name, value in form.cleaned_data.items()
            if name != "eaeu_participants" and value not in (None, "")
        }
        # Blank code, cut-off, circulation date and capacity: the service's defaults.
        meeting = services.meeting_create(actor=signed_in_user(request.user), **data)
        participants = form.cleaned_data.get("eaeu_participants")
        if participants:
            meeting = services.meeting_update(
                meeting=meeting, actor=signed_in_user(request.user), eaeu_participants=participants
            )
        adopt(obj, meeting)

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        # The participants were set by the service; the status history is read-only; documents
        # go through case_document_attach and case_document_set_shared.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if formset.model is CaseDocument:
                case_documents_save(self, request, form.instance, formset)

    def _changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None,
        form_url: str,
        extra_context: dict[str, Any] | None,
    ) -> HttpResponse:
        # meeting_create's refusals (a code taken, dates after the meeting) as a warning on the
        # add page, not an error page.
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        meeting = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if meeting is not None:
            extra_context["agenda"] = agenda_panel(
                meeting, can_change=self.has_change_permission(request, meeting)
            )
            extra_context["add_barrier_form"] = AddBarrierForm(admin_site=self.admin_site)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(AgendaItem)
class AgendaItemAdmin(HistoryAdmin):
    list_display = (
        "meeting",
        "section",
        "track",
        "position",
        "barrier",
        "score",
        "is_carry_over",
        "escalate",
        "outcome",
    )
    list_filter = ("section", "track", "outcome", "is_carry_over", "escalate", "meeting")
    list_select_related = ("meeting", "barrier")
    search_fields = ("meeting__code", "barrier__reference", "barrier__title", "reason")
    autocomplete_fields = ("meeting", "barrier")
    # Computed by the agenda routing; the outcome's author and time are stamped by services.
    readonly_fields = (
        "score",
        "score_breakdown",
        "is_carry_over",
        "times_raised",
        "manually_changed",
        "outcome_recorded_at",
        "outcome_recorded_by",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[AgendaItem]:
        # __str__ names the meeting and the barrier (autocomplete lists, delete pages). A
        # changelist applies list_select_related only when get_queryset has none: repeat it.
        return super().get_queryset(request).select_related(*self.list_select_related)

    def get_readonly_fields(self, request: HttpRequest, obj: AgendaItem | None = None) -> Any:
        # Placing, moving and removing items, and their outcome, are the meeting page's buttons
        # (agenda_item_place, agenda_item_move, outcome_record); only the texts are edited here.
        editable = set(services.AGENDA_ITEM_FIELDS)
        return [
            field.name
            for field in AgendaItem._meta.concrete_fields
            if field.editable and not field.primary_key and field.name not in editable
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # barriers are added to an agenda from the meeting's page

    def has_delete_permission(self, request: HttpRequest, obj: AgendaItem | None = None) -> bool:
        return False  # taken off the agenda with "Remove" on the meeting's page, and kept

    def save_model(
        self, request: HttpRequest, obj: AgendaItem, form: forms.ModelForm, change: bool
    ) -> None:
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.AGENDA_ITEM_FIELDS
        }
        if fields:
            adopt(
                obj,
                services.agenda_item_update(item=obj, actor=signed_in_user(request.user), **fields),
            )


class ActionPointOverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        return (("yes", _("Yes")), ("no", _("No")))

    def queryset(self, request: HttpRequest, queryset: QuerySet[ActionPoint]) -> Any:
        overdue = Q(status=ActionPointStatus.OPEN, due_on__lt=timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


def _action_point_urgency(today: dt.date) -> Case:
    """0 overdue, 1 open, 2 done or dropped: the changelist's first sort key."""
    return Case(
        When(status=ActionPointStatus.OPEN, due_on__lt=today, then=Value(0)),
        When(status=ActionPointStatus.OPEN, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


ACTION_POINT_STEPS: tuple[Step, ...] = (
    Step(
        name="mark_done",
        label=_("Mark done"),
        run=lambda point, actor, data: services.action_point_transition(
            action_point=point,
            to=ActionPointStatus.DONE,
            actor=actor,
            completed_on=data["completed_on"],
            evidence=data.get("evidence", ""),
        ),
        done=("%d action point marked done.", "%d action points marked done."),
        form=MarkDoneForm,
        statuses=frozenset({ActionPointStatus.OPEN}),
        intro=_("When it was done, and what shows it (a letter, a listing, a certificate)."),
    ),
    Step(
        name="drop",
        label=_("Drop"),
        run=lambda point, actor, data: services.action_point_transition(
            action_point=point,
            to=ActionPointStatus.DROPPED,
            actor=actor,
            note=data.get("note", ""),
        ),
        done=("%d action point dropped.", "%d action points dropped."),
        form=ActionPointNoteForm,
        statuses=frozenset({ActionPointStatus.OPEN}),
        intro=_("Why it is dropped: kept in the action point's status history."),
    ),
    Step(
        name="reopen",
        label=_("Reopen"),
        run=lambda point, actor, data: services.action_point_transition(
            action_point=point,
            to=ActionPointStatus.OPEN,
            actor=actor,
            note=data.get("note", ""),
        ),
        done=("%d action point reopened.", "%d action points reopened."),
        form=ActionPointNoteForm,
        statuses=frozenset({ActionPointStatus.DONE, ActionPointStatus.DROPPED}),
        intro=_("Why it is open again: kept in the action point's status history."),
    ),
)


class ActionPointAdminForm(forms.ModelForm):
    """What an action point says; the rules are action_point_update's."""

    class Meta:
        model = ActionPoint
        fields = services.ACTION_POINT_FIELDS

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data (the stubs say: or None)
        data = self.cleaned_data
        point = self.instance
        if point.pk is None:
            return data
        try:
            services.action_point_fields_check(
                meeting=point.meeting,
                description=data.get("description", point.description),
                party=data.get("party", point.party),
                due_on=data.get("due_on", point.due_on),
                owner=data.get("owner", point.owner),
            )
        except DomainError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


@admin.register(ActionPoint)
class ActionPointAdmin(StepsAdminMixin, HistoryAdmin):
    """Every action point, overdue ones first; status moves only through the steps."""

    change_form_template = "admin/barriers/change_form_steps.html"
    steps = ACTION_POINT_STEPS
    form = ActionPointAdminForm
    inlines = (StatusChangeInline,)
    list_display = (
        "short_description",
        "overdue_badge",
        "meeting",
        "barrier_reference",
        "party",
        "owner_agency",
        "regulator",
        "owner",
        "due_on",
        "status",
        "completed_on",
    )
    list_filter = ("status", "party", ActionPointOverdueFilter, "meeting")
    list_select_related = ("meeting", "barrier", "regulator", "owner")
    search_fields = ("description", "owner_agency", "barrier__reference", "meeting__code")
    autocomplete_fields = ("regulator", "owner")
    # Agreed at a meeting on an agenda item: where it comes from never changes; the status
    # moves through the steps (action_point_transition), with a history row each time.
    readonly_fields = (
        "meeting",
        "agenda_item",
        "barrier",
        "status",
        "completed_on",
        "evidence",
        "created_at",
    )

    class Media:
        css = {"all": ("barriers/admin.css",)}

    @admin.display(description=_("what"))
    def short_description(self, obj: ActionPoint) -> str:
        return obj.description[:80]

    @admin.display(description=_("barrier"), ordering="barrier__reference")
    def barrier_reference(self, obj: ActionPoint) -> str:
        url = reverse("admin:barriers_barrier_change", args=[obj.barrier_id])
        return format_html('<a href="{}">{}</a>', url, obj.barrier.reference)

    @admin.display(description=_("overdue"), ordering="urgency")
    def overdue_badge(self, obj: ActionPoint) -> str:
        if getattr(obj, "urgency", None) == 0:
            days = (timezone.localdate() - obj.due_on).days
            return format_html('<span class="badge badge-overdue">{}</span>', f"overdue {days} d")
        return ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[ActionPoint]:
        # Annotated before ModelAdmin would order by it (urgency is no field, so it cannot be
        # the admin's `ordering`). __str__ names the meeting; see AgendaItemAdmin.get_queryset.
        return (
            ActionPoint._default_manager.select_related(*self.list_select_related)
            .annotate(urgency=_action_point_urgency(timezone.localdate()))
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request: HttpRequest) -> Any:
        return ("urgency", "due_on", "pk")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Action points are agreed at a meeting: added from the meeting's page, per item.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ActionPoint | None = None) -> bool:
        return False  # dropped, with a reason, never deleted

    def save_model(
        self, request: HttpRequest, obj: ActionPoint, form: forms.ModelForm, change: bool
    ) -> None:
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.ACTION_POINT_FIELDS
        }
        if fields:
            point = services.action_point_update(
                action_point=obj, actor=signed_in_user(request.user), **fields
            )
            adopt(obj, point)

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        for formset in formsets:  # the status history is read-only
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if obj is not None:
            extra_context["page_steps"] = self.page_steps(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)


class RoutingSettingsForm(forms.ModelForm):
    """The weights and defaults; each value follows routing_settings_update's rules."""

    class Meta:
        model = RoutingSettings
        fields = services.ROUTING_FIELDS

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data (the stubs say: or None)
        data = self.cleaned_data
        for name in services.ROUTING_FIELDS:
            if name not in data or name in self.errors:
                continue
            try:
                services.routing_settings_check(**{name: data[name]})
            except DomainError as exc:
                self.add_error(name, exc.message)
        return data


@admin.register(RoutingSettings)
class RoutingSettingsAdmin(HistoryAdmin):
    """The agenda's priority weights and meeting defaults: one row, changed, never deleted."""

    list_display = (
        "__str__",
        "weight_trade_value",
        "weight_companies",
        "weight_days_overdue",
        "weight_perishability",
        "weight_manual_priority",
        "weight_counterpart_overdue",
        "updated_at",
    )
    readonly_fields = ("updated_at",)
    form = RoutingSettingsForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the one row is created with the defaults when the list is opened

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # One row, created with the defaults on first use, so that there is always one to open.
        services.routing_settings_get()
        return super().changelist_view(request, extra_context)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.ROUTING_FIELDS
        }
        if fields:
            adopt(
                obj, services.routing_settings_update(actor=signed_in_user(request.user), **fields)
            )
