"""Import reports from a CSV or XLSX file, each row through report_create, with a progress bar.

    python manage.py import_reports reports.xlsx --filed-by staff@council.example --association AAACE1234F
    python manage.py import_reports reports.csv --filed-by official@commerce.example --dry-run

All or nothing: if any row is refused, every refusal is printed with its line and nothing is
filed. --dry-run checks the whole file and files nothing. The columns are those of the admin's
import (barriers/imports/reports.py: IMPORT_COLUMNS).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from import_export.formats import base_formats
from tqdm import tqdm

from barriers.domain.errors import DomainError
from barriers.imports.reports import ReportImportResource, import_filer_check
from barriers.models import Company, CompanyKind, User

FORMATS = {".csv": base_formats.CSV, ".xlsx": base_formats.XLSX}


class Command(BaseCommand):
    help = "Import reports from a CSV or XLSX file (one report per row), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--filed-by", required=True, help="E-mail of the user recorded as filing the reports."
        )
        parser.add_argument(
            "--association",
            help="IEC of the export promotion council filing for its members (optional).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row; file nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise CommandError("Give a .csv or .xlsx file.")
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        filed_by = User.objects.filter(email=options["filed_by"].strip().lower()).first()
        if filed_by is None:
            raise CommandError(f"No user has the e-mail address {options['filed_by']}.")
        association = None
        if options["association"]:
            association = Company.objects.filter(
                iec=options["association"].strip().upper(), kind=CompanyKind.ASSOCIATION
            ).first()
            if association is None:
                raise CommandError(f"No association has the IEC {options['association']}.")
        try:
            import_filer_check(filed_by=filed_by, association=association)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

        dataset = self._read(path, fmt)
        if not len(dataset):
            raise CommandError("The file has no rows to import.")

        with tqdm(total=len(dataset), unit="row", desc="Importing", file=self.stderr._out) as bar:
            resource = ReportImportResource(
                filed_by=filed_by, association=association, on_row=lambda: bar.update(1)
            )
            result = resource.import_data(
                dataset,
                dry_run=options["dry_run"],
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
            )

        refused = self._print_errors(result)
        if refused:
            raise CommandError(f"{refused} row(s) refused; nothing was filed.")
        references = [row.object_repr.split(" ", 1)[0] for row in result.valid_rows()]
        if options["dry_run"]:
            self.stdout.write(
                self.style.SUCCESS(f"Dry run: {len(references)} report(s) would be filed.")
            )
            return
        self.stdout.write(self.style.SUCCESS(f"Filed {len(references)} report(s)."))
        if references:
            self.stdout.write(f"  {references[0]} … {references[-1]}")

    def _read(self, path: Path, fmt: type[base_formats.Format]) -> Any:
        try:
            if fmt().is_binary():
                return fmt().create_dataset(path.read_bytes())
            return fmt(encoding="utf-8-sig").create_dataset(path.read_text(encoding="utf-8-sig"))
        except Exception as exc:  # any unreadable file is the user's to fix, never a traceback
            raise CommandError(f"Could not read {path.name} as {path.suffix}: {exc}") from exc

    def _print_errors(self, result: Any) -> int:
        for error in result.base_errors:
            self.stderr.write(self.style.ERROR(f"File: {error.error}"))
        for row in result.invalid_rows:
            for field, messages in row.error_dict.items():
                column = "" if field == "__all__" else f"{field}: "
                for message in messages:
                    self.stderr.write(f"Line {row.number + 1}: {column}{message}")
        for number, errors in result.row_errors():
            for error in errors:
                self.stderr.write(self.style.ERROR(f"Line {number + 1}: {error.error}"))
        return len(result.invalid_rows) + len(result.row_errors()) + len(result.base_errors)
