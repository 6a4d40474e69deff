"""The cross-company matrix: every endpoint, tried with another company's report, answers 404.

The answer is the same as for a reference that does not exist (so references cannot be probed),
and nothing changes: no report, message, file, history row or idempotency key is written.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from barriers import services
from barriers.models import (
    Document,
    IdempotencyKey,
    Message,
    OutboundEmail,
    Report,
    StatusChange,
)
from tests import factories
from tests.api_factories import association_user, client_for, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_throttles(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def victim_report(exporter, official) -> Report:
    """A report of company A with a document, a public message and an internal note."""
    report = factories.report_file(actor=exporter)
    services.document_attach(report=report, actor=exporter, upload=pdf_upload(), name="a.pdf")
    services.message_post(actor=exporter, report=report, body="Any news?")
    services.message_post(actor=official, report=report, body="internal", internal=True)
    return report


def _requests(report: Report) -> list[tuple[str, str, dict[str, Any], str]]:
    """(method, path, data, format) for every endpoint under /reports/{reference}/."""
    base = f"/api/v1/reports/{report.reference}/"
    document = Document.objects.get(report=report)
    return [
        ("get", base, {}, "json"),
        ("patch", base, {"title": "Hijacked"}, "json"),
        ("get", f"{base}documents/", {}, "json"),
        ("post", f"{base}documents/", {"file": pdf_upload()}, "multipart"),
        ("get", f"{base}documents/{document.pk}/", {}, "json"),
        ("get", f"{base}messages/", {}, "json"),
        ("post", f"{base}messages/", {"body": "hello"}, "json"),
        ("get", f"{base}timeline/", {}, "json"),
        ("post", f"{base}withdraw/", {"reason": "x"}, "json"),
    ]


def _snapshot() -> tuple:
    reports = list(Report.objects.order_by("pk").values())
    return (
        reports,
        Document.objects.count(),
        Message.objects.count(),
        StatusChange.objects.count(),
        OutboundEmail.objects.count(),
        IdempotencyKey.objects.count(),
    )


@pytest.mark.parametrize("index", range(9), ids=lambda i: f"endpoint-{i}")
@pytest.mark.parametrize("who", ["other exporter", "other council", "member of the council"])
def test_another_company_gets_404_and_changes_nothing(victim_report, index: int, who) -> None:
    if who == "other exporter":
        stranger = factories.ExporterFactory()
    elif who == "other council":
        # A council that counts company A among its members, but did not file this report.
        stranger = association_user(victim_report.company)
    else:
        council = association_user()
        stranger = factories.ExporterFactory(company=council.company)
    method, path, data, fmt = _requests(victim_report)[index]
    before = _snapshot()
    client = client_for(stranger)
    response = getattr(client, method)(
        path, data, format=fmt, HTTP_IDEMPOTENCY_KEY=f"probe-{index}"
    )
    assert response.status_code == 404, (method, path, response.status_code)
    assert response.json() == {"detail": "Not found."}
    assert _snapshot() == before


@pytest.mark.parametrize("index", range(9), ids=lambda i: f"endpoint-{i}")
def test_a_missing_reference_answers_exactly_like_a_foreign_one(victim_report, index) -> None:
    method, path, data, fmt = _requests(victim_report)[index]
    stranger = factories.ExporterFactory()
    foreign = getattr(client_for(stranger), method)(path, data, format=fmt)
    missing_path = path.replace(victim_report.reference, "REP-2026-999999")
    missing = getattr(client_for(stranger), method)(missing_path, data, format=fmt)
    assert (foreign.status_code, foreign.json()) == (missing.status_code, missing.json())


@pytest.mark.parametrize("index", range(9), ids=lambda i: f"endpoint-{i}")
def test_every_endpoint_answers_401_without_credentials(victim_report, index) -> None:
    method, path, data, fmt = _requests(victim_report)[index]
    response = getattr(client_for(None), method)(path, data, format=fmt)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_owner_reaches_every_endpoint(victim_report, exporter) -> None:
    client = client_for(exporter)
    for method, path, data, fmt in _requests(victim_report):
        response = getattr(client, method)(path, data, format=fmt)
        assert response.status_code in {200, 201}, (method, path, response.status_code)


@pytest.mark.parametrize("suffix", ["", "documents/", "messages/", "timeline/", "withdraw/"])
def test_options_answers_the_same_for_a_foreign_and_a_missing_report(victim_report, suffix) -> None:
    client = client_for(factories.ExporterFactory())
    foreign = client.options(f"/api/v1/reports/{victim_report.reference}/{suffix}")
    missing = client.options(f"/api/v1/reports/REP-2026-999999/{suffix}")
    assert foreign.status_code == missing.status_code == 200
    assert foreign.json() == missing.json()
