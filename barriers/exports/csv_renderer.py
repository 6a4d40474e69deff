"""CSV: one row per item, UTF-8 with a byte order mark so that Excel reads the Cyrillic."""

from __future__ import annotations

import csv
import io

from barriers.exports.cells import as_text, csv_table
from barriers.exports.data import ExportData


class CsvRenderer:
    """The agenda (agenda then reserve items) or the outcomes, one row per item."""

    format = "csv"
    media_type = "text/csv; charset=utf-8"
    file_extension = "csv"

    def render(self, data: ExportData) -> bytes:
        """The table as RFC 4180 CSV with bilingual headers."""
        table = csv_table(data)
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([column.header.joined() for column in table.columns])
        for row in table.rows:
            writer.writerow([as_text(value) for value in table.cells(row)])
        return out.getvalue().encode("utf-8-sig")
