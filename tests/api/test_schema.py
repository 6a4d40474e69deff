"""The OpenAPI schema: valid, without warnings, with every error response; docs work offline."""

from __future__ import annotations

import io

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db

REPORT_OPERATIONS = [
    ("/api/v1/reports/", "get"),
    ("/api/v1/reports/", "post"),
    ("/api/v1/reports/{reference}/", "get"),
    ("/api/v1/reports/{reference}/", "patch"),
    ("/api/v1/reports/{reference}/withdraw/", "post"),
    ("/api/v1/reports/{reference}/publication-consent/", "post"),
    ("/api/v1/reports/{reference}/documents/", "get"),
    ("/api/v1/reports/{reference}/documents/", "post"),
    ("/api/v1/reports/{reference}/documents/{document_id}/", "get"),
    ("/api/v1/reports/{reference}/messages/", "get"),
    ("/api/v1/reports/{reference}/messages/", "post"),
    ("/api/v1/reports/{reference}/timeline/", "get"),
]


@pytest.fixture(scope="module")
def schema() -> dict:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def test_schema_validates_without_warnings(schema) -> None:
    assert schema["openapi"].startswith("3.")


def test_every_endpoint_of_the_issue_is_described(schema) -> None:
    paths = set(schema["paths"])
    assert {path for path, _ in REPORT_OPERATIONS} <= paths
    assert {
        "/api/v1/auth/token/",
        "/api/v1/hs-codes/",
        "/api/v1/regulators/",
        "/api/v1/barrier-kinds/",
        "/api/v1/countries/",
    } <= paths


@pytest.mark.parametrize(("path", "method"), REPORT_OPERATIONS)
def test_report_operations_document_their_errors(schema, path, method) -> None:
    responses = schema["paths"][path][method]["responses"]
    creates_a_report = (path, method) == ("/api/v1/reports/", "post")
    expected = {"401", "429"} if creates_a_report else {"401", "404", "429"}
    assert expected <= set(responses), responses.keys()
    if method in {"post", "patch"} or path == "/api/v1/reports/":
        assert "400" in responses
    for status in sorted(expected - {"429"}):
        ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
        # A 401 names its cause with a code (second factor, expired token): its own component.
        name = "AuthenticationError" if status == "401" else "Error"
        assert ref == f"#/components/schemas/{name}"


def test_every_post_but_the_token_takes_the_idempotency_key(schema) -> None:
    for path, operations in schema["paths"].items():
        post = operations.get("post")
        if post is None or path == "/api/v1/auth/token/":
            continue
        names = {(p["name"], p["in"]) for p in post.get("parameters", [])}
        assert ("Idempotency-Key", "header") in names, path
        assert {"409", "422"} <= set(post["responses"]), path


def test_report_fields_are_exactly_those_of_the_issue(schema) -> None:
    fields = set(schema["components"]["schemas"]["Report"]["properties"])
    assert fields == {
        "reference",
        "title",
        "description",
        "barrier_kind",
        "destination_country",
        "regulator",
        "hs_codes",
        "application_number",
        "applied_on",
        "decision_received_on",
        "consignments_affected",
        "trade_value_usd",
        "consent_to_share",
        "consent_to_publish",
        "status",
        "days_pending",
        "created_at",
        "updated_at",
        "company",
        "barrier",
    }
    validation = schema["components"]["schemas"]["ReportValidationError"]["properties"]
    assert {"title", "hs_codes", "company_iec", "detail", "non_field_errors"} <= set(validation)


def test_schema_and_docs_are_served_and_docs_need_no_cdn(client) -> None:
    assert client.get("/api/v1/schema/").status_code == 200
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn.jsdelivr.net" not in page
    assert "/static/drf_spectacular_sidecar/" in page


@pytest.mark.parametrize("document", ["agenda", "outcomes"])
def test_meeting_exports_document_the_400_of_a_bad_edition(schema, document) -> None:
    # A bad `edition` answers {"edition": [...]}, a whole-request refusal {"detail", "code"}:
    # the documented 400 allows both (Schemathesis checks the bodies against it).
    path = f"/api/v1/meetings/{{code}}/{document}/export/{{export_format}}/"
    ref = schema["paths"][path]["get"]["responses"]["400"]["content"]["application/json"]
    name = ref["schema"]["$ref"].rsplit("/", 1)[-1]
    body = schema["components"]["schemas"][name]
    assert {"edition", "detail", "code"} <= set(body["properties"])
    assert not body.get("required")


def test_the_schema_is_built_one_request_at_a_time(monkeypatch) -> None:
    """drf-spectacular's first build is not thread-safe (its lazily loaded extensions): two
    threads of one gunicorn worker asking at once once answered 500. The view serializes it."""
    import threading
    import time

    from django.test import RequestFactory
    from drf_spectacular.views import SpectacularAPIView

    from barriers.api.schema import SchemaView

    running, most = 0, 0
    guard = threading.Lock()

    def build(self, request):
        nonlocal running, most
        with guard:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with guard:
            running -= 1
        return "built"

    monkeypatch.setattr(SpectacularAPIView, "_get_schema_response", build)
    view = SchemaView()
    threads = [
        threading.Thread(target=view._get_schema_response, args=(RequestFactory().get("/"),))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1


FOLLOWING_OPERATIONS = [
    ("/api/v1/follows/", "get"),
    ("/api/v1/follows/", "post"),
    ("/api/v1/follows/{follow_id}/", "get"),
    ("/api/v1/follows/{follow_id}/", "delete"),
    ("/api/v1/following/settings/", "get"),
    ("/api/v1/following/settings/", "put"),
    ("/api/v1/notifications/", "get"),
    ("/api/v1/notifications/read/", "post"),
]


@pytest.mark.parametrize(("path", "method"), FOLLOWING_OPERATIONS)
def test_following_operations_are_described_with_their_errors(schema, path, method) -> None:
    responses = schema["paths"][path][method]["responses"]
    assert {"401", "403", "429"} <= set(responses), responses.keys()
    if method in {"post", "put"}:
        assert "400" in responses
    if "{follow_id}" in path:
        assert "404" in responses
