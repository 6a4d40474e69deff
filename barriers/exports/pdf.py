"""PDF: Typst from a template in this package, A4, bilingual headings, page numbers, a contents
list with page numbers.

The template (`typst/document.typ`) is code; the document's data reaches it as one JSON text in
`sys.inputs` and every recorded value is shown there as a Typst string, never parsed as markup,
so a title such as `#import "x"` or `*bold*` prints as written. Typst reads nothing but the
template's own folder (its root) and the system's DejaVu and Lohit Devanagari fonts; it has no
packages to download.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.text import Truncator

from barriers.exports import cells, labels, layout
from barriers.exports.data import AgendaData, AgendaEntry, ExportData, OutcomesData
from barriers.exports.labels import Pair
from barriers.platform.memory import collector_paused

if TYPE_CHECKING:
    import typst

TEMPLATE_DIR = Path(__file__).resolve().parent / "typst"
TEMPLATE = TEMPLATE_DIR / "document.typ"
# DejaVu Sans for Latin and Cyrillic, Lohit Devanagari for Hindi text in recorded values
# (Debian's fonts-dejavu-core and fonts-lohit-deva).
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/lohit-devanagari"),
)
# A contents list is worth its space from this many agenda items on.
TOC_MIN_ITEMS = 8
# The contents list shortens each item's title to this many characters.
TOC_TITLE_CHARS = 80
# An item is kept on one page when it surely fits on one: at most this many lines (an A4 page
# holds some 60), counting a line per LINE_CHARS characters of a value (the value column holds
# some 80) or LABEL_CHARS of a label, and a line more per row for its padding. A longer item runs
# on to the next page rather than be cut off at the page's foot.
KEEP_TOGETHER_LINES = 48
LINE_CHARS = 60
LABEL_CHARS = 22


class FontsMissing(RuntimeError):
    """The system fonts the documents are set in are not installed."""


def plain(value: Any) -> Any:
    """`value` as JSON values: a Pair as {"en", "ru"}, a dataclass as a dict of its fields."""
    if isinstance(value, Pair):
        return {"en": value.en, "ru": value.ru}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal | dt.date):
        return str(value)
    raise TypeError(f"No JSON form for {type(value).__name__}")


def _lines(values: Iterable[str], width: int = LINE_CHARS) -> int:
    return sum(1 + len(value) // width for value in values)


def keep_together(
    rows: list[layout.Row], exchanges: list[layout.ExchangeRow], points: int, title: str
) -> bool:
    """Whether an item surely fits on one page, by a generous count of its lines."""
    lines = 6 + _lines((title,))  # heading, Russian title, the strip of facts
    for row in rows:
        lines += 1 + max(
            _lines(row.label, LABEL_CHARS), _lines((*row.lines, *row.ru_lines, *row.notes))
        )
    for exchange in exchanges:
        lines += 3 + _lines((*exchange.lines, *exchange.ru_lines)) * 2
    lines += 3 * points + (2 if points else 0)
    return lines <= KEEP_TOGETHER_LINES


def _item(entry: AgendaEntry, *, agenda: bool, joint: bool = False) -> dict[str, Any]:
    rows = layout.item_rows(entry, joint=joint) if agenda else layout.outcome_rows(entry)
    exchanges = layout.exchange_rows(entry) if not joint else []
    return {
        "anchor": f"item-{entry.number}",
        "number": entry.number,
        "reference": entry.reference,
        "title": entry.title,
        "title_ru": entry.title_ru,
        "toc_title": Truncator(entry.title).chars(TOC_TITLE_CHARS),
        "rows": rows,
        "facts": layout.item_facts(entry, joint=joint) if agenda else [],
        "exchanges": exchanges,
        "keep_together": keep_together(
            rows, exchanges, len(entry.action_points), entry.title + entry.title_ru
        ),
        "escalate": agenda and entry.escalate and not joint,
        "action_points": [_point(p) for p in entry.action_points],
    }


def _point(point: Any) -> dict[str, Any]:
    return {
        "item": point.item_number or "",
        "reference": point.barrier_reference,
        "description": point.description,
        "party": labels.party(point.party),
        "owner": labels.owner(point),
        "due_on": labels.date(point.due_on),
        "status": labels.action_point_status(point.status),
    }


def _page_of() -> dict[str, list[dict[str, str]]]:
    return {
        language: [{"kind": kind, "value": value} for kind, value in labels.page_of_parts(language)]
        for language in ("en", "ru")
    }


def document_data(data: ExportData) -> dict[str, Any]:
    """Everything the template shows, as JSON values (the template decides nothing but layout)."""
    title = labels.document_title(data.document, data.meeting)
    meeting_title = labels.meeting_title(data.meeting)
    is_agenda = isinstance(data, AgendaData)
    india, eaeu = layout.participants(data.meeting)
    tracks = [
        {
            "anchor": f"track-{track.track}",
            "label": labels.track(track.track),
            "items": [
                _item(entry, agenda=is_agenda, joint=data.is_joint) for entry in track.entries
            ],
        }
        for track in data.tracks
    ]
    doc: dict[str, Any] = {
        "is_agenda": is_agenda,
        "joint": data.is_joint,
        "edition": layout.edition_line(data.is_joint),
        "title": title,
        "meeting_title": meeting_title,
        "meeting_rows": layout.meeting_rows(data.meeting),
        "india_participants": india,
        "eaeu_participants": eaeu,
        "tracks": tracks,
        "L": {key: labels.text(key) for key in labels.TEXTS if key != "page_of"},
        "generated": labels.text("generated", date=labels.date(data.generated_at.date())),
        "page_header_left": f"{data.meeting.code} · {title.joined()}"
        + (" · joint" if data.is_joint else ""),
        "page_header_right": meeting_title.en,
        "page_of": _page_of(),
        "toc": False,
        "reserve": [],
        "resolved": [],
        "summary": [],
        "action_points": [],
    }
    if isinstance(data, AgendaData):
        doc["toc"] = len(data.agenda) >= TOC_MIN_ITEMS
        doc["reserve"] = [
            {
                "number": e.number,
                "reference": e.reference,
                "title": e.title,
                "title_ru": e.title_ru,
                "regulator": labels.regulator(e.regulator).en,
                "track": labels.track(e.track),
                "score": e.score,
                "reason": e.reason,
            }
            for e in data.reserve
        ]
        doc["resolved"] = [
            {
                "reference": e.reference,
                "title": e.title,
                "title_ru": e.title_ru,
                "regulator": labels.regulator(e.regulator),
                "countries": labels.countries(e.countries),
                "resolved_on": labels.date(e.resolved_on),
            }
            for e in data.resolved
        ]
        meeting = data.meeting
        doc["annex_intro"] = (
            labels.text(
                "annex_since",
                code=meeting.previous_code,
                date=labels.date(meeting.previous_date),
            )
            if meeting.previous_code
            else labels.text("annex_first")
        )
    if isinstance(data, OutcomesData):
        doc["toc"] = len(data.items) >= TOC_MIN_ITEMS
        doc["summary"] = [
            {"label": label, "count": count} for label, count in cells.summary_rows(data)
        ]
        doc["action_points"] = [_point(p) for p in data.action_points]
    result: dict[str, Any] = plain(doc)
    return result


@cache
def fonts() -> typst.Fonts:
    """The system's DejaVu and Lohit Devanagari fonts, scanned once per process."""
    import typst

    missing = [str(path) for path in FONT_DIRS if not path.is_dir()]
    if missing:
        raise FontsMissing(
            f"Fonts missing: {', '.join(missing)}; apt-get install fonts-dejavu-core "
            "fonts-lohit-deva"
        )
    return typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(path) for path in FONT_DIRS],
    )


