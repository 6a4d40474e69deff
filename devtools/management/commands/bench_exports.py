"""Time the meeting document renderers on made-up agendas in memory (no database needed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from barriers.exports import FORMATS
from devtools.exports import bench


class Command(BaseCommand):
    help = (
        "Print build times of the agenda in each format: PDF, DOCX and XLSX of 200 items, and "
        "PDF, DOCX, XLSX and CSV at 50, 200 and 800 items (their cost should grow linearly)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=1, help="best of N runs (default 1)")
        parser.add_argument(
            "--items", type=int, nargs="*", help="only these sizes, in every format given"
        )
        parser.add_argument("--format", dest="formats", nargs="*", choices=FORMATS)
        parser.add_argument("--outcomes", action="store_true", help="the outcomes document")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = list(bench.DEFAULT_PLAN)
        if options["items"] or options["formats"] or options["outcomes"]:
            sizes = options["items"] or [200]
            formats = options["formats"] or ["pdf", "docx", "xlsx", "csv"]
            document = "outcomes" if options["outcomes"] else "agenda"
            plan = [(document, fmt, n) for fmt in formats for n in sizes]
        timings = bench.run(plan, repeat=options["repeat"])
        self.stdout.write(bench.table(timings))
