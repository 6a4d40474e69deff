"""Portal pages for exporters (server-rendered, usable without JavaScript).

Each view parses a form, calls one service or selector, and renders. Anything another company
owns answers 404, never 403, so references cannot be probed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.views import SignupView
from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from barriers import selectors, services
from barriers.accounts.language import PORTAL_LANGUAGES
from barriers.domain.errors import DomainError
from barriers.domain.transitions import REPORT_CLOSED, REPORT_EDITABLE
from barriers.evidence.downloads import evidence_download
from barriers.models import (
    BarrierStatus,
    HSCode,
    Report,
    ReportDraft,
    ReportStatus,
    User,
    signed_in_user,
)
from barriers.notifications import unsubscribe_user_id as notifications_user_id
from barriers.platform.redirects import safe_next
from barriers.portal.forms import (
    FixConfirmForm,
    FollowForm,
    FollowFrequencyForm,
    HSCodeFindForm,
    InviteForm,
    MessageForm,
    PublicationConsentForm,
    ReportFinder,
    ReportForm,
    WithdrawForm,
    domain_error_to_form,
    form_token_set,
)

REPORTS_PER_PAGE = 25
# A message id, read in the language of the request when it is turned into text.
StrOrPromise = str | Promise
View = Callable[..., HttpResponseBase]


def exporter_required(view: View) -> View:
    """Signed-in company users only; officials belong in the admin."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_staff:
            return redirect("admin:index")
        if user.regulator_id is not None and user.company_id is None:
            # A counterpart focal point: their pages are the counterpart's (sign-in lands here).
            return redirect("counterpart:home")
        if user.company_id is None:
            return render(request, "barriers/no_company.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _report_or_404(request: HttpRequest, reference: str) -> Report:
    report = selectors.report_get_for_viewer(
        viewer=signed_in_user(request.user), reference=reference
    )
    if report is None:
        raise Http404("No such report")
    return report


def _draft_or_404(request: HttpRequest, draft_id: int) -> ReportDraft:
    draft = selectors.report_draft_get_for_viewer(
        viewer=signed_in_user(request.user), draft_id=draft_id
    )
    if draft is None:
        raise Http404("No such draft")
    return draft


def _form_token(request: HttpRequest) -> str:
    return str(request.POST.get("form_token", ""))


def _replayed(request: HttpRequest, *, purpose: str) -> HttpResponse | None:
    """The first result of a form posted again with its one-time token (a double click)."""
    location = services.form_token_replay(
        user=signed_in_user(request.user),
        purpose=purpose,
        path=request.path,
        token=_form_token(request),
    )
    if location is None:
        return None
    messages.info(request, _("You had already sent this form; this is what it did."))
    return HttpResponseRedirect(location)


def _submit_once(
    request: HttpRequest,
    form: Any,
    *,
    purpose: str,
    work: Callable[[], str],
    done: Callable[[], str],
    field_map: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Do the form's `work` once per token and say `done()`; or put the refusal on the form.

    Returns the redirect to the result (the first post's, for a post sent again), or None when
    the form is to be shown again with its errors.
    """
    try:
        result = services.form_submit_once(
            actor=signed_in_user(request.user),
            purpose=purpose,
            path=request.path,
            token=_form_token(request),
            work=work,
        )
    except services.FormTokenInvalid as error:
        form.add_error(None, error.message)
        form_token_set(
            form, services.form_token_issue(user=signed_in_user(request.user), purpose=purpose)
        )
        return None
    except DomainError as error:
        domain_error_to_form(form, error, field_map)
        return None
    if result.replayed:
        messages.info(request, _("You had already sent this form; this is what it did."))
    else:
        messages.success(request, done())
    return HttpResponseRedirect(result.location)


def _with_token(request: HttpRequest, form: Any, purpose: str) -> Any:
    if not form.is_bound:
        form_token_set(
            form, services.form_token_issue(user=signed_in_user(request.user), purpose=purpose)
        )
    return form


FILING = "report_new"


def _message_purpose(report: Report) -> str:
    return f"message:{report.reference}"


def _withdraw_purpose(report: Report) -> str:
    return f"withdraw:{report.reference}"


# ---------------------------------------------------------------------------------------------
# Home and account pages
# ---------------------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """What the service is, for people who are not signed in."""
    if request.user.is_authenticated:
        return redirect("admin:index" if request.user.is_staff else "barriers:report_list")
    return render(request, "barriers/home.html")


@require_POST
def language(request: HttpRequest) -> HttpResponseBase:
    """Switch the portal between English and Hindi and come back to the page (Django's
    set_language: the cookie and a safe `next`); a signed-in exporter keeps the choice on the
    account, for the pages on any device and for the e-mails."""
    wanted = request.POST.get("language", "")
    if wanted not in PORTAL_LANGUAGES:
        return HttpResponseBadRequest(
            "Choose English (en) or Hindi (hi).", content_type="text/plain"
        )
    response = set_language(request)
    if request.user.is_authenticated:
        user = signed_in_user(request.user)
        exporter = not user.is_staff and user.regulator_id is None
        if exporter and user.language != wanted:
            services.user_update(user=user, actor=user, language=wanted)
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@exporter_required
@require_http_methods(["GET", "POST"])
def company_invite(request: HttpRequest) -> HttpResponse:
    """Invite a colleague into the company."""
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invited = services.company_invite(
                actor=signed_in_user(request.user), email=form.cleaned_data["email"]
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "We have e-mailed %(email)s a link to choose a password. Once they have "
                    "done so, they can sign in and see your company's reports."
                )
                % {"email": invited.email},
            )
            return redirect("barriers:company_invite")
    return render(request, "barriers/company_invite.html", {"form": form, "nav": "invite"})


# ---------------------------------------------------------------------------------------------
# My reports
# ---------------------------------------------------------------------------------------------


@exporter_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """The company's reports, found by words, status, destination, kind, member and filing
    dates, in the order chosen (newest first, best match first when searching); drafts on top.

    A value that is not valid is shown beside its field and filters nothing.
    """
    viewer = signed_in_user(request.user)
    finder = ReportFinder(
        request.GET or None,
        queryset=selectors.reports_for_viewer(viewer=viewer),
        request=request,
        viewer=viewer,
    )
    page = Paginator(finder.qs, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    company = viewer.company  # never None here (exporter_required)
    context = {
        "page": page,
        "finder": finder,
        "filter_form": finder.form,
        "drafts": list(selectors.report_drafts_for_viewer(viewer=viewer)),
        "show_company": company is not None and company.kind == "association",
        "nav": "reports",
    }
    return render(request, "barriers/report_list.html", context)


# ---------------------------------------------------------------------------------------------
# Filing, drafts and editing
# ---------------------------------------------------------------------------------------------


@exporter_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, draft_id: int | None = None) -> HttpResponse:
    """File a report with its evidence, or keep what was typed as a draft."""
    draft = _draft_or_404(request, draft_id) if draft_id is not None else None
    if request.method == "POST" and request.POST.get("action") == "draft":
        draft = services.report_draft_save(
            actor=signed_in_user(request.user),
            data=ReportForm.draft_data(request.POST),
            draft=draft,
        )
        messages.success(
            request,
            _(
                "Your draft is saved. You can come back to it from “My reports”. "
                "Files are not kept in drafts: attach them when you file the report."
            ),
        )
        return redirect("barriers:draft", draft_id=draft.pk)
    if request.method == "POST":
        replayed = _replayed(request, purpose=FILING)
        if replayed is not None:
            return replayed
        form = ReportForm(request.POST, request.FILES, viewer=signed_in_user(request.user))
        if form.is_valid():
            filed: list[Report] = []

            def file_report() -> str:
                report = services.report_submit(
                    actor=signed_in_user(request.user), draft=draft, **form.filing_values()
                )
                filed.append(report)
                return reverse("barriers:report_detail", args=[report.reference])

            response = _submit_once(
                request,
                form,
                purpose=FILING,
                work=file_report,
                done=lambda: (
                    _(
                        "Your report %(reference)s has been filed. We have e-mailed your "
                        "company a receipt; officials will review it."
                    )
                    % {"reference": filed[0].reference}
                ),
                field_map={"file": "evidence"},
            )
            if response is not None:
                return response
    else:
        form = _with_token(
            request,
            ReportForm(initial=draft.data if draft else None, viewer=signed_in_user(request.user)),
            FILING,
        )
    context = {"form": form, "draft": draft, "nav": "new"}
    return render(request, "barriers/report_form.html", context)


@exporter_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """Correct the facts while the report is submitted or information is requested."""
    report = _report_or_404(request, reference)
    if report.status not in REPORT_EDITABLE:
        messages.error(
            request,
            _(
                "This report is %(status)s: it can no longer be changed. Write to officials "
                "on the report page instead."
            )
            % {"status": str(report.get_status_display()).lower()},
        )
        return redirect("barriers:report_detail", reference=report.reference)
    if request.method == "POST":
        form = ReportForm(request.POST, viewer=signed_in_user(request.user), with_evidence=False)
        form.fields.pop("company", None)
        if form.is_valid():
            try:
                services.report_update(
                    report=report, actor=signed_in_user(request.user), **form.report_values()
                )
            except DomainError as error:
                domain_error_to_form(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("barriers:report_detail", reference=report.reference)
    else:
        form = ReportForm(
            initial=ReportForm.initial_for(report),
            viewer=signed_in_user(request.user),
            with_evidence=False,
        )
        form.fields.pop("company", None)
    context = {"form": form, "report": report}
    return render(request, "barriers/report_edit.html", context)


@exporter_required
@require_http_methods(["GET", "POST"])
def report_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    """Ask "are you sure?", then withdraw the report."""
    report = _report_or_404(request, reference)
    if request.method == "POST":
        replayed = _replayed(request, purpose=_withdraw_purpose(report))
        if replayed is not None:
            return replayed
    if report.status not in REPORT_EDITABLE:
        messages.error(
            request,
            _("This report is %(status)s: it can no longer be withdrawn.")
            % {"status": str(report.get_status_display()).lower()},
        )
        return redirect("barriers:report_detail", reference=report.reference)
    form = _with_token(request, WithdrawForm(request.POST or None), _withdraw_purpose(report))
    if request.method == "POST" and form.is_valid():

        def withdraw() -> str:
            services.report_withdraw(
                report=report,
                actor=signed_in_user(request.user),
                reason=form.cleaned_data["reason"],
            )
            return reverse("barriers:report_detail", args=[report.reference])

        response = _submit_once(
            request,
            form,
            purpose=_withdraw_purpose(report),
            work=withdraw,
            done=lambda: _("Report %(reference)s is withdrawn.") % {"reference": report.reference},
            field_map={"note": "reason"},
        )
        if response is not None:
            return response
    return render(request, "barriers/report_withdraw.html", {"form": form, "report": report})


HS_SUGGESTIONS = 10
HS_FINDER_RESULTS = 50


def _hs_code_json(code: HSCode) -> dict[str, Any]:
    heading = code.heading
    chapter = heading.chapter if heading is not None else None
    return {
        "code": code.code,
        "description": code.description,
        "perishable": code.perishable,
        "heading": {"code": heading.code, "description": heading.description} if heading else None,
        "chapter": {"code": chapter.code, "description": chapter.description} if chapter else None,
    }


@exporter_required
@require_GET
def hs_codes(request: HttpRequest) -> JsonResponse:
    """HS code suggestions for the filing form's script: by code prefix or description, best
    first, each with its heading and chapter."""
    text = request.GET.get("q", "")[:60]
    codes = selectors.hs_codes_search(text=text, limit=HS_SUGGESTIONS) if text.strip() else []
    return JsonResponse({"results": [_hs_code_json(code) for code in codes]})


@exporter_required
@require_GET
def hs_code_finder(request: HttpRequest) -> HttpResponse:
    """Find an HS code by product or digits, on a page of its own (works without JavaScript;
    the filing form links to it)."""
    form = HSCodeFindForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    codes = selectors.hs_codes_search(text=text, limit=HS_FINDER_RESULTS) if text else []
    context = {"form": form, "text": text, "codes": codes, "limit": HS_FINDER_RESULTS}
    return render(request, "barriers/hs_code_finder.html", context)


# ---------------------------------------------------------------------------------------------
# The report page
# ---------------------------------------------------------------------------------------------


def _actor_label(actor: User | None, viewer: User) -> str:
    # Exporters see who of their own company acted; officials and other companies stay unnamed.
    if actor is None:
        return _("The tracker")
    if actor.is_staff:
        return _("Officials")
    if actor.company_id == viewer.company_id:
        return _("You") if actor.pk == viewer.pk else str(actor)
    return _("Another exporter")


REPORT_EVENTS: dict[str, StrOrPromise] = {
    ReportStatus.SUBMITTED: gettext_lazy("Report received"),
    ReportStatus.UNDER_REVIEW: gettext_lazy("Officials started reviewing the report"),
    ReportStatus.INFO_REQUESTED: gettext_lazy("Officials asked for more information"),
    ReportStatus.ACCEPTED: gettext_lazy("Report accepted"),
    ReportStatus.REJECTED: gettext_lazy("Report not accepted"),
    ReportStatus.WITHDRAWN: gettext_lazy("Report withdrawn"),
}
BARRIER_EVENTS: dict[str, StrOrPromise] = {
    BarrierStatus.OPEN: gettext_lazy("Barrier opened"),
    BarrierStatus.SCHEDULED: gettext_lazy("Barrier put on the agenda of the next meeting"),
    BarrierStatus.RAISED: gettext_lazy("Barrier raised at the meeting"),
    BarrierStatus.ACTION_AGREED: gettext_lazy("Action agreed on the barrier"),
    BarrierStatus.RESOLVED: gettext_lazy("Barrier resolved"),
    BarrierStatus.PARTIALLY_RESOLVED: gettext_lazy("Barrier partially resolved"),
    BarrierStatus.CLOSED_UNRESOLVED: gettext_lazy("Barrier closed without a solution"),
}


def _timeline(report: Report, viewer: User) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for change in selectors.timeline_for_viewer(viewer=viewer, report=report):
        if (
            change.report_id
            and change.from_status == ReportStatus.INFO_REQUESTED
            and change.to_status == ReportStatus.UNDER_REVIEW
        ):
            what = _("Answer received; report back under review")
        elif change.report_id:
            what = str(REPORT_EVENTS.get(change.to_status, change.to_status))
        elif change.to_status == BarrierStatus.OPEN and change.from_status:
            what = _("Barrier reopened")
        else:
            what = str(BARRIER_EVENTS.get(change.to_status, change.to_status))
        entries.append(
            {
                "when": change.created_at,
                "what": what,
                "status": change.to_status,
                "who": _actor_label(change.actor, viewer),
                "note": change.note,
            }
        )
    if report.barrier_id and report.status == ReportStatus.ACCEPTED:
        # The EAEU side's answers on the barrier: a fixed public line each, never their text.
        for exchange in selectors.public_exchanges([report.barrier_id]).get(report.barrier_id, []):
            entries.append(
                {
                    "when": exchange.at,
                    "what": exchange.line,
                    "status": "exchange",
                    "who": _("EAEU regulator"),
                    "note": "",
                }
            )
        entries.sort(key=lambda entry: entry["when"])  # stable: same-time entries keep order
    return entries


def _report_page(
    request: HttpRequest,
    report: Report,
    *,
    message_form: MessageForm | None = None,
    fix_form: FixConfirmForm | None = None,
    consent_form: PublicationConsentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = signed_in_user(request.user)
    thread = list(selectors.messages_for_viewer(viewer=viewer, report=report))
    for message in thread:
        message.who = _actor_label(message.author, viewer)  # type: ignore[attr-defined]  # for the template only
    barrier = report.barrier if report.status == ReportStatus.ACCEPTED else None
    ask_fix = barrier is not None and barrier.status == BarrierStatus.RESOLVED
    context = {
        "report": report,
        "documents": list(selectors.documents_for_viewer(viewer=viewer, report=report)),
        "barrier_documents": selectors.case_documents_for_report(viewer=viewer, report=report),
        "thread": thread,
        "timeline": _timeline(report, viewer),
        "barrier": barrier,
        "editable": report.status in REPORT_EDITABLE,
        "info_requested": report.status == ReportStatus.INFO_REQUESTED,
        "message_form": message_form
        or _with_token(
            request,
            MessageForm(with_evidence=report.status not in REPORT_CLOSED),
            _message_purpose(report),
        ),
        "ask_fix": ask_fix,
        "fix_form": fix_form or (FixConfirmForm() if ask_fix else None),
        "fix_answer": (
            selectors.barrier_fix_answer(viewer=viewer, barrier=barrier)
            if ask_fix and barrier is not None
            else None
        ),
        "followed": selectors.followed_keys(viewer=viewer),
        "consent_form": consent_form,
    }
    return render(request, "barriers/report_detail.html", context, status=status)


@exporter_required
@require_GET
def report_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The facts, the evidence, the timeline and the conversation with officials."""
    return _report_page(request, _report_or_404(request, reference))


@exporter_required
@require_POST
def message_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Reply to officials, with files if need be."""
    report = _report_or_404(request, reference)
    with_evidence = report.status not in REPORT_CLOSED
    replayed = _replayed(request, purpose=_message_purpose(report))
    if replayed is not None:
        return replayed
    form = MessageForm(request.POST, request.FILES, with_evidence=with_evidence)
    if form.is_valid():

        def post_message() -> str:
            services.message_post_with_evidence(
                actor=signed_in_user(request.user),
                report=report,
                body=form.cleaned_data["body"],
                evidence=form.cleaned_data.get("evidence", []),
            )
            return reverse("barriers:report_detail", args=[report.reference]) + "#messages"

        response = _submit_once(
            request,
            form,
            purpose=_message_purpose(report),
            work=post_message,
            done=lambda: str(_("Your message has been sent to officials.")),
            field_map={"file": "evidence"},
        )
        if response is not None:
            return response
    return _report_page(request, report, message_form=form)


@exporter_required
@require_POST
def report_publication_consent(request: HttpRequest, reference: str) -> HttpResponse:
    """Give or withdraw the consent to name the company on the public register, at any time."""
    report = _report_or_404(request, reference)
    form = PublicationConsentForm(request.POST)
    if not form.is_valid():
        return _report_page(request, report, consent_form=form, status=400)
    consent = form.cleaned_data["consent_to_publish"]
    try:
        services.report_publication_consent_set(
            report=report, actor=signed_in_user(request.user), consent=consent
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Thank you: your company may now be named on the public register when officials "
                "publish the barrier with the names of the companies affected."
            )
            if consent
            else _(
                "Your consent is withdrawn: the public register no longer names your company "
                "for this report."
            ),
        )
    return redirect("barriers:report_detail", reference=report.reference)


@exporter_required
@require_POST
def barrier_fix(request: HttpRequest, reference: str) -> HttpResponse:
    """The answer to "are your shipments clearing again?"."""
    report = _report_or_404(request, reference)
    if report.barrier is None or report.status != ReportStatus.ACCEPTED:
        raise Http404("No barrier to confirm")
    form = FixConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.barrier_confirm_fix(
                barrier=report.barrier,
                actor=signed_in_user(request.user),
                cleared=form.is_cleared,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            if error.field not in form.fields:
                # Such as: the barrier is no longer resolved. The question is gone from the page.
                messages.error(request, error.message)
                return redirect("barriers:report_detail", reference=report.reference)
            domain_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("Thank you: we have told officials that your shipments are clearing.")
                if form.is_cleared
                else _(
                    "Thank you: officials will review the barrier with your answer and "
                    "decide whether to reopen it."
                ),
            )
            return redirect("barriers:report_detail", reference=report.reference)
    return _report_page(request, report, fix_form=form)


@exporter_required
@require_GET
def document_download(request: HttpRequest, reference: str, document_id: int) -> FileResponse:
    """One evidence file, as a download, after checking the viewer may see its report."""
    document = selectors.document_get_for_viewer(
        viewer=signed_in_user(request.user), document_id=document_id
    )
    if document is None or document.report.reference != reference:
        raise Http404("No such file")
    try:
        return evidence_download(request=request, document=document)
    except FileNotFoundError as exc:
        raise Http404("The file is missing") from exc


@exporter_required
@require_GET
def barrier_document_download(
    request: HttpRequest, reference: str, document_id: int
) -> FileResponse:
    """A document an official shared on the barrier the viewer's report is part of."""
    document = selectors.case_document_get_for_exporter(
        viewer=signed_in_user(request.user), reference=reference, document_id=document_id
    )
    if document is None:
        raise Http404("No such file")
    try:
        return evidence_download(request=request, document=document)
    except FileNotFoundError as exc:
        raise Http404("The file is missing") from exc


class PortalSignupView(SignupView):
    """allauth's sign-up, where a rule the service layer enforces becomes a form error.

    The form checks that the IEC is free, but a second person can register the same IEC between
    that check and the save; company_register then refuses, the transaction around the form's
    save rolls the new account back, and the person sees the reason beside the IEC field.
    """

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except DomainError as exc:
            # The domain's message in the visitor's language where the catalogue has it.
            form.add_error(exc.field if exc.field in form.fields else None, _(exc.message))
            return self.form_invalid(form)


# ---------------------------------------------------------------------------------------------
# Following: what the exporter follows, how often they hear, their notifications
# ---------------------------------------------------------------------------------------------

NOTIFICATIONS_PER_PAGE = 50


@exporter_required
@require_http_methods(["GET", "POST"])
def following(request: HttpRequest) -> HttpResponse:
    """What the exporter follows: add, remove, and how often the digest comes."""
    user = signed_in_user(request.user)
    here = reverse("barriers:following")
    follow_form = FollowForm(prefix="follow")
    frequency_form = FollowFrequencyForm(
        prefix="digest", initial={"frequency": selectors.follow_frequency(user=user)}
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        # Forms check what they can show beside a field; services.follow_action does the rest.
        form: forms.Form | None = None
        if action == services.FollowAction.ADD:
            form = follow_form = FollowForm(request.POST, prefix="follow")
        elif action == services.FollowAction.FREQUENCY:
            form = frequency_form = FollowFrequencyForm(request.POST, prefix="digest")
        if action not in services.FOLLOW_ACTIONS:
            messages.error(request, _("Choose what to do."))
        elif form is None or form.is_valid():
            try:
                done = services.follow_action(
                    actor=user, action=action, data=form.cleaned_data if form else request.POST
                )
            except DomainError as error:
                if form is not None:
                    domain_error_to_form(form, error)
                else:
                    messages.error(request, error.message)
            else:
                messages.success(request, done.message)
                return redirect(safe_next(request, here))
        status = 400
    return render(
        request,
        "barriers/following.html",
        {
            "nav": "following",
            "follows": selectors.follows_for_viewer(viewer=user),
            "follow_form": follow_form,
            "frequency_form": frequency_form,
            "unread": selectors.notifications_unread_count(viewer=user),
        },
        status=status,
    )


@exporter_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The exporter's notifications, newest first; mark them read."""
    user = signed_in_user(request.user)
    if request.method == "POST":
        services.notifications_mark_read(actor=user)
        messages.success(request, _("All notifications are marked read."))
        return redirect("barriers:notifications")
    page = Paginator(selectors.notifications_for_viewer(viewer=user), NOTIFICATIONS_PER_PAGE)
    return render(
        request,
        "barriers/notifications.html",
        {
            "nav": "notifications",
            "page": page.get_page(request.GET.get("page")),
            "unread": selectors.notifications_unread_count(viewer=user),
        },
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def following_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe (RFC 8058): POST turns the digest e-mail off without sign-in; GET
    shows the button (mail scanners follow links, so GET changes nothing)."""
    if notifications_user_id(token) is None:
        return render(request, "barriers/following_unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        try:
            services.follow_unsubscribe(token=token)
        except DomainError:
            return render(
                request, "barriers/following_unsubscribe.html", {"invalid": True}, status=400
            )
        return render(request, "barriers/following_unsubscribe.html", {"done": True})
    return render(request, "barriers/following_unsubscribe.html", {"token": token})
