"""Request hardening that Django's own settings do not cover.

Officials (staff users) see every company's commercial data, so a browser left open on an
official's desk must not stay signed in: their session ends after `OFFICIAL_SESSION_IDLE_SECONDS`
without a request. Exporters keep the normal `SESSION_COOKIE_AGE`.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

DEFAULT_OFFICIAL_SESSION_IDLE_SECONDS = 30 * 60


def official_session_idle_seconds() -> int:
    return int(
        getattr(settings, "OFFICIAL_SESSION_IDLE_SECONDS", DEFAULT_OFFICIAL_SESSION_IDLE_SECONDS)
    )


class OfficialIdleSessionMiddleware(MiddlewareMixin):
    """Give a signed-in official's session a sliding expiry of the idle limit.

    After each request of a staff user signed in through a session, the session's expiry is set
    to the idle limit from now, so the session store drops it (and the next request is anonymous,
    sent to the login page) once the official has been idle that long. Setting it after the view
    also covers the login request itself, where the user becomes an official only inside the view.

    `set_expiry` stores the limit in the session, so the session is saved on every request of an
    official: the expiry slides with activity. A session that has already expired is never
    loaded (`SessionStore.load` treats it as empty), so there is nothing to refresh. API calls
    with a token carry no session; none is created for them.

    A `process_response` hook (not a `__call__` around the view) keeps this module off the call
    stack of the views, where it would be named as the caller of every query they make.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            session is not None
            and session.session_key is not None
            and user is not None
            and user.is_authenticated
            and user.is_staff
        ):
            session.set_expiry(official_session_idle_seconds())
        return response
