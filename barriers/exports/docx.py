"""DOCX: a Word document the secretariat can edit, with real headings and tables."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from barriers.exports import cells, labels, layout
from barriers.exports.data import AgendaData, ExportData, OutcomesData
from barriers.exports.labels import Pair

# Fonts with Cyrillic that Word and LibreOffice both have (LibreOffice maps Arial to Liberation
# Sans); the PDF uses DejaVu Sans from the system's fonts.
FONT = "Arial"
ACCENT = "1F3864"
HEADER_FILL = "D9E2F3"
LABEL_FILL = "F2F5FB"

# Clark names, as python-docx's `qn("w:…")` spells them (its import waits for the first render).
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
OFF = {W + "val": "0"}  # a toggle property (bold, italic, keep with next) switched off
TABLE_LOOK = {
    W + "firstColumn": "1",
    W + "firstRow": "1",
    W + "lastColumn": "0",
    W + "lastRow": "0",
    W + "noHBand": "0",
    W + "noVBand": "1",
    W + "val": "04A0",
}
_BREAKS = re.compile(r"([\t\r\n])")


def _set_font(style: Any, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if style.name.startswith(("Heading", "Title")):
        style.font.color.rgb = RGBColor.from_string(ACCENT)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._r.append(element)


class _Body:
    """WordprocessingML written with lxml straight into python-docx's document body.

    The same elements python-docx's `add_paragraph`, `add_run`, `add_table` and `cell.text`
    make, in the same order, without their per-call cost: python-docx finds each child's place
    by scanning its siblings and resolves a style by name on every call, which made the
    document take seconds. Elements are appended in schema order, so nothing is searched.
    """

    def __init__(self, document: Any) -> None:
        from lxml import etree

        self.sub = etree.SubElement
        self.body = document.element.body
        self.end = self.body.sectPr  # the section's page setup stays the last child

    def block(self, tag: str) -> Any:
        """A new paragraph or table at the end of the body."""
        element = self.body.makeelement(W + tag, {})
        self.end.addprevious(element)
        return element

    def paragraph(
        self, parent: Any = None, *, style: str | None = None, keep: bool | None = None
    ) -> Any:
        """A paragraph (in the body, or in `parent`), with a style id and keep with next."""
        p = self.block("p") if parent is None else self.sub(parent, W + "p")
        if style is not None or keep is not None:
            properties = self.sub(p, W + "pPr")
            if style is not None:
                self.sub(properties, W + "pStyle", {W + "val": style})
            if keep is not None:
                self.sub(properties, W + "keepNext", {} if keep else OFF)
        return p

    def run(
        self,
        paragraph: Any,
        text: str,
        *,
        bold: bool | None = None,
        italic: bool | None = None,
        size: float | None = None,
    ) -> None:
        """A run of text: tabs and line breaks as Word's own elements, as in python-docx."""
        sub = self.sub
        r = sub(paragraph, W + "r")
        if bold is not None or italic is not None or size is not None:
            properties = sub(r, W + "rPr")
            if bold is not None:
                sub(properties, W + "b", {} if bold else OFF)
            if italic is not None:
                sub(properties, W + "i", {} if italic else OFF)
            if size is not None:
                sub(properties, W + "sz", {W + "val": str(int(size * 2))})
        for part in (
            _BREAKS.split(text) if ("\n" in text or "\t" in text or "\r" in text) else (text,)
        ):
            if part == "\t":
                sub(r, W + "tab")
            elif part in ("\n", "\r"):
                sub(r, W + "br")
            elif part:
                t = sub(r, W + "t")
                t.text = part
                if part[0].isspace() or part[-1].isspace():
                    t.set(XML_SPACE, "preserve")

    def bilingual(
        self, paragraph: Any, pair: Pair, *, bold: bool = False, size: float | None = None
    ) -> None:
        """English, then the Russian on its own line in italics (once, if the two are the same)."""
        self.run(paragraph, pair.en, bold=bold, size=size)
        if pair.ru and pair.ru != pair.en:
            self.run(paragraph, ("\n" if pair.en else "") + pair.ru, italic=True, size=size)

    def table(self, style: str, widths: Sequence[int]) -> Any:
        """A table of fixed column widths (twips), which Word and LibreOffice both follow."""
        sub = self.sub
        table = self.block("tbl")
        properties = sub(table, W + "tblPr")
        sub(properties, W + "tblStyle", {W + "val": style})
        sub(properties, W + "tblW", {W + "type": "auto", W + "w": "0"})
        sub(properties, W + "tblLayout", {W + "type": "fixed"})
        sub(properties, W + "tblLook", TABLE_LOOK)
        grid = sub(table, W + "tblGrid")
        for width in widths:
            sub(grid, W + "gridCol", {W + "w": str(width)})
        return table

    def row(self, table: Any, *, cant_split: bool = True, header: bool = False) -> Any:
        """A row kept on one page (`cant_split`), or repeated on every page (`header`)."""
        tr = self.sub(table, W + "tr")
        if cant_split or header:
            properties = self.sub(tr, W + "trPr")
            if cant_split:
                self.sub(properties, W + "cantSplit", {W + "val": "true"})
            if header:
                self.sub(properties, W + "tblHeader", {W + "val": "true"})
        return tr

    def cell(self, row: Any, width: int, *, fill: str | None = None) -> Any:
        """A cell of `width` twips, shaded with `fill`; its content is added by the caller."""
        tc = self.sub(row, W + "tc")
        properties = self.sub(tc, W + "tcPr")
        self.sub(properties, W + "tcW", {W + "type": "dxa", W + "w": str(width)})
        if fill is not None:
            shading = {W + "val": "clear", W + "color": "auto", W + "fill": fill}
            self.sub(properties, W + "shd", shading)
        return tc


