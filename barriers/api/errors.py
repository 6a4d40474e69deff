"""One exception handler: domain errors become 400/409 in DRF's usual error shape.

401 bodies carry a stable `code` (barriers.api.authentication.AuthErrorCode) besides the text.
409 when the object's state refuses the request (a transition not allowed from its status, a
report no longer editable, a closed agenda); 400 when the request itself breaks a rule.

Bodies over the size limit answer 413 (`RequestDataTooBig` from Django's own parsers included),
never Django's HTML error page. Every 429 carries `Retry-After`: DRF sets it from the throttle's
wait, which can be unknown (a rate changed under it), so a fallback is put in its place.

A view may rename the fields services name in their errors to the API's own field names with a
`domain_error_fields` mapping (the service says `company`, the API field is `company_iec`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.exceptions import ParseError, Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from barriers.api.parsers import RequestTooLarge
from barriers.domain.errors import DomainError, StateConflict, TransitionNotAllowed
from barriers.domain.report_rules import ReportInvalid

# Retry-After of a 429 whose throttle cannot say when a request will be allowed again.
RETRY_AFTER_FALLBACK_SECONDS = 60


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(
            "The request body is larger than the API accepts; send a smaller one."
        )
    elif isinstance(exc, SuspiciousOperation):  # too many fields or files, say
        return Response(
            {"detail": "The request is malformed.", "code": "bad_request"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Throttled) and not exc.wait:  # type: ignore[attr-defined]  # set by __init__, not in the stubs
        exc.wait = RETRY_AFTER_FALLBACK_SECONDS  # type: ignore[attr-defined]  # as above
    if isinstance(exc, TransitionNotAllowed | StateConflict):
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ReportInvalid):
        renames = getattr(context.get("view"), "domain_error_fields", {})
        body = {renames.get(name, name): reasons for name, reasons in exc.by_field().items()}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        if exc.field:
            renames = getattr(context.get("view"), "domain_error_fields", {})
            field = renames.get(exc.field, exc.field)
            return Response({field: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {"detail": exc.message, "code": exc.code}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ParseError | RequestTooLarge) and isinstance(response.data, dict):
        response.data.setdefault("code", exc.get_codes())
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS and not response.has_header(
        "Retry-After"
    ):
        response["Retry-After"] = str(RETRY_AFTER_FALLBACK_SECONDS)
    if (
        response is not None
        and (
            isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed)
            # Only API exceptions (barriers.api.views) say code_in_body.
            or (isinstance(exc, exceptions.APIException) and getattr(exc, "code_in_body", False))
        )
        and isinstance(response.data, dict)
        and "code" not in response.data
    ):
        # A client tells "sign in again" from "give the second factor" by the code, not the text.
        response.data["code"] = exc.get_codes()
    return response
