"""Reference data lookups (HS codes)."""

from __future__ import annotations

from django.db.models import (
    Q,
    QuerySet,
)

from barriers.models import (
    HSCode,
)


def hs_codes_search(*, text: str = "", limit: int = 20) -> QuerySet[HSCode]:
    """HS codes whose code starts with `text` or whose description contains it."""
    codes = HSCode.objects.all().order_by("code")
    text = text.strip()
    if text:
        codes = codes.filter(Q(code__startswith=text) | Q(description__icontains=text))
    return codes[:limit]
