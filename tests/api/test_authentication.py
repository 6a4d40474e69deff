"""API tokens, sign-in lock-out and rate limits."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from tests import factories
from tests.api_factories import client_for

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


def test_email_and_password_give_a_token_that_works(exporter) -> None:
    response = client_for(None).post(
        TOKEN, {"email": exporter.email.upper(), "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.data["token"]
    assert Token.objects.get(user=exporter).key == token
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/reports/").status_code == 200
    # Asking again gives the same token.
    again = client_for(None).post(
        TOKEN, {"email": exporter.email, "password": PASSWORD}, format="json"
    )
    assert again.data["token"] == token


def test_no_token_until_the_sign_up_address_is_confirmed(exporter) -> None:
    address = EmailAddress.objects.create(
        user=exporter, email=exporter.email, primary=True, verified=False
    )
    credentials = {"email": exporter.email, "password": PASSWORD}

    refused = client_for(None).post(TOKEN, credentials, format="json")

    assert refused.status_code == 400
    assert "Confirm your e-mail address first" in refused.data["non_field_errors"][0]
    assert not Token.objects.filter(user=exporter).exists()

    address.verified = True
    address.save()
    assert client_for(None).post(TOKEN, credentials, format="json").status_code == 200


def test_a_wrong_password_gets_400_with_a_clear_message(exporter) -> None:
    response = client_for(None).post(
        TOKEN, {"email": exporter.email, "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert response.data == {
        "non_field_errors": ["That e-mail address and password do not match an account."]
    }
    assert not Token.objects.exists()


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password() -> None:
    response = client_for(None).post(
        TOKEN, {"email": "nobody@example.org", "password": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.data


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": "x"}, "email"),
        ({"email": "a@b.org"}, "password"),
        ({"email": "x"}, "email"),
        ({"email": "a@b.org", "password": 123456}, "password"),
        ({"email": 7, "password": "x"}, "email"),
    ],
    ids=["no e-mail", "no password", "not an e-mail", "password a number", "e-mail a number"],
)
def test_incomplete_credentials_are_refused(body, field) -> None:
    response = client_for(None).post(TOKEN, body, format="json")
    assert response.status_code == 400
    assert field in response.data


def test_an_inactive_user_gets_no_token(exporter) -> None:
    exporter.is_active = False
    exporter.save()
    response = client_for(None).post(
        TOKEN, {"email": exporter.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400


def test_repeated_wrong_passwords_lock_signing_in(exporter, settings) -> None:
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(TOKEN, {"email": exporter.email, "password": "wrong"}, format="json")
    response = client.post(TOKEN, {"email": exporter.email, "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.data["detail"]
    assert not Token.objects.exists()


def test_a_broken_authorization_header_does_not_block_getting_a_token(exporter) -> None:
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION="Token expired-or-garbage")
    response = client.post(TOKEN, {"email": exporter.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200


def test_requests_beyond_the_user_rate_get_429(exporter, monkeypatch) -> None:
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "3/min"})
    client = client_for(exporter)
    statuses = [client.get("/api/v1/reports/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/reports/")
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.data["detail"].code
    # Another user has their own allowance.
    assert client_for(factories.ExporterFactory()).get("/api/v1/reports/").status_code == 200


def test_anonymous_requests_beyond_the_anon_rate_get_429(monkeypatch) -> None:
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "2/min"})
    client = client_for(None)
    statuses = [
        client.post(TOKEN, {"email": "a@b.org", "password": "x"}, format="json").status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]
