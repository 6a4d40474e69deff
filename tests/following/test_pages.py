"""The following pages: portal and admin, forms without JavaScript, isolation, unsubscribe."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from barriers import services
from barriers.models import DigestFrequency, Follow, FollowKind, FollowSettings, SavedSearch
from barriers.notifications import following
from tests import factories
from tests.following.helpers import accepted_barrier
from tests.portal_helpers import exporter

pytestmark = pytest.mark.django_db

SHRIMP = "030617"
PORTAL = "/following/"
ADMIN = "/admin/following/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _in_process(settings, celery_eager) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_exporter_follows_an_hs_code_and_sees_it_listed() -> None:
    factories.HSCodeFactory()
    user = exporter()
    client = _client(user)
    response = client.post(
        PORTAL, {"action": "add", "follow-kind": "hs_code", "follow-value": SHRIMP}
    )
    assert response.status_code == 302
    page = client.get(PORTAL)
    assert page.status_code == 200
    assert SHRIMP in page.content.decode()
    assert Follow.objects.filter(user=user, kind=FollowKind.HS_CODE).count() == 1


def test_bad_follow_input_shows_a_readable_error_and_changes_nothing() -> None:
    user = exporter()
    client = _client(user)
    for data, message in (
        ({"follow-kind": "hs_chapter", "follow-value": "8"}, "two digits"),
        ({"follow-kind": "hs_code", "follow-value": "999999"}, "There is no HS code"),
        ({"follow-kind": "planet", "follow-value": "Mars"}, "Select a valid choice"),
        ({"follow-kind": "country", "follow-value": ""}, "This field is required"),
    ):
        response = client.post(PORTAL, {"action": "add", **data})
        assert response.status_code == 400, data
        assert message in response.content.decode()
    assert not Follow.objects.exists()


def test_frequency_is_chosen_and_validated() -> None:
    user = exporter()
    client = _client(user)
    assert (
        client.post(PORTAL, {"action": "frequency", "digest-frequency": "hourly"}).status_code
        == 400
    )
    assert not FollowSettings.objects.exists()
    assert (
        client.post(PORTAL, {"action": "frequency", "digest-frequency": "weekly"}).status_code
        == 302
    )
    assert FollowSettings.objects.get(user=user).frequency == DigestFrequency.WEEKLY


def test_subscriptions_of_one_user_are_invisible_and_untouchable_to_another() -> None:
    factories.HSCodeFactory()
    alice, bob = exporter(), exporter()
    follow = services.follow_add(actor=alice, kind=FollowKind.HS_CODE, value=SHRIMP)
    bob_client = _client(bob)
    page = bob_client.get(PORTAL).content.decode()
    assert SHRIMP not in page
    response = bob_client.post(PORTAL, {"action": "remove", "follow": follow.pk})
    assert response.status_code == 400
    assert Follow.objects.filter(pk=follow.pk).exists()
    # Officials' pages list only their own too.
    official = factories.OfficialFactory()
    services.saved_search_create(
        actor=official, name="Mine only", changelist="barrier", query_string=""
    )
    other = _client(factories.OfficialFactory())
    assert "Mine only" not in other.get(ADMIN).content.decode()
    search = SavedSearch.objects.get()
    assert other.post(ADMIN, {"action": "delete_search", "search": search.pk}).status_code == 400
    assert SavedSearch.objects.filter(pk=search.pk).exists()


def test_exporter_notifications_list_and_mark_read(django_capture_on_commit_callbacks) -> None:
    factories.HSCodeFactory()
    user = exporter()
    services.follow_add(actor=user, kind=FollowKind.HS_CODE, value=SHRIMP)
    with django_capture_on_commit_callbacks(execute=True):
        barrier = accepted_barrier(company_user=user)
    client = _client(user)
    page = client.get("/following/notifications/").content.decode()
    assert barrier.reference in page and "New:" in page
    assert client.post("/following/notifications/").status_code == 302
    assert "New:" not in client.get("/following/notifications/").content.decode()
    # Another exporter sees none of it.
    assert (
        barrier.reference
        not in _client(exporter()).get("/following/notifications/").content.decode()
    )


def test_report_page_offers_follow_buttons_for_its_barrier_and_hs_codes() -> None:
    user = exporter()
    barrier = accepted_barrier(company_user=user)
    report = barrier.reports.get()
    client = _client(user)
    page = client.get(reverse("barriers:report_detail", args=[report.reference])).content.decode()
    assert 'value="barrier"' in page and 'value="hs_code"' in page
    response = client.post(
        PORTAL,
        {
            "action": "add",
            "follow-kind": "barrier",
            "follow-value": barrier.reference,
            "next": reverse("barriers:report_detail", args=[report.reference]),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(report.reference + "/")
    page = client.get(reverse("barriers:report_detail", args=[report.reference])).content.decode()
    assert "Unfollow" in page
    client.post(PORTAL, {"action": "unfollow", "kind": "barrier", "value": barrier.reference})
    assert not Follow.objects.filter(user=user).exists()


def test_following_page_queries_do_not_grow_with_follows(django_assert_max_num_queries) -> None:
    user = exporter()
    for code in ("030617", "030616", "080450", "100630"):
        factories.HSCodeFactory(code=code)
        services.follow_add(actor=user, kind=FollowKind.HS_CODE, value=code)
    for chapter in ("03", "08", "10"):
        services.follow_add(actor=user, kind=FollowKind.HS_CHAPTER, value=chapter)
    client = _client(user)
    with django_assert_max_num_queries(12):
        assert client.get(PORTAL).status_code == 200


def test_unsubscribe_one_click_post_without_sign_in() -> None:
    user = exporter()
    token = following.unsubscribe_token(user=user)
    response = Client(enforce_csrf_checks=True).post(
        f"/following/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert FollowSettings.objects.get(user=user).frequency == DigestFrequency.NEVER


def test_unsubscribe_get_shows_the_button_and_changes_nothing_until_posted() -> None:
    user = exporter()
    token = following.unsubscribe_token(user=user)
    client = Client()
    page = client.get(f"/following/unsubscribe/{token}/")
    assert page.status_code == 200 and "Unsubscribe" in page.content.decode()
    assert not FollowSettings.objects.exists()
    assert client.post(f"/following/unsubscribe/{token}/").status_code == 200
    assert FollowSettings.objects.get(user=user).frequency == DigestFrequency.NEVER


def test_tampered_unsubscribe_token_answers_400_and_changes_nothing() -> None:
    alice, bob = exporter(), exporter()
    token = following.unsubscribe_token(user=alice)
    _payload, _sep, signature = token.rpartition(":")
    tampered = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        following.unsubscribe_token(user=bob).rpartition(":")[0] + ":" + signature,
        "x",
    ]
    for bad in tampered:
        assert Client().post(f"/following/unsubscribe/{bad}/").status_code == 400
        assert Client().get(f"/following/unsubscribe/{bad}/").status_code == 400
    assert not FollowSettings.objects.exists()


def test_official_follows_a_barrier_from_its_page_and_a_regulator() -> None:
    official = factories.OfficialFactory(is_superuser=True)
    barrier = accepted_barrier()
    client = _client(official)
    change = reverse("admin:barriers_barrier_change", args=[barrier.pk])
    assert "Follow this barrier" in client.get(change).content.decode()
    response = client.post(
        ADMIN,
        {
            "action": "add",
            "follow-kind": "barrier",
            "follow-value": barrier.reference,
            "next": change,
        },
    )
    assert response.status_code == 302 and response["Location"] == change
    assert "Unfollow" in client.get(change).content.decode()
    assert (
        client.post(
            ADMIN, {"action": "add", "follow-kind": "regulator", "follow-value": "FSVPS"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            ADMIN, {"action": "add", "follow-kind": "regulator", "follow-value": "Nobody"}
        ).status_code
        == 400
    )
    assert Follow.objects.filter(user=official).count() == 2


def test_official_saves_a_changelist_search_by_name() -> None:
    official = factories.OfficialFactory(is_superuser=True)
    client = _client(official)
    changelist = client.get(reverse("admin:barriers_barrier_changelist") + "?status__exact=open")
    assert "Save this search" in changelist.content.decode()
    form = client.get(ADMIN + "?save_list=barrier&filters=status__exact%3Dopen")
    assert "status__exact=open" in form.content.decode()
    empty = client.post(
        ADMIN,
        {
            "action": "save_search",
            "search-name": "",
            "search-changelist": "barrier",
            "search-query_string": "status__exact=open",
        },
    )
    assert empty.status_code == 400 and "This field is required" in empty.content.decode()
    saved = client.post(
        ADMIN,
        {
            "action": "save_search",
            "search-name": "Open ones",
            "search-changelist": "barrier",
            "search-query_string": "status__exact=open",
        },
    )
    assert saved.status_code == 302
    search = SavedSearch.objects.get(user=official)
    assert search.query_string == "status__exact=open" and search.follow is not None
    assert "Open ones" in client.get(ADMIN).content.decode()


@pytest.mark.parametrize(
    ("save_list", "changelist", "filters"),
    [
        ("report", "admin:barriers_report_changelist", "status__exact=submitted"),
        ("triage", "admin:barriers_triagequeueentry_changelist", "stage=new"),
    ],
)
def test_official_saves_a_report_list_or_triage_queue_search(
    save_list, changelist, filters
) -> None:
    official = factories.OfficialFactory(is_superuser=True)
    client = _client(official)
    page = client.get(f"{reverse(changelist)}?{filters}").content.decode()
    assert "Save this search" in page
    assert f"save_list={save_list}&amp;filters={filters.replace('=', '%3D')}" in page
    form = client.get(f"{ADMIN}?save_list={save_list}&filters={filters.replace('=', '%3D')}")
    assert filters in form.content.decode()
    saved = client.post(
        ADMIN,
        {
            "action": "save_search",
            "search-name": "Mine",
            "search-changelist": save_list,
            "search-query_string": filters,
        },
    )
    assert saved.status_code == 302
    search = SavedSearch.objects.get(user=official)
    assert (search.changelist, search.query_string) == (save_list, filters)
    assert search.follow is not None
    listed = client.get(ADMIN).content.decode()
    assert f'href="{reverse(changelist)}?{filters}">Mine</a>' in listed
