"""Search over reports and barriers: what it finds, how services keep it current, and on
PostgreSQL that the database answers it from the trigram index rather than a table scan."""

from __future__ import annotations

import datetime as dt
import importlib
import random
import re
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from barriers import selectors, services
from barriers.domain import search_text
from barriers.models import Barrier, Company, HSCode, Report, ReportStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _refs(queryset) -> set[str]:
    return set(queryset.values_list("reference", flat=True))


def _search_reports(text: str) -> set[str]:
    return _refs(selectors.reports_search(queryset=Report.objects.all(), text=text))


def _search_barriers(text: str) -> set[str]:
    return _refs(selectors.barriers_search(queryset=Barrier.objects.all(), text=text))


@pytest.fixture
def reports() -> dict[str, Report]:
    """Three reports from two companies that share no word a test searches for."""
    grapes_code = factories.HSCodeFactory(
        code="080610", description="Fresh grapes", sector="agricultural", perishable=True
    )
    shrimp_company = factories.CompanyFactory(name="Godavari Coastal Seafoods", iec="AAJCG4718R")
    grapes_company = factories.CompanyFactory(
        name="Deccan Vine Exports", iec="AABCD1234E", sector="agricultural"
    )
    shrimp = factories.report_file(
        company=shrimp_company,
        title="Plant listing pending with Rosselkhoznadzor",
        description="Our shrimp processing plant applied for listing in the EAEU register.",
    )
    grapes = factories.report_file(
        company=grapes_company,
        title="Phytosanitary rejection of table grapes",
        description="Consignment held at Novorossiysk over a pest finding.",
        hs_codes=[grapes_code],
        application_number="PHY-77",
    )
    other_shrimp = factories.report_file(
        company=shrimp_company,
        title="Veterinary certificate not issued",
        description="Frozen prawns waiting for a certificate since spring.",
    )
    return {"shrimp": shrimp, "grapes": grapes, "other_shrimp": other_shrimp}


def test_report_search_by_reference_finds_that_report_only(reports) -> None:
    grapes = reports["grapes"]
    assert _search_reports(grapes.reference) == {grapes.reference}
    assert _search_reports(grapes.reference.lower()) == {grapes.reference}


def test_report_search_by_title_or_description_word_ignores_case(reports) -> None:
    assert _search_reports("ROSSELKHOZNADZOR") == {reports["shrimp"].reference}
    assert _search_reports("novorossiysk") == {reports["grapes"].reference}
    assert _search_reports("spring") == {reports["other_shrimp"].reference}


def test_report_search_by_company_name_or_iec(reports) -> None:
    both = {reports["shrimp"].reference, reports["other_shrimp"].reference}
    assert _search_reports("godavari") == both
    assert _search_reports("Coastal Seafoods") == both
    assert _search_reports("AAJCG4718R") == both
    assert _search_reports("aabcd1234e") == {reports["grapes"].reference}


def test_report_search_by_hs_code_and_its_heading(reports) -> None:
    assert _search_reports("080610") == {reports["grapes"].reference}
    assert _search_reports("0806") == {reports["grapes"].reference}
    assert _search_reports("030617") == {
        reports["shrimp"].reference,
        reports["other_shrimp"].reference,
    }


def test_report_search_by_application_number(reports) -> None:
    assert _search_reports("phy-77") == {reports["grapes"].reference}


def test_hs_digits_match_a_number_that_starts_with_them_not_digits_inside_one(reports) -> None:
    """A heading's digits ("1006") find rows carrying such a code and rows whose text has a
    number starting with them (an application number), never the digits inside a longer number:
    a reference's counter (REP-2026-001006) or an application number ending in them."""
    company = reports["shrimp"].company
    inside = factories.report_file(
        company=company, title="Inside", application_number="FSVPS-2026-991006"
    )
    Report.objects.filter(pk=inside.pk).update(reference="REP-2026-001006")
    services.report_search_text_refresh(report=Report.objects.get(pk=inside.pk))
    starting = factories.report_file(
        company=company, title="Starting", application_number="FSVPS-1006-77"
    )
    rice = factories.report_file(
        company=company,
        title="Carrying",
        hs_codes=[factories.HSCodeFactory(code="100630", description="Semi-milled rice")],
    )
    assert _search_reports("1006") == {starting.reference, rice.reference}
    ranked = selectors.search_best_first(
        queryset=selectors.reports_search(queryset=Report.objects.all(), text="1006"), text="1006"
    )
    assert list(ranked) == [rice, starting]  # the code carried ranks above the number cited
    # A reference's counter is still found by the number it starts with.
    assert "REP-2026-001006" in _search_reports("001006")