class _Writer:
    def __init__(self, data: ExportData) -> None:
        from docx import Document
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        self.data = data
        self.doc = Document()
        self.Cm = Cm
        self.Pt = Pt
        self.center = WD_ALIGN_PARAGRAPH.CENTER
        styles = self.doc.styles
        _set_font(styles["Normal"], 9.5)
        styles["Normal"].paragraph_format.space_after = Pt(2)
        for name, size in (
            ("Title", 20),
            ("Subtitle", 12),
            ("Heading 1", 15),
            ("Heading 2", 12.5),
            ("Heading 3", 10.5),
        ):
            _set_font(styles[name], size)
        for name in ("Heading 1", "Heading 2", "Heading 3"):
            styles[name].paragraph_format.keep_with_next = True
        for name in ("Table Grid", "List Number"):
            if name in [s.name for s in styles]:
                _set_font(styles[name])

        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(1.8)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.8)
        title = labels.document_title(data.document, data.meeting)
        header = section.header.paragraphs[0]
        header.text = f"{data.meeting.code} · {title.joined()}"
        header.runs[0].font.size = Pt(8)
        footer = section.footer.paragraphs[0]
        footer.alignment = self.center
        for language in ("en", "ru"):
            for kind, part in labels.page_of_parts(language):
                if kind == "text":
                    footer.add_run(part)
                else:
                    _field(footer, "PAGE" if part == "page" else "NUMPAGES")
            if language == "en":
                footer.add_run(" / ")
        for run in footer.runs:
            run.font.size = Pt(8)
        # Style ids resolved once: python-docx looks a style up by name on every assignment.
        self.style_ids = {
            style.name: style.style_id
            for style in styles
            if style.name
            in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Table Grid")
        }
        self.xml = _Body(self.doc)

    # -- building blocks ---------------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        """A paragraph in Word's Title (level 0) or Heading 1–3 style, as `add_heading` makes."""
        p = self.xml.paragraph(style=self.style_ids["Title" if level == 0 else f"Heading {level}"])
        if text:
            self.xml.run(p, text)

    def paragraph(
        self, text: str, *, italic: bool = False, size: float | None = None, keep: bool = False
    ) -> None:
        p = self.xml.paragraph(keep=keep)
        self.xml.run(p, text, italic=italic, size=size or None)

    def gap(self) -> None:
        """An empty paragraph after a table."""
        self.xml.paragraph()

    def twips(self, widths: Sequence[float]) -> list[int]:
        return [self.Cm(width).twips for width in widths]

    def fields_table(
        self, rows: Sequence[layout.Row], *, gap: bool = True, keep_together: bool = False
    ) -> None:
        """Label | value rows: the label in both languages, the value line by line."""
        xml = self.xml
        keep = True if keep_together else None
        label_width, value_width = widths = self.twips([4.4, 13.0])
        table = xml.table(self.style_ids["Table Grid"], widths)
        for row in rows:
            tr = xml.row(table)
            label = xml.paragraph(xml.cell(tr, label_width, fill=LABEL_FILL), keep=keep)
            xml.bilingual(label, row.label, bold=True)
            value = xml.paragraph(xml.cell(tr, value_width), keep=keep)
            lines = [(line, False) for line in row.lines] + [(line, True) for line in row.ru_lines]
            for index, (line, russian) in enumerate(lines):
                xml.run(value, ("\n" if index else "") + line, bold=row.emphasis, italic=russian)
            for note in row.notes:
                xml.run(value, "\n" + note, size=7.5)
        if gap:
            self.gap()

    def facts_table(self, facts: Sequence[layout.Fact]) -> None:
        """Short figures side by side: labels on top, values below."""
        xml = self.xml
        width = self.Cm(17.4 / len(facts)).twips
        table = xml.table(self.style_ids["Table Grid"], [width] * len(facts))
        labels_row, values_row = xml.row(table), xml.row(table)
        for fact in facts:
            label = xml.paragraph(xml.cell(labels_row, width, fill=LABEL_FILL), keep=True)
            xml.bilingual(label, fact.label, bold=True, size=8)
        for fact in facts:
            xml.bilingual(xml.paragraph(xml.cell(values_row, width)), fact.value)
        self.gap()

    def participants(self) -> None:
        xml = self.xml
        india, eaeu = layout.participants(self.data.meeting)
        self.heading(labels.text("participants").joined(), 2)
        left_width, right_width = widths = self.twips([6.4, 11.0])
        table = xml.table(self.style_ids["Table Grid"], widths)
        headers = xml.row(table, cant_split=False)
        for width, header in zip(widths, (labels.text("india"), labels.text("eaeu")), strict=True):
            cell = xml.paragraph(xml.cell(headers, width, fill=HEADER_FILL))
            xml.bilingual(cell, header, bold=True)
        names = xml.row(table, cant_split=False)
        left = xml.paragraph(xml.cell(names, left_width))
        xml.run(left, "\n".join(india) or labels.text("nothing").joined())
        paragraph = xml.paragraph(xml.cell(names, right_width))
        for index, participant in enumerate(eaeu):
            country = f" ({participant.country})" if participant.country else ""
            xml.run(paragraph, ("\n" if index else "") + participant.name.en + country)
            if participant.name.ru != participant.name.en:
                xml.run(paragraph, "\n" + participant.name.ru, italic=True, size=8)
        self.gap()

    def grid(
        self, headers: Sequence[Pair], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        """A table with a shaded header row that repeats on every page."""
        xml = self.xml
        twips = self.twips(widths)
        table = xml.table(self.style_ids["Table Grid"], twips)
        header_row = xml.row(table, cant_split=False, header=True)
        for width, header in zip(twips, headers, strict=True):
            xml.bilingual(
                xml.paragraph(xml.cell(header_row, width, fill=HEADER_FILL)), header, bold=True
            )
        for values in rows:
            tr = xml.row(table)
            for width, value in zip(twips, values, strict=True):
                xml.run(xml.paragraph(xml.cell(tr, width)), value)
        self.gap()

    def title_block(self) -> None:
        data = self.data
        title = labels.document_title(data.document, data.meeting)
        meeting = labels.meeting_title(data.meeting)
        self.heading(title.en, 0)
        subtitle = self.xml.paragraph(style=self.style_ids["Subtitle"])
        if title.ru:
            self.xml.run(subtitle, title.ru)
        self.paragraph(meeting.en)
        self.paragraph(meeting.ru, italic=True)
        edition = layout.edition_line(data.is_joint)
        self.paragraph(edition.en, size=9)
        self.paragraph(edition.ru, italic=True, size=9)
        self.heading(labels.text("meeting").joined(), 1)
        self.fields_table(layout.meeting_rows(data.meeting))
        self.participants()

    def generated(self) -> None:
        line = labels.text("generated", date=labels.date(self.data.generated_at.date()))
        self.paragraph(line.en, italic=True, size=8)
        self.paragraph(line.ru, italic=True, size=8)

    def save_properties(self) -> None:
        title = labels.document_title(self.data.document, self.data.meeting)
        properties = self.doc.core_properties
        properties.title = f"{title.en} — {labels.meeting_title(self.data.meeting).en}"
        properties.author = "India–EAEU barrier tracker"
        properties.language = "en, ru"

    def points_grid(self, points: Sequence[Any]) -> None:
        headers = [
            labels.text(k) for k in ("number", "description", "party", "owner", "due_on", "status")
        ]
        rows = [
            [
                str(p.item_number or ""),
                f"{p.barrier_reference}: {p.description}",
                labels.party(p.party).joined("\n"),
                labels.owner(p).joined("\n"),
                labels.date(p.due_on).joined("\n"),
                labels.action_point_status(p.status).joined("\n"),
            ]
            for p in points
        ]
        self.grid(headers, rows, [1.2, 6.0, 2.4, 4.0, 2.4, 1.9])

    # -- documents ---------------------------------------------------------------------------

    def agenda(self, data: AgendaData) -> None:
        self.title_block()
        self.heading(labels.text("agenda").joined(), 1)
        if not data.agenda:
            self.paragraph(labels.text("no_items").joined())
        for track in data.tracks:
            self.heading(labels.track(track.track).joined(), 2)
            for entry in track.entries:
                self.heading(layout.item_heading(entry), 3)
                if entry.title_ru:
                    self.paragraph(entry.title_ru, italic=True, keep=True)
                joint = data.is_joint
                self.fields_table(
                    layout.item_rows(entry, joint=joint), gap=False, keep_together=True
                )
                self.facts_table(layout.item_facts(entry, joint=joint))
                if entry.exchanges:
                    self.exchanges_grid(layout.exchange_rows(entry))

        if not data.is_joint:
            self.reserve(data)
        self.annex(data)
        self.generated()

    def exchanges_grid(self, rows: Sequence[layout.ExchangeRow]) -> None:
        """The exchange on one item (internal brief): date, from, kind, the text."""
        headers = [labels.text(k) for k in ("date", "exchange_from", "exchange_kind", "exchanges")]
        cells_ = [
            [
                x.on.joined("\n"),
                x.source.joined("\n"),
                x.kind.joined("\n"),
                "\n".join((*x.ru_lines, *x.lines)),
            ]
            for x in rows
        ]
        self.grid(headers, cells_, [2.6, 3.4, 3.0, 8.4])

    def reserve(self, data: AgendaData) -> None:
        self.heading(labels.text("reserve").joined(), 1)
        self.paragraph(labels.text("reserve_note").en, italic=True, size=8.5)
        self.paragraph(labels.text("reserve_note").ru, italic=True, size=8.5)
        if data.reserve:
            headers = [labels.text(k) for k in ("number", "reference", "title", "regulator")]
            headers += [labels.text("score"), labels.text("reason")]
            rows = [
                [
                    str(e.number),
                    e.reference,
                    "\n".join(filter(None, (e.title, e.title_ru))),
                    labels.regulator(e.regulator).en,
                    str(e.score),
                    e.reason,
                ]
                for e in data.reserve
            ]
            self.grid(headers, rows, [1.0, 2.6, 5.4, 3.0, 1.6, 4.3])
        else:
            self.paragraph(labels.text("nothing").joined())

    def annex(self, data: AgendaData) -> None:
        self.heading(labels.text("annex").joined(), 1)
        if data.meeting.previous_code:
            since = labels.text(
                "annex_since",
                code=data.meeting.previous_code,
                date=labels.date(data.meeting.previous_date),
            )
        else:
            since = labels.text("annex_first")
        self.paragraph(since.en, italic=True, size=8.5)
        self.paragraph(since.ru, italic=True, size=8.5)
        if data.resolved:
            headers = [labels.text(k) for k in ("reference", "title", "regulator", "countries")]
            headers.append(labels.text("resolved_on"))
            rows = [
                [
                    e.reference,
                    "\n".join(filter(None, (e.title, e.title_ru))),
                    labels.regulator(e.regulator).joined("\n"),
                    labels.countries(e.countries).joined("\n"),
                    labels.date(e.resolved_on).joined("\n"),
                ]
                for e in data.resolved
            ]
            self.grid(headers, rows, [2.6, 5.6, 4.4, 2.6, 2.6])
        else:
            self.paragraph(labels.text("nothing").joined())

    def outcomes(self, data: OutcomesData) -> None:
        self.title_block()
        self.heading(labels.text("summary").joined(), 1)
        self.grid(
            [labels.text("item"), labels.text("count")],
            [[label.joined(), str(count)] for label, count in cells.summary_rows(data)],
            [13.4, 4.0],
        )
        self.heading(labels.text("outcomes").joined(), 1)
        if not data.items:
            self.paragraph(labels.text("no_items").joined())
        for track in data.tracks:
            self.heading(labels.track(track.track).joined(), 2)
            for entry in track.entries:
                self.heading(layout.item_heading(entry), 3)
                if entry.title_ru:
                    self.paragraph(entry.title_ru, italic=True, keep=True)
                self.fields_table(layout.outcome_rows(entry))
                if entry.action_points:
                    self.paragraph(labels.text("action_points").joined(), size=9)
                    self.points_grid(entry.action_points)
        self.heading(labels.text("action_points").joined(), 1)
        if data.action_points:
            self.points_grid(data.action_points)
        else:
            self.paragraph(labels.text("nothing").joined())
        self.generated()

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


class DocxRenderer:
    """Word (python-docx): Title, Heading 1–3 styles and Word tables, A4, numbered pages."""

    format = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    file_extension = "docx"

    def render(self, data: ExportData) -> bytes:
        """The agenda or the outcomes as a .docx file."""
        writer = _Writer(data)
        if isinstance(data, AgendaData):
            writer.agenda(data)
        else:
            writer.outcomes(data)
        writer.save_properties()
        return writer.save()