@cache
def _template() -> bytes:
    return TEMPLATE.read_bytes()


# Typst keeps what a compilation worked out (layouts, shaped text) in a cache shared by the
# process, and the `typst` package drops an entry only once TYPST_CACHE_AGES more compilations
# have run without using it (comemo::evict(10) after each). So a worker that printed ten agendas
# held all ten's entries: 75 MB for each 200 items, 1 GB in all, 2.8 GB for 800-item agendas;
# and each compilation slowed as the cache grew (800 items: 1.4 s in a fresh process, 2.3 s
# after a few other documents). No agenda is printed twice unchanged (a build is kept in
# storage), so nothing is lost by dropping the entries at once: an empty document compiled that
# many times ages them out before the PDF is returned (measured: 35 ms after a 200-item agenda,
# 130 ms after an 800-item one, the time it takes to free them; the process stays at its size).
TYPST_CACHE_AGES = 10


def _compiler() -> typst.Compiler:
    import typst

    return typst.Compiler(root=str(TEMPLATE_DIR), font_paths=fonts(), ignore_system_fonts=True)


def typst_cache_clear() -> None:
    """Drop everything Typst's cache holds from earlier compilations (see TYPST_CACHE_AGES)."""
    compiler = _compiler()
    for _ in range(TYPST_CACHE_AGES + 1):
        compiler.compile(input=b"", format="svg")


def typst_to_pdf(source: bytes, inputs: dict[str, str]) -> bytes:
    """Compile Typst `source` whose root is the template folder, with `inputs` as sys.inputs;
    what the compilation cached is dropped before it returns."""
    try:
        pdf = _compiler().compile(input=source, format="pdf", sys_inputs=inputs)
    finally:
        typst_cache_clear()
    assert isinstance(pdf, bytes)
    return pdf


def render_pdf(data: ExportData) -> bytes:
    """The agenda or the outcomes of `data` as PDF."""
    with collector_paused():
        payload = json.dumps(document_data(data), ensure_ascii=False, separators=(",", ":"))
    return typst_to_pdf(_template(), {"data": payload})


class PdfRenderer:
    """A printable A4 PDF through Typst."""

    format = "pdf"
    media_type = "application/pdf"
    file_extension = "pdf"

    def render(self, data: ExportData) -> bytes:
        """The agenda or the outcomes as PDF."""
        return render_pdf(data)
