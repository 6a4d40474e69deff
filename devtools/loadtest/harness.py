"""The load test's moving parts: exporters, the Celery worker, locust, and the checks afterwards.

`manage.py loadtest` strings these together. Locust runs as its own process (`locust -f
locustfile.py --headless`): it is built on gevent, which must not patch this Django process.
The figures are computed from every response time the clients recorded, not from locust's
bucketed percentiles, so they agree exactly with the counts the checks use.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rest_framework.authtoken.models import Token

from barriers import services
from barriers.models import EmailStatus, Message, OutboundEmail, Report, Sector, User
from devtools import benchmarks

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DEFAULT_DATABASE = "barriers_load"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
EMAIL_DOMAIN = "loadtest.example"
# An exporter's first filing and every this-many after it are sent again with the same key.
RETRY_EVERY = 4
# Issue 18: 50 exporters for 60 s with no error and nothing lost, 95% of requests within 100 ms.
P95_LIMIT_MS = 100.0
PAYLOAD_POOL = 200
# The mail separator Django's file-based backend writes after each message.
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


# ---------------------------------------------------------------------------------------------
# The database
# ---------------------------------------------------------------------------------------------


def database_url(server: str, name: str) -> str:
    """`server` (any PostgreSQL URL) with its database replaced by `name`."""
    parts = urllib.parse.urlsplit(server)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        parts = urllib.parse.urlsplit(DEFAULT_SERVER)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def database_recreate(url: str) -> None:
    """Drop and create the database `url` names, as `make bench` does."""
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    maintenance = database_url(url, "postgres")
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# ---------------------------------------------------------------------------------------------
# The exporters and what they file
# ---------------------------------------------------------------------------------------------


def exporters_create(count: int) -> list[str]:
    """`count` exporters, each the only user of its own verified company; their API tokens."""
    official = User.objects.create_user(
        email=f"official@{EMAIL_DOMAIN}", password=None, is_staff=True
    )
    tokens = []
    for n in range(count):
        user = User.objects.create_user(email=f"exporter{n:03d}@{EMAIL_DOMAIN}", password=None)
        company = services.company_register(
            actor=user,
            name=f"Load test exporter {n:03d}",
            iec=f"{9_000_000_000 + n}",  # a legacy numeric IEC
            sector=(Sector.MARINE, Sector.AGRICULTURAL)[n % 2],
        )
        services.company_verify(company=company, actor=official)
        tokens.append(Token.objects.create(user=user).key)
    return tokens


def plan_write(path: Path, *, tokens: list[str], record: Path, seed: int) -> None:
    """What locustfile.py reads: the tokens, valid payloads from the reference data, and more."""
    payloads = benchmarks.filing_payloads(PAYLOAD_POOL)
    for payload in payloads:
        payload["title"] = payload["title"].replace("Benchmark filing", "Load test filing")
        payload["application_number"] = payload["application_number"].replace("BENCH", "LOAD")
    path.write_text(
        json.dumps(
            {
                "tokens": tokens,
                "payloads": payloads,
                "retry_every": RETRY_EVERY,
                "record": str(record),
                "seed": seed,
            }
        )
    )


# ---------------------------------------------------------------------------------------------
# The processes: gunicorn, the Celery worker, locust
# ---------------------------------------------------------------------------------------------


class Gunicorn(benchmarks.Gunicorn):
    """benchmarks.Gunicorn with the load test's own queue (the pid keeps runs apart)."""

    def __init__(self, *, broker: str, workers: int = 2) -> None:
        super().__init__(broker=broker, workers=workers)
        self.queue = f"loadtest-{os.getpid()}"
        self.env["CELERY_TASK_DEFAULT_QUEUE"] = self.queue
        # Its INFO lines stay out of the command's output; warnings and errors (a 500) show.
        self.env["LOG_LEVEL"] = "WARNING"
        self.env["PYTHONWARNINGS"] = "ignore:No directory at"


def _executable(name: str) -> str:
    return shutil.which(name, path=str(Path(sys.executable).parent)) or name


class CeleryWorker:
    """A real `celery -A tracker worker` on `queue`, writing e-mail as files into `mail_dir`."""

    def __init__(
        self, *, broker: str, queue: str, mail_dir: Path, log: Path, concurrency: int = 2
    ) -> None:
        self.queue = queue
        self.log = log
        self.env = {
            **os.environ,
            **benchmarks.this_profile(),
            "DATABASE_URL": benchmarks.database_url(),
            "CELERY_BROKER_URL": broker,
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "EMAIL_BACKEND": "file",
            "EMAIL_FILE_PATH": str(mail_dir),
        }
        self.command = [
            _executable("celery"),
            "-A",
            "tracker",
            "worker",
            "-Q",
            queue,
            "-n",
            f"{queue}@{platform.node()}",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> CeleryWorker:
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                self.command, cwd=benchmarks.ROOT, env=self.env, stdout=out, stderr=out
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if "ready." in self.log.read_text(errors="replace"):
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.__exit__()
        tail = self.log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"the Celery worker did not start:\n{tail}")

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)  # warm shutdown: running tasks finish
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@dataclass
class RequestFigures:
    name: str
    requests: int
    failures: int
    per_second: float
    median_ms: float
    p95_ms: float


