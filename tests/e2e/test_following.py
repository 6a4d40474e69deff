"""Following in a real Chromium, without JavaScript: an exporter follows the HS code of their
report, sees a readable error for a bad chapter, picks a daily digest and reads notifications;
an official follows a barrier from its page and saves a changelist search. Screenshots are left
in test-output/."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from barriers import services
from barriers.models import DigestFrequency, Follow, FollowKind, FollowSettings, SavedSearch
from tests import factories
from tests.accessibility import assert_accessible
from tests.browser import chromium_page
from tests.conftest import ROOT
from tests.following.helpers import accepted_barrier
from tests.portal_helpers import exporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = ROOT / "test-output"


def _sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_exporter_follows_an_hs_code_and_reads_notifications(live_server, celery_eager) -> None:
    # The notifications are made in process (celery_eager): Django's CELERY_TASK_ALWAYS_EAGER
    # setting changed in a test does not reach the Celery app, which sent the task to the real
    # worker of the PostgreSQL run, racing the page.
    OUTPUT.mkdir(exist_ok=True)
    user = exporter(full_name="Lakshmi Reddy")
    barrier = accepted_barrier(company_user=user)
    report = barrier.reports.get()
    with chromium_page(javascript=False) as page:
        _sign_in(page, live_server, user)
        page.goto(f"{live_server.url}/reports/{report.reference}/")
        page.get_by_role("button", name="Follow 030617").click()
        page.wait_for_url(f"{live_server.url}/reports/{report.reference}/")
        expect(page.get_by_role("button", name="Unfollow 030617")).to_be_visible()
        assert Follow.objects.filter(user=user, kind=FollowKind.HS_CODE).exists()

        page.get_by_role("link", name="Following").first.click()
        page.get_by_label("What to follow").select_option("hs_chapter")
        page.get_by_label("Code, reference or name").fill("8")
        page.get_by_role("button", name="Follow", exact=True).click()
        assert "two digits" in page.locator(".error-summary").inner_text()
        page.get_by_label("Daily").check()
        with page.expect_navigation():  # the form's answer, before the database is read
            page.get_by_role("button", name="Save").click()
        assert FollowSettings.objects.get(user=user).frequency == DigestFrequency.DAILY
        page.screenshot(path=str(OUTPUT / "following-portal.png"), full_page=True)

        services.barrier_transition(barrier=barrier, to="scheduled", actor=None)
        page.get_by_role("link", name="Notifications").first.click()
        assert barrier.reference in page.locator("main").inner_text()
        page.screenshot(path=str(OUTPUT / "following-portal-notifications.png"), full_page=True)


def test_official_follows_a_barrier_and_saves_a_search(live_server) -> None:
    OUTPUT.mkdir(exist_ok=True)
    official = factories.OfficialFactory(is_superuser=True, full_name="Anil Kumar")
    barrier = accepted_barrier()
    with chromium_page(javascript=False) as page:
        _sign_in(page, live_server, official)
        page.goto(f"{live_server.url}/admin/barriers/barrier/{barrier.pk}/change/")
        page.get_by_role("button", name="Follow this barrier").click()
        expect(page.get_by_role("button", name="Unfollow")).to_be_visible()
        page.goto(f"{live_server.url}/admin/barriers/barrier/?status__exact=open")
        page.get_by_role("link", name="Save this search").click()
        page.get_by_label("Name of the search").fill("Open barriers")
        with page.expect_navigation():  # the form's answer, before the database is read
            page.get_by_role("button", name="Save and follow").click()
        assert SavedSearch.objects.get(user=official).query_string == "status__exact=open"
        page.get_by_label("What to follow").select_option("regulator")
        page.get_by_label("Code, reference or name").fill("FSVPS")
        with page.expect_navigation():
            page.get_by_role("button", name="Follow", exact=True).click()
        page.screenshot(path=str(OUTPUT / "following-admin.png"), full_page=True)
        assert Follow.objects.filter(user=official).count() == 3


def test_the_following_pages_are_accessible_in_english_and_hindi(live_server, browser_page) -> None:
    """The exporter's following and notifications pages, in English then (the header's switch)
    in Hindi: no serious or critical axe-core violation."""
    page = browser_page
    user = exporter(full_name="Lakshmi Reddy")
    accepted_barrier(company_user=user)
    services.follow_add(actor=user, kind=FollowKind.HS_CODE, value="030617")
    _sign_in(page, live_server, user)
    paths = ["/following/", "/following/notifications/"]
    for language in ("en", "hi"):
        if language == "hi":
            page.get_by_role("button", name="हिन्दी").click()
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            assert page.locator("html").get_attribute("lang") == language, path
            assert_accessible(page, what=f"{path} ({language})")
    page.screenshot(path=str(OUTPUT / "following-portal-hi.png"), full_page=True)
