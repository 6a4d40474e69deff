"""Officials' second factor at every API door: the token endpoint, tokens, sessions, pages.

With OFFICIALS_REQUIRE_MFA on (override_settings, and the value the production profile gives
when DEBUG is unset), an official or superuser gets an API token only with the current code of
their authenticator app; tokens issued any other way, or expired, open nothing; a session that
never gave the code is refused by the API and sent to the code page by every other page.
Exporters are unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from barriers.accounts.roles import TRIAGE_OFFICER
from barriers.models import ApiTokenSecondFactor, AuditAction, AuditEvent, User
from tests import factories
from tests.api_factories import client_for
from tests.portal_helpers import PASSWORD, fresh_cache
from tests.test_mfa import AUTHENTICATE_URL, current_code, wrong_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(fresh_cache.__name__)]

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "/api/v1/auth/token/"
REPORTS = "/api/v1/reports/"


@pytest.fixture(scope="module")
def production_default() -> bool:
    """OFFICIALS_REQUIRE_MFA as a production process with DEBUG unset computes it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "OFFICIALS_REQUIRE_MFA"} and not k.startswith("DJANGO_")
    }
    env["SECRET_KEY"] = "s" * 64
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, tracker.settings as s; print(json.dumps(s.OFFICIALS_REQUIRE_MFA))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(params=["override_settings", "production default"])
def mfa_on(request, settings, production_default) -> None:
    if request.param == "override_settings":
        settings.OFFICIALS_REQUIRE_MFA = True
    else:
        settings.OFFICIALS_REQUIRE_MFA = production_default
    assert settings.OFFICIALS_REQUIRE_MFA is True


def triage_officer() -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=TRIAGE_OFFICER))
    return user


def superuser() -> User:
    return User.objects.create_superuser(email="root@commerce.example", password=PASSWORD)


OFFICIALS = {"triage officer": triage_officer, "superuser": superuser}


def with_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def ask(body: dict[str, object]):
    return client_for(None).post(TOKEN, body, format="json")


def other_companies_report() -> None:
    factories.report_file()


# --- The token endpoint ----------------------------------------------------------------------


@pytest.mark.usefixtures("mfa_on")
@pytest.mark.parametrize("make", OFFICIALS.values(), ids=OFFICIALS.keys())
def test_an_official_without_a_code_gets_401_mfa_required_and_no_token(make) -> None:
    official = make()
    with_totp(official)

    response = ask({"email": official.email, "password": PASSWORD})

    assert response.status_code == 401
    assert response.json()["code"] == "mfa_required"
    assert "otp" in response.json()["detail"]
    assert not Token.objects.filter(user=official).exists()


@pytest.mark.usefixtures("mfa_on")
@pytest.mark.parametrize("make", OFFICIALS.values(), ids=OFFICIALS.keys())
def test_an_official_with_the_current_code_gets_a_token_that_expires(make) -> None:
    official = make()
    secret = with_totp(official)
    other_companies_report()

    response = ask({"email": official.email, "password": PASSWORD, "otp": current_code(secret)})

    assert response.status_code == 200, response.content
    token = Token.objects.get(user=official)
    assert response.json()["token"] == token.key
    assert ApiTokenSecondFactor.objects.filter(token=token).exists()
    expires_at = dt.datetime.fromisoformat(response.json()["expires_at"])
    assert expires_at - token.created == dt.timedelta(hours=8)
    reader = client_for(None)
    reader.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert reader.get(REPORTS).json()["results"]  # every company's reports
    assert AuditEvent.objects.filter(
        user=official, action=AuditAction.LOGIN, what="API token issued with a second factor"
    ).exists()


