"""Filing takes any HS 2022 subheading, in the portal and the API, and still refuses a code that
is not one, naming it; the portal's HS code finder and suggestions find codes by digits or
words, best first, with the chapter and heading beside each."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from django.core.cache import cache

from barriers.models import HSCode, Report
from tests.api_factories import client_for as api_client_for
from tests.api_factories import report_payload
from tests.portal_helpers import client_for, exporter, pdf_upload, report_form_data

pytestmark = pytest.mark.django_db

# Raw cane sugar, coffee, cotton: chapters 17, 09 and 52, which the curated list never covered.
NEW_CODES = ["170114", "090111", "520100"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def errors_of(html: str) -> dict[str, str]:
    found = re.findall(r'id="id_([a-z_]+)_error"><li>(.*?)</ul>', html, re.S)
    return {name: unescape(re.sub(r"<[^>]+>", "", text)) for name, text in found}


def test_the_nomenclature_holds_every_subheading() -> None:
    assert HSCode.objects.count() >= 5612  # HS 2022's subheadings (and Comtrade's 999999 or not)
    assert HSCode.objects.filter(code__in=[*NEW_CODES, "030699"]).count() == 4


def test_the_portal_files_codes_from_chapters_the_curated_list_never_covered() -> None:
    user = exporter()
    response = client_for(user).post(
        "/reports/new/",
        {**report_form_data(hs_codes="170114, 090111 520100"), "evidence": pdf_upload()},
    )
    assert response.status_code == 302, errors_of(response.content.decode())
    report = Report.objects.get()
    assert sorted(report.hs_codes.values_list("code", flat=True)) == sorted(NEW_CODES)
    page = client_for(user).get(f"/reports/{report.reference}/").content.decode()
    assert "170114" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("999999", "Unknown HS code 999999."),
        ("170114, 999999", "Unknown HS code 999999."),
        ("170110, 000000", "Unknown HS codes 170110, 000000."),
        ("980100", "Unknown HS code 980100."),
    ],
)
def test_the_portal_refuses_a_code_that_is_not_a_subheading_naming_it(
    typed: str, message: str
) -> None:
    response = client_for(exporter()).post("/reports/new/", report_form_data(hs_codes=typed))
    assert response.status_code == 200
    error = errors_of(response.content.decode())["hs_codes"]
    assert message in error and "HS 2022" in error
    assert Report.objects.count() == 0


def test_the_api_files_codes_from_any_chapter_and_refuses_one_that_does_not_exist(
    exporter,
) -> None:
    client = api_client_for(exporter)
    response = client.post(
        "/api/v1/reports/", report_payload(hs_codes=[*NEW_CODES, "030699"]), format="json"
    )
    assert response.status_code == 201, response.data
    assert sorted(response.data["hs_codes"]) == sorted([*NEW_CODES, "030699"])

    refused = client.post(
        "/api/v1/reports/", report_payload(hs_codes=["170114", "999999"]), format="json"
    )
    assert refused.status_code == 400
    assert list(refused.data) == ["hs_codes"]
    assert "Unknown HS code 999999." in str(refused.data["hs_codes"][0])


def test_editing_takes_a_new_code_too() -> None:
    user = exporter()
    page = client_for(user)
    page.post("/reports/new/", {**report_form_data(), "evidence": pdf_upload()})
    report = Report.objects.get()
    response = page.post(f"/reports/{report.reference}/edit/", report_form_data(hs_codes="090111"))
    assert response.status_code == 302, errors_of(response.content.decode())
    assert list(report.hs_codes.values_list("code", flat=True)) == ["090111"]


def test_the_filing_form_links_to_the_finder_instead_of_listing_codes() -> None:
    html = client_for(exporter()).get("/reports/new/").content.decode()
    assert 'href="/reports/hs-codes/find/" target="_blank" rel="noopener"' in html
    assert "opens in a new tab" in html
    # Not a table of thousands of codes: only the examples in the help.
    assert len(set(re.findall(r"\b\d{6}\b", html))) <= 3
    assert len(html) < 60_000


def finder_rows(html: str) -> list[tuple[str, str]]:
    """(code, heading and chapter text) of each row of the finder's table."""
    rows = re.findall(
        r'<td data-label="Code"><strong>(\d{6})</strong></td>.*?'
        r'<td data-label="Heading and chapter">(.*?)</td>',
        html,
        re.S,
    )
    return [(code, unescape(re.sub(r"<[^>]+>", " ", where))) for code, where in rows]


def test_the_finder_lists_a_heading_s_subheadings_by_digits_with_chapter_and_heading() -> None:
    response = client_for(exporter()).get("/reports/hs-codes/find/", {"q": "0306"})
    assert response.status_code == 200
    rows = finder_rows(response.content.decode())
    codes = [code for code, _ in rows]
    assert codes[:3] == ["030611", "030612", "030614"] and "030699" in codes
    assert all(code.startswith("0306") for code in codes)
    assert "0306 Crustaceans" in rows[0][1] and "Chapter 03: Fish and crustaceans" in rows[0][1]


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("shrimps", {"030616", "030617"}),
        ("raw cane sugar", {"170113", "170114"}),
        ("coffee not roasted", {"090111", "090112"}),
        ("cotton", {"520100"}),
    ],
)
def test_the_finder_finds_by_words_best_first(query: str, best: set[str]) -> None:
    html = client_for(exporter()).get("/reports/hs-codes/find/", {"q": query}).content.decode()
    codes = [code for code, _ in finder_rows(html)]
    assert set(codes[: len(best)]) == best, codes[:5]


def test_the_finder_works_without_a_query_and_refuses_a_long_one_readably() -> None:
    page = client_for(exporter())
    empty = page.get("/reports/hs-codes/find/")
    assert empty.status_code == 200 and finder_rows(empty.content.decode()) == []
    assert "Find an HS code" in empty.content.decode()
    long = page.get("/reports/hs-codes/find/", {"q": "x" * 61})
    assert long.status_code == 200
    assert "at most 60 characters" in errors_of(long.content.decode())["q"]
    nothing = page.get("/reports/hs-codes/find/", {"q": "unobtainium"}).content.decode()
    assert "No HS subheading matches" in nothing
    national = page.get("/reports/hs-codes/find/", {"q": "99"}).content.decode()
    assert finder_rows(national) == []  # 999999 is Comtrade's total, not a subheading


def test_suggestions_carry_the_heading_and_chapter_and_rank_the_word_first() -> None:
    page = client_for(exporter())
    results = page.get("/reports/hs-codes/", {"q": "shrimps"}).json()["results"]
    assert {row["code"] for row in results[:2]} == {"030616", "030617"}
    assert results[0]["heading"]["code"] == "0306"
    assert results[0]["chapter"] == {
        "code": "03",
        "description": "Fish and crustaceans, molluscs and other aquatic invertebrates",
    }
    sugar = page.get("/reports/hs-codes/", {"q": "1701"}).json()["results"]
    assert [row["code"] for row in sugar][:2] == ["170112", "170113"]
    assert len(page.get("/reports/hs-codes/", {"q": "03"}).json()["results"]) == 10
