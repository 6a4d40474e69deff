"""XLSX: one sheet per section, numbers as numbers, dates as dates, a frozen header row."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from barriers.exports import cells, labels
from barriers.exports.data import AgendaData, ExportData
from barriers.platform.formulas import spreadsheet_safe

PAPER_A4 = "9"  # the OOXML paper size code of A4
# Excel's limit on a sheet's name.
SHEET_NAME_MAX = 31
# Row heights: about this many characters fit in one unit of column width, 15 points a line, and
# no row taller than Excel allows (409 points).
CHARS_PER_WIDTH = 1.1
LINE_HEIGHT = 15.0
MAX_LINES = 27
NUMBER_FORMATS = {
    cells.MONEY: "#,##0.00",
    cells.DECIMAL: "0.000",
    cells.INTEGER: "0",
    cells.DATE: "yyyy-mm-dd",
}


def row_height(values: Sequence[Any], columns: Sequence[cells.Column]) -> float:
    """Points enough for the row's longest wrapped text (spreadsheets do not fit rows on load)."""
    lines = 1
    for value, column in zip(values, columns, strict=True):
        if column.kind != cells.TEXT or not value:
            continue
        per_line = max(int(column.width * CHARS_PER_WIDTH), 1)
        wrapped = sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))
        lines = max(lines, wrapped)
    return min(lines, MAX_LINES) * LINE_HEIGHT


def sheet_title(name: labels.Pair) -> str:
    """`Agenda · Повестка дня`, cut to Excel's 31 characters."""
    title = name.joined(" · ")
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:SHEET_NAME_MAX]


class XlsxRenderer:
    """A workbook written in openpyxl's write-only (streaming) mode."""

    format = "xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    file_extension = "xlsx"

    def render(self, data: ExportData) -> bytes:
        """Agenda, Reserve and Resolved annex sheets, or Outcomes, Action points and Summary."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
        from openpyxl.utils import get_column_letter

        workbook = Workbook(write_only=True)
        title = labels.document_title(data.document, data.meeting)
        meeting = labels.meeting_title(data.meeting)
        workbook.properties.title = f"{title.en} — {meeting.en}"
        workbook.properties.creator = "India–EAEU barrier tracker"
        thin = Side(style="thin", color="A6A6A6")
        header_style = NamedStyle(
            name="header",
            font=Font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="1F3864"),
            alignment=Alignment(wrap_text=True, vertical="top"),
            border=Border(bottom=thin, right=thin),
        )
        workbook.add_named_style(header_style)
        styles = {}
        for kind in (cells.TEXT, *NUMBER_FORMATS):
            style = NamedStyle(
                name=f"cell-{kind}",
                alignment=Alignment(wrap_text=kind == cells.TEXT, vertical="top"),
                border=Border(bottom=thin, right=thin),
                number_format=NUMBER_FORMATS.get(kind, "General"),
            )
            workbook.add_named_style(style)
            styles[kind] = style.name

        tables = (
            cells.agenda_tables(data)
            if isinstance(data, AgendaData)
            else cells.outcomes_tables(data)
        )
        for table in tables:
            sheet = workbook.create_sheet(sheet_title(table.name))
            sheet.freeze_panes = "A2"
            sheet.print_title_rows = "1:1"
            sheet.page_setup.orientation = "landscape"
            sheet.page_setup.paperSize = PAPER_A4
            sheet.oddHeader.left.text = f"{meeting.en} — {title.joined()}"
            sheet.oddFooter.right.text = "&P / &N"
            for index, column in enumerate(table.columns, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = column.width
            header = []
            headers = [column.header.joined() for column in table.columns]
            sheet.row_dimensions[1].height = row_height(headers, table.columns)
            for column in table.columns:
                cell = WriteOnlyCell(sheet, value=spreadsheet_safe(column.header.joined()))
                cell.style = header_style.name
                header.append(cell)
            sheet.append(header)
            kinds = [column.kind for column in table.columns]
            for index, row in enumerate(table.rows, start=2):
                values = table.cells(row)
                sheet.row_dimensions[index].height = row_height(values, table.columns)
                out = []
                for kind, value in zip(kinds, values, strict=True):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.style = styles[kind]
                    out.append(cell)
                sheet.append(out)
            if table.rows:
                last = get_column_letter(len(table.columns))
                sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
