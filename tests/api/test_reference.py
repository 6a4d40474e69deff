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
    assert set(response.data["results"][0]) == {
        "code",
        "description",
        "description_ru",
        "chapter",
        "heading",
        "sector",
        "perishable",
    }


def test_crustacean_subheadings_come_with_their_heading_chapter_and_russian_name(
    client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(4):  # session checks aside, the codes are one query
        response = client.get("/api/v1/hs-codes/", {"search": "0306", "page_size": 100})

    assert response.status_code == 200
    by_code = {item["code"]: item for item in response.data["results"]}
    assert {"030614", "030616", "030617", "030636", "030695"} <= set(by_code)
    shrimp = by_code["030617"]
    assert shrimp["heading"]["code"] == "0306"
    assert "crustaceans" in shrimp["heading"]["description"].lower()
    assert shrimp["chapter"]["code"] == "03"
    assert "fish" in shrimp["chapter"]["description"].lower()
    assert shrimp["description_ru"] == "Креветки и креветки-чилимы прочие, мороженые"


def test_hs_code_pages_follow_each_other_without_repeating_a_code(client) -> None:
    first = client.get("/api/v1/hs-codes/", {"search": "03", "page_size": 10})
    second = client.get("/api/v1/hs-codes/", {"search": "03", "page_size": 10, "page": 2})
    beyond = client.get("/api/v1/hs-codes/", {"search": "03", "page_size": 10, "page": 999})
    bad = client.get("/api/v1/hs-codes/", {"search": "03", "page_size": "ten"})

    assert first.data["count"] > 20 and first.data["next"] and second.data["previous"]
    codes = [item["code"] for item in first.data["results"] + second.data["results"]]
    assert len(codes) == len(set(codes)) == 20 and codes == sorted(codes)
    assert beyond.status_code == 404
    assert bad.status_code == 400 and "page_size" in bad.data


def test_shrimps_puts_the_shrimp_subheadings_first(client) -> None:
    response = client.get("/api/v1/hs-codes/", {"search": "shrimps"})

    codes = [item["code"] for item in response.data["results"]]
    shrimp = {"030616", "030617", "030636", "030695", "160521", "160529"}
    assert shrimp <= set(codes[: len(shrimp) + 2]), codes
    assert all(code[:4] in {"0306", "1605"} for code in codes[:6]), codes


def test_russian_words_find_the_codes_by_their_russian_names(client) -> None:
    response = client.get("/api/v1/hs-codes/", {"search": "креветки"})
    rice = client.get("/api/v1/hs-codes/", {"search": "рис обрушенный"})

    codes = [item["code"] for item in response.data["results"]]
    assert {"030616", "030617", "030636", "160521", "160529"} <= set(codes)
    assert all("кревет" in item["description_ru"].lower() for item in response.data["results"])
    assert [item["code"] for item in rice.data["results"]][:1] == ["100630"]


def test_the_schema_documents_the_paginated_hs_code_list(client) -> None:
    import io

    import yaml
    from django.core.management import call_command

    out = io.StringIO()
    call_command("spectacular", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    operation = schema["paths"]["/api/v1/hs-codes/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"search", "page", "page_size"} <= names
    listed = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = schema["components"]["schemas"][listed.rsplit("/", 1)[-1]]
    assert {"count", "next", "previous", "results"} <= set(page["properties"])
    item = schema["components"]["schemas"]["HSCode"]["properties"]
    assert {"description_ru", "chapter", "heading"} <= set(item)


def test_hs_codes_are_found_by_words_of_the_description(client) -> None:
    response = client.get("/api/v1/hs-codes/", {"search": "grapes"})
    assert response.status_code == 200
    codes = [item["code"] for item in response.data["results"]]
    assert codes[:2] == ["080610", "080620"]
    assert all("grape" in item["description"].lower() for item in response.data["results"][:2])


def test_hs_code_search_without_text_lists_codes_page_by_page(client) -> None:
    response = client.get("/api/v1/hs-codes/")
    assert response.data["count"] > 25
    assert len(response.data["results"]) == 25
    assert response.data["next"]


def test_hs_code_search_with_no_match_is_empty(client) -> None:
    response = client.get("/api/v1/hs-codes/", {"search": "xylophonium"})
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
