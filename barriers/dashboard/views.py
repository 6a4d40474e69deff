"""The officials' dashboard page in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from barriers.dashboard.figures import (
    dashboard_charts,
    dashboard_figures,
    meeting_metrics_chart,
    metrics,
)


def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The dashboard page, for staff who may view reports (admin_view checks staff first)."""
    if not request.user.has_perm("barriers.view_report"):
        raise PermissionDenied
    figures = dashboard_figures()
    context = {
        **admin.site.each_context(request),
        "title": "Dashboard",
        "figures": figures,
        "charts": dashboard_charts(figures),
        "pending_regulators": sorted(
            figures.pending_reports_by_regulator.items(), key=lambda item: (-item[1], item[0])
        ),
        "pending_countries": sorted(
            figures.pending_reports_by_country.items(), key=lambda item: (-item[1], item[0])
        ),
    }
    meeting_figures = metrics()
    context["metrics"] = meeting_figures
    context["charts"]["meetings"] = meeting_metrics_chart(meeting_figures["meetings"])
    return TemplateResponse(request, "admin/dashboard.html", context)
