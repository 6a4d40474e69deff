"""Small server-side SVG charts for the officials' dashboard: no script, no download at run time.

Each function returns one `<svg>` element as a safe string to put inline in a template. Every
chart carries a <title> and <desc> (read out by screen readers through aria-labelledby), writes
its figures as text beside the bars, and draws labels in `currentColor` so that they follow the
admin's light or dark theme. Bar colours come from the Okabe–Ito palette, which stays distinct
for colour-blind readers; a figure printed inside a bar gets black or white, whichever contrasts
more with that bar.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

# Okabe–Ito, plus two greys.
BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
GREEN = "#009E73"
YELLOW = "#F0E442"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#8C8C8C"
DARK_GREY = "#4D4D4D"

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    """One coloured part of a stacked bar."""

    label: str
    colour: str


@dataclass(frozen=True)
class Bar:
    """One bar: its label and one value per series (a single value for a plain bar chart)."""

    label: str
    values: tuple[float, ...]
    # Where the bar's label links to (an admin changelist filtered to it), if anywhere.
    href: str = ""
    # A colour of its own, for a chart of one series (e.g. each status in its colour).
    colour: str = ""

    @property
    def total(self) -> float:
        return sum(self.values)


def _luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2)."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(colour: str) -> str:
    """Black or white, whichever contrasts more with `colour`."""
    lum = _luminance(colour)
    on_black = (lum + 0.05) / 0.05
    on_white = 1.05 / (lum + 0.05)
    return "#000000" if on_black >= on_white else "#FFFFFF"


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _outline(colour: str) -> str:
    """A thin dark outline for a light bar, so it stands out from a white page (3:1)."""
    if contrast(colour, "#FFFFFF") >= 3:
        return ""
    return ' stroke="#595959" stroke-width="1"'


def text_width(text: str, *, bold: bool = False) -> float:
    """Roughly how wide `text` is at 12px: capitals and digits are wider than small letters."""
    width = sum(7.9 if char.isupper() or char.isdigit() else 6.4 for char in text)
    return width * (1.08 if bold else 1.0)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _head(chart_id: str, title: str, desc: str, width: float, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family={quoteattr(FONT)} font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _legend(series: Sequence[Series], y: float, x0: float, width: float) -> tuple[list[str], float]:
    """Legend swatches in rows that fit `width`; returns the elements and the height used."""
    parts: list[str] = ['<g class="legend">']
    x, row = x0, 0
    for item in series:
        item_width = 18 + text_width(item.label) + 16
        if x + item_width > x0 + width and x > x0:
            x, row = x0, row + 1
        top = y + row * 20
        parts.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="12" height="12" rx="2" '
            f'fill="{item.colour}"/>'
            f'<text x="{x + 17:.1f}" y="{top + 10:.1f}" fill="currentColor">'
            f"{escape(item.label)}</text>"
        )
        x += item_width
    parts.append("</g>")
    return parts, (row + 1) * 20


def bar_chart(
    *,
    title: str,
    desc: str,
    bars: Sequence[Bar],
    series: Sequence[Series],
    width: int = 560,
    bar_height: int = 22,
    gap: int = 8,
    value_format: Callable[[float], str] = _number,
    empty_text: str = "Nothing to show yet.",
) -> SafeString:
    """Horizontal bars, stacked when there is more than one series, each with its total.

    A single series draws each bar in that series' colour; several series add a legend.
    """
    chart_id = f"chart-{next(_ids)}"
    label_width = min(max((text_width(bar.label) for bar in bars), default=50) + 14, 230)
    value_width = (
        max((text_width(value_format(bar.total), bold=True) for bar in bars), default=8) + 14
    )
    plot_x = label_width
    plot_width = max(width - label_width - value_width, 80)
    stacked = len(series) > 1
    legend_parts, legend_height = (
        _legend(series, 4, plot_x, plot_width + value_width) if stacked else ([], 0)
    )
    top = legend_height + (10 if stacked else 4)
    height = top + max(len(bars), 1) * (bar_height + gap) + 4
    parts = _head(chart_id, title, desc, width, height)
    parts += legend_parts
    if not bars or not any(bar.total for bar in bars):
        parts.append(
            f'<text x="{plot_x:.1f}" y="{top + bar_height * 0.7:.1f}" fill="currentColor" '
            f'font-style="italic">{escape(empty_text)}</text></svg>'
        )
        return mark_safe("".join(parts))  # every text in it was escaped above
    largest = max(bar.total for bar in bars) or 1
    scale = plot_width / largest
    for index, bar in enumerate(bars):
        y = top + index * (bar_height + gap)
        middle = y + bar_height / 2 + 4
        name = escape(bar.label)
        if bar.href:
            name = f"<a href={quoteattr(bar.href)}>{name}</a>"
        parts.append(
            f'<g class="bar"><text x="{plot_x - 8:.1f}" y="{middle:.1f}" text-anchor="end" '
            f'fill="currentColor">{name}</text>'
        )
        x = plot_x
        for value, item in zip(bar.values, series, strict=True):
            if not value:
                continue
            segment = value * scale
            colour = bar.colour or item.colour
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{segment:.1f}" height="{bar_height}" '
                f'fill="{colour}"{_outline(colour)}><title>{escape(bar.label)}, '
                f"{escape(item.label)}: {escape(value_format(value))}</title></rect>"
            )
            text = value_format(value)
            if stacked and segment >= text_width(text) + 6:
                parts.append(
                    f'<text x="{x + segment / 2:.1f}" y="{middle:.1f}" text-anchor="middle" '
                    f'fill="{text_colour_on(colour)}" aria-hidden="true">'
                    f"{escape(text)}</text>"
                )
            x += segment
        parts.append(
            f'<text x="{x + 6:.1f}" y="{middle:.1f}" fill="currentColor" font-weight="600">'
            f"{escape(value_format(bar.total))}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it was escaped above


def column_chart(
    *,
    title: str,
    desc: str,
    columns: Sequence[Bar],
    colour: str = GREEN,
    width: int = 560,
    height: int = 220,
    value_format: Callable[[float], str] = _number,
) -> SafeString:
    """Vertical columns (one value each) over a sequence such as quarters, figures on top."""
    chart_id = f"chart-{next(_ids)}"
    parts = _head(chart_id, title, desc, width, height)
    bottom = height - 28
    top = 20
    count = max(len(columns), 1)
    slot = (width - 20) / count
    column_width = min(slot * 0.6, 56)
    largest = max((column.total for column in columns), default=0) or 1
    parts.append(
        f'<line x1="10" y1="{bottom + 0.5:.1f}" x2="{width - 10}" y2="{bottom + 0.5:.1f}" '
        f'stroke="currentColor" stroke-opacity="0.4"/>'
    )
    for index, column in enumerate(columns):
        centre = 10 + slot * index + slot / 2
        value = column.total
        column_height = (bottom - top) * value / largest
        y = bottom - column_height
        parts.append(
            f'<g class="column"><rect x="{centre - column_width / 2:.1f}" y="{y:.1f}" '
            f'width="{column_width:.1f}" height="{column_height:.1f}" fill="{colour}"'
            f"{_outline(colour)}>"
            f"<title>{escape(column.label)}: {escape(value_format(value))}</title></rect>"
            f'<text x="{centre:.1f}" y="{y - 5:.1f}" text-anchor="middle" fill="currentColor" '
            f'font-weight="600">{escape(value_format(value))}</text>'
            f'<text x="{centre:.1f}" y="{bottom + 17:.1f}" text-anchor="middle" '
            f'fill="currentColor">{escape(column.label)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it was escaped above
