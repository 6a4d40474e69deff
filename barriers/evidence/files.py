"""Checks on evidence files: type by content, size, archive bombs, active PDF content, names.

Files are judged the way a program opening them would read them: PDFs through a real parser
(pypdf), every object and every object stream decoded; Word and Excel files by inflating every
part under caps. A file the checks cannot read is refused, never waved through.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import io
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

import filetype
from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model

from barriers.domain.errors import DomainError

if TYPE_CHECKING:
    pass

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
# The extension a file downloads under: that of its detected type, whatever the uploader called
# it (an "img.html" that is a PNG downloads as "img.png"). Other spellings of the same type kept.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}
# Word and Excel files are ZIP archives, judged by inflating every part with caps on what comes
# out (never by the sizes the headers declare, which an attacker writes). Real documents stay
# far below these.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Small entries (a few kB of repeated XML) legitimately compress more than 100 to 1.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_ARCHIVE_ENTRIES = 5000
INFLATE_CHUNK = 64 * 1024
LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
# Office macros live in vbaProject.bin (docm/xlsm renamed to docx/xlsx still carry them).
MACRO_PART = re.compile(r"(^|/)vbaProject\.bin$", re.IGNORECASE)
# PDFs are judged by the parser (pypdf): objects the cross-reference lists, every "N G obj" in
# the file (hidden ones too), and every object inside every object stream, each stream decoded
# through its whole filter chain. Any of these names, as a key or a value, refuses the file.
PDF_ACTIVE_NAMES = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",  # additional actions: run on opening a page, focusing a field...
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/FileAttachment",
        "/RichMedia",
        "/RichMediaExecute",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
    }
)


def _name_pattern(names: frozenset[str]) -> re.Pattern[bytes]:
    """A name among `names` as a PDF may write it: any letter may be #-escaped (#4A for J)."""

    def letter(ch: str) -> str:
        high, low = tuple(f"{ord(ch):02x}")
        return f"(?:{re.escape(ch)}|#{high}[{low.lower()}{low.upper()}])"

    spelled = sorted(("".join(letter(ch) for ch in name[1:]) for name in names), key=len)
    # Longest first; a name ends at whitespace, a delimiter or the end of the data.
    ending = r"(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
    return re.compile(("/(?:" + "|".join(reversed(spelled)) + ")" + ending).encode())


PDF_CANDIDATE_NAMES = _name_pattern(PDF_ACTIVE_NAMES | {"/ObjStm"})
PDF_WHITESPACE = re.compile(rb"[\x00\t\n\x0c\r ]*")
PDF_OBJECT_HEADER = re.compile(rb"(?<![0-9])([0-9]{1,10})\s+([0-9]{1,5})\s+obj\b")
# Decoded object streams, in all: more than any real evidence PDF holds.
PDF_DECODE_BUDGET = 64 * 1024 * 1024
PDF_MAX_NESTING = 200

PDF_ACTIVE = (
    "This PDF contains scripts, actions or embedded files; save it again as a plain PDF "
    "(for example with 'Print to PDF') and attach that."
)
PDF_UNREADABLE = (
    "This PDF could not be read (it is damaged or not a PDF inside); save it again as a plain "
    "PDF (for example with 'Print to PDF') and attach that."
)
PDF_ENCRYPTED = "This PDF is password-protected; save a copy without a password and attach that."
ARCHIVE_DAMAGED = "This Word or Excel file is damaged; save it again and attach the new copy."
ARCHIVE_BOMB = "This file expands to far more data than it holds (a 'zip bomb'); it was not stored."
ARCHIVE_MACROS = (
    "This Word or Excel file contains macros; save it as a plain .docx or .xlsx and attach that."
)


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


def download_name(name: str, content_type: str) -> str:
    """The cleaned name, ending in the extension of the detected type (`img.html` -> `img.png`)."""
    name = clean_file_name(name)
    extensions = EXTENSIONS.get(content_type)
    if not extensions:
        return name
    stem, ext = os.path.splitext(name)
    if ext.lower() in extensions:
        return name
    return (stem.rstrip(". ") or "evidence") + extensions[0]


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
    if content_type == "application/pdf":
        _check_pdf(data)
    return CheckedFile(
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=download_name(name, content_type),
    )


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


class _Active(Exception):
    """Active content found: stop walking."""


def _check_pdf(data: bytes) -> None:
    """Refuse a PDF with active content anywhere in it, or one the parser cannot read."""
    try:
        _walk_pdf(data)
    except _Active:
        raise DomainError(PDF_ACTIVE, field="file") from None
    except DomainError:
        raise
    except Exception as exc:
        # The bytes are the uploader's: whatever the parser trips on (its own errors, a bad
        # number, a missing key, a filter it cannot undo, a recursion), the file is unreadable.
        raise DomainError(PDF_UNREADABLE, field="file") from exc


