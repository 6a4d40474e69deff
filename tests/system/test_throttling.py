"""Rate limits and sign-in lock-out: what a client sees, and state shared across processes.

API throttles (DRF) count in the default cache, which must be Redis in production so that every
gunicorn worker shares the counts (barriers.E001 refuses a per-process cache under
`check --deploy`). The sign-in lock-out (django-axes) counts failures in the database
(AxesDatabaseHandler), shared by every process; one account's failures count together on the
portal, the admin and the API token endpoint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.checks import run_checks
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from barriers import checks
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
TOKEN_URL = "/api/v1/auth/token/"
PORTAL_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
REDIS_DB = 10  # this module's own Redis database
REDIS_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:6379/{REDIS_DB}",
    }
}


@pytest.fixture(autouse=True)
def _fresh_counts() -> None:
    cache.clear()


@pytest.fixture
def rates(monkeypatch: pytest.MonkeyPatch):
    """Set the throttle rates for one test.

    DRF binds SimpleRateThrottle.THROTTLE_RATES once, at import, from REST_FRAMEWORK; changing
    the setting later does not reach it, so the rates are set where the throttles read them.
    """

    def set_rates(**values: str) -> None:
        monkeypatch.setattr(
            SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1000/min", "user": "1000/min", **values}
        )

    return set_rates


def _token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


# ---------------------------------------------------------------------------------------------
# Throttles
# ---------------------------------------------------------------------------------------------


def test_beyond_the_user_rate_the_api_answers_429_with_retry_after(rates) -> None:
    rates(user="4/min")
    client = _token_client(factories.ExporterFactory())

    statuses = [client.get("/api/v1/hs-codes/").status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]
    response = client.get("/api/v1/hs-codes/")
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 60
    assert "Request was throttled" in response.json()["detail"]
    # The count is the user's, whichever endpoint: a colleague still has a full allowance.
    assert client.get("/api/v1/countries/").status_code == 429
    assert _token_client(factories.ExporterFactory()).get("/api/v1/hs-codes/").status_code == 200


def test_beyond_the_anonymous_rate_even_the_token_endpoint_answers_429(rates) -> None:
    rates(anon="2/min")
    client = APIClient()
    body = {"email": "nobody@example.org", "password": "wrong"}

    statuses = [client.post(TOKEN_URL, body, format="json").status_code for _ in range(3)]

    assert statuses == [400, 400, 429]


# ---------------------------------------------------------------------------------------------
# Sign-in lock-out
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def lockout(settings) -> int:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def _fail(surface: str, email: str) -> int:
    if surface == "portal":
        return Client().post(PORTAL_LOGIN, {"login": email, "password": "wrong"}).status_code
    if surface == "admin":
        return Client().post(ADMIN_LOGIN, {"username": email, "password": "wrong"}).status_code
    body = {"email": email, "password": "wrong"}
    return APIClient().post(TOKEN_URL, body, format="json").status_code


def _sign_in(surface: str, email: str):
    if surface == "portal":
        return Client().post(PORTAL_LOGIN, {"login": email, "password": PASSWORD})
    if surface == "admin":
        return Client().post(ADMIN_LOGIN, {"username": email, "password": PASSWORD})
    body = {"email": email, "password": PASSWORD}
    return APIClient().post(TOKEN_URL, body, format="json")


@pytest.mark.parametrize("surface", ["portal", "admin", "api"])
def test_after_n_failures_the_right_password_is_refused(surface: str, lockout: int) -> None:
    user = factories.OfficialFactory() if surface == "admin" else factories.ExporterFactory()
    if surface == "portal":
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # Below the limit the right password still works (and resets the count).
    assert _sign_in(surface, user.email).status_code in (200, 302)

    for _ in range(lockout - 1):
        assert _fail(surface, user.email) in (200, 400)
    # The N-th failure locks the account at once ...
    assert _fail(surface, user.email) == 429
    # ... and the right password no longer gets in.
    response = _sign_in(surface, user.email)

    assert response.status_code == 429
    if surface == "api":
        assert response.json()["detail"].startswith("Too many failed sign-in attempts")
        assert "token" not in response.json()
    else:
        assert "_auth_user_id" not in response.client.session
    # The count is in the database, where every process reads it.
    attempt = AccessAttempt.objects.get(username=user.email)
    assert attempt.failures_since_start >= lockout


def test_failures_on_different_surfaces_count_together(lockout: int) -> None:
    official = factories.OfficialFactory()
    assert _fail("portal", official.email) == 200
    assert _fail("admin", official.email) == 200
    assert _fail("api", official.email) == 429

    assert _sign_in("portal", official.email).status_code == 429
    assert _sign_in("api", official.email).status_code == 429
    assert _sign_in("admin", official.email).status_code == 429


def test_axes_uses_the_database_handler_shared_by_all_processes() -> None:
    assert django_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


# ---------------------------------------------------------------------------------------------
# The deploy check
# ---------------------------------------------------------------------------------------------


def _deploy_check_ids() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_deploy_check_refuses_a_per_process_cache_in_production() -> None:
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(DEBUG=False, CACHES=locmem):
        errors = checks.shared_rate_limit_state()
        assert "barriers.E001" in _deploy_check_ids()
    assert [error.id for error in errors] == ["barriers.E001"]
    assert "CACHE_URL" in errors[0].hint

    with override_settings(DEBUG=False, CACHES=REDIS_CACHES):
        assert checks.shared_rate_limit_state() == []
        assert "barriers.E001" not in _deploy_check_ids()
    # Development (DEBUG on) keeps the embedded local-memory cache without complaint.
    with override_settings(DEBUG=True, CACHES=locmem):
        assert checks.shared_rate_limit_state() == []


def test_deploy_check_refuses_axes_counting_in_a_per_process_cache() -> None:
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(
        DEBUG=False, CACHES=locmem, AXES_HANDLER="axes.handlers.cache.AxesCacheHandler"
    ):
        ids = [error.id for error in checks.shared_rate_limit_state()]
    assert ids == ["barriers.E001", "barriers.E002"]


def test_manage_py_check_deploy_fails_without_cache_url(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "DATABASE_URL", "CELERY_BROKER_URL"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="k" + "x9Y2-zq8LmN4pR7sT1vW3bC6dF0gH5jK" * 2,
        ALLOWED_HOSTS="barriers.example.org",
        VAR_DIR=str(tmp_path),
    )
    command = [sys.executable, "manage.py", "check", "--deploy"]

    refused = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    accepted = subprocess.run(
        command,
        cwd=ROOT,
        env={**env, "CACHE_URL": f"redis://127.0.0.1:6379/{REDIS_DB}"},
        capture_output=True,
        text=True,
    )

    assert refused.returncode != 0
    assert "barriers.E001" in refused.stderr
    assert "barriers.E001" not in accepted.stderr + accepted.stdout


# ---------------------------------------------------------------------------------------------
# One count across processes (Redis)
# ---------------------------------------------------------------------------------------------

# Another process: the project's own settings, with CACHE_URL naming the same Redis database.
OTHER_PROCESS = textwrap.dedent(
    """
    import json, os, sys

    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    django.setup()
    from django.test import Client

    client = Client()
    codes = [client.get("/api/v1/schema/").status_code for _ in range(int(sys.argv[1]))]
    print(json.dumps({"pid": os.getpid(), "codes": codes}))
    """
)


def test_throttle_counts_are_shared_between_processes(rates, tmp_path: Path) -> None:
    """Two processes, one Redis: requests in one use up the allowance of the other.

    Redis is always there in CI; if it is not reachable this test fails (no skip).
    """
    rates(anon="3/min")
    with override_settings(CACHES=REDIS_CACHES):
        cache.clear()  # FLUSHDB of this module's own Redis database only
        here = Client()
        first = [here.get("/api/v1/schema/").status_code for _ in range(2)]

        env = {
            **os.environ,
            "API_THROTTLE_ANON": "3/min",
            "CACHE_URL": REDIS_CACHES["default"]["LOCATION"],
            "VAR_DIR": str(tmp_path),
        }
        env.pop("DATABASE_URL", None)
        other = subprocess.run(
            [sys.executable, "-c", OTHER_PROCESS, "2"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert other.returncode == 0, other.stderr[-3000:]
        result = json.loads(other.stdout.strip().splitlines()[-1])

        after = here.get("/api/v1/schema/")
        cache.clear()

    assert result["pid"] != os.getpid()
    assert first == [200, 200]
    # The other process had one request left of the three, then was refused.
    assert result["codes"] == [200, 429]
    # And this process sees the other's requests too.
    assert after.status_code == 429
    assert int(after["Retry-After"]) > 0
