"""The admin's lists show counts beside each filter choice with a fixed number of queries, a
search lists the best matches first, and the HS nomenclature can be browsed and searched."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from barriers import services
from barriers.admin.barriers import BarrierAdmin
from barriers.admin.reports import ReportAdmin, TriageQueueAdmin
from barriers.models import Barrier, HSCode, HSHeading, Report, TriageQueueEntry, User
from tests import factories

pytestmark = pytest.mark.django_db

REPORTS = reverse("admin:barriers_report_changelist")
BARRIERS = reverse("admin:barriers_barrier_changelist")
QUEUE = reverse("admin:barriers_triagequeueentry_changelist")
HS_CODES = reverse("admin:barriers_hscode_changelist")
HS_HEADINGS = reverse("admin:barriers_hsheading_changelist")


@pytest.fixture
def official(client: Client) -> Client:
    client.force_login(factories.triage_officer())
    return client


def _filters(response: Any) -> dict[str, list[str]]:
    """Each filter's title and the choices it shows (with their counts)."""
    changelist = response.context["cl"]
    return {
        str(spec.title): [str(choice["display"]) for choice in spec.choices(changelist)]
        for spec in changelist.filter_specs
    }


def _accepted(report: Report, official: User) -> Report:
    services.report_start_review(report=report, actor=official)
    services.report_accept(report=report, actor=official)
    report.refresh_from_db()
    return report


def _rows(count: int, *, start: int = 0) -> None:
    """Reports of different kinds and regulators (so the filters have more choices), every
    other one under review and every third one accepted into a barrier."""
    official = factories.triage_officer()
    for index in range(start, start + count):
        report = factories.report_file(
            barrier_kind=factories.BarrierKindFactory(code=f"kind_{index}", name=f"Kind {index}"),
            regulator=factories.RegulatorFactory(code=f"ru-reg{index}", abbreviation=f"R{index}"),
        )
        if index % 3 == 2:
            _accepted(report, official)
        elif index % 2:
            services.report_start_review(report=report, actor=official)


# ---------------------------------------------------------------------------------------------
# Counts beside each choice
# ---------------------------------------------------------------------------------------------


def test_the_report_list_counts_each_choice_of_its_filters(official: Client) -> None:
    reviewer = factories.triage_officer()
    reports = [factories.report_file() for _ in range(4)]
    services.report_start_review(report=reports[0], actor=reviewer)
    factories.report_verify(reports[1])

    filters = _filters(official.get(REPORTS))

    assert "Submitted (3)" in filters["status"]
    assert "Under review (1)" in filters["status"]
    assert "Accepted (0)" in filters["status"]
    assert filters["figures verified"] == ["All", "Yes (1)", "No (3)"]
    assert filters["verified company"] == ["All", "Yes (4)", "No (0)"]


def test_a_filter_in_use_counts_the_other_filters_within_it(official: Client) -> None:
    reviewer = factories.triage_officer()
    reports = [factories.report_file() for _ in range(3)]
    services.report_start_review(report=reports[0], actor=reviewer)
    factories.report_verify(reports[0])

    response = official.get(REPORTS, {"status__exact": "under_review"})

    filters = _filters(response)
    assert [r.pk for r in response.context["cl"].result_list] == [reports[0].pk]
    # The other filters count the reports listed; the status filter counts as if unused.
    assert filters["figures verified"] == ["All", "Yes (1)", "No (0)"]
    assert "Submitted (2)" in filters["status"]
    assert "Under review (1)" in filters["status"]


def test_the_triage_queue_counts_each_stage(official: Client) -> None:
    reviewer = factories.triage_officer()
    reports = [factories.report_file() for _ in range(3)]
    services.report_start_review(report=reports[0], actor=reviewer)

    filters = _filters(official.get(QUEUE))

    assert filters["stage"] == [
        "All",
        "New (submitted) (2)",
        "Under review (1)",
        "Information received back (0)",
    ]
    assert filters["overdue for first decision"] == ["All", "Yes (0)", "No (3)"]


