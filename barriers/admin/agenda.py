"""The agenda secretary's desk on a meeting's page: draft, adjust, freeze, hold, record outcomes.

Every button is a POST to one URL that calls one service; a refused call comes back to the
meeting's page as a warning, never an error page. The pages with a form in between (freezing,
an outcome, an action point) use the admin's step template (admin/barriers/step.html).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from barriers import selectors, services
from barriers.admin.base import ModelAdminMixin
from barriers.domain.errors import DomainError
from barriers.domain.routing import agenda_sort_key, history_labels
from barriers.domain.transitions import BARRIER_ACTIVE, MEETING_AGENDA_EDITABLE, MEETING_TOOK_PLACE
from barriers.models import (
    AgendaItem,
    AgendaSection,
    Barrier,
    Meeting,
    MeetingStatus,
    Outcome,
    Party,
    Regulator,
    Remit,
    User,
    signed_in_user,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

BREAKDOWN_LABELS = {
    "trade_value": _("Trade value"),
    "companies": _("Companies"),
    "days_overdue": _("Days overdue"),
    "perishability": _("Perishable"),
    "manual_priority": _("Manual priority"),
    "counterpart_overdue": _("Counterpart's answer overdue"),
}


# ---------------------------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------------------------


class MeetingAddForm(forms.ModelForm):
    """A new meeting: code, cut-off, circulation date and capacity may be left to the defaults."""

    class Meta:
        model = Meeting
        fields = (
            "code",
            "date",
            "venue",
            "format",
            "india_participants",
            "eaeu_participants",
            "cutoff_on",
            "circulate_on",
            "capacity",
            "notes",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("code", "cutoff_on", "circulate_on", "capacity"):
            self.fields[name].required = False
        self.fields["capacity"].initial = None
        self.fields["code"].help_text = _("Leave blank for the quarter of the date (2026-Q4).")
        defaults = _("Leave blank for the default in the routing settings.")
        for name in ("cutoff_on", "circulate_on", "capacity"):
            self.fields[name].help_text = defaults


class FreezeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, freeze the agenda and tell the exporters"), required=True
    )


class CloseMeetingForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, close the meeting: its outcomes and action points are final"),
        required=True,
    )


class CirculateForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, circulate the joint agenda and e-mail the EAEU focal points"), required=True
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=Outcome.choices)
    statement_india = forms.CharField(
        label=_("statement of the Indian side"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    statement_eaeu = forms.CharField(
        label=_("statement of the EAEU side"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    counterpart_commitment = forms.CharField(
        label=_("counterpart's commitment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal_note = forms.CharField(
        label=_("internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Officials only: never shown to exporters or the EAEU side."),
    )


class ActionPointForm(forms.Form):
    description = forms.CharField(label=_("what"), widget=forms.Textarea(attrs={"rows": 3}))
    party = forms.ChoiceField(label=_("party"), choices=Party.choices)
    owner_agency = forms.CharField(label=_("owner agency"), required=False, max_length=200)
    regulator = forms.ModelChoiceField(
        label=_("regulator"), queryset=Regulator.objects.order_by("name"), required=False
    )
    owner = forms.ModelChoiceField(
        label=_("owner (official)"),
        queryset=User.objects.filter(is_staff=True, is_active=True).order_by("email"),
        required=False,
    )
    due_on = forms.DateField(label=_("due date"), widget=AdminDateWidget)


class AddBarrierForm(forms.Form):
    barrier = forms.ModelChoiceField(
        label=_("barrier"), queryset=Barrier.objects.filter(status__in=BARRIER_ACTIVE)
    )

    def __init__(self, *args: Any, admin_site: admin.AdminSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The barrier admin's autocomplete (search by reference or title).
        field = cast(forms.ModelChoiceField, self.fields["barrier"])
        field.widget = AutocompleteSelect(AgendaItem._meta.get_field("barrier"), admin_site)
        field.widget.choices = field.choices


class ActionPointNoteForm(forms.Form):
    note = forms.CharField(label=_("why"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MarkDoneForm(forms.Form):
    completed_on = forms.DateField(label=_("completed on"), widget=AdminDateWidget)
    evidence = forms.CharField(
        label=_("evidence of completion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# ---------------------------------------------------------------------------------------------
# The meeting page's agenda panel
# ---------------------------------------------------------------------------------------------


def agenda_panel(meeting: Meeting, *, can_change: bool) -> dict[str, Any]:
    """The agenda grouped by track, the reserve and the removed items, for the change page."""
    items = list(selectors.agenda_for_meeting_page(meeting=meeting))
    answers = selectors.latest_answers([item.barrier_id for item in items])
    for item in items:
        # For the template only: the counterpart's latest position or proposal, and which
        # Russian texts the joint edition still lacks.
        item.latest_answer = answers.get(item.barrier_id)  # type: ignore[attr-defined]
        item.russian_missing = selectors.joint_text(item).russian("").missing()  # type: ignore[attr-defined]
        item.history_labels = history_labels(  # type: ignore[attr-defined]  # for the template
            carry_over=item.is_carry_over, times_raised=item.times_raised, escalate=item.escalate
        )
        # The breakdown is JSON the scoring wrote: empty (a hand-placed item) or, from an older
        # scorer, not a mapping at all; the page shows what it can read.
        breakdown = item.score_breakdown if isinstance(item.score_breakdown, dict) else {}
        item.breakdown_rows = [  # type: ignore[attr-defined]  # for the template only
            (
                BREAKDOWN_LABELS.get(name, str(name).replace("_", " ")),
                part.get("points", ""),
                part.get("value", ""),
                part.get("verified", ""),  # the trade value: which figures are verified
            )
            for name, part in breakdown.items()
            if isinstance(part, dict)
        ]
    agenda = sorted(
        (i for i in items if i.section == AgendaSection.AGENDA),
        key=lambda i: agenda_sort_key(i.track, i.position, i.pk),
    )
    reserve = [i for i in items if i.section == AgendaSection.RESERVE]
    removed = [i for i in items if i.section == AgendaSection.REMOVED]
    for group in (agenda, reserve, removed):
        # Numbered in the order shown (the documents' numbers), whatever the stored positions.
        for number, item in enumerate(group, start=1):
            item.number = number  # type: ignore[attr-defined]  # for the template only
    track_capacity = meeting.track_capacity or {}
    tracks: list[dict[str, Any]] = []
    for item in agenda:
        if not tracks or tracks[-1]["track"] != item.track:
            tracks.append(
                {
                    "track": item.track,
                    "label": Remit(item.track).label,
                    "capacity": track_capacity.get(item.track),
                    "items": [],
                }
            )
        tracks[-1]["items"].append(item)
    editable = can_change and meeting.status in MEETING_AGENDA_EDITABLE
    return {
        "tracks": tracks,
        "agenda_count": len(agenda),
        "reserve": reserve,
        "removed": removed,
        "editable": editable,
        "can_draft": editable,
        "can_freeze": can_change and meeting.status == MeetingStatus.AGENDA_DRAFT,
        "can_circulate": can_change
        and meeting.status in (MeetingStatus.AGENDA_DRAFT, MeetingStatus.AGENDA_FROZEN),
        "circulated_at": meeting.joint_circulated_at,
        "can_hold": can_change and meeting.status == MeetingStatus.AGENDA_FROZEN,
        "can_record": can_change and meeting.status == MeetingStatus.HELD,
        "can_close": can_change and meeting.status == MeetingStatus.HELD,
        "after_meeting": meeting.status in MEETING_TOOK_PLACE,
        "has_items": bool(items),
        "sections": [
            (AgendaSection.AGENDA, _("Move to agenda")),
            (AgendaSection.RESERVE, _("Move to reserve")),
            (AgendaSection.REMOVED, _("Remove")),
        ],
    }


# ---------------------------------------------------------------------------------------------
# Views (mixed into MeetingAdmin)
# ---------------------------------------------------------------------------------------------


class AgendaAdminMixin(ModelAdminMixin):
    """URLs under /admin/barriers/meeting/<pk>/ for the agenda secretary's buttons."""

    step_template = "admin/barriers/step.html"

    def agenda_urls(self) -> list[Any]:
        wrap: Callable[..., Any] = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/agenda/draft/",
                wrap(self.draft_view),
                name="barriers_meeting_draft",
            ),
            path(
                "<path:object_id>/agenda/freeze/",
                wrap(self.freeze_view),
                name="barriers_meeting_freeze",
            ),
            path(
                "<path:object_id>/agenda/circulate/",
                wrap(self.circulate_view),
                name="barriers_meeting_circulate",
            ),
            path("<path:object_id>/hold/", wrap(self.hold_view), name="barriers_meeting_hold"),
            path("<path:object_id>/close/", wrap(self.close_view), name="barriers_meeting_close"),
            path(
                "<path:object_id>/agenda/add/",
                wrap(self.add_barrier_view),
                name="barriers_meeting_add_barrier",
            ),
            path(
                "<path:object_id>/agenda/<int:item_id>/place/",
                wrap(self.place_view),
                name="barriers_meeting_place",
            ),
            path(
                "<path:object_id>/agenda/<int:item_id>/outcome/",
                wrap(self.outcome_view),
                name="barriers_meeting_outcome",
            ),
            path(
                "<path:object_id>/agenda/<int:item_id>/action-point/",
                wrap(self.action_point_view),
                name="barriers_meeting_action_point",
            ),
        ]

    # -- helpers ----------------------------------------------------------------------------

    def _meeting_for_change(self, request: HttpRequest, object_id: str) -> Meeting:
        meeting = self.get_object(request, object_id)
        if meeting is None:
            raise Http404("No such meeting.")
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        return meeting

    def _back(self, meeting: Meeting, anchor: str = "agenda") -> HttpResponseRedirect:
        url = reverse(
            "admin:barriers_meeting_change",
            args=[meeting.pk],
            current_app=self.admin_site.name,
        )
        return HttpResponseRedirect(f"{url}#{anchor}")

    def _run(self, request: HttpRequest, call: Callable[[], object], done: str) -> bool:
        try:
            call()
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.WARNING)
            return False
        self.message_user(request, done, level=messages.SUCCESS)
        return True

    def _submit_item_form(
        self,
        request: HttpRequest,
        form: forms.Form,
        call: Callable[[], object],
        *,
        done: str,
        item: AgendaItem,
    ) -> HttpResponse | None:
        """Run `call` for a valid bound form and go back to the item on the meeting's page.

        None means show the form again: unbound, invalid, or refused by the service on one of
        the form's fields (the reason is put beside the field). A refusal about the item as a
        whole goes back with the reason as a warning.
        """
        if not (form.is_bound and form.is_valid()):
            return None
        try:
            call()
        except DomainError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
                return None
            self.message_user(request, exc.message, level=messages.WARNING)
        else:
            self.message_user(request, done, level=messages.SUCCESS)
        return self._back(item.meeting, f"item-{item.pk}")

    def _item(self, meeting: Meeting, item_id: int) -> AgendaItem:
        item = (
            AgendaItem.objects.select_related("barrier", "meeting")
            .filter(meeting=meeting, pk=item_id)
            .first()
        )
        if item is None:
            raise Http404("No such agenda item.")
        return item

    def _render_form(
        self,
        request: HttpRequest,
        *,
        meeting: Meeting,
        title: StrOrPromise,
        intro: StrOrPromise,
        form: forms.Form,
        objects: list[Any],
        button: str,
    ) -> TemplateResponse:
        opts = Meeting._meta
        back = reverse(
            "admin:barriers_meeting_change",
            args=[meeting.pk],
            current_app=self.admin_site.name,
        )
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "step": {"label": button, "intro": intro, "name": "meeting"},
            "form": form,
            "adminform": helpers.AdminForm(
                form,  # type: ignore[arg-type]  # AdminForm takes any form; the stubs say ModelForm
                [(None, {"fields": list(form.fields)})],
                {},
                model_admin=self,
            ),
            "objects": objects,
            "bulk": False,
            "back": back,
            "opts": opts,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.step_template, context)

    # -- the buttons ------------------------------------------------------------------------

    def draft_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        meeting = self._meeting_for_change(request, object_id)
        if request.method != "POST":
            return self._back(meeting)
        self._run(
            request,
            lambda: services.agenda_draft(meeting=meeting, actor=signed_in_user(request.user)),
            f"The agenda of {meeting.code} was drafted; items placed by hand were kept.",
        )
        return self._back(meeting)

    def freeze_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        meeting = self._meeting_for_change(request, object_id)
        form = FreezeForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            self._run(
                request,
                lambda: services.agenda_freeze(meeting=meeting, actor=signed_in_user(request.user)),
                f"The agenda of {meeting.code} is frozen; the exporters behind its barriers "
                "are being told.",
            )
            return self._back(meeting)
        count = AgendaItem.objects.filter(meeting=meeting, section=AgendaSection.AGENDA).count()
        return self._render_form(
            request,
            meeting=meeting,
            title=_("Freeze the agenda of %(code)s") % {"code": meeting.code},
            intro=_(
                "Freezing the agenda moves its %(count)d barriers to 'scheduled' and tells the "
                "exporters behind them, by e-mail, that their barrier will be raised on "
                "%(date)s. The agenda can no longer be drafted again or changed."
            )
            % {"count": count, "date": f"{meeting.date:%d %B %Y}"},
            form=form,
            objects=[meeting],
            button=str(_("Freeze agenda")),
        )

    def circulate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Circulate the joint agenda to the EAEU side, after a confirmation step."""
        from barriers.exports.services import joint_agenda_circulate

        meeting = self._meeting_for_change(request, object_id)
        form = CirculateForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            self._run(
                request,
                lambda: joint_agenda_circulate(meeting=meeting, actor=signed_in_user(request.user)),
                f"The joint agenda of {meeting.code} is circulated: its focal points are being "
                "e-mailed and the joint edition (PDF) is being built.",
            )
            return self._back(meeting)
        regulators = ", ".join(
            r.abbreviation or r.name for r in meeting.eaeu_participants.order_by("code")
        )
        count = AgendaItem.objects.filter(meeting=meeting, section=AgendaSection.AGENDA).count()
        return self._render_form(
            request,
            meeting=meeting,
            title=_("Circulate the joint agenda of %(code)s") % {"code": meeting.code},
            intro=_(
                "The joint edition of the agenda (%(count)d items, in Russian and English, without "
                "scores, internal notes, trade figures or the names of companies that did not "
                "consent) is e-mailed, in Russian then English, to the active focal points of "
                "the participating regulators: %(regulators)s. It is refused if an item lacks "
                "its Russian title, summary or ask."
            )
            % {"count": count, "regulators": regulators or "—"},
            form=form,
            objects=[meeting],
            button=str(_("Circulate the joint agenda")),
        )

    def hold_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        meeting = self._meeting_for_change(request, object_id)
        if request.method == "POST":
            self._run(
                request,
                lambda: services.meeting_hold(meeting=meeting, actor=signed_in_user(request.user)),
                f"{meeting.code} is marked as held; record the outcome of each item.",
            )
        return self._back(meeting)

    def close_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Close a held meeting whose items all have outcomes, after a confirmation step."""
        meeting = self._meeting_for_change(request, object_id)
        form = CloseMeetingForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            self._run(
                request,
                lambda: services.meeting_close(meeting=meeting, actor=signed_in_user(request.user)),
                f"{meeting.code} is closed: its record is final.",
            )
            return self._back(meeting)
        pending = AgendaItem.objects.filter(
            meeting=meeting, section=AgendaSection.AGENDA, outcome=""
        ).count()
        return self._render_form(
            request,
            meeting=meeting,
            title=_("Close %(code)s") % {"code": meeting.code},
            intro=_(
                "Closing the meeting makes its record final: no more outcomes and no new action "
                "points (those agreed are followed up on their own pages). Nobody is e-mailed: "
                "the exporters were told of each outcome when it was recorded. Items still "
                "without an outcome: %(pending)d (a meeting closes only when there are none)."
            )
            % {"pending": pending},
            form=form,
            objects=[meeting],
            button=str(_("Close the meeting")),
        )

    def place_view(self, request: HttpRequest, object_id: str, item_id: int) -> HttpResponse:
        meeting = self._meeting_for_change(request, object_id)
        item = self._item(meeting, item_id)
        if request.method != "POST":
            return self._back(meeting)
        move = request.POST.get("move")
        if move in {"up", "down"}:
            self._run(
                request,
                lambda: services.agenda_item_move(
                    item=item, offset=-1 if move == "up" else 1, actor=signed_in_user(request.user)
                ),
                f"{item.barrier.reference} moved {move}.",
            )
            return self._back(meeting)
        section = request.POST.get("section") or item.section
        raw_position = request.POST.get("position", "").strip()
        position: int | None = None
        if raw_position:
            try:
                position = int(raw_position)
            except ValueError:
                self.message_user(request, "A position is a whole number.", level=messages.WARNING)
                return self._back(meeting)
        label = dict(AgendaSection.choices).get(section, section)
        self._run(
            request,
            lambda: services.agenda_item_place(
                meeting=meeting,
                barrier=item.barrier,
                section=section,
                position=position,
                actor=signed_in_user(request.user),
            ),
            f"{item.barrier.reference}: {str(label).lower()}"
            + (f", position {position}." if position else "."),
        )
        return self._back(meeting)

    def add_barrier_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        meeting = self._meeting_for_change(request, object_id)
        if request.method != "POST":
            return self._back(meeting)
        form = AddBarrierForm(request.POST, admin_site=self.admin_site)
        if not form.is_valid():
            self.message_user(request, "Choose an active barrier to add.", level=messages.WARNING)
            return self._back(meeting)
        barrier = form.cleaned_data["barrier"]
        self._run(
            request,
            lambda: services.agenda_item_place(
                meeting=meeting,
                barrier=barrier,
                section=AgendaSection.AGENDA,
                actor=signed_in_user(request.user),
            ),
            f"{barrier.reference} added to the agenda of {meeting.code}.",
        )
        return self._back(meeting)

    def outcome_view(self, request: HttpRequest, object_id: str, item_id: int) -> HttpResponse:
        meeting = self._meeting_for_change(request, object_id)
        item = self._item(meeting, item_id)
        form = OutcomeForm(request.POST if request.method == "POST" else None)
        submitted = self._submit_item_form(
            request,
            form,
            lambda: services.outcome_record(
                item=item, actor=signed_in_user(request.user), **form.cleaned_data
            ),
            done=f"Outcome of {item.barrier.reference} recorded; its exporters are told.",
            item=item,
        )
        if submitted is not None:
            return submitted
        return self._render_form(
            request,
            meeting=meeting,
            title=_("Record the outcome of %(reference)s") % {"reference": item.barrier.reference},
            intro=_(
                "The barrier moves with the outcome and the companies behind it are told the "
                "public statements. The internal note stays with officials."
            ),
            form=form,
            objects=[item.barrier],
            button=str(_("Record outcome")),
        )

    def action_point_view(self, request: HttpRequest, object_id: str, item_id: int) -> HttpResponse:
        meeting = self._meeting_for_change(request, object_id)
        item = self._item(meeting, item_id)
        initial = {"regulator": item.barrier.regulator_id, "party": Party.EAEU}
        form = ActionPointForm(request.POST if request.method == "POST" else None, initial=initial)
        submitted = self._submit_item_form(
            request,
            form,
            lambda: services.action_point_create(
                meeting=meeting,
                barrier=item.barrier,
                actor=signed_in_user(request.user),
                **form.cleaned_data,
            ),
            done=f"Action point added to {item.barrier.reference}.",
            item=item,
        )
        if submitted is not None:
            return submitted
        return self._render_form(
            request,
            meeting=meeting,
            title=_("Add an action point on %(reference)s") % {"reference": item.barrier.reference},
            intro=_("Something a party agreed to do at %(code)s, with an owner and a due date.")
            % {"code": meeting.code},
            form=form,
            objects=[item.barrier],
            button=str(_("Add action point")),
        )
