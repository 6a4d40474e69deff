"""The official's side of the exchange with the regulator, in a real Chromium.

Rosselkhoznadzor's focal point has acknowledged a shared barrier and asked for clarification
with a letter attached; India's answer is overdue. The triage officer finds the barrier through
the "answer overdue" filter, reads the exchange on its page, forwards the request to the
exporters in their own words and replies to the counterpart with a file. Screenshots are left
in test-output/ (desk-*.png).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from barriers import services
from barriers.models import Deadline, DeadlineStage, Exchange, ExchangeKind, PendingOn
from tests import factories
from tests.api_factories import PDF_BYTES, pdf_upload
from tests.counterparts.helpers import CONSENTED, accepted_barrier, focal_point, regulator_a, share

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
PASSWORD = "correct-horse-battery"
QUESTION = "Просим сообщить номер предприятия в реестре EIC и дату подачи заявки."


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(OUTPUT / f"desk-{name}.png"), full_page=True)


def test_an_official_reads_the_exchange_forwards_the_request_and_replies(
    live_server: Any, browser_page: Any, tmp_path: Path
) -> None:
    page = browser_page
    officer = factories.triage_officer(full_name="Rahul Verma")
    regulator = regulator_a()
    barrier = accepted_barrier(regulator, official=officer, companies=((CONSENTED, True),))
    share(barrier, officer)
    person = focal_point(regulator, full_name="Ирина Волкова")
    services.exchange_post(
        actor=person, barrier=barrier, kind=ExchangeKind.ACKNOWLEDGEMENT, body_ru="Получено."
    )
    services.exchange_post(
        actor=person,
        barrier=barrier,
        kind=ExchangeKind.CLARIFICATION,
        body_ru=QUESTION,
        files=[pdf_upload("Письмо ФС-ЕН-7-1234.pdf")],
    )
    today = timezone.localdate()
    Deadline.objects.filter(stage=DeadlineStage.ANSWER_CLARIFICATION).update(
        opened_on=today - dt.timedelta(days=20), due_on=today - dt.timedelta(days=3)
    )
    base = live_server.url

    page.goto(f"{base}/admin/")
    page.fill("#id_username", officer.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    # The barrier list: India owes an answer, overdue.
    page.goto(f"{base}/admin/barriers/barrier/?answer_overdue=india")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "overdue" in rows.first.locator(".field-due_next").inner_text()
    _shot(page, "1-answer-overdue")

    # The barrier's page: the exchange, its letter, India's overdue answer.
    rows.first.get_by_role("link", name=barrier.reference).click()
    panel = page.locator("#exchange")
    assert QUESTION in panel.inner_text()
    assert "overdue" in panel.locator(".exchange-deadlines").inner_text()
    with page.expect_download() as download:
        panel.get_by_role("link", name="Письмо ФС-ЕН-7-1234.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF_BYTES
    _shot(page, "2-exchange-panel")

    # Forward the request to the exporters, in the official's words.
    page.get_by_role("link", name="Forward to the exporters").click()
    assert page.locator("textarea[name=body]").input_value() == QUESTION
    page.fill(
        "textarea[name=body]",
        "Rosselkhoznadzor asks for your plant's EIC registration number and application date.",
    )
    page.locator("input[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    barrier.refresh_from_db()
    assert barrier.pending_on == PendingOn.EXPORTER

    # Reply to the counterpart with a letter.
    page.get_by_role("link", name="Reply to the counterpart").click()
    page.fill("textarea[name=body_ru]", "Номер предприятия 1234, заявка подана 3 марта 2026 г.")
    letter = tmp_path / "Ответ EIC.pdf"
    letter.write_bytes(PDF_BYTES)
    page.set_input_files("input[name=documents]", str(letter))
    _shot(page, "3-reply")
    page.locator("input[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    reply = Exchange.objects.get(kind=ExchangeKind.REPLY)
    assert reply.documents.get().original_name == "Ответ EIC.pdf"
    assert "Ответ EIC.pdf" in page.locator("#exchange").inner_text()
    assert not re.search(r"overdue", page.locator("#exchange").inner_text())
    _shot(page, "4-replied")