def test_report_search_needs_every_word(reports) -> None:
    assert _search_reports("godavari spring") == {reports["other_shrimp"].reference}
    assert _search_reports("godavari grapes") == set()


def test_report_search_with_only_short_words_matches_an_hs_chapter_or_nothing(reports) -> None:
    assert _search_reports("08") == {reports["grapes"].reference}
    assert _search_reports("3") == set()  # no HS code starts with 3
    assert _search_reports("ab") == set()
    assert _search_reports("a b") == set()


def test_report_search_of_blank_text_leaves_the_queryset_alone(reports) -> None:
    assert _search_reports("  ") == {report.reference for report in reports.values()}


def test_report_search_keeps_the_callers_scope(reports) -> None:
    mine = Report.objects.filter(company=reports["grapes"].company)
    assert _refs(selectors.reports_search(queryset=mine, text="godavari")) == set()


def test_report_update_refreshes_search_text(reports) -> None:
    report = reports["grapes"]
    services.report_update(
        report=report,
        actor=report.filed_by,
        title="Phytosanitary rejection of raisins",
        hs_codes=[factories.HSCodeFactory()],
    )
    assert _search_reports("raisins") == {report.reference}
    assert report.reference not in _search_reports("080610")
    assert report.reference in _search_reports("030617")


def test_company_rename_refresh_reaches_its_reports(reports) -> None:
    company = reports["grapes"].company
    Company.objects.filter(pk=company.pk).update(name="Nashik Valley Growers")
    company.refresh_from_db()
    assert services.company_reports_search_text_refresh(company=company) == 1
    assert _search_reports("nashik") == {reports["grapes"].reference}
    assert _search_reports("deccan") == set()


@pytest.fixture
def barriers(official) -> dict[str, Barrier]:
    kind = factories.BarrierKindFactory()
    listing = services.barrier_create(
        actor=official,
        title="Listing of shrimp plants by FSVPS",
        title_ru="Включение предприятий по переработке креветок в реестр",
        summary="Dozens of plants wait for an audit date.",
        barrier_kind=kind,
        sector="marine",
        hs_codes=[factories.HSCodeFactory()],
    )
    grapes = services.barrier_create(
        actor=official,
        title="Pest findings on table grapes",
        summary="Consignments held at Novorossiysk.",
        barrier_kind=kind,
        sector="agricultural",
        hs_codes=[
            factories.HSCodeFactory(
                code="080610", description="Fresh grapes", sector="agricultural"
            )
        ],
    )
    return {"listing": listing, "grapes": grapes}


def test_barrier_search_by_reference_title_summary_and_hs_code(barriers) -> None:
    listing, grapes = barriers["listing"], barriers["grapes"]
    assert _search_barriers(listing.reference) == {listing.reference}
    assert _search_barriers("shrimp plants") == {listing.reference}
    assert _search_barriers("NOVOROSSIYSK") == {grapes.reference}
    assert _search_barriers("080610") == {grapes.reference}
    assert _search_barriers("03") == {listing.reference}


def test_barrier_search_by_russian_title_ignores_case(barriers) -> None:
    # SQLite's LIKE folds only ASCII: the stored text and the query are both lowercased.
    assert _search_barriers("КРЕВЕТОК") == {barriers["listing"].reference}
    assert _search_barriers("переработка") == {barriers["listing"].reference}


def test_accepting_a_report_into_a_barrier_makes_it_findable_by_the_reports_hs_code(
    barriers, official
) -> None:
    code = factories.HSCodeFactory(code="030616", description="Cold-water shrimps")
    report = factories.report_file(hs_codes=[code])
    services.report_start_review(report=report, actor=official)
    services.report_accept(report=report, actor=official, barrier=barriers["listing"])
    assert _search_barriers("030616") == {barriers["listing"].reference}


def test_accepting_a_report_as_a_new_barrier_makes_the_barrier_findable(official) -> None:
    report = factories.report_file(title="Laboratory retesting of basmati")
    services.report_start_review(report=report, actor=official)
    report = services.report_accept(report=report, actor=official)
    assert _search_barriers("basmati") == {report.barrier.reference}


