"""One-time form tokens: a portal form posted twice (a double click, a browser retry, a back and
resubmit) does its work once, and the second post is shown the first one's result.

Each rendered form carries a token signed for the person and the form's purpose. The first POST
with it claims an `IdempotencyKey` row (the API's store: unique per user and key) in the same
transaction as the form's work and records where its result is. A second POST finds the row and is
sent there. When both arrive at once, the second INSERT waits on the unique index until the first
transaction ends (PostgreSQL), then either sees the committed claim and replays it, or, if the
first failed and rolled back, claims the token and does the work itself.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from barriers.domain.errors import DomainError
from barriers.models import IdempotencyKey, IdempotencyStatus, User

SALT = "barriers.portal.form-token"
KEY_PREFIX = "form:"
# `request_hash` of the rows portal forms claim, to tell them from API keys of the same person.
CLAIM_MARK = "portal-form"
# Shorter than the time `idempotency_keys_purge` keeps claims: a token that could still be
# posted always finds its claim.
MAX_AGE = dt.timedelta(hours=24)


class FormTokenInvalid(DomainError):
    """The form's token is missing, altered, another person's or another form's, or too old."""

    code = "form_token_invalid"


@dataclass(frozen=True)
class FormResult:
    """Where the form's result is; `replayed` when an earlier post with the token did the work."""

    location: str
    replayed: bool


def form_token_issue(*, user: User, purpose: str) -> str:
    """A new token for one rendering of the form `purpose` (such as "withdraw:REP-2026-000001")."""
    return signing.dumps(
        {"u": user.pk, "p": purpose, "n": secrets.token_hex(16)}, salt=SALT, compress=True
    )


def _nonce(*, user: User, purpose: str, token: str) -> str:
    if not token:
        raise FormTokenInvalid(
            "This form was sent without its one-time code, so nothing was saved. Check your "
            "entries and send it again."
        )
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise FormTokenInvalid(
            "This form was open for more than a day, so nothing was saved. Check your entries "
            "and send it again."
        ) from None
    except signing.BadSignature:
        payload = None
    nonce = payload.get("n") if isinstance(payload, dict) else None
    if (
        not isinstance(payload, dict)
        or payload.get("u") != user.pk
        or payload.get("p") != purpose
        or not isinstance(nonce, str)
    ):
        raise FormTokenInvalid(
            "This form's one-time code does not belong to this page or to you, so nothing was "
            "saved. Check your entries and send it again."
        )
    return nonce


def _completed(*, user: User, key: str, path: str) -> str | None:
    claim = IdempotencyKey.objects.filter(user=user, key=key).first()
    if claim is None:
        return None
    if (
        claim.request_hash != CLAIM_MARK
        or claim.path != path
        or claim.status != IdempotencyStatus.COMPLETED
    ):
        raise FormTokenInvalid(
            "This form's one-time code was used elsewhere, so nothing was saved. Check your "
            "entries and send it again."
        )
    headers: dict[str, str] = claim.response_headers or {}
    return headers.get("Location", "")


def form_token_replay(*, user: User, purpose: str, path: str, token: str) -> str | None:
    """Where the first post of this token led, if the token has been used; else None."""
    try:
        nonce = _nonce(user=user, purpose=purpose, token=token)
        return _completed(user=user, key=KEY_PREFIX + nonce, path=path)
    except FormTokenInvalid:
        return None  # form_submit_once says why, beside the form


def form_submit_once(
    *, actor: User, purpose: str, path: str, token: str, work: Callable[[], str]
) -> FormResult:
    """Run `work` (which returns the URL of its result) once per token; replay it after that.

    `work`'s writes and the claim commit together: if `work` raises, nothing is kept and the
    token may be posted again (with corrected entries).
    """
    key = KEY_PREFIX + _nonce(user=actor, purpose=purpose, token=token)
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = IdempotencyKey.objects.create(
                    user=actor, key=key, method="POST", path=path, request_hash=CLAIM_MARK
                )
        except IntegrityError:
            # Another post of this token committed first (or while this one waited on it).
            location = _completed(user=actor, key=key, path=path)
            return FormResult(location=location or "", replayed=True)
        location = work()
        IdempotencyKey.objects.filter(pk=claim.pk).update(
            status=IdempotencyStatus.COMPLETED,
            response_status=303,
            response_headers={"Location": location},
            completed_at=timezone.now(),
        )
    return FormResult(location=location, replayed=False)
