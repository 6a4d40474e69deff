"""Meeting documents: the agenda and the outcomes, in every format both delegations use.

One selector per document builds an immutable data object (`data.agenda_data`,
`data.outcomes_data`); one renderer per format turns it into bytes, like DRF's renderers:
`format`, `media_type`, `file_extension` and `render(data) -> bytes`. Renderers never touch the
database. Heavy libraries (Typst, python-docx, openpyxl, icalendar) are imported when a
renderer first runs, not when Django starts.
"""

from __future__ import annotations

from typing import Protocol

from barriers.domain.editions import EDITIONS, INTERNAL, JOINT
from barriers.exports.csv_renderer import CsvRenderer
from barriers.exports.data import AGENDA, DOCUMENTS, OUTCOMES, ExportData
from barriers.exports.docx import DocxRenderer
from barriers.exports.ics import IcsRenderer
from barriers.exports.json_renderer import JsonRenderer
from barriers.exports.pdf import PdfRenderer
from barriers.exports.xlsx import XlsxRenderer


class Renderer(Protocol):
    format: str
    media_type: str
    file_extension: str

    def render(self, data: ExportData) -> bytes: ...


RENDERERS: dict[str, Renderer] = {
    renderer.format: renderer
    for renderer in (
        PdfRenderer(),
        DocxRenderer(),
        XlsxRenderer(),
        CsvRenderer(),
        IcsRenderer(),
        JsonRenderer(),
    )
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def renderer_for(format: str) -> Renderer | None:
    """The renderer of `format` (pdf, docx, xlsx, csv, ics, json), or None."""
    return RENDERERS.get(format)


def file_name(*, document: str, code: str, format: str, edition: str = INTERNAL) -> str:
    """`agenda-2026-Q4.pdf`, `outcomes-2026-Q2.xlsx`; the joint edition `agenda-2026-Q4-joint.pdf`."""
    suffix = "-joint" if edition == JOINT else ""
    return f"{document}-{code}{suffix}.{RENDERERS[format].file_extension}"


__all__ = [
    "AGENDA",
    "DOCUMENTS",
    "EDITIONS",
    "FORMATS",
    "OUTCOMES",
    "RENDERERS",
    "Renderer",
    "file_name",
    "renderer_for",
]
