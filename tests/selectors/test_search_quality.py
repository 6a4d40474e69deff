"""Search quality: what an official or an exporter types finds the right items on the first page.

On the demo data (seed_demo, once for the module) in English and Russian, with plural and
inflected forms, partial names, references, HS code prefixes and company names; and on
PostgreSQL among thousands of generated rows (generate_data), where the expected item must be
among the first 25 by rank. The lists are ordered as the admin and the API order a search:
`selectors.search_best_first` (on PostgreSQL the bounded set of candidates, ranked).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from barriers import selectors, services
from barriers.models import Barrier, Report
from barriers.selectors.search import SEARCH_ORDER
from devtools import generated_text
from tests import factories
from tests.conftest import migration_data_restore

pytestmark = pytest.mark.django_db

PAGE = 25  # the first page of the API's lists (views.NewestFirstCursorPagination)


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The demo data, seeded once for the module and rolled back after it (as in
    tests/devtools/test_seed_demo.py)."""
    overrides = override_settings(
        DEBUG=True,
        MEDIA_ROOT=tmp_path_factory.mktemp("search-demo-media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with overrides, pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("DEMO_PASSWORD", raising=False)
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
        try:
            with django_db_blocker.unblock():
                migration_data_restore()  # if a transactional test flushed the tables
                call_command("seed_demo", verbosity=0)
            yield
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


def first_reports(text: str) -> list[Report]:
    found = selectors.reports_search(queryset=Report.objects.all(), text=text)
    return list(selectors.search_best_first(queryset=found, text=text)[:PAGE])


def first_barriers(text: str) -> list[Barrier]:
    found = selectors.barriers_search(queryset=Barrier.objects.all(), text=text)
    return list(selectors.search_best_first(queryset=found, text=text)[:PAGE])


def report(title_start: str) -> Report:
    return Report.objects.get(title__startswith=title_start)


def barrier(title_start: str) -> Barrier:
    return Barrier.objects.get(title__startswith=title_start)


# --- Reports on the demo data ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["shrimps", "shrimp", "SHRIMPS", "prawns"])
def test_demo_shrimp_reports_in_english_word_forms(demo: None, text: str) -> None:
    page = first_reports(text)
    for expected in (
        report("Second shrimp plant at Kakinada"),
        report("Each shrimp consignment held ten days"),
        report("Importer's Argus permit for frozen shrimp"),
    ):
        assert expected in page, (text, [r.title for r in page])


@pytest.mark.parametrize(
    "text", ["ветеринарные сертификаты", "ветеринарный сертификат", "ветеринарных сертификатов"]
)
def test_demo_veterinary_certificate_reports_in_russian_word_forms(demo: None, text: str) -> None:
    page = first_reports(text)
    for expected in (
        report("Armenia: veterinary certificate form for frozen shrimp"),
        report("Kyrgyzstan: veterinary certificate for canned tuna"),
        report("Frozen octopus held at St Petersburg"),
    ):
        assert expected in page, (text, [r.title for r in page])


@pytest.mark.parametrize("text", ["сертификаты", "сертификатов", "сертификат"])
def test_demo_certificate_in_any_russian_form_finds_the_certificate_kinds(
    demo: None, text: str
) -> None:
    page = first_reports(text)
    assert page
    # Each report found names a certificate: its kind's Russian name or its own text.
    for found in page:
        assert "сертификат" in found.search_text, (text, found.title)
    assert report("Fresh grapes held at the Kazakh border") in selectors.reports_search(
        queryset=Report.objects.all(), text=text
    )


@pytest.mark.parametrize("text", ["Россельхознадзор", "Россельхознадзора", "Россельхоз", "FSVPS"])
def test_demo_rosselkhoznadzor_in_russian_or_english_finds_the_fsvps_cases(
    demo: None, text: str
) -> None:
    page = first_reports(text)
    assert len(page) == PAGE
    assert all(found.regulator_id == "ru-fsvps" for found in page), [
        (r.title, r.regulator_id) for r in page if r.regulator_id != "ru-fsvps"
    ]
    everything = selectors.reports_search(queryset=Report.objects.all(), text=text)
    assert set(Report.objects.filter(regulator_id="ru-fsvps")) <= set(everything)


def test_demo_reference_is_the_first_result(demo: None) -> None:
    wanted = report("Rice shipments from our mill restricted")
    for text in (wanted.reference, wanted.reference.lower(), f" {wanted.reference} "):
        assert first_reports(text)[0] == wanted


@pytest.mark.parametrize(
    ("text", "title_start"),
    [
        ("0306", "Argus permit for frozen crabs delayed"),
        ("030617", "Second shrimp plant at Kakinada"),
        ("1006", "Rice shipments from our mill restricted"),
        ("100630", "Rice consignments held for khapra beetle inspection"),
    ],
)
def test_demo_hs_code_or_prefix_finds_the_reports_of_that_code(
    demo: None, text: str, title_start: str
) -> None:
    page = first_reports(text)
    assert report(title_start) in page, [r.title for r in page]
    assert all(
        any(code.startswith(text) for code in found.hs_codes.values_list("code", flat=True))
        for found in page
    )


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Godavari", "Godavari Coastal Seafoods Pvt Ltd"),
        ("nilgiri leaf", "Nilgiri Leaf & Spice Exports LLP"),
        ("Rohilkhand Agro", "Rohilkhand Agro Foods Pvt Ltd"),
    ],
)
def test_demo_company_name_finds_its_reports_first(demo: None, text: str, company: str) -> None:
    page = first_reports(text)
    assert page
    assert {found.company.name for found in page} == {company}


