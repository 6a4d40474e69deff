"""Idempotency-Key on POST: replay, conflicts, reuse with another body, purge, concurrency."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from barriers.api import idempotency
from barriers.api.idempotency import idempotency_keys_purge
from barriers.models import (
    Document,
    IdempotencyKey,
    IdempotencyStatus,
    Message,
    Report,
    StatusChange,
)
from tests import factories
from tests.api_factories import PDF_BYTES, client_for, pdf_upload, report_payload

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"


@pytest.fixture(autouse=True)
def _media_and_throttles(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _post(client, payload, key: str | None = "key-1", path: str = REPORTS, **kwargs):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    kwargs.setdefault("format", "json")
    return client.post(path, payload, **headers, **kwargs)


def test_a_retry_with_the_same_key_and_body_replays_the_response(exporter) -> None:
    client = client_for(exporter)
    payload = report_payload()
    first = _post(client, payload)
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first
    second = _post(client, dict(reversed(list(payload.items()))))  # same body, keys reordered
    assert second.status_code == 201
    assert second.json() == first.json()
    assert second["Location"] == first["Location"]
    assert second["Idempotent-Replayed"] == "true"
    assert Report.objects.count() == 1
    assert StatusChange.objects.count() == 1
    key = IdempotencyKey.objects.get()
    assert (key.status, key.response_status, key.user) == ("completed", 201, exporter)


def test_the_same_key_with_a_different_body_is_422(exporter) -> None:
    client = client_for(exporter)
    assert _post(client, report_payload()).status_code == 201
    response = _post(client, report_payload(title="Another delay"))
    assert response.status_code == 422
    assert response.data["detail"].code == "idempotency_key_reused"
    assert Report.objects.count() == 1


def test_the_same_key_on_another_endpoint_is_422(exporter) -> None:
    client = client_for(exporter)
    report = factories.report_file(actor=exporter)
    assert _post(client, {}, path=f"{REPORTS}{report.reference}/withdraw/").status_code == 200
    response = _post(client, {}, path=f"{REPORTS}{report.reference}/messages/")
    assert response.status_code == 422


def test_a_request_while_the_first_is_in_flight_is_409(exporter) -> None:
    client = client_for(exporter)
    assert _post(client, report_payload()).status_code == 201
    # Simulate the first request still running: its claim is in flight.
    IdempotencyKey.objects.update(
        status=IdempotencyStatus.IN_FLIGHT, response_status=None, response_body=None
    )
    response = _post(client, report_payload())
    assert response.status_code == 409
    assert response.data["detail"].code == "idempotency_key_in_flight"
    assert Report.objects.count() == 1


def test_a_claim_left_in_flight_by_a_dead_request_is_taken_over(exporter) -> None:
    client = client_for(exporter)
    assert _post(client, report_payload()).status_code == 201
    # A request that died leaves its claim in flight (and its writes rolled back with it).
    IdempotencyKey.objects.update(
        status=IdempotencyStatus.IN_FLIGHT,
        created_at=timezone.now() - idempotency.IN_FLIGHT_TIMEOUT - dt.timedelta(seconds=1),
    )
    response = _post(client, report_payload())
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Report.objects.count() == 2  # the first one stands for the rolled-back request
    assert IdempotencyKey.objects.get().status == IdempotencyStatus.COMPLETED


def test_without_the_header_every_post_creates(exporter) -> None:
    client = client_for(exporter)
    assert _post(client, report_payload(), key=None).status_code == 201
    assert _post(client, report_payload(), key=None).status_code == 201
    assert Report.objects.count() == 2
    assert IdempotencyKey.objects.count() == 0


def test_keys_belong_to_one_user(exporter) -> None:
    colleague = factories.ExporterFactory(company=exporter.company)
    assert _post(client_for(exporter), report_payload()).status_code == 201
    response = _post(client_for(colleague), report_payload())
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Report.objects.count() == 2


def test_a_refused_request_releases_its_key(exporter) -> None:
    client = client_for(exporter)
    response = _post(client, report_payload(hs_codes=["999999"]))
    assert response.status_code == 400
    assert IdempotencyKey.objects.count() == 0
    # The client fixes the body and retries with the same key.
    assert _post(client, report_payload()).status_code == 201
    assert Report.objects.count() == 1


def test_a_conflict_from_the_service_releases_its_key(exporter) -> None:
    report = factories.report_file(actor=exporter)
    client = client_for(exporter)
    from barriers import services

    services.report_withdraw(report=report, actor=exporter)
    response = _post(client, {}, path=f"{REPORTS}{report.reference}/withdraw/")
    assert response.status_code == 409
    assert IdempotencyKey.objects.count() == 0


def test_a_server_error_releases_the_key_and_saves_nothing(exporter, monkeypatch) -> None:
    from barriers import services

    def broken_notification(**kwargs) -> None:
        raise RuntimeError("mail template broken")

    monkeypatch.setattr(services.notifications, "notify_report_status", broken_notification)
    client = client_for(exporter)
    client.raise_request_exception = False
    response = _post(client, report_payload())
    assert response.status_code == 500
    assert IdempotencyKey.objects.count() == 0
    assert Report.objects.count() == 0
    monkeypatch.undo()
    assert _post(client, report_payload()).status_code == 201


def test_refused_before_the_view_runs_claims_no_key(official) -> None:
    response = _post(client_for(official), report_payload())
    assert response.status_code == 403
    response = _post(client_for(None), report_payload())
    assert response.status_code == 401
    assert IdempotencyKey.objects.count() == 0


@pytest.mark.parametrize(
    "key",
    ["", "   ", "k" * 256, "bell\x07", "ключ"],
    ids=["empty", "blank", "too long", "control character", "not ASCII"],
)
def test_an_invalid_key_is_refused(exporter, key: str) -> None:
    response = _post(client_for(exporter), report_payload(), key=key)
    assert response.status_code == 400
    assert response.data["detail"].code == "idempotency_key_invalid"
    assert Report.objects.count() == 0


def test_the_longest_key_is_accepted(exporter) -> None:
    response = _post(client_for(exporter), report_payload(), key="k" * 255)
    assert response.status_code == 201


def test_an_upload_is_replayed_and_a_different_file_is_422(exporter) -> None:
    report = factories.report_file(actor=exporter)
    client = client_for(exporter)
    path = f"{REPORTS}{report.reference}/documents/"
    first = _post(client, {"file": pdf_upload()}, path=path, format="multipart")
    assert first.status_code == 201, first.data
    again = _post(client, {"file": pdf_upload()}, path=path, format="multipart")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert Document.objects.count() == 1
    other = SimpleUploadedFile("listing application.pdf", PDF_BYTES + b"% changed\n")
    response = _post(client, {"file": other}, path=path, format="multipart")
    assert response.status_code == 422
    assert Document.objects.count() == 1


def test_a_message_is_replayed(exporter) -> None:
    report = factories.report_file(actor=exporter)
    client = client_for(exporter)
    path = f"{REPORTS}{report.reference}/messages/"
    first = _post(client, {"body": "Any news?"}, path=path)
    again = _post(client, {"body": "Any news?"}, path=path)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Message.objects.count() == 1


def test_a_withdrawal_is_replayed_not_refused(exporter) -> None:
    report = factories.report_file(actor=exporter)
    client = client_for(exporter)
    path = f"{REPORTS}{report.reference}/withdraw/"
    first = _post(client, {"reason": "solved"}, path=path)
    again = _post(client, {"reason": "solved"}, path=path)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["status"] == "withdrawn"


def test_purge_deletes_keys_older_than_a_day_and_keeps_the_rest(exporter) -> None:
    client = client_for(exporter)
    _post(client, report_payload(), key="old")
    _post(client, report_payload(title="Second"), key="new")
    IdempotencyKey.objects.filter(key="old").update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    assert idempotency_keys_purge(dt.timedelta(hours=24)) == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    # Once purged, the key is free again.
    assert _post(client, report_payload(title="Third"), key="old").status_code == 201


def test_purge_refuses_to_keep_keys_for_less_than_a_day() -> None:
    with pytest.raises(ValueError, match="at least"):
        idempotency_keys_purge(dt.timedelta(hours=1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_concurrent_requests_with_one_key_file_one_report() -> None:
    exporter = factories.ExporterFactory()
    payload = report_payload()
    client_for(exporter)  # create the token before the threads start
    threads_count = 12
    barrier = threading.Barrier(threads_count)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def post() -> None:
        try:
            client = client_for(exporter)
            barrier.wait(timeout=30)
            response = _post(client, payload, key="concurrent-key")
            with lock:
                results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == threads_count
    statuses = [status for status, _ in results]
    assert Report.objects.count() == 1
    assert set(statuses) <= {201, 409}, statuses
    created = [body for status, body in results if status == 201]
    assert created
    assert {body["reference"] for body in created} == {Report.objects.get().reference}
    assert IdempotencyKey.objects.get().status == IdempotencyStatus.COMPLETED
