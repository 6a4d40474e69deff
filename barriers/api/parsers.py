"""The API's JSON parser: bodies too deep or too large are refused before they are decoded.

Python's `json` module recurses once per nesting level, so a 2 kB body of a thousand `[` raises
RecursionError inside the decoder (a 500). The nesting depth is measured first, in one linear
pass that does not recurse, and anything deeper than `API_JSON_MAX_DEPTH` is refused with 400.
DRF reads a JSON body straight from the request stream, past Django's
DATA_UPLOAD_MAX_MEMORY_SIZE check, so the parser reads at most that many bytes and refuses a
longer body with 413.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import IO, Any

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

# A JSON string, escapes included: brackets inside strings do not nest anything. Possessive, and
# an unterminated string runs to the end, so that no input makes the scan quadratic.
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.?)*+(?:"|\Z)', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class JSONTooDeep(ParseError):
    default_code = "json_too_deep"


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in `body`, counted without recursing."""
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    return max(accumulate(_DEPTH_STEP[b] for b in brackets), default=0)


def check_json_depth(body: bytes) -> None:
    """Raise JSONTooDeep (400) when `body` nests deeper than API_JSON_MAX_DEPTH levels."""
    limit = settings.API_JSON_MAX_DEPTH
    if json_depth(body) > limit:
        raise JSONTooDeep(
            f"JSON parse error - arrays and objects may be nested at most {limit} levels deep."
        )


def read_limited(stream: IO[bytes] | None, limit: int) -> bytes:
    """The body, or RequestTooLarge (413) when it is longer than `limit` bytes."""
    if stream is None:
        return b""
    body = stream.read(limit + 1)
    if len(body) > limit:
        raise RequestTooLarge(
            f"The request body is larger than {limit:,} bytes, the most this API accepts."
        )
    return body


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies deeper than API_JSON_MAX_DEPTH or too large."""

    def parse(
        self,
        stream: IO[bytes] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        body = read_limited(stream, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        check_json_depth(body)
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as exc:  # a guard: the depth check should have caught it
            raise JSONTooDeep("JSON parse error - nested too deeply.") from exc