@pytest.mark.parametrize(
    ("text", "title_start"),
    [
        ("khapra beetles rice", "Rice shipments from our mill restricted"),
        ("buffalo meat inspections", "Buffalo meat plant in Uttar Pradesh still restricted"),
        ("pesticides basmati Kaliningrad", "Parboiled basmati held at Kaliningrad"),
        (
            "лабораторных исследований Россельхознадзором",
            "Enhanced laboratory control on our shrimp",
        ),
    ],
)
def test_demo_several_words_in_other_forms_find_the_report(
    demo: None, text: str, title_start: str
) -> None:
    page = first_reports(text)
    assert report(title_start) in page, (text, [r.title for r in page])


# --- Barriers on the demo data -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title_start"),
    [
        ("shrimps", "Enhanced laboratory control on Indian shrimp"),
        ("креветки", "Enhanced laboratory control on Indian shrimp"),
        ("креветок", "Enhanced laboratory control on Indian shrimp"),
        ("капровый жук", "Rice"),
        ("буйволы ящур", "Buffalo"),
        ("фитосанитарные сертификаты", "Basmati"),
        ("фитосанитарный сертификат лук", "Belarus holds Indian onion"),
        ("Россельхоз", "Backlog in listing Indian fish and seafood establishments"),
        ("Rosselkhoznadzor", "Backlog in listing Indian fish and seafood establishments"),
    ],
)
def test_demo_barriers_in_english_and_russian_word_forms(
    demo: None, text: str, title_start: str
) -> None:
    expected = Barrier.objects.filter(title__istartswith=title_start).order_by("pk").first()
    assert expected is not None, title_start
    page = first_barriers(text)
    assert expected in page, (text, [b.title for b in page])


def test_demo_barrier_reference_and_hs_prefix(demo: None) -> None:
    listing = barrier("Backlog in listing Indian fish and seafood establishments")
    assert first_barriers(listing.reference)[0] == listing
    page = first_barriers("0307")
    assert listing in page
    assert all(
        any(code.startswith("0307") for code in found.hs_codes.values_list("code", flat=True))
        for found in page
    )


# --- Among thousands of generated rows (PostgreSQL) -------------------------------------------


