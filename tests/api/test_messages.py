"""A report's message thread and timeline through the API; internal notes never reach exporters."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from barriers import services
from barriers.models import Message, MessageVisibility, ReportStatus
from tests import factories
from tests.api_factories import client_for, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


def _messages(report) -> str:
    return f"/api/v1/reports/{report.reference}/messages/"


def _timeline(report) -> str:
    return f"/api/v1/reports/{report.reference}/timeline/"


def test_exporter_sees_public_messages_but_not_internal_notes(exporter, official) -> None:
    report = factories.report_file(actor=exporter)
    services.report_start_review(report=report, actor=official)
    services.report_request_info(report=report, actor=official, question="Send the lab result.")
    services.message_post(actor=official, report=report, body="Looks weak.", internal=True)
    response = client_for(exporter).get(_messages(report))
    assert response.status_code == 200
    assert [m["body"] for m in response.data["results"]] == ["Send the lab result."]
    assert response.data["results"][0]["author"] == "Officials"
    assert response.data["results"][0]["internal"] is False
    assert "Looks weak." not in response.content.decode()
    assert official.email not in response.content.decode()


def test_official_sees_internal_notes(exporter, official) -> None:
    report = factories.report_file(actor=exporter)
    services.message_post(actor=official, report=report, body="Looks weak.", internal=True)
    response = client_for(official).get(_messages(report))
    assert [(m["body"], m["internal"]) for m in response.data["results"]] == [("Looks weak.", True)]
    assert response.data["results"][0]["author"] == official.email


def test_exporter_answers_a_question_and_the_report_goes_back_to_review(exporter, official) -> None:
    report = factories.report_file(actor=exporter)
    services.report_start_review(report=report, actor=official)
    services.report_request_info(report=report, actor=official, question="Which plant?")
    response = client_for(exporter).post(
        _messages(report), {"body": "Plant 1524, Kochi."}, format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["body"] == "Plant 1524, Kochi."
    assert response.data["author"] == exporter.full_name
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW


def test_official_posts_an_internal_note_the_exporter_never_sees(exporter, official) -> None:
    report = factories.report_file(actor=exporter)
    response = client_for(official).post(
        _messages(report), {"body": "Check with FSVPS desk.", "internal": True}, format="json"
    )
    assert response.status_code == 201
    assert response.data["internal"] is True
    assert Message.objects.get().visibility == MessageVisibility.INTERNAL
    assert client_for(exporter).get(_messages(report)).data["count"] == 0


def test_exporter_cannot_post_an_internal_note(exporter) -> None:
    report = factories.report_file(actor=exporter)
    response = client_for(exporter).post(
        _messages(report), {"body": "psst", "internal": True}, format="json"
    )
    assert response.status_code == 400
    assert "Only officials" in response.data["detail"]
    assert Message.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"body": "   "}, "Write your message."),
        ({}, "Write your message."),
        ({"body": "x" * 10_001}, "within 10,000 characters"),
        ({"body": -3680451340395346.0}, "JSON string"),
        ({"body": {"text": "hello"}}, "JSON string"),
    ],
    ids=["blank", "missing", "oversized", "a number", "an object"],
)
def test_invalid_messages_are_refused(exporter, body, reason) -> None:
    report = factories.report_file(actor=exporter)
    response = client_for(exporter).post(_messages(report), body, format="json")
    assert response.status_code == 400
    assert reason in response.data["body"][0]
    assert Message.objects.count() == 0


def test_timeline_shows_public_changes_without_officials_identity(exporter, official) -> None:
    report = factories.report_file(actor=exporter)
    services.report_start_review(report=report, actor=official)
    services.report_transition(
        report=report,
        to=ReportStatus.INFO_REQUESTED,
        actor=official,
        note="internal move",
        is_public=False,
    )
    response = client_for(exporter).get(_timeline(report))
    assert response.status_code == 200
    entries = response.data["results"]
    assert [(e["from_status"], e["to_status"]) for e in entries] == [
        ("", "submitted"),
        ("submitted", "under_review"),
    ]
    assert entries[0]["actor"] == exporter.full_name
    assert entries[1]["actor"] == "Officials"
    assert {e["subject"] for e in entries} == {"report"}
    assert entries[0]["subject_reference"] == report.reference
    assert set(entries[0]) == {
        "subject",
        "subject_reference",
        "from_status",
        "to_status",
        "note",
        "actor",
        "created_at",
    }
    assert "internal move" not in response.content.decode()
    assert official.email not in response.content.decode()
    official_view = client_for(official).get(_timeline(report)).data["results"]
    assert len(official_view) == 3
    assert official_view[1]["actor"] == official.email


def test_timeline_includes_the_barrier_once_the_report_is_accepted(exporter, official) -> None:
    report = factories.report_file(actor=exporter)
    services.report_start_review(report=report, actor=official)
    report = services.report_accept(report=report, actor=official)
    services.barrier_resolve(barrier=report.barrier, actor=official, note="Plant listed.")
    entries = client_for(exporter).get(_timeline(report)).data["results"]
    barrier_entries = [e for e in entries if e["subject"] == "barrier"]
    assert [e["to_status"] for e in barrier_entries] == ["open", "resolved"]
    assert barrier_entries[0]["subject_reference"] == report.barrier.reference
    assert barrier_entries[1]["note"] == "Plant listed."


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_thread_and_timeline_cost_the_same_queries_however_long(
    exporter, official, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    report = factories.report_file(actor=exporter)
    client = client_for(exporter)

    def grow() -> None:
        message = services.message_post(actor=exporter, report=report, body="More evidence.")
        services.document_attach(
            report=report, actor=exporter, upload=pdf_upload(), name="a.pdf", message=message
        )
        services.message_post(actor=official, report=report, body="Thanks.")

    grow()
    short = [_queries(client, path) for path in (_messages(report), _timeline(report))]
    for _ in range(5):
        grow()
    services.report_start_review(report=report, actor=official)
    services.report_request_info(report=report, actor=official, question="Which plant?")
    long = [_queries(client, path) for path in (_messages(report), _timeline(report))]
    assert short == long