@pytest.mark.usefixtures("mfa_on")
def test_a_wrong_or_replayed_code_is_401_mfa_invalid_and_counts_towards_the_lock_out(
    settings,
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    official = triage_officer()
    secret = with_totp(official)
    code = current_code(secret)
    assert ask({"email": official.email, "password": PASSWORD, "otp": code}).status_code == 200
    Token.objects.all().delete()

    replayed = ask({"email": official.email, "password": PASSWORD, "otp": code})
    assert replayed.status_code == 401 and replayed.json()["code"] == "mfa_invalid"
    wrong = ask({"email": official.email, "password": PASSWORD, "otp": wrong_code(secret)})
    assert wrong.status_code == 401 and wrong.json()["code"] == "mfa_invalid"
    assert not Token.objects.exists()
    assert (
        AuditEvent.objects.filter(
            user=official, action=AuditAction.LOGIN_FAILED, what__contains="second-factor"
        ).count()
        == 2
    )

    ask({"email": official.email, "password": PASSWORD, "otp": wrong_code(secret)})
    locked = ask({"email": official.email, "password": PASSWORD, "otp": current_code(secret, 1)})
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert not Token.objects.exists()


@pytest.mark.usefixtures("mfa_on")
def test_an_official_without_an_authenticator_app_is_told_to_set_one_up() -> None:
    official = triage_officer()

    missing = ask({"email": official.email, "password": PASSWORD})
    assert missing.status_code == 401
    assert missing.json()["code"] == "mfa_required"
    assert "set it up" in missing.json()["detail"]
    guessed = ask({"email": official.email, "password": PASSWORD, "otp": "123456"})
    assert guessed.status_code == 401
    assert guessed.json()["code"] == "mfa_setup_required"
    assert not Token.objects.exists()


@pytest.mark.parametrize("otp", ["12345", "1234567", "abcdef", " 12345", 123456, None], ids=repr)
def test_a_malformed_code_is_400_naming_the_field(otp) -> None:
    official = triage_officer()
    response = ask({"email": official.email, "password": PASSWORD, "otp": otp})
    assert response.status_code == 400
    assert "otp" in response.json()
    assert not Token.objects.exists()


def test_a_wrong_password_with_a_code_is_still_the_usual_400(settings) -> None:
    settings.OFFICIALS_REQUIRE_MFA = True
    official = triage_officer()
    secret = with_totp(official)
    response = ask({"email": official.email, "password": "wrong", "otp": current_code(secret)})
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


# --- Tokens already issued -------------------------------------------------------------------


@pytest.mark.usefixtures("mfa_on")
@pytest.mark.parametrize("make", OFFICIALS.values(), ids=OFFICIALS.keys())
def test_an_officials_token_issued_without_a_second_factor_opens_nothing(make) -> None:
    """A token from before the rule, the DRF token admin or `drf_create_token`."""
    official = make()
    with_totp(official)
    other_companies_report()
    client = client_for(official)  # Token.objects.get_or_create: no second factor

    for url in (REPORTS, "/api/v1/barriers/", "/api/v1/countries/"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json()["code"] == "mfa_required"


@pytest.mark.usefixtures("mfa_on")
def test_an_expired_official_token_is_401_token_expired_and_a_new_code_gives_a_new_one(
    settings,
) -> None:
    official = triage_officer()
    secret = with_totp(official)
    first = ask({"email": official.email, "password": PASSWORD, "otp": current_code(secret)})
    key = first.json()["token"]
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(REPORTS).status_code == 200

    later = timezone.now() + settings.OFFICIALS_API_TOKEN_TTL + dt.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        expired = client.get(REPORTS)
        assert expired.status_code == 401
        assert expired.json()["code"] == "token_expired"
        renewed = ask({"email": official.email, "password": PASSWORD, "otp": current_code(secret)})
        assert renewed.status_code == 200
        assert renewed.json()["token"] != key
        client.credentials(HTTP_AUTHORIZATION=f"Token {renewed.json()['token']}")
        assert client.get(REPORTS).status_code == 200


def test_the_token_lifetime_is_a_setting(settings) -> None:
    settings.OFFICIALS_REQUIRE_MFA = True
    settings.OFFICIALS_API_TOKEN_TTL = dt.timedelta(minutes=5)
    official = triage_officer()
    secret = with_totp(official)
    key = ask({"email": official.email, "password": PASSWORD, "otp": current_code(secret)}).json()[
        "token"
    ]
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=4), tick=False):
        assert client.get(REPORTS).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=False):
        assert client.get(REPORTS).json()["code"] == "token_expired"


