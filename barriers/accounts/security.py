"""Request hardening that Django's own settings do not cover.

Officials (staff users) see every company's commercial data, so a browser left open on an
official's desk must not stay signed in: their session ends after `OFFICIAL_SESSION_IDLE_SECONDS`
without a request. Exporters keep the normal `SESSION_COOKIE_AGE`.

The client's address: `client_ip()` is the one function that says where a request came from,
for the sign-in lock-out (django-axes, through django-ipware), the audit log and allauth's rate
limits alike. Behind `TRUSTED_PROXY_COUNT` reverse proxies it is the Nth address from the right
of X-Forwarded-For (what the nearest trusted proxy saw); with none, the socket's REMOTE_ADDR,
and a client's own X-Forwarded-For is ignored.

Lock-outs: failed sign-ins are counted per account and per (account, address), never per
address alone (AXES_LOCKOUT_PARAMETERS), so an attacker failing on one account does not lock out
the other exporters behind the same office NAT or proxy. A lock-out answers 429 with
Retry-After, as a page (portal, admin) or as JSON (API). The account is named by its e-mail
address whichever form field carried it (`axes_username`).
"""

from __future__ import annotations

import ipaddress
import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin

DEFAULT_OFFICIAL_SESSION_IDLE_SECONDS = 30 * 60


def official_session_idle_seconds() -> int:
    return int(
        getattr(settings, "OFFICIAL_SESSION_IDLE_SECONDS", DEFAULT_OFFICIAL_SESSION_IDLE_SECONDS)
    )


def renewal_interval_seconds(idle_seconds: int) -> int:
    """How long a renewed expiry stands before the next request renews it again: a minute, or a
    tenth of a short idle limit."""
    return max(1, min(60, idle_seconds // 10))


class OfficialIdleSessionMiddleware(MiddlewareMixin):
    """Give a signed-in official's session a sliding expiry of the idle limit.

    After a request of a staff user signed in through a session, the session's expiry is set to
    the idle limit from now, so the session store drops it (and the next request is anonymous,
    sent to the login page) once the official has been idle that long. Setting it after the view
    also covers the login request itself, where the user becomes an official only inside the view.

    Renewing means saving the session: a write and a commit, which cost more than the rest of a
    small page (a synced commit took 50-70 ms here). So the expiry is renewed at most once per
    `renewal_interval_seconds` (a minute at the default 30-minute limit): the time of the last
    renewal is kept in the session, and requests in between save nothing. An official is
    therefore signed out between the idle limit less that interval and the idle limit after
    their last request. A session that has already expired is never loaded
    (`SessionStore.load` treats it as empty), so there is nothing to refresh. API calls with a
    token carry no session; none is created for them.

    A `process_response` hook (not a `__call__` around the view) keeps this module off the call
    stack of the views, where it would be named as the caller of every query they make.
    """

    RENEWED_KEY = "_official_idle_renewed"

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
            idle = official_session_idle_seconds()
            now = int(time.time())
            renewed = session.get(self.RENEWED_KEY)
            if (
                session.get_expiry_age() != idle  # just signed in, or the limit changed
                or not isinstance(renewed, int)
                or not 0 <= now - renewed < renewal_interval_seconds(idle)
            ):
                session.set_expiry(idle)
                session[self.RENEWED_KEY] = now
        return response


# ---------------------------------------------------------------------------------------------
# The client's address
# ---------------------------------------------------------------------------------------------


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, as configured by TRUSTED_PROXY_COUNT (see the module docstring).

    django-axes resolves it with django-ipware from the AXES_IPWARE_* settings that
    tracker/settings.py derives from TRUSTED_PROXY_COUNT; the lock-out counts against the same
    address the audit log records.
    """
    if request is None:
        return None
    meta = getattr(request, "META", None)
    if meta is None:
        return None
    try:
        value = get_client_ip_address(request)
    except ValueError:  # ipware refuses a malformed header outright
        value = None
    value = value or meta.get("REMOTE_ADDR")
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


class AccountAdapter(DefaultAccountAdapter):
    """allauth with the project's client address, and one sign-in failure counter (axes).

    allauth's own login-failure limit counts per address as well as per account; django-axes
    already counts failed passwords per account, and answers lock-outs with Retry-After, so
    allauth's counter is not consumed for passwords. Its second-factor limit (per account, see
    ACCOUNT_RATE_LIMITS) stays.
    """

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request) or "0.0.0.0"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        return None


# ---------------------------------------------------------------------------------------------
# Lock-outs
# ---------------------------------------------------------------------------------------------


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The account name django-axes counts failed sign-ins against.

    allauth authenticates with `email`, the admin's login form with `username`; both are the
    e-mail address, so lock-outs apply to the person whichever door they try.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("login") or data.get("username") or data.get("email")
    return str(value).strip().lower() if value else None


def lockout_seconds(request: HttpRequest | None = None) -> int:
    """How long a lock-out lasts from now: each attempt during one starts the cool-off again."""
    cool_off = get_cool_off(request)
    return max(1, int(cool_off.total_seconds())) if cool_off else 3600


def sign_in_failed(request: Any, *, credentials: dict[str, Any]) -> None:
    """Count a failure that Django's authenticate() did not see (a wrong second-factor code)."""
    AxesProxyHandler.user_login_failed(sender=__name__, credentials=credentials, request=request)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with Retry-After, JSON under /api/, else a page."""
    seconds = lockout_seconds(request)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "detail": (
                    "Too many failed sign-in attempts: signing in is locked for a while. Try "
                    "again later, or reset your password in the portal."
                ),
                "code": "locked_out",
            },
            status=429,
        )
    else:
        minutes = max(1, round(seconds / 60))
        response = render(request, "barriers/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(seconds)
    return response
