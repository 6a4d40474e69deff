"""My reports: an exporter finds reports by words, status, destination, kind and filing dates,
sorts them, pages through them with the filters kept, and a council narrows to one member; a
value that is not valid is shown beside its field, never as a server error."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from barriers.models import Report
from tests import factories
from tests.portal_helpers import association, client_for, exporter
from tests.report_find_helpers import three_reports

pytestmark = pytest.mark.django_db


def listed(html: str) -> list[str]:
    """The references in the table, in order."""
    return re.findall(r'<td data-label="Reference"><a href="/reports/(REP-[0-9-]+)/"', html)


def page_of(user, query: str = "") -> str:
    response = client_for(user).get(f"/reports/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_find_form_is_a_get_form_with_labelled_fields_and_no_script() -> None:
    user = exporter()
    factories.report_file(actor=user)
    html = page_of(user)
    form = html[html.index('<form method="get" class="filter-form"') :]
    form = form[: form.index("</form>")]
    for name, label in [
        ("search", "Words, reference or HS code"),
        ("status", "Status"),
        ("destination_country", "Destination country"),
        ("barrier_kind", "Kind of approval"),
        ("filed_from", "Filed from"),
        ("filed_to", "Filed to"),
        ("ordering", "Sort by"),
    ]:
        assert f'for="id_{name}">{label}' in form, name
        assert f'name="{name}"' in form, name
    assert 'type="date"' in form and 'type="search"' in form
    assert 'name="member"' not in form  # only councils have members
    assert "<script>" not in html


def test_words_find_their_forms_and_filters_narrow_the_list() -> None:
    user = exporter()
    three = three_reports(user)
    factories.report_file(title="Another company's shrimps")

    assert listed(page_of(user, "?search=shrimps")) == [three.shrimp.reference]
    assert listed(page_of(user, "?search=cane+sugar")) == [three.sugar.reference]
    assert listed(page_of(user, "?search=0806")) == [three.grapes.reference]
    assert listed(page_of(user, "?destination_country=KZ")) == [three.grapes.reference]
    assert listed(page_of(user, "?barrier_kind=eac_conformity")) == [three.sugar.reference]
    assert listed(page_of(user, "?status=withdrawn")) == [three.grapes.reference]
    day = three.filed_on(three.sugar).isoformat()
    assert listed(page_of(user, f"?filed_from={day}&filed_to={day}")) == [three.sugar.reference]
    html = page_of(user, "?search=shrimps")
    assert "1 report found, best match first." in html
    assert 'value="shrimps"' in html  # the form keeps what was asked


@pytest.mark.parametrize(
    ("ordering", "expected", "said"),
    [
        ("", ["grapes", "sugar", "shrimp"], "newest filed first"),
        ("filed", ["shrimp", "sugar", "grapes"], "oldest filed first"),
        ("-days_pending", ["shrimp", "sugar", "grapes"], "longest pending first"),
        ("days_pending", ["grapes", "sugar", "shrimp"], "shortest pending first"),
        ("status", ["shrimp", "sugar", "grapes"], "status, from submitted to withdrawn"),
        ("-status", ["grapes", "sugar", "shrimp"], "status, from withdrawn to submitted"),
    ],
)
def test_sorts_by_filing_date_days_pending_and_status(
    ordering: str, expected: list[str], said: str
) -> None:
    user = exporter()
    three = three_reports(user)
    html = page_of(user, f"?ordering={ordering}")
    assert listed(html) == [getattr(three, name).reference for name in expected]
    assert f"3 reports, {said}." in html


def test_pages_keep_the_search_filters_and_order() -> None:
    user = exporter()
    for number in range(30):
        factories.report_file(actor=user, title=f"Shrimp consignment {number}")
    factories.report_file(
        actor=user,
        title="Grapes",
        description="Grapes held at the border.",
        hs_codes=[factories.HSCodeFactory(code="080610")],
    )
    query = "?search=shrimps&destination_country=RU&ordering=-days_pending"

    first = page_of(user, query)
    links = [unescape(link) for link in re.findall(r'href="(\?[^"]+)" rel="next"', first)]
    assert links == ["?search=shrimps&destination_country=RU&ordering=-days_pending&page=2"]
    second = page_of(user, links[0])
    assert len(listed(first)) == 25 and len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))
    assert "30 reports found" in second


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?filed_from=last+week", "filed_from", "Enter a valid date"),
        ("?filed_from=2026-03-01&filed_to=2026-02-01", "filed_to", "before its start"),
        ("?ordering=title", "ordering", "Select a valid choice"),
        ("?destination_country=ZZ", "destination_country", "Select a valid choice"),
        ("?barrier_kind=%00", "barrier_kind", "Null characters are not allowed"),
        ("?status=lost", "status", "Select a valid choice"),
        ("?search=" + "x" * 201, "search", "at most 200 characters"),
    ],
)
def test_a_value_that_is_not_valid_is_shown_beside_its_field(
    query: str, field: str, message: str
) -> None:
    user = exporter()
    mine = factories.report_file(actor=user)
    html = page_of(user, query)
    error = re.search(rf'id="id_{field}_error"><li>(.*?)</ul>', html, re.S)
    assert error is not None and message in unescape(error.group(1))
    assert "could not be used" in html  # the summary above the form
    assert listed(html) == [mine.reference]  # the rest of the list as without the value


def test_dates_outside_the_calendar_never_fail() -> None:
    user = exporter()
    mine = factories.report_file(actor=user)
    assert listed(page_of(user, "?filed_from=0001-01-01&filed_to=9999-12-31")) == [mine.reference]
    assert listed(page_of(user, "?filed_from=9999-12-31")) == []


def test_an_exporter_never_sees_another_company_through_any_filter_value() -> None:
    user = exporter()
    mine = factories.report_file(actor=user)
    other = factories.report_file(title="Another company's shrimp plant")
    for query in (
        f"?member={other.company.iec}",
        f"?search={other.reference}",
        f"?search={other.company.iec}",
        "?search=another+company",
        "?status=submitted&ordering=-days_pending",
    ):
        html = page_of(user, query)
        assert set(listed(html)) <= {mine.reference}, query
        # Nowhere on the page but in the search field that echoes what was typed.
        assert html.count(other.reference) == (1 if other.reference in query else 0), query
        assert "Another company" not in html.replace("another+company", ""), query


def test_a_council_picks_one_of_its_members_and_only_its_members() -> None:
    first = factories.CompanyFactory(name="Kochi Shrimp Exports")
    second = factories.CompanyFactory(name="Nashik Grape Growers")
    stranger = factories.CompanyFactory(name="Stranger Spices Ltd")
    council_user = exporter(company=association([first, second]))
    council = council_user.company
    for_first = factories.report_file(company=first, actor=council_user, filing_association=council)
    for_second = factories.report_file(
        company=second, actor=council_user, filing_association=council
    )
    factories.report_file(company=stranger)

    html = page_of(council_user)
    select = html[html.index('name="member"') :]
    select = select[: select.index("</select>")]
    assert "Kochi Shrimp Exports" in select and "Nashik Grape Growers" in select
    assert "Stranger Spices" not in select
    assert listed(page_of(council_user, f"?member={first.iec}")) == [for_first.reference]
    assert listed(page_of(council_user, f"?member={second.iec}")) == [for_second.reference]
    refused = page_of(council_user, f"?member={stranger.iec}")
    assert 'id="id_member_error"' in refused
    assert sorted(listed(refused)) == sorted([for_first.reference, for_second.reference])


def test_nothing_found_says_so_and_offers_all_reports() -> None:
    user = exporter()
    factories.report_file(actor=user)
    html = page_of(user, "?search=cardamom")
    assert "No report matches what you asked for" in html
    assert 'href="/reports/">show all reports</a>' in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?search=shrimps&ordering=-days_pending&destination_country=RU&barrier_kind="
        "establishment_listing&filed_from=2000-01-01&filed_to=2999-01-01&status=submitted",
        "?ordering=status&page=2",
    ],
)
def test_the_same_number_of_queries_for_1_and_for_40_reports(query: str) -> None:
    def count_for(user) -> int:
        page = client_for(user)
        page.get("/reports/")  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert page.get(f"/reports/{query}").status_code == 200
        return len(queries)

    one = exporter()
    factories.report_file(actor=one)
    forty = exporter()
    codes = [factories.HSCodeFactory(), factories.HSCodeFactory(code="080610")]
    for _ in range(40):
        factories.report_file(actor=forty, hs_codes=codes)
    assert Report.objects.filter(company=forty.company).count() == 40

    assert count_for(one) == count_for(forty)


def test_a_council_page_costs_the_same_queries_for_2_and_for_30_reports() -> None:
    def count_for(user) -> int:
        page = client_for(user)
        page.get("/reports/")
        with CaptureQueriesContext(connection) as queries:
            assert page.get("/reports/?ordering=-status").status_code == 200
        return len(queries)

    small_members = [factories.CompanyFactory() for _ in range(2)]
    small = exporter(company=association(small_members))
    for member in small_members:
        factories.report_file(company=member, actor=small, filing_association=small.company)
    big_members = [factories.CompanyFactory() for _ in range(6)]
    big = exporter(company=association(big_members))
    for number in range(30):
        member = big_members[number % 6]
        factories.report_file(company=member, actor=big, filing_association=big.company)

    assert count_for(small) == count_for(big)


@pytest.mark.postgres
def test_postgresql_best_match_first_when_searching_unless_a_sort_is_chosen() -> None:
    user = exporter()
    weak = factories.report_file(
        actor=user, title="Plant listing delayed", description="Among other goods, a shrimp lot."
    )
    strong = factories.report_file(
        actor=user,
        title="Shrimps: shrimp plant listing for frozen shrimp",
        description="Shrimp, shrimps and more shrimp.",
    )
    Report.objects.filter(pk=strong.pk).update(
        created_at=weak.created_at.replace(year=weak.created_at.year - 1)
    )
    assert listed(page_of(user, "?search=shrimps")) == [strong.reference, weak.reference]
    assert listed(page_of(user, "?search=shrimps&ordering=-filed")) == [
        weak.reference,
        strong.reference,
    ]
    # Russian word forms too: the destination's Russian name, inflected.
    assert sorted(listed(page_of(user, "?search=Российской"))) == sorted(
        [strong.reference, weak.reference]
    )