def test_fill_migration_builds_the_same_text_as_the_services(reports, barriers) -> None:
    expected_reports = dict(Report.objects.values_list("pk", "search_text"))
    expected_barriers = dict(Barrier.objects.values_list("pk", "search_text"))
    Report.objects.update(search_text="")
    Barrier.objects.update(search_text="")
    migration = importlib.import_module("barriers.migrations.0029_search_text_in_two_languages")

    class SchemaEditor:
        connection = connection

    migration.fill(django_apps, SchemaEditor())
    assert dict(Report.objects.values_list("pk", "search_text")) == expected_reports
    assert dict(Barrier.objects.values_list("pk", "search_text")) == expected_barriers
    first = importlib.import_module("barriers.migrations.0007_fill_search_text")
    first.clear_search_text(django_apps, SchemaEditor())
    assert set(Report.objects.values_list("search_text", flat=True)) == {""}


# ---------------------------------------------------------------------------------------------
# At scale, on PostgreSQL
# ---------------------------------------------------------------------------------------------

PRODUCTS = [
    ("shrimp", "030617"),
    ("table grapes", "080610"),
    ("basmati rice", "100630"),
    ("buffalo meat", "020230"),
    ("black tea", "090230"),
    ("cashew kernels", "080132"),
    ("frozen squid", "030743"),
    ("tuna loins", "160414"),
    ("black pepper", "090411"),
    ("mango pulp", "200899"),
    ("groundnut kernels", "120242"),
    ("skimmed milk powder", "040210"),
    ("dried onions", "071290"),
    ("turmeric", "091030"),
    ("canned pineapple", "200820"),
    ("instant coffee", "210111"),
    ("cumin seeds", "090931"),
    ("cardamom", "090831"),
    ("fresh bananas", "080390"),
    ("sesame seeds", "120740"),
]
STEPS = [
    "Plant listing pending with",
    "Veterinary certificate refused by",
    "Laboratory retest ordered by",
    "EAC declaration stuck with",
    "Import permit delayed by",
    "Inspection audit not scheduled by",
]
AUTHORITIES = ["Rosselkhoznadzor", "Rospotrebnadzor", "the EEC", "Kazakh veterinary service"]


def bulk_reports(count: int, *, seed: int = 5) -> None:
    """`count` reports made with bulk_create, their search text built as the services build it.

    "shrimp" is one product of twenty, as selective as a real product name.
    """
    rng = random.Random(seed)
    filer = factories.ExporterFactory()
    companies = [filer.company, *factories.CompanyFactory.create_batch(49)]
    kind = factories.BarrierKindFactory()
    country = factories.CountryFactory()
    codes = {
        code: HSCode(code=code, description=name, sector="agricultural") for name, code in PRODUCTS
    }
    HSCode.objects.bulk_create(codes.values(), ignore_conflicts=True)
    now = timezone.now()
    rows, links = [], []
    for number in range(1, count + 1):
        product, code = rng.choice(PRODUCTS)
        report = Report(
            reference=f"REP-2025-{number:06d}",
            company=rng.choice(companies),
            filed_by=filer,
            title=f"{rng.choice(STEPS)} {rng.choice(AUTHORITIES)} for {product}",
            description=(
                f"Application {rng.randrange(10**6):06d} for {product} filed "
                f"{rng.randrange(30, 400)} days ago; consignments {rng.randrange(1, 40)} held."
            ),
            barrier_kind=kind,
            destination_country=country,
            applied_on=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(300)),
            trade_value_usd=Decimal(rng.randrange(1_000, 900_000)),
            status=ReportStatus.SUBMITTED,
            created_at=now - dt.timedelta(minutes=number),
            updated_at=now,
            submitted_at=now,
        )
        report.search_text = search_text.report_search_text(report, [codes[code]])
        rows.append((report, code))
    created = Report.objects.bulk_create([report for report, _ in rows], batch_size=2000)
    through = Report.hs_codes.through
    links = [
        through(report_id=report.pk, hscode_id=code)
        for report, (_, code) in zip(created, rows, strict=True)
    ]
    through.objects.bulk_create(links, batch_size=5000)


def _plan(queryset, *, table_scans: bool = True) -> str:
    """EXPLAIN of `queryset`; without table scans the planner may use only bitmap index scans.

    A bitmap index scan needs an index condition, so with both plain and sequential scans
    switched off a query whose SQL the trigram index cannot serve still shows a "Seq Scan":
    that is what catches an index on the wrong expression.
    """
    setting = "on" if table_scans else "off"
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL enable_seqscan = {setting}")
        cursor.execute(f"SET LOCAL enable_indexscan = {setting}")
    try:
        return queryset.explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = on")
            cursor.execute("SET LOCAL enable_indexscan = on")


