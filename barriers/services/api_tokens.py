"""API tokens: one per person, and for officials a short-lived one that a second factor opened.

Exporters keep one token until it is revoked (DRF's `Token`). An official's token expires
`OFFICIALS_API_TOKEN_TTL` after it was issued and, while a second factor is required of them,
counts only with the `ApiTokenSecondFactor` row written here when the code was checked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from barriers.models import ApiTokenSecondFactor

DEFAULT_OFFICIALS_API_TOKEN_TTL = dt.timedelta(hours=8)


def officials_token_ttl() -> dt.timedelta:
    return getattr(settings, "OFFICIALS_API_TOKEN_TTL", DEFAULT_OFFICIALS_API_TOKEN_TTL)


def api_token_expires_at(*, token: Token, official: bool) -> dt.datetime | None:
    """When the token stops working: never for exporters."""
    return token.created + officials_token_ttl() if official else None


def api_token_expired(*, token: Token, official: bool, now: dt.datetime | None = None) -> bool:
    expires_at = api_token_expires_at(token=token, official=official)
    return expires_at is not None and expires_at <= (now or timezone.now())


def api_token_issue(*, user: Any, official: bool, second_factor: bool) -> Token:
    """The person's token: the one they have if it still counts, else a new one.

    An official's token that has expired, or that was issued without a second factor when one
    is now given, is replaced (its key stops working); the new one records the second factor.
    """
    with transaction.atomic():
        token = (
            # Only the token row is locked: PostgreSQL cannot lock the nullable side of the
            # outer join to its (maybe missing) second-factor row.
            Token.objects.select_for_update(of=("self",))
            .select_related("second_factor")
            .filter(user=user)
            .first()
        )
        if token is not None and official:
            proven = getattr(token, "second_factor", None) is not None
            if api_token_expired(token=token, official=True) or (second_factor and not proven):
                token.delete()
                token = None
        if token is None:
            token = Token.objects.create(user=user)
            if official and second_factor:
                ApiTokenSecondFactor.objects.create(token=token, verified_at=token.created)
    return token
