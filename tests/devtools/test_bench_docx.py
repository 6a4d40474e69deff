"""manage.py bench judges the Word agenda: 200 items within a second, 800 within 4.5× of that."""

from __future__ import annotations

import pytest

from devtools import benchmarks
from devtools.exports import bench as export_bench
from devtools.management.commands.bench import Command


def _rows(monkeypatch, seconds: dict[int, float]) -> list[list[str]]:
    """The docx rows as printed, with each size's rendering taking `seconds[items]`."""

    def measure(document: str, format: str, items: int, **kwargs) -> export_bench.Timing:
        assert (document, format) == ("agenda", "docx")
        return export_bench.Timing(document, format, items, seconds.get(items, 0.01), 1)

    monkeypatch.setattr(export_bench, "measure", measure)
    command = Command()
    command.verbosity = 0
    return [row.cells() for row in command.docx_rows(quick=False)]


def test_rows_at_50_200_and_800_items_meet_the_targets(monkeypatch) -> None:
    rows = _rows(monkeypatch, {50: 0.2, 200: 0.8, 800: 3.2})
    assert [(r[0], r[1]) for r in rows] == [
        ("export agenda docx", "50 items"),
        ("export agenda docx", "200 items"),
        ("export agenda docx", "800 items"),
    ]
    fifty, two_hundred, eight_hundred = rows
    assert fifty[4:] == ["0.25× of 200", "", ""]
    assert two_hundred[2] == "800.0"
    assert two_hundred[5:] == [f"≤{benchmarks.DOCX_LIMIT_MS:,.0f} ms", "yes"]
    assert eight_hundred[4:] == ["4.00× of 200", "≤4.5× of 200", "yes"]


@pytest.mark.parametrize(
    ("seconds", "missed"),
    [
        ({50: 0.3, 200: 1.2, 800: 4.8}, "200 items"),  # over a second
        ({50: 0.1, 200: 0.4, 800: 2.0}, "800 items"),  # 5× the 200-item time
    ],
)
def test_a_missed_target_says_no(monkeypatch, seconds, missed) -> None:
    rows = {r[1]: r for r in _rows(monkeypatch, seconds)}
    assert rows[missed][6] == "NO"
    assert [size for size, r in rows.items() if r[6] == "NO"] == [missed]
