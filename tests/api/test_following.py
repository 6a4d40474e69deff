"""The following API: follows, the digest frequency and notifications, each user's own."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from barriers import services
from barriers.models import (
    DigestFrequency,
    Follow,
    FollowKind,
    FollowSettings,
    Notification,
    User,
)
from tests import factories
from tests.api_factories import association_user, client_for
from tests.following.helpers import accepted_barrier

pytestmark = pytest.mark.django_db

FOLLOWS = "/api/v1/follows/"
SETTINGS = "/api/v1/following/settings/"
NOTIFICATIONS = "/api/v1/notifications/"
SHRIMP = "030617"


@pytest.fixture(autouse=True)
def _in_process(settings, celery_eager) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()  # the throttles' counts


def official_client(user: User) -> APIClient:
    """An official's token, issued as the token endpoint issues it after the second factor."""
    token = services.api_token_issue(user=user, official=True, second_factor=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_exporter_follows_lists_and_unfollows_an_hs_code() -> None:
    factories.HSCodeFactory()
    user = factories.ExporterFactory()
    client = client_for(user)
    created = client.post(FOLLOWS, {"kind": "hs_code", "target": SHRIMP}, format="json")
    assert created.status_code == 201, created.data
    assert created.data["kind"] == "hs_code" and created.data["target"] == SHRIMP
    assert created["Location"] == f"{FOLLOWS}{created.data['id']}/"
    listed = client.get(FOLLOWS)
    assert listed.status_code == 200
    assert [row["target"] for row in listed.data["results"]] == [SHRIMP]
    assert client.get(created["Location"]).data["target_label"].startswith(SHRIMP)
    assert client.delete(created["Location"]).status_code == 204
    assert not Follow.objects.exists()
    assert client.get(FOLLOWS).data["count"] == 0


def test_following_again_returns_the_existing_follow() -> None:
    user = factories.ExporterFactory()
    client = client_for(user)
    first = client.post(FOLLOWS, {"kind": "hs_chapter", "target": "03"}, format="json")
    again = client.post(FOLLOWS, {"kind": "hs_chapter", "target": "03"}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.data["id"] == first.data["id"]
    assert Follow.objects.filter(user=user).count() == 1


def test_a_follow_made_through_the_api_is_listed_on_the_portal_page() -> None:
    factories.CountryFactory()
    user = factories.ExporterFactory()
    response = client_for(user).post(FOLLOWS, {"kind": "country", "target": "ru"}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["target"] == "RU"
    follow = Follow.objects.get(user=user)
    assert follow.kind == FollowKind.COUNTRY and follow.country_id == "RU"


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"kind": "hs_chapter", "target": "8"}, "target", "two digits"),
        ({"kind": "hs_code", "target": "999999"}, "target", "There is no HS code"),
        ({"kind": "regulator", "target": "Nobody"}, "target", "There is no regulator"),
        ({"kind": "barrier", "target": "BAR-2026-9999"}, "target", "you can follow"),
        ({"kind": "planet", "target": "Mars"}, "kind", "not a valid choice"),
        ({"kind": "saved_search", "target": "Mine"}, "kind", "not a valid choice"),
        ({"kind": "country", "target": ""}, "target", "blank"),
        ({"target": "08"}, "kind", "required"),
        ({"kind": "hs_chapter", "target": 8}, "target", "JSON string"),
    ],
)
def test_bad_kind_or_target_answers_400_naming_the_field_and_saves_nothing(
    body, field, reason
) -> None:
    factories.HSCodeFactory()
    response = client_for(factories.ExporterFactory()).post(FOLLOWS, body, format="json")
    assert response.status_code == 400
    assert list(response.data) == [field], response.data
    assert reason in str(response.data[field][0])
    assert not Follow.objects.exists()


def test_an_exporter_cannot_follow_a_barrier_of_another_company() -> None:
    barrier = accepted_barrier(company_user=factories.ExporterFactory())
    outsider = client_for(factories.ExporterFactory())
    response = outsider.post(
        FOLLOWS, {"kind": "barrier", "target": barrier.reference}, format="json"
    )
    assert response.status_code == 400
    assert "target" in response.data
    assert not Follow.objects.exists()


