"""Checks on evidence files: type by content, size, archive bombs, active PDF content, names."""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

import filetype
from django.conf import settings
from django.http import FileResponse, HttpRequest

from barriers.transitions import DomainError

if TYPE_CHECKING:
    from barriers.models import Document

# Content types we accept, recognised from the bytes (never from the name the user gave).
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}
ZIP_BASED = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Word and Excel files are ZIP archives: judged by the sizes their central directory declares,
# without extracting anything. Real documents stay far below these.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Small entries (a few kB of repeated XML) legitimately compress more than 100 to 1.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_ARCHIVE_ENTRIES = 5000
PDF_ACTIVE_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|OpenAction\s*<<[^>]*/JS)\b")
# PDF names may spell letters as #xx ("/J#61vaScript"); streams may be deflated (object streams
# hold dictionaries too). Both are undone before looking, within this budget of inflated bytes.
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n")
PDF_INFLATE_BUDGET = 64 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str
    original_name: str


def clean_file_name(name: str) -> str:
    """A display name without folders, control characters or leading dots; never empty."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if len(name) > 150:
        stem, ext = os.path.splitext(name)
        name = stem[: 150 - len(ext)] + ext
    return name or "evidence"


def _read_all(upload: IO[bytes]) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def check_evidence(upload: IO[bytes], *, name: str, size: int | None = None) -> CheckedFile:
    """Refuse anything but a PDF, JPEG, PNG, DOCX or XLSX within the size limit, with the reason."""
    limit = settings.EVIDENCE_MAX_BYTES
    if size is not None and size > limit:
        raise DomainError(
            f"The file is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB.",
            field="file",
        )
    data = _read_all(upload)
    if not data:
        raise DomainError("The file is empty.", field="file")
    if len(data) > limit:
        raise DomainError(f"The file is larger than {limit / 1_048_576:.0f} MB.", field="file")
    kind = filetype.guess(data)
    content_type = kind.mime if kind else ""
    if content_type not in ALLOWED_TYPES:
        raise DomainError(
            "Attach a PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX) file; the content of this file "
            "is not one of those, whatever its name says.",
            field="file",
        )
    if content_type in ZIP_BASED:
        _check_archive(data)
    if content_type == "application/pdf" and _pdf_has_active_content(data):
        raise DomainError(
            "This PDF contains scripts or embedded files; save it again as a plain PDF "
            "(for example with 'Print to PDF') and attach that.",
            field="file",
        )
    return CheckedFile(
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=clean_file_name(name),
    )


def _pdf_has_active_content(data: bytes) -> bool:
    """Scripts, launch actions or embedded files, in plain, #-escaped or deflated form."""

    def active(chunk: bytes) -> bool:
        if PDF_ACTIVE_CONTENT.search(chunk):
            return True
        if b"#" in chunk:
            unescaped = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), chunk)
            return bool(PDF_ACTIVE_CONTENT.search(unescaped))
        return False

    if active(data):
        return True
    budget = PDF_INFLATE_BUDGET
    view = memoryview(data)  # slices without copying
    for match in PDF_STREAM.finditer(data):
        if budget <= 0:
            # More compressed content than any real evidence PDF: refuse rather than guess.
            return True
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(view[match.end() :], budget)
        except zlib.error:
            continue  # not a deflated stream (an image, say)
        budget -= len(inflated)
        if active(inflated):
            return True
    return False


def _check_archive(data: bytes) -> None:
    """Refuse a zip bomb from the central directory's declared sizes, extracting nothing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise DomainError("This Word or Excel file is damaged.", field="file") from exc
    total = 0
    bomb = len(entries) > MAX_ARCHIVE_ENTRIES
    for info in entries:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNCOMPRESSED_BYTES or (
            info.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO
        ):
            bomb = True
            break
    if bomb:
        raise DomainError(
            "This file expands to far more data than it holds (a 'zip bomb'); it was not stored.",
            field="file",
        )


def evidence_download(*, request: HttpRequest, document: Document) -> FileResponse:
    """The stored file as a download, under headers that let nothing in it run or be cached.

    Every door to evidence (portal, API, admin) answers with this, after its own access check,
    and each download is written to the audit log. Raises FileNotFoundError when the file is
    gone from storage (and logs nothing).
    """
    from barriers import audit

    try:
        handle = document.file.open("rb")
    except ValueError as exc:  # no file attached to the row at all
        raise FileNotFoundError(document.file.name) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser shows it inline, an evidence file gets no scripts, forms or origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    audit.record_evidence_download(request=request, document=document)
    return response
