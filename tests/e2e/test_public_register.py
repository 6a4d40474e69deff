"""Anyone reads the public register in Chromium, without JavaScript and without signing in: the
list, a filter, a barrier's page and the statistics. Screenshots are left in test-output/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from barriers import services
from barriers.services import publishing
from tests import factories
from tests.accessibility import assert_accessible
from tests.browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(OUTPUT / f"public-{name}.png"), full_page=True)


def _published(official: Any, title: str, summary: str) -> Any:
    report = factories.report_file(title=f"Internal: {title}")
    services.report_start_review(report=report, actor=official)
    services.report_accept(report=report, actor=official)
    report.refresh_from_db()
    return publishing.barrier_publish(
        barrier=report.barrier, actor=official, public_title=title, public_summary=summary
    )


def test_anyone_reads_the_register_without_javascript(live_server, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    OUTPUT.mkdir(exist_ok=True)
    official = factories.OfficialFactory(is_superuser=True)
    listing = _published(
        official,
        "Delays in listing Indian fish establishments",
        "Indian seafood establishments wait over a year to be listed for export.",
    )
    _published(official, "Grapes held at the border", "Consignments wait for inspection.")
    base = live_server.url
    with chromium_page(javascript=False) as page:
        page.goto(f"{base}/public/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Trade barriers")
        expect(page.get_by_role("link", name=listing.reference)).to_be_visible()
        _shot(page, "list")
        page.get_by_label("Search").fill("seafood")
        page.get_by_role("button", name="Show").click()
        # expect() waits for the page the click opens; a bare count() could read the old one.
        expect(page.locator("tbody tr")).to_have_count(1)
        page.get_by_role("link", name=listing.reference).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            re.compile(r"Delays in listing Indian fish establishments$")
        )
        assert "Internal:" not in page.content()
        _shot(page, "barrier")
        page.get_by_role("link", name="Statistics").click()
        page.locator("svg").nth(2).wait_for(state="attached")
        _shot(page, "statistics")


def _measure(page: Any, base: str, paths: list[str], language: str) -> None:
    for path in paths:
        page.goto(f"{base}{path}")
        assert page.locator("html").get_attribute("lang") == language, path
        assert_accessible(page, what=f"{path} ({language})")


def test_the_register_is_accessible_in_english_hindi_and_russian(
    live_server: Any, browser_page: Any
) -> None:
    """The reader switches languages with the header's buttons; every page of the register,
    in each language, has no serious or critical axe-core violation (axe needs JavaScript: the
    walk without it is the test above)."""
    page = browser_page
    official = factories.OfficialFactory(is_superuser=True)
    listing = _published(
        official,
        "Delays in listing Indian fish establishments",
        "Indian seafood establishments wait over a year to be listed for export.",
    )
    base = live_server.url
    detail = f"/public/barriers/{listing.reference}/"
    paths = ["/public/", "/public/?hs_chapter=9", detail, "/public/statistics/", "/public/data/"]
    _measure(page, base, paths, "en")
    page.goto(f"{base}{detail}")
    page.get_by_role("button", name="हिन्दी").click()
    page.wait_for_url(f"{base}{detail}")
    assert page.locator("html").get_attribute("lang") == "hi"
    _shot(page, "barrier-hi")
    _measure(page, base, paths, "hi")
    page.goto(f"{base}/public/")
    page.get_by_role("button", name="Русский").click()
    page.wait_for_url(f"{base}/public/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Торговые барьеры")
    _shot(page, "list-ru")
    _measure(page, base, paths, "ru")
