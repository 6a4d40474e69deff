"""Evidence through the API: upload checked by content and size, download only for those allowed."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from barriers import services
from barriers.models import Document
from tests import factories
from tests.api_factories import EXE_BYTES, PDF_BYTES, client_for, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_throttles(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _documents(report) -> str:
    return f"/api/v1/reports/{report.reference}/documents/"


def test_exporter_attaches_a_pdf(exporter) -> None:
    report = factories.report_file(actor=exporter)
    response = client_for(exporter).post(
        _documents(report),
        {"file": pdf_upload("../../etc/Listing\x07 letter.pdf")},
        format="multipart",
    )
    assert response.status_code == 201, response.data
    document = Document.objects.get()
    assert response.data["id"] == document.pk
    assert response.data["name"] == "Listing letter.pdf"
    assert response.data["content_type"] == "application/pdf"
    assert response.data["size"] == len(PDF_BYTES)
    assert response.data["uploaded_by"] == exporter.full_name
    assert response.data["download_url"] == f"{_documents(report)}{document.pk}/"
    assert response["Location"] == response.data["download_url"]
    # Stored under a random name, not the exporter's.
    assert "Listing" not in document.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", b"just some text pretending to be a PDF\n" * 5),
        ("scan.pdf", EXE_BYTES),
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
    ],
    ids=["text named .pdf", "executable named .pdf", "html named .jpg"],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(exporter, name, content) -> None:
    report = factories.report_file(actor=exporter)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client_for(exporter).post(_documents(report), {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.data
    assert "whatever its name says" in response.data["file"][0]
    assert Document.objects.count() == 0


def test_an_oversized_file_is_refused(exporter, settings) -> None:
    settings.EVIDENCE_MAX_BYTES = 100
    report = factories.report_file(actor=exporter)
    response = client_for(exporter).post(
        _documents(report), {"file": pdf_upload()}, format="multipart"
    )
    assert response.status_code == 400
    assert "limit" in response.data["file"][0] or "larger" in response.data["file"][0]
    assert Document.objects.count() == 0


def test_an_empty_file_is_refused(exporter) -> None:
    report = factories.report_file(actor=exporter)
    upload = SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf")
    response = client_for(exporter).post(_documents(report), {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.data


def test_upload_without_a_file_is_refused(exporter) -> None:
    report = factories.report_file(actor=exporter)
    client = client_for(exporter)
    response = client.post(_documents(report), {"note": "x"}, format="multipart")
    assert response.status_code == 400
    assert response.data["file"] == ["Attach a file in the multipart field 'file'."]
    response = client.post(_documents(report), {"file": "not a file"}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.data
    assert client.post(_documents(report), {"file": "x"}, format="json").status_code == 415


def test_no_evidence_can_be_added_to_a_withdrawn_report(exporter) -> None:
    report = factories.report_file(actor=exporter)
    services.report_withdraw(report=report, actor=exporter)
    response = client_for(exporter).post(
        _documents(report), {"file": pdf_upload()}, format="multipart"
    )
    assert response.status_code == 400
    assert "withdrawn" in response.data["file"][0]


def test_exporter_lists_and_downloads_the_evidence(exporter) -> None:
    report = factories.report_file(actor=exporter)
    client = client_for(exporter)
    created = client.post(
        _documents(report), {"file": pdf_upload('Plant "A" listing.pdf')}, format="multipart"
    )
    listed = client.get(_documents(report))
    assert listed.status_code == 200
    assert listed.data["count"] == 1
    assert listed.data["results"][0]["id"] == created.data["id"]
    response = client.get(created.data["download_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "listing.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    # A client asking for the file's own type gets it too.
    response = client.get(created.data["download_url"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200


def test_official_downloads_any_evidence(exporter, official) -> None:
    report = factories.report_file(actor=exporter)
    created = client_for(exporter).post(
        _documents(report), {"file": pdf_upload()}, format="multipart"
    )
    assert client_for(official).get(created.data["download_url"]).status_code == 200


def test_another_company_cannot_download_the_evidence(exporter) -> None:
    report = factories.report_file(actor=exporter)
    created = client_for(exporter).post(
        _documents(report), {"file": pdf_upload()}, format="multipart"
    )
    stranger = factories.ExporterFactory()
    response = client_for(stranger).get(created.data["download_url"])
    assert response.status_code == 404
    response = client_for(stranger).get(created.data["download_url"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 404


def test_a_document_is_only_found_under_its_own_report(exporter) -> None:
    first = factories.report_file(actor=exporter)
    second = factories.report_file(actor=exporter)
    created = client_for(exporter).post(
        _documents(first), {"file": pdf_upload()}, format="multipart"
    )
    response = client_for(exporter).get(f"{_documents(second)}{created.data['id']}/")
    assert response.status_code == 404


def test_a_missing_file_on_disk_is_404_not_500(exporter) -> None:
    report = factories.report_file(actor=exporter)
    created = client_for(exporter).post(
        _documents(report), {"file": pdf_upload()}, format="multipart"
    )
    document = Document.objects.get()
    document.file.storage.delete(document.file.name)
    assert client_for(exporter).get(created.data["download_url"]).status_code == 404
