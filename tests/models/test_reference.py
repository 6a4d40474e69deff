"""The reference fixture: EAEU countries, regulators, HS codes and barrier kinds."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command

from barriers.models import BarrierKind, Country, HSCode, Regulator, Remit, Sector

FIXTURE = settings.BASE_DIR / "fixtures" / "reference.json"
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
EAEU_MEMBERS = {"RU", "BY", "KZ", "KG", "AM"}
BARRIER_KINDS = [
    "eac_conformity",
    "veterinary_certificate",
    "phytosanitary_certificate",
    "establishment_listing",
    "state_registration",
    "laboratory_testing",
    "import_permit",
    "inspection_audit",
    "labelling_approval",
    "other",
]


def load() -> None:
    call_command("loaddata", FIXTURE, verbosity=0)


def counts() -> dict[str, int]:
    return {
        "countries": Country.objects.count(),
        "regulators": Regulator.objects.count(),
        "hs_codes": HSCode.objects.count(),
        "barrier_kinds": BarrierKind.objects.count(),
    }


@pytest.mark.django_db
def test_exactly_the_five_eaeu_member_states() -> None:
    load()
    assert set(Country.objects.values_list("code", flat=True)) == EAEU_MEMBERS
    for country in Country.objects.all():
        assert country.eaeu_member_since is not None
        assert CYRILLIC.search(country.name_ru)
        assert len(country.alpha3) == 3
        assert len(country.currency) == 3


@pytest.mark.django_db
def test_regulators_have_russian_names_and_an_eaeu_level_body() -> None:
    load()
    regulators = list(Regulator.objects.all())
    assert len(regulators) >= 12
    for regulator in regulators:
        assert CYRILLIC.search(regulator.name_ru), regulator.code
    assert Regulator.objects.filter(country__isnull=True).exists()
    countries_covered = set(
        Regulator.objects.filter(country__isnull=False).values_list("country", flat=True)
    )
    assert countries_covered == EAEU_MEMBERS


@pytest.mark.django_db
def test_every_remit_has_a_regulator() -> None:
    load()
    used = set(Regulator.objects.values_list("remit", flat=True))
    assert used == set(Remit.values)


@pytest.mark.django_db
def test_hs_codes_are_six_digits_in_both_sectors() -> None:
    load()
    codes = list(HSCode.objects.all())
    assert len(codes) >= 50
    for hs in codes:
        assert re.fullmatch(r"[0-9]{6}", hs.code), hs.code
        assert hs.sector in [*Sector.values, ""]
        assert hs.heading_id == hs.code[:4], hs.code
    # The whole nomenclature, without UN Comtrade's chapter 99 aggregate.
    assert len(codes) == 5612
    assert not HSCode.objects.filter(code__startswith="99").exists()
    assert set(HSCode.objects.values_list("sector", flat=True)) == {
        Sector.MARINE,
        Sector.AGRICULTURAL,
        "",
    }
    # The curated codes keep the project's description, sector and perishability.
    shrimp = HSCode.objects.get(code="030617")
    assert shrimp.description.startswith("Frozen shrimps and prawns, warm-water")
    assert shrimp.perishable
    assert HSCode.objects.get(code="170114").sector == Sector.AGRICULTURAL
    assert HSCode.objects.get(code="847130").sector == ""
    assert HSCode.objects.get(code="030617").heading.chapter.code == "03"


@pytest.mark.django_db
def test_the_ten_barrier_kinds_in_order_with_positive_decision_days() -> None:
    load()
    kinds = list(BarrierKind.objects.order_by("position"))
    assert [kind.code for kind in kinds] == BARRIER_KINDS
    assert [kind.position for kind in kinds] == list(range(1, 11))
    for kind in kinds:
        assert kind.usual_decision_days > 0, kind.code
        assert kind.remit in Remit.values
        assert CYRILLIC.search(kind.name_ru), kind.code


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    load()
    first = counts()
    load()
    assert counts() == first
