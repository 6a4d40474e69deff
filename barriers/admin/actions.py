"""Triage steps: one service call per row, from a button on a change page or as a bulk action.

A `Step` names a service, the form an official fills in first (if any) and the statuses in which
it makes sense. `StepsAdminMixin` turns a ModelAdmin's steps into admin actions and into
`<pk>/step/<name>/` pages, so a button and a bulk action follow the same rules and write the same
history. A refused row never stops the others: refusals are collected and reported together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from barriers import services
from barriers.admin import forms as step_forms
from barriers.admin.base import ModelAdminMixin
from barriers.domain import report_rules
from barriers.domain.errors import DomainError
from barriers.domain.transitions import BARRIER_ACTIVE
from barriers.models import (
    Barrier,
    BarrierShare,
    Document,
    Exchange,
    ExchangeKind,
    ReportStatus,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

R = ReportStatus
# How many refusals a summary message spells out before "and N more".
REFUSALS_SHOWN = 10


@dataclass(frozen=True)
class Step:
    """One thing an official can do to a row, through one service."""

    name: str
    label: StrOrPromise
    run: Callable[[Any, Any, dict[str, Any]], object]  # (obj, actor, cleaned form data)
    done: tuple[str, str]  # singular and plural success message, with %d
    form: type[forms.Form] | None = None
    statuses: frozenset[str] | None = None  # where the page shows the button; None: always
    on_page: bool = True  # a button on the change page (else only a bulk action)
    when: Callable[[Any], bool] | None = None  # a further condition for the button
    intro: StrOrPromise = ""
    permission: str | None = None  # needed besides the model's change permission
    bulk: bool = True  # also a bulk action on the list (else only a button on the page)
    initial: Callable[[Any], dict[str, Any]] | None = None  # the form's first values for a row
    form_kwargs: Callable[[Any], dict[str, Any]] | None = None  # the page form's row arguments
    bulk_form: type[forms.Form] | None = None  # the bulk action's form, if not `form`
    # On the page, a refusal is shown on the form (next to its field) instead of as a message.
    errors_on_form: bool = False
    # The page's confirmation: what will happen to the row and who is told (a template context).
    preview: Callable[[Any], dict[str, Any]] | None = None
    # The message when the step was done on one row, naming it (else `done`).
    done_message: Callable[[Any], str] | None = None
    # A step without a form asks first on a page saying what will happen (`intro`).
    confirm: bool = False
    # The success message for one row on its page, naming it: (row, result) -> text.
    done_one: Callable[[Any, Any], str] | None = None

    def applies_to(self, obj: Model) -> bool:
        status = getattr(obj, "status", None)
        return (
            self.on_page
            and (self.statuses is None or status in self.statuses)
            and (self.when is None or self.when(obj))
        )


def run_step(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    step: Step,
    objects: Iterable[Model],
    data: dict[str, Any],
    *,
    reraise: tuple[type[DomainError], ...] = (),
) -> tuple[int, list[str]]:
    """Run `step` on each object; say how many were done and which were refused, and why.

    Refusals of the kinds in `reraise` are raised to the caller instead (a page showing a form).
    """
    done, refused, named = 0, [], ""
    last: object = None
    for obj in objects:
        try:
            last = step.run(obj, request.user, data)
        except reraise:
            raise
        except DomainError as exc:
            refused.append(f"{_label(obj)}: {exc.message}")
        else:
            done += 1
            if step.done_one is not None:
                named = step.done_one(obj, last)
    if done == 1 and step.done_message is not None:
        named = step.done_message(last)
    if done:
        message = (
            named if done == 1 and named else ngettext(step.done[0], step.done[1], done) % done
        )
        modeladmin.message_user(request, message, level=messages.SUCCESS)
    if refused:
        shown = "; ".join(refused[:REFUSALS_SHOWN])
        more = len(refused) - REFUSALS_SHOWN
        if more > 0:
            shown += f"; and {more} more"
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d refused: %(reasons)s", "%(count)d refused: %(reasons)s", len(refused)
            )
            % {"count": len(refused), "reasons": shown},
            level=messages.WARNING,
        )
    return done, refused


def _label(obj: Model) -> str:
    return getattr(obj, "reference", None) or str(obj)


def _named(obj: Any) -> str:
    """A report or barrier as officials name it: reference and title."""
    return f"{obj.reference} “{obj.title}”"


def _accepted_into(report: Any, result: Any) -> str:
    barrier = result.barrier
    return _("%(report)s accepted into barrier %(barrier)s.") % {
        "report": _named(report),
        "barrier": _named(barrier),
    }


# ---------------------------------------------------------------------------------------------
# The steps
# ---------------------------------------------------------------------------------------------

REPORT_STEPS: tuple[Step, ...] = (
    Step(
        name="start_review",
        label=_("Start review"),
        run=lambda report, actor, data: services.report_start_review(report=report, actor=actor),
        done=("%d report is now under review.", "%d reports are now under review."),
        statuses=frozenset({R.SUBMITTED}),
        confirm=True,
        intro=_(
            "The report's status becomes “under review”: the exporter sees the new status in "
            "the portal (no e-mail is sent); the first-decision clock keeps running until you "
            "request information, accept or reject the report."
        ),
        done_one=lambda report, result: (
            _("%(report)s is now under review.") % {"report": _named(report)}
        ),
    ),
    Step(
        name="request_info",
        label=_("Request information"),
        run=lambda report, actor, data: services.report_request_info(
            report=report, actor=actor, question=data["question"]
        ),
        done=("%d exporter was asked for information.", "%d exporters were asked for information."),
        form=step_forms.RequestInfoForm,
        statuses=frozenset({R.UNDER_REVIEW}),
        intro=_("The question goes on each report's thread and to the exporter by e-mail."),
    ),
    Step(
        name="accept_new",
        label=_("Accept as a new barrier"),
        run=lambda report, actor, data: services.report_accept(report=report, actor=actor),
        done=("%d report accepted as a new barrier.", "%d reports accepted as new barriers."),
        statuses=frozenset({R.UNDER_REVIEW}),
        done_one=lambda report, result: (
            _("%(report)s accepted as new barrier %(barrier)s.")
            % {"report": _named(report), "barrier": _named(result.barrier)}
        ),
    ),
    Step(
        name="merge",
        label=_("Accept into a barrier"),
        run=lambda report, actor, data: services.report_accept(
            report=report, actor=actor, barrier=data["barrier"]
        ),
        done=("%d report accepted into the barrier.", "%d reports accepted into the barrier."),
        form=step_forms.MergeForm,
        statuses=frozenset({R.UNDER_REVIEW}),
        intro=_(
            "The reports become part of an existing barrier (a merge): they leave the triage "
            "queue, their HS codes and figures count in the barrier's, and each exporter is told "
            "by e-mail that the report was accepted."
        ),
        done_one=_accepted_into,
    ),
    Step(
        name="reject",
        label=_("Reject"),
        run=lambda report, actor, data: services.report_reject(
            report=report, actor=actor, reason=data["reason"], note=data.get("note", "")
        ),
        done=("%d report rejected.", "%d reports rejected."),
        form=step_forms.RejectForm,
        statuses=frozenset({R.UNDER_REVIEW, R.INFO_REQUESTED}),
        intro=_("The exporter is told the reason and the explanation."),
    ),
    Step(
        name="move_to_barrier",
        label=_("Move to another barrier"),
        run=lambda report, actor, data: services.report_move_to_barrier(
            report=report, barrier=data.get("barrier"), actor=actor, note=data.get("note", "")
        ),
        done=("%d report moved.", "%d reports moved."),
        form=step_forms.MoveForm,
        statuses=frozenset({R.ACCEPTED}),
        intro=_("Splits accepted reports off their barrier; both barriers get an internal note."),
    ),
    Step(
        name="verify_figures",
        label=_("Verify figures"),
        run=lambda report, actor, data: services.report_verify_figures(
            report=report,
            actor=actor,
            trade_value_usd=data["trade_value_usd"],
            consignments_affected=data["consignments_affected"],
            note=data.get("note", ""),
        ),
        done=("%d report's figures verified.", "%d reports' figures verified."),
        form=step_forms.VerifyFiguresForm,
        statuses=frozenset({R.SUBMITTED, R.UNDER_REVIEW, R.INFO_REQUESTED, R.ACCEPTED}),
        intro=_(
            "Until verified, the agenda score counts the exporter's declared trade value only "
            "up to a cap; the verified figure counts in full."
        ),
        permission="barriers.verify_report_figures",
        bulk=False,  # each report has its own figures
        initial=lambda report: {
            "trade_value_usd": report.verified_trade_value_usd
            if report.figures_verified_at
            else report.trade_value_usd,
            "consignments_affected": report.verified_consignments_affected
            if report.figures_verified_at
            else report.consignments_affected,
        },
    ),
    Step(
        name="set_regulator",
        label=_("Set regulator"),
        run=lambda report, actor, data: services.report_set_regulator(
            report=report, actor=actor, regulator=data.get("regulator")
        ),
        done=("%d report updated.", "%d reports updated."),
        form=step_forms.RegulatorForm,
        on_page=False,  # a field on the report's page
    ),
    Step(
        name="assign_owner",
        label=_("Assign an owner"),
        run=lambda report, actor, data: services.report_assign_owner(
            report=report, actor=actor, owner=data.get("owner")
        ),
        done=("%d report assigned.", "%d reports assigned."),
        form=step_forms.OwnerForm,
        on_page=False,  # a field on the report's page
    ),
)

BARRIER_STEPS: tuple[Step, ...] = (
    Step(
        name="set_priority",
        label=_("Set manual priority"),
        run=lambda barrier, actor, data: services.barrier_set_priority(
            barrier=barrier, actor=actor, priority=data["priority"]
        ),
        done=("%d barrier updated.", "%d barriers updated."),
        form=step_forms.PriorityForm,
        on_page=False,  # a field on the barrier's page
        permission="barriers.triage_barrier",
    ),
    Step(
        name="assign_barrier_owner",
        label=_("Assign an owner"),
        run=lambda barrier, actor, data: services.barrier_assign_owner(
            barrier=barrier, actor=actor, owner=data.get("owner")
        ),
        done=("%d barrier assigned.", "%d barriers assigned."),
        form=step_forms.BarrierOwnerForm,
        on_page=False,
        permission="barriers.triage_barrier",
    ),
)


def _share_initial(barrier: Barrier) -> dict[str, Any]:
    """The current counterpart texts, or a start from the barrier's own fields."""
    share = BarrierShare.objects.filter(barrier=barrier).first()
    if share is not None:
        return {
            **{field: getattr(share, field) for field, _label, _required in services.SHARE_TEXTS},
            "documents": list(
                BarrierShare.documents.through.objects.filter(barriershare_id=share.pk)
                .order_by("document_id")
                .values_list("document_id", flat=True)
            ),
        }
    return {
        "title_ru": barrier.title_ru,
        "title_en": barrier.title,
        "summary_ru": barrier.summary_ru,
        "summary_en": barrier.summary,
        "ask_en": barrier.ask,
    }


