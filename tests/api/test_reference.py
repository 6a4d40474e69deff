"""Reference data for API clients: HS codes, regulators, barrier kinds, countries."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from barriers.models import BarrierKind, Country, Regulator
from tests.api_factories import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


@pytest.fixture
def client(reference_data, exporter):
    return client_for(exporter)


def test_hs_codes_are_found_by_leading_digits(client) -> None:
    response = client.get("/api/v1/hs-codes/", {"search": "0306"})
    assert response.status_code == 200
    codes = [item["code"] for item in response.data["results"]]
    assert codes
    assert all(code.startswith("0306") for code in codes)
    assert codes == sorted(codes)
    assert set(response.data["results"][0]) == {"code", "description", "sector", "perishable"}


def test_hs_codes_are_found_by_words_of_the_description(client) -> None:
    response = client.get("/api/v1/hs-codes/", {"search": "grapes"})
    assert response.status_code == 200
    assert "080610" in [item["code"] for item in response.data["results"]]
    assert all("grape" in item["description"].lower() for item in response.data["results"])


def test_hs_code_search_without_text_lists_codes_page_by_page(client) -> None:
    response = client.get("/api/v1/hs-codes/")
    assert response.data["count"] > 25
    assert len(response.data["results"]) == 25
    assert response.data["next"]


def test_hs_code_search_with_no_match_is_empty(client) -> None:
    response = client.get("/api/v1/hs-codes/", {"search": "plutonium"})
    assert response.status_code == 200
    assert response.data["count"] == 0


def test_regulators_are_listed_with_country_and_remit(client) -> None:
    response = client.get("/api/v1/regulators/", {"page_size": 100})
    assert response.status_code == 200
    assert response.data["count"] == Regulator.objects.count()
    by_code = {item["code"]: item for item in response.data["results"]}
    eaeu_level = Regulator.objects.filter(country__isnull=True).first()
    if eaeu_level:
        assert by_code[eaeu_level.code]["country"] is None
    national = Regulator.objects.filter(country__isnull=False).first()
    assert by_code[national.code]["country"] == national.country_id
    assert by_code[national.code]["remit"] == national.remit


def test_barrier_kinds_are_listed_with_usual_decision_days(client) -> None:
    response = client.get("/api/v1/barrier-kinds/")
    assert response.status_code == 200
    assert response.data["count"] == BarrierKind.objects.count()
    first = response.data["results"][0]
    kind = BarrierKind.objects.get(code=first["code"])
    assert first["usual_decision_days"] == kind.usual_decision_days
    assert kind == BarrierKind.objects.first()  # in the kinds' own order


def test_countries_are_listed(client) -> None:
    response = client.get("/api/v1/countries/")
    assert response.status_code == 200
    assert {item["code"] for item in response.data["results"]} == set(
        Country.objects.values_list("code", flat=True)
    )


@pytest.mark.parametrize("path", ["hs-codes", "regulators", "barrier-kinds", "countries"])
def test_reference_data_needs_credentials(reference_data, path: str) -> None:
    assert client_for(None).get(f"/api/v1/{path}/").status_code == 401


def test_reference_lists_are_read_only(client) -> None:
    assert client.post("/api/v1/countries/", {"code": "FR"}, format="json").status_code == 405


def test_hs_code_search_ignores_nul_characters(client) -> None:
    response = client.get("/api/v1/hs-codes/", {"search": "0306\x00"})
    assert response.status_code == 200
    assert response.data["count"] > 0
