"""Exporters find their own reports through the API: search by words, filters, sorting, cursor
pages in the chosen order, a council's member filter, and 400s that name the parameter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from barriers.models import Report
from tests import factories
from tests.api_factories import association_user, client_for
from tests.report_find_helpers import three_reports

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


def refs(client: Any, **params: Any) -> list[str]:
    response = client.get(REPORTS, params)
    assert response.status_code == 200, response.data
    return [item["reference"] for item in response.data["results"]]


def every_page(client: Any, **params: Any) -> list[str]:
    """Follow `next` from the first page to the last."""
    seen: list[str] = []
    response = client.get(REPORTS, params)
    while True:
        assert response.status_code == 200, response.data
        seen += [item["reference"] for item in response.data["results"]]
        if not response.data["next"]:
            return seen
        response = client.get(response.data["next"])


def test_search_finds_word_forms_and_filters_narrow_it(exporter) -> None:
    three = three_reports(exporter)
    factories.report_file(title="Shrimps of another company")  # never shown
    client = client_for(exporter)

    assert refs(client, search="shrimps") == [three.shrimp.reference]
    assert refs(client, search="sugar refused") == [three.sugar.reference]
    assert refs(client, search="170114") == [three.sugar.reference]
    assert refs(client, search=three.grapes.reference) == [three.grapes.reference]
    assert refs(client, status="under_review") == [three.sugar.reference]
    assert refs(client, destination_country="kz") == [three.grapes.reference]
    assert refs(client, barrier_kind="eac_conformity") == [three.sugar.reference]
    assert refs(client, destination_country="RU", status="submitted") == [three.shrimp.reference]


def test_filed_date_range_counts_whole_days_both_ends_included(exporter) -> None:
    three = three_reports(exporter)
    client = client_for(exporter)
    sugar_day = three.filed_on(three.sugar).isoformat()

    assert refs(client, filed_from=sugar_day, filed_to=sugar_day) == [three.sugar.reference]
    assert refs(client, filed_from=sugar_day) == [three.grapes.reference, three.sugar.reference]
    assert refs(client, filed_to=sugar_day) == [three.sugar.reference, three.shrimp.reference]
    # Dates far outside the calendar filter nothing out, and never fail.
    assert len(refs(client, filed_from="0001-01-01", filed_to="9999-12-31")) == 3


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("", ["grapes", "sugar", "shrimp"]),
        ("-filed", ["grapes", "sugar", "shrimp"]),
        ("filed", ["shrimp", "sugar", "grapes"]),
        ("-days_pending", ["shrimp", "sugar", "grapes"]),
        ("days_pending", ["grapes", "sugar", "shrimp"]),
        ("status", ["shrimp", "sugar", "grapes"]),
        ("-status", ["grapes", "sugar", "shrimp"]),
        ("relevance", ["grapes", "sugar", "shrimp"]),  # newest first when not searching
    ],
)
def test_sorts_by_filing_date_days_pending_and_status_both_ways(
    exporter, ordering: str, expected: list[str]
) -> None:
    three = three_reports(exporter)
    client = client_for(exporter)
    wanted = [getattr(three, name).reference for name in expected]
    params = {"ordering": ordering} if ordering else {}

    assert refs(client, **params) == wanted
    # The same order, a report a page: the cursor keeps the order.
    assert every_page(client, page_size=1, **params) == wanted
    response = client.get(REPORTS, {**params, "page_size": 1})
    assert (
        response.data["results"][0]["days_pending"]
        == {
            "shrimp": 200,
            "sugar": 100,
            "grapes": 30,
        }[expected[0]]
    )


def test_cursor_pages_neither_skip_nor_repeat_reports_of_equal_days_pending(exporter) -> None:
    applied = timezone.localdate() - dt.timedelta(days=50)
    filed = [factories.report_file(actor=exporter, applied_on=applied) for _ in range(5)]
    filed += [factories.report_file(actor=exporter) for _ in range(2)]  # 200 days
    client = client_for(exporter)

    for ordering in ("-days_pending", "days_pending", "status", "-status"):
        seen = every_page(client, ordering=ordering, page_size=2)
        assert sorted(seen) == sorted(r.reference for r in filed), ordering
        assert len(seen) == len(filed), ordering
        back: list[str] = []
        response = client.get(REPORTS, {"ordering": ordering, "page_size": 2})
        while response.data["next"]:
            response = client.get(response.data["next"])
        while True:  # and back again, with `previous`
            back = [item["reference"] for item in response.data["results"]] + back
            if not response.data["previous"]:
                break
            response = client.get(response.data["previous"])
        assert back == seen, ordering


def test_searching_pages_by_relevance_and_keeps_the_search_in_the_links(exporter) -> None:
    filed = [factories.report_file(actor=exporter, title=f"Shrimp lot {n}") for n in range(5)]
    factories.report_file(
        actor=exporter,
        title="Grapes",
        description="Grapes at the border.",
        hs_codes=[factories.HSCodeFactory(code="080610")],
    )
    client = client_for(exporter)

    first = client.get(REPORTS, {"search": "shrimps", "page_size": 2})
    assert "search=shrimps" in first.data["next"]
    seen = every_page(client, search="shrimps", page_size=2)
    assert sorted(seen) == sorted(r.reference for r in filed)


@pytest.mark.parametrize(
    ("params", "field", "reason"),
    [
        ({"status": "lost"}, "status", "Select a valid choice"),
        ({"destination_country": "ZZ"}, "destination_country", "Select a valid choice"),
        ({"barrier_kind": "no_such_kind"}, "barrier_kind", "Select a valid choice"),
        ({"filed_from": "yesterday"}, "filed_from", "Enter a valid date"),
        ({"filed_to": "2026-02-30"}, "filed_to", "Enter a valid date"),
        (
            {"filed_from": "2026-03-01", "filed_to": "2026-02-01"},
            "filed_to",
            "before its start",
        ),
        ({"ordering": "title"}, "ordering", "Select a valid choice"),
        ({"search": "x" * 201}, "search", "at most 200 characters"),
        ({"member": "AAAAA0000A"}, "member", "Select a valid choice"),
        ({"member": "AAB\x00"}, "member", "Null characters are not allowed"),
        ({"barrier_kind": "phyto\x00"}, "barrier_kind", "Null characters are not allowed"),
    ],
)
def test_a_value_that_is_not_valid_answers_400_naming_the_parameter(
    exporter, params: dict[str, str], field: str, reason: str
) -> None:
    factories.report_file(actor=exporter)
    response = client_for(exporter).get(REPORTS, params)
    assert response.status_code == 400
    assert list(response.data) == [field]
    assert reason in str(response.data[field][0])


def test_a_cursor_whose_position_does_not_fit_the_order_answers_404(exporter) -> None:
    for _ in range(3):
        factories.report_file(actor=exporter)
    client = client_for(exporter)
    by_date = client.get(REPORTS, {"page_size": 1})
    # A filing time's cursor used with the days-pending order: not a number of days.
    cursor = by_date.data["next"].split("cursor=")[1].split("&")[0]
    response = client.get(REPORTS, {"page_size": 1, "ordering": "-days_pending", "cursor": cursor})
    assert response.status_code == 404
    assert "cursor is not valid" in response.data["detail"]


def test_an_exporter_never_sees_another_company_through_any_filter(exporter) -> None:
    mine = factories.report_file(actor=exporter)
    other = factories.report_file(title="Another company's shrimp plant")
    client = client_for(exporter)

    response = client.get(REPORTS, {"member": other.company.iec})
    assert response.status_code == 400 and "member" in response.data
    for params in (
        {"search": other.reference},
        {"search": other.company.iec},
        {"search": other.company.name},
        {"status": "submitted", "ordering": "-days_pending"},
    ):
        assert other.reference not in refs(client, **params), params
    assert refs(client, status="submitted") == [mine.reference]


def test_a_council_narrows_to_one_member_and_cannot_name_another_company() -> None:
    first, second = factories.CompanyFactory(), factories.CompanyFactory()
    council_user = association_user(first, second)
    for_first = factories.report_file(
        company=first, actor=council_user, filing_association=council_user.company
    )
    for_second = factories.report_file(
        company=second, actor=council_user, filing_association=council_user.company
    )
    stranger = factories.report_file()  # a company that is not a member
    client = client_for(council_user)

    assert refs(client) == [for_second.reference, for_first.reference]
    assert refs(client, member=first.iec) == [for_first.reference]
    assert refs(client, member=second.iec, ordering="filed") == [for_second.reference]
    response = client.get(REPORTS, {"member": stranger.company.iec})
    assert response.status_code == 400
    assert "member" in response.data


def test_officials_may_narrow_to_any_company(official) -> None:
    one = factories.report_file()
    factories.report_file()
    assert refs(client_for(official), member=one.company.iec) == [one.reference]


def _queries(client: Any, params: dict[str, Any]) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(REPORTS, params)
    assert response.status_code == 200, response.data
    return len(queries), len(response.data["results"])


@pytest.mark.parametrize(
    "params",
    [
        {
            "ordering": "-days_pending",
            "destination_country": "RU",
            "barrier_kind": "establishment_listing",
        },
        {"search": "shrimps", "status": "submitted", "filed_from": "2000-01-01"},
        {"ordering": "status", "filed_to": "2999-12-31"},
    ],
)
def test_the_same_number_of_queries_for_a_page_of_1_and_of_40(exporter, params) -> None:
    client = client_for(exporter)
    factories.report_file(actor=exporter)
    one, shown = _queries(client, {**params, "page_size": 40})
    assert shown == 1
    codes = [factories.HSCodeFactory(), factories.HSCodeFactory(code="080610")]
    for _ in range(44):
        factories.report_file(actor=exporter, hs_codes=codes)
    forty, shown = _queries(client, {**params, "page_size": 40})
    assert shown == 40
    assert one == forty
    # And a following page costs the same.
    response = client.get(REPORTS, {**params, "page_size": 40})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(response.data["next"]).status_code == 200
    assert len(queries) == forty


def test_the_schema_documents_the_filters_and_the_orders(exporter) -> None:
    schema = client_for(exporter).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    operation = schema.json()["paths"]["/api/v1/reports/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert {"search", "status", "destination_country", "barrier_kind", "member"} <= set(parameters)
    assert {"filed_from", "filed_to", "ordering", "cursor", "page_size"} <= set(parameters)
    assert set(parameters["ordering"]["schema"]["enum"]) >= {
        "relevance",
        "-filed",
        "filed",
        "-days_pending",
        "days_pending",
        "status",
        "-status",
    }
    assert "The cursor holds where the page ends" in operation["description"]


# --- PostgreSQL: full-text ranking, date arithmetic and float positions in cursors ---------


@pytest.mark.postgres
def test_postgresql_best_match_first_and_pages_by_rank(exporter) -> None:
    weak = factories.report_file(
        actor=exporter,
        title="Plant listing delayed",
        description="Among other goods, some shrimp.",
    )
    strong = factories.report_file(
        actor=exporter,
        title="Shrimps: shrimp plant listing for frozen shrimp",
        description="Shrimp, shrimps and more shrimp.",
    )
    others = [
        factories.report_file(actor=exporter, title=f"Shrimp consignment {n}") for n in range(4)
    ]
    Report.objects.filter(pk=strong.pk).update(created_at=timezone.now() - dt.timedelta(days=90))
    client = client_for(exporter)

    found = refs(client, search="shrimps")
    assert found[0] == strong.reference  # oldest, but the best match
    assert len(found) == 6
    # The rank is the cursor's position: the same list a page at a time.
    assert every_page(client, search="shrimps", page_size=2) == found
    assert every_page(client, search="shrimps", page_size=1) == found
    # Asking for another order wins over relevance.
    by_date = refs(client, search="shrimps", ordering="-filed")
    assert by_date[-1] == strong.reference
    assert weak.reference in by_date and all(r.reference in by_date for r in others)


@pytest.mark.postgres
def test_postgresql_days_pending_sort_and_russian_search(exporter) -> None:
    three = three_reports(exporter)
    client = client_for(exporter)
    assert refs(client, ordering="-days_pending") == [
        three.shrimp.reference,
        three.sugar.reference,
        three.grapes.reference,
    ]
    assert every_page(client, ordering="days_pending", page_size=1) == [
        three.grapes.reference,
        three.sugar.reference,
        three.shrimp.reference,
    ]
    assert refs(client, search="Казахстана") == [three.grapes.reference]
