"""When the database cannot be reached: a clean 503 with a retry hint, never a 500 or a half-save.

Every write goes through a service that runs in one transaction, so a request cut off by a lost
connection saves nothing; this middleware only turns the error into an answer the user can act on:
JSON under /api/, a short HTML page elsewhere (portal and admin). It renders without touching the
database. Django opens a fresh connection for the next request (CONN_HEALTH_CHECKS drops a dead
persistent one), so the app recovers by itself once the database is back, without a restart.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
MESSAGE = (
    "The service is briefly unavailable: its database cannot be reached. Nothing was saved from "
    "this request. Please try again in a minute."
)
_FLAG = "_database_unavailable"

PAGE = f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Temporarily unavailable</title></head>
<body>
<main>
<h1>Temporarily unavailable</h1>
<p>{MESSAGE}</p>
<p>If you were filing a report, go back and send it again: it was not stored.</p>
</main>
</body>
</html>
"""

DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer: JSON for the API, HTML for people, always with Retry-After."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": MESSAGE, "code": "database_unavailable"}, status=503
        )
    else:
        response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@receiver(got_request_exception)
def _note_database_error(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # An error raised in another middleware (the session saved after the view, say) never
    # reaches process_exception: Django turns it into a 500 on the spot. Note it on the request
    # so that DatabaseUnavailableMiddleware, further out, can answer 503 instead.
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, _FLAG, True)


class DatabaseUnavailableMiddleware:
    """Answer 503 + Retry-After when a request fails because the database is unreachable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _FLAG, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.warning(
            "Database unavailable during %s %s: %s", request.method, request.path, exception
        )
        return unavailable_response(request)