def test_council_and_official_follow_the_barriers_they_may_see() -> None:
    member = factories.CompanyFactory()
    council = association_user(member)
    barrier = accepted_barrier(company_user=factories.ExporterFactory(company=member))
    assert (
        client_for(council)
        .post(FOLLOWS, {"kind": "barrier", "target": barrier.reference}, format="json")
        .status_code
        == 400
    ), "a council follows the barriers behind reports it filed, not its members' own"
    official = factories.OfficialFactory()
    response = official_client(official).post(
        FOLLOWS, {"kind": "barrier", "target": barrier.reference.lower()}, format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["target"] == barrier.reference


def test_follows_of_one_user_are_invisible_and_undeletable_to_another() -> None:
    factories.HSCodeFactory()
    alice, bob = factories.ExporterFactory(), factories.ExporterFactory()
    follow = services.follow_add(actor=alice, kind=FollowKind.HS_CODE, value=SHRIMP)
    bob_client = client_for(bob)
    assert bob_client.get(FOLLOWS).data["count"] == 0
    assert bob_client.get(f"{FOLLOWS}{follow.pk}/").status_code == 404
    assert bob_client.delete(f"{FOLLOWS}{follow.pk}/").status_code == 404
    assert bob_client.delete(f"{FOLLOWS}not-an-id/").status_code == 404
    assert Follow.objects.filter(pk=follow.pk, user=alice).exists()
    # An official is no exception.
    assert official_client(factories.OfficialFactory()).get(FOLLOWS).data["count"] == 0
    assert client_for(alice).get(FOLLOWS).data["count"] == 1


def test_digest_frequency_is_read_and_chosen() -> None:
    user = factories.ExporterFactory()
    client = client_for(user)
    assert client.get(SETTINGS).data == {"frequency": "immediately"}
    refused = client.put(SETTINGS, {"frequency": "hourly"}, format="json")
    assert refused.status_code == 400 and list(refused.data) == ["frequency"]
    assert not FollowSettings.objects.exists()
    chosen = client.put(SETTINGS, {"frequency": "weekly"}, format="json")
    assert chosen.status_code == 200 and chosen.data == {"frequency": "weekly"}
    assert FollowSettings.objects.get(user=user).frequency == DigestFrequency.WEEKLY
    # Another user's choice is theirs.
    assert client_for(factories.ExporterFactory()).get(SETTINGS).data["frequency"] == (
        "immediately"
    )


def test_notifications_are_listed_newest_first_only_to_their_user_and_marked_read(
    django_capture_on_commit_callbacks,
) -> None:
    factories.HSCodeFactory()
    user, other = factories.ExporterFactory(), factories.ExporterFactory()
    services.follow_add(actor=user, kind=FollowKind.HS_CODE, value=SHRIMP)
    services.follow_add(actor=other, kind=FollowKind.HS_CODE, value=SHRIMP)
    official = factories.OfficialFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = accepted_barrier(company_user=user, official=official)
    with django_capture_on_commit_callbacks(execute=True):
        second = accepted_barrier(company_user=user, official=official)
    client = client_for(user)
    listed = client.get(NOTIFICATIONS)
    assert listed.status_code == 200
    rows = listed.data["results"]
    assert [row["barrier"] for row in rows] == [second.reference, first.reference]
    assert all(row["read"] is False and row["kind"] == "new_barrier" for row in rows)
    # The other exporter follows the same code but sees neither barrier (not theirs), and
    # none of this user's notifications.
    other_rows = client_for(other).get(NOTIFICATIONS).data["results"]
    assert {row["id"] for row in other_rows}.isdisjoint({row["id"] for row in rows})
    assert not {row["barrier"] for row in other_rows} & {first.reference, second.reference}
    # Marking another's notification read changes nothing.
    mine = Notification.objects.filter(user=user).order_by("pk")
    marked = client_for(other).post(f"{NOTIFICATIONS}read/", {"ids": [mine[0].pk]}, format="json")
    assert marked.status_code == 200 and marked.data == {"marked_read": 0}
    assert not Notification.objects.filter(user=user, read_at__isnull=False).exists()
    # Mark one, then all.
    one = client.post(f"{NOTIFICATIONS}read/", {"ids": [mine[0].pk]}, format="json")
    assert one.data == {"marked_read": 1}
    assert client.get(NOTIFICATIONS, {"unread": "true"}).data["count"] == 1
    assert client.post(f"{NOTIFICATIONS}read/", {}, format="json").data == {"marked_read": 1}
    assert all(row["read"] for row in client.get(NOTIFICATIONS).data["results"])
    for ids in (["1"], [1, -5]):
        bad = client.post(f"{NOTIFICATIONS}read/", {"ids": ids}, format="json")
        assert bad.status_code == 400 and list(bad.data) == ["ids"]
        assert all(isinstance(reason, str) for reason in bad.data["ids"]), bad.data
    bad = client.get(NOTIFICATIONS, {"unread": "maybe"})
    assert bad.status_code == 400 and list(bad.data) == ["unread"]


def test_notifications_come_in_pages() -> None:
    user = factories.ExporterFactory()
    notifications = client_for(user).get(NOTIFICATIONS, {"page_size": 1})
    assert notifications.status_code == 200
    assert set(notifications.data) == {"count", "next", "previous", "results"}
    refused = client_for(user).get(NOTIFICATIONS, {"page_size": "x"})
    assert refused.status_code == 400 and "page_size" in refused.data


def test_anonymous_gets_401_and_focal_points_403() -> None:
    assert APIClient().get(FOLLOWS).status_code == 401
    focal_point = factories.UserFactory(regulator=factories.RegulatorFactory())
    client = official_client(focal_point)
    for path in (FOLLOWS, SETTINGS, NOTIFICATIONS):
        assert client.get(path).status_code == 403, path
    refused = client.post(FOLLOWS, {"kind": "hs_chapter", "target": "03"}, format="json")
    assert refused.status_code == 403
    assert not Follow.objects.exists()


def test_follow_list_queries_do_not_grow_with_follows(django_assert_max_num_queries) -> None:
    user = factories.ExporterFactory()
    client = client_for(user)
    for chapter in ("01", "02", "03"):
        services.follow_add(actor=user, kind=FollowKind.HS_CHAPTER, value=chapter)
    factories.HSCodeFactory()
    factories.CountryFactory()
    factories.RegulatorFactory()
    for kind, value in (("hs_code", SHRIMP), ("country", "RU"), ("regulator", "ru-fsvps")):
        services.follow_add(actor=user, kind=kind, value=value)
    with django_assert_max_num_queries(6):
        response = client.get(FOLLOWS)
    assert response.data["count"] == 6
