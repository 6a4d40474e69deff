"""OpenAPI documentation shared by the API views: error responses and the Idempotency-Key header.

DRF's error responses keep DRF's usual shape (`{"field": ["reason"]}` for invalid input,
`{"detail": "..."}` otherwise); drf-spectacular does not describe them by itself, so every
operation declares them through `documented()`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers

from barriers.api.authentication import AuthErrorCode, TokenRefusalCode
from barriers.api.idempotency import HEADER as IDEMPOTENCY_HEADER
from barriers.api.idempotency import KEY_PATTERN, MAX_KEY_LENGTH

IDEMPOTENCY_KEY = OpenApiParameter(
    name=IDEMPOTENCY_HEADER,
    type={
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_KEY_LENGTH,
        "pattern": KEY_PATTERN.pattern,
    },
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "A unique value (for example a UUID) you choose for this request, at most "
        f"{MAX_KEY_LENGTH} printable ASCII characters. Retrying with the same key and the same body returns the "
        "original response (with the header `Idempotent-Replayed: true`) and creates nothing "
        "again; a retry while the first request is still being processed answers 409; the same "
        "key with a different request answers 422. Keys are kept for at least 24 hours."
    ),
)


_SCHEMA_LOCK = threading.Lock()


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, built one request at a time in a process.

    drf-spectacular loads its extension classes lazily on the first build and is not safe for
    two threads doing it at once: an extension whose package is absent (dj_rest_auth) is set to
    None by one thread while another reads it, and that request fails with a 500 (seen with
    gunicorn's threads when three API clients asked for the schema at the same moment).
    """

    def _get_schema_response(self, request: Any) -> Any:
        with _SCHEMA_LOCK:
            return super()._get_schema_response(request)


class SecondFactorSessionScheme(SessionScheme):
    """Documents the API's session authentication as DRF's (cookie `sessionid`)."""

    target_class = "barriers.api.authentication.SecondFactorSessionAuthentication"


class ErrorSerializer(serializers.Serializer):
    """An error that concerns the request as a whole."""

    detail = serializers.CharField(help_text="What went wrong, in plain language.")
    code = serializers.CharField(
        required=False, help_text="A stable machine-readable code, where there is one."
    )


class AuthenticationErrorSerializer(serializers.Serializer):
    """No valid credentials, or an official's credentials without a second factor."""

    detail = serializers.CharField(help_text="What went wrong, in plain language.")
    code = serializers.ChoiceField(
        choices=AuthErrorCode.choices, help_text="A stable machine-readable code."
    )


class TokenRefusalSerializer(serializers.Serializer):
    """The password was right, but an official's second factor is missing or wrong."""

    detail = serializers.CharField(help_text="What to do, in plain language.")
    code = serializers.ChoiceField(
        choices=TokenRefusalCode.choices, help_text="A stable machine-readable code."
    )


def _reasons(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), required=False, help_text=help_text)


_validation_serializers: dict[str, type[serializers.Serializer]] = {}


def validation_error_serializer(
    name: str, fields: Iterable[str] = (), *, query: bool = False
) -> type[serializers.Serializer]:
    """A serializer describing DRF's 400 body for the given input fields, named `name`.

    Each field that failed maps to a list of reasons; rules that span the whole request (a
    report that can no longer be edited, a malformed body) answer `detail` and `code` instead.
    """
    if name in _validation_serializers:
        return _validation_serializers[name]
    what = "query parameter" if query else "field"
    attrs: dict[str, Any] = {
        field: _reasons(f"Why the {what} `{field}` was refused.") for field in fields
    }
    if not query:
        attrs["non_field_errors"] = _reasons("Reasons that concern several fields together.")
    attrs["detail"] = serializers.CharField(
        required=False, help_text="Why the request as a whole was refused."
    )
    attrs["code"] = serializers.CharField(required=False, help_text="A machine-readable code.")
    attrs["__doc__"] = "The request was invalid: each refused field lists its reasons."
    serializer = type(name, (serializers.Serializer,), attrs)
    _validation_serializers[name] = serializer
    return serializer


ERROR_DESCRIPTIONS = {
    400: "The request is invalid; each refused field lists its reasons.",
    401: (
        "No valid credentials: send `Authorization: Token <token>` or sign in. Officials also "
        "need a second factor: a token issued with the code from their authenticator app, not "
        "yet expired (`token_expired`), or a session that gave the code (`mfa_required`)."
    ),
    403: "You are signed in but may not do this.",
    404: "There is no such object, or it is not one you may see.",
    409: (
        "The object's status does not allow this, or a request with the same Idempotency-Key "
        "is still being processed."
    ),
    413: "The request body is larger than the most this operation accepts.",
    415: "The body's content type is not accepted here.",
    422: "This Idempotency-Key was already used for a different request.",
    429: "Too many requests; wait the number of seconds given in the Retry-After header.",
}


def error_responses(
    statuses: Iterable[int], validation: type[serializers.Serializer] | None = None
) -> dict[int, OpenApiResponse]:
    """OpenAPI responses for the given error statuses, in DRF's usual error shape."""
    responses = {}
    for status in sorted(set(statuses)):
        serializer: type[serializers.Serializer] = ErrorSerializer
        if status == 400 and validation is not None:
            serializer = validation
        elif status == 401:
            serializer = AuthenticationErrorSerializer
        responses[status] = OpenApiResponse(
            response=serializer, description=ERROR_DESCRIPTIONS[status]
        )
    return responses


def documented(
    *,
    summary: str,
    responses: dict[Any, Any],
    errors: Iterable[int] = (),
    validation: type[serializers.Serializer] | None = None,
    idempotent: bool = False,
    authenticated: bool = True,
    parameters: Iterable[OpenApiParameter] = (),
    **kwargs: Any,
) -> Any:
    """`extend_schema` with the error responses every API operation can give.

    Every operation can be throttled (429); authenticated ones answer 401 without credentials;
    idempotent POSTs take the Idempotency-Key header and can answer 409 and 422; operations that
    take a body refuse one that is malformed or nested too deeply (400) or too large (413).
    """
    statuses = {429, *errors}
    if kwargs.get("request") is not None:
        statuses |= {400, 413}
    if authenticated:
        statuses.add(401)
    params = list(parameters)
    if idempotent:
        params.append(IDEMPOTENCY_KEY)
        statuses |= {409, 422}
    if validation is not None:
        statuses.add(400)
    return extend_schema(
        summary=summary,
        parameters=params or None,
        responses={**responses, **error_responses(statuses, validation)},
        **kwargs,
    )


# Query parameters for which an empty value is refused (400) rather than read as "not given".
EMPTY_VALUE_REFUSED = frozenset({"page_size"})


def allow_empty_query_values(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Postprocessing hook: say which optional query parameters accept an empty value.

    DRF and django-filter read `?status=` or `?page=` as if the parameter were left out, so the
    schema marks those parameters `allowEmptyValue`; clients (and the fuzzer) then know that an
    empty value is not an error.
    """
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if (
                    parameter.get("in") == "query"
                    and not parameter.get("required")
                    and parameter.get("name") not in EMPTY_VALUE_REFUSED
                ):
                    parameter["allowEmptyValue"] = True
    return result
