"""Outcomes for several agenda items on one page, after a meeting is held.

The agenda secretary comes back from a meeting with a dozen decisions: one page lists every item
still without an outcome, and one submit records those chosen, each through `outcome_record`, in
one transaction; a refused row keeps the page (with the reason on the row) and nothing is
recorded, so the secretary corrects it and submits again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from barriers import services
from barriers.admin.base import ModelAdminMixin
from barriers.domain.errors import DomainError
from barriers.models import (
    AgendaItem,
    AgendaSection,
    Meeting,
    MeetingStatus,
    Outcome,
    signed_in_user,
)


class OutcomeRowForm(forms.Form):
    """One agenda item's outcome and notes; a row left without an outcome is skipped."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=[("", _("— not yet —")), *Outcome.choices], required=False
    )
    statement_eaeu = forms.CharField(
        label=_("statement of the EAEU side"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal_note = forms.CharField(
        label=_("internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


OutcomeFormSet = forms.formset_factory(OutcomeRowForm, extra=0)


def _item_of(form: forms.Form, items: dict[int, AgendaItem]) -> AgendaItem | None:
    try:
        return items.get(int(form["item"].value()))
    except (TypeError, ValueError):
        return None


class _Refused(Exception):
    """A row was refused: undo the rows recorded before it."""


class OutcomesAdminMixin(ModelAdminMixin):
    """`<meeting>/outcomes/`: the outcomes of the waiting agenda items, on one page."""

    def outcomes_urls(self) -> list[Any]:
        return [
            path(
                "<path:object_id>/outcomes/",
                self.admin_site.admin_view(self.outcomes_view),
                name="barriers_meeting_outcomes",
            )
        ]

    def outcomes_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        meeting = self._meeting_for_change(request, object_id)  # type: ignore[attr-defined]
        back = reverse(
            "admin:barriers_meeting_change", args=[meeting.pk], current_app=self.admin_site.name
        )
        if meeting.status != MeetingStatus.HELD:
            self.message_user(
                request,
                _("Outcomes are recorded once the meeting is held; %(code)s is %(status)s.")
                % {"code": meeting.code, "status": meeting.get_status_display().lower()},
                level=messages.WARNING,
            )
            return HttpResponseRedirect(back)
        items = list(
            AgendaItem.objects.filter(meeting=meeting, section=AgendaSection.AGENDA, outcome="")
            .select_related("barrier")
            .order_by("track", "position", "pk")
        )
        by_pk = {item.pk: item for item in items}
        if request.method == "POST":
            formset = OutcomeFormSet(request.POST)
            if formset.is_valid():
                recorded = self._record(request, meeting, formset, by_pk)
                if recorded:
                    self.message_user(
                        request,
                        ngettext(
                            "Outcome recorded for %(count)d item (%(references)s); its exporters "
                            "are told.",
                            "Outcomes recorded for %(count)d items (%(references)s); their "
                            "exporters are told.",
                            len(recorded),
                        )
                        % {"count": len(recorded), "references": ", ".join(recorded)},
                        level=messages.SUCCESS,
                    )
                    return HttpResponseRedirect(f"{back}#agenda")
        else:
            formset = OutcomeFormSet(initial=[{"item": item.pk} for item in items])
        rows = [(form, _item_of(form, by_pk)) for form in formset]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record outcomes: %(code)s") % {"code": meeting.code},
            "subtitle": None,
            "opts": Meeting._meta,
            "original": meeting,
            "formset": formset,
            "rows": rows,
            "back": back,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/barriers/meeting/outcomes.html", context)

    def _record(
        self,
        request: HttpRequest,
        meeting: Meeting,
        formset: Any,
        items: dict[int, AgendaItem],
    ) -> list[str]:
        """Record each chosen row through outcome_record, all or none; the references done."""
        chosen = [form for form in formset if form.cleaned_data.get("outcome")]
        if not chosen:
            formset._non_form_errors = formset.error_class(  # shown above the table
                [_("Choose the outcome of at least one item.")]
            )
            return []
        actor = signed_in_user(request.user)
        recorded: list[str] = []
        try:
            with transaction.atomic():
                refused = False
                for form in chosen:
                    data = form.cleaned_data
                    item = items.get(data["item"])
                    if item is None:
                        form.add_error(None, _("This item no longer waits for an outcome."))
                        refused = True
                        continue
                    try:
                        services.outcome_record(
                            item=item,
                            actor=actor,
                            outcome=data["outcome"],
                            statement_eaeu=data["statement_eaeu"],
                            internal_note=data["internal_note"],
                        )
                    except DomainError as exc:
                        field = exc.field if exc.field in form.fields else None
                        form.add_error(field, exc.message)
                        refused = True
                    else:
                        recorded.append(item.barrier.reference)
                if refused:
                    raise _Refused
        except _Refused:
            formset._non_form_errors = formset.error_class(
                [_("Nothing was recorded: correct the rows marked below and submit again.")]
            )
            return []
        return recorded