def _share_run(barrier: Barrier, actor: Any, data: dict[str, Any]) -> object:
    """The page's form gives every text (and the documents); the bulk form may leave a text
    empty, and then each barrier keeps its own (see ShareBulkForm)."""
    texts = {field: (data.get(field) or "").strip() for field, _l, _r in services.SHARE_TEXTS}
    documents = data.get("documents")
    if documents is None:  # the bulk form: no documents field
        own = _share_initial(barrier)
        texts = {field: value or (own.get(field) or "") for field, value in texts.items()}
        documents = Document.objects.filter(pk__in=own.get("documents", []))
    return services.barrier_share(actor=actor, barrier=barrier, documents=documents, **texts)


def _shared(barrier: Barrier) -> bool:
    return BarrierShare.objects.filter(barrier=barrier, unshared_at__isnull=True).exists()


BARRIER_SHARE_STEPS: tuple[Step, ...] = (
    Step(
        name="share",
        label=_("Share with the regulator"),
        run=_share_run,
        done=(
            "%d barrier shared with its regulator.",
            "%d barriers shared with their regulators.",
        ),
        form=step_forms.ShareForm,
        bulk_form=step_forms.ShareBulkForm,
        form_kwargs=lambda barrier: {"barrier": barrier},
        initial=_share_initial,
        statuses=BARRIER_ACTIVE,
        when=lambda barrier: barrier.regulator_id is not None,
        intro=_(
            "The regulator's focal points will see these texts (Russian first), the products, "
            "countries, dates, the number of companies, the names of those that consented and "
            "the documents chosen; never internal notes, scores, figures or other names."
        ),
        permission="barriers.share_barrier",
    ),
    Step(
        name="unshare",
        label=_("Stop sharing"),
        run=lambda barrier, actor, data: services.barrier_unshare(
            barrier=barrier, actor=actor, note=data.get("note", "")
        ),
        done=("%d barrier no longer shared.", "%d barriers no longer shared."),
        form=step_forms.UnshareForm,
        when=_shared,
        intro=_("The regulator's focal points no longer see the barrier."),
        permission="barriers.share_barrier",
    ),
)


