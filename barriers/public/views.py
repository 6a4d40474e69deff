"""The public register's pages and downloads: no sign-in, published barriers only.

Each response is cached under the register's version (selectors.public.public_register_version),
the language and the query string; publishing, unpublishing, a status move or an outcome bumps
the version after commit (services.publishing), so a change shows at once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from barriers.dashboard.charts import GREEN, GREY, Bar, Series, bar_chart, column_chart
from barriers.public.forms import RegisterFilterForm
from barriers.selectors import public as public_selectors
from barriers.services import publishing

PAGE_SIZE = 25
# The register speaks the portal's languages and the EAEU's (base.html offers each).
REGISTER_LANGUAGES = ("en", "hi", "ru")
CACHE_SECONDS = 60 * 60

# The open data columns, in order (docs/public-register.md describes each).
CSV_COLUMNS = (
    "reference",
    "title",
    "summary",
    "status",
    "status_label",
    "sector",
    "country",
    "country_name",
    "regulator",
    "regulator_name",
    "hs_codes",
    "companies_affected",
    "companies_named",
    "meetings",
    "published_at",
    "last_changed_at",
    "resolved_at",
)

# What the open data page says of each column (grouped as it describes them), in CSV_COLUMNS' order.
OPEN_DATA_COLUMNS: tuple[tuple[tuple[str, ...], Any], ...] = (
    (("reference",), gettext_lazy("The barrier's reference, BAR-year-number.")),
    (("title", "summary"), gettext_lazy("The public title and summary, reviewed by officials.")),
    (
        ("status", "status_label"),
        gettext_lazy(
            "open, scheduled, raised, action_agreed, partially_resolved, resolved or "
            "closed_unresolved; and its name."
        ),
    ),
    (("sector",), gettext_lazy("agricultural or marine.")),
    (
        ("country", "country_name"),
        gettext_lazy(
            "The ISO code and name of the EAEU country; empty when the barrier is at EAEU level."
        ),
    ),
    (("regulator", "regulator_name"), gettext_lazy("The code and name of the EAEU regulator.")),
    (
        ("hs_codes",),
        gettext_lazy(
            "The 6-digit HS codes of the products (space-separated in CSV, a list in JSON)."
        ),
    ),
    (("companies_affected",), gettext_lazy("How many companies reported the barrier.")),
    (
        ("companies_named",),
        gettext_lazy(
            "Companies named with their consent (separated by “; ” in CSV, a list in JSON)."
        ),
    ),
    (
        ("meetings",),
        gettext_lazy(
            "The meetings it was on and their outcome (“2026-Q2 resolved; …” in CSV, a list of "
            "objects in JSON)."
        ),
    ),
    (
        ("published_at", "last_changed_at", "resolved_at"),
        gettext_lazy(
            "ISO 8601 date and time of publication, of the last public change and of resolution."
        ),
    ),
)


def _cached(request: HttpRequest, name: str, build: Callable[[], HttpResponse]) -> HttpResponse:
    """The response `build` makes, kept under the register's version; only a 200 is kept."""
    query = sorted(request.GET.lists())
    raw = f"{public_selectors.public_register_version()}|{get_language()}|{name}|{query}"
    key = "public-register:page:" + hashlib.sha256(raw.encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        content_type, content = hit
        return HttpResponse(content, content_type=content_type)
    response = build()
    if response.status_code == 200:
        cache.set(key, (response["Content-Type"], response.content), CACHE_SECONDS)
    return response


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return HttpResponse(render_to_string(template, context, request=request), status=status)


@require_safe
def register_list(request: HttpRequest) -> HttpResponse:
    def build() -> HttpResponse:
        form = RegisterFilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return _page(
                request,
                "barriers/public/register_list.html",
                {"form": form, "page": None, "rows": [], "nav": "register"},
                status=400,
            )
        rows = public_selectors.public_barriers_filtered(form.filters())
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        barriers = list(page.object_list)
        facts = public_selectors.public_facts(barriers)
        query = request.GET.copy()
        query.pop("page", None)
        return _page(
            request,
            "barriers/public/register_list.html",
            {
                "form": form,
                "page": page,
                "rows": [(barrier, facts[barrier.pk]) for barrier in barriers],
                "query": query.urlencode(),
                "nav": "register",
            },
        )

    return _cached(request, "list", build)


@require_safe
def barrier_detail(request: HttpRequest, reference: str) -> HttpResponse:
    def build() -> HttpResponse:
        barrier = public_selectors.public_barrier_get(reference=reference)
        if barrier is None:
            raise Http404(_("No published barrier has this reference."))
        facts = public_selectors.public_facts([barrier])[barrier.pk]
        return _page(
            request,
            "barriers/public/barrier_detail.html",
            {"barrier": barrier, "facts": facts, "nav": "register"},
        )

    return _cached(request, f"barrier:{reference}", build)


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    def build() -> HttpResponse:
        figures = publishing.public_statistics_current()
        single = [Series(label=_("Barriers"), colour=GREEN)]
        charts = {
            "by_regulator": bar_chart(
                title=_("Open barriers by regulator"),
                desc=_("How many published barriers are still open, per regulator."),
                bars=[
                    Bar(label=name or _("None"), values=(n,))
                    for name, n in figures.open_by_regulator
                ],
                series=single,
                empty_text=_("Nothing to show yet."),
            ),
            "by_country": bar_chart(
                title=_("Open barriers by country"),
                desc=_("How many published barriers are still open, per country."),
                bars=[
                    Bar(label=name or _("EAEU level"), values=(n,))
                    for name, n in figures.open_by_country
                ],
                series=single,
                empty_text=_("Nothing to show yet."),
            ),
            "days_pending": bar_chart(
                title=_("Median days pending by regulator"),
                desc=_(
                    "The median number of days the exporters' applications have waited, on "
                    "open published barriers."
                ),
                bars=[
                    Bar(label=name or _("None"), values=(days,))
                    for name, days in figures.median_days_by_regulator
                ],
                series=[Series(label=_("Days"), colour=GREEN)],
                empty_text=_("Nothing to show yet."),
            ),
            "quick": bar_chart(
                title=_("Resolved within two meetings"),
                desc=_(
                    "Of the published barriers first raised at each meeting, how many were "
                    "resolved at that meeting or the next, and how many were not."
                ),
                bars=[
                    Bar(label=meeting, values=(quick, other))
                    for meeting, quick, other in figures.quick_by_meeting
                ],
                series=[
                    Series(label=_("Resolved within two meetings"), colour=GREEN),
                    Series(label=_("Not resolved within two meetings"), colour=GREY),
                ],
                empty_text=_("Nothing to show yet."),
            ),
            "resolved": column_chart(
                title=_("Barriers resolved per quarter"),
                desc=_("How many published barriers were resolved in each quarter."),
                columns=[
                    Bar(label=quarter, values=(n,)) for quarter, n in figures.resolved_by_quarter
                ],
            ),
        }
        return _page(
            request,
            "barriers/public/statistics.html",
            {"figures": figures, "charts": charts, "nav": "statistics"},
        )

    return _cached(request, "statistics", build)


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return _cached(
        request,
        "open-data",
        lambda: _page(
            request, "barriers/public/open_data.html", {"columns": OPEN_DATA_COLUMNS, "nav": "data"}
        ),
    )


def _export_rows() -> list[dict[str, Any]]:
    barriers = list(public_selectors.published_barriers().order_by("reference"))
    return public_selectors.public_export_rows(barriers)


def _attachment(content: bytes | str, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="barrier-register-{stamp}.{extension}"'
    return response


@require_safe
def download_csv(request: HttpRequest) -> HttpResponse:
    def build() -> HttpResponse:
        out = io.StringIO()
        out.write("\ufeff")  # a byte order mark, as the project's other CSVs: Excel reads UTF-8
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for row in _export_rows():
            writer.writerow(
                {
                    **row,
                    "hs_codes": " ".join(row["hs_codes"]),
                    "companies_named": "; ".join(row["companies_named"]),
                    "meetings": "; ".join(
                        f"{m['meeting']} {m['outcome']}".strip() for m in row["meetings"]
                    ),
                }
            )
        return _attachment(out.getvalue(), "text/csv; charset=utf-8", "csv")

    response = _cached(request, "csv", build)
    response["Content-Disposition"] = (
        f'attachment; filename="barrier-register-{timezone.localdate().isoformat()}.csv"'
    )
    return response


@require_safe
def download_json(request: HttpRequest) -> HttpResponse:
    def build() -> HttpResponse:
        document = {
            "generated_at": timezone.now().isoformat(),
            "licence": "Open data, free to reuse with attribution.",
            "documentation": request.build_absolute_uri(reverse("public:open_data")),
            "barriers": _export_rows(),
        }
        return _attachment(
            json.dumps(document, ensure_ascii=False, indent=1),
            "application/json; charset=utf-8",
            "json",
        )

    response = _cached(request, "json", build)
    response["Content-Disposition"] = (
        f'attachment; filename="barrier-register-{timezone.localdate().isoformat()}.json"'
    )
    return response


# The pages are cached whole for every reader, so the switch cannot carry a CSRF token: it only
# sets the reader's language cookie and goes back to a page of the register.
@csrf_exempt
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Read the register in English, Hindi or Russian (a plain form, no JavaScript): the
    language cookie LocaleMiddleware reads, then back to the page. Nothing is kept on an
    account: the portal stays in the exporter's own choice."""
    wanted = request.POST.get("language", "")
    if wanted not in REGISTER_LANGUAGES:
        return HttpResponseBadRequest(
            "Choose English (en), Hindi (hi) or Russian (ru).", content_type="text/plain"
        )
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts=set(), require_https=request.is_secure()
    )
    if not (safe and target.startswith("/public/")):
        target = reverse("public:register")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        wanted,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("public:sitemap"))
    lines = [
        "User-agent: *",
        "Allow: /public/",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /accounts/",
        "Disallow: /counterpart/",
        "Disallow: /reports/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
