"""Second factor for officials (barriers/accounts/mfa.py, allauth.mfa): set-up enforced, code asked."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from barriers.accounts.roles import TRIAGE_OFFICER
from barriers.models import User
from tests import factories
from tests.portal_helpers import PASSWORD, exporter, fresh_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(fresh_cache.__name__)]

ROOT = Path(__file__).resolve().parents[2]
ADMIN_LOGIN = "/admin/login/?next=/admin/"
SETUP_URL = "/accounts/2fa/totp/activate/"
AUTHENTICATE_URL = "/accounts/2fa/authenticate/"


@pytest.fixture
def mfa_required(settings) -> None:
    settings.OFFICIALS_REQUIRE_MFA = True


@pytest.fixture
def mfa_optional(settings) -> None:
    settings.OFFICIALS_REQUIRE_MFA = False


def triage_officer() -> User:
    from django.contrib.auth.models import Group

    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=TRIAGE_OFFICER))
    return user


def current_code(secret: str, offset: int = 0) -> str:
    """What the official's authenticator app shows now (RFC 6238, 30 s steps).

    Never a code in the last two seconds of its window: the server accepts only its own
    window's code, and the request may reach it in the next one.
    """
    left = 30 - time.time() % 30
    if offset == 0 and left < 2:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def wrong_code(secret: str) -> str:
    valid = {current_code(secret, offset) for offset in (-2, -1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def admin_sign_in(client: Client, user: User) -> str:
    response = client.post(ADMIN_LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


def every_admin_url() -> list[str]:
    urls = [reverse("admin:index"), reverse("admin_dashboard"), reverse("admin:password_change")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    return urls


def activate_totp(client: Client) -> str:
    """Go through allauth's set-up page as a person with an authenticator app would."""
    page = client.get(SETUP_URL)
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()  # shown for typing into the app by hand
    response = client.post(SETUP_URL, {"code": current_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


# --- Setting on: officials must set up TOTP, then sign in with a code -----------------------


@pytest.mark.usefixtures("mfa_required")
def test_official_without_totp_is_sent_to_setup_from_every_admin_url(client: Client) -> None:
    official = triage_officer()
    assert admin_sign_in(client, official) == "/admin/"
    urls = every_admin_url()
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url == SETUP_URL, url
    # Not even a write slips through.
    response = client.post(reverse("admin:barriers_barrier_changelist"), {"action": "x"})
    assert response.status_code == 302 and response.url == SETUP_URL
    # The set-up page itself is reachable, and so is signing out.
    assert client.get(SETUP_URL).status_code == 200
    assert client.post(reverse("admin:logout")).status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_after_setting_up_totp_the_admin_opens(client: Client) -> None:
    official = triage_officer()
    admin_sign_in(client, official)
    setup_page = client.get(SETUP_URL).content.decode()
    assert "The officials' desk needs a second factor" in setup_page
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(SETUP_URL, {"code": current_code(secret)}, follow=True)
    # Recovery codes are shown once set up, with the way on to the admin.
    assert response.redirect_chain[-1][0] == "/accounts/2fa/recovery-codes/"
    assert 'href="/admin/">Continue to the officials' in response.content.decode()
    assert Authenticator.objects.filter(user=official, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:barriers_report_changelist")).status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_with_totp_sign_in_asks_for_the_code_refuses_a_wrong_one_accepts_the_right_one() -> None:
    official = triage_officer()
    setup = Client()
    admin_sign_in(setup, official)
    secret = activate_totp(setup)

    client = Client()
    # The password alone is not enough: the next step is the code.
    assert admin_sign_in(client, official) == AUTHENTICATE_URL
    assert "_auth_user_id" not in client.session
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    page = client.get(AUTHENTICATE_URL)
    assert page.status_code == 200 and 'name="code"' in page.content.decode()

    response = client.post(AUTHENTICATE_URL, {"code": wrong_code(secret)})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302

    response = client.post(AUTHENTICATE_URL, {"code": current_code(secret)})
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:barriers_barrier_changelist")).status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_a_wrong_password_never_reaches_the_code_step(client: Client) -> None:
    official = triage_officer()
    response = client.post(ADMIN_LOGIN, {"username": official.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter the correct" in response.content.decode()
    assert client.get(AUTHENTICATE_URL).status_code == 302  # no login in progress


@pytest.mark.usefixtures("mfa_required")
def test_admin_sign_in_still_locks_out_after_repeated_failures(client: Client, settings) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    official = triage_officer()
    for _ in range(3):
        client.post(ADMIN_LOGIN, {"username": official.email, "password": "wrong"})
    response = client.post(ADMIN_LOGIN, {"username": official.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("mfa_required")
def test_exporters_are_never_asked_for_a_second_factor(client: Client) -> None:
    user = exporter()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/reports/"
    assert client.get("/reports/").status_code == 200
    assert client.get("/reports/new/").status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()


@pytest.mark.usefixtures("mfa_required")
def test_a_wrong_code_at_set_up_is_refused_and_nothing_is_activated(client: Client) -> None:
    official = triage_officer()
    admin_sign_in(client, official)
    client.get(SETUP_URL)
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post(SETUP_URL, {"code": wrong_code(secret)})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=official).exists()
    assert client.get("/admin/").url == SETUP_URL


# --- Setting off (the embedded run): password only ------------------------------------------


@pytest.mark.usefixtures("mfa_optional")
def test_with_the_setting_off_the_admin_works_with_the_password_only(client: Client) -> None:
    official = triage_officer()
    assert admin_sign_in(client, official) == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:barriers_report_changelist")).status_code == 200


@pytest.mark.usefixtures("mfa_optional")
def test_with_the_setting_off_an_official_who_set_up_totp_is_still_asked(client: Client) -> None:
    official = triage_officer()
    admin_sign_in(client, official)
    secret = activate_totp(client)
    other = Client()
    assert admin_sign_in(other, official) == AUTHENTICATE_URL
    assert other.post(AUTHENTICATE_URL, {"code": current_code(secret)}).url == "/admin/"


@pytest.mark.parametrize(
    ("debug", "expected"), [("false", "True"), ("true", "False")], ids=["production", "embedded"]
)
def test_the_setting_is_on_in_production_and_off_in_the_embedded_run(
    debug: str, expected: str
) -> None:
    env = {
        **os.environ,
        "DEBUG": debug,
        "SECRET_KEY": "a-test-secret-key-that-is-long-enough-for-the-check-0123456789",
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
    }
    env.pop("OFFICIALS_REQUIRE_MFA", None)
    out = subprocess.run(
        [sys.executable, "-c", "import tracker.settings as s; print(s.OFFICIALS_REQUIRE_MFA)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == expected
