"""Sessions: officials are signed out after inactivity, exporters keep the normal session age,
and the session key changes at every login (no session fixation).

Idleness is simulated by moving the clock forward (time-machine); nothing sleeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from barriers.accounts.security import DEFAULT_OFFICIAL_SESSION_IDLE_SECONDS
from tests import factories
from tests.portal_helpers import PASSWORD, confirmed, exporter, fresh_cache  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

ADMIN_LOGIN = "/admin/login/"
PORTAL_LOGIN = "/accounts/login/"
ADMIN_PAGE = "/admin/barriers/report/"


def _session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _stored(client: Client) -> Session:
    return Session.objects.get(session_key=_session_key(client))


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        yield traveller


def _idle_for(clock: time_machine.Coordinates, seconds: int) -> None:
    """Let `seconds` pass without a request."""
    clock.shift(dt.timedelta(seconds=seconds))


def _seconds_left(client: Client) -> float:
    return (_stored(client).expire_date - timezone.now()).total_seconds()


def _official_signed_in_to_admin() -> Client:
    official = factories.OfficialFactory()
    official.user_permissions.add(Permission.objects.get(codename="view_report"))
    client = Client()
    response = client.post(ADMIN_LOGIN, {"username": official.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def test_idle_limit_defaults_to_thirty_minutes() -> None:
    assert settings.OFFICIAL_SESSION_IDLE_SECONDS == DEFAULT_OFFICIAL_SESSION_IDLE_SECONDS == 1800


def test_an_officials_session_lasts_the_idle_limit_from_login() -> None:
    client = _official_signed_in_to_admin()

    assert 1790 <= _seconds_left(client) <= 1800
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 1800


def test_an_official_idle_past_the_limit_is_sent_to_sign_in_again(clock) -> None:
    client = _official_signed_in_to_admin()
    assert client.get(ADMIN_PAGE).status_code == 200

    _idle_for(clock, 31 * 60)
    response = client.get(ADMIN_PAGE)

    assert response.status_code == 302
    assert response.url.startswith(f"{ADMIN_LOGIN}?next=")
    # The API does not accept the stale session either.
    assert client.get("/api/v1/reports/").status_code in {401, 403}


def test_an_active_official_stays_signed_in_and_each_request_renews_the_limit(clock) -> None:
    client = _official_signed_in_to_admin()

    # Six requests, each 25 minutes after the one before: 2.5 hours in all, never 30 idle.
    for _ in range(6):
        _idle_for(clock, 25 * 60)
        assert _seconds_left(client) < 6 * 60
        response = client.get(ADMIN_PAGE)
        assert response.status_code == 200
        assert 1790 <= _seconds_left(client) <= 1800


def test_requests_within_a_minute_of_a_renewal_do_not_write_the_session(
    clock,
) -> None:
    """Renewing the expiry is a write and a commit; an official's page views in quick succession
    renew it once a minute, not on every request."""
    client = _official_signed_in_to_admin()
    expiry = _stored(client).expire_date

    _idle_for(clock, 20)
    client.get(ADMIN_PAGE)
    assert _stored(client).expire_date == expiry  # not renewed: nothing written

    with CaptureQueriesContext(connection) as queries:
        client.get(ADMIN_PAGE)
    assert not [
        q for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    ]

    _idle_for(clock, 45)  # 65 s after the renewal at sign-in
    client.get(ADMIN_PAGE)
    assert 1790 <= _seconds_left(client) <= 1800  # renewed


def test_an_official_is_signed_out_at_most_the_idle_limit_after_the_last_request(clock) -> None:
    client = _official_signed_in_to_admin()
    _idle_for(clock, 50)
    assert client.get(ADMIN_PAGE).status_code == 200  # not renewed (50 s after sign-in)

    _idle_for(clock, 30 * 60 - 49)  # the idle limit since the renewal, not since the request
    response = client.get(ADMIN_PAGE)
    assert response.status_code == 302 and response.url.startswith(f"{ADMIN_LOGIN}?next=")


def test_the_idle_limit_is_a_setting(settings, clock) -> None:
    settings.OFFICIAL_SESSION_IDLE_SECONDS = 120
    client = _official_signed_in_to_admin()
    assert 110 <= _seconds_left(client) <= 120

    _idle_for(clock, 121)
    assert client.get(ADMIN_PAGE).status_code == 302


def test_an_official_signed_in_on_the_portal_login_also_gets_the_idle_limit() -> None:
    official = confirmed(factories.OfficialFactory())
    client = Client()
    client.post(PORTAL_LOGIN, {"login": official.email, "password": PASSWORD})

    assert 1790 <= _seconds_left(client) <= 1800


def test_an_exporter_keeps_the_normal_session_age(clock) -> None:
    user = exporter()
    client = Client()
    response = client.post(PORTAL_LOGIN, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/reports/"

    age = settings.SESSION_COOKIE_AGE
    assert age > 1800 and age - 10 <= _seconds_left(client) <= age

    _idle_for(clock, 2 * 3600)
    assert client.get("/reports/").status_code == 200


def test_an_api_call_with_a_token_creates_no_session() -> None:
    official = factories.OfficialFactory()
    token = Token.objects.create(user=official)
    client = Client(headers={"Authorization": f"Token {token.key}"})

    response = client.get("/api/v1/reports/")

    assert response.status_code == 200
    assert Session.objects.count() == 0
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def _client_with_anonymous_session() -> tuple[Client, str]:
    """A browser that already holds a session before it signs in (as an attacker could plant)."""
    store = SessionStore()
    store["before_login"] = "yes"
    store.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    return client, store.session_key


def test_the_session_key_changes_at_portal_login() -> None:
    user = exporter()
    client, before = _client_with_anonymous_session()

    response = client.post(PORTAL_LOGIN, {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302 and response.url == "/reports/"
    after = _session_key(client)
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    # The planted key does not carry the login: a client holding it is anonymous.
    planted = Client()
    planted.cookies[settings.SESSION_COOKIE_NAME] = before
    assert planted.get("/reports/").status_code == 302
    assert client.get("/reports/").status_code == 200


def test_the_session_key_changes_at_admin_login() -> None:
    official = factories.OfficialFactory(is_superuser=True)
    client, before = _client_with_anonymous_session()

    response = client.post(ADMIN_LOGIN, {"username": official.email, "password": PASSWORD})

    assert response.status_code == 302
    after = _session_key(client)
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    planted = Client()
    planted.cookies[settings.SESSION_COOKIE_NAME] = before
    assert planted.get("/admin/").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_session_key_changes_again_when_an_official_signs_in_a_second_time() -> None:
    official = factories.OfficialFactory(is_superuser=True)
    client = Client()
    client.post(ADMIN_LOGIN, {"username": official.email, "password": PASSWORD})
    first = _session_key(client)

    client.post("/admin/logout/")
    client.post(ADMIN_LOGIN, {"username": official.email, "password": PASSWORD})

    assert _session_key(client) != first
    assert not Session.objects.filter(session_key=first).exists()