def test_the_barrier_list_counts_each_choice(official: Client) -> None:
    reviewer = factories.triage_officer()
    for _ in range(2):
        _accepted(factories.report_file(), reviewer)

    filters = _filters(official.get(BARRIERS))

    assert "Open (2)" in filters["status"]
    assert "Resolved (0)" in filters["status"]
    assert filters["on hold"] == ["All", "Yes (0)", "No (2)"]
    assert filters["answer overdue"] == ["All", "EAEU side (0)", "India side (0)", "None (2)"]


def test_counts_are_shown_in_the_page(official: Client) -> None:
    for _ in range(3):
        factories.report_file()

    page = official.get(REPORTS).content.decode()

    assert "Submitted (3)" in page


# ---------------------------------------------------------------------------------------------
# A fixed number of queries
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        REPORTS,
        QUEUE,
        BARRIERS,
        f"{REPORTS}?q=shrimp",
        f"{REPORTS}?status__exact=submitted&verified=no",
        f"{QUEUE}?stage=new&q=plant",
        f"{BARRIERS}?status__exact=open&overdue=no&meeting=1",
    ],
)
def test_a_list_with_counts_runs_the_same_queries_for_2_and_12_reports(
    official: Client, django_assert_num_queries: Any, url: str
) -> None:
    _rows(2)
    official.get(url)  # warm caches (content types)
    with CaptureQueriesContext(connection) as few:
        assert official.get(url).status_code == 200

    _rows(10, start=2)
    assert Report.objects.count() == 12
    assert Barrier.objects.count() == 4

    with django_assert_num_queries(len(few.captured_queries)):
        assert official.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "model_admin"),
    [(REPORTS, ReportAdmin), (QUEUE, TriageQueueAdmin), (BARRIERS, BarrierAdmin)],
)
def test_the_counts_cost_at_most_one_query_per_filter(
    official: Client, monkeypatch: pytest.MonkeyPatch, url: str, model_admin: type
) -> None:
    """Django builds every filter again for each filter's counts (each related-field filter
    reading its choices again); here they are built once, and each filter counts in one
    query at most."""
    _rows(3)
    official.get(url)
    with CaptureQueriesContext(connection) as counted:
        official.get(url)
    monkeypatch.setattr(model_admin, "show_facets", admin.ShowFacets.NEVER)
    with CaptureQueriesContext(connection) as plain:
        page = official.get(url)

    assert "Submitted (" not in page.content.decode()
    assert len(counted) <= len(plain) + len(model_admin.list_filter)


# ---------------------------------------------------------------------------------------------
# Relevance
# ---------------------------------------------------------------------------------------------


def _shrimp_reports() -> tuple[Report, Report]:
    in_title = factories.report_file(
        title="Shrimp consignments held at the border", description="No reason was given."
    )
    # Filed later: newest first would list it first.
    in_description = factories.report_file(
        title="Plant listing pending", description="Our plant processes frozen shrimp."
    )
    return in_title, in_description


@pytest.mark.postgres
def test_a_search_lists_the_best_match_first(official: Client) -> None:
    in_title, in_description = _shrimp_reports()

    found = official.get(REPORTS, {"q": "shrimps"}).context["cl"].result_list

    assert [r.pk for r in found] == [in_title.pk, in_description.pk]
    queue = official.get(QUEUE, {"q": "shrimp"}).context["cl"].result_list
    assert [r.pk for r in queue] == [in_title.pk, in_description.pk]


@pytest.mark.postgres
def test_a_barrier_search_lists_the_best_match_first(official: Client) -> None:
    reviewer = factories.triage_officer()
    in_title, in_description = (_accepted(r, reviewer).barrier for r in _shrimp_reports())
    assert in_title is not None and in_description is not None
    Barrier.objects.filter(pk=in_description.pk).update(
        title="Plant listing pending", summary="Frozen shrimp plants wait for listing."
    )
    Barrier.objects.filter(pk=in_title.pk).update(
        title="Shrimp consignments held", summary="No reason given."
    )

    found = official.get(BARRIERS, {"q": "shrimp"}).context["cl"].result_list

    assert [b.pk for b in found][:2] == [in_title.pk, in_description.pk]


