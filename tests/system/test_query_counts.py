"""Fixed query counts: every API list, the portal's My reports page and the admin changelists
run the same number of queries for one row as for many (no query per row), within a ceiling.

django-zeal (tests/conftest.py) fails any test with an N+1 pattern; these assertions also
catch a query per row that zeal cannot see (an aggregate or a lookup in a loop).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import ANALYST
from barriers.models import AgendaItem, AgendaSection, Meeting, MeetingStatus, Remit, Report
from tests import factories
from tests.api_factories import PDF_BYTES, client_for
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db

MANY = 12  # rows added after the first: enough for a query per row to show


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


@pytest.fixture
def analyst(official):
    official.groups.add(Group.objects.get(name=ANALYST))
    return official


def _queries(client: Any, url: str) -> tuple[int, int]:
    """Queries run by GET `url`, and the rows it shows (0 when not a JSON list)."""
    cache.clear()
    client.get(url)  # warm-up: sessions, content types and permissions caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    rows = 0
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        rows = len(data["results"]) if isinstance(data, dict) and "results" in data else 0
    return len(captured), rows


def assert_fixed_queries(
    client: Any, url: str, grow: Callable[[], Any], *, ceiling: int, rows: bool = True
) -> None:
    one, shown_one = _queries(client, url)
    grow()
    many, shown_many = _queries(client, url)
    if rows:
        assert shown_many > shown_one, "growing the data showed no more rows"
    assert many == one, f"{url}: {one} queries for few rows, {many} for more"
    assert many <= ceiling, f"{url}: {many} queries"


def _report(**kwargs: Any) -> Report:
    """A report of a new company, with its own regulator and HS code so relations differ."""
    n = Report.objects.count()
    return factories.report_file(
        hs_codes=[factories.HSCodeFactory(code=f"03{n:04d}")],
        **kwargs,
    )


# ---------------------------------------------------------------------------------------------
# API lists
# ---------------------------------------------------------------------------------------------


def test_api_report_list_for_an_exporter(exporter) -> None:
    _report(actor=exporter)

    def grow() -> None:
        for _ in range(MANY):
            _report(actor=exporter)

    assert_fixed_queries(client_for(exporter), "/api/v1/reports/", grow, ceiling=4)


def test_api_report_list_for_an_official_with_barriers(official) -> None:
    barrier_with_reports(official)

    def grow() -> None:
        for _ in range(MANY // 3):
            barrier_with_reports(official, companies=2)
            _report()

    assert_fixed_queries(client_for(official), "/api/v1/reports/", grow, ceiling=4)
    assert_fixed_queries(
        client_for(official),
        "/api/v1/reports/?status=accepted",
        lambda: None,
        ceiling=4,
        rows=False,
    )


def test_api_barrier_list(analyst) -> None:
    barrier_with_reports(analyst)

    def grow() -> None:
        for _ in range(MANY // 3):
            barrier_with_reports(analyst, companies=3)

    # Token, user and permissions; the page with its stored figures; its HS codes.
    assert_fixed_queries(client_for(analyst), "/api/v1/barriers/", grow, ceiling=3)


def test_api_documents_messages_and_timeline_of_a_report(exporter, official) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = _report(actor=exporter)
    base = f"/api/v1/reports/{report.reference}"

    def attach() -> None:
        services.document_attach(
            report=report,
            actor=exporter,
            upload=SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf"),
            name="a.pdf",
        )

    attach()
    assert_fixed_queries(
        client_for(exporter), f"{base}/documents/", lambda: [attach() for _ in range(5)], ceiling=6
    )

    services.message_post(actor=exporter, report=report, body="First")

    def talk() -> None:
        for n in range(5):
            services.message_post(actor=official, report=report, body=f"Question {n}")
            services.message_post(actor=exporter, report=report, body=f"Answer {n}")

    assert_fixed_queries(client_for(exporter), f"{base}/messages/", talk, ceiling=7)

    def progress() -> None:
        services.report_start_review(report=report, actor=official)
        services.report_accept(report=Report.objects.get(pk=report.pk), actor=official)

    assert_fixed_queries(client_for(exporter), f"{base}/timeline/", progress, ceiling=6)


def test_api_reference_lists(exporter) -> None:
    factories.HSCodeFactory()
    factories.RegulatorFactory()
    factories.BarrierKindFactory()
    factories.CountryFactory()

    def grow() -> None:
        for n in range(MANY):
            factories.HSCodeFactory(code=f"0806{n:02d}", description=f"Grapes {n}")
            factories.RegulatorFactory(code=f"reg-{n}", abbreviation=f"R{n}")
            factories.BarrierKindFactory(code=f"kind_{n}", name=f"Kind {n}")
            factories.CountryFactory(
                code=f"{chr(65 + n)}Q", name=f"Country {n}", alpha3=f"{chr(65 + n)}QQ"
            )

    client = client_for(exporter)
    urls = [
        # The whole nomenclature fills a page: grapes' heading shows the growth.
        "/api/v1/hs-codes/?search=0806",
        "/api/v1/regulators/",
        "/api/v1/barrier-kinds/",
        "/api/v1/countries/",
    ]
    counts = {url: _queries(client, url) for url in urls}
    grow()
    for url in urls:
        many, shown = _queries(client, url)
        assert shown > counts[url][1], url
        assert many == counts[url][0] and many <= 4, (url, counts[url], many)


def test_api_meeting_list_and_agenda(analyst) -> None:
    day = timezone.localdate()

    def meeting(code: str, offset: int) -> Meeting:
        date = day + dt.timedelta(days=offset)
        return Meeting.objects.create(
            code=code, date=date, cutoff_on=date, circulate_on=date, status=MeetingStatus.PLANNED
        )

    first = meeting("2030-Q1", 30)
    barrier_with_reports(analyst)

    def grow_meetings() -> None:
        for year in range(2031, 2031 + MANY):
            meeting(f"{year}-Q1", 30 + 365 * (year - 2030))

    assert_fixed_queries(client_for(analyst), "/api/v1/meetings/", grow_meetings, ceiling=5)

    def place(barrier: Any, position: int) -> None:
        AgendaItem.objects.create(
            meeting=first,
            barrier=barrier,
            section=AgendaSection.AGENDA,
            track=Remit.VETERINARY,
            position=position,
        )

    place(barrier_with_reports(analyst), 1)

    def grow_agenda() -> None:
        for n in range(5):
            place(barrier_with_reports(analyst), n + 2)

    assert_fixed_queries(
        client_for(analyst),
        f"/api/v1/meetings/{first.code}/agenda/",
        grow_agenda,
        ceiling=6,
        rows=False,
    )


# ---------------------------------------------------------------------------------------------
# The portal and the admin
# ---------------------------------------------------------------------------------------------


def test_portal_my_reports_page(official) -> None:
    from tests.portal_helpers import exporter as confirmed_exporter

    user = confirmed_exporter()
    _report(actor=user)
    client = Client()
    client.force_login(user)

    def grow() -> None:
        for n in range(MANY):
            report = _report(actor=user)
            if n % 3 == 0:
                services.report_start_review(report=report, actor=official)
                services.report_accept(report=report, actor=official)

    assert_fixed_queries(client, "/reports/", grow, ceiling=12, rows=False)


@pytest.mark.parametrize("changelist", ["report", "barrier"])
def test_admin_changelists(admin_client: Client, admin_user: Any, changelist: str) -> None:
    barrier_with_reports(admin_user)

    def grow() -> None:
        for _ in range(MANY // 3):
            barrier_with_reports(admin_user, companies=3)

    url = f"/admin/barriers/{changelist}/"
    # The facet counts take one query per filter, whatever the rows (tests/admin/test_facets_and_search.py).
    assert_fixed_queries(admin_client, url, grow, ceiling=24, rows=False)


# ---------------------------------------------------------------------------------------------
# The detector itself
# ---------------------------------------------------------------------------------------------


def test_an_n_plus_one_in_a_test_fails_it() -> None:
    from zeal import NPlusOneError, zeal_context

    for _ in range(3):
        factories.report_file()
    with (
        zeal_context(),
        pytest.raises(NPlusOneError, match=r"N\+1 detected on barriers\.Report\.company"),
    ):
        [report.company.name for report in Report.objects.all()]


def test_an_n_plus_one_in_a_request_fails_the_test(official, monkeypatch) -> None:
    """What the autouse fixture in conftest does for every request a test makes."""
    from zeal import NPlusOneError

    from barriers import selectors

    for _ in range(3):
        factories.report_file()
    # The reports without the selector's select_related: each row's company read on its own.
    monkeypatch.setattr(selectors, "reports_for_viewer", lambda viewer: Report.objects.all())
    with pytest.raises(NPlusOneError, match=r"N\+1 detected on barriers\.Report\."):
        client_for(official).get("/api/v1/reports/")
