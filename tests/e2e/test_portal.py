"""The exporter's journey in a real Chromium: sign in, file with an HS code and a PDF, follow the
report, read the officials' question and answer it.

Run where Debian's Chromium is installed (/usr/bin/chromium); elsewhere these tests are
deselected by conftest. A screenshot of the report page is left in test-output/.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from barriers import services
from barriers.models import Document, Message, Report, ReportStatus
from tests import factories
from tests.browser import chromium_page
from tests.conftest import ROOT
from tests.portal_helpers import PASSWORD, PDF, exporter, reference_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = ROOT / "test-output"


def test_exporter_files_a_report_with_evidence_and_answers_the_officials_question(
    live_server, browser_page
) -> None:
    page = browser_page
    rows = reference_rows()
    user = exporter(full_name="Lakshmi Reddy")
    base = live_server.url

    # Sign in.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/reports/")
    assert page.get_by_role("heading", level=1).inner_text() == "My reports"

    # File a report: the HS code is chosen from the suggestions as one types a product.
    page.get_by_role("link", name="File a report").first.click()
    page.get_by_label("Title").fill("Listing of our Kochi shrimp plant pending since spring")
    page.get_by_label("Kind of approval").select_option(str(rows["kind"].pk))
    page.get_by_label("Russian Federation").check()
    page.get_by_label("What happened").fill(
        "We applied for listing in the EAEU register in April and have had no answer."
    )
    codes = page.get_by_role("combobox", name="HS codes of the products")
    codes.press_sequentially("shrimp", delay=40)
    option = page.get_by_role("option", name=re.compile("030617"))
    option.wait_for()
    # Cold-water shrimps (030616) may come first: go down the list to the warm-water ones.
    page.wait_for_load_state("networkidle")  # the suggestions for the whole word
    selected = page.locator("[role=option][aria-selected=true]")
    for _ in range(10):
        codes.press("ArrowDown")
        if "030617" in selected.inner_text():
            break
    codes.press("Enter")
    assert codes.input_value().startswith("030617")
    page.get_by_label("Date you applied").fill(
        (timezone.localdate() - dt.timedelta(days=150)).isoformat()
    )
    page.get_by_label("Trade value at stake, in US dollars").fill("2,50,000")
    page.get_by_label("Evidence files").set_input_files(
        [{"name": "listing-application.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="File the report").click()
    page.wait_for_url(re.compile(r"/reports/REP-\d{4}-\d{6}/$"))

    report = Report.objects.get()
    assert report.company_id == user.company_id and report.trade_value_usd == 250000
    assert list(report.hs_codes.values_list("code", flat=True)) == ["030617"]
    document = Document.objects.get()
    assert document.original_name == "listing-application.pdf"
    expect(page.get_by_role("link", name="listing-application.pdf")).to_be_visible()

    # It is in "My reports".
    page.get_by_role("link", name="My reports").click()
    row = page.get_by_role("row", name=re.compile(report.reference))
    assert "Submitted" in row.inner_text()

    # An official asks a question; the exporter reads it on the report page and answers.
    official = factories.OfficialFactory()
    services.report_start_review(report=report, actor=official)
    services.report_request_info(
        report=report, actor=official, question="Please attach the FSVPS acknowledgement."
    )
    page.get_by_role("link", name=report.reference).click()
    expect(page.get_by_text("Officials have asked you a question")).to_be_visible()
    thread = page.locator("#messages")
    expect(thread.get_by_text("Please attach the FSVPS acknowledgement.")).to_be_visible()
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "report-page.png"), full_page=True)

    page.get_by_label("Your message").fill("Attached. The acknowledgement number is FS-7781.")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(r"#messages$"))
    expect(page.get_by_text("Your message has been sent to officials.")).to_be_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW
    assert Message.objects.filter(author=user, body__contains="FS-7781").exists()
    page.screenshot(path=str(OUTPUT / "report-page-after-reply.png"), full_page=True)


def test_filing_works_without_javascript_and_shows_errors_beside_the_fields(
    live_server, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    reference_rows()
    user = exporter()
    base = live_server.url
    with chromium_page(javascript=False) as page:
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{base}/reports/new/")
        page.get_by_label("HS codes of the products").fill("999999")
        page.get_by_label("Trade value at stake, in US dollars").fill("a lot")
        page.get_by_role("button", name="File the report").click()
        error = page.locator("#id_hs_codes_error")
        assert "Unknown HS code 999999" in error.inner_text()
        described = page.get_by_label("HS codes of the products").get_attribute("aria-describedby")
        assert "id_hs_codes_error" in described
        assert (
            "Enter the amount in figures" in page.locator("#id_trade_value_usd_error").inner_text()
        )
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "filing-errors-no-javascript.png"), full_page=True)
    assert Report.objects.count() == 0


def test_exporter_finds_and_files_a_code_the_curated_list_never_covered(
    live_server, browser_page
) -> None:
    """Raw cane sugar (170114, chapter 17): found by words in the suggestions, which show its
    heading and chapter, and filed; then found again in My reports by a word form."""
    page = browser_page
    rows = reference_rows()
    user = exporter()
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/reports/")

    page.goto(f"{base}/reports/new/")
    page.get_by_label("Title").fill("Conformity declaration for our raw sugar refused")
    page.get_by_label("Kind of approval").select_option(str(rows["kind"].pk))
    page.get_by_label("Russian Federation").check()
    page.get_by_label("What happened").fill(
        "The certification body refused to register the declaration for our raw cane sugar."
    )
    codes = page.get_by_role("combobox", name="HS codes of the products")
    codes.press_sequentially("raw cane sugar", delay=30)
    option = page.get_by_role("option", name=re.compile("170114"))
    option.wait_for()
    assert "Chapter 17: Sugars and sugar confectionery" in option.inner_text()
    assert "1701 " in option.inner_text()  # its heading
    option.click()
    assert codes.input_value().startswith("170114")
    page.get_by_label("Date you applied").fill(
        (timezone.localdate() - dt.timedelta(days=60)).isoformat()
    )
    page.get_by_label("Evidence files").set_input_files(
        [{"name": "refusal.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="File the report").click()
    page.wait_for_url(re.compile(r"/reports/REP-\d{4}-\d{6}/$"))
    report = Report.objects.get()
    assert list(report.hs_codes.values_list("code", flat=True)) == ["170114"]

    # My reports: found by a word form, with the filters kept in the form.
    page.get_by_role("link", name="My reports").click()
    page.get_by_label("Words, reference or HS code").fill("sugars")
    page.get_by_label("Sort by").select_option("-days_pending")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row", name=re.compile(report.reference))).to_be_visible()
    assert page.get_by_label("Words, reference or HS code").input_value() == "sugars"
    expect(page.get_by_text("1 report found, longest pending first.")).to_be_visible()


def test_without_javascript_the_hs_code_finder_page_finds_a_code_by_words(
    live_server, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    reference_rows()
    user = exporter()
    base = live_server.url
    with chromium_page(javascript=False) as page:
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{base}/reports/new/")
        link = page.get_by_role("link", name=re.compile("Find an HS code"))
        assert link.get_attribute("target") == "_blank"
        page.goto(f"{base}{link.get_attribute('href')}")
        page.get_by_label("Product or HS code").fill("coffee not roasted")
        page.get_by_role("button", name="Find").click()
        first = page.locator("table tbody tr").first
        assert "090111" in first.inner_text()
        assert "Chapter 09" in first.inner_text()
