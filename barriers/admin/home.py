"""The admin's home page: the work waiting first, then the tables in the order of the work.

Officials open the admin to work: the page starts with what waits for them (their triage queue,
what is overdue, the answers due from and to the EAEU side, the next meeting's cut-off) and lists
the tables in the order the work goes through them, the triage queue first. Tables the system
writes for itself (reference counters, the outbox, idempotency keys...) are listed to superusers
only; their pages still answer to whoever holds the permission.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from barriers import selectors
from barriers.models import signed_in_user

# The tables of the barriers app in the order of the work; any other follows, alphabetically.
WORK_ORDER = (
    "triagequeueentry",
    "report",
    "barrier",
    "deadline",
    "exchange",
    "barriershare",
    "meeting",
    "agendaitem",
    "actionpoint",
    "document",
    "message",
    "company",
    "user",
    "focalpoint",
    "group",
    "regulator",
    "country",
    "barrierkind",
    "legalbasis",
    "hscode",
    "hsheading",
    "routingsettings",
)

# Tables the system keeps for itself: listed on the home page to superusers only.
INTERNAL = frozenset(
    {
        "referencecounter",
        "outboundemail",
        "idempotencykey",
        "exportfile",
        "reportdraft",
        "apitokensecondfactor",
        "auditevent",
        "statuschange",
        "exchangedocument",
    }
)


def _position(model: dict[str, Any]) -> tuple[int, str]:
    name = model["object_name"].lower()
    index = WORK_ORDER.index(name) if name in WORK_ORDER else len(WORK_ORDER)
    return index, str(model["name"])


def desk_app_list(
    site: AdminSite, request: HttpRequest, app_label: str | None = None
) -> list[dict[str, Any]]:
    """Django's app list, the barriers app first with its tables in the order of the work."""
    apps = AdminSite.get_app_list(site, request, app_label)
    for app in apps:
        if app["app_label"] != "barriers":
            continue
        models = app["models"]
        if not request.user.is_superuser:
            models = [m for m in models if m["object_name"].lower() not in INTERNAL]
        for model in models:
            if model["object_name"] == "TriageQueueEntry":
                model["name"] = _("Triage queue")  # its changelist's title
        app["models"] = sorted(models, key=_position)
    apps = [app for app in apps if app["models"]]
    return sorted(apps, key=lambda app: app["app_label"] != "barriers")


def desk_index(
    site: AdminSite, request: HttpRequest, extra_context: dict[str, Any] | None = None
) -> TemplateResponse:
    """Django's index page with the work waiting for the signed-in official above the tables."""
    context = dict(extra_context or {})
    if request.user.has_perm("barriers.view_report"):
        context["work_waiting"] = selectors.work_waiting(viewer=signed_in_user(request.user))
    return AdminSite.index(site, request, context)


def install(site: AdminSite = admin.site) -> None:
    """Make `site`'s home page and app lists the desk's (before its URLs are built)."""
    site.get_app_list = desk_app_list.__get__(site)  # type: ignore[method-assign]
    site.index = desk_index.__get__(site)  # type: ignore[method-assign]
