"""A date hierarchy for large changelists that never scans the filtered rows.

Django's own tag lists the years (or months, or days) that occur in the filtered list, which is a
DISTINCT over every matching row: 340 ms for a common search word at 100,000 reports. This one
takes the table's first and last date (two index reads) and offers every period between them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy as django_date_hierarchy
from django.contrib.admin.views.main import ChangeList
from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.text import capfirst

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def cheap_date_hierarchy(cl: ChangeList) -> dict[str, Any] | None:
    """Years, then months, then days, from the whole table's date range."""
    field = cl.date_hierarchy
    params = cl.params
    year, month, day = (params.get(f"{field}__{part}") for part in ("year", "month", "day"))
    if year and month and day:
        return django_date_hierarchy(cl)  # one day chosen: no query is needed to show it

    def link(filters: dict[str, Any]) -> str:
        return cl.get_query_string(filters, [f"{field}__"])

    if year and month:
        y, m = int(str(year)), int(str(month))
        return {
            "show": True,
            "back": {"link": link({f"{field}__year": y}), "title": str(y)},
            "choices": [
                {
                    "link": link({f"{field}__year": y, f"{field}__month": m, f"{field}__day": d}),
                    "title": capfirst(formats.date_format(dt.date(y, m, d), "MONTH_DAY_FORMAT")),
                }
                for d in range(1, calendar.monthrange(y, m)[1] + 1)
            ],
        }
    if year:
        y = int(str(year))
        return {
            "show": True,
            "back": {"link": link({}), "title": "All dates"},
            "choices": [
                {
                    "link": link({f"{field}__year": y, f"{field}__month": m}),
                    "title": capfirst(formats.date_format(dt.date(y, m, 1), "YEAR_MONTH_FORMAT")),
                }
                for m in range(1, 13)
            ],
        }
    bounds = cl.model._default_manager.aggregate(first=Min(field), last=Max(field))
    if not bounds["first"]:
        return {"show": False}
    first, last = (timezone.localtime(v) if timezone.is_aware(v) else v for v in bounds.values())
    return {
        "show": True,
        "back": None,
        "choices": [
            {"link": link({f"{field}__year": str(y)}), "title": str(y)}
            for y in range(first.year, last.year + 1)
        ],
    }
