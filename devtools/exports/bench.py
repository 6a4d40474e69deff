"""How long each renderer takes, on made-up documents in memory (no database)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from barriers.exports import RENDERERS
from barriers.exports.data import ExportData
from devtools.exports.sample import sample_agenda, sample_outcomes

# The figures: PDF, DOCX and XLSX of a 200-item agenda; PDF, DOCX, XLSX and CSV at 50, 200 and
# 800 items, so that linear growth shows.
DEFAULT_PLAN: tuple[tuple[str, str, int], ...] = (
    ("agenda", "pdf", 200),
    ("agenda", "docx", 200),
    ("agenda", "docx", 50),
    ("agenda", "docx", 800),
    ("agenda", "xlsx", 200),
    ("agenda", "csv", 200),
    ("agenda", "ics", 200),
    ("agenda", "json", 200),
    ("agenda", "xlsx", 50),
    ("agenda", "xlsx", 800),
    ("agenda", "csv", 50),
    ("agenda", "csv", 800),
    ("agenda", "pdf", 50),
    ("agenda", "pdf", 800),
)


@dataclass(frozen=True)
class Timing:
    document: str
    format: str
    items: int
    seconds: float
    size: int

    @property
    def per_item_ms(self) -> float:
        return self.seconds * 1000 / self.items if self.items else 0.0


def measure(document: str, format: str, items: int, *, repeat: int = 1) -> Timing:
    """The best of `repeat` renderings of a made-up document of `items` items."""
    data: ExportData = sample_agenda(items) if document == "agenda" else sample_outcomes(items)
    renderer = RENDERERS[format]
    best, size = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = len(renderer.render(data))
        best = min(best, time.perf_counter() - started)
    return Timing(document, format, items, best, size)


def run(plan: Iterable[tuple[str, str, int]] = DEFAULT_PLAN, *, repeat: int = 1) -> list[Timing]:
    # One small rendering of each format first, so that imports and font loading are not timed.
    for format in {fmt for _, fmt, _ in plan}:
        RENDERERS[format].render(sample_agenda(2, reserve=1, resolved=1))
    return [measure(doc, fmt, items, repeat=repeat) for doc, fmt, items in plan]


def table(timings: Iterable[Timing]) -> str:
    """A plain-text table of the timings."""
    lines = [
        f"{'document':<9} {'format':<6} {'items':>6} {'seconds':>9} {'ms/item':>8} {'bytes':>11}"
    ]
    for t in timings:
        lines.append(
            f"{t.document:<9} {t.format:<6} {t.items:>6} {t.seconds:>9.3f} "
            f"{t.per_item_ms:>8.2f} {t.size:>11,}"
        )
    return "\n".join(lines)
