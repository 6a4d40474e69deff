"""An agenda secretary drafts, adjusts and freezes the upcoming meeting's agenda in Chromium.

Screenshots are left in test-output/ (git-ignored). Deselected by conftest where Debian's
Chromium is not installed.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY
from barriers.models import AgendaItem, BarrierStatus, Meeting, MeetingStatus
from tests import factories
from tests.services.test_agenda import barrier_with_reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
PASSWORD = "correct-horse-battery"


def _agenda_secretary_group() -> Group:
    """The role group as the migrations make it (a transactional test may have flushed it)."""
    granted: set[str] = set()
    for module, table in (
        ("0004_role_groups", "ROLES"),
        ("0011_role_groups_triage_queue_routing_import", "ADDED"),
    ):
        granted |= set(
            getattr(import_module(f"barriers.migrations.{module}"), table)[AGENDA_SECRETARY]
        )
    group, _ = Group.objects.get_or_create(name=AGENDA_SECRETARY)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="barriers", codename__in=granted)
    )
    return group


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(OUTPUT / f"agenda-{name}.png"), full_page=True)


def test_agenda_secretary_drafts_adjusts_and_freezes_the_agenda(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    official = factories.OfficialFactory()
    secretary = factories.OfficialFactory(full_name="Meera Iyer")
    secretary.groups.add(_agenda_secretary_group())
    urgent = barrier_with_reports(
        official, title="Shrimp plant listing stuck", companies=3, trade_value="900000"
    )
    middle = barrier_with_reports(official, title="Grape certificates", trade_value="50000")
    small = barrier_with_reports(official, title="Small delay", trade_value="1000")
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=timezone.localdate() + dt.timedelta(days=30)
    )
    base = live_server.url

    page.goto(f"{base}/admin/")
    page.fill("#id_username", secretary.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    # Open the upcoming meeting and draft its agenda.
    page.goto(f"{base}/admin/barriers/meeting/")
    page.get_by_role("link", name="2026-Q4").click()
    page.get_by_role("button", name="Draft agenda").click()
    page.wait_for_selector(".messagelist .success")
    rows = page.locator("#agenda tr.agenda-item")
    assert rows.count() == 3
    first = rows.first.inner_text()
    assert urgent.reference in first
    assert "USD 2,700,000 at stake" in first and "3 companies affected" in first
    _shot(page, "1-drafted")

    # Move the second item to the reserve list.
    second = page.locator(f"tr#item-{AgendaItem.objects.get(barrier=middle).pk}")
    second.get_by_role("button", name="Move to reserve").click()
    page.wait_for_selector(".messagelist .success")
    assert middle.reference in page.locator("#reserve").inner_text()
    assert "placed by hand" in page.locator("#reserve").inner_text()

    # The joint agenda needs every item in Russian (title, summary, ask): an official has
    # entered them on the barriers' pages.
    factories.agenda_in_russian(meeting)

    # Freeze, after the confirmation page that says exporters will be told.
    page.get_by_role("link", name="Freeze agenda").click()
    assert "tells the exporters" in page.locator("#content-main").inner_text()
    page.get_by_label("Yes, freeze the agenda and tell the exporters").check()
    _shot(page, "2-freeze-confirmation")
    page.locator("input[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    assert "is frozen" in page.locator(".messagelist").inner_text()
    _shot(page, "3-frozen")

    meeting.refresh_from_db()
    urgent.refresh_from_db()
    middle.refresh_from_db()
    small.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_FROZEN
    assert urgent.status == BarrierStatus.SCHEDULED
    assert small.status == BarrierStatus.SCHEDULED
    assert middle.status == BarrierStatus.OPEN
    assert Meeting.objects.count() == 1
