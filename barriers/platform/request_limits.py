"""Bodies over the size limit answer 413, and every 429 says when to try again.

The size is judged from Content-Length before anything reads the body: JSON under /api/, a short
HTML page elsewhere. The limit is DATA_UPLOAD_MAX_MEMORY_SIZE, and for multipart uploads the
evidence file limit (one file per API request, up to MAX_FILES in a portal form) plus room for
the other fields. Django's own RequestDataTooBig, raised when a form's fields alone pass
DATA_UPLOAD_MAX_MEMORY_SIZE, is answered the same way by `bad_request` (handler400).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

# Retry-After of a 429 that did not say (allauth's rate limits, for one).
RETRY_AFTER_SECONDS = 60
# Multipart boundaries, part headers and the small fields next to an API upload's file.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
# Evidence files one portal form takes at most (barriers.portal.forms.MAX_FILES).
PORTAL_MAX_FILES = 10

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Too large</title></head>
<body>
<main>
<h1>What you sent is too large</h1>
<p>{reason} Nothing was saved. Go back, attach smaller files (at most {file_mb} MB each) or
shorten the text, and send it again.</p>
</main>
</body>
</html>
"""


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def body_limit(request: HttpRequest) -> int:
    """The most bytes this request's body may have."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if not content_type.startswith("multipart/"):
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if _is_api(request):
        return settings.EVIDENCE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES
    return PORTAL_MAX_FILES * settings.EVIDENCE_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large_response(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    """413: JSON in the API's error shape under /api/, a readable page elsewhere."""
    reason = (
        f"The request body is larger than {limit:,} bytes, the most accepted here."
        if limit is not None
        else "The request is larger than the most accepted here."
    )
    if _is_api(request):
        response: HttpResponse = JsonResponse(
            {"detail": reason, "code": "request_too_large"}, status=413
        )
    else:
        page = PAGE.format(reason=reason, file_mb=settings.EVIDENCE_MAX_BYTES // 1_048_576)
        response = HttpResponse(page, status=413, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: RequestDataTooBig is 413, anything else Django's usual 400."""
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request)
    if _is_api(request):
        return JsonResponse(
            {"detail": "The request is malformed.", "code": "bad_request"}, status=400
        )
    return defaults.bad_request(request, exception)


class RequestLimitsMiddleware:
    """Refuse an oversized body with 413 before it is read; give every 429 a Retry-After."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(request)
        if length > limit:
            return too_large_response(request, limit)
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
