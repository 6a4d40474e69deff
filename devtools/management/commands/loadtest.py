"""`manage.py loadtest`: 50 exporters filing and reading for 60 seconds on the production stack.

Creates a fresh PostgreSQL database (default `barriers_load`, dropped and created each run),
migrates it and loads the reference data, then runs itself again on that database (`--here`):
creates one exporter per simulated user, each in its own verified company with an API token,
starts gunicorn (2 workers) and a real Celery worker on a Redis broker (its own queue; e-mail
written as files into a temporary directory), and runs locust headless on loopback. Afterwards it
waits for the worker to empty the outbox and checks that every report a client was told was
filed is exactly one row, that retried requests created nothing, and that every e-mail in the
outbox was delivered exactly once. Prints one table and writes
docs/benchmarks/<date>-loadtest-<commit>.md. Development and benchmarking only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from barriers.models import Report
from devtools import benchmarks
from devtools.loadtest import harness


class Command(BaseCommand):
    help = (
        "Load test: exporters filing and reading through gunicorn with a real Celery worker; "
        "checks that no report or e-mail is lost or doubled."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=50, help="concurrent exporters (50)")
        parser.add_argument("--seconds", type=int, default=60, help="length of the run (60)")
        parser.add_argument("--spawn-rate", type=float, default=10, help="users started per s")
        parser.add_argument(
            "--database",
            default=harness.DEFAULT_DATABASE,
            help="PostgreSQL database to drop and create for the run (barriers_load); the "
            "server is DATABASE_URL's when that is PostgreSQL, else 127.0.0.1:5432",
        )
        parser.add_argument("--broker", default="redis://127.0.0.1:6379/9")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
        parser.add_argument(
            "--drain-timeout",
            type=float,
            default=120,
            help="seconds to wait for the worker to send every e-mail after the run",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--output-dir", default=str(benchmarks.ROOT / "docs" / "benchmarks"))
        parser.add_argument("--no-save", action="store_true", help="do not write a results file")
        parser.add_argument("--json", help="also write the figures and checks to this JSON file")
        parser.add_argument(
            "--here",
            action="store_true",
            help="run on the database DATABASE_URL names, already migrated and without reports, "
            "instead of creating one",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.options = options
        if options["users"] < 1 or options["seconds"] < 1 or options["spawn_rate"] <= 0:
            raise CommandError("--users, --seconds and --spawn-rate must be positive.")
        if options["here"]:
            self.run()
        else:
            self.prepare_and_run()

    def say(self, message: str) -> None:
        if self.options["verbosity"]:
            self.stderr.write(message)

    def argv(self) -> list[str]:
        o = self.options
        return [
            f"--users={o['users']}",
            f"--seconds={o['seconds']}",
            f"--spawn-rate={o['spawn_rate']:g}",
            f"--broker={o['broker']}",
            f"--workers={o['workers']}",
            f"--drain-timeout={o['drain_timeout']:g}",
            f"--seed={o['seed']}",
            f"--output-dir={Path(o['output_dir']).resolve()}",
            f"--verbosity={o['verbosity']}",
            *(["--no-save"] if o["no_save"] else []),
            *([f"--json={Path(o['json']).resolve()}"] if o["json"] else []),
        ]

    def prepare_and_run(self) -> None:
        """A fresh database, migrated with the reference data; then the run, on it."""
        name = self.options["database"]
        if connection.vendor == "postgresql":
            if connection.settings_dict["NAME"] == name:
                raise CommandError(
                    f"Refusing to drop {name}, the database this project is configured to use; "
                    "name another with --database."
                )
            server = benchmarks.database_url()
        else:
            server = harness.DEFAULT_SERVER
        url = harness.database_url(server, name)
        self.say(f"Creating database {name}, migrating, loading the reference data…")
        harness.database_recreate(url)
        # The child runs this command again (`--here`): the development tools, in either profile.
        env = {**os.environ, **benchmarks.this_profile(), "DEVTOOLS": "true", "DATABASE_URL": url}
        manage = [sys.executable, str(benchmarks.ROOT / "manage.py")]
        for step in (
            ["migrate", "--noinput", "-v0"],
            ["loaddata", str(benchmarks.ROOT / "fixtures" / "reference.json"), "-v0"],
        ):
            subprocess.run([*manage, *step], cwd=benchmarks.ROOT, env=env, check=True)
        done = subprocess.run(
            [*manage, "loadtest", "--here", *self.argv()], cwd=benchmarks.ROOT, env=env
        )
        if done.returncode:
            raise CommandError("The load test did not pass (see above).")

    def run(self) -> None:
        o = self.options
        if connection.vendor != "postgresql":
            raise CommandError("The load test runs on PostgreSQL (set DATABASE_URL).")
        if Report.objects.exists():
            raise CommandError("The load test needs a database without reports.")
        started_at = dt.datetime.now(dt.UTC)
        workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
        mail_dir = workdir / "mail"
        mail_dir.mkdir()
        record_path, plan_path = workdir / "record.json", workdir / "plan.json"

        self.say(f"Creating {o['users']} exporters in {o['users']} companies…")
        tokens = harness.exporters_create(o["users"])
        harness.plan_write(plan_path, tokens=tokens, record=record_path, seed=o["seed"])

        with (
            harness.Gunicorn(broker=o["broker"], workers=o["workers"]) as server,
            harness.CeleryWorker(
                broker=o["broker"],
                queue=server.queue,
                mail_dir=mail_dir,
                log=workdir / "worker.log",
            ),
        ):
            self.say(
                f"locust: {o['users']} users (+{o['spawn_rate']:g}/s) for {o['seconds']} s "
                f"against {server.url} (gunicorn -w {o['workers']}, queue {server.queue})…"
            )
            load_before = os.getloadavg()[0]
            returncode = harness.locust_run(
                host=server.url,
                plan=plan_path,
                users=o["users"],
                spawn_rate=o["spawn_rate"],
                seconds=o["seconds"],
                workdir=workdir,
            )
            load_after = os.getloadavg()[0]
            self.say("Waiting for the Celery worker to send the outbox…")
            try:
                drain: float | None = harness.outbox_drain(timeout=o["drain_timeout"])
            except TimeoutError:
                drain = None

        if not record_path.exists():
            log = (workdir / "locust.log").read_text(errors="replace")[-3000:]
            raise CommandError(
                f"locust recorded nothing (exit {returncode}; logs in {workdir}):\n{log}"
            )
        record = json.loads(record_path.read_text())
        run = harness.figures(record)
        verification = harness.verify(record, mail_dir, drain_seconds=drain)
        table_text = harness.table(run, filed=verification.filed_seen)
        setup = (
            f"{o['users']} exporters (one user per company, API tokens), spawned at "
            f"{o['spawn_rate']:g}/s, each waiting 0.5–1.5 s between tasks, for {o['seconds']} s "
            f"on loopback; gunicorn -w {o['workers']} (sync) with DEBUG off, PostgreSQL, a real "
            "Celery worker (prefork, 2 processes) on Redis sending e-mail to files. An "
            f"exporter's first filing and every {harness.RETRY_EVERY}th after it is sent twice "
            "with the same Idempotency-Key, as a client retrying after a lost response."
        )
        target = harness.target_line(run, verification)
        self.stdout.write(table_text)
        self.stdout.write("")
        self.stdout.write(target)
        self.stdout.write("")
        self.stdout.write("\n".join(verification.lines()))
        for failure in run.failures:
            self.stdout.write(f"error: {failure}")
        if not o["no_save"]:
            command = "manage.py loadtest " + " ".join(
                f"--{k}={o[k.replace('-', '_')]:g}" for k in ("users", "seconds", "spawn-rate")
            )
            path = harness.write_results(
                directory=Path(o["output_dir"]),
                command=command,
                started=started_at,
                setup=setup,
                table_text=table_text,
                verification=verification,
                failures=run.failures,
                load=(load_before, load_after),
                target=target,
            )
            self.say(f"Results written to {path}")
        if o["json"]:
            summary = harness.summary(run, verification)
            Path(o["json"]).write_text(json.dumps(summary, indent=2))
        if verification.passed and not run.errors:
            shutil.rmtree(workdir, ignore_errors=True)
            return
        raise CommandError(
            f"The load test missed its targets: {run.errors} errors, verification "
            f"{'passed' if verification.passed else 'FAILED'}. Logs and e-mails in {workdir}."
        )
