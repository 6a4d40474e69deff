"""Backup and restore as docs/operations.md describes it: `pg_dump -Fc` of a populated database
and a copy of the media directory, restored into a new database, give the same reports,
barriers, history and files."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from barriers import services
from barriers.models import Document, Report, StatusChange
from tests import factories
from tests.api_factories import pdf_upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

KEY_ROWS = {
    "barriers_report": "SELECT reference, title, status, company_id FROM barriers_report",
    "barriers_barrier": "SELECT id, title, status FROM barriers_barrier",
    "barriers_statuschange": (
        "SELECT report_id, barrier_id, from_status, to_status, actor_id, created_at "
        "FROM barriers_statuschange"
    ),
    "barriers_document": "SELECT file, original_name, sha256, size FROM barriers_document",
}


def _server_args() -> list[str]:
    db = connection.settings_dict
    return ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stderr}"


def _conninfo(name: str) -> str:
    db = connection.settings_dict
    return f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']} dbname={name}"


def _snapshot(name: str) -> dict[str, object]:
    """Row counts of every table, and the key rows of the ones that matter most."""
    with psycopg.connect(_conninfo(name), autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]
            for table in tables
        }
        rows = {table: sorted(map(repr, conn.execute(query))) for table, query in KEY_ROWS.items()}
    return {"counts": counts, "rows": rows}


@pytest.fixture
def restore_db() -> Iterator[str]:
    name = f"{connection.settings_dict['NAME']}_restore"
    _run("dropdb", *_server_args(), "--if-exists", name)
    _run("createdb", *_server_args(), name)
    yield name
    _run("dropdb", *_server_args(), "--if-exists", "--force", name)


def test_pg_dump_and_media_copy_restore_the_same_reports_barriers_history_and_files(
    settings, tmp_path: Path, restore_db: str
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    official = factories.OfficialFactory()
    exporter = factories.ExporterFactory()
    reports = [factories.report_file(actor=exporter, title=f"Delay {i}") for i in range(3)]
    services.report_start_review(report=reports[0], actor=official)
    accepted = services.report_accept(report=reports[0], actor=official)
    document = services.document_attach(
        report=reports[1], actor=exporter, upload=pdf_upload(), name="listing.pdf"
    )
    source = connection.settings_dict["NAME"]
    before = _snapshot(source)
    counts = before["counts"]
    assert isinstance(counts, dict)
    assert counts["barriers_report"] == 3 and counts["barriers_barrier"] == 1
    assert counts["barriers_document"] == 1 and StatusChange.objects.count() >= 5
    assert counts["barriers_historicalreport"] >= 4 and counts["barriers_historicalbarrier"] >= 1
    assert accepted.barrier_id is not None

    # Back up: the documented commands.
    dump = tmp_path / "barriers.dump"
    _run("pg_dump", *_server_args(), "-Fc", "--no-owner", "-f", str(dump), source)
    media_backup = tmp_path / "backup-media"
    shutil.copytree(settings.MEDIA_ROOT, media_backup)

    # Restore into a new database and a new media directory.
    _run(
        "pg_restore", *_server_args(), "--no-owner", "--exit-on-error", "-d", restore_db, str(dump)
    )
    restored_media = tmp_path / "restored-media"
    shutil.copytree(media_backup, restored_media)

    after = _snapshot(restore_db)
    assert after == before
    # Every document row points at a file that is there, with the content recorded at upload.
    with psycopg.connect(_conninfo(restore_db)) as conn:
        files = conn.execute("SELECT file, sha256 FROM barriers_document").fetchall()
    assert files == [(document.file.name, document.sha256)]
    for name, sha256 in files:
        assert hashlib.sha256((restored_media / name).read_bytes()).hexdigest() == sha256
    # The restored database is usable: sequences continue past the restored rows.
    with psycopg.connect(_conninfo(restore_db)) as conn:
        max_id = conn.execute("SELECT max(id) FROM barriers_report").fetchone()[0]  # type: ignore[index]
        next_id = conn.execute(
            "SELECT nextval(pg_get_serial_sequence('barriers_report', 'id'))"
        ).fetchone()[0]  # type: ignore[index]
    assert next_id > max_id
    assert Report.objects.count() == 3 and Document.objects.count() == 1
