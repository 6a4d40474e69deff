"""The Idempotency-Key header on POST requests (IETF draft, as in Stripe's API).

A client that may retry a POST sends a key of its choosing. The first request with a key claims it
by inserting an IdempotencyKey row in its own, immediately committed transaction, so a concurrent
request with the same key meets the database's (user, key) unique constraint and is told 409. The
view then runs and stores its response in the same transaction as its own writes; a retry with the
same key and body gets that response back and creates nothing; the same key with a different
request gets 422. Refused or failed requests release the key: nothing was saved, so retrying is safe.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from barriers.models import IdempotencyKey, IdempotencyStatus, User, signed_in_user
from barriers.services.retention import IDEMPOTENCY_KEYS_KEEP_AT_LEAST
from barriers.services.retention import idempotency_keys_purge as idempotency_keys_purge

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
# Printable ASCII, as HTTP header values are; no surrounding spaces.
KEY_PATTERN = re.compile(rf"[!-~](?:[ -~]{{0,{MAX_KEY_LENGTH - 2}}}[!-~])?")
# Keys are kept at least this long; `services.idempotency_keys_purge` deletes older ones.
KEEP_FOR = IDEMPOTENCY_KEYS_KEEP_AT_LEAST
# A claim still in flight after this long belongs to a request that died: its writes were rolled
# back with it (they share the transaction that stores the response), so the key may be reused.
IN_FLIGHT_TIMEOUT = dt.timedelta(minutes=10)
# Response headers worth replaying (content type and length come from the renderer).
REPLAYED_HEADERS = ("Location",)


class IdempotencyKeyInvalid(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = f"The {HEADER} header must be 1 to {MAX_KEY_LENGTH} printable characters long."
    default_code = "idempotency_key_invalid"


class IdempotencyKeyInFlight(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = (
        "A request with this Idempotency-Key is still being processed; retry in a moment."
    )
    default_code = "idempotency_key_in_flight"
    # DRF's exception handler turns `wait` into the Retry-After header (seconds).
    wait = 2


class IdempotencyKeyReused(APIException):
    status_code = 422
    default_detail = (
        "This Idempotency-Key was already used for a different request; "
        "use a new key for a new request."
    )
    default_code = "idempotency_key_reused"


def request_fingerprint(request: Request) -> str:
    """A hash of the method, path and body: parsed JSON canonically, form fields and file bytes."""
    digest = hashlib.sha256(f"{request.method}\n{request.path}\n".encode())
    data = request.data
    if hasattr(data, "lists"):  # multipart or form: fields and files, in a stable order
        digest.update(b"form\n")
        for name, values in sorted(data.lists(), key=lambda item: item[0]):
            for value in values:
                digest.update(f"{name}=".encode())
                if isinstance(value, UploadedFile):
                    digest.update(f"file:{value.name}:{value.size}:".encode())
                    for chunk in value.chunks():
                        digest.update(chunk)
                    value.seek(0)
                else:
                    digest.update(json.dumps(value).encode())
                digest.update(b"\n")
    else:
        digest.update(b"json\n")
        digest.update(json.dumps(data, sort_keys=True, separators=(",", ":"), default=str).encode())
    return digest.hexdigest()


def _clean_key(raw: str) -> str:
    key = raw.strip()
    if not KEY_PATTERN.fullmatch(key):
        raise IdempotencyKeyInvalid()
    return key


def _replay(claim: IdempotencyKey) -> Response:
    headers = {**(claim.response_headers or {}), REPLAYED_HEADER: "true"}
    return Response(claim.response_body, status=claim.response_status, headers=headers)


def _claim(*, user: User, key: str, method: str, path: str, fingerprint: str) -> IdempotencyKey:
    """Claim `key` for this request, or raise (409, 422) or return a completed claim to replay."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    user=user, key=key, method=method, path=path, request_hash=fingerprint
                )
        except IntegrityError:
            pass
        existing = IdempotencyKey.objects.filter(user=user, key=key).first()
        if existing is None:  # released by its request in the meantime: claim it again
            continue
        if (existing.method, existing.path, existing.request_hash) != (method, path, fingerprint):
            raise IdempotencyKeyReused()
        if existing.status == IdempotencyStatus.COMPLETED:
            return existing
        now = timezone.now()
        if existing.created_at < now - IN_FLIGHT_TIMEOUT:
            taken = IdempotencyKey.objects.filter(
                pk=existing.pk,
                status=IdempotencyStatus.IN_FLIGHT,
                created_at=existing.created_at,
            ).update(created_at=now)
            if taken:
                existing.created_at = now
                return existing
        raise IdempotencyKeyInFlight()
    raise IdempotencyKeyInFlight()


def _complete(claim: IdempotencyKey, response: Response) -> None:
    body = None
    if response.data is not None:
        body = json.loads(JSONRenderer().render(response.data))
    headers = {name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)}
    IdempotencyKey.objects.filter(pk=claim.pk).update(
        status=IdempotencyStatus.COMPLETED,
        response_status=response.status_code,
        response_body=body,
        response_headers=headers,
        completed_at=timezone.now(),
    )


def _release(claim: IdempotencyKey) -> None:
    IdempotencyKey.objects.filter(pk=claim.pk, status=IdempotencyStatus.IN_FLIGHT).delete()


Handler = Callable[..., Response]


def idempotent(handler: Handler) -> Handler:
    """Make a view's POST handler honour the Idempotency-Key header.

    Runs after authentication, permissions and throttling (a refused request claims no key).
    Without the header the handler runs as usual.
    """

    @functools.wraps(handler)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        raw = request.headers.get(HEADER)
        if raw is None:
            return handler(view, request, *args, **kwargs)
        key = _clean_key(raw)
        claim = _claim(
            user=signed_in_user(request.user),
            key=key,
            method=request.method or "POST",
            path=request.path,
            fingerprint=request_fingerprint(request),
        )
        if claim.status == IdempotencyStatus.COMPLETED:
            return _replay(claim)
        try:
            # The view's writes and the stored response commit together, or not at all.
            with transaction.atomic():
                response = handler(view, request, *args, **kwargs)
                if response.status_code < 400:
                    _complete(claim, response)
        except BaseException:
            _release(claim)
            raise
        if response.status_code >= 400:
            _release(claim)
        return response

    return wrapper