def test_a_column_the_official_sorts_by_wins_over_relevance(official: Client) -> None:
    in_title, in_description = _shrimp_reports()

    # Column 1 is the reference: ascending, the first filed first; descending, the last.
    ascending = official.get(REPORTS, {"q": "shrimp", "o": "1"}).context["cl"].result_list
    descending = official.get(REPORTS, {"q": "shrimp", "o": "-1"}).context["cl"].result_list

    assert [r.pk for r in ascending] == [in_title.pk, in_description.pk]
    assert [r.pk for r in descending] == [in_description.pk, in_title.pk]


def test_a_search_works_on_every_database(official: Client) -> None:
    in_title, in_description = _shrimp_reports()
    factories.report_file(
        title="Fruit",
        description="Mangoes held at the border.",
        hs_codes=[HSCode.objects.get(code="080450")],
    )

    for url in (REPORTS, QUEUE):
        found = official.get(url, {"q": "shrimps"}).context["cl"].result_list
        assert {r.pk for r in found} == {in_title.pk, in_description.pk}
    assert official.get(REPORTS).context["cl"].result_list[0].pk != in_title.pk  # newest first
    assert TriageQueueEntry.objects.count() == 3


# ---------------------------------------------------------------------------------------------
# The HS nomenclature
# ---------------------------------------------------------------------------------------------


def test_the_whole_nomenclature_is_listed_with_chapter_and_heading(
    admin_client: Client,
) -> None:
    assert HSCode.objects.count() > 5000  # loaded by migration 0027

    response = admin_client.get(HS_CODES, {"q": "0306"})

    rows = response.context["cl"].result_list
    assert rows and all(code.code.startswith("0306") for code in rows)
    page = response.content.decode()
    assert "0306 Crustaceans" in page  # the heading, beside each subheading
    assert "03 Fish and crustaceans" in page  # the chapter


def test_the_chapter_filter_counts_each_chapter(admin_client: Client) -> None:
    under_03 = HSCode.objects.filter(code__startswith="03").count()
    under_17 = HSCode.objects.filter(code__startswith="17").count()

    response = admin_client.get(HS_CODES)

    chapters = _filters(response)["chapter"]
    assert len(chapters) == 1 + HSHeading.objects.filter(level=2).count()
    assert any(c.startswith("03 ") and c.endswith(f"({under_03})") for c in chapters)
    assert any(c.startswith("17 ") and c.endswith(f"({under_17})") for c in chapters)
    filtered = admin_client.get(HS_CODES, {"chapter": "17"}).context["cl"]
    assert filtered.result_count == under_17
    assert "Marine (0)" in _filters(admin_client.get(HS_CODES, {"chapter": "17"}))["sector"]


def test_hs_codes_are_found_by_words_best_first(admin_client: Client) -> None:
    found = admin_client.get(HS_CODES, {"q": "shrimps"}).context["cl"].result_list

    codes = [code.code for code in found]
    assert codes and codes[0].startswith("0306")
    assert "030617" in codes
    sugar = admin_client.get(HS_CODES, {"q": "cane sugar raw"}).context["cl"].result_list
    assert "170114" in [code.code for code in sugar]


def test_the_hs_lists_run_a_fixed_number_of_queries(
    admin_client: Client, django_assert_max_num_queries: Any
) -> None:
    admin_client.get(HS_CODES)
    # A word search: the ranked codes (two queries: the candidates, then the best loaded).
    for params in ({}, {"chapter": "03"}, {"q": "fish"}, {"q": "03"}, {"all": ""}):
        with django_assert_max_num_queries(14, info=str(params)):
            assert admin_client.get(HS_CODES, params).status_code == 200
    with django_assert_max_num_queries(10):
        assert admin_client.get(HS_HEADINGS, {"q": "03"}).status_code == 200


