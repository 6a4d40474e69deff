"""The meeting documents' download buttons on the admin's meeting page."""

from __future__ import annotations

from typing import Any

from django import template

from barriers.exports.admin import export_links
from barriers.models import Meeting

register = template.Library()


@register.inclusion_tag("admin/barriers/meeting/export_links.html", takes_context=True)
def meeting_export_links(context: dict[str, Any], meeting: Meeting) -> dict[str, Any]:
    """Agenda (and, once the meeting is held, outcomes) in every format."""
    request = context.get("request")
    site_name = getattr(getattr(request, "resolver_match", None), "namespace", "") or "admin"
    return {"groups": export_links(meeting, site_name=site_name)}
