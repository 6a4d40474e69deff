"""Rows kept for a while and then deleted: the API's idempotency keys and the portal's form-token
claims (both are IdempotencyKey rows)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from barriers.models import IdempotencyKey

# The shortest time keys are kept: the API promises a replay for 24 hours (the beat's purge
# keeps them 48, barriers.tasks.IDEMPOTENCY_KEYS_KEEP_FOR).
IDEMPOTENCY_KEYS_KEEP_AT_LEAST = dt.timedelta(hours=24)


def idempotency_keys_purge(older_than: dt.timedelta = IDEMPOTENCY_KEYS_KEEP_AT_LEAST) -> int:
    """Delete keys created more than `older_than` ago (at least 24 hours); return how many."""
    if older_than < IDEMPOTENCY_KEYS_KEEP_AT_LEAST:
        raise ValueError(f"Idempotency keys are kept at least {IDEMPOTENCY_KEYS_KEEP_AT_LEAST}.")
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
