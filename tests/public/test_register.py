"""The public register without signing in: list, filters, search, a page per barrier, the
statistics, the downloads, the feed and the sitemap; fixed queries; a change shows at once."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from barriers import services
from barriers.models import BarrierStatus
from tests import factories
from tests.export_helpers import NAMED, SECRET
from tests.public.helpers import PUBLIC_TITLE, fresh, get, held_setup, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    setup, officer = held_setup()
    publish(setup.listing, officer)
    publish(setup.formula, officer, title="Formula title, public", summary="Resolved in 2026.")
    # phyto stays unpublished
    fresh()
    return setup, officer


def test_the_list_shows_published_barriers_only(register) -> None:
    setup, _officer = register
    status, html = get("/public/")
    assert status == 200
    assert setup.listing.reference in html and setup.formula.reference in html
    assert setup.phyto.reference not in html and setup.phyto.title not in html
    assert PUBLIC_TITLE in html and setup.listing.title not in html
    assert '<main id="main"' in html and 'role="search"' in html
    assert 'for="id_country"' in html and "<h1>" in html


def test_filters_narrow_the_list(register) -> None:
    setup, _officer = register
    regulator = setup.phyto.regulator_id
    html = get(f"/public/?regulator={setup.listing.regulator_id}")[1]
    assert setup.listing.reference in html
    html = get(f"/public/?status={BarrierStatus.RESOLVED}")[1]
    assert setup.formula.reference in html and setup.listing.reference not in html
    chapter = setup.listing.hs_codes.first().code[:2]
    assert setup.listing.reference in get(f"/public/?hs_chapter={chapter}")[1]
    assert "No published barrier matches" in get("/public/?hs_chapter=99")[1]
    assert "No published barrier matches" in get(f"/public/?regulator={regulator}")[1]


@pytest.mark.parametrize(
    "query", ["hs_chapter=3", "status=lost", "country=ZZ", "sector=space", "q=" + "x" * 201]
)
def test_a_filter_that_cannot_be_used_is_a_400_with_the_error(register, query: str) -> None:
    status, html = get(f"/public/?{query}")
    assert status == 400
    assert 'class="error-summary"' in html


def test_search_reads_the_public_text_only(register) -> None:
    setup, _officer = register
    assert setup.listing.reference in get("/public/?q=establishments")[1]
    assert setup.listing.reference in get(f"/public/?q={setup.listing.reference}")[1]
    # Words of the internal title and the Russian title find nothing.
    html = get("/public/?q=recommended")[1]  # the internal ask
    assert "No published barrier matches" in html
    assert "No published barrier matches" in get("/public/?q=Задержка")[1]


def test_the_barrier_page_shows_public_facts_and_outcomes(register) -> None:
    setup, _officer = register
    status, html = get(f"/public/barriers/{setup.listing.reference}/")
    assert status == 200
    assert PUBLIC_TITLE in html
    assert "2026-Q4" in html and "Action agreed" in html
    assert setup.listing.hs_codes.first().code in html
    assert NAMED not in html and SECRET not in html  # counted, not named
    assert get(f"/public/barriers/{setup.phyto.reference}/")[0] == 404
    assert get("/public/barriers/BAR-2099-9999/")[0] == 404


def test_consenting_companies_are_named_only_when_the_official_chooses(register) -> None:
    setup, officer = register
    report = setup.listing.reports.get(company__name=NAMED)
    type(report).objects.filter(pk=report.pk).update(consent_to_publish=True)
    fresh()
    assert NAMED not in get(f"/public/barriers/{setup.listing.reference}/")[1]
    publish(setup.listing, officer, show_companies=True)
    html = get(f"/public/barriers/{setup.listing.reference}/")[1]
    assert NAMED in html and SECRET not in html


def queries(path: str) -> int:
    fresh()
    with CaptureQueriesContext(connection) as captured:
        assert Client().get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "/public/",
        "/public/statistics/",
        "/public/data/register.csv",
        "/public/data/register.json",
        "/public/feed.atom",
        "/public/sitemap.xml",
    ],
)
def test_pages_cost_the_same_queries_whatever_the_number_of_barriers(register, path) -> None:
    _setup, officer = register
    queries(path)  # the statistics' first build writes their row; later builds update it
    few = queries(path)
    for index in range(4):
        report = factories.report_file(title=f"More {index}")
        services.report_start_review(report=report, actor=officer)
        services.report_accept(report=report, actor=officer)
        report.refresh_from_db()
        publish(report.barrier, officer, title=f"Public {index}")
    assert queries(path) == few


def test_the_barrier_page_costs_the_same_queries(register) -> None:
    setup, _officer = register
    assert queries(f"/public/barriers/{setup.listing.reference}/") == queries(
        f"/public/barriers/{setup.formula.reference}/"
    )


def test_a_cached_page_costs_no_query(register) -> None:
    fresh()
    Client().get("/public/")
    with CaptureQueriesContext(connection) as captured:
        assert Client().get("/public/").status_code == 200
    assert len(captured) == 0


def test_a_status_change_or_an_outcome_shows_at_once(register) -> None:
    setup, officer = register
    path = f"/public/barriers/{setup.listing.reference}/"
    assert "Resolved" not in get(path)[1].split("<dt>Status</dt>")[1][:80]
    services.barrier_mark_resolved(barrier=setup.listing, actor=officer, note="Listed")
    assert "Resolved" in get(path)[1].split("<dt>Status</dt>")[1][:80]
    assert setup.listing.reference in get("/public/?status=resolved")[1]


def test_the_csv_and_json_downloads_have_the_documented_columns(register) -> None:
    setup, _officer = register
    response = Client().get("/public/data/register.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["reference"] for row in rows] == sorted(
        [setup.listing.reference, setup.formula.reference]
    )
    listing = next(row for row in rows if row["reference"] == setup.listing.reference)
    assert listing["title"] == PUBLIC_TITLE
    assert listing["companies_affected"] == "2" and listing["companies_named"] == ""
    assert listing["meetings"] == "2026-Q4 action_agreed"
    docs = Path("docs/public-register.md").read_text(encoding="utf-8")
    for column in rows[0]:
        assert f"`{column}`" in docs
    data = json.loads(Client().get("/public/data/register.json").content)
    assert {row["reference"] for row in data["barriers"]} == {row["reference"] for row in rows}
    first = next(b for b in data["barriers"] if b["reference"] == setup.listing.reference)
    assert first["meetings"][0]["outcome"] == "action_agreed"
    assert set(first) == set(rows[0])


def test_the_feed_lists_public_changes(register) -> None:
    setup, _officer = register
    response = Client().get("/public/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(PUBLIC_TITLE in (title or "") for title in titles)
    assert setup.phyto.reference not in response.content.decode()


def test_the_sitemap_and_robots_list_public_pages_only(register) -> None:
    setup, _officer = register
    xml = Client().get("/public/sitemap.xml").content.decode()
    assert f"/public/barriers/{setup.listing.reference}/" in xml
    assert setup.phyto.reference not in xml and "/admin/" not in xml
    robots = get("/robots.txt")[1]
    assert "Sitemap: http://testserver/public/sitemap.xml" in robots
    assert "Disallow: /admin/" in robots


def test_the_statistics_count_published_barriers_only(register) -> None:
    setup, _officer = register
    status, html = get("/public/statistics/")
    assert status == 200
    assert "Over the 2 published barriers." in html
    # listing: action agreed at its first meeting; formula: resolved at its first: 1 of 2.
    assert "50%" in html and "1 of 2 barriers raised at a meeting" in html
    assert setup.phyto.regulator.name not in html  # phyto is unpublished
    assert "<svg" in html


def test_the_pages_follow_the_language_asked_for(register) -> None:
    html = get("/public/", HTTP_ACCEPT_LANGUAGE="ru")[1]
    assert '<html lang="ru">' in html
    assert "Торговые барьеры для экспорта в ЕАЭС" in html and "2 барьера" in html
    assert "Trade barriers to exports" in get("/public/")[1]  # each language cached apart


def test_the_open_data_page_describes_every_column_in_order(register) -> None:
    html = get("/public/data/")[1]
    described = re.findall(r"<code>(\w+)</code>", html)
    header = Client().get("/public/data/register.csv").content.decode("utf-8-sig").split("\r\n")[0]
    assert described == header.split(",")
    hindi = get("/public/data/", HTTP_ACCEPT_LANGUAGE="hi")[1]
    assert "उत्पादों के 6-अंकीय HS कोड" in hindi and "<code>hs_codes</code>" in hindi


@pytest.mark.parametrize(
    ("language", "html_lang", "words"),
    [
        ("hi", '<html lang="hi">', ["ईएईयू को निर्यात में व्यापार बाधाएँ", "2 बाधाएँ", "तथ्य"]),
        (
            "ru",
            '<html lang="ru">',
            ["Торговые барьеры для экспорта в ЕАЭС", "2 барьера", "Сведения"],
        ),
    ],
)
def test_the_switch_puts_the_list_and_a_barrier_page_in_the_readers_language(
    register, language: str, html_lang: str, words: list[str]
) -> None:
    setup, _officer = register
    page = f"/public/barriers/{setup.listing.reference}/"
    client = Client()
    english = get("/public/", client)[1]
    assert 'action="/public/language/"' in english and "csrfmiddlewaretoken" not in english
    assert f'value="{language}" class="link-button" lang="{language}"' in english
    response = client.post("/public/language/", {"language": language, "next": page})
    assert response.status_code == 302 and response["Location"] == page
    listing, barrier = get("/public/", client)[1], get(page, client)[1]
    assert html_lang in listing and html_lang in barrier
    assert words[0] in listing and words[1] in listing
    assert words[2] in barrier and PUBLIC_TITLE in barrier
    assert f'value="{language}"' not in listing  # the switch offers the other two
    assert 'value="en" class="link-button" lang="en">English' in listing
    # Each language is cached apart: a reader without the cookie still gets English.
    assert "Trade barriers to exports" in get("/public/")[1]
    assert '<html lang="en">' in get(page)[1] and ">Facts<" in get(page)[1]


@pytest.mark.parametrize("language", ["xx", "", "de"])
def test_the_switch_refuses_a_language_the_register_does_not_have(register, language) -> None:
    response = Client().post("/public/language/", {"language": language, "next": "/public/"})
    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/reports/", ""])
def test_the_switch_only_goes_back_to_a_register_page(register, target: str) -> None:
    response = Client().post("/public/language/", {"language": "hi", "next": target})
    assert response.status_code == 302 and response["Location"] == "/public/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"


def test_the_switch_is_a_post(register) -> None:
    assert Client().get("/public/language/?language=hi").status_code == 405


def test_the_switch_works_with_csrf_checks_on(register) -> None:
    """The cached pages carry no CSRF token, so the switch must not need one."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/public/language/", {"language": "ru", "next": "/public/"})
    assert response.status_code == 302