def test_officials_browse_the_headings(official: Client) -> None:
    response = official.get(HS_HEADINGS, {"q": "crustaceans"})

    assert response.status_code == 200
    assert "0306" in [h.code for h in response.context["cl"].result_list]
    assert "Crustaceans" in official.get(HS_CODES, {"q": "0306"}).content.decode()


def test_headings_are_read_only_reference_data(admin_client: Client) -> None:
    response = admin_client.get(HS_HEADINGS, {"q": "0306"})

    assert [h.code for h in response.context["cl"].result_list] == ["0306"]
    assert admin_client.get(reverse("admin:barriers_hsheading_add")).status_code == 403
    change = admin_client.get(reverse("admin:barriers_hsheading_change", args=["0306"]))
    assert change.status_code == 200
    assert 'name="description"' not in change.content.decode()
    delete = reverse("admin:barriers_hsheading_delete", args=["0306"])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert HSHeading.objects.filter(code="0306").exists()


@pytest.mark.parametrize(
    "params",
    [
        {"meeting": "abc"},
        {"overdue": "maybe"},
        {"stage": "nonsense"},
        {"status__exact": "no_such_status"},
        {"answer_overdue": "x"},
        {"chapter": "zz"},
        {"chapter": "123"},
    ],
)
def test_odd_filter_values_list_without_error(official: Client, params: dict[str, str]) -> None:
    factories.report_file()
    for url in (REPORTS, QUEUE, BARRIERS, HS_CODES):
        response = official.get(url, params)
        assert response.status_code in {200, 302}, (url, params)


def test_choosing_a_barriers_hs_codes_finds_them_by_words(admin_client: Client) -> None:
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "shrimps",
            "app_label": "barriers",
            "model_name": "barrier",
            "field_name": "hs_codes",
        },
    )

    assert response.status_code == 200
    codes = [result["id"] for result in response.json()["results"]]
    assert "030617" in codes
    assert codes[0].startswith("0306")


# ---------------------------------------------------------------------------------------------
# Counts while searching
# ---------------------------------------------------------------------------------------------


def _mango_reports() -> list[Report]:
    """Three reports about mangoes (one under review, one with verified figures) and two about
    rice."""
    reviewer = factories.triage_officer()
    mangoes = [
        factories.report_file(
            title=f"Alphonso mango consignment {n} held at Novorossiysk",
            description="The phytosanitary certificates were questioned.",
        )
        for n in range(3)
    ]
    for _ in range(2):
        factories.report_file(title="Basmati rice held", description="Khapra beetle claims.")
    services.report_start_review(report=mangoes[0], actor=reviewer)
    factories.report_verify(mangoes[1])
    return mangoes


def test_a_searched_list_counts_the_matches_of_each_choice(official: Client) -> None:
    _mango_reports()

    filters = _filters(official.get(REPORTS, {"q": "mangoes"}))

    assert "Submitted (2)" in filters["status"]
    assert "Under review (1)" in filters["status"]
    assert "Accepted (0)" in filters["status"]
    assert filters["figures verified"] == ["All", "Yes (1)", "No (2)"]
    assert filters["verified company"] == ["All", "Yes (3)", "No (0)"]


def test_a_searched_list_with_a_filter_in_use_counts_within_both(official: Client) -> None:
    _mango_reports()

    response = official.get(REPORTS, {"q": "mangoes", "status__exact": "submitted"})

    filters = _filters(response)
    assert len(response.context["cl"].result_list) == 2
    # The status filter counts the matches as if it were unused; the others within it.
    assert "Submitted (2)" in filters["status"]
    assert "Under review (1)" in filters["status"]
    assert filters["figures verified"] == ["All", "Yes (1)", "No (1)"]


