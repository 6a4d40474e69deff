"""The portal's language: English or Hindi, the exporter's choice kept on the account.

LocaleMiddleware picks a language from the cookie or the browser. For the portal (every page
but the admin, the API and the counterpart pages, which have languages of their own) this
middleware then applies a signed-in exporter's `User.language`, and keeps the page in one of
PORTAL_LANGUAGES. The language cookie follows the account's choice, so a sign-in (the first
request after it) switches the pages, and they stay in that language after signing out.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

PORTAL_LANGUAGES = ("en", "hi")
# Sites with languages of their own: the officials' desk, the API, the EAEU focal points' pages,
# the public register (English, Hindi, Russian: whichever the reader asks for).
OTHER_SITES = ("/admin/", "/api/", "/counterpart/", "/public/")


def portal_language_of(user: object) -> str:
    """The language an exporter chose on the account ("" if none); officials and focal points
    have none for the portal."""
    if (
        getattr(user, "is_authenticated", False)
        and not getattr(user, "is_staff", True)
        and getattr(user, "regulator_id", None) is None
    ):
        chosen = str(getattr(user, "language", "") or "")
        return chosen if chosen in PORTAL_LANGUAGES else ""
    return ""


class PortalLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(OTHER_SITES):
            return self.get_response(request)
        chosen = portal_language_of(request.user)
        language = chosen or translation.get_language()
        if language not in PORTAL_LANGUAGES:
            language = settings.LANGUAGE_CODE
        if language != translation.get_language():
            translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
