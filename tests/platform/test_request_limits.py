"""Bodies an attacker or a broken client sends: too deep, too large, too many; never a 500 or HTML.

JSON nested deeper than API_JSON_MAX_DEPTH is 400 with a JSON error before the decoder recurses;
a body over the size limit is 413 with a JSON error under /api/ (a readable page elsewhere); every
429 and every "still being processed" 409 says in Retry-After when to try again.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from barriers.api.parsers import JSONParser, RequestTooLarge, json_depth
from barriers.models import Document, IdempotencyKey, IdempotencyStatus, Message, Report
from tests import factories
from tests.api_factories import PDF_BYTES, client_for, report_payload
from tests.portal_helpers import client_for as portal_client_for
from tests.portal_helpers import exporter as portal_exporter
from tests.portal_helpers import report_form_data

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REPORTS = "/api/v1/reports/"


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _deep_array(depth: int) -> str:
    return "[" * depth + "]" * depth


def _deep_object(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def _deep_mixed(depth: int) -> str:
    # Objects and arrays alternating, with brackets inside strings that must not count.
    opening = ['{"x": ' if level % 2 == 0 else '["[[{{", ' for level in range(depth)]
    closing = ["}" if level % 2 == 0 else "]" for level in reversed(range(depth))]
    return "".join(opening) + '"]]"' + "".join(closing)


def _in_a_field(depth: int) -> str:
    # A valid report body whose title is a deep array: deep inside an otherwise good object.
    payload = report_payload()
    encoded = json.dumps(payload)
    return encoded.replace('"Plant listing pending with FSVPS"', _deep_array(depth))


SHAPES: dict[str, Callable[[int], str]] = {
    "arrays": _deep_array,
    "objects": _deep_object,
    "mixed": _deep_mixed,
    "inside a field": _in_a_field,
}


def _endpoints(exporter) -> dict[str, tuple[APIClient, str, str]]:
    report = factories.report_file(actor=exporter)
    signed_in = client_for(exporter)
    return {
        "token (anonymous)": (APIClient(), "post", TOKEN),
        "file a report": (signed_in, "post", REPORTS),
        "change a report": (signed_in, "patch", f"{REPORTS}{report.reference}/"),
        "post a message": (signed_in, "post", f"{REPORTS}{report.reference}/messages/"),
        "withdraw": (signed_in, "post", f"{REPORTS}{report.reference}/withdraw/"),
    }


def _counts() -> tuple[int, ...]:
    return (
        Report.objects.count(),
        Message.objects.count(),
        IdempotencyKey.objects.count(),
    )


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
@pytest.mark.parametrize("depth", [33, 100, 1000, 50_000])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_deep_json_is_refused_with_400_json_and_nothing_is_saved(
    exporter, shape: str, depth: int, debug: bool
) -> None:
    endpoints = _endpoints(exporter)
    before = _counts()
    body = SHAPES[shape](depth)

    for name, (client, method, path) in endpoints.items():
        with override_settings(DEBUG=debug):
            response = getattr(client, method)(
                path, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=f"k-{name}"
            )

        assert response.status_code == 400, (name, response.content[:300])
        assert response["Content-Type"] == "application/json", name
        error = response.json()
        assert error["code"] == "json_too_deep", name
        assert "at most 32 levels" in error["detail"], name
    assert _counts() == before


def test_json_within_the_depth_limit_is_parsed_as_before(exporter, settings) -> None:
    settings.API_JSON_MAX_DEPTH = 3
    client = client_for(exporter)
    payload = report_payload()

    assert client.post(REPORTS, payload, format="json").status_code == 201
    # hs_codes is a list inside the body: depth 2. Four levels is one too many.
    too_deep = {**report_payload(), "hs_codes": [[["030617"]]]}
    response = client.post(REPORTS, too_deep, format="json")
    assert response.status_code == 400 and response.json()["code"] == "json_too_deep"
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "depth"),
    [
        (b"", 0),
        (b'"[[[{{{"', 0),
        (b'{"a": "\\"[[["}', 1),
        (b"[[1], {}]", 2),
        (b'{"a": [{"b": [[]]}]}', 5),
        # Unterminated strings run to the end: their brackets count for nothing.
        (b'["[[[', 1),
        (b'[["\\"]]', 2),
        (b'[["\\', 2),
    ],
)
def test_depth_is_counted_outside_strings(body: bytes, depth: int) -> None:
    assert json_depth(body) == depth


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_json_body_over_the_size_limit_is_413_json(exporter, settings, debug: bool) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({**report_payload(), "description": "x" * 20_000})

    for client, path in [(APIClient(), TOKEN), (client_for(exporter), REPORTS)]:
        with override_settings(DEBUG=debug):
            response = client.post(path, body, content_type="application/json")

        assert response.status_code == 413, response.content[:300]
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "request_too_large"
    assert Report.objects.count() == 0


def test_the_parser_itself_reads_no_more_than_the_limit(settings) -> None:
    # DRF hands the parser the raw request stream, past Django's own size check.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    with pytest.raises(RequestTooLarge):
        JSONParser().parse(io.BytesIO(b"[" + b"1," * 100 + b"1]"))
    assert JSONParser().parse(io.BytesIO(b"[1, 2]")) == [1, 2]


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_an_upload_over_the_file_limit_is_413_json(exporter, settings, debug: bool) -> None:
    settings.EVIDENCE_MAX_BYTES = 100_000
    report = factories.report_file(actor=exporter)
    upload = SimpleUploadedFile("scan.pdf", PDF_BYTES + b"%" + b"x" * 300_000, "application/pdf")

    with override_settings(DEBUG=debug):
        response = client_for(exporter).post(
            f"{REPORTS}{report.reference}/documents/", {"file": upload}, format="multipart"
        )

    assert response.status_code == 413, response.content[:300]
    assert response.json()["code"] == "request_too_large"
    assert Document.objects.count() == 0


@override_settings(DEBUG=False)
def test_multipart_fields_over_the_memory_limit_are_413_json(exporter, settings) -> None:
    # Django's own parser raises RequestDataTooBig for fields (not files) past the limit.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    report = factories.report_file(actor=exporter)
    upload = SimpleUploadedFile("scan.pdf", PDF_BYTES, "application/pdf")

    response = client_for(exporter).post(
        f"{REPORTS}{report.reference}/documents/",
        {"file": upload, "note": "x" * 5000},
        format="multipart",
    )

    assert response.status_code == 413, response.content[:300]
    assert response.json()["code"] == "request_too_large"
    assert Document.objects.count() == 0


@override_settings(DEBUG=False)
def test_the_portal_answers_an_oversized_body_with_a_readable_413_page(settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.EVIDENCE_MAX_BYTES = 100
    page = portal_client_for(portal_exporter())
    upload = SimpleUploadedFile("scan.pdf", PDF_BYTES + b"x" * 5000, "application/pdf")

    response = page.post("/reports/new/", {**report_form_data(), "evidence": upload})

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "too large" in response.content.decode()
    assert Report.objects.count() == 0


@override_settings(DEBUG=False)
def test_portal_form_fields_over_the_memory_limit_are_413_not_400(settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    page = portal_client_for(portal_exporter())
    upload = SimpleUploadedFile("scan.pdf", PDF_BYTES, "application/pdf")

    response = page.post(
        "/reports/new/", {**report_form_data(description="x" * 5000), "evidence": upload}
    )

    assert response.status_code == 413
    assert Report.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# Retry-After
# ---------------------------------------------------------------------------------------------


def _retry_after(response: Any) -> int:
    value = int(response["Retry-After"])
    assert value > 0
    return value


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_every_throttled_answer_says_when_to_retry(monkeypatch, debug: bool) -> None:
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1/min", "user": "1/min"})
    user = factories.ExporterFactory()
    cases = [
        (client_for(user), "get", "/api/v1/hs-codes/"),
        (APIClient(), "post", TOKEN),
    ]
    for client, method, path in cases:
        with override_settings(DEBUG=debug):
            getattr(client, method)(path, {}, format="json")
            response = getattr(client, method)(path, {}, format="json")
        assert response.status_code == 429
        assert _retry_after(response) <= 60
        assert response["Content-Type"] == "application/json"


def test_a_throttle_that_cannot_say_when_still_sends_retry_after(monkeypatch) -> None:
    # DRF's wait() is None when the history outgrew a rate lowered under it.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1/min", "user": "1/min"})
    monkeypatch.setattr(SimpleRateThrottle, "wait", lambda self: None)
    client = client_for(factories.ExporterFactory())
    client.get("/api/v1/hs-codes/")

    response = client.get("/api/v1/hs-codes/")

    assert response.status_code == 429
    _retry_after(response)


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_request_still_being_processed_answers_409_with_retry_after(exporter, debug) -> None:
    client = client_for(exporter)
    assert (
        client.post(REPORTS, report_payload(), format="json", HTTP_IDEMPOTENCY_KEY="k").status_code
        == 201
    )
    IdempotencyKey.objects.update(
        status=IdempotencyStatus.IN_FLIGHT, response_status=None, response_body=None
    )

    with override_settings(DEBUG=debug):
        response = client.post(REPORTS, report_payload(), format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == 409
    assert "still being processed" in response.json()["detail"]
    _retry_after(response)
    assert Report.objects.count() == 1


def test_a_429_from_outside_the_api_carries_retry_after(settings) -> None:
    # allauth's own rate limits (password reset here) answer 429 without saying when.
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    client = Client()
    client.post("/accounts/password/reset/", {"email": "someone@example.org"})

    response = client.post("/accounts/password/reset/", {"email": "someone@example.org"})

    assert response.status_code == 429
    _retry_after(response)