@pytest.fixture
def generated(settings: Any) -> dict[str, Any]:
    """3,000 generated reports and 600 barriers, and a few reports and barriers written as
    real ones are, whose words appear in the generated data in other forms."""
    settings.DEBUG = True
    call_command("generate_data", reports=3000, force=True, no_progress=True, verbosity=0)
    kind = factories.BarrierKindFactory(
        code="vet-cert-q", name="Veterinary certificate", name_ru="Ветеринарный сертификат"
    )
    company = factories.CompanyFactory(name="Kakinada Blue Waters Aqua Pvt Ltd")
    needle = factories.report_file(
        company=company,
        barrier_kind=kind,
        title="Vannamei shrimp consignments stopped: veterinary certificates questioned",
        description=(
            "The border veterinary post at Novorossiysk rejected the certificates of our last two "
            "shrimp consignments; Rosselkhoznadzor has not answered our letters."
        ),
    )
    shrimp_barrier = services.barrier_create(
        actor=factories.OfficialFactory(),
        title="Vannamei shrimp certificates questioned at Novorossiysk",
        title_ru="Ветеринарные сертификаты на креветки ванномей не признаются в Новороссийске",
        summary="Border inspectors question Indian veterinary certificates for vannamei.",
        summary_ru="Россельхознадзор не признаёт ветеринарные сертификаты индийских креветок.",
        barrier_kind=kind,
        regulator=factories.RegulatorFactory(),
        sector="marine",
        hs_codes=[factories.HSCodeFactory()],
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE barriers_report")
        cursor.execute("ANALYZE barriers_barrier")
    return {"report": needle, "barrier": shrimp_barrier}


@pytest.mark.postgres
def test_generated_data_ranks_the_expected_items_in_the_first_page(generated) -> None:
    needle, shrimp_barrier = generated["report"], generated["barrier"]
    assert Report.objects.count() > 3000
    for text in (
        "vannamei",
        "shrimps veterinary certificates",
        "certificate shrimp Novorossiysk",
        "Kakinada Blue Waters",
        "rosselkhoznadzor shrimp certificates questioned",
        # The kind's Russian name, and a word of the report in English.
        "ветеринарные сертификаты vannamei",
        needle.reference,
    ):
        page = first_reports(text)
        assert needle in page, (text, [r.title for r in page[:5]])
    assert first_reports(needle.reference)[0] == needle
    for text in (
        "креветки сертификаты Новороссийск",
        "ветеринарный сертификат на креветки",
        "shrimp certificates",
        "Россельхознадзор креветок",
        shrimp_barrier.reference,
    ):
        page = first_barriers(text)
        assert shrimp_barrier in page, (text, [b.title for b in page[:5]])


@pytest.mark.postgres
def test_generated_russian_barrier_titles_are_found_by_other_word_forms(generated) -> None:
    """A generated barrier's Russian title names the goods in the genitive ("для замороженных
    креветок") and the regulator in any case; typed in the nominative, they find it."""
    checked = 0
    for target in Barrier.objects.filter(regulator_id="ru-fsvps").order_by("pk"):
        goods = generated_text.GOODS.get(target.hs_codes.order_by("code").first().code)
        if goods is None or goods.gen not in target.title_ru or goods.gen == goods.nom:
            continue
        text = f"Россельхознадзор {goods.nom}"
        found = selectors.barriers_search(queryset=Barrier.objects.all(), text=text)
        assert target in found, (text, target.title_ru)
        page = list(found.order_by(*SEARCH_ORDER)[:PAGE])
        # Every barrier on the page is about that regulator (its own, or named in its text).
        assert all("россельхознадзор" in b.search_text for b in page), [b.title_ru for b in page]
        checked += 1
        if checked == 5:
            break
    assert checked
    # A title in the instrumental ("не рассматриваются Россельхознадзором").
    passive = Barrier.objects.filter(title_ru__contains="Россельхознадзором").first()
    if passive is not None:
        assert passive in selectors.barriers_search(
            queryset=Barrier.objects.all(), text="Россельхознадзор"
        )
