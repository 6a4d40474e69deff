"""DOCX: a Word document the secretariat can edit, with real headings and tables."""

from __future__ import annotations

import io
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


def _bilingual(paragraph: Any, pair: Pair, *, bold: bool = False, size: Any = None) -> None:
    """English, then the Russian on its own line in italics (once, if the two are the same)."""
    run = paragraph.add_run(pair.en)
    run.bold = bold
    if size is not None:
        run.font.size = size
    if pair.ru and pair.ru != pair.en:
        run = paragraph.add_run(("\n" if pair.en else "") + pair.ru)
        run.italic = True
        if size is not None:
            run.font.size = size


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


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _keep_row_together(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    no_split = OxmlElement("w:cantSplit")
    no_split.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(no_split)


def _widths(table: Any, widths: Sequence[Any]) -> None:
    """Column widths that both Word (cell widths) and LibreOffice (the table grid) follow."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _keep_with_next(row: Any) -> None:
    """Keep this row on the same page as the next one (an item's table stays together)."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


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

    # -- building blocks ---------------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def paragraph(
        self, text: str, *, italic: bool = False, size: float | None = None, keep: bool = False
    ) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = keep
        run = paragraph.add_run(text)
        run.italic = italic
        if size:
            run.font.size = self.Pt(size)

    def fields_table(
        self, rows: Sequence[layout.Row], *, gap: bool = True, keep_together: bool = False
    ) -> None:
        """Label | value rows: the label in both languages, the value line by line."""
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.autofit = False
        for row in rows:
            cells_ = table.add_row().cells
            _shade(cells_[0], LABEL_FILL)
            _bilingual(cells_[0].paragraphs[0], row.label, bold=True)
            value = cells_[1].paragraphs[0]
            lines = [(line, False) for line in row.lines] + [(line, True) for line in row.ru_lines]
            for index, (line, russian) in enumerate(lines):
                run = value.add_run(("\n" if index else "") + line)
                run.bold = row.emphasis
                run.italic = russian
            for note in row.notes:
                run = value.add_run("\n" + note)
                run.font.size = self.Pt(7.5)
        for row in table.rows:
            _keep_row_together(row)
            if keep_together:
                _keep_with_next(row)
        _widths(table, [self.Cm(4.4), self.Cm(13.0)])
        if gap:
            self.doc.add_paragraph()

    def facts_table(self, facts: Sequence[layout.Fact]) -> None:
        """Short figures side by side: labels on top, values below."""
        table = self.doc.add_table(rows=2, cols=len(facts))
        table.style = "Table Grid"
        for index, fact in enumerate(facts):
            label, value = table.rows[0].cells[index], table.rows[1].cells[index]
            _shade(label, LABEL_FILL)
            _bilingual(label.paragraphs[0], fact.label, bold=True, size=self.Pt(8))
            _bilingual(value.paragraphs[0], fact.value)
        for row in table.rows:
            _keep_row_together(row)
        _keep_with_next(table.rows[0])
        _widths(table, [self.Cm(17.4 / len(facts))] * len(facts))
        self.doc.add_paragraph()

    def participants(self) -> None:
        india, eaeu = layout.participants(self.data.meeting)
        self.heading(labels.text("participants").joined(), 2)
        table = self.doc.add_table(rows=2, cols=2)
        table.style = "Table Grid"
        for cell, header in zip(
            table.rows[0].cells, (labels.text("india"), labels.text("eaeu")), strict=True
        ):
            _shade(cell, HEADER_FILL)
            _bilingual(cell.paragraphs[0], header, bold=True)
        left, right = table.rows[1].cells
        left.paragraphs[0].add_run("\n".join(india) or labels.text("nothing").joined())
        paragraph = right.paragraphs[0]
        for index, participant in enumerate(eaeu):
            country = f" ({participant.country})" if participant.country else ""
            paragraph.add_run(("\n" if index else "") + participant.name.en + country)
            if participant.name.ru != participant.name.en:
                run = paragraph.add_run("\n" + participant.name.ru)
                run.italic = True
                run.font.size = self.Pt(8)
        _widths(table, [self.Cm(6.4), self.Cm(11.0)])
        self.doc.add_paragraph()

    def grid(
        self, headers: Sequence[Pair], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        """A table with a shaded header row that repeats on every page."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.autofit = False
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            _shade(cell, HEADER_FILL)
            _bilingual(cell.paragraphs[0], header, bold=True)
        _repeat_header(table.rows[0])
        for values in rows:
            row = table.add_row()
            _keep_row_together(row)
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        _widths(table, [self.Cm(width) for width in widths])
        self.doc.add_paragraph()

    def title_block(self) -> None:
        data = self.data
        title = labels.document_title(data.document, data.meeting)
        meeting = labels.meeting_title(data.meeting)
        self.doc.add_heading(title.en, level=0)
        self.doc.add_paragraph(title.ru, style="Subtitle")
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