def test_a_search_without_matches_counts_nothing(official: Client) -> None:
    _mango_reports()

    filters = _filters(official.get(REPORTS, {"q": "durians"}))

    assert "Submitted (0)" in filters["status"]
    assert filters["figures verified"] == ["All", "Yes (0)", "No (0)"]
    assert filters["verified company"] == ["All", "Yes (0)", "No (0)"]


@pytest.mark.parametrize("url", [REPORTS, QUEUE, BARRIERS, HS_CODES])
def test_a_search_that_can_match_nothing_lists_nothing_and_counts_zero(
    official: Client, url: str
) -> None:
    _mango_reports()

    response = official.get(url, {"q": "x"})  # one letter: no word to look for

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    for spec in response.context["cl"].filter_specs:
        counts = [str(c["display"]) for c in spec.choices(response.context["cl"])][1:]
        assert all(c.endswith("(0)") for c in counts), (spec.title, counts)


def test_the_searched_triage_queue_and_barrier_list_count_their_matches(official: Client) -> None:
    mangoes = _mango_reports()
    reviewer = factories.triage_officer()
    _accepted(mangoes[2], reviewer)

    queue = _filters(official.get(QUEUE, {"q": "mango"}))
    barriers = _filters(official.get(BARRIERS, {"q": "mango"}))

    assert queue["stage"] == [
        "All",
        "New (submitted) (1)",
        "Under review (1)",
        "Information received back (0)",
    ]
    assert "Open (1)" in barriers["status"]
    assert barriers["on hold"] == ["All", "Yes (0)", "No (1)"]


@pytest.mark.postgres
def test_a_search_counts_every_filter_in_one_query_on_postgresql(official: Client) -> None:
    """The matches are found once for all the counts (GROUPING SETS), not once per filter."""
    _mango_reports()

    with CaptureQueriesContext(connection) as queries:
        response = official.get(REPORTS, {"q": "mangoes"})
        _filters(response)

    counting = [q["sql"] for q in queries if "GROUP BY" in q["sql"] or "FILTER (WHERE" in q["sql"]]
    assert len(counting) == 1, counting
    assert "GROUPING SETS" in counting[0]


@pytest.mark.postgres
def test_a_title_with_the_words_ranks_above_a_newer_description_with_them(
    official: Client,
) -> None:
    in_title = factories.report_file(
        title="Pomegranate arils refused at the Kazakh border",
        description="Arils in brine were held for a laboratory test.",
    )
    in_text = factories.report_file(
        title="Fruit consignment held",
        description="Pomegranates, pomegranate juice and pomegranate arils were all held.",
    )

    reports = list(official.get(REPORTS, {"q": "pomegranates"}).context["cl"].result_list)
    assert reports == [in_title, in_text]


@pytest.mark.postgres
def test_a_search_on_postgresql_counts_its_matches_once_and_exactly(
    official: Client, monkeypatch
) -> None:
    """The facet query counts every match; the list takes that count (no second pass over
    every match to count them) and so shows the exact number even above the paginator's cap."""
    from barriers.admin.base import CappedCountPaginator
    from barriers.admin.filters import FacetChangeList

    _mango_reports()
    monkeypatch.setattr(CappedCountPaginator, "CAP", 2)

    with CaptureQueriesContext(connection) as queries:
        response = official.get(REPORTS, {"q": "mangoes"})

    changelist = response.context["cl"]
    assert changelist.result_count == 3
    assert not changelist.paginator.is_capped
    assert "3 results" in response.content.decode()
    assert not [q for q in queries if q["sql"].startswith("SELECT COUNT(*) FROM (SELECT")]
    # That one query reads at most SEARCH_COUNT_CAP + 1 matches, however common the word.
    bounded = f"LIMIT {FacetChangeList.SEARCH_COUNT_CAP + 1}"
    assert [q for q in queries if "GROUPING SETS" in q["sql"] and bounded in q["sql"]]


# ---------------------------------------------------------------------------------------------
# Kept counts (PostgreSQL's barriers_facetcount) equal the rows as they are
# ---------------------------------------------------------------------------------------------