def test_with_the_setting_off_an_official_with_totp_still_needs_the_code(settings) -> None:
    settings.OFFICIALS_REQUIRE_MFA = False
    official = triage_officer()
    with_totp(official)
    assert ask({"email": official.email, "password": PASSWORD}).json()["code"] == "mfa_required"
    assert client_for(official).get(REPORTS).status_code == 401
    # Without an authenticator app (the embedded run) the password is enough, for 8 hours.
    plain = triage_officer()
    response = ask({"email": plain.email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["expires_at"] is not None


# --- Exporters are unchanged ---------------------------------------------------------------


@pytest.mark.usefixtures("mfa_on")
def test_exporters_get_their_token_with_the_password_alone_and_it_does_not_expire() -> None:
    exporter = factories.ExporterFactory()
    response = ask({"email": exporter.email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["expires_at"] is None
    assert not ApiTokenSecondFactor.objects.exists()
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=False):
        assert client.get(REPORTS).status_code == 200
    again = ask({"email": exporter.email, "password": PASSWORD})
    assert again.json()["token"] == response.json()["token"]


# --- Sessions ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("mfa_on")
@pytest.mark.parametrize("make", OFFICIALS.values(), ids=OFFICIALS.keys())
def test_an_official_session_without_the_second_factor_is_refused_by_the_api(make) -> None:
    official = make()
    with_totp(official)
    client = Client()
    client.force_login(official)  # signed in, but no code given in this session

    response = client.get(REPORTS)

    assert response.status_code == 401
    assert response.json()["code"] == "mfa_required"


@pytest.mark.usefixtures("mfa_on")
def test_an_official_without_totp_signed_in_by_password_is_refused_by_the_api() -> None:
    official = triage_officer()
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": official.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(REPORTS).json()["code"] == "mfa_required"


@pytest.mark.usefixtures("mfa_on")
def test_a_session_that_gave_the_code_reaches_the_api_and_the_pages() -> None:
    official = triage_officer()
    secret = with_totp(official)
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": official.email, "password": PASSWORD}
    )
    assert response.url == AUTHENTICATE_URL
    assert client.post(AUTHENTICATE_URL, {"code": current_code(secret)}).status_code == 302
    assert client.get(REPORTS).status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.usefixtures("mfa_on")
def test_every_page_sends_a_session_without_the_code_to_give_it_and_back() -> None:
    official = triage_officer()
    secret = with_totp(official)
    client = Client()
    client.force_login(official)
    for url in ("/admin/", "/admin/barriers/report/", "/reports/", "/admin/dashboard/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/2fa/reauthenticate/?next="), url
    page = client.get("/accounts/2fa/reauthenticate/?next=/admin/barriers/report/")
    assert page.status_code == 200
    done = client.post(
        "/accounts/2fa/reauthenticate/?next=/admin/barriers/report/",
        {"code": current_code(secret)},
    )
    assert done.status_code == 302 and done.url == "/admin/barriers/report/"
    assert client.get("/admin/barriers/report/").status_code == 200
    assert client.get(REPORTS).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("mfa_on")
def test_setting_up_totp_counts_as_giving_the_second_factor() -> None:
    """Real commits: allauth announces the new authenticator once its transaction commits."""
    from tests.test_mfa import activate_totp, admin_sign_in

    official = factories.OfficialFactory()
    client = Client()
    admin_sign_in(client, official)
    assert client.get(REPORTS).status_code == 401
    activate_totp(client)
    assert Authenticator.objects.filter(user=official).exists()
    assert client.get(REPORTS).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_exporter_sessions_are_unchanged(settings) -> None:
    settings.OFFICIALS_REQUIRE_MFA = True
    from tests.portal_helpers import exporter

    client = Client()
    client.force_login(exporter())
    assert client.get(REPORTS).status_code == 200
    assert client.get("/reports/").status_code == 200


# --- The schema ----------------------------------------------------------------------------


def test_the_schema_documents_the_second_factor_and_its_error_codes() -> None:
    schema = Client().get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    body = components[
        token["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    ]
    assert body["properties"]["otp"]["pattern"] == "^[0-9]{6}$"
    assert "otp" not in body.get("required", [])
    refusal = token["responses"]["401"]["content"]["application/json"]["schema"]["$ref"]
    code = components[refusal.split("/")[-1]]["properties"]["code"]
    enum = components[code["allOf"][0]["$ref"].split("/")[-1]]["enum"]
    assert {"mfa_required", "mfa_invalid", "mfa_setup_required"} <= set(enum)
    assert "429" in token["responses"]

    reports = schema["paths"]["/api/v1/reports/"]["get"]["responses"]["401"]
    error = components[reports["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
    enum = components[error["properties"]["code"]["allOf"][0]["$ref"].split("/")[-1]]["enum"]
    assert {"mfa_required", "token_expired", "not_authenticated"} <= set(enum)
    token_out = components["Token"]["properties"]
    assert token_out["expires_at"]["nullable"] is True