def _latest_clarification(barrier: Barrier, *, unforwarded: bool = False) -> Exchange | None:
    rows = Exchange.objects.filter(barrier=barrier, kind=ExchangeKind.CLARIFICATION)
    if unforwarded:
        rows = rows.filter(forwarded_at__isnull=True)
    return rows.order_by("-created_at", "-pk").first()


def _reply_initial(barrier: Barrier) -> dict[str, Any]:
    latest = _latest_clarification(barrier)
    return {"in_reply_to": latest.pk if latest is not None else None}


def _forward_initial(barrier: Barrier) -> dict[str, Any]:
    latest = _latest_clarification(barrier, unforwarded=True)
    if latest is None:
        return {}
    return {"clarification": latest.pk, "body": latest.body_en or latest.body_ru}


BARRIER_EXCHANGE_STEPS: tuple[Step, ...] = (
    Step(
        name="reply",
        label=_("Reply to the counterpart"),
        run=lambda barrier, actor, data: services.exchange_post(
            actor=actor,
            barrier=barrier,
            kind=ExchangeKind.REPLY,
            body_ru=data.get("body_ru", ""),
            body_en=data.get("body_en", ""),
            in_reply_to=data.get("in_reply_to"),
            files=data.get("documents") or (),
        ),
        done=("%d reply sent to the counterpart.", "%d replies sent to the counterpart."),
        form=step_forms.ReplyForm,
        form_kwargs=lambda barrier: {"barrier": barrier},
        initial=_reply_initial,
        statuses=BARRIER_ACTIVE,
        when=_shared,
        intro=_(
            "The regulator's focal points read the reply on the barrier's page and by e-mail; "
            "write it in Russian, English or both."
        ),
        permission="barriers.share_barrier",
        bulk=False,
        errors_on_form=True,
    ),
    Step(
        name="forward",
        label=_("Forward to the exporters"),
        run=lambda barrier, actor, data: services.exchange_forward(
            actor=actor, exchange=data["clarification"], body=data["body"]
        ),
        done=(
            "%d request forwarded to the exporters.",
            "%d requests forwarded to the exporters.",
        ),
        form=step_forms.ForwardForm,
        form_kwargs=lambda barrier: {"barrier": barrier},
        initial=_forward_initial,
        when=lambda barrier: _latest_clarification(barrier, unforwarded=True) is not None,
        intro=_(
            "Your wording goes on the thread of each accepted report of the barrier and to its "
            "exporters by e-mail; the counterpart's own text is not shown to them."
        ),
        permission="barriers.share_barrier",
        bulk=False,
        errors_on_form=True,
    ),
)

