"""Hostile evidence files, through the API and the portal: each refused with a clear reason and
nothing stored (no Document row, no file on disk), or, for a hostile name, neutralised.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from barriers.models import Document, Report
from tests import factories
from tests.api_factories import EXE_BYTES, PDF_BYTES
from tests.api_factories import client_for as api_client_for
from tests.portal_helpers import client_for as portal_client_for
from tests.portal_helpers import exporter as portal_exporter
from tests.portal_helpers import report_form_data

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="x"><Default Extension="xml"/></Types>'
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    """Every file under the test's directory: the media root and anywhere a name could escape to."""
    return [path for path in root.rglob("*") if path.is_file()]


def office_file(entries: list[tuple[str, bytes]]) -> bytes:
    """A ZIP laid out as Word/Excel: [Content_Types].xml first, as Office writes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bomb() -> bytes:
    # 64 MB of zeros in one part: about 64 kB on the wire, a ratio of about 1000 to 1.
    return office_file([("word/document.xml", bytes(64 * 1024 * 1024))])


def xlsx_bomb() -> bytes:
    # 260 parts under 1 MB each (no single part looks extreme): 234 MB uncompressed in total.
    part = bytes(900 * 1024)
    return office_file(
        [("xl/workbook.xml", b"<workbook/>")]
        + [(f"xl/worksheets/sheet{i}.xml", part) for i in range(260)]
    )


def pdf_with(body: bytes) -> bytes:
    return PDF_BYTES.replace(b"trailer", body + b"\ntrailer")


def pdf_with_script_in_object_stream() -> bytes:
    # The action dictionary sits inside a deflated object stream: invisible to a plain byte scan.
    hidden = zlib.compress(b"3 0 << /S /JavaScript /JS (app.alert('x')) >>")
    return pdf_with(
        b"4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(hidden)
        + hidden
        + b"\nendstream\nendobj"
    )


Case = tuple[str, Callable[[], bytes], str]
# name given, content, words the refusal must contain
REFUSED: dict[str, Case] = {
    "oversized PDF": (
        "big scan.pdf",
        lambda: PDF_BYTES + b"%" + b"x" * (2 * 1024 * 1024),
        "limit is 1 MB",
    ),
    "Windows executable renamed .pdf": ("certificate.pdf", lambda: EXE_BYTES, "whatever its name"),
    "Linux executable renamed .docx": ("letter.docx", lambda: ELF_BYTES, "whatever its name"),
    "zip bomb as DOCX": ("minutes.docx", docx_bomb, "zip bomb"),
    "zip bomb as XLSX": ("consignments.xlsx", xlsx_bomb, "zip bomb"),
    "PDF with /JavaScript": (
        "form.pdf",
        lambda: pdf_with(b"3 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj"),
        "contains scripts",
    ),
    "PDF with OpenAction JS": (
        "invoice.pdf",
        lambda: pdf_with(b"3 0 obj << /OpenAction << /S /JS (this.print()) >> >> endobj"),
        "contains scripts",
    ),
    "PDF with #-escaped /JavaScript": (
        "notice.pdf",
        lambda: pdf_with(b"3 0 obj << /S /J#61va#53cript /J#53 (app.alert(1)) >> endobj"),
        "contains scripts",
    ),
    "PDF with JS in a deflated object stream": (
        "report.pdf",
        pdf_with_script_in_object_stream,
        "contains scripts",
    ),
    "PDF with a launch action": (
        "open-me.pdf",
        lambda: pdf_with(b"3 0 obj << /S /Launch /F (cmd.exe) >> endobj"),
        "contains scripts",
    ),
}
CASES = [pytest.param(*case, id=name) for name, case in REFUSED.items()]


@pytest.fixture
def small_limit(settings) -> None:
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024


# --- API ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "reason"), CASES)
def test_api_refuses_the_file_and_stores_nothing(
    exporter,
    tmp_path: Path,
    small_limit: None,
    name: str,
    content: Callable[[], bytes],
    reason: str,
) -> None:
    report = factories.report_file(actor=exporter)
    upload = SimpleUploadedFile(name, content(), content_type="application/pdf")

    response = api_client_for(exporter).post(
        f"/api/v1/reports/{report.reference}/documents/", {"file": upload}, format="multipart"
    )

    if name == "big scan.pdf":  # the whole body is over the upload limit: 413, JSON
        assert response.status_code == 413, response.content
        assert response.json()["code"] == "request_too_large"
    else:
        assert response.status_code == 400, response.content
        assert reason in response.json()["file"][0]
    assert Document.objects.count() == 0
    assert stored_files(tmp_path) == []


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/cron.d/evil.pdf",
        "..\\..\\Windows\\System32\\evil.pdf",
        "/tmp/absolute.pdf",
        "evil\x00.pdf",
        "tab\tbell\x07escape\x1b[31m.pdf",
        "\u202egnp.pdf",
    ],
    ids=["dot-dot slashes", "backslashes", "absolute path", "NUL", "TAB BEL ESC", "RTL override"],
)
def test_api_neutralises_a_hostile_file_name(exporter, tmp_path: Path, name: str) -> None:
    report = factories.report_file(actor=exporter)
    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")

    response = api_client_for(exporter).post(
        f"/api/v1/reports/{report.reference}/documents/", {"file": upload}, format="multipart"
    )

    assert response.status_code == 201, response.content
    document = Document.objects.get()
    shown = response.json()["name"]
    assert shown == document.original_name
    assert not any(ch in shown for ch in "/\\\x00\r\n\x1b\u202e")
    assert shown.endswith(".pdf") and not shown.startswith(".")
    # (CR and LF cannot arrive raw: browsers send them percent-encoded in the multipart header.)
    # Stored under a generated name inside the media root, and nowhere else.
    media = Path(document.file.path).resolve()
    assert media.is_relative_to(Path(tmp_path / "media").resolve())
    assert stored_files(tmp_path) == [media]
    assert "evil" not in media.name and "absolute" not in media.name


def test_a_real_docx_with_small_well_compressed_parts_is_accepted(exporter) -> None:
    # Word's XML compresses well: a 200 kB part at ~300 to 1 must not look like a bomb.
    content = office_file([("word/document.xml", b"<w:p><w:r><w:t>row</w:t></w:r></w:p>" * 5000)])
    report = factories.report_file(actor=exporter)
    upload = SimpleUploadedFile("minutes.docx", content, content_type=DOCX)

    response = api_client_for(exporter).post(
        f"/api/v1/reports/{report.reference}/documents/", {"file": upload}, format="multipart"
    )

    assert response.status_code == 201, response.content
    assert Document.objects.get().content_type == DOCX


# --- Portal -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "reason"), CASES)
def test_portal_filing_refuses_the_file_and_stores_nothing(
    tmp_path: Path, small_limit: None, name: str, content: Callable[[], bytes], reason: str
) -> None:
    page = portal_client_for(portal_exporter())
    upload = SimpleUploadedFile(name, content(), content_type="application/octet-stream")

    response = page.post("/reports/new/", {**report_form_data(), "evidence": upload})

    assert response.status_code == 200
    html = response.content.decode()
    assert reason in html.replace("&#x27;", "'")
    assert Report.objects.count() == 0 and Document.objects.count() == 0
    assert stored_files(tmp_path) == []


def test_portal_filing_neutralises_a_hostile_file_name(tmp_path: Path) -> None:
    user = portal_exporter()
    page = portal_client_for(user)
    upload = SimpleUploadedFile("../../x\x07/..\\evil\x1b.pdf", PDF_BYTES, "application/pdf")

    response = page.post("/reports/new/", {**report_form_data(), "evidence": upload})

    report = Report.objects.get()
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.report_id == report.pk and document.original_name == "evil.pdf"
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to((tmp_path / "media").resolve()) and "evil" not in stored.name
    assert stored_files(tmp_path) == [stored]
    assert "evil.pdf" in page.get(f"/reports/{report.reference}/").content.decode()
