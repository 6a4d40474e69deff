"""Small template helpers for the portal's pages."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def status_tag(status: str, label: str) -> SafeString:
    """A coloured label for a status; the colour repeats the words, it never replaces them."""
    return format_html('<strong class="tag tag--{}">{}</strong>', status, label)


@register.simple_tag(takes_context=True)
def page_url(context: dict, number: int) -> str:
    """The current page's address with another page number, keeping the filters."""
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"


@register.filter
def filesize(size: int) -> str:
    """1234567 → "1.2 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@register.filter
def is_in(value: object, collection: object) -> bool:
    """`value` is in `collection` (for follow buttons: `key|is_in:followed`)."""
    try:
        return value in collection  # type: ignore[operator]
    except TypeError:
        return False
