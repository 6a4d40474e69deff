"""Resolving a barrier outside a meeting, in a real Chromium.

A triage officer resolves a barrier shared with Rosselkhoznadzor from its page: the confirmation
page says what will happen and who is told (the two companies, the regulator's focal point).
One company then says the fix does not hold: the barrier stays resolved, the list's "flagged for
review" filter finds it, its page shows the tally, and the officer reopens it with the reason.
Screenshots are left in test-output/ (lifecycle-*.png).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from barriers import services
from barriers.models import BarrierStatus, OutboundEmail, Report, StatusChange
from tests import factories
from tests.services.test_lifecycle import barrier_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
PASSWORD = "correct-horse-battery"


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(OUTPUT / f"lifecycle-{name}.png"), full_page=True)


def test_an_official_resolves_a_barrier_then_reopens_it_when_a_company_says_not_fixed(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    barrier = barrier_of(2, shared=True)
    officer = factories.triage_officer(full_name="Rahul Verma")
    base = live_server.url

    page.goto(f"{base}/admin/")
    page.fill("#id_username", officer.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    page.goto(f"{base}/admin/barriers/barrier/{barrier.pk}/change/")
    assert page.get_by_role("link", name="Reopen").count() == 0
    page.get_by_role("link", name="Resolve", exact=True).click()
    preview = page.locator("#step-preview")
    assert f"{barrier.reference} moves from open to resolved." in preview.inner_text()
    assert "Company 1" in preview.inner_text() and "Company 2" in preview.inner_text()
    assert "FSVPS" in preview.inner_text()
    page.fill("textarea[name=note]", "The plants were listed on 20 November.")
    _shot(page, "1-confirm-resolve")
    page.locator("input[type=submit]").click()
    message = page.locator(".messagelist .success").inner_text()
    assert barrier.reference in message and "resolved" in message
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.RESOLVED
    assert OutboundEmail.objects.filter(to=["focal@fsvps.example"]).count() == 1

    # One company says shipments are still held: flagged, not reopened.
    exporter = Report.objects.filter(barrier=barrier).order_by("company__name")[1].filed_by
    services.barrier_confirm_fix(
        barrier=barrier, actor=exporter, cleared=False, reason="Held at Novorossiysk again."
    )
    page.goto(f"{base}/admin/barriers/barrier/?flagged=yes")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    rows.first.get_by_role("link", name=barrier.reference).click()
    tally = page.locator("#fix-tally").inner_text()
    assert "0 companies confirmed fixed, 1 says not fixed, 1 not answered yet" in tally
    assert "Flagged for review" in tally
    _shot(page, "2-flagged")

    page.get_by_role("link", name="Reopen").click()
    page.locator("input[type=submit]").click()  # no reason: a form error, nothing changes
    assert "Say why the barrier is reopened." in page.locator(".errorlist").inner_text()
    page.fill("textarea[name=reason]", "Consignments are held again at the border.")
    page.locator("input[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN and barrier.review_flagged_at is None
    assert StatusChange.objects.filter(barrier=barrier).last().actor_id == officer.pk
    _shot(page, "3-reopened")
