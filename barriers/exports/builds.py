"""Stored builds of the meeting documents, keyed by a content version.

The version is a SHA-256 of the data object the renderer receives (its `generated_at` aside) and
of the renderers' own code, templates and Russian catalogue. Whatever changed the document (an
item, a meeting field, a barrier's text, a report, the counterpart's answer, the day's date for
the days pending) changes the data, so a stored build is served only when it would come out the
same: nothing depends on every write remembering to say that it changed something. A deploy
that changes a renderer changes the version too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from functools import cache
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from barriers.exports.data import ExportData
from barriers.models import DocumentBuild, Meeting

# The formats a worker keeps built for the meetings under way (the secretariat's downloads:
# the slow ones to render). The quick ones (csv, ics, json) are rendered on each download.
BUILT_FORMATS: tuple[str, ...] = ("pdf", "docx", "xlsx")

_PACKAGE = Path(__file__).resolve().parent
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@cache
def renderers_fingerprint() -> bytes:
    """A digest of what turns data into bytes: this package's code, the documents' templates
    (Typst's and any HTML ones) and the compiled catalogues (read once per process)."""
    digest = hashlib.sha256()
    root = _PACKAGE.parent
    files = [
        *sorted(_PACKAGE.rglob("*.py")),
        *sorted((_PACKAGE / "typst").rglob("*")),
        *sorted((root / "templates" / "barriers" / "exports").rglob("*")),
        *sorted((root.parent / "locale").glob("*/LC_MESSAGES/django.mo")),
    ]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    return digest.digest()


def content_version(data: ExportData) -> str:
    """The version of the document `data` renders to: equal versions, equal documents.

    `repr` of the frozen dataclasses is exact and stable for what they hold (text, numbers,
    Decimals, dates, tuples). The build time is left out: it is when, not what.
    """
    digest = hashlib.sha256(renderers_fingerprint())
    digest.update(repr(replace(data, generated_at=_EPOCH)).encode())
    return digest.hexdigest()


def build_current(
    *, meeting: Meeting, document: str, format: str, edition: str, version: str
) -> DocumentBuild | None:
    """The stored build of this document if it has `version`, else None."""
    return DocumentBuild.objects.filter(
        meeting=meeting, document=document, format=format, edition=edition, version=version
    ).first()


def build_versions(*, meeting: Meeting) -> dict[tuple[str, str, str], str]:
    """The version of each stored build of `meeting`, by (document, format, edition)."""
    rows = DocumentBuild.objects.filter(meeting=meeting).values_list(
        "document", "format", "edition", "version"
    )
    return {(document, fmt, edition): version for document, fmt, edition, version in rows}


def build_store(
    *,
    meeting: Meeting,
    document: str,
    format: str,
    edition: str,
    version: str,
    content: bytes,
    file_name: str,
    media_type: str,
) -> None:
    """Keep `content` as the build of this document (replacing the one before)."""
    values = {
        "version": version,
        "content": content,
        "size": len(content),
        "file_name": file_name,
        "media_type": media_type,
        "built_at": timezone.now(),
    }
    rows = DocumentBuild.objects.filter(
        meeting=meeting, document=document, format=format, edition=edition
    )
    if rows.update(**values):
        return
    try:
        with transaction.atomic():
            DocumentBuild.objects.create(
                meeting=meeting, document=document, format=format, edition=edition, **values
            )
    except IntegrityError:  # another build stored it meanwhile: the later one wins
        rows.update(**values)
