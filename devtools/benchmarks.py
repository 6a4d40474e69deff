"""The figures `manage.py bench` prints: what is measured, how, and against which target.

Every figure is the median of several runs after one warm-up run, measured in this process
through Django's test Client (admin and API reads, searches, facet counts) or against a gunicorn
started for the run (filing), with the queries counted by a connection.execute_wrapper. Targets
come from issues 4, 5, 8 and 15.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def this_profile() -> dict[str, str]:
    """DEBUG for a child process, named: an unset DEBUG would mean production there.

    The environment's DEBUG comes first: under pytest-django `settings.DEBUG` is always False
    while the profile the run asked for (tests/settings.py, the Makefile) is the development one.
    """
    named = os.environ.get("DEBUG", "").strip()
    return {"DEBUG": named or ("true" if settings.DEBUG else "false")}


# The operation names, in the order the table lists them (tests look for these).
ADMIN_REPORTS = "admin report changelist"
ADMIN_BARRIERS = "admin barrier changelist"
ADMIN_SEARCH = "admin report search ?q=shrimp"
ADMIN_TRIAGE = "admin triage queue"
API_LIST = "API exporter report list"
API_DETAIL = "API exporter report detail"
API_OFFICIAL_LIST = "API official report list, first page"
API_OFFICIAL_DEEP = "API official report list, deep page"
API_BARRIER_LIST = "API official barrier list, first page"
API_BARRIER_DEEP = "API official barrier list, deep page"
# Issue 18: the smallest authenticated DRF request (devtools.reference_api), which every API row
# is also shown against, and one barrier's page through the API as a triage officer.
API_REFERENCE = "API minimal endpoint (token, one primary-key read)"
API_BARRIER_DETAIL = "barrier detail, API"
REFERENCE_URLCONF = "devtools.reference_api"
REFERENCE_PATH = "/bench/reference/{pk}/"
FILING_REFERENCE = "filing via API ÷ minimal endpoint (same gunicorn)"
BARRIER_DETAIL_LIMIT = 1.5  # issue 18: a barrier's page within 1.5 times the minimal request
FILING_REFERENCE_LIMIT = 3.0  # issue 18: filing within three times it, through the same gunicorn
# (first page, deep page) pairs whose ratio the table shows.
# The public register (issue 17), each request rendered afresh (its cache cleared first): one
# barrier in PUBLISHED_EVERY is published in the bench data (publish_share).
PUBLIC_LIST = "public register list (uncached)"
PUBLIC_STATS = "public statistics page (uncached)"
# Working the statistics out again (a worker does it after a change, and hourly): no target,
# for the record, as it reads every published barrier and its reports.
PUBLIC_STATS_BUILD = "public statistics worked out (worker task)"
UNJUDGED = frozenset({PUBLIC_STATS_BUILD})
PUBLISHED_EVERY = 10
DEEP_PAIRS = ((API_OFFICIAL_LIST, API_OFFICIAL_DEEP), (API_BARRIER_LIST, API_BARRIER_DEEP))
# Operations judged by their ratio to each other, measured call by call in turn (timed_together).
RATIO_PAIRS = ((API_REFERENCE, API_BARRIER_DETAIL), *DEEP_PAIRS)
# Issue 15: search by words and codes in English and Russian, and the admin's facet counts.
# (operation name, URL): the admin's changelists with ?q=, the officials' API with ?search=.
SEARCHES = (
    ("admin report search ?q=frozen shrimps", "/admin/barriers/report/?q=frozen+shrimps"),
    (
        "admin report search ?q=ветеринарные сертификаты",
        "/admin/barriers/report/?q=ветеринарные+сертификаты",
    ),
    ("API official report search ?search=shrimps", "/api/v1/reports/?search=shrimps"),
    (
        "API official report search ?search=Россельхознадзор",
        "/api/v1/reports/?search=Россельхознадзор",
    ),
    ("admin barrier search ?q=shrimps", "/admin/barriers/barrier/?q=shrimps"),
    ("admin barrier search ?q=креветки", "/admin/barriers/barrier/?q=креветки"),
    ("API official barrier search ?search=certificates", "/api/v1/barriers/?search=certificates"),
    ("API official barrier search ?search=сертификатов", "/api/v1/barriers/?search=сертификатов"),
)
# The changelists with their filters' counts. `_facets` is how Django's admin asks for them
# (ShowFacets.ALLOW); an admin with ShowFacets.ALWAYS counts without it, one with NEVER ignores it.
FACETS = (
    ("admin triage queue with facet counts", "/admin/barriers/triagequeueentry/?_facets=True"),
    ("admin report changelist with facet counts", "/admin/barriers/report/?_facets=True"),
    ("admin barrier changelist with facet counts", "/admin/barriers/barrier/?_facets=True"),
)
# HS code search: the nomenclature does not grow with the reports, so its target is absolute.
HS_SEARCHES = (
    ("API HS code search ?search=0306", "/api/v1/hs-codes/?search=0306"),
    ("API HS code search ?search=frozen shrimps", "/api/v1/hs-codes/?search=frozen+shrimps"),
    ("API HS code search ?search=креветки", "/api/v1/hs-codes/?search=креветки"),
    ("API HS code search ?search=raw cane sugar", "/api/v1/hs-codes/?search=raw+cane+sugar"),
)
HS_SEARCH_LIMIT_MS = 50.0  # issue 15: under 50 ms at the server for any query
AGENDA_DRAFT = "agenda draft (services.agenda_draft)"
AGENDA_REFERENCE = "agenda reference query"
FILING_API = "filing via API (POST /api/v1/reports/)"
FILING_ORM = "filing via bare ORM loop"
LOADTEST = "load test, all requests p95 (gunicorn, real worker)"
LOADTEST_TARGET = "0 errors, 0 lost, p95 ≤100 ms"
EXPORT = "export agenda {format} (200 items)"

GROWTH_LIMIT = 2.0  # issue 4 and 8: at 100,000 reports within twice the 1,000-report time
AGENDA_LIMIT = 3.0  # issue 5: drafting within three times the single reference query
FILING_LIMIT = 5.0  # issue 8: filing through the API within five times the bare ORM insert
# Issue 18: filing scales with the workers. Through gunicorn with FILING_WORKERS workers, reports
# per second from FILING_CLIENTS concurrent clients against one client at a time.
FILING_ONE_CLIENT = "filing via API, 1 client"
FILING_CLIENTS = 6
FILING_SCALING = f"report filing, {FILING_CLIENTS} clients vs 1 client throughput"
FILING_WORKERS = 3
# The filings (1 client, FILING_CLIENTS clients) and the minimal endpoint are measured in this
# many parts in turn, so that the machine's changing load falls on each of them alike.
FILING_ROUNDS = 4
FILING_SCALING_TARGET = 1.6
DEEP_LIMIT = 2.0  # issue 8: a deep page of an officials' list no slower than twice the first
DOCUMENT_LIMIT_MS = 1000.0  # issue 18: the agenda of 200 items as PDF or Word within a second
DOCUMENT_GROWTH_LIMIT = 4.5  # issue 18: 800 items within 4.5× the 200-item time (linear growth)


@dataclass
class Row:
    operation: str
    size: str
    ms: float | None
    queries: int | str | None
    ratio: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""
    unit: str = "ms"

    def cells(self) -> list[str]:
        if self.ms is None:
            value = "—"
        elif self.unit == "ms":
            value = f"{self.ms:,.1f}"
        else:
            value = f"{self.ms:,.1f} {self.unit}"
        met = {True: "yes", False: "NO", None: ""}[self.met]
        queries = "" if self.queries is None else str(self.queries)
        return [self.operation, self.size, value, queries, self.ratio, self.target, met]


HEADERS = ["operation", "data size", "median (ms)", "queries", "ratio", "target", "met"]


def table(rows: list[Row]) -> str:
    """One plain-text table; also valid Markdown."""
    cells = [HEADERS, *[row.cells() for row in rows]]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADERS))]

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    out = [line(HEADERS), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row.cells()) for row in rows]
    notes = [f"- {row.operation} ({row.size}): {row.note}" for row in rows if row.note]
    return "\n".join(out + (["", *notes] if notes else []))


@dataclass
class Timing:
    median_ms: float
    queries: int | str
    samples: list[float] = field(default_factory=list)


class QueryCounter:
    """Counts the queries run while installed with connection.execute_wrapper.

    The session's upkeep is left out: an official's session is renewed (written) at most once a
    minute (barriers.accounts.security), so whether a run includes that write depends on the
    clock, not on the page.
    """

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if "django_session" not in sql:
            self.count += 1
        return execute(sql, params, many, context)


def timed(run: Callable[[], Any], *, runs: int) -> Timing:
    """The median wall time of `runs` calls after one warm-up call, and their query count."""
    return timed_together({"run": run}, runs=runs)["run"]


def timed_together(plan: dict[str, Callable[[], Any]], *, runs: int) -> dict[str, Timing]:
    """Each of `plan`'s operations timed as `timed` does, call by call in turn (a warm-up call
    of each, then A, B, A, B…): operations compared with each other by a ratio (a barrier's page
    against the minimal endpoint) see the same spells of the machine."""
    for run in plan.values():
        run()
    samples: dict[str, list[float]] = {name: [] for name in plan}
    counts: dict[str, set[int]] = {name: set() for name in plan}
    for _ in range(runs):
        for name, run in plan.items():
            # A counting wrapper rather than CaptureQueriesContext, whose log stops at 9,000.
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                run()
                samples[name].append((time.perf_counter() - started) * 1000)
            counts[name].add(counter.count)
    timings = {}
    for name in plan:
        # A count that changes between identical runs is shown as a range: it is not fixed.
        found = counts[name]
        count: int | str = next(iter(found)) if len(found) == 1 else f"{min(found)}-{max(found)}"
        timings[name] = Timing(statistics.median(samples[name]), count, samples[name])
    return timings


def operation_groups(operations: list[str]) -> list[list[str]]:
    """The operations in the order given, those of a ratio between two of them (RATIO_PAIRS)
    grouped to be measured together (timed_together)."""
    groups: list[list[str]] = []
    placed: set[str] = set()
    for name in operations:
        if name in placed:
            continue
        group = [name]
        for pair in RATIO_PAIRS:
            if name in pair:
                group += [other for other in pair if other != name and other in operations]
        groups.append(group)
        placed.update(group)
    return groups


def timed_pairs(
    plans: dict[str, dict[str, Callable[[], Any]]],
    use: Callable[[str], None],
    *,
    rounds: int,
    runs: int,
) -> dict[str, dict[str, Timing]]:
    """Each operation of `plans` (by data set, then operation) measured on every data set in
    turn: `rounds` times, on each set a warm-up run and `runs` timed runs, switching between the
    sets (`use`) round by round. The two sizes of a ratio are then measured minutes apart at
    most, in alternation, so a slower spell of the machine (another process, the disk) weighs
    on both instead of on one; run one after the other, the 1,000-report figures of two runs
    differed by 1.6× on this machine."""
    from django.core.cache import cache

    samples: dict[str, dict[str, list[float]]] = {label: {} for label in plans}
    counts: dict[str, dict[str, set[int]]] = {label: {} for label in plans}
    operations = list(next(iter(plans.values())))
    for group in operation_groups(operations):
        for _round in range(rounds):
            for label, plan in plans.items():
                use(label)
                cache.clear()  # throttling counters
                timings = timed_together({name: plan[name] for name in group}, runs=runs)
                for name, timing in timings.items():
                    samples[label].setdefault(name, []).extend(timing.samples)
                    counts[label].setdefault(name, set()).update(
                        {timing.queries} if isinstance(timing.queries, int) else {-1}
                    )
    result: dict[str, dict[str, Timing]] = {}
    for label in plans:
        result[label] = {}
        for name in operations:
            found = counts[label][name]
            count: int | str = (
                next(iter(found)) if len(found) == 1 and -1 not in found else "varies"
            )
            result[label][name] = Timing(
                statistics.median(samples[label][name]), count, samples[label][name]
            )
    return result


def official_token() -> str:
    """A triage officer's API token, issued with a second factor as officials' tokens are."""
    from django.contrib.auth.models import Group

    from barriers import services
    from barriers.accounts.roles import TRIAGE_OFFICER
    from barriers.models import User

    user, created = User.objects.get_or_create(
        email="bench-official@generated.example",
        defaults={"is_staff": True, "full_name": "Bench official"},
    )
    if created:
        user.groups.add(Group.objects.get(name=TRIAGE_OFFICER))
    return services.api_token_issue(user=user, official=True, second_factor=True).key


def reference_notes(rows: list[Row], reference_ms: dict[str, float]) -> None:
    """Say in each API row's note how many times the minimal endpoint's time it takes, at the
    same data size (`reference_ms` by size label)."""
    for row in rows:
        ref = reference_ms.get(row.size)
        if ref and row.ms is not None and row.operation.startswith("API "):
            if row.operation == API_REFERENCE:
                continue
            ratio = f"{row.ms / ref:.2f}× ref"
            row.note = f"{ratio}; {row.note}" if row.note else ratio


def get(client: Client, url: str, **headers: str) -> Callable[[], Any]:
    def run() -> Any:
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code} {response.content[:300]!r}")
        return response

    return run


def public_get(client: Client, url: str) -> Callable[[], Any]:
    """A public page rendered afresh each time: its cached copy is dropped first (the register's
    version is kept: a new one would mean a change, after which the statistics are worked out
    again, which the row of its own measures)."""
    from django.core.cache import cache

    from barriers.selectors.public import PUBLIC_VERSION_KEY

    fetch = get(client, url)

    def run() -> Any:
        version = cache.get(PUBLIC_VERSION_KEY)
        cache.clear()
        if version is not None:
            cache.set(PUBLIC_VERSION_KEY, version, timeout=None)
        return fetch()

    return run


def statistics_build() -> Any:
    """Work the public statistics out again, as the worker does after a change."""
    from barriers.services.publishing import public_statistics_rebuild

    return public_statistics_rebuild(force=True)


def publish_share() -> int:
    """Publish one barrier in PUBLISHED_EVERY not yet published (bulk, as generate_data writes):
    its public texts are its title and summary, as an official might review them."""
    from django.db.models import F
    from django.db.models.functions import Lower, Mod
    from django.utils import timezone

    from barriers.models import Barrier

    now = timezone.now()
    published = (
        Barrier.objects.filter(published_at__isnull=True)
        .alias(slot=Mod("id", PUBLISHED_EVERY))
        .filter(slot=0)
        .update(
            published_at=now,
            public_changed_at=F("updated_at"),
            public_title=F("title"),
            public_summary=F("summary"),
            public_search_text=Lower(F("title")),
        )
    )
    # The table as autovacuum would leave it after such a bulk change. With the statistics of
    # before (no barrier published) the register's page query expected one published row and
    # sorted every one of them (20,000 at a million reports) instead of reading its 25 from the
    # register's index; without the visibility map its count read each published row (15 ms at
    # a million reports, against 2 ms from the index alone).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{vacuum} barriers_barrier")
    return published


def deep_page(client: Client, url: str, *, rows: int, step: int = 100) -> tuple[str, int]:
    """Follow a cursor-paginated list's `next` links `rows` rows in, `step` rows a request.

    Returns the URL of the page that starts there (at the list's default page size) and its
    page number at that size.
    """
    from django.core.cache import cache
    from rest_framework.utils.urls import remove_query_param, replace_query_param

    link: str | None = url
    walked = requests = 0
    while walked < rows and link:
        requests += 1
        if requests % 50 == 0:
            cache.clear()  # the throttling counters: the walk is not what is measured
        response = client.get(replace_query_param(link, "page_size", min(step, rows - walked)))
        if response.status_code != 200:
            raise RuntimeError(f"GET {link}: {response.status_code} {response.content[:300]!r}")
        body = response.json()
        walked += len(body["results"])
        link = body["next"]
    if link is None:
        raise RuntimeError(f"{url}: the list ended before row {rows:,}")
    cache.clear()
    page_size = 25  # views.NewestFirstCursorPagination.page_size
    return remove_query_param(link, "page_size"), walked // page_size + 1


# ---------------------------------------------------------------------------------------------
# Agenda drafting and its reference query
# ---------------------------------------------------------------------------------------------


def agenda_reference_query() -> list[dict[str, Any]]:
    """All candidate barriers with their aggregates in one query: selectors.agenda_candidates'."""
    from barriers.selectors import agenda_candidate_rows

    return list(agenda_candidate_rows())


# ---------------------------------------------------------------------------------------------
# Filing
# ---------------------------------------------------------------------------------------------


def filing_payloads(count: int) -> list[dict[str, Any]]:
    """`count` report payloads as an exporter would send them."""
    from barriers.models import BarrierKind, Country, HSCode, Regulator

    kinds = list(BarrierKind.objects.order_by("code").values_list("code", flat=True))
    countries = list(Country.objects.order_by("code").values_list("code", flat=True))
    regulators = list(Regulator.objects.order_by("code").values_list("code", "country_id"))
    codes = list(HSCode.objects.order_by("code").values_list("code", flat=True))
    today = dt.date.today()

    def regulator_for(n: int, country: str) -> str | None:
        # A regulator of the destination country or of the whole EAEU, as filing requires.
        fitting = [code for code, of in regulators if of in (None, country)]
        return fitting[n % len(fitting)] if fitting else None

    return [
        {
            "title": f"Benchmark filing {n}: {codes[n % len(codes)]} held at the border",
            "description": "Our consignment waits for a decision; the buyer may cancel.",
            "barrier_kind": kinds[n % len(kinds)],
            "destination_country": countries[n % len(countries)],
            "regulator": regulator_for(n, countries[n % len(countries)]),
            "hs_codes": [codes[n % len(codes)], codes[(n * 7 + 3) % len(codes)]],
            "application_number": f"BENCH/{n}",
            "applied_on": (today - dt.timedelta(days=30 + n % 90)).isoformat(),
            "consignments_affected": 1 + n % 5,
            "trade_value_usd": str(10_000 + n * 10),
            "consent_to_share": bool(n % 2),
        }
        for n in range(count)
    ]


def filing_orm(payloads: list[dict[str, Any]], filers: list[Any]) -> float:
    """Seconds to insert the payloads with Report.objects.create and hs_codes.set, one by one."""
    from barriers import services
    from barriers.models import Report, ReportStatus

    year = dt.date.today().year
    # Reserve the numbers once so the loop is the bare insert and later filings never collide.
    first = services.reference_last(prefix="REP", year=year) + 1
    services.reference_advance(prefix="REP", year=year, last=first + len(payloads) - 1)
    started = time.perf_counter()
    for n, payload in enumerate(payloads):
        filer = filers[n % len(filers)]
        data = {k: v for k, v in payload.items() if k != "hs_codes"}
        now = dt.datetime.now(dt.UTC)
        report = Report.objects.create(
            reference=f"REP-{year}-{first + n:06d}",
            company_id=filer.company_id,
            filed_by=filer,
            status=ReportStatus.SUBMITTED,
            barrier_kind_id=data.pop("barrier_kind"),
            destination_country_id=data.pop("destination_country"),
            regulator_id=data.pop("regulator"),
            applied_on=dt.date.fromisoformat(data.pop("applied_on")),
            trade_value_usd=Decimal(data.pop("trade_value_usd")),
            created_at=now,
            updated_at=now,
            submitted_at=now,
            **data,
        )
        report.hs_codes.set(payload["hs_codes"])
    return time.perf_counter() - started


def filing_inprocess(payloads: list[dict[str, Any]], tokens: list[str]) -> float:
    """Seconds to file the payloads through the test client, one by one."""
    client = Client()
    started = time.perf_counter()
    for n, payload in enumerate(payloads):
        response = client.post(
            "/api/v1/reports/",
            data=json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {tokens[n % len(tokens)]}",
        )
        if response.status_code != 201:
            raise RuntimeError(f"filing: {response.status_code} {response.content[:300]!r}")
    return time.perf_counter() - started


def reference_inprocess(path: str, token: str, count: int) -> float:
    """Seconds to GET the reference endpoint `count` times through the test client."""
    fetch = get(Client(), path, HTTP_AUTHORIZATION=f"Token {token}")
    started = time.perf_counter()
    for _ in range(count):
        fetch()
    return time.perf_counter() - started


def database_url() -> str:
    """The URL of the database this process uses (the test database under pytest)."""
    db = connection.settings_dict
    auth = db["USER"] or ""
    if db["PASSWORD"]:
        auth += f":{db['PASSWORD']}"
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving this database with a real broker, for as long as the `with` lasts."""

    def __init__(self, *, broker: str, workers: int = 2) -> None:
        self.port = free_port()
        self.queue = f"bench-{os.getpid()}"
        self.broker = broker
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DEBUG": "false",
            "SECRET_KEY": "benchmark-only-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "CELERY_BROKER_URL": broker,
            # Its own queue, emptied afterwards: nothing else's tasks are touched.
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            # Throttling is not what is measured here.
            "API_THROTTLE_USER": "1000000/min",
        }
        self.command = [
            str(Path(sys.executable).with_name("gunicorn")),
            # The product's application with the reference endpoint (devtools.bench_wsgi).
            "devtools.bench_wsgi",
            "-b",
            f"127.0.0.1:{self.port}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
        ]
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/api/v1/countries/", timeout=2)
            except urllib.error.HTTPError:
                return self  # 401: it answers
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn exited on start") from None
                time.sleep(0.2)
            else:
                return self
        raise RuntimeError("gunicorn did not answer within 30 seconds")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        try:
            import redis

            redis.Redis.from_url(self.broker).delete(self.queue)
        except Exception:  # tidying up only
            pass

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get_all(self, path: str, token: str, *, count: int, threads: int) -> float:
        """Seconds to GET `path` `count` times from `threads` concurrent clients."""

        def fetch(_n: int) -> int:
            request = urllib.request.Request(
                f"{self.url}{path}", headers={"Authorization": f"Token {token}"}
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code

        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            statuses = list(pool.map(fetch, range(count)))
        elapsed = time.perf_counter() - started
        refused = [s for s in statuses if s != 200]
        if refused:
            raise RuntimeError(
                f"GET {path} through gunicorn: {len(refused)} refused ({refused[:5]})"
            )
        return elapsed

    def file_all(self, payloads: list[dict[str, Any]], tokens: list[str], threads: int) -> float:
        """Seconds to file the payloads from `threads` concurrent clients."""

        def post(n: int) -> int:
            request = urllib.request.Request(
                f"{self.url}/api/v1/reports/",
                data=json.dumps(payloads[n]).encode(),
                headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Token {tokens[n % len(tokens)]}",
                },
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code

        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            statuses = list(pool.map(post, range(len(payloads))))
        elapsed = time.perf_counter() - started
        refused = [s for s in statuses if s != 201]
        if refused:
            raise RuntimeError(f"filing through gunicorn: {len(refused)} refused ({refused[:5]})")
        return elapsed


# ---------------------------------------------------------------------------------------------
# The machine and the results file
# ---------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    import django

    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    server = "—"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        server = f"{connection.vendor} {connection.Database.sqlite_version}"
    return {
        "CPUs": str(os.cpu_count()),
        "RAM": f"{ram:.1f} GiB",
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "database": server,
    }


def machine_id() -> str:
    try:
        raw = Path("/etc/machine-id").read_text().strip()
    except OSError:
        raw = platform.node()
    return hashlib.sha256(raw.encode()).hexdigest()[:8]


def git_sha() -> str:
    """The short commit of the code measured, or "unknown" outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def write_results(
    rows: list[Row],
    *,
    directory: Path,
    command: str,
    started: dt.datetime,
    seconds: float,
    kind: str = "",
) -> Path:
    """Write the results file, named by the run's start, machine, commit and kind (the usual
    run, or `kind` "huge"), so that no run overwrites another's: not a --huge run the usual
    one, nor a later run of the day an earlier one."""
    directory.mkdir(parents=True, exist_ok=True)
    suffix = f"-{kind}" if kind else ""
    sha = git_sha()
    path = directory / f"{started:%Y-%m-%d-%H%M}-{machine_id()}-{sha}{suffix}.md"
    info = machine()
    lines = [
        f"# Benchmarks {started:%Y-%m-%d %H:%M} UTC, commit {sha}, machine {machine_id()}",
        "",
        f"Command: `{command}` ({seconds:.0f} s in all). Medians after a warm-up run; queries "
        "are those of one run (a range when runs differ). On PostgreSQL the reads at the two "
        "sizes are measured in alternation, a copy of the small data set kept for it "
        "(devtools.benchmarks.timed_pairs).",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        f"- DEBUG: {settings.DEBUG}",
        "",
        table(rows),
        "",
    ]
    path.write_text("\n".join(lines))
    return path
