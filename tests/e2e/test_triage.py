"""A triage officer's journey through the admin in a real Chromium.

Log in, filter the triage queue, open a report, ask the exporter a question, then merge two
reports from different companies into one barrier and read the barrier's figures and history.
Screenshots of each page are left in test-output/ (git-ignored). Deselected by conftest where
Debian's Chromium is not installed.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import TRIAGE_OFFICER
from barriers.models import Barrier, Message, MessageVisibility, Report, ReportStatus
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
PASSWORD = "correct-horse-battery"


def _triage_officer_group() -> Group:
    """The role group as the migrations make it.

    The groups are data from migrations, and a transactional test before this one may have
    flushed them; the permission lists are read from those migrations, not repeated here.
    """
    granted = set()
    for module, table in (
        ("0004_role_groups", "ROLES"),
        ("0011_role_groups_triage_queue_routing_import", "ADDED"),
        ("0017_barrier_triage_permission", "ADDED"),
    ):
        granted |= set(
            getattr(import_module(f"barriers.migrations.{module}"), table)[TRIAGE_OFFICER]
        )
    group, _ = Group.objects.get_or_create(name=TRIAGE_OFFICER)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="barriers", codename__in=granted)
    )
    return group


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(OUTPUT / f"triage-{name}.png"), full_page=True)


def _filed(company_name: str, days_ago: int, value: str, **overrides: Any) -> Report:
    company = factories.CompanyFactory(name=company_name)
    exporter = factories.ExporterFactory(company=company)
    report = factories.report_file(actor=exporter, trade_value_usd=Decimal(value), **overrides)
    when = timezone.now() - dt.timedelta(days=days_ago)
    Report.objects.filter(pk=report.pk).update(created_at=when, submitted_at=when)
    return report


def test_triage_officer_asks_a_question_and_merges_two_reports_into_one_barrier(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    officer = factories.OfficialFactory(full_name="Rahul Verma")
    officer.groups.add(_triage_officer_group())
    first = _filed("Coastal Seafoods Pvt Ltd", 30, "250000", consignments_affected=3)
    second = _filed("Malabar Ocean Products Ltd", 25, "120000", consignments_affected=2)
    fresh = _filed("Veraval Deep Sea Foods", 1, "5000")
    base = live_server.url

    # Log in to the admin.
    page.goto(f"{base}/admin/")
    page.fill("#id_username", officer.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    # Filter the queue: overdue for a first decision.
    page.goto(f"{base}/admin/barriers/triagequeueentry/")
    page.get_by_role("link", name="Yes").first.click()
    page.wait_for_url(re.compile(r"overdue=yes"))
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    assert "target missed" in page.locator("#result_list").inner_text()
    assert fresh.reference not in page.content()
    _shot(page, "1-queue-overdue")

    # Open the oldest report and start the review (a page says what will happen first).
    page.get_by_role("link", name=first.reference).click()
    page.get_by_role("link", name="Start review").click()
    assert "the exporter sees" in page.locator(".step-intro").inner_text()
    page.get_by_role("button", name="Start review").click()
    page.wait_for_selector(".messagelist .success")
    assert (
        f"{first.reference} “{first.title}” is now under review."
        in page.locator(".messagelist").inner_text()
    )

    # Ask the exporter a question.
    page.get_by_role("link", name="Request information").click()
    page.fill("textarea[name=question]", "Which plant registration number did you apply for?")
    _shot(page, "2-request-information")
    page.locator("input[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    first.refresh_from_db()
    assert first.status == ReportStatus.INFO_REQUESTED
    assert Message.objects.filter(report=first, visibility=MessageVisibility.PUBLIC).exists()

    # The exporter answers (through the portal); the report is back in the queue.
    services.message_post(actor=first.filed_by, report=first, body="Plant 1234 at Kochi.")
    page.goto(f"{base}/admin/barriers/triagequeueentry/?stage=answered")
    page.get_by_role("link", name=first.reference).click()

    # Accept it as a new barrier.
    page.get_by_role("button", name="Accept as a new barrier").click()
    page.wait_for_selector(".messagelist .success")
    barrier = Barrier.objects.get()

    # The second company's report: start the review, merge it into that barrier, confirming.
    page.goto(f"{base}/admin/barriers/triagequeueentry/")
    page.get_by_role("link", name=second.reference).click()
    page.get_by_role("link", name="Start review").click()
    page.get_by_role("button", name="Start review").click()
    page.wait_for_selector("#duplicates")
    panel = page.locator("#duplicates")
    assert barrier.reference in panel.inner_text()
    _shot(page, "3-duplicates")
    panel.get_by_role("link", name="Merge into this barrier").first.click()
    assert barrier.reference in page.locator("#chosen-barrier").inner_text()
    second.refresh_from_db()
    assert second.status == ReportStatus.UNDER_REVIEW  # nothing happens before the confirmation
    page.get_by_role("button", name="Accept into a barrier").click()
    page.wait_for_selector(".messagelist .success")
    assert (
        f"{second.reference} “{second.title}” accepted into barrier {barrier.reference}"
        in page.locator(".messagelist").inner_text()
    )
    second.refresh_from_db()
    assert (second.status, second.barrier) == (ReportStatus.ACCEPTED, barrier)

    # The barrier page: figures, reports, status and field history.
    page.goto(f"{base}/admin/barriers/barrier/{barrier.pk}/change/")
    figures = page.locator("#figures").inner_text()
    assert re.search(r"Companies affected\s+2", figures, re.IGNORECASE)
    assert "$370,000" in figures
    assert re.search(r"Consignments\s+5", figures, re.IGNORECASE)
    content = page.content()
    assert first.reference in content and second.reference in content
    history = page.locator("#field-history").inner_text()
    assert "Created" in history
    assert (
        "Rahul Verma"
        in page.locator(".inline-group").filter(has_text="Status history").first.inner_text()
    )
    _shot(page, "4-barrier")
