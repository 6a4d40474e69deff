"""The consent to be named on the public register through the API: a strict boolean when filing,
and POST /reports/{reference}/publication-consent/ in any status, for the company's users only."""

from __future__ import annotations

import io

import pytest
import yaml
from django.core.cache import cache
from django.core.management import call_command

from barriers import services
from barriers.models import Report, ReportStatus
from tests import factories
from tests.api_factories import association_user, client_for, report_payload

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


def _consent(report: Report) -> str:
    return f"{REPORTS}{report.reference}/publication-consent/"


def _accepted(report: Report) -> Report:
    official = factories.OfficialFactory()
    services.report_start_review(report=report, actor=official)
    return services.report_accept(report=report, actor=official)


def test_filing_with_consent_to_publish(exporter) -> None:
    response = client_for(exporter).post(
        REPORTS, report_payload(consent_to_publish=True), format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["consent_to_publish"] is True
    assert Report.objects.get().consent_to_publish is True


def test_filing_without_it_means_no_consent(exporter) -> None:
    response = client_for(exporter).post(REPORTS, report_payload(), format="json")
    assert response.data["consent_to_publish"] is False


@pytest.mark.parametrize("value", ["maybe", "yes", 1, None])
def test_filing_refuses_a_consent_that_is_not_a_json_boolean(exporter, value) -> None:
    response = client_for(exporter).post(
        REPORTS, report_payload(consent_to_publish=value), format="json"
    )
    assert response.status_code == 400
    assert "consent_to_publish" in response.data, response.data
    assert Report.objects.count() == 0


def test_consent_is_given_and_withdrawn_on_an_accepted_report(exporter) -> None:
    report = _accepted(factories.report_file(actor=exporter))
    client = client_for(exporter)
    # The facts can no longer be changed...
    refused = client.patch(
        f"{REPORTS}{report.reference}/", {"consent_to_publish": True}, format="json"
    )
    assert refused.status_code == 409
    # ...but the consent can.
    given = client.post(_consent(report), {"consent_to_publish": True}, format="json")
    assert given.status_code == 200, given.data
    assert given.data["consent_to_publish"] is True
    assert given.data["status"] == ReportStatus.ACCEPTED
    assert client.get(f"{REPORTS}{report.reference}/").data["consent_to_publish"] is True

    withdrawn = client.post(_consent(report), {"consent_to_publish": False}, format="json")
    assert withdrawn.data["consent_to_publish"] is False
    report.refresh_from_db()
    assert report.consent_to_publish is False
    reasons = [
        (change.history_change_reason or "", change.history_user_id)
        for change in report.history.order_by("history_date")
    ]
    assert reasons[-2][0].startswith("Consent to be named on the public register given by")
    assert reasons[-1][0].startswith("Consent to be named on the public register withdrawn by")
    assert reasons[-1][1] == exporter.pk


@pytest.mark.parametrize("body", [{"consent_to_publish": "maybe"}, {"consent_to_publish": 1}, {}])
def test_a_bad_value_is_a_400_naming_the_field_and_changes_nothing(exporter, body) -> None:
    report = _accepted(factories.report_file(actor=exporter, consent_to_publish=True))
    response = client_for(exporter).post(_consent(report), body, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["consent_to_publish"], response.data
    report.refresh_from_db()
    assert report.consent_to_publish is True


def test_another_companys_user_gets_404_and_nothing_changes(exporter) -> None:
    report = factories.report_file(consent_to_publish=True)
    response = client_for(exporter).post(
        _consent(report), {"consent_to_publish": False}, format="json"
    )
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.consent_to_publish is True


def test_officials_cannot_consent_for_a_company(official) -> None:
    report = factories.report_file()
    response = client_for(official).post(
        _consent(report), {"consent_to_publish": True}, format="json"
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.consent_to_publish is False


def test_the_council_that_filed_the_report_can_change_it() -> None:
    member = factories.CompanyFactory()
    staff = association_user(member)
    report = factories.report_file(company=member, actor=staff, filing_association=staff.company)
    response = client_for(staff).post(_consent(report), {"consent_to_publish": True}, format="json")
    assert response.status_code == 200, response.data
    report.refresh_from_db()
    assert report.consent_to_publish is True


def test_the_schema_documents_the_consent() -> None:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    operation = schema["paths"]["/api/v1/reports/{reference}/publication-consent/"]["post"]
    assert {"200", "400", "403", "404"} <= set(operation["responses"])
    body = schema["components"]["schemas"]["PublicationConsentRequest"]
    assert body["properties"]["consent_to_publish"]["type"] == "boolean"
    assert body["required"] == ["consent_to_publish"]
    report = schema["components"]["schemas"]["Report"]["properties"]
    assert report["consent_to_publish"]["type"] == "boolean"