def _open_pdf(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return PdfReader(io.BytesIO(data), strict=False)
    except PdfReadError:
        if b"startxref" in data:
            raise
        # Viewers open a file without its cross-reference pointer by scanning for objects;
        # pypdf does so when the pointer is wrong, so give it one that is.
        return PdfReader(io.BytesIO(data + b"\nstartxref\n0\n%%EOF\n"), strict=False)


def _walk_pdf(data: bytes) -> None:
    """Parse every object whose text could name active content, and every object stream.

    Parsing each of a large PDF's objects in pure Python takes too long, so a regular
    expression first finds where an active name (or /ObjStm) is written, #-escaped or not; the
    object around each such place is then parsed, and the parser's answer is the one that
    counts (a name inside image data or a string is no action). Object streams are decoded and
    judged the same way, member by member.
    """
    from pypdf.generic import DictionaryObject, IndirectObject

    reader = _open_pdf(data)
    if reader.is_encrypted:
        raise DomainError(PDF_ENCRYPTED, field="file")
    root = reader.trailer.get("/Root")
    if not isinstance(root, IndirectObject | DictionaryObject) or not isinstance(
        root.get_object(), DictionaryObject
    ):
        raise ValueError("no document catalogue")
    # Where each object starts: as the cross-reference says, and every "N G obj" in the file
    # (objects the cross-reference leaves out too).
    starts: dict[int, Callable[[], Any]] = {}
    for match in PDF_OBJECT_HEADER.finditer(data):
        starts[match.start()] = functools.partial(_read_object_at, data, match.end(), reader)
    listed: dict[int, int] = {}
    for generation, entries in reader.xref.items():
        for number, offset in entries.items():
            listed.setdefault(number, offset)
            starts[offset] = functools.partial(
                reader.get_object, IndirectObject(number, generation, reader)
            )
    ordered = sorted(starts)
    to_parse = {ordered[i] for i in _enclosing(ordered, PDF_CANDIDATE_NAMES.finditer(data))}
    # Object streams the cross-reference points into, whatever their /Type claims.
    object_streams = {listed[n] for n, _index in reader.xref_objStm.values() if n in listed}
    budget = [PDF_DECODE_BUDGET]
    for offset in sorted(to_parse | object_streams):
        obj = starts[offset]()
        _inspect(obj, budget)
        if offset in object_streams or _is_object_stream(obj):
            _inspect_object_stream(obj, reader, budget)


def _enclosing(starts: list[int], matches: Any) -> set[int]:
    """Indexes into `starts` of the objects the matches fall in."""
    found = set()
    for match in matches:
        index = bisect.bisect_right(starts, match.start()) - 1
        if index >= 0:
            found.add(index)
    return found


def _is_object_stream(obj: Any) -> bool:
    from pypdf.generic import StreamObject

    if not isinstance(obj, StreamObject):
        return False
    kind = obj.get("/Type")
    return kind is not None and kind.get_object() == "/ObjStm"


def _read_object_at(data: bytes, offset: int, reader: Any) -> Any:
    from pypdf.generic import read_object

    stream = io.BytesIO(data)
    blank = PDF_WHITESPACE.match(data, offset)
    assert blank is not None  # `*`: it matches, if only the empty string
    stream.seek(blank.end())
    return read_object(stream, reader)


def _inspect(obj: Any, budget: list[int], depth: int = 0) -> None:
    """Raise _Active if `obj` (a direct object, walked through) names active content."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    if depth > PDF_MAX_NESTING:
        raise ValueError("objects nested too deeply")
    if isinstance(obj, NameObject):
        if obj in PDF_ACTIVE_NAMES:
            raise _Active
    elif isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            if key in PDF_ACTIVE_NAMES:
                raise _Active
            _inspect(value, budget, depth + 1)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _inspect(item, budget, depth + 1)


def _inspect_object_stream(stream: Any, reader: Any, budget: list[int]) -> None:
    """Decode an object stream through all its filters and judge the objects in it."""
    from pypdf.generic import StreamObject

    if not isinstance(stream, StreamObject):
        raise ValueError("an object stream that is not a stream")
    content = stream.get_data()  # every filter in /Filter undone, in order
    budget[0] -= len(content)
    if budget[0] < 0:
        raise ValueError("more compressed objects than any evidence PDF holds")
    first = int(stream["/First"])  # type: ignore[call-overload]  # a NumberObject; else refused
    numbers = [int(n) for n in re.findall(rb"[0-9]+", content[:first])]
    members = sorted(first + offset for offset in numbers[1::2])
    for index in _enclosing(members, PDF_CANDIDATE_NAMES.finditer(content, first)):
        _inspect(_read_object_at(content, members[index], reader), budget)


# ---------------------------------------------------------------------------------------------
# Word and Excel (ZIP)
# ---------------------------------------------------------------------------------------------


def _check_archive(data: bytes) -> None:
    """Inflate every part with caps: refuse a zip bomb, lying headers, macros, damage."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise DomainError(ARCHIVE_DAMAGED, field="file") from exc
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise DomainError(ARCHIVE_BOMB, field="file")
    if any(MACRO_PART.search(info.filename) for info in entries):
        raise DomainError(ARCHIVE_MACROS, field="file")
    total = 0
    for info in entries:
        total += _inflate_member(data, info, room=MAX_UNCOMPRESSED_BYTES - total)


def _inflate_member(data: bytes, info: zipfile.ZipInfo, *, room: int) -> int:
    """The size `info`'s part really inflates to; refused past the caps or if it lies."""
    damaged = DomainError(ARCHIVE_DAMAGED, field="file")
    bomb = DomainError(ARCHIVE_BOMB, field="file")
    offset = info.header_offset
    header = data[offset : offset + LOCAL_HEADER.size]
    if info.flag_bits & 0x1 or len(header) < LOCAL_HEADER.size:  # encrypted, or cut short
        raise damaged
    signature, _version, _flags, method, *_dates_and_sizes, name_length, extra_length = (
        LOCAL_HEADER.unpack(header)
    )
    if signature != b"PK\x03\x04" or method != info.compress_type:
        raise damaged
    start = offset + LOCAL_HEADER.size + name_length + extra_length
    cap = min(MAX_MEMBER_BYTES, room)
    if method == zipfile.ZIP_STORED:
        size = info.compress_size
        if size != info.file_size or start + size > len(data):
            raise damaged
        if size > cap:
            raise bomb
        content_crc = zlib.crc32(data[start : start + size])
    elif method == zipfile.ZIP_DEFLATED:
        size, content_crc = _inflate(memoryview(data)[start:], cap=cap)
    else:
        raise damaged  # Office writes only stored and deflated parts
    if size != info.file_size or content_crc != info.CRC:
        raise damaged  # the headers lie about the part
    return size


def _inflate(raw: memoryview, *, cap: int) -> tuple[int, int]:
    """Inflate a raw deflate stream chunk by chunk: (size, CRC-32), refusing past `cap` or a
    compression ratio over MAX_COMPRESSION_RATIO once past RATIO_CHECKED_FROM_BYTES."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = fed = 0
    crc = 0
    pending: bytes | memoryview = b""
    try:
        while not inflater.eof:
            if not pending:
                if fed >= len(raw):
                    raise DomainError(ARCHIVE_DAMAGED, field="file")  # stream cut short
                pending = raw[fed : fed + INFLATE_CHUNK]
                fed += len(pending)
            out = inflater.decompress(pending, INFLATE_CHUNK)
            pending = inflater.unconsumed_tail
            produced += len(out)
            crc = zlib.crc32(out, crc)
            consumed = fed - len(pending)
            if produced > cap or (
                produced >= RATIO_CHECKED_FROM_BYTES
                and produced > MAX_COMPRESSION_RATIO * max(consumed, 1)
            ):
                raise DomainError(ARCHIVE_BOMB, field="file")
    except zlib.error as exc:
        raise DomainError(ARCHIVE_DAMAGED, field="file") from exc
    return produced, crc


def check_evidence_each(uploads: Sequence[UploadedFile[bytes]], *, field: str) -> None:
    """Check every file before any is stored, naming the file that is refused."""
    for upload in uploads:
        try:
            check_evidence(upload, name=upload.name or "", size=upload.size)
        except DomainError as exc:
            raise DomainError(
                f"{clean_file_name(upload.name or '')}: {exc.message}", field=field
            ) from exc


def stored_file_save(record: Model, upload: IO[bytes], checked: CheckedFile) -> None:
    """Write a checked upload to `record.file` under its random name, then save the row; the
    file is removed again if the row cannot be saved. A caller whose transaction rolls back
    later removes the files it stored (they are not part of the transaction)."""
    upload.seek(0)
    record.file.save(checked.original_name, File(upload), save=False)  # type: ignore[attr-defined]  # every record passed has a FileField named file
    stored = record.file.name or ""  # type: ignore[attr-defined]  # as above
    try:
        record.save()
    except Exception:
        record.file.storage.delete(stored)  # type: ignore[attr-defined]  # as above
        raise