FOCAL_POINT_STEPS: tuple[Step, ...] = (
    Step(
        name="deactivate",
        label=_("Deactivate"),
        run=lambda focal_point, actor, data: services.focal_point_deactivate(
            actor=actor, focal_point=focal_point
        ),
        done=("%d focal point deactivated.", "%d focal points deactivated."),
        when=lambda focal_point: focal_point.is_active,
        intro=_("They can no longer sign in or use an API token."),
    ),
    Step(
        name="reactivate",
        label=_("Reactivate"),
        run=lambda focal_point, actor, data: services.focal_point_reactivate(
            actor=actor, focal_point=focal_point
        ),
        done=("%d focal point reactivated.", "%d focal points reactivated."),
        when=lambda focal_point: not focal_point.is_active,
        intro=_("They can sign in again with their password and second factor."),
    ),
    Step(
        name="resend_invitation",
        label=_("Resend invitation"),
        run=lambda focal_point, actor, data: services.focal_point_invitation_resend(
            actor=actor, focal_point=focal_point
        ),
        done=("%d invitation sent again.", "%d invitations sent again."),
        when=lambda focal_point: focal_point.is_active and focal_point.last_login is None,
        intro=_("For a focal point who has not signed in yet."),
        permission="barriers.add_focalpoint",
    ),
)

COMPANY_STEPS: tuple[Step, ...] = (
    Step(
        name="verify",
        label=_("Verify company"),
        run=lambda company, actor, data: services.company_verify(company=company, actor=actor),
        done=("%d company verified.", "%d companies verified."),
        when=lambda company: not company.verified,
    ),
)


# ---------------------------------------------------------------------------------------------
# Admin plumbing
# ---------------------------------------------------------------------------------------------


def _as_action(step: Step) -> Callable[..., HttpResponse | None]:
    def action(
        modeladmin: StepsAdminMixin, request: HttpRequest, queryset: QuerySet
    ) -> HttpResponse | None:
        form_class = step.bulk_form or step.form
        if form_class is None:
            run_step(modeladmin, request, step, queryset, {})
            return None
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            run_step(modeladmin, request, step, queryset, form.cleaned_data)
            return None
        return modeladmin.render_step(request, step, form, list(queryset), bulk=True)

    action.__name__ = step.name
    return admin.action(description=step.label, permissions=["change"])(action)


