"""Issue 18: an API request reads its token, user, company and permissions in one query, and a
barrier's page reads its stored figures and HS codes with the row: the query counts are pinned
here."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from barriers import services
from barriers.accounts.roles import ANALYST
from barriers.api.authentication import CompanyTokenAuthentication
from barriers.models import Regulator, User
from tests import factories
from tests.api_factories import client_for, report_payload
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


def _official_client(user: User) -> APIClient:
    """An official's client with a token issued with a second factor, as officials' are."""
    token = services.api_token_issue(user=user, official=True, second_factor=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _get(client: APIClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]


def test_barrier_page_for_an_official_is_two_queries(django_assert_num_queries) -> None:
    officer = factories.triage_officer()
    barrier = barrier_with_reports(officer, companies=2)
    client = _official_client(officer)
    _get(client, "/api/v1/barriers/")  # warm-up: content types
    # The token with its user, second factor and permissions; the barrier with its HS codes.
    with django_assert_num_queries(2):
        _get(client, f"/api/v1/barriers/{barrier.reference}/")
    with django_assert_num_queries(2):
        _get(client, "/api/v1/barriers/")


def test_report_list_is_three_queries_for_an_official_and_an_exporter(
    django_assert_num_queries,
) -> None:
    officer = factories.triage_officer()
    report = factories.report_file()
    official, exporter = _official_client(officer), client_for(report.filed_by)
    _get(official, "/api/v1/reports/")
    _get(exporter, "/api/v1/reports/")
    # The token with everything the permission checks read; the page; its HS codes.
    with django_assert_num_queries(3):
        _get(official, "/api/v1/reports/")
    with django_assert_num_queries(3):
        _get(exporter, "/api/v1/reports/")


def _authenticated(user: User) -> User:
    token, _ = Token.objects.get_or_create(user=user)
    if user.is_staff:
        services.api_token_issue(user=user, official=True, second_factor=True)
        token = Token.objects.get(user=user)
    authenticated, _token = CompanyTokenAuthentication().authenticate_credentials(token.key)
    return authenticated


def test_a_token_brings_the_same_permissions_django_would_read(
    django_assert_num_queries,
) -> None:
    official = factories.OfficialFactory()
    official.groups.add(Group.objects.get(name=ANALYST))
    official.user_permissions.add(Permission.objects.get(codename="triage_barrier"))
    exporter = factories.ExporterFactory()
    for user in (official, exporter):
        expected = User.objects.get(pk=user.pk).get_all_permissions()
        authenticated = _authenticated(user)
        with django_assert_num_queries(0):
            assert authenticated.get_all_permissions() == expected
            assert authenticated.has_perm("barriers.view_barrier") == user.is_staff
            assert authenticated.has_perm("barriers.triage_barrier") == user.is_staff
            assert not authenticated.has_perm("barriers.share_barrier")


def test_an_official_without_the_permission_is_still_refused() -> None:
    official = factories.OfficialFactory()  # staff, no role
    barrier = barrier_with_reports(factories.triage_officer())
    response = _official_client(official).get(f"/api/v1/barriers/{barrier.reference}/")
    assert response.status_code == 403


def _file(client: APIClient, **overrides: object) -> dict:
    response = client.post("/api/v1/reports/", report_payload(**overrides), format="json")
    assert response.status_code == 201, response.content[:300]
    return response.json()


def test_filing_a_report_is_ten_queries(django_assert_num_queries) -> None:
    exporter = factories.ExporterFactory()
    client = client_for(exporter)
    factories.HSCodeFactory(code="160521", description="Shrimps and prawns, prepared")
    _file(client)  # reads the reference data, which the process then keeps
    payload = report_payload(hs_codes=["160521", "030617"])
    # The token with its user and permissions; the report's number (a sequence; on SQLite a
    # counter row written and read), row, history row, HS codes and received event; the
    # company's addressees and their e-mail; the savepoint around it.
    with django_assert_num_queries(10 if connection.vendor == "postgresql" else 11):
        response = client.post("/api/v1/reports/", payload, format="json")
    assert response.status_code == 201
    # The answer is the report as it is read afterwards, HS codes in their order.
    filed = response.json()
    assert filed["hs_codes"] == ["030617", "160521"]
    assert client.get(response["Location"]).json() == filed


def test_a_regulator_added_or_moved_is_known_to_the_next_filing() -> None:
    exporter = factories.ExporterFactory()
    client = client_for(exporter)
    _file(client)
    factories.RegulatorFactory(code="kz-mz", abbreviation="MZ KZ", country__code="KZ")
    assert _file(client, destination_country="KZ", regulator="kz-mz")["regulator"] == "kz-mz"
    regulator = Regulator.objects.get(code="kz-mz")
    regulator.country = factories.CountryFactory(code="BY", name="Belarus")
    regulator.save()
    response = client.post(
        "/api/v1/reports/",
        report_payload(destination_country="KZ", regulator="kz-mz"),
        format="json",
    )
    assert response.status_code == 400
    assert "regulator" in response.json()
    assert _file(client, destination_country="BY", regulator="kz-mz")["regulator"] == "kz-mz"