def _counted_live(official: Client, url: str, monkeypatch: Any) -> dict[str, list[str]]:
    """The filters' choices with their counts worked out from the rows themselves."""
    with monkeypatch.context() as patch:
        patch.setattr("barriers.admin.filters.facet_summary_kept", lambda: False)
        return _filters(official.get(url))


@pytest.mark.parametrize("url", [REPORTS, BARRIERS, QUEUE, REPORTS + "?status__exact=accepted"])
def test_the_counts_beside_the_choices_are_the_rows_counts_after_every_kind_of_change(
    official: Client, monkeypatch: Any, url: str
) -> None:
    reviewer = factories.triage_officer()
    _rows(6)
    reports = list(Report.objects.order_by("pk"))
    services.report_request_info(report=reports[1], actor=reviewer, question="Which consignment?")
    services.report_reject(report=reports[3], actor=reviewer, reason="not_a_barrier")
    services.report_assign_owner(report=reports[0], actor=reviewer, owner=reviewer)
    factories.report_verify(reports[4])
    accepted = [report for report in reports if report.status == "accepted"]
    merged = Barrier.objects.get(pk=accepted[0].barrier_id)
    services.report_move_to_barrier(report=accepted[1], barrier=merged, actor=reviewer)
    # Overdue for a first decision, and a barrier's decision overdue (days, not flags, kept).
    long_ago = timezone.now() - dt.timedelta(days=60)
    Report.objects.filter(pk__in=[reports[0].pk, reports[1].pk]).update(submitted_at=long_ago)
    Barrier.objects.filter(pk=merged.pk).update(
        decision_due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    company = reports[0].company
    company.verified = not company.verified
    company.save(update_fields=["verified"])
    # Reports are never deleted (their status history is append-only): a report moved away
    # from a barrier, and the barrier's own changes, are what takes rows out of a count.

    shown = _filters(official.get(url))

    assert shown == _counted_live(official, url, monkeypatch)
    if url == REPORTS:
        assert "Yes (1)" in shown["overdue for first decision"]  # the other asks for info
    if url == BARRIERS:
        assert "Yes (1)" in shown["overdue"]
    assert any("(" in choice for choices in shown.values() for choice in choices)


def test_folding_or_recounting_the_kept_counts_changes_no_count(official: Client) -> None:
    from barriers.models import FacetCount
    from barriers.tasks import facet_counts_compact
    from tracker.celery import app

    _rows(4)
    shown = {url: _filters(official.get(url)) for url in (REPORTS, BARRIERS, QUEUE)}

    facet_counts_compact()
    folded = FacetCount.objects.values_list("model", "status", "dim", "value")
    assert len(set(folded)) == len(folded)  # one row per value
    assert {url: _filters(official.get(url)) for url in shown} == shown
    services.facet_counts_rebuild()
    assert {url: _filters(official.get(url)) for url in shown} == shown
    assert app.conf.beat_schedule["facet-counts-compact"]["task"] == facet_counts_compact.name


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("url", "extra"),
    [
        *[(url, extra) for url in (REPORTS, BARRIERS, QUEUE) for extra in ("_facets=True", "o=2")],
        (REPORTS, "_facets=True&status__exact=submitted"),
        (BARRIERS, "_facets=True&status__exact=open"),
    ],
)
def test_the_kept_counts_serve_a_list_asked_with_facets_or_sorted(
    official: Client, monkeypatch: Any, url: str, extra: str
) -> None:
    """`?_facets=True` (Django's own link for the counts) and a sort by a column are no
    filters: the list still takes its counts from the kept table, and they are the rows'
    counts (the benchmark's "with facet counts" rows counted live at a million reports)."""
    _rows(4)
    page = official.get(f"{url}?{extra}")
    assert page.status_code == 200
    assert page.context["cl"].summary is not None
    assert _filters(page) == _counted_live(official, f"{url}?{extra}", monkeypatch)