class StepsAdminMixin(ModelAdminMixin):
    """Adds `steps` to a ModelAdmin as bulk actions and as buttons on the change page."""

    steps: Sequence[Step] = ()
    step_template = "admin/barriers/step.html"

    def may_run(self, request: HttpRequest, step: Step, obj: Model | None = None) -> bool:
        return self.has_change_permission(request, obj) and (
            step.permission is None or request.user.has_perm(step.permission)
        )

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions: dict[str, Any] = super().get_actions(request)
        for step in self.steps:
            if step.bulk and self.may_run(request, step):
                actions[step.name] = (_as_action(step), step.name, step.label)
        return actions

    def get_urls(self) -> list[Any]:
        opts = self.model._meta
        urls = [
            path(
                "<path:object_id>/step/<slug:step_name>/",
                self.admin_site.admin_view(self.step_view),
                name=f"{opts.app_label}_{opts.model_name}_step",
            )
        ]
        return urls + super().get_urls()

    def page_steps(self, request: HttpRequest, obj: Model) -> list[dict[str, Any]]:
        """The buttons the change page shows for `obj`, if the user may change it."""
        if not self.has_change_permission(request, obj):
            return []
        opts = self.model._meta
        return [
            {
                "step": step,
                "url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_step",
                    args=[obj.pk, step.name],
                    current_app=self.admin_site.name,
                ),
            }
            for step in self.steps
            if step.applies_to(obj) and self.may_run(request, step, obj)
        ]

    def step_view(self, request: HttpRequest, object_id: str, step_name: str) -> HttpResponse:
        step = next((step for step in self.steps if step.name == step_name), None)
        if step is None:
            raise Http404("No such step.")
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such object.")
        if not self.may_run(request, step, obj):
            raise PermissionDenied
        opts = self.model._meta
        back = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )
        if step.form is None:
            if request.method != "POST":
                if step.confirm:
                    return self.render_step(
                        request, step, forms.Form(), [obj], bulk=False, back=back
                    )
                return HttpResponseRedirect(back)
            run_step(self, request, step, [obj], {})
            return HttpResponseRedirect(back)
        initial = step.initial(obj) if step.initial is not None else {}
        # A link may choose the form's values ("Merge into this barrier": ?barrier=<pk>); the
        # page then asks to confirm them.
        initial = {
            **initial,
            **{k: v for k, v in request.GET.items() if k in step.form.base_fields},
        }
        kwargs = step.form_kwargs(obj) if step.form_kwargs is not None else {}
        posted = request.method == "POST"
        form = step.form(
            request.POST if posted else None,
            request.FILES if posted else None,
            initial=initial,
            **kwargs,
        )
        chosen = None
        if not posted and "barrier" in initial and "barrier" in form.fields:
            try:
                chosen = form.fields["barrier"].clean(initial["barrier"])
            except ValidationError:
                chosen = None  # the page shows the empty choice
        if form.is_bound and form.is_valid():
            reraise: tuple[type[DomainError], ...] = (
                (DomainError,) if step.errors_on_form else (report_rules.ReportInvalid,)
            )
            try:
                run_step(self, request, step, [obj], form.cleaned_data, reraise=reraise)
            except report_rules.ReportInvalid as exc:
                # Values the service refused: said next to their fields, and the form kept.
                for error in exc.errors:
                    form.add_error(
                        error.field if error.field in form.fields else None, error.message
                    )
                return self.render_step(request, step, form, [obj], bulk=False, back=back)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                return self.render_step(request, step, form, [obj], bulk=False, back=back)
            return HttpResponseRedirect(back)
        return self.render_step(
            request, step, form, [obj], bulk=False, back=back, chosen_barrier=chosen
        )

    def render_step(
        self,
        request: HttpRequest,
        step: Step,
        form: forms.Form,
        objects: list[Model],
        *,
        bulk: bool,
        back: str = "",
        chosen_barrier: Model | None = None,
    ) -> TemplateResponse:
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": step.label,
            "subtitle": None,
            "step": step,
            "form": form,
            "adminform": helpers.AdminForm(
                form,  # type: ignore[arg-type]  # AdminForm takes any form; the stubs say ModelForm
                [(None, {"fields": list(form.fields)})],
                {},
                model_admin=self,
            ),
            "objects": objects,
            "preview": step.preview(objects[0]) if step.preview and objects and not bulk else None,
            "bulk": bulk,
            "back": back,
            "chosen_barrier": chosen_barrier,
            "opts": opts,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.step_template, context)
