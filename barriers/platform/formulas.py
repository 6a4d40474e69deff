"""Text that a spreadsheet would run as a formula, made inert: one rule for every CSV and XLSX.

Officials open the product's spreadsheets (agenda and outcome documents, the admin's list
exports) in Excel or LibreOffice, and the text in them comes from exporters: a title such as
`=HYPERLINK("http://evil", "click")`, `=cmd|' /C calc'!A0` or `@SUM(A1:A9)` would be a live
formula. Such text gets a leading apostrophe, which spreadsheets show as text. Numbers stay
numbers: only strings are touched, so writers pass numbers as numbers (or, in a CSV, leave the
columns they know to be numeric alone: a negative trade value written out runs nothing).

This module imports nothing from the project, so every writer (renderers, admin resources,
services) can use it without crossing a layer.
"""

from __future__ import annotations

from typing import Any

# What a spreadsheet takes for the start of a formula (OWASP's list, with line feed too, since
# some programs strip leading whitespace before looking), and the fullwidth and small forms
# that some spreadsheets fold to them.
FORMULA_STARTS = frozenset(
    "=+-@\t\r\n"
    "\uff1d\uff0b\uff0d\uff20"  # ＝ ＋ － ＠ (fullwidth)
    "\ufe66\ufe62\ufe63\ufe6b"  # ﹦ ﹢ ﹣ ﹫ (small)
)


def is_formula_like(text: str) -> bool:
    """True when `text` (or `text` after leading whitespace) starts like a formula."""
    if not text:
        return False
    if text[0] in FORMULA_STARTS:
        return True
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in FORMULA_STARTS


def spreadsheet_safe(value: Any) -> Any:
    """`value` with formula-like text prefixed with an apostrophe; anything else unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
