"""Sign-in lock-out: per account and per (account, address), never per address alone.

One attacker failing on one account must not lock out the other exporters who sign in from
the same address (an office NAT, or everyone behind the reverse proxy); the locked account is
told when to try again (Retry-After) at every door; and the address is the client's own, read
from X-Forwarded-For only behind TRUSTED_PROXY_COUNT trusted proxies.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

from barriers.models import AuditAction, AuditEvent
from tests import factories
from tests.api_factories import client_for
from tests.portal_helpers import PASSWORD, exporter, fresh_cache
from tracker.settings import client_ip_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(fresh_cache.__name__)]

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/?next=/admin/"
TOKEN = "/api/v1/auth/token/"
OFFICE = "81.2.69.142"  # one public address for a whole office (NAT) or the proxy
ELSEWHERE = "88.198.54.12"


@pytest.fixture
def axes_on(settings) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def trusted_proxies(settings, count: int) -> None:
    """What TRUSTED_PROXY_COUNT=count configures (tracker/settings.py)."""
    for name, value in client_ip_settings(count).items():
        setattr(settings, name, value)
    settings.TRUSTED_PROXY_COUNT = count
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}


def portal_sign_in(email: str, password: str, ip: str = OFFICE, **headers: str):
    return Client(REMOTE_ADDR=ip, **headers).post(LOGIN, {"login": email, "password": password})


@pytest.mark.usefixtures("axes_on")
def test_failures_on_other_accounts_from_the_same_address_do_not_block_a_correct_sign_in(
    settings,
) -> None:
    attacked = [exporter() for _ in range(3)]
    colleague = exporter()
    # More failures from one address than any per-address limit allowed (allauth's default was
    # 10 a minute per address), spread so that no single account reaches the lock-out.
    for user in attacked:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert portal_sign_in(user.email, "wrong").status_code == 200

    response = portal_sign_in(colleague.email, PASSWORD)

    assert response.status_code == 302 and response.url == "/reports/"


@pytest.mark.usefixtures("axes_on")
def test_the_attacked_account_is_locked_with_retry_after_and_others_are_not(settings) -> None:
    victim, colleague = exporter(), exporter()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        portal_sign_in(victim.email, "wrong")

    locked = portal_sign_in(victim.email, PASSWORD)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert "Signing in to this account is locked" in locked.content.decode()
    # Per account: the right password from another address is refused too.
    assert portal_sign_in(victim.email, PASSWORD, ip=ELSEWHERE).status_code == 429
    # The colleague behind the same address signs in.
    assert portal_sign_in(colleague.email, PASSWORD).status_code == 302


@pytest.mark.usefixtures("axes_on")
def test_the_admin_sign_in_lock_out_carries_retry_after(settings) -> None:
    official, other = factories.OfficialFactory(), factories.OfficialFactory()
    client = Client(REMOTE_ADDR=OFFICE)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(ADMIN_LOGIN, {"username": official.email, "password": "wrong"})

    locked = client.post(ADMIN_LOGIN, {"username": official.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session
    signed_in = Client(REMOTE_ADDR=OFFICE).post(
        ADMIN_LOGIN, {"username": other.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302 and signed_in.url == "/admin/"


@pytest.mark.usefixtures("axes_on")
def test_the_api_token_lock_out_is_429_json_with_retry_after(settings) -> None:
    victim, colleague = factories.ExporterFactory(), factories.ExporterFactory()
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(TOKEN, {"email": victim.email, "password": "wrong"}, format="json")

    locked = client.post(TOKEN, {"email": victim.email, "password": PASSWORD}, format="json")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    other = client.post(TOKEN, {"email": colleague.email, "password": PASSWORD}, format="json")
    assert other.status_code == 200


# --- The client's address --------------------------------------------------------------------


@pytest.mark.usefixtures("axes_on")
def test_with_no_trusted_proxy_a_spoofed_forwarded_for_is_ignored(settings) -> None:
    trusted_proxies(settings, 0)
    user = exporter()
    portal_sign_in(user.email, "wrong", ip=OFFICE, HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}
    failure = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failure.ip_address == OFFICE


@pytest.mark.usefixtures("axes_on")
def test_behind_one_trusted_proxy_the_address_it_saw_is_used(settings) -> None:
    trusted_proxies(settings, 1)
    user = exporter()
    # The proxy (socket peer 10.0.0.2) appended the client's address to what the client sent.
    portal_sign_in(user.email, "wrong", ip="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ELSEWHERE}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ELSEWHERE}
    assert AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED).ip_address == ELSEWHERE
    response = portal_sign_in(user.email, PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR=OFFICE)
    assert response.status_code == 302
    assert AuditEvent.objects.get(action=AuditAction.LOGIN).ip_address == OFFICE


@pytest.mark.usefixtures("axes_on")
def test_behind_the_proxy_clients_are_locked_out_one_account_at_a_time(settings) -> None:
    """Every request comes from the proxy's address; accounts are still apart."""
    trusted_proxies(settings, 1)
    victim, colleague = exporter(), exporter()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        portal_sign_in(victim.email, "wrong", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="5.6.7.8")
    assert (
        portal_sign_in(victim.email, PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="5.6.7.8")
    ).status_code == 429
    assert (
        portal_sign_in(colleague.email, PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="5.6.7.9")
    ).status_code == 302


def test_a_spoofed_forwarded_for_does_not_evade_the_api_throttle(settings, monkeypatch) -> None:
    trusted_proxies(settings, 0)
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "9/min", "anon": "2/min"})
    statuses = [
        client_for(None)
        .post(
            TOKEN,
            {"email": "a@b.org", "password": "x"},
            format="json",
            REMOTE_ADDR=OFFICE,
            HTTP_X_FORWARDED_FOR=f"9.9.9.{n}",
        )
        .status_code
        for n in range(3)
    ]
    assert statuses == [400, 400, 429]
