"""Export a meeting's agenda (or, with --outcomes, its outcomes) to a file."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from barriers.accounts import audit
from barriers.domain.errors import DomainError
from barriers.exports import EDITIONS, FORMATS, OUTCOMES, services
from barriers.models import AuditAction, Meeting


class Command(BaseCommand):
    help = (
        "Export a meeting document, e.g. `export_agenda 2026-Q4 --format pdf --output "
        "agenda.pdf`; add --outcomes for the outcomes of a held meeting, --edition joint for "
        "the edition circulated to the EAEU side."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the meeting's code, such as 2026-Q4")
        parser.add_argument("--format", choices=FORMATS, default="pdf", help="default: pdf")
        parser.add_argument(
            "--output",
            help="the file to write (default: agenda-CODE.FORMAT here; '-' for standard output)",
        )
        parser.add_argument(
            "--outcomes", action="store_true", help="export the outcomes instead of the agenda"
        )
        parser.add_argument(
            "--edition",
            choices=EDITIONS,
            default="internal",
            help="internal (default: the officials' brief) or joint (for the EAEU side)",
        )

    def handle(self, *args: Any, code: str, **options: Any) -> None:
        meeting = Meeting.objects.filter(code=code).first()
        if meeting is None:
            known = ", ".join(Meeting.objects.order_by("-date").values_list("code", flat=True)[:8])
            raise CommandError(f"No meeting {code}. Known meetings: {known or 'none'}.")
        document = OUTCOMES if options["outcomes"] else "agenda"
        try:
            rendered = services.export_render(
                meeting=meeting,
                document=document,
                format=options["format"],
                actor=None,
                edition=options["edition"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        output = options["output"] or rendered.file_name
        # Like every other way out of the system, written to the audit log: here the operating
        # system account stands in for the user (a command has no signed-in official).
        audit.record(
            request=None,
            action=AuditAction.EXPORT,
            username=f"{_os_user()} (command line)",
            channel="command",
            what=f"{rendered.file_name} to {'standard output' if output == '-' else output}",
            obj=meeting,
        )
        if output == "-":
            sys.stdout.buffer.write(rendered.content)
            sys.stdout.buffer.flush()
            return
        path = Path(output)
        path.write_bytes(rendered.content)
        self.stdout.write(f"Wrote {path} ({len(rendered.content):,} bytes).")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (some containers)
        return "unknown"
