"""Handing out evidence files: the one response every door (portal, API, admin) answers with."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest

from barriers.accounts import audit
from barriers.evidence.files import download_name
from barriers.models import CaseDocument, Document, ExchangeDocument


def evidence_download(
    *, request: HttpRequest, document: Document | ExchangeDocument | CaseDocument
) -> FileResponse:
    """The stored file as a download, under headers that let nothing in it run or be cached.

    Every door to evidence (portal, API, admin) answers with this, after its own access check,
    and so do the files of exchanges with the counterpart (the same checks stored them);
    and each download is written to the audit log. Raises FileNotFoundError when the file is
    gone from storage (and logs nothing).
    """
    try:
        handle = document.file.open("rb")
    except ValueError as exc:  # no file attached to the row at all
        raise FileNotFoundError(document.file.name) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        # Rows stored before names followed the detected type are corrected here too.
        filename=download_name(document.original_name, document.content_type),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser shows it inline, an evidence file gets no scripts, forms or origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    audit.record_evidence_download(request=request, document=document)
    return response
