"""PDF: WeasyPrint from an HTML template, A4, bilingual headings, page numbers, a contents list.

Nothing outside the project is fetched: the stylesheet is inline, the fonts are the system's
DejaVu Sans by family name, `base_url` is None and the URL fetcher refuses every URL that is not
a file among the project's own export assets (or an inline `data:` URL).
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from barriers.exports import cells, labels, layout
from barriers.exports.data import AgendaData, AgendaEntry, ExportData, OutcomesData

TEMPLATE = "barriers/exports/document.html"
# The only place a document may load anything from (the templates that hold its stylesheet).
ASSETS_DIR = Path(__file__).resolve().parent.parent / "templates" / "barriers" / "exports"
# A contents list is worth its space from this many agenda items on.
TOC_MIN_ITEMS = 8


class RefusedURL(ValueError):
    """A document tried to load something from outside the project's own assets."""


def is_local_asset(url: str) -> bool:
    if url.startswith("data:"):
        return True
    if not url.startswith("file://"):
        return False
    from urllib.parse import unquote, urlsplit

    path = Path(unquote(urlsplit(url).path)).resolve()
    return path.is_relative_to(ASSETS_DIR)


@cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class LocalOnlyURLFetcher(URLFetcher):
        """Fetches the project's own export assets and refuses everything else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not is_local_asset(url):
                raise RefusedURL(f"Refused to fetch {url}: documents use only local assets.")
            return super().fetch(url, headers)

    return LocalOnlyURLFetcher


def url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that never leaves the project's export assets."""
    return _fetcher_class()()


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint with no base URL and the local-only fetcher."""
    # WeasyPrint logs every layout step of every page at INFO: keep its warnings only.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=url_fetcher()).write_pdf()


def css_string(value: str) -> SafeString:
    """A quoted CSS string: backslashes, quotes, line breaks and `<` escaped."""
    escaped = "".join(
        f"\\{ord(ch):X} " if ch in '\\"<>\n\r' or ord(ch) < 32 else ch for ch in value
    )
    return mark_safe(f'"{escaped}"')


def _page_of_css() -> SafeString:
    parts: list[str] = []
    for language in ("en", "ru"):
        if parts:
            parts.append(css_string(" / "))
        for kind, value in labels.page_of_parts(language):
            parts.append(css_string(value) if kind == "text" else f"counter({value})")
    return mark_safe(" ".join(parts))


def _item(entry: AgendaEntry, *, agenda: bool, joint: bool = False) -> dict[str, Any]:
    return {
        "anchor": f"item-{entry.number}",
        "number": entry.number,
        "reference": entry.reference,
        "title": entry.title,
        "title_ru": entry.title_ru,
        "rows": layout.item_rows(entry, joint=joint) if agenda else layout.outcome_rows(entry),
        "facts": layout.item_facts(entry, joint=joint) if agenda else [],
        "exchanges": layout.exchange_rows(entry) if not joint else [],
        "carry_over": not entry.is_new,
        "escalate": entry.escalate and not joint,
        "outcome": entry.outcome,
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


def context(data: ExportData) -> dict[str, Any]:
    """Everything the template shows, in plain values (the template holds no logic)."""
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
    ctx: dict[str, Any] = {
        "lang": "en",
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
        "page_header_left": css_string(
            f"{data.meeting.code} · {title.joined()}" + (" · joint" if data.is_joint else "")
        ),
        "page_header_right": css_string(meeting_title.en),
        "page_footer": _page_of_css(),
    }
    if isinstance(data, AgendaData):
        count = len(data.agenda)
        ctx["toc"] = count >= TOC_MIN_ITEMS
        ctx["reserve"] = [
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
        ctx["resolved"] = [
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
        previous = data.meeting
        ctx["annex_intro"] = (
            labels.text(
                "annex_since",
                code=previous.previous_code,
                date=labels.date(previous.previous_date),
            )
            if previous.previous_code
            else labels.text("annex_first")
        )
    if isinstance(data, OutcomesData):
        ctx["toc"] = len(data.items) >= TOC_MIN_ITEMS
        ctx["summary"] = cells.summary_rows(data)
        ctx["action_points"] = [_point(p) for p in data.action_points]
    return ctx


class PdfRenderer:
    """A printable A4 PDF through WeasyPrint."""

    format = "pdf"
    media_type = "application/pdf"
    file_extension = "pdf"

    def render(self, data: ExportData) -> bytes:
        """The agenda or the outcomes as PDF."""
        return html_to_pdf(render_to_string(TEMPLATE, context(data)))
