"""The counterpart focal points' pages (server-rendered, usable without JavaScript).

Only an active focal point of an EAEU regulator, whose session gave the second factor, gets in
(barriers.accounts.mfa enforces the factor on every page; it is checked again here). Everyone
else signed in gets 404, as does every barrier, document and answer form not shared with the
viewer's own regulator: the selectors scope every read, so references cannot be probed.

The pages speak Russian unless the reader chose English with the switch on every page (kept in
Django's language cookie).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from barriers import selectors, services
from barriers.accounts.mfa import is_focal_point, session_may_act
from barriers.counterpart.forms import KIND_HEADINGS, KIND_LEADS, ExchangeForm, LanguageForm
from barriers.domain.errors import DomainError
from barriers.domain.transitions import BARRIER_CLOSED, check_transition
from barriers.evidence.downloads import evidence_download
from barriers.models import (
    EAEU_EXCHANGES,
    Barrier,
    BarrierStatus,
    Deadline,
    Exchange,
    ExchangeKind,
    Party,
    User,
    signed_in_user,
)
from barriers.selectors.counterparts import CounterpartBarrier

View = Callable[..., HttpResponseBase]
LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
# The answer forms in the order they are offered.
KINDS = (
    ExchangeKind.ACKNOWLEDGEMENT,
    ExchangeKind.CLARIFICATION,
    ExchangeKind.PROPOSAL,
    ExchangeKind.POSITION,
    ExchangeKind.RESOLVED,
)


def page_language(request: HttpRequest) -> str:
    """Russian, unless the reader chose English (Django's language cookie)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def focal_point_required(view: View) -> View:
    """Focal points with a second factor only; anyone else signed in is told nothing (404)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if (
            not is_focal_point(user)
            or user.is_staff
            or user.is_superuser
            or user.company_id is not None
        ):
            raise Http404("No such page")
        if not session_may_act(request, user):
            # OfficialsMFAMiddleware sends such a session to the code page first; never past it.
            return redirect_to_login(request.get_full_path())
        language = page_language(request)
        request.LANGUAGE_CODE = language
        # Only for this view: the thread's language goes back to what LocaleMiddleware chose.
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper


def _viewer(request: HttpRequest) -> User:
    return signed_in_user(request.user)


def _russian() -> bool:
    return translation.get_language() == "ru"


def _in_language(ru: str, en: str) -> str:
    """The text in the page's language, or in the other one when that is all there is."""
    return (ru or en) if _russian() else (en or ru)


# ---------------------------------------------------------------------------------------------
# What the pages show of deadlines and exchanges
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """One open deadline as the focal point reads it."""

    what: str
    due_on: dt.date
    ours: bool  # owed by the viewer's side (the EAEU)
    overdue: bool


def _dues(deadlines: list[Deadline], today: dt.date) -> list[Due]:
    return [
        Due(
            what=deadline.get_stage_display(),
            due_on=deadline.due_on,
            ours=deadline.party == Party.EAEU,
            overdue=deadline.party == Party.EAEU and deadline.is_overdue(today),
        )
        for deadline in deadlines
        if not deadline.cancelled
    ]


def _barrier_row(barrier: CounterpartBarrier, dues: list[Due]) -> dict[str, Any]:
    return {
        "reference": barrier.reference,
        "title": _in_language(barrier.title_ru, barrier.title_en),
        "status": _barrier_status(barrier.status),
        "products": [
            {"code": p.code, "description": _in_language(p.description_ru, p.description)}
            for p in barrier.products
        ],
        "countries": [_in_language(c.name_ru, c.name) for c in barrier.countries],
        "days_pending": barrier.days_pending,
        "dues": dues,
        "overdue": any(due.overdue for due in dues),
    }


def _barrier_status(status: str) -> str:
    return str(BarrierStatus(status).label) if status in BarrierStatus.values else status


def _exchange_entry(exchange: Exchange, viewer: User) -> dict[str, Any]:
    russian = _russian()
    basis = exchange.legal_basis
    basis_label = ""
    if basis is not None:
        basis_label = (
            f"{basis.number_ru or basis.number} — {basis.title_ru or basis.title}"
            if russian
            else f"{basis.number} — {basis.title or basis.title_ru}"
        )
    if exchange.party == Party.INDIA:
        who = _("Indian officials")
    elif exchange.author_id == viewer.pk:
        who = _("You")
    else:
        regulator = exchange.regulator
        who = (
            (regulator.abbreviation_ru or regulator.name_ru)
            if russian
            else (regulator.abbreviation or regulator.name)
        )
    main, other = (
        (exchange.body_ru, exchange.body_en) if russian else (exchange.body_en, exchange.body_ru)
    )
    return {
        "id": exchange.pk,
        "kind": exchange.get_kind_display(),
        "india": exchange.party == Party.INDIA,
        "who": who,
        "at": exchange.created_at,
        "body": main or other,
        "translation": other if main else "",
        "body_lang": ("ru" if russian else "en") if main else ("en" if russian else "ru"),
        "target_date": exchange.target_date,
        "legal_basis": basis_label,
        "documents": list(exchange.documents.all()),
    }


def _kinds_open(barrier: Barrier, exchanges: list[Exchange]) -> list[str]:
    """The answers the focal point may still give on the barrier (none once it is closed)."""
    if barrier.status in BARRIER_CLOSED:
        return []
    shared_at = barrier.share.shared_at
    acknowledged = any(
        e.kind == ExchangeKind.ACKNOWLEDGEMENT and e.created_at >= shared_at for e in exchanges
    )
    kinds: list[str] = []
    for kind in KINDS:
        if kind == ExchangeKind.ACKNOWLEDGEMENT and acknowledged:
            continue
        if kind == ExchangeKind.RESOLVED:
            try:
                check_transition("barrier", barrier.status, BarrierStatus.RESOLVED)
            except DomainError:
                continue
        kinds.append(kind)
    return kinds


def _barrier_or_404(request: HttpRequest, reference: str) -> Barrier:
    barrier = selectors.barrier_get_for_counterpart(viewer=_viewer(request), reference=reference)
    if barrier is None:
        raise Http404("No such barrier")
    return barrier


# ---------------------------------------------------------------------------------------------
# The pages
# ---------------------------------------------------------------------------------------------


@focal_point_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The work list: the barriers shared with the viewer's regulator and what is due on each."""
    viewer = _viewer(request)
    barriers = selectors.counterpart_barriers(viewer=viewer)
    ids = dict(selectors.barriers_for_counterpart(viewer=viewer).values_list("reference", "pk"))
    deadlines = selectors.deadlines_for_barriers(ids.values())
    today = timezone.localdate()
    rows = [
        _barrier_row(barrier, _dues(deadlines.get(ids.get(barrier.reference, 0), []), today))
        for barrier in barriers
    ]
    context = {
        "rows": rows,
        "overdue_count": sum(1 for row in rows if row["overdue"]),
        "meeting_documents": selectors.case_documents_for_counterpart_meetings(viewer=viewer),
        "nav": "home",
    }
    return render(request, "barriers/counterpart/home.html", context)


def _barrier_page(request: HttpRequest, barrier: Barrier, *, status: int = 200) -> HttpResponse:
    viewer = _viewer(request)
    shared = selectors.counterpart_barrier(viewer=viewer, reference=barrier.reference)
    exchanges = selectors.exchanges_for_counterpart(viewer=viewer, reference=barrier.reference)
    if shared is None or exchanges is None:
        raise Http404("No such barrier")
    today = timezone.localdate()
    dues = _dues(selectors.deadlines_for_barriers([barrier.pk]).get(barrier.pk, []), today)
    context = {
        "barrier": shared,
        "row": _barrier_row(shared, dues),
        "summary": _in_language(shared.summary_ru, shared.summary_en),
        "ask": _in_language(shared.ask_ru, shared.ask_en),
        "exchanges": [_exchange_entry(exchange, viewer) for exchange in exchanges],
        "answers": [
            {"kind": kind, "label": KIND_HEADINGS[kind]} for kind in _kinds_open(barrier, exchanges)
        ],
        "closed": barrier.status in BARRIER_CLOSED,
        "case_documents": selectors.case_documents_for_counterpart_barrier(
            viewer=viewer, reference=barrier.reference
        ),
        "nav": "home",
    }
    return render(request, "barriers/counterpart/barrier.html", context, status=status)


@focal_point_required
@require_GET
def barrier_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One shared barrier: its texts, products, companies, documents, deadlines and exchange."""
    return _barrier_page(request, _barrier_or_404(request, reference))


def _purpose(barrier: Barrier, kind: str) -> str:
    return f"exchange:{barrier.reference}:{kind}"


def _refusal(error: DomainError) -> str:
    """The service's message; a refused file's reason translated where the catalogue has it."""
    if error.field != "documents":
        return error.message
    name, separator, reason = error.message.partition(": ")
    if not separator:
        return _(error.message)
    return f"{name}: {_(reason)}"


FORM_TOKEN_REFUSED = "form_token_invalid"


@focal_point_required
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    """One of the five answers, with its files; a form posted twice answers once."""
    if kind not in KINDS or kind not in EAEU_EXCHANGES:
        raise Http404("No such answer")
    barrier = _barrier_or_404(request, reference)
    viewer = _viewer(request)
    purpose = _purpose(barrier, kind)
    barrier_url = reverse("counterpart:barrier", args=[barrier.reference])
    language = translation.get_language() or DEFAULT_LANGUAGE
    bases = selectors.legal_bases() if kind == ExchangeKind.POSITION else []
    if request.method == "POST":
        token = str(request.POST.get("form_token", ""))
        location = services.form_token_replay(
            user=viewer, purpose=purpose, path=request.path, token=token
        )
        if location is not None:
            messages.info(request, _("You had already sent this answer; here it is."))
            return HttpResponseRedirect(location)
        form = ExchangeForm(request.POST, request.FILES, kind=kind, language=language, bases=bases)
        if form.is_valid():
            try:
                services.form_submit_once(
                    actor=viewer,
                    purpose=purpose,
                    path=request.path,
                    token=token,
                    work=lambda: _post(viewer, barrier, form, barrier_url),
                )
            except services.FormTokenInvalid:
                form.add_error(
                    None,
                    _(
                        "This form could not be matched to this page, so nothing was saved. "
                        "Check your entries and send it again."
                    ),
                )
            except DomainError as error:
                form.refuse(error, _refusal(error))
            else:
                messages.success(request, _("Your answer has been sent to the Indian side."))
                return redirect(barrier_url)
        # A new token for the page shown again (the old one may have been claimed or refused).
        data = cast(QueryDict, form.data).copy()
        data["form_token"] = services.form_token_issue(user=viewer, purpose=purpose)
        form.data = data
    else:
        if kind not in _kinds_open(barrier, _own_exchanges(request, barrier)):
            messages.info(request, _("This answer can no longer be given on this barrier."))
            return redirect(barrier_url)
        form = ExchangeForm(
            kind=kind,
            language=language,
            bases=bases,
            initial={"form_token": services.form_token_issue(user=viewer, purpose=purpose)},
        )
    shared = selectors.counterpart_barrier(viewer=viewer, reference=barrier.reference)
    if shared is None:
        raise Http404("No such barrier")
    context = {
        "barrier": shared,
        "title": _in_language(shared.title_ru, shared.title_en),
        "form": form,
        "kind": kind,
        "heading": KIND_HEADINGS[kind],
        "lead": KIND_LEADS[kind],
        "nav": "home",
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "barriers/counterpart/respond.html", context, status=status)


def _own_exchanges(request: HttpRequest, barrier: Barrier) -> list[Exchange]:
    return (
        selectors.exchanges_for_counterpart(viewer=_viewer(request), reference=barrier.reference)
        or []
    )


def _post(viewer: User, barrier: Barrier, form: ExchangeForm, location: str) -> str:
    services.exchange_post(actor=viewer, barrier=barrier, **form.exchange_values())
    return location


@focal_point_required
@require_GET
def document_download(request: HttpRequest, reference: str, document_id: int) -> FileResponse:
    """A file the official shared with the viewer's regulator on this barrier."""
    document = selectors.shared_document_get_for_counterpart(
        viewer=_viewer(request), reference=reference, document_id=document_id
    )
    if document is None:
        raise Http404("No such file")
    try:
        return evidence_download(request=request, document=document)
    except FileNotFoundError as exc:
        raise Http404("The file is missing") from exc


@focal_point_required
@require_GET
def exchange_document_download(
    request: HttpRequest, reference: str, document_id: int
) -> FileResponse:
    """A file attached to an answer or a reply on this barrier."""
    document = selectors.exchange_document_get_for_counterpart(
        viewer=_viewer(request), reference=reference, document_id=document_id
    )
    if document is None:
        raise Http404("No such file")
    try:
        return evidence_download(request=request, document=document)
    except FileNotFoundError as exc:
        raise Http404("The file is missing") from exc


@focal_point_required
@require_GET
def case_document_download(request: HttpRequest, document_id: int) -> FileResponse:
    """A letter, minutes or protocol an official shared on a barrier shared with the viewer's
    regulator, or on a meeting it takes part in."""
    document = selectors.case_document_get_for_counterpart(
        viewer=_viewer(request), document_id=document_id
    )
    if document is None:
        raise Http404("No such file")
    try:
        return evidence_download(request=request, document=document)
    except FileNotFoundError as exc:
        raise Http404("The file is missing") from exc


@focal_point_required
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Switch the counterpart pages between Russian and English, and come back to the page."""
    form = LanguageForm(request.POST)
    target = reverse("counterpart:home")
    if not form.is_valid():
        return redirect(target)
    wanted = form.cleaned_data["next"]
    if wanted.startswith("/counterpart/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = wanted
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        form.cleaned_data["language"],
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