@dataclass
class LoadFigures:
    rows: list[RequestFigures]
    total: RequestFigures
    seconds: float  # from the first request's start to the last one's end
    failures: list[str]
    exceptions: int

    @property
    def errors(self) -> int:
        return self.total.failures + self.exceptions


def locust_run(
    *, host: str, plan: Path, users: int, spawn_rate: float, seconds: int, workdir: Path
) -> int:
    """Run locust headless against `host`; its exit status. Its log is workdir/locust.log."""
    command = [
        _executable("locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        host,
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{seconds}s",
        # Users finish the task under way (a filing and its retry) before the run stops.
        "--stop-timeout",
        "30",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, "LOADTEST_PLAN": str(plan)}
    with (workdir / "locust.log").open("wb") as log:
        done = subprocess.run(command, cwd=workdir, env=env, stdout=log, stderr=log, check=False)
    return done.returncode


def _percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def figures(record: dict[str, Any]) -> LoadFigures:
    """Throughput, median and 95th percentile per request type from every response time."""
    seconds = (record["last"] - record["first"]) if record["first"] is not None else 0.0

    def row(name: str, times: list[float], failed: int) -> RequestFigures:
        ordered = sorted(times)
        return RequestFigures(
            name=name,
            requests=len(ordered),
            failures=failed,
            per_second=len(ordered) / seconds if seconds else 0.0,
            median_ms=statistics.median(ordered) if ordered else 0.0,
            p95_ms=_percentile(ordered, 0.95) if ordered else 0.0,
        )

    rows = [
        row(name, times, record["failed"].get(name, 0))
        for name, times in sorted(record["requests"].items())
    ]
    every = [t for times in record["requests"].values() for t in times]
    total = row("all requests", every, sum(record["failed"].values()))
    failures = [f"{n}× {error}" for error, n in record["errors"].items()]
    failures += [f"{n}× exception in a task: {error}" for error, n in record["exceptions"].items()]
    return LoadFigures(rows, total, seconds, failures, sum(record["exceptions"].values()))


# ---------------------------------------------------------------------------------------------
# After the run: the worker drains the outbox; the checks
# ---------------------------------------------------------------------------------------------


def outbox_drain(*, timeout: float) -> float:
    """Seconds until no e-mail is pending; raises if some still are after `timeout`."""
    started = time.monotonic()
    while OutboundEmail.objects.filter(status=EmailStatus.PENDING).exists():
        if time.monotonic() - started > timeout:
            raise TimeoutError
        time.sleep(0.25)
    return time.monotonic() - started


def mail_read(mail_dir: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(subject, recipients) of every message the file-based backend wrote."""
    messages = []
    for path in sorted(mail_dir.glob("*")):
        for raw in path.read_bytes().split(MAIL_SEPARATOR):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw, policy=email.policy.default)
            recipients = tuple(sorted(a.strip() for a in str(message["To"]).split(",")))
            messages.append((str(message["Subject"]), recipients))
    return messages


@dataclass
class Verification:
    filed_seen: int = 0  # distinct reports the clients were told were filed (201)
    report_rows: int = 0
    lost: list[str] = field(default_factory=list)  # 201 seen, no row
    duplicated: list[str] = field(default_factory=list)  # keys with more than one row
    unexplained: list[str] = field(default_factory=list)  # rows no request of the run made
    unacknowledged: list[str] = field(default_factory=list)  # rows whose 201 the client missed
    retries: int = 0
    replayed: int = 0
    list_mismatches: int = 0
    messages_seen: int = 0
    message_rows: int = 0
    outbox_rows: int = 0
    outbox_sent: int = 0
    outbox_not_sent: int = 0
    reports_without_email: list[str] = field(default_factory=list)
    mails: int = 0
    delivered_once: int = 0
    not_delivered: list[str] = field(default_factory=list)
    delivered_twice: list[str] = field(default_factory=list)
    mails_without_row: list[str] = field(default_factory=list)
    recipients_mismatched: list[str] = field(default_factory=list)
    drain_seconds: float | None = None

    @property
    def passed(self) -> bool:
        return not (
            self.lost
            or self.duplicated
            or self.unexplained
            or self.retries != self.replayed
            or self.list_mismatches
            or self.messages_seen != self.message_rows
            or self.outbox_not_sent
            or self.reports_without_email
            or self.not_delivered
            or self.delivered_twice
            or self.mails_without_row
            or self.recipients_mismatched
            or self.drain_seconds is None
        )

    def lines(self) -> list[str]:
        def few(items: list[str]) -> str:
            return f" ({', '.join(items[:5])}{'…' if len(items) > 5 else ''})" if items else ""

        return [
            f"- Reports: {self.filed_seen:,} filed as the clients saw (201), "
            f"{self.report_rows:,} rows in the database; lost {len(self.lost)}{few(self.lost)}, "
            f"duplicated {len(self.duplicated)}{few(self.duplicated)}, rows no request made "
            f"{len(self.unexplained)}{few(self.unexplained)}, created but unacknowledged "
            f"{len(self.unacknowledged)}{few(self.unacknowledged)}.",
            f"- Retries with the same Idempotency-Key: {self.retries:,} sent, "
            f"{self.replayed:,} answered with the first response and nothing created.",
            "- Report lists that disagreed with the exporter's own filings (another company's "
            f"report, the newest filing missing, a wrong count): {self.list_mismatches}.",
            f"- Messages: {self.messages_seen:,} created as the clients saw, "
            f"{self.message_rows:,} rows.",
            f"- Outbox: {self.outbox_rows:,} e-mails, {self.outbox_sent:,} sent, "
            f"{self.outbox_not_sent} not sent"
            + (
                f" (drained {self.drain_seconds:.1f} s after the run)"
                if self.drain_seconds is not None
                else " (still pending when the wait ended)"
            )
            + f"; reports without their e-mail {len(self.reports_without_email)}"
            f"{few(self.reports_without_email)}.",
            f"- E-mail files: {self.mails:,} messages; outbox e-mails delivered exactly once "
            f"{self.delivered_once:,}, never {len(self.not_delivered)}{few(self.not_delivered)}, "
            f"more than once {len(self.delivered_twice)}{few(self.delivered_twice)}; messages "
            f"with no outbox row {len(self.mails_without_row)}{few(self.mails_without_row)}; "
            f"recipients whose count differs {len(self.recipients_mismatched)}"
            f"{few(self.recipients_mismatched)}.",
            f"- Verification: {'PASSED' if self.passed else 'FAILED'}.",
        ]


def verify(record: dict[str, Any], mail_dir: Path, *, drain_seconds: float | None) -> Verification:
    """Compare what the clients saw with the database, and the outbox with the e-mail files."""
    v = Verification(drain_seconds=drain_seconds)
    filed: dict[str, str] = record["filed"]
    attempted = set(record["attempted"])
    v.retries, v.replayed = record["retries"], record["replayed"]
    v.list_mismatches = record["list_mismatches"]
    seen = set(filed.values())
    v.filed_seen = len(seen)

    rows = list(Report.objects.values_list("reference", "title"))
    v.report_rows = len(rows)
    in_db = {reference for reference, _ in rows}
    v.lost = sorted(seen - in_db)
    refs_by_key: dict[str, list[str]] = defaultdict(list)
    for reference, title in rows:
        key = title[1 : title.index("]")] if title.startswith("[") and "]" in title else ""
        if key in attempted:
            refs_by_key[key].append(reference)
        else:
            v.unexplained.append(reference)
    for key, references in refs_by_key.items():
        if len(references) > 1:
            v.duplicated += sorted(r for r in references if r != filed.get(key))
        if key not in filed:
            v.unacknowledged += references

    v.messages_seen = len(set(record["messages"]))
    v.message_rows = Message.objects.count()

    outbox = list(OutboundEmail.objects.values("subject", "to", "status"))
    v.outbox_rows = len(outbox)
    v.outbox_sent = sum(1 for row in outbox if row["status"] == EmailStatus.SENT)
    v.outbox_not_sent = v.outbox_rows - v.outbox_sent
    receipts = Counter(
        row["subject"][1 : row["subject"].index("]")]
        for row in outbox
        if row["subject"].startswith("[REP-")
    )
    v.reports_without_email = sorted(r for r in in_db if receipts[r] != 1)

    mails = mail_read(mail_dir)
    v.mails = len(mails)
    delivered = Counter(mails)
    expected = Counter((row["subject"], tuple(sorted(row["to"]))) for row in outbox)
    for item, n in expected.items():
        got = delivered.get(item, 0)
        if got == n:
            v.delivered_once += n
        elif got < n:
            v.not_delivered.append(item[0])
        else:
            v.delivered_twice.append(item[0])
    v.mails_without_row = sorted(
        {subject for subject, to in delivered if (subject, to) not in expected}
    )
    per_recipient_sent = Counter(a for row in outbox for a in row["to"])
    per_recipient_mail = Counter(a for _, to in mails for a in to)
    v.recipients_mismatched = sorted(
        a
        for a in per_recipient_sent.keys() | per_recipient_mail.keys()
        if per_recipient_sent[a] != per_recipient_mail[a]
    )
    return v


# ---------------------------------------------------------------------------------------------
# The results
# ---------------------------------------------------------------------------------------------

HEADERS = ["request", "requests", "errors", "req/s", "median (ms)", "p95 (ms)"]


def table(run: LoadFigures, *, filed: int) -> str:
    """One plain-text table, also valid Markdown: a row per request type, the total, filings/s."""

    def cells(row: RequestFigures, name: str | None = None) -> list[str]:
        return [
            name or row.name,
            f"{row.requests:,}",
            f"{row.failures:,}",
            f"{row.per_second:,.1f}",
            f"{row.median_ms:,.0f}",
            f"{row.p95_ms:,.0f}",
        ]

    lines = [cells(row) for row in sorted(run.rows, key=lambda r: r.name)]
    lines.append(cells(run.total, "all requests"))
    lines.append(
        [
            "reports filed (distinct 201)",
            f"{filed:,}",
            "",
            f"{filed / run.seconds if run.seconds else 0:,.1f}",
            "",
            "",
        ]
    )
    widths = [max(len(line[i]) for line in [HEADERS, *lines]) for i in range(len(HEADERS))]

    def line(values: list[str]) -> str:
        padded = [
            v.ljust(w) if i == 0 else v.rjust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths))
        + "|"
    )
    return "\n".join([line(HEADERS), rule, *[line(values) for values in lines]])


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in ("gunicorn", "celery", "redis", "locust", "psycopg"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "—"
    return found


def write_results(
    *,
    directory: Path,
    command: str,
    started: dt.datetime,
    setup: str,
    table_text: str,
    verification: Verification,
    failures: list[str],
    load: tuple[float, float],
    target: str,
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    sha = benchmarks.git_sha()
    busy = max(load) > (os.cpu_count() or 1)
    path = directory / f"{started:%Y-%m-%d}-loadtest-{sha}.md"
    lines = [
        f"# Load test {started:%Y-%m-%d %H:%M} UTC, commit {sha}, machine {benchmarks.machine_id()}",
        "",
        f"Command: `{command}`. {setup}",
        "",
        *[f"- {key}: {value}" for key, value in benchmarks.machine().items()],
        *[f"- {key}: {value}" for key, value in versions().items()],
        f"- load average (1 min) before and after the run: {load[0]:.1f}, {load[1]:.1f}"
        + (" (above the CPU count: other work shared the machine)" if busy else ""),
        "",
        table_text,
        "",
        target,
        "",
        "Figures come from every response time the clients measured (locust's request event), "
        "from the first request to the last: req/s is requests over that time, p95 the "
        "nearest-rank 95th percentile. Errors are failed requests (any unexpected status, or a "
        "response that contradicts what the exporter filed) and exceptions inside a task.",
        "",
        "## Verification",
        "",
        *verification.lines(),
        *(["", "## Errors", "", *[f"- {f}" for f in failures]] if failures else []),
        "",
    ]
    path.write_text("\n".join(lines))
    return path


def target_line(run: LoadFigures, verification: Verification) -> str:
    """Whether the run met issue 18's target (0 errors, 0 lost, p95 within the limit)."""
    met = not run.errors and verification.passed and run.total.p95_ms <= P95_LIMIT_MS
    return (
        f"Target (0 errors, 0 lost, p95 ≤ {P95_LIMIT_MS:g} ms over all requests): "
        f"{'met' if met else 'NOT met'}: {run.errors} errors, verification "
        f"{'passed' if verification.passed else 'FAILED'}, p95 {run.total.p95_ms:,.0f} ms."
    )


def summary(run: LoadFigures, verification: Verification) -> dict[str, Any]:
    """Everything in one JSON-able dict (`manage.py loadtest --json`)."""
    return {
        "seconds": run.seconds,
        "requests": asdict(run.total),
        "per_request": [asdict(row) for row in run.rows],
        "errors": run.errors,
        "failures": run.failures,
        "reports_filed": verification.filed_seen,
        "reports_per_second": verification.filed_seen / run.seconds if run.seconds else 0.0,
        "p95_limit_ms": P95_LIMIT_MS,
        "target_met": not run.errors and verification.passed and run.total.p95_ms <= P95_LIMIT_MS,
        "verification": {**asdict(verification), "passed": verification.passed},
    }
