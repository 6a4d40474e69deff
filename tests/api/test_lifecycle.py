"""The officials' lifecycle steps in the API: resolve, partially resolve, close (with a reason
code), reopen and keep resolved; as each role, refused to exporters, with an Idempotency-Key
replay, and the same result as the admin's step."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.test import APIClient

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST, TRIAGE_OFFICER
from barriers.models import (
    Barrier,
    BarrierStatus,
    ClosureReason,
    IdempotencyKey,
    OutboundEmail,
    StatusChange,
    User,
)
from tests import factories
from tests.api_factories import client_for
from tests.services.test_lifecycle import barrier_of, exporters_of, raised

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


def role_user(group: str) -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


def official_client(user: User) -> APIClient:
    """An official's token, issued as the token endpoint issues it after the second factor."""
    token = services.api_token_issue(user=user, official=True, second_factor=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def url(barrier: Barrier, step: str) -> str:
    return f"/api/v1/barriers/{barrier.reference}/{step}/"


@pytest.mark.parametrize("role", [TRIAGE_OFFICER, AGENDA_SECRETARY])
def test_each_changing_role_resolves_and_gets_the_barrier_back(role: str) -> None:
    barrier = barrier_of(2)
    official = role_user(role)
    response = official_client(official).post(
        url(barrier, "resolve"), {"note": "Plants listed."}, format="json"
    )
    assert response.status_code == 200, response.data
    assert response.data["reference"] == barrier.reference
    assert response.data["status"] == "resolved"
    assert response.data["companies_affected"] == 2
    assert response.data["closure_reason"] is None and response.data["review_flagged_at"] is None
    change = StatusChange.objects.filter(barrier=barrier).last()
    assert (change.to_status, change.actor_id, change.note) == (
        "resolved",
        official.pk,
        "Plants listed.",
    )
    assert OutboundEmail.objects.filter(body__contains="Plants listed.").count() == 2


@pytest.mark.parametrize("who", ["analyst", "exporter", "plain_staff"])
def test_an_exporter_or_an_analyst_is_refused_and_nothing_changes(who: str) -> None:
    barrier = barrier_of(1)
    if who == "exporter":
        client = client_for(exporters_of(barrier)[0])
    elif who == "analyst":
        client = official_client(role_user(ANALYST))
    else:
        client = official_client(factories.OfficialFactory())
    for step, body in (
        ("resolve", {}),
        ("close", {"reason": ClosureReason.SUPERSEDED}),
        ("reopen", {"reason": "x"}),
    ):
        assert client.post(url(barrier, step), body, format="json").status_code == 403
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN


def test_close_needs_a_reason_code() -> None:
    barrier = barrier_of(1)
    client = official_client(factories.triage_officer())
    missing = client.post(url(barrier, "close"), {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.data
    bad = client.post(url(barrier, "close"), {"reason": "gave_up"}, format="json")
    assert bad.status_code == 400 and "reason" in bad.data
    other = client.post(url(barrier, "close"), {"reason": "other", "note": " "}, format="json")
    assert other.status_code == 400 and other.data["note"] == [
        "Explain the reason when it is 'other'."
    ]
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN

    done = client.post(
        url(barrier, "close"),
        {"reason": "regulator_position_final", "note": "Confirmed in writing."},
        format="json",
    )
    assert done.status_code == 200
    assert (done.data["status"], done.data["closure_reason"]) == (
        "closed_unresolved",
        "regulator_position_final",
    )


@pytest.mark.parametrize(
    ("step", "body", "field"),
    [
        ("resolve", {"note": 767}, "note"),
        ("partially-resolve", {"note": ["Listed"]}, "note"),
        ("close", {"reason": "other", "note": 12.5}, "note"),
        ("reopen", {"reason": 7}, "reason"),
        ("keep-resolved", {"note": True}, "note"),
    ],
)
def test_a_text_given_as_another_json_type_is_a_400_naming_the_field(
    step: str, body: dict, field: str
) -> None:
    """DRF's CharField would store 767 as "767": the schema says a string, so it is refused."""
    barrier = barrier_of(1)
    client = official_client(factories.triage_officer())
    response = client.post(url(barrier, step), body, format="json")
    assert response.status_code == 400, response.content
    assert response.data[field] == ["Give this as text (a JSON string)."]
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN


def test_a_move_the_status_does_not_allow_is_409_with_a_clear_message() -> None:
    barrier = barrier_of(1)
    client = official_client(factories.triage_officer())
    response = client.post(url(barrier, "partially-resolve"), {}, format="json")
    assert response.status_code == 409
    assert response.data["code"] == "transition_not_allowed"
    assert "cannot move from 'open' to 'partially_resolved'" in response.data["detail"]
    reopen = client.post(url(barrier, "reopen"), {"reason": "Why"}, format="json")
    assert reopen.status_code == 409
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN


def test_partially_resolve_and_reopen_after_resolving() -> None:
    barrier = raised(barrier_of(1))
    client = official_client(role_user(AGENDA_SECRETARY))
    partial = client.post(url(barrier, "partially-resolve"), {"note": "Half"}, format="json")
    assert partial.data["status"] == "partially_resolved"
    client.post(url(barrier, "resolve"), {}, format="json")
    missing = client.post(url(barrier, "reopen"), {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.data
    reopened = client.post(url(barrier, "reopen"), {"reason": "Held again"}, format="json")
    assert reopened.status_code == 200 and reopened.data["status"] == "open"


def test_an_idempotency_key_replay_moves_the_barrier_once() -> None:
    barrier = barrier_of(2)
    client = official_client(factories.triage_officer())
    headers = {"HTTP_IDEMPOTENCY_KEY": "resolve-bar-1"}
    first = client.post(url(barrier, "resolve"), {"note": "Listed"}, format="json", **headers)
    second = client.post(url(barrier, "resolve"), {"note": "Listed"}, format="json", **headers)
    assert first.status_code == second.status_code == 200
    assert second["Idempotent-Replayed"] == "true"
    assert second.data == first.data
    assert StatusChange.objects.filter(barrier=barrier, to_status="resolved").count() == 1
    assert OutboundEmail.objects.filter(body__contains="Listed").count() == 2
    # Without the key, the same request is a second move, which the status refuses.
    assert client.post(url(barrier, "resolve"), {}, format="json").status_code == 409
    # A refused request releases its key.
    refused = client.post(
        url(barrier, "close"), {}, format="json", HTTP_IDEMPOTENCY_KEY="close-bar-1"
    )
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.filter(key="close-bar-1").exists()


def test_keep_resolved_clears_the_flag_a_companys_no_set() -> None:
    barrier = barrier_of(2)
    officer = factories.triage_officer()
    client = official_client(officer)
    client.post(url(barrier, "resolve"), {}, format="json")
    assert (
        client.post(url(barrier, "keep-resolved"), {"note": "x"}, format="json").status_code == 409
    )
    services.barrier_confirm_fix(
        barrier=barrier, actor=exporters_of(barrier)[0], cleared=False, reason="Held"
    )
    flagged = client.get(f"/api/v1/barriers/{barrier.reference}/")
    assert flagged.data["status"] == "resolved" and flagged.data["review_flagged_at"]
    kept = client.post(url(barrier, "keep-resolved"), {"note": "Labelling fault"}, format="json")
    assert kept.status_code == 200
    assert kept.data["status"] == "resolved" and kept.data["review_flagged_at"] is None


def test_the_api_and_the_admin_step_give_the_same_result() -> None:
    by_api, by_admin = barrier_of(1), barrier_of(1)
    officer = factories.triage_officer()
    official_client(officer).post(
        url(by_api, "close"), {"reason": "superseded", "note": "New rule"}, format="json"
    )
    from django.test import Client
    from django.urls import reverse

    admin = Client()
    admin.force_login(officer)
    admin.post(
        reverse("admin:barriers_barrier_step", args=[by_admin.pk, "close_unresolved"]),
        {"reason": "superseded", "note": "New rule"},
    )
    results = []
    for barrier in (by_api, by_admin):
        barrier.refresh_from_db()
        change = StatusChange.objects.filter(barrier=barrier).last()
        results.append(
            (barrier.status, barrier.closure_reason, change.to_status, change.note, change.actor_id)
        )
    assert results[0] == results[1]
    assert results[0][0] == BarrierStatus.CLOSED_UNRESOLVED


def test_the_steps_are_in_the_openapi_schema() -> None:
    response = APIClient().get("/api/v1/schema/", {"format": "json"})
    paths = response.json()["paths"]
    for step in ("resolve", "partially-resolve", "close", "reopen", "keep-resolved"):
        operation = paths[f"/api/v1/barriers/{{reference}}/{step}/"]["post"]
        assert {"200", "400", "403", "409"} <= set(operation["responses"])
        assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])
