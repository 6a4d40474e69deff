"""The officials' desk at 1280 and 1440 px in Chromium: nothing overlaps, nothing is cut; the
triage officer's day (the work waiting, a merge with its confirmation) and the agenda secretary's
(outcomes for several items at once).

Screenshots of each page at each width are left in test-output/desk-*.png (git-ignored).
Deselected by conftest where Debian's Chromium is not installed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from barriers import services
from barriers.models import AgendaItem, Meeting, MeetingStatus, Report, ReportStatus
from tests import factories
from tests.e2e.test_agenda import _agenda_secretary_group
from tests.e2e.test_triage import _triage_officer_group
from tests.services.test_agenda import barrier_with_reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
PASSWORD = "correct-horse-battery"
WIDTHS = (1280, 1440)

# What a reader would call broken, measured in the page: the action buttons over a heading, a
# table wider than its box (cut, or scrolled sideways), a cell past the window's edge, a cell
# whose content is clipped, the page itself scrolling sideways.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const overlap = (a, b) => !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
  const tools = document.querySelectorAll('.object-tools li, .object-tools');
  document.querySelectorAll('#content h1, #content h2').forEach((heading) => {
    const box = heading.getBoundingClientRect();
    if (box.width === 0) return;
    tools.forEach((tool) => {
      const t = tool.getBoundingClientRect();
      if (t.width && overlap(box, t)) problems.push(`buttons over the heading "${heading.textContent.trim().slice(0, 40)}"`);
    });
  });
  document.querySelectorAll('#content table').forEach((table) => {
    const box = table.parentElement;
    if (box.scrollWidth > box.clientWidth + 1) problems.push(`table ${table.id || table.className} is ${box.scrollWidth}px in a ${box.clientWidth}px box`);
    const right = box.getBoundingClientRect().right;
    table.querySelectorAll('td, th').forEach((cell) => {
      const c = cell.getBoundingClientRect();
      if (c.width === 0) return;
      if (c.right > width + 1 || c.right > right + 1) problems.push(`cell ${cell.className} ends at ${Math.round(c.right)}px`);
      const style = getComputedStyle(cell);
      if (style.overflow !== 'visible' && cell.scrollWidth > cell.clientWidth + 1) problems.push(`cell ${cell.className} clipped`);
    });
  });
  if (document.documentElement.scrollWidth > width + 1) problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px)`);
  return [...new Set(problems)];
}"""


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/admin/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")


