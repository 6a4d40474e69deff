"""A search listed best match first ranks a bounded set of candidates on PostgreSQL
(selectors.search_best_first): the newest matches and the strongest ones. With more matches than
the bound, the strong match (the words in its title, the reference, the HS code) still comes
first, however old; the list stops at the candidates, and sorting by date lists every match.

The bound is lowered here so that a few dozen reports exceed it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from barriers import selectors
from barriers.domain import search_text
from barriers.models import HSCode, Report, ReportStatus
from barriers.selectors import search
from tests import factories

pytestmark = pytest.mark.django_db

WEAK = 40  # newer reports that name the words in their description only


@pytest.fixture
def bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "NEWEST_MATCHES", 10)
    monkeypatch.setattr(search, "STRONG_MATCHES", 5)


def _report(number: int, *, title: str, description: str, age: int, code: HSCode) -> Report:
    report = Report(
        reference=f"REP-2025-{number:06d}",
        company=factories.CompanyFactory(),
        filed_by=factories.ExporterFactory(),
        title=title,
        description=description,
        barrier_kind=factories.BarrierKindFactory(),
        destination_country=factories.CountryFactory(),
        applied_on=dt.date(2025, 1, 1),
        trade_value_usd=Decimal(1000),
        status=ReportStatus.SUBMITTED,
        created_at=timezone.now() - dt.timedelta(days=age),
        updated_at=timezone.now(),
    )
    report.search_text = search_text.report_search_text(report, [code])
    report.save()
    report.hs_codes.add(code)
    return report


@pytest.fixture
def crowd() -> dict[str, Report]:
    """WEAK recent reports naming frozen shrimps and the code 030617 in their text only, and
    three old ones: shrimps in the title, the HS code carried, and a mere mention."""
    rice = HSCode.objects.get_or_create(
        code="100630", defaults={"description": "Rice", "sector": "agricultural"}
    )[0]
    shrimp = HSCode.objects.get_or_create(
        code="030617", defaults={"description": "Prawns", "sector": "marine"}
    )[0]
    for number in range(1, WEAK + 1):
        _report(
            number,
            title="Consignment held at the border",
            description="Frozen shrimps, veterinary certificate questioned; see 030617.",
            age=number,
            code=rice,
        )
    titled = _report(
        900,
        title="Frozen shrimps: veterinary certificates refused",
        description="Consignment held.",
        age=400,
        code=rice,
    )
    carrier = _report(
        901,
        title="Consignment held at the border",
        description="Frozen goods, certificate questioned.",
        age=500,
        code=shrimp,
    )
    old = _report(
        902,
        title="Consignment held at the border",
        description="Frozen shrimps held.",
        age=600,
        code=rice,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE barriers_report")
    return {"titled": titled, "carrier": carrier, "old": old}


def _best(text: str) -> list[Report]:
    found = selectors.reports_search(queryset=Report.objects.all(), text=text)
    return list(selectors.search_best_first(queryset=found, text=text))


@pytest.mark.postgres
@pytest.mark.parametrize("text", ["shrimp", "frozen shrimps", "shrimps certificates refused"])
def test_the_report_with_the_words_in_its_title_comes_first_beyond_the_bound(
    bound, crowd, text: str
) -> None:
    listed = _best(text)
    assert listed[0] == crowd["titled"], [r.title for r in listed[:3]]
    if "refused" in text:
        return  # the only report with every word
    # Then the newest of the weaker matches, newest first.
    assert [r.reference for r in listed[1:4]] == [f"REP-2025-{n:06d}" for n in (1, 2, 3)]


@pytest.mark.postgres
def test_bounded_list_holds_the_candidates_and_sorting_by_date_lists_every_match(
    bound, crowd
) -> None:
    listed = _best("shrimps")
    assert len(listed) < WEAK
    assert crowd["old"] not in listed
    every = selectors.reports_search(queryset=Report.objects.all(), text="shrimps")
    assert crowd["old"] in every.order_by("-created_at")


@pytest.mark.parametrize("lowered", [True, False])
def test_the_reference_asked_for_comes_first(
    monkeypatch: pytest.MonkeyPatch, crowd, lowered: bool
) -> None:
    if lowered:
        monkeypatch.setattr(search, "NEWEST_MATCHES", 10)
        monkeypatch.setattr(search, "STRONG_MATCHES", 5)
    old = crowd["old"]
    assert _best(old.reference.lower())[0] == old
    assert _best(f"{old.reference} shrimps")[0] == old


@pytest.mark.postgres
def test_the_report_carrying_the_hs_code_comes_first_beyond_the_bound(bound, crowd) -> None:
    listed = _best("030617")
    assert listed[0] == crowd["carrier"], [r.reference for r in listed[:3]]
    assert len(listed) > 1  # the reports citing the digits follow


def test_every_match_is_ranked_within_the_bound(crowd) -> None:
    """Fewer matches than the bound: every one is listed, the strong one first on PostgreSQL."""
    listed = _best("shrimps")
    every = selectors.reports_search(queryset=Report.objects.all(), text="shrimps")
    assert len(listed) == every.count() > WEAK
    if connection.vendor == "postgresql":
        assert listed[0] == crowd["titled"]


@pytest.mark.postgres
def test_api_and_admin_search_list_the_title_match_first_beyond_the_bound(
    bound, crowd, client
) -> None:
    official = factories.OfficialFactory(is_superuser=True)
    client.force_login(official)
    response = client.get("/api/v1/reports/", {"search": "frozen shrimps"})
    assert response.status_code == 200, response.content[:300]
    assert response.json()["results"][0]["reference"] == crowd["titled"].reference
    page = client.get(reverse("admin:barriers_report_changelist"), {"q": "frozen shrimps"})
    assert page.status_code == 200
    rows = list(page.context["cl"].result_list)
    assert rows[0] == crowd["titled"]


@pytest.mark.postgres
@pytest.mark.parametrize("changelist", ["barriers_report", "barriers_triagequeueentry"])
def test_admin_counts_every_match_while_listing_the_best_of_them(
    bound, crowd, client, changelist: str
) -> None:
    """The list holds the bounded candidates, but the total and each filter's count are those
    of every match; the page says how many of them it lists."""
    client.force_login(factories.OfficialFactory(is_superuser=True))
    every = selectors.reports_search(queryset=Report.objects.all(), text="shrimps").count()
    assert every > WEAK
    page = client.get(reverse(f"admin:{changelist}_changelist"), {"q": "shrimps"})
    assert page.status_code == 200
    cl = page.context["cl"]
    assert cl.result_count == every
    assert cl.listed_count == len(_best("shrimps")) < every
    html = page.content.decode()
    assert f"{every} results" in html
    assert f"the {cl.listed_count} best matches are listed" in html
    # The filters count every match, not the listed ones: each company's sector, summed.
    sector = next(
        spec for spec in cl.filter_specs if getattr(spec, "field_path", "") == "company__sector"
    )
    assert sum(sector.get_facet_queryset(cl).values()) == every
    if changelist == "barriers_report":
        assert f"Submitted ({every})" in html
    # Sorted by a column, every match is listed and counted, with no note.
    page = client.get(reverse(f"admin:{changelist}_changelist"), {"q": "shrimps", "o": "1"})
    cl = page.context["cl"]
    assert cl.result_count == every and cl.listed_count is None
    assert "best matches are listed" not in page.content.decode()


@pytest.mark.postgres
def test_admin_search_beyond_the_count_cap_says_more_than_and_hides_the_counts(
    bound, crowd, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search matching more rows than the admin counts (a common word at a million reports)
    says "more than N results", shows its filters without counts and still lists the best
    match first; sorted by a column, the same."""
    from barriers.admin.filters import FacetChangeList

    monkeypatch.setattr(FacetChangeList, "SEARCH_COUNT_CAP", 20)
    client.force_login(factories.OfficialFactory(is_superuser=True))
    for params in ({"q": "frozen shrimps"}, {"q": "frozen shrimps", "o": "1"}):
        page = client.get(reverse("admin:barriers_report_changelist"), params)
        assert page.status_code == 200
        cl = page.context["cl"]
        html = page.content.decode()
        assert cl.total_capped and not cl.add_facets
        assert "more than 20 results" in html
        assert "Submitted (" not in html  # the status filter, without a count
        assert cl.result_list  # the list itself is there
    # Narrowed below the cap, the counts are back.
    page = client.get(
        reverse("admin:barriers_report_changelist"), {"q": "shrimps certificates refused"}
    )
    cl = page.context["cl"]
    assert not cl.total_capped and cl.add_facets
    assert f"Submitted ({cl.result_count})" in page.content.decode()


@pytest.mark.postgres
def test_admin_search_takes_as_many_queries_below_and_beyond_the_count_cap(
    bound, crowd, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same page costs the same queries whether its search is counted or not (the
    benchmark's fixed-queries check at 1,000 and 100,000 reports)."""
    from django.test.utils import CaptureQueriesContext

    from barriers.admin.filters import FacetChangeList

    client.force_login(factories.OfficialFactory(is_superuser=True))
    url = reverse("admin:barriers_report_changelist")
    client.get(url, {"q": "shrimps"})  # sessions and caches warmed
    counted = []
    for cap in (1000, 20):
        monkeypatch.setattr(FacetChangeList, "SEARCH_COUNT_CAP", cap)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, {"q": "shrimps"})
        assert page.context["cl"].total_capped is (cap == 20)
        counted.append(len(queries))
    assert counted[0] == counted[1], counted