def _admin_reports():
    """The admin's changelist query before search: its joins and its ordering."""
    return Report.objects.select_related(
        "company", "barrier_kind", "destination_country", "barrier"
    ).order_by("-created_at", "-pk")


@pytest.mark.postgres
def test_report_search_is_answered_from_the_indexes() -> None:
    """On 20,000 reports a selective search reads the index unprompted, and every shape of
    search (one word, several, a reference, an HS code; one page or all) can use it.

    (On so few rows the planner rightly reads the whole table for a word in one report in
    twenty; on 100,000 it picks the index for those too: see barriers/domain/search_text.py.)
    """
    bulk_reports(20_000)
    with connection.cursor() as cursor:
        # Fresh GIN entries wait in the index's pending list until (auto)vacuum merges them;
        # the planner prices a long pending list as a slow index. Autovacuum does this in
        # production but never on time for rows a test has not committed, so merge them here.
        cursor.execute("SELECT gin_clean_pending_list('report_tokens_trgm_idx'::regclass)")
        cursor.execute("ANALYZE barriers_report")
    for text in ["REP-2025-012321", "zzqx-no-such-word"]:
        plan = _plan(selectors.reports_search(queryset=_admin_reports(), text=text)[:100])
        assert "Seq Scan on barriers_report " not in plan + " ", (text, plan)
        assert "Bitmap Index Scan on report_tokens_trgm_idx" in plan, (text, plan)
    for text in ["shrimp", "rosselkhoznadzor shrimps", "REP-2025-002321", "030617"]:
        found = selectors.reports_search(queryset=_admin_reports(), text=text)
        for queryset in (found, found[:100]):
            plan = _plan(queryset, table_scans=False)
            assert "Seq Scan on barriers_report " not in plan + " ", (text, plan)
            if text.isdigit():
                continue  # an HS code is looked up through the codes' join table
            if text.startswith("REP"):
                # A reference: exact, or cited in a text through the trigram index.
                assert "Bitmap Index Scan on report_tokens_trgm_idx" in plan, (text, plan)
                assert re.search(r"Index Cond: \(+upper\(search_tokens\) ~~", plan), plan
            else:
                # Words go through full-text search alone, on the tsvector's GIN index.
                assert "Bitmap Index Scan on barriers_report_search_vector_idx" in plan, plan
    found = selectors.reports_search(queryset=_admin_reports(), text="rep-2025-012321")
    assert [report.reference for report in found] == ["REP-2025-012321"]


@pytest.mark.postgres
def test_barrier_search_sql_matches_the_full_text_index(official) -> None:
    kind = factories.BarrierKindFactory()
    Barrier.objects.bulk_create(
        [
            Barrier(
                reference=f"BAR-2025-{number:04d}",
                title=f"{STEPS[number % len(STEPS)]} {AUTHORITIES[number % 4]}",
                summary=f"{PRODUCTS[number % len(PRODUCTS)][0]} case {number}",
                barrier_kind=kind,
                sector="marine",
            )
            for number in range(1, 2001)
        ]
    )
    for barrier in Barrier.objects.all():
        services.barrier_search_text_refresh(barrier=barrier)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE barriers_barrier")
    plan = _plan(
        selectors.barriers_search(queryset=Barrier.objects.all(), text="shrimp"),
        table_scans=False,
    )
    assert "Seq Scan on barriers_barrier" not in plan, plan
    assert "Bitmap Index Scan on barriers_barrier_search_vector_idx" in plan, plan


@pytest.mark.postgres
def test_search_tokens_keep_the_words_matched_as_substrings_and_drop_plain_words(reports) -> None:
    """On PostgreSQL the trigram-indexed search_tokens hold the words a search matches as
    substrings (reference, IEC, HS codes, application number) and none of the words of letters
    alone, which full-text search matches; an edit of the text rewrites them."""
    grapes = Report.objects.get(pk=reports["grapes"].pk)
    tokens = grapes.search_tokens.split()
    for kept in (grapes.reference.lower(), "aabcd1234e", "080610", "phy-77"):
        assert kept in tokens, (kept, tokens)
    for dropped in ("phytosanitary", "grapes", "novorossiysk", "deccan"):
        assert dropped not in grapes.search_tokens
    services.report_update(report=grapes, actor=grapes.filed_by, application_number="RSN-2026/118")
    grapes.refresh_from_db()
    assert "rsn-2026/118" in grapes.search_tokens.split()
    assert "phy-77" not in grapes.search_tokens
    assert _search_reports("rsn-2026/118") == {grapes.reference}
