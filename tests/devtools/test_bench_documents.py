"""manage.py bench judges the agenda as PDF and as Word: 200 items within a second, 800 within
4.5× of that."""

from __future__ import annotations

import pytest

from devtools import benchmarks
from devtools.exports import bench as export_bench
from devtools.management.commands.bench import Command

FORMATS = pytest.mark.parametrize("format", ["pdf", "docx"])


def _rows(monkeypatch, seconds: dict[int, float], format: str = "docx") -> list[list[str]]:
    """The rows as printed, with each size's rendering taking `seconds[items]`."""

    def measure(document: str, asked: str, items: int, **kwargs) -> export_bench.Timing:
        assert (document, asked) == ("agenda", format)
        return export_bench.Timing(document, asked, items, seconds.get(items, 0.01), 1)

    monkeypatch.setattr(export_bench, "measure", measure)
    command = Command()
    command.verbosity = 0
    return [row.cells() for row in command.document_rows(format, quick=False)]


@FORMATS
def test_rows_at_50_200_and_800_items_meet_the_targets(monkeypatch, format) -> None:
    rows = _rows(monkeypatch, {50: 0.2, 200: 0.8, 800: 3.2}, format)
    assert [(r[0], r[1]) for r in rows] == [
        (f"export agenda {format}", "50 items"),
        (f"export agenda {format}", "200 items"),
        (f"export agenda {format}", "800 items"),
    ]
    fifty, two_hundred, eight_hundred = rows
    assert fifty[4:] == ["0.25× of 200", "", ""]
    assert two_hundred[2] == "800.0"
    assert two_hundred[5:] == [f"≤{benchmarks.DOCUMENT_LIMIT_MS:,.0f} ms", "yes"]
    assert eight_hundred[4:] == ["4.00× of 200", "≤4.5× of 200", "yes"]


@pytest.mark.parametrize(
    ("seconds", "missed"),
    [
        ({50: 0.3, 200: 1.2, 800: 4.8}, "200 items"),  # over a second
        ({50: 0.1, 200: 0.4, 800: 2.0}, "800 items"),  # 5× the 200-item time
    ],
)
@FORMATS
def test_a_missed_target_says_no(monkeypatch, seconds, missed, format) -> None:
    rows = {r[1]: r for r in _rows(monkeypatch, seconds, format)}
    assert rows[missed][6] == "NO"
    assert [size for size, r in rows.items() if r[6] == "NO"] == [missed]
