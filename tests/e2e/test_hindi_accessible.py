"""The portal in Hindi, walked in a real Chromium, and every portal and counterpart page measured
by axe-core in each of its languages (tests/accessibility.py): no serious or critical violation.

The exporter signs in, switches to हिन्दी, reads the list, files a report (amounts in Indian
digit groups) and reads it; the choice is kept on the account and the receipt e-mail is in
Hindi. Screenshots of the Hindi pages are left in test-output/ (hindi-*.png).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone
from playwright.sync_api import expect

from barriers.models import OutboundEmail, Report, User
from tests.accessibility import assert_accessible
from tests.conftest import ROOT
from tests.counterpart_pages.helpers import build_world
from tests.e2e.test_counterpart import SECRET, _sign_in
from tests.portal_helpers import PASSWORD, confirmed, exporter, reference_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = ROOT / "test-output"


def _shot(page: Any, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"hindi-{name}.png"), full_page=True)


def _measure(page: Any, base: str, paths: list[str], language: str) -> None:
    for path in paths:
        page.goto(f"{base}{path}")
        assert page.locator("html").get_attribute("lang") == language, path
        assert_accessible(page, what=f"{path} ({language})")


def test_exporter_walks_the_portal_in_hindi(live_server: Any, browser_page: Any) -> None:
    page = browser_page
    rows = reference_rows()
    user = exporter(full_name="Anil Kumar")
    base = live_server.url

    # Sign in (in English), then switch to Hindi on the list of reports.
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/reports/")
    page.get_by_role("button", name="हिन्दी").click()
    page.wait_for_url(f"{base}/reports/")
    assert page.locator("html").get_attribute("lang") == "hi"
    assert page.get_by_role("heading", level=1).inner_text() == "मेरी रिपोर्टें"
    expect(page.get_by_text("आपकी कंपनी ने अभी तक कोई रिपोर्ट दर्ज नहीं की है।")).to_be_visible()
    assert User.objects.get(pk=user.pk).language == "hi"
    assert_accessible(page)
    _shot(page, "1-list-empty")

    # File a report: first with nothing filled in (the errors, in Hindi), then properly.
    page.get_by_role("link", name="रिपोर्ट दर्ज करें").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "रिपोर्ट दर्ज करें"
    assert_accessible(page)
    page.get_by_role("button", name="रिपोर्ट दर्ज करें").click()
    summary = page.locator(".error-summary")
    assert "कृपया नीचे चिह्नित त्रुटियाँ सुधारें" in summary.inner_text()
    assert_accessible(page, what="the filing form with errors")
    _shot(page, "2-form-errors")

    page.get_by_label("शीर्षक", exact=True).fill("कोच्चि झींगा संयंत्र का सूचीकरण लंबित")
    page.get_by_label("अनुमोदन का प्रकार", exact=True).select_option(str(rows["kind"].pk))
    page.get_by_label(rows["country"].name).check()
    page.get_by_label("क्या हुआ").fill(
        "हमने अप्रैल में ईएईयू रजिस्टर में सूचीकरण के लिए आवेदन किया था, अभी तक उत्तर नहीं मिला।"
    )
    expect(page.get_by_text("आप उत्पाद का नाम भी लिख सकते हैं")).to_be_visible()  # portal.js, in Hindi
    codes = page.get_by_role("combobox", name="उत्पादों के HS कोड")
    codes.fill("080610")
    codes.press("Escape")
    page.get_by_label("आवेदन करने की तिथि").fill(
        (timezone.localdate() - dt.timedelta(days=150)).isoformat()
    )
    page.get_by_label("प्रभावित खेपें").fill("3")
    page.get_by_label("दाँव पर लगा व्यापार मूल्य, अमेरिकी डॉलर में").fill("12,34,567")
    _shot(page, "3-form-filled")
    page.get_by_role("button", name="रिपोर्ट दर्ज करें").click()
    page.wait_for_url(re.compile(r"/reports/REP-\d{4}-\d{6}/$"))

    # The report page, in Hindi, with the amount in Indian digit groups.
    report = Report.objects.get()
    assert report.trade_value_usd == 1234567
    assert page.get_by_role("heading", level=1).inner_text() == report.title
    expect(page.get_by_text(f"आपकी रिपोर्ट {report.reference} दर्ज हो गई है।")).to_be_visible()
    facts = page.locator(".facts").inner_text()
    assert "US$ 12,34,567" in facts and "गंतव्य देश" in facts
    assert "प्रस्तुत" in page.locator(".report-heading__status").inner_text()
    assert_accessible(page)
    _shot(page, "4-report")

    # The list now has the report; the receipt e-mail is in Hindi.
    page.get_by_role("link", name="मेरी रिपोर्टें").click()
    row = page.get_by_role("row", name=re.compile(report.reference))
    assert "प्रस्तुत" in row.inner_text()
    _shot(page, "5-list")
    receipt = OutboundEmail.objects.get(to=[user.email])
    assert receipt.subject == f"[{report.reference}] हमें आपकी रिपोर्ट प्राप्त हो गई है"

    # Every other portal page, in Hindi and then in English.
    reference = report.reference
    pages = [
        "/",
        "/reports/",
        "/reports/new/",
        f"/reports/{reference}/",
        f"/reports/{reference}/edit/",
        f"/reports/{reference}/withdraw/",
        "/reports/hs-codes/find/?q=grapes",
        "/company/invite/",
        "/accounts/password/change/",
    ]
    _measure(page, base, pages, "hi")
    page.goto(f"{base}/reports/hs-codes/find/?q=grapes")
    _shot(page, "6-hs-code-finder")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{base}/reports/hs-codes/find/")
    assert page.get_by_role("heading", level=1).inner_text() == "Find an HS code"
    _measure(page, base, pages, "en")


def _failed_sign_in(page: Any, base: str, email: str, password: str, button: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(email).fill("nobody@example.com")
    page.get_by_label(password).fill("not-the-password")
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def test_the_signed_out_pages_are_accessible_in_both_languages(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    base = live_server.url
    pages = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
    _measure(page, base, pages, "en")
    _failed_sign_in(page, base, "E-mail address", "Password", "Sign in")
    assert page.get_by_text(
        "The email address and/or password you specified are not correct."
    ).first.is_visible()
    assert_accessible(page, what="failed sign-in (en)")
    page.goto(f"{base}/")
    page.get_by_role("button", name="हिन्दी").click()
    page.wait_for_url(f"{base}/")
    _shot(page, "0-home")
    _measure(page, base, pages, "hi")
    # The sign-in page in Hindi, its language switch, and a failed sign-in's error.
    page.goto(f"{base}/accounts/login/")
    assert page.get_by_role("heading", level=1).inner_text() == "साइन इन करें"
    expect(page.get_by_role("button", name="English")).to_be_visible()
    _failed_sign_in(page, base, "ई-मेल पता", "पासवर्ड", "साइन इन करें")
    error = "आपके द्वारा दर्ज किया गया ई-मेल पता और/या पासवर्ड सही नहीं है।"
    expect(page.get_by_text(error).first).to_be_visible()
    _shot(page, "0-sign-in-error")
    assert_accessible(page, what="failed sign-in (hi)")


def test_the_counterpart_pages_are_accessible_in_russian_and_english(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    base = live_server.url
    world = build_world()
    focal = confirmed(world.fp_b)
    TOTP.activate(focal, SECRET)
    page.goto(f"{base}/accounts/login/?next=/counterpart/")
    _sign_in(page, base, focal.email, code=True)
    page.wait_for_url(f"{base}/counterpart/")
    barrier = f"/counterpart/barriers/{world.b.reference}/"
    pages = ["/counterpart/", barrier, f"{barrier}respond/acknowledgement/"]
    _measure(page, base, pages, "ru")
    page.goto(f"{base}{barrier}")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{base}{barrier}")
    _measure(page, base, pages, "en")


def test_the_accessibility_check_fails_on_a_page_that_breaks_the_rules(browser_page: Any) -> None:
    """A button without a name (critical) and grey text on white (serious) are caught."""
    page = browser_page
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<button type="button"></button><p style="color:#bbb">faint</p></main></body></html>'
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    assert "critical: button-name" in str(failure.value)
    assert "serious: color-contrast" in str(failure.value)
