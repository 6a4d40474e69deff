"""Duplicate suggestions between waiting reports: the same delay filed by two companies is
suggested both ways, on the admin's report page only; other delays, merged and closed reports
are not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from barriers import selectors, services
from barriers.models import Report, User
from tests import factories
from tests.api_factories import client_for

pytestmark = pytest.mark.django_db


def _reviewed(official: User, **overrides: Any) -> Report:
    return services.report_start_review(report=factories.report_file(**overrides), actor=official)


def _refs(reports: list[Report]) -> list[str]:
    return [report.reference for report in reports]


@pytest.fixture
def same_delay(official: User) -> tuple[Report, Report]:
    """One shrimp plant listing delay at FSVPS, filed by two companies in their own words."""
    first = factories.report_file(
        company=factories.CompanyFactory(name="Godavari Coastal Seafoods"),
        title="Shrimp processing plant listing pending with Rosselkhoznadzor",
        description="Our shrimp plant was recommended by EIC for the EAEU register in March.",
    )
    second = _reviewed(
        official,
        company=factories.CompanyFactory(name="Konkan Marine Exports"),
        title="Listing of our shrimps plant in the EAEU register not done",
        description="The plant processing frozen shrimps waits for the register listing.",
    )
    return first, second


def test_the_same_delay_filed_by_two_companies_is_suggested_both_ways(
    same_delay: tuple[Report, Report],
) -> None:
    first, second = same_delay

    for report, other in ((first, second), (second, first)):
        candidates = selectors.report_duplicate_candidates(report=report)
        assert _refs(candidates)[:1] == [other.reference]
        reasons = set(candidates[0].match_reasons)
        assert {"same regulator", "same kind", "shared HS codes", "similar words"} <= reasons
        assert candidates[0].company == other.company
        assert candidates[0].match_score > 0


def test_another_regulator_and_kind_in_other_words_is_not_suggested(
    same_delay: tuple[Report, Report],
) -> None:
    first, _second = same_delay
    kazakhstan = factories.CountryFactory(code="KZ", name="Kazakhstan", alpha3="KAZ")
    grapes = factories.report_file(
        title="Table grapes held at the Kazakh border",
        description="Consignment held over a pest finding at Khorgos.",
        destination_country=kazakhstan,
        regulator=factories.RegulatorFactory(
            code="kz-mag", name="Ministry of Agriculture", abbreviation="MAG", country=kazakhstan
        ),
        barrier_kind=factories.BarrierKindFactory(code="phyto_rejection", name="Rejection"),
        hs_codes=[factories.HSCodeFactory(code="080610", description="Grapes, fresh")],
    )
    # The same regulator, but another kind, other goods and other words: another delay.
    certificate = factories.report_file(
        title="Veterinary certificate form refused for ghee",
        description="Customs refused the certificate wording for our ghee consignment.",
        barrier_kind=factories.BarrierKindFactory(code="certificate_form", name="Certificate"),
        hs_codes=[factories.HSCodeFactory(code="040590", description="Ghee")],
    )

    found = _refs(selectors.report_duplicate_candidates(report=first))

    assert grapes.reference not in found and certificate.reference not in found
    assert first.reference not in _refs(selectors.report_duplicate_candidates(report=grapes))


def test_similar_words_alone_suggest_a_report_of_the_same_regulator(official: User) -> None:
    report = factories.report_file(
        title="Shrimp processing plant listing pending",
        description="Our shrimp processing plant awaits listing in the register.",
    )
    worded = factories.report_file(
        title="Shrimps processing plants listing",
        description="Two processing plants for shrimps await register listing.",
        barrier_kind=factories.BarrierKindFactory(code="other_kind", name="Other"),
        hs_codes=[factories.HSCodeFactory(code="160521", description="Prepared shrimps")],
    )

    candidates = selectors.report_duplicate_candidates(report=report)

    assert _refs(candidates) == [worded.reference]
    assert "similar words" in candidates[0].match_reasons
    assert "same kind" not in candidates[0].match_reasons


def test_merged_rejected_and_withdrawn_reports_are_not_suggested(
    official: User, same_delay: tuple[Report, Report]
) -> None:
    first, second = same_delay
    merged = _reviewed(official, title=first.title, description=first.description)
    services.report_accept(report=merged, actor=official)
    rejected = _reviewed(official, title=first.title, description=first.description)
    services.report_reject(report=rejected, actor=official, reason="duplicate", note="see other")
    withdrawn = factories.report_file(title=first.title, description=first.description)
    services.report_withdraw(report=withdrawn, actor=withdrawn.filed_by)
    waiting = factories.report_file(title=first.title, description=first.description)

    found = _refs(selectors.report_duplicate_candidates(report=first))

    assert waiting.reference in found and second.reference in found
    for closed in (merged, rejected, withdrawn):
        assert closed.reference not in found
    assert first.reference not in found


def test_the_suggestions_take_two_queries_however_many_there_are(
    official: User, same_delay: tuple[Report, Report], django_assert_num_queries: Any
) -> None:
    first, _second = same_delay

    with django_assert_num_queries(2):
        one = selectors.report_duplicate_candidates(report=first)
        [[code.code for code in row.hs_codes.all()] for row in one]
        [(row.company.name, row.regulator, row.barrier_kind.name) for row in one]
    for _ in range(6):
        factories.report_file(title=first.title, description=first.description)
    with django_assert_num_queries(2):
        many = selectors.report_duplicate_candidates(report=first)
        [[code.code for code in row.hs_codes.all()] for row in many]
        [(row.company.name, row.regulator, row.barrier_kind.name) for row in many]

    assert len(one) == 1 and len(many) == 5


def test_the_admin_report_page_lists_them_beside_the_barriers(
    admin_client: Client, same_delay: tuple[Report, Report]
) -> None:
    first, second = same_delay

    page = admin_client.get(reverse("admin:barriers_report_change", args=[first.pk]))

    assert page.status_code == 200
    assert second in page.context["duplicate_reports"]
    body = page.content.decode()
    assert "Reports that look like the same delay" in body
    assert second.reference in body and "Konkan Marine Exports" in body
    assert reverse("admin:barriers_report_change", args=[second.pk]) in body


def test_exporters_never_see_the_other_companys_report(
    same_delay: tuple[Report, Report],
) -> None:
    first, second = same_delay
    exporter = first.filed_by

    api = client_for(exporter).get(f"/api/v1/reports/{first.reference}/")
    portal = Client()
    portal.force_login(exporter)
    page = portal.get(reverse("barriers:report_detail", args=[first.reference]))
    admin_page = portal.get(reverse("admin:barriers_report_change", args=[first.pk]))

    assert api.status_code == 200 and page.status_code == 200
    for body in (api.content.decode(), page.content.decode()):
        assert second.reference not in body and "Konkan Marine Exports" not in body
    assert admin_page.status_code == 302  # to the admin's sign-in
    assert client_for(exporter).get(f"/api/v1/reports/{second.reference}/").status_code == 404


@pytest.mark.postgres
def test_on_postgresql_word_forms_match_through_full_text_search(official: User) -> None:
    report = factories.report_file(
        title="Veterinary certificates refused",
        description="Certificates for our consignments were refused at the border.",
        barrier_kind=factories.BarrierKindFactory(code="certificate_form", name="Certificate"),
        hs_codes=[factories.HSCodeFactory(code="040590", description="Ghee")],
    )
    other = factories.report_file(
        title="Veterinary certificate refusal",
        description="The certificate for the consignment was refused by the border post.",
    )

    candidates = selectors.report_duplicate_candidates(report=report)

    assert _refs(candidates) == [other.reference]
    assert "similar words" in candidates[0].match_reasons
