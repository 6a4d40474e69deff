"""The counterpart focal point's journey in a real Chromium, in Russian: sign in with the
password and the authenticator code, read the work list, acknowledge the barrier, propose a
solution with a date and a letter; then the exporter reads the public line of each on the
report's timeline.

Screenshots of the Russian pages are left in test-output/ (counterpart-*.png). Deselected by
conftest where Debian's Chromium is not installed.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import timezone
from playwright.sync_api import expect

from barriers.models import Exchange, ExchangeDocument, ExchangeKind
from tests.counterpart_pages.helpers import build_world
from tests.portal_helpers import PASSWORD, PDF, confirmed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # what the focal point's authenticator app holds


def _code() -> str:
    """The app's current code, never one about to expire: the server accepts only the code of
    its own 30-second window (allauth's MFA_TOTP_TOLERANCE is 0), so a code typed in the last
    seconds of a window may reach it in the next one."""
    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left + 0.2)
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


def _shot(page: Any, name: str) -> None:
    from tests.conftest import ROOT

    page.screenshot(path=str(ROOT / "test-output" / f"counterpart-{name}.png"), full_page=True)


def _sign_in(page: Any, base: str, email: str, *, code: bool) -> None:
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if code:
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.locator("input[name=code]").fill(_code())
        page.locator("main button[type=submit]").first.click()  # not the language switch


def test_focal_point_acknowledges_and_proposes_a_solution_in_russian(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    base = live_server.url
    world = build_world()
    focal = confirmed(world.fp_a)
    TOTP.activate(focal, SECRET)
    reference = world.a.reference
    target = timezone.localdate() + dt.timedelta(days=74)

    # Sign in: the password, then the code of the authenticator app; the work list opens.
    page.goto(f"{base}/counterpart/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    _sign_in(page, base, focal.email, code=True)
    page.wait_for_url(f"{base}/counterpart/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Барьеры, переданные вашему ведомству"
    )
    row = page.get_by_role("row", name=re.compile("Задержка включения предприятия"))
    assert "Подтвердить получение обращения" in row.inner_text()
    assert world.b.reference not in page.content()  # the other regulator's barrier
    _shot(page, "1-work-list-ru")

    # The barrier page, in Russian.
    page.get_by_role("link", name="Задержка включения предприятия в реестр").click()
    page.wait_for_url(f"{base}/counterpart/barriers/{reference}/")
    assert "Просим завершить рассмотрение заявки." in page.locator("main").inner_text()
    expect(page.get_by_role("link", name="plant-listing.pdf")).to_be_visible()
    _shot(page, "2-barrier-ru")

    # Acknowledge.
    page.get_by_role("link", name="Подтвердить получение обращения").click()
    page.get_by_label("Сообщение").fill("Информация о барьере получена и рассматривается.")
    page.get_by_role("button", name="Отправить ответ").click()
    page.wait_for_url(f"{base}/counterpart/barriers/{reference}/")
    expect(page.get_by_text("Ваш ответ направлен индийской стороне.")).to_be_visible()
    assert page.get_by_role("link", name="Подтвердить получение обращения").count() == 0

    # Propose a solution: first without a date (refused beside the field), then with one and
    # a letter.
    page.get_by_role("link", name="Предложить решение").click()
    page.get_by_label("Предлагаемое решение").fill(
        "Предлагаем провести инспекцию предприятия в режиме видеоконференции."
    )
    page.get_by_role("button", name="Отправить ответ").click()
    summary = page.locator(".error-summary")
    assert "Целевая дата: Обязательное поле." in summary.inner_text()
    assert not Exchange.objects.filter(kind=ExchangeKind.PROPOSAL).exists()
    page.get_by_label("Целевая дата").fill(target.isoformat())
    page.get_by_label("Письма и другие документы").set_input_files(
        [{"name": "письмо-ФСВПС.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    _shot(page, "3-proposal-form-ru")
    page.get_by_role("button", name="Отправить ответ").click()
    page.wait_for_url(f"{base}/counterpart/barriers/{reference}/")
    history = page.locator("#exchanges")
    assert "Предлагаемое решение" in history.inner_text()
    expect(history.get_by_role("link", name="письмо-ФСВПС.pdf")).to_be_visible()
    _shot(page, "4-barrier-after-answers-ru")

    # India's side has it: the exchange with its date and letter.
    proposal = Exchange.objects.get(kind=ExchangeKind.PROPOSAL)
    assert proposal.author == focal and proposal.target_date == target
    assert proposal.body_ru.startswith("Предлагаем провести инспекцию")
    assert ExchangeDocument.objects.get(exchange=proposal).original_name == "письмо-ФСВПС.pdf"
    assert Exchange.objects.filter(kind=ExchangeKind.ACKNOWLEDGEMENT, barrier=world.a).exists()

    # The exporter reads the public lines on the report's timeline, never the text.
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_url(f"{base}/")
    exporter = confirmed(world.exporter_a)
    report = world.a.reports.get(company=exporter.company)
    page.goto(f"{base}/accounts/login/")
    _sign_in(page, base, exporter.email, code=False)
    page.wait_for_url(f"{base}/reports/")
    page.goto(f"{base}/reports/{report.reference}/")
    timeline = page.locator(".timeline").inner_text()
    assert "FSVPS acknowledged the barrier." in timeline
    assert f"FSVPS proposed a solution, to be in place by {target.day} {target:%B %Y}." in timeline
    assert "инспекц" not in page.content()
    _shot(page, "5-exporter-timeline")


def test_the_pages_work_without_javascript_and_switch_to_english(live_server: Any) -> None:
    from tests.browser import chromium_page

    base = live_server.url
    world = build_world()
    focal = confirmed(world.fp_b)
    TOTP.activate(focal, SECRET)
    with chromium_page(javascript=False) as page:
        page.goto(f"{base}/accounts/login/?next=/counterpart/")
        _sign_in(page, base, focal.email, code=True)
        page.wait_for_url(f"{base}/counterpart/")
        # One click to English, on the page the reader is on.
        page.get_by_role("link", name=re.compile("Задержка включения")).click()
        page.get_by_role("button", name="English").click()
        page.wait_for_url(f"{base}/counterpart/barriers/{world.b.reference}/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("heading", level=1).inner_text() == "Plant listing delayed"
        page.get_by_role("link", name="Acknowledge the barrier").click()
        page.get_by_role("button", name="Send the answer").click()
        assert (
            "Your message: This field is required." in page.locator(".error-summary").inner_text()
        )
        page.get_by_label("Your message").fill("Received; under review.")
        page.get_by_role("button", name="Send the answer").click()
        page.wait_for_url(f"{base}/counterpart/barriers/{world.b.reference}/")
        expect(page.get_by_text("Your answer has been sent to the Indian side.")).to_be_visible()
        _shot(page, "6-barrier-en-no-javascript")
    exchange = Exchange.objects.get()
    assert (exchange.barrier, exchange.body_en, exchange.body_ru) == (
        world.b,
        "Received; under review.",
        "",
    )