def _check_layout(page: Any, base: str, pages: dict[str, str]) -> None:
    """Each page at each width: no overlap, no cut; a screenshot of each."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(f"{base}{path}")
            page.screenshot(path=str(OUTPUT / f"desk-{name}-{width}.png"), full_page=True)
            assert page.evaluate(LAYOUT_PROBLEMS) == [], f"{name} at {width} px"


def _filed(days_ago: int, **overrides: Any) -> Report:
    report = factories.report_file(**overrides)
    when = timezone.now() - dt.timedelta(days=days_ago)
    Report.objects.filter(pk=report.pk).update(created_at=when, submitted_at=when)
    return report


def test_triage_officers_day_the_work_waiting_and_a_merge_with_its_confirmation(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    officer = factories.OfficialFactory(full_name="Rahul Verma")
    officer.groups.add(_triage_officer_group())
    slug_only = factories.RegulatorFactory(
        code="kg-test-vet",
        abbreviation="",
        name="Service for Veterinary, Livestock, Pasture and Feed Development of Kyrgyzstan",
    )
    barrier = barrier_with_reports(officer, title="Importer's Argus permit for frozen shrimp")
    report = _filed(
        30,
        title="Frozen cuttlefish: the Russian importer's Argus permit is pending for months",
        regulator=barrier.regulator,
        destination_country=barrier.regulator.country,
    )
    services.report_assign_owner(report=report, actor=officer, owner=officer)
    _filed(2, regulator=slug_only, destination_country=slug_only.country)
    base = live_server.url

    # The home page starts with the work waiting for him.
    _sign_in(page, base, officer.email)
    waiting = page.locator("#work-waiting")
    assert page.locator("#waiting-my-queue a").inner_text() == "1"
    assert page.locator("#waiting-overdue a").inner_text() == "1"
    assert "answers due from the eaeu side" in waiting.inner_text().lower()
    first_table = page.locator(".app-barriers tbody tr").first.inner_text()
    assert "Triage queue" in first_table
    assert "Reference counters" not in page.content()
    page.screenshot(path=str(OUTPUT / "desk-home.png"), full_page=True)

    _check_layout(
        page,
        base,
        {
            "queue": "/admin/barriers/triagequeueentry/",
            "reports": "/admin/barriers/report/",
            "report": f"/admin/barriers/report/{report.pk}/change/",
            "barriers": "/admin/barriers/barrier/",
            "barrier": f"/admin/barriers/barrier/{barrier.pk}/change/",
        },
    )
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{base}/admin/barriers/triagequeueentry/")
    queue = page.locator("#result_list").inner_text()
    assert "Frozen cuttlefish" in queue  # the title column
    assert "kg-test-vet" not in queue and "Service for Veterinary" in queue

    # Start the review: a page says what will happen, and nothing happens before the click.
    page.get_by_role("link", name=report.reference).click()
    page.get_by_role("link", name="Start review").click()
    assert "the exporter sees the new status" in page.locator(".step-intro").inner_text()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    page.get_by_role("button", name="Start review").click()
    page.wait_for_selector(".messagelist .success")
    assert report.reference in page.locator(".messagelist").inner_text()

    # Merge into the barrier the page suggests, after the confirmation.
    page.locator("#duplicates").get_by_role("link", name="Merge into this barrier").first.click()
    assert barrier.reference in page.locator("#chosen-barrier").inner_text()
    page.screenshot(path=str(OUTPUT / "desk-merge-confirmation.png"), full_page=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW
    page.get_by_role("button", name="Accept into a barrier").click()
    page.wait_for_selector(".messagelist .success")
    message = page.locator(".messagelist").inner_text()
    assert f"accepted into barrier {barrier.reference} “{barrier.title}”" in message
    report.refresh_from_db()
    assert (report.status, report.barrier_id) == (ReportStatus.ACCEPTED, barrier.pk)


def test_secretarys_day_outcomes_for_several_items_at_once(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    official = factories.OfficialFactory()
    secretary = factories.OfficialFactory(full_name="Meera Iyer")
    secretary.groups.add(_agenda_secretary_group())
    barriers = [
        barrier_with_reports(official, title=title, trade_value=value)
        for title, value in (
            ("Shrimp plant listing stuck in the EAEU register", "900000"),
            ("Grape phytosanitary certificates questioned at the border", "50000"),
            ("Tea labels rejected over the importer's details", "10000"),
        )
    ]
    today = timezone.localdate()
    meeting = services.meeting_create(
        actor=None, code="2026-Q3", date=today + dt.timedelta(days=30)
    )
    services.agenda_draft(meeting=meeting, actor=official)
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=official)
    Meeting.objects.filter(pk=meeting.pk).update(
        date=today - dt.timedelta(days=1),
        cutoff_on=today - dt.timedelta(days=20),
        circulate_on=today - dt.timedelta(days=15),
    )
    services.meeting_hold(meeting=meeting, actor=official)
    base = live_server.url

    _sign_in(page, base, secretary.email)
    _check_layout(page, base, {"meeting": f"/admin/barriers/meeting/{meeting.pk}/change/"})

    # Three decisions from the meeting, recorded on one page with one submit.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/admin/barriers/meeting/{meeting.pk}/change/")
    page.get_by_role("link", name="Record outcomes for several items").click()
    rows = page.locator("tr.outcome-row")
    expect(rows).to_have_count(3)  # waits for the page the link opens
    by_title = {rows.nth(i).inner_text().split("\n")[0]: rows.nth(i) for i in range(3)}
    outcomes = {"Shrimp": "resolved", "Grape": "action_agreed", "Tea": "deferred"}
    for text, row in by_title.items():
        word = next(w for w in outcomes if w in text)
        row.locator("select").select_option(outcomes[word])
        row.locator("textarea").first.fill(f"The EAEU side on {word.lower()}.")
    page.screenshot(path=str(OUTPUT / "desk-outcomes-1280.png"), full_page=True)
    assert page.evaluate(LAYOUT_PROBLEMS) == []
    page.get_by_role("button", name="Record outcomes").click()
    page.wait_for_selector(".messagelist .success")
    assert "Outcomes recorded for 3 items" in page.locator(".messagelist").inner_text()

    recorded = dict(
        AgendaItem.objects.filter(meeting=meeting).values_list("barrier__title", "outcome")
    )
    assert recorded == {
        barriers[0].title: "resolved",
        barriers[1].title: "action_agreed",
        barriers[2].title: "deferred",
    }
    # Every item has its outcome; the meeting stays held (action points can still be added)
    # until the secretary closes it, after a confirmation page. Then its page is read-only.
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    page.get_by_role("link", name="Close the meeting").click()
    assert "no new action points" in page.locator("#content-main").inner_text()
    page.get_by_label("Yes, close the meeting").check()
    page.get_by_role("button", name="Close the meeting").click()
    page.wait_for_selector(".messagelist .success")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    assert page.get_by_role("link", name="Add action point").count() == 0
    assert page.locator("input[name=_save]").count() == 0
    page.screenshot(path=str(OUTPUT / "desk-meeting-closed-1280.png"), full_page=True)
