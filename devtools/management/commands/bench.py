"""`manage.py bench`: every benchmark of the project in one table (issues 4, 5, 8, 15 and 18).

Builds a small data set (1,000 reports), measures, grows it for agenda drafting (50,000 reports,
about 10,000 open barriers) and to the large size (100,000 reports, 20,000 barriers) and
measures again, printing the growth of each figure. On PostgreSQL the small data set is kept
as a copy and the reads are measured at both sizes in alternation, so that the ratios compare
figures taken in the same minutes. `--huge` measures the reads alone at 1,000 and 1,000,000
reports (200,000 barriers), generated or copied from `--large-template`; not run in CI. Needs an
empty database (`make bench`
creates a fresh one on PostgreSQL); development and benchmarking only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from rest_framework.authtoken.models import Token

from barriers import services
from barriers.models import Barrier, Meeting, MeetingStatus, Report, User
from devtools import benchmarks as b


class Command(BaseCommand):
    help = "Run every benchmark at 1,000 and 100,000 reports and print one table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--small", type=int, default=1000, help="reports first (1,000)")
        parser.add_argument("--large", type=int, default=100_000, help="reports last (100,000)")
        parser.add_argument("--agenda-reports", type=int, help="reports when drafting (large/2)")
        parser.add_argument("--runs", type=int, default=9, help="runs per figure, small size")
        parser.add_argument("--large-runs", type=int, default=5, help="runs per figure, large")
        parser.add_argument("--filings", type=int, default=400, help="reports filed per size")
        parser.add_argument(
            "--filing",
            choices=("gunicorn", "inprocess"),
            default="gunicorn",
            help="file through a gunicorn started for the run, or the in-process test client",
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=3,
            help="PostgreSQL: rounds of alternation between the two sizes (--large-runs each)",
        )
        parser.add_argument(
            "--sequential",
            action="store_true",
            help="measure the small size before growing (no copy, no alternation)",
        )
        parser.add_argument("--broker", default="redis://127.0.0.1:6379/9")
        parser.add_argument(
            "--quick", action="store_true", help="a small smoke run (200 and 1,000 reports)"
        )
        parser.add_argument(
            "--no-loadtest",
            action="store_true",
            help="skip the load test (50 exporters for 60 s on a database of its own)",
        )
        parser.add_argument(
            "--huge",
            action="store_true",
            help="the reads alone at --small (1,000) and 1,000,000 reports with 200,000 barriers "
            "(PostgreSQL; generating takes about half an hour; not run in CI)",
        )
        parser.add_argument(
            "--huge-reports",
            type=int,
            default=1_000_000,
            help="reports at the large size with --huge (1,000,000)",
        )
        parser.add_argument(
            "--large-template",
            help="with --huge: copy the large data set from this database, made earlier by "
            "generate_data (--reports 999000 --barriers 199800 on the 1,000-report set), instead "
            "of generating it",
        )
        parser.add_argument("--output-dir", default=str(b.ROOT / "docs" / "benchmarks"))
        parser.add_argument("--no-save", action="store_true", help="do not write a results file")
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args: Any, **options: Any) -> None:
        # The minimal endpoint the API rows are compared with exists only while the bench runs.
        with override_settings(ROOT_URLCONF=b.REFERENCE_URLCONF):
            self.measure(**options)

    def measure(self, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("bench generates made-up data; run it with DEBUG on (or --force).")
        if Report.objects.exists():
            raise CommandError(
                "bench needs a database without reports: `make bench` creates a fresh one."
            )
        if connection.vendor != "postgresql":
            self.stderr.write("Note: not PostgreSQL; the figures say little about production.")
        if options["quick"]:
            options.update(small=200, large=1000, runs=2, large_runs=2, filings=10)
            options["filing"] = "inprocess"
        self.options = options
        self.verbosity = options["verbosity"]
        if options["huge"]:
            self.measure_huge(**options)
            return
        self.filing_one_client: list[float | None] = []  # seconds, as filing() measured them
        small, large = options["small"], options["large"]
        agenda_size = options["agenda_reports"] or large // 2
        started_at = dt.datetime.now(dt.UTC)
        started = time.perf_counter()

        self.admin = User.objects.create_superuser(
            email="bench-admin@generated.example", password=None
        )
        self.client = Client()
        self.client.force_login(self.admin)
        rows: list[b.Row] = []
        self.filing_reference: list[float] = []  # seconds, as filing() measured them

        rows.append(self.grow(small, barriers=small // 5, seed=1))
        self.deep_pages: dict[str, int] = {}
        # On PostgreSQL the small data set is kept as a copy, and the reads are measured at
        # both sizes in alternation once the large one is built (b.timed_pairs).
        paired = (
            connection.vendor == "postgresql"
            and not connection.in_atomic_block
            and not options["sequential"]
        )
        if paired:
            small_copy = self.keep_copy()
        else:
            at_small = self.reads(options["runs"])
            pages_small = dict(self.deep_pages)
        agenda_small = self.agenda(options["runs"])
        filing_small = self.filing(options["filings"])

        rows.append(self.grow(agenda_size, barriers=agenda_size // 4, seed=2))
        agenda_mid = self.agenda(options["large_runs"])

        rows.append(self.grow(large, barriers=max(large // 5, Barrier.objects.count()), seed=3))
        if paired:
            at_small, at_large, pages_small, pages_large = self.paired_reads(
                small_copy, rounds=options["rounds"], runs=options["large_runs"]
            )
        else:
            at_large = self.reads(options["large_runs"])
            pages_large = dict(self.deep_pages)
        filing_large = self.filing(options["filings"])

        s_label, l_label = f"{small:,} reports", f"{large:,} reports"
        rows += self.read_rows((small, at_small, pages_small), (large, at_large, pages_large))
        agenda_fixed = agenda_small[0].queries == agenda_mid[0].queries
        for label, (draft, reference, candidates), judged in (
            (s_label, agenda_small, False),
            (f"{agenda_size:,} reports", agenda_mid, True),
        ):
            size = f"{label}, {candidates:,} candidates"
            ratio = draft.median_ms / reference.median_ms
            fixed = agenda_fixed and isinstance(draft.queries, int)
            rows.append(b.Row(b.AGENDA_REFERENCE, size, reference.median_ms, reference.queries))
            # Issue 5 sets the target at 10,000 open barriers and 50,000 reports; on a small data
            # set the draft's fixed queries outweigh a reference of a few milliseconds, so the
            # ratio there is shown for the record, not judged.
            rows.append(
                b.Row(
                    b.AGENDA_DRAFT,
                    size,
                    draft.median_ms,
                    draft.queries,
                    ratio=f"{ratio:.2f}× reference",
                    target=f"≤{b.AGENDA_LIMIT:g}×, fixed queries" if judged else "",
                    met=(ratio <= b.AGENDA_LIMIT and fixed) if judged else None,
                    note=(
                        ("" if fixed else "query count grows with the candidates")
                        if judged
                        else "target is set at 50,000 reports"
                    ),
                )
            )
        for label, (api_s, orm_s, count, how) in (
            (s_label, filing_small),
            (l_label, filing_large),
        ):
            ratio = api_s / orm_s
            rows.append(
                b.Row(
                    b.FILING_ORM,
                    label,
                    orm_s * 1000 / count,
                    None,
                    note=f"{count} reports, {count / orm_s:.0f} reports/s, one at a time",
                )
            )
            rows.append(
                b.Row(
                    b.FILING_API,
                    label,
                    api_s * 1000 / count,
                    None,
                    ratio=f"{ratio:.2f}× ORM",
                    target=f"≤{b.FILING_LIMIT:g}× ORM",
                    met=ratio <= b.FILING_LIMIT,
                    note=f"{count} reports, {count / api_s:.0f} reports/s, {how}",
                )
            )
        rows += self.filing_rows((s_label, l_label), (filing_small, filing_large))
        rows += self.exports(quick=options["quick"])
        if not (options["quick"] or options["no_loadtest"]):
            rows += self.loadtest()

        self.finish(rows, options, started=started, started_at=started_at)

    def read_rows(
        self,
        small_reads: tuple[int, dict[str, b.Timing], dict[str, int]],
        large_reads: tuple[int, dict[str, b.Timing], dict[str, int]],
    ) -> list[b.Row]:
        """The rows of the reads measured at both sizes (reports, timings, deep pages): each read
        at the large size against the small, its target, the deep pages and the minimal
        endpoint."""
        small, at_small, pages_small = small_reads
        large, at_large, pages_large = large_reads
        s_label, l_label = f"{small:,} reports", f"{large:,} reports"
        rows: list[b.Row] = []
        hs_searches = {name for name, _ in b.HS_SEARCHES}
        for operation, timing in at_small.items():
            big = at_large[operation]
            growth = big.median_ms / timing.median_ms
            fixed = big.queries == timing.queries and isinstance(big.queries, int)
            if operation in hs_searches:
                # The nomenclature is the same at both sizes: the target is the time itself.
                limit = b.HS_SEARCH_LIMIT_MS
                rows.append(
                    b.Row(
                        operation,
                        s_label,
                        timing.median_ms,
                        timing.queries,
                        target=f"<{limit:g} ms",
                        met=timing.median_ms < limit,
                    )
                )
                rows.append(
                    b.Row(
                        operation,
                        l_label,
                        big.median_ms,
                        big.queries,
                        ratio=f"{growth:.2f}× of {small:,}",
                        target=f"<{limit:g} ms, fixed queries",
                        met=big.median_ms < limit and fixed,
                        note="" if fixed else f"queries {timing.queries} → {big.queries}",
                    )
                )
                continue
            if operation == b.API_BARRIER_DETAIL:
                # Issue 18: against the minimal endpoint measured in the same run and size.
                for label, measured, ref in (
                    (s_label, timing, at_small[b.API_REFERENCE]),
                    (l_label, big, at_large[b.API_REFERENCE]),
                ):
                    times = measured.median_ms / ref.median_ms
                    rows.append(
                        b.Row(
                            operation,
                            label,
                            measured.median_ms,
                            measured.queries,
                            ratio=f"{times:.2f}× ref",
                            target=f"≤{b.BARRIER_DETAIL_LIMIT:g}× ref",
                            met=times <= b.BARRIER_DETAIL_LIMIT,
                            note="GET /api/v1/barriers/{reference}/ as a triage officer (token)",
                        )
                    )
                continue
            rows.append(
                b.Row(
                    operation,
                    s_label,
                    timing.median_ms,
                    timing.queries,
                    note=self.notes.get(operation, ""),
                )
            )
            judged = operation not in b.UNJUDGED
            rows.append(
                b.Row(
                    operation,
                    l_label,
                    big.median_ms,
                    big.queries,
                    ratio=f"{growth:.2f}× of {small:,}",
                    target=f"≤{b.GROWTH_LIMIT:g}×, fixed queries" if judged else "",
                    met=(growth <= b.GROWTH_LIMIT and fixed) if judged else None,
                    note="" if fixed else f"queries {timing.queries} → {big.queries}",
                )
            )
        rows += self.deep_rows(s_label, at_small, pages_small)
        rows += self.deep_rows(l_label, at_large, pages_large)
        b.reference_notes(
            rows,
            {
                s_label: at_small[b.API_REFERENCE].median_ms,
                l_label: at_large[b.API_REFERENCE].median_ms,
            },
        )
        return rows

    def measure_huge(self, **options: Any) -> None:
        """`--huge`: the reads at --small and at a million reports (200,000 barriers), measured
        in alternation as the usual run measures them at 100,000; no agenda, filing, exports or
        load test. The large data set is generated (about half an hour on this machine kind) or
        copied from --large-template."""
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            raise CommandError("--huge needs PostgreSQL outside a transaction: `make bench`.")
        small, large = options["small"], options["huge_reports"]
        template = options["large_template"]
        started_at = dt.datetime.now(dt.UTC)
        started = time.perf_counter()
        self.admin = User(email="bench-admin@generated.example", is_staff=True, is_superuser=True)
        self.admin.set_unusable_password()
        if template:
            # The admin gets the same key in both databases, so that one session serves both.
            self.admin.pk = self.users_after(template)
        self.admin.save()
        self.users_sequence_past()
        self.client = Client()
        self.client.force_login(self.admin)
        rows = [self.grow(small, barriers=small // 5, seed=1)]
        self.deep_pages = {}
        small_copy = self.keep_copy()
        if template:
            rows.append(self.adopt(template))
        else:
            rows.append(self.grow(large, barriers=large // 5, seed=3))
        at_small, at_large, pages_small, pages_large = self.paired_reads(
            small_copy, rounds=options["rounds"], runs=options["large_runs"]
        )
        large = Report.objects.count()
        rows += self.read_rows((small, at_small, pages_small), (large, at_large, pages_large))
        self.finish(rows, options, started=started, started_at=started_at)

    def users_after(self, template: str) -> int:
        """A user key free in this database and in `template`."""
        import psycopg

        name = connection.settings_dict["NAME"]
        table = User._meta.db_table
        with psycopg.connect(b.database_url().replace(f"/{name}", f"/{template}")) as c:
            row = c.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
        here = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return max(int(row[0] if row else 0), here) + 1

    def users_sequence_past(self) -> None:
        """Move the users' key sequence past the admin's own key (written explicitly)."""
        table = User._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )

    def adopt(self, template: str) -> b.Row:
        """Make this database a copy of `template` (the large data set), with the bench's admin
        and its session copied in."""
        import psycopg
        from django.contrib.sessions.models import Session

        name = connection.settings_dict["NAME"]
        self.say(f"Copying the large data set from {template}…")
        session = Session.objects.get(session_key=self.client.session.session_key)
        started = time.perf_counter()
        connection.close()
        with psycopg.connect(
            b.database_url().replace(f"/{name}", "/postgres"), autocommit=True
        ) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            # FILE_COPY: the files as they are, much faster than the WAL-logged copy here.
            c.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        with connection.cursor() as cursor:
            # As grow() leaves a generated data set (quick when the template was vacuumed).
            cursor.execute("VACUUM ANALYZE")
        elapsed = time.perf_counter() - started
        self.admin.save(force_insert=True)
        self.users_sequence_past()
        session.save(force_insert=True)
        return b.Row(
            f"copy of {template}",
            f"{Report.objects.count():,} reports",
            elapsed * 1000,
            None,
            note=f"{Barrier.objects.count():,} barriers (CREATE DATABASE … TEMPLATE)",
        )

    def finish(
        self, rows: list[b.Row], options: dict[str, Any], *, started: float, started_at: Any
    ) -> None:
        """Print the table and write the results file (unless --no-save)."""
        seconds = time.perf_counter() - started
        self.stdout.write(b.table(rows))
        if not options["no_save"]:
            command = "manage.py bench " + " ".join(sys.argv[2:])
            path = b.write_results(
                rows,
                directory=Path(options["output_dir"]),
                command=command.strip(),
                started=started_at,
                seconds=seconds,
                kind="huge" if options.get("huge") else "",
            )
            self.stdout.write(f"\nWritten to {path}")
        self.stdout.write(f"Done in {seconds:.0f} s.")

    def say(self, message: str) -> None:
        if self.verbosity:
            self.stderr.write(message)

    def grow(self, reports: int, *, barriers: int, seed: int) -> b.Row:
        """Add reports and barriers up to the given totals with generate_data."""
        add_reports = reports - Report.objects.count()
        add_barriers = max(barriers - Barrier.objects.count(), 1)
        self.say(f"Growing to {reports:,} reports (+{add_reports:,}, +{add_barriers:,} barriers)…")
        started = time.perf_counter()
        call_command(
            "generate_data",
            reports=add_reports,
            barriers=add_barriers,
            seed=seed,
            force=True,
            no_progress=self.verbosity < 2,
            verbosity=0,
        )
        elapsed = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # What autovacuum does to a production table after bulk inserts: statistics, and
                # the visibility map that lets the facet counts read their indexes alone (not
                # possible inside a transaction, as when the test suite runs a quick bench).
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        return b.Row(
            "generate_data (bulk inserts)",
            f"+{add_reports:,} reports",
            elapsed * 1000,
            None,
            note=f"{add_reports / elapsed:,.0f} reports/s with barriers, history and meetings",
        )

    def exporter(self) -> tuple[User, Report]:
        """An exporter of the company with the most reports, and its latest report."""
        busiest = (
            Report.objects.values("company")
            .annotate(n=Count("pk"))
            .order_by("-n", "company")
            .first()["company"]
        )
        user = User.objects.filter(company_id=busiest, is_active=True).order_by("pk").first()
        report = Report.objects.filter(company_id=busiest).order_by("-created_at", "-pk").first()
        return user, report

    def keep_copy(self) -> str:
        """A copy of this database as it is now (PostgreSQL: CREATE DATABASE ... TEMPLATE)."""
        import psycopg

        name = connection.settings_dict["NAME"]
        copy = f"{name}_small"
        self.say(f"Keeping a copy of the small data set as {copy}…")
        connection.close()  # a template database must have no other connection
        with psycopg.connect(
            b.database_url().replace(f"/{name}", "/postgres"), autocommit=True
        ) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
        return copy

    def paired_reads(
        self, small_copy: str, *, rounds: int, runs: int
    ) -> tuple[dict[str, b.Timing], dict[str, b.Timing], dict[str, int], dict[str, int]]:
        """The reads at the small size (the copy) and at the large size (this database), in
        alternation; the copy is dropped afterwards."""
        import psycopg

        large_db = connection.settings_dict["NAME"]
        databases = {"small": small_copy, "large": large_db}

        def use(label: str) -> None:
            if connection.settings_dict["NAME"] != databases[label]:
                connection.close()
                connection.settings_dict["NAME"] = databases[label]

        plans, pages = {}, {}
        for label in databases:
            use(label)
            self.deep_pages = {}
            plans[label] = self.read_plan()
            pages[label] = dict(self.deep_pages)
        self.say(
            f"Measuring admin and API reads at both sizes in alternation "
            f"({rounds} rounds of {runs} runs each)…"
        )
        timings = b.timed_pairs(plans, use, rounds=rounds, runs=runs)
        use("large")
        with psycopg.connect(
            b.database_url().replace(f"/{large_db}", "/postgres"), autocommit=True
        ) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{small_copy}" WITH (FORCE)')
        return timings["small"], timings["large"], pages["small"], pages["large"]

    def reads(self, runs: int) -> dict[str, b.Timing]:
        self.say(f"Measuring admin and API reads ({runs} runs each)…")
        timings = {}
        plan = self.read_plan()
        for group in b.operation_groups(list(plan)):
            cache.clear()  # throttling counters
            timings.update(b.timed_together({name: plan[name] for name in group}, runs=runs))
        return timings

    def read_plan(self) -> dict[str, Any]:
        """Each read to measure on this database, by its row's name."""
        user, report = self.exporter()
        token = f"Token {Token.objects.get_or_create(user=user)[0].key}"
        api = Client()
        cache.clear()  # throttling counters
        plan = {
            b.ADMIN_REPORTS: b.get(self.client, "/admin/barriers/report/"),
            b.ADMIN_BARRIERS: b.get(self.client, "/admin/barriers/barrier/"),
            b.ADMIN_SEARCH: b.get(self.client, "/admin/barriers/report/?q=shrimp"),
            b.ADMIN_TRIAGE: b.get(self.client, "/admin/barriers/triagequeueentry/"),
            b.API_LIST: b.get(api, "/api/v1/reports/", HTTP_AUTHORIZATION=token),
            b.API_DETAIL: b.get(
                api, f"/api/v1/reports/{report.reference}/", HTTP_AUTHORIZATION=token
            ),
        }
        # Issue 18: the minimal authenticated request, and a barrier's page, as an official.
        official = f"Token {b.official_token()}"
        barrier = Barrier.objects.order_by("-created_at", "-pk").first()
        plan[b.API_REFERENCE] = b.get(
            api, b.REFERENCE_PATH.format(pk=barrier.pk), HTTP_AUTHORIZATION=official
        )
        plan[b.API_BARRIER_DETAIL] = b.get(
            api, f"/api/v1/barriers/{barrier.reference}/", HTTP_AUTHORIZATION=official
        )
        # The public register, signed out; its cache dropped before each request.
        b.publish_share()
        public = Client()
        plan[b.PUBLIC_LIST] = b.public_get(public, "/public/")
        plan[b.PUBLIC_STATS] = b.public_get(public, "/public/statistics/")
        plan[b.PUBLIC_STATS_BUILD] = b.statistics_build
        # Searches in English and Russian, facet counts and HS code search: the superuser's
        # session, as an official's.
        for name, url in (*b.SEARCHES, *b.FACETS, *b.HS_SEARCHES):
            plan[name] = b.get(self.client, url)
        self.notes = self.facet_notes()
        # The officials' lists: the first page, and a page half-way down the list reached by
        # following the cursor (the superuser's session; officials read these through the API).
        for (first, deep), url, total in (
            (b.DEEP_PAIRS[0], "/api/v1/reports/", Report.objects.count()),
            (b.DEEP_PAIRS[1], "/api/v1/barriers/", Barrier.objects.count()),
        ):
            self.say(f"Following {url} to row {total // 2:,}…")
            deep_url, page = b.deep_page(self.client, url, rows=total // 2)
            self.deep_pages[deep] = page
            plan[first] = b.get(self.client, url)
            plan[deep] = b.get(self.client, deep_url)
        return plan

    def facet_notes(self) -> dict[str, str]:
        """A note on each facet row whose admin does not count (ShowFacets.NEVER): the figure
        is then the changelist alone."""
        from django.contrib import admin

        from barriers.models import TriageQueueEntry

        notes = {}
        for (name, _), model in zip(b.FACETS, (TriageQueueEntry, Report, Barrier), strict=True):
            model_admin = admin.site._registry.get(model)
            if model_admin is not None and model_admin.show_facets == admin.ShowFacets.NEVER:
                notes[name] = "this admin has show_facets NEVER: no counts were made"
        return notes

    def deep_rows(
        self, label: str, timings: dict[str, b.Timing], pages: dict[str, int]
    ) -> list[b.Row]:
        """Deep page against first page of each officials' list, measured in the same run."""
        rows = []
        for first, deep in b.DEEP_PAIRS:
            ratio = timings[deep].median_ms / timings[first].median_ms
            fixed = timings[deep].queries == timings[first].queries
            rows.append(
                b.Row(
                    deep.replace(", deep page", ", deep ÷ first page"),
                    label,
                    timings[deep].median_ms,
                    timings[deep].queries,
                    ratio=f"{ratio:.2f}× first page",
                    target=f"≤{b.DEEP_LIMIT:g}×, same queries",
                    met=ratio <= b.DEEP_LIMIT and fixed,
                    note=f"page {pages[deep]:,} of 25 rows, reached by following the cursor",
                )
            )
        return rows

    def agenda(self, runs: int) -> tuple[b.Timing, b.Timing, int]:
        meeting = (
            Meeting.objects.filter(status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_DRAFT])
            .order_by("date")
            .first()
        )
        if meeting is None:
            raise CommandError("No meeting to draft: generate_data plans the next one.")
        self.say(f"Measuring agenda drafting of {meeting.code} ({runs} runs)…")
        reference = b.timed(b.agenda_reference_query, runs=runs)
        draft = b.timed(lambda: services.agenda_draft(meeting=meeting, actor=self.admin), runs=runs)
        return draft, reference, len(b.agenda_reference_query())

    def filing(self, count: int) -> tuple[float, float, int, str]:
        """Seconds to file `count` reports through the API and through a bare ORM loop."""
        filers = []
        for company_id in (
            Report.objects.values_list("company", flat=True).distinct().order_by("company")[:8]
        ):
            user = User.objects.filter(company_id=company_id).order_by("pk").first()
            filers.append(user)
        tokens = [Token.objects.get_or_create(user=user)[0].key for user in filers]
        payloads = b.filing_payloads(count)
        cache.clear()
        if self.options["filing"] == "gunicorn":
            self.say(f"Filing {count} reports through gunicorn…")
            with b.Gunicorn(broker=self.options["broker"], workers=b.FILING_WORKERS) as server:
                server.file_all(payloads[:12], tokens, threads=b.FILING_CLIENTS)  # warm-up
                # Issue 18: the payloads from one client at a time and from FILING_CLIENTS at
                # once (the API row), each filing them all, and the minimal endpoint from as many
                # clients (three requests a filing, the time of one counted: a request that short
                # is measured over longer), part by part in turn (b.FILING_ROUNDS), so that a
                # change in the machine's load falls on all three alike.
                reference = self.reference_path()
                one = api = ref = 0.0
                size = -(-count // b.FILING_ROUNDS)
                for start in range(0, count, size):
                    part = payloads[start : start + size]
                    one += server.file_all(part, tokens, threads=1)
                    api += server.file_all(part, tokens, threads=b.FILING_CLIENTS)
                    ref += (
                        server.get_all(
                            reference, tokens[0], count=3 * len(part), threads=b.FILING_CLIENTS
                        )
                        / 3
                    )
                self.filing_one_client.append(one)
                self.filing_reference.append(ref)
            how = f"gunicorn -w {b.FILING_WORKERS}, {b.FILING_CLIENTS} client threads, Redis broker"
        else:
            self.say(f"Filing {count} reports through the test client…")
            self.filing_one_client.append(None)  # one at a time already: nothing to compare
            api = b.filing_inprocess(payloads, tokens)
            self.filing_reference.append(
                b.reference_inprocess(self.reference_path(), tokens[0], count)
            )
            how = "in-process test client, one at a time"
        orm = b.filing_orm(payloads, filers)
        return api, orm, count, how

    def filing_rows(
        self, labels: tuple[str, ...], filings: tuple[tuple[float, float, int, str], ...]
    ) -> list[b.Row]:
        """Issue 18, at each size: reports per second from one client and from FILING_CLIENTS
        at once through the same gunicorn, the second over the first against its target; then
        filing against the minimal endpoint, both through the same server and clients, request
        for request."""
        scaling, reference = [], []
        for label, (api_s, _orm_s, count, how), one_s, ref_s in zip(
            labels, filings, self.filing_one_client, self.filing_reference, strict=True
        ):
            if one_s is not None:
                one, many = count / one_s, count / api_s
                scaling.append(
                    b.Row(
                        b.FILING_ONE_CLIENT,
                        label,
                        one_s * 1000 / count,
                        None,
                        note=f"{count} reports, {one:.0f} reports/s, gunicorn -w {b.FILING_WORKERS}",
                    )
                )
                scaling.append(
                    b.Row(
                        b.FILING_SCALING,
                        label,
                        None,
                        None,
                        ratio=f"{many / one:.2f}×",
                        target=f"≥{b.FILING_SCALING_TARGET:g}×",
                        met=many / one >= b.FILING_SCALING_TARGET,
                        note=f"{one:.0f} → {many:.0f} reports/s, gunicorn -w {b.FILING_WORKERS}",
                    )
                )
            times = api_s / ref_s
            reference.append(
                b.Row(
                    b.FILING_REFERENCE,
                    label,
                    api_s * 1000 / count,
                    None,
                    ratio=f"{times:.2f}× ref",
                    target=f"≤{b.FILING_REFERENCE_LIMIT:g}× ref",
                    met=times <= b.FILING_REFERENCE_LIMIT,
                    note=f"minimal endpoint {ref_s * 1000 / count:.1f} ms per request, {how}",
                )
            )
        return scaling + reference

    def reference_path(self) -> str:
        return b.REFERENCE_PATH.format(pk=Barrier.objects.order_by("pk").first().pk)

    def exports(self, *, quick: bool) -> list[b.Row]:
        try:
            from devtools.exports import bench as export_bench
        except ImportError:
            self.stderr.write("Note: devtools.exports.bench is missing; export times skipped.")
            return []
        items, runs = (10, 1) if quick else (200, 3)
        rows = []
        for format in ("pdf", "docx", "xlsx"):
            if format in ("pdf", "docx"):
                rows += self.document_rows(format, quick=quick)
                continue
            self.say(f"Rendering a {items}-item agenda as {format}…")
            export_bench.measure("agenda", format, 2)  # imports and fonts are not timed
            samples = [
                export_bench.measure("agenda", format, items).seconds * 1000 for _ in range(runs)
            ]
            samples.sort()
            rows.append(
                b.Row(
                    f"export agenda {format}",
                    f"{items} items",
                    samples[len(samples) // 2],
                    0,
                    note="renderer only, no database (devtools.exports.bench)",
                )
            )
        return rows

    def loadtest(self) -> list[b.Row]:
        """`manage.py loadtest` (50 exporters, 60 s, its own database), as one judged row."""
        self.say("Load test: 50 exporters for 60 s through gunicorn with a real worker…")
        with tempfile.TemporaryDirectory() as workdir:
            summary_path = Path(workdir) / "loadtest.json"
            done = subprocess.run(
                [
                    sys.executable,
                    str(b.ROOT / "manage.py"),
                    "loadtest",
                    f"--json={summary_path}",
                    f"--output-dir={self.options['output_dir']}",
                    *(["--no-save"] if self.options["no_save"] else []),
                    f"--verbosity={self.verbosity}",
                ],
                cwd=b.ROOT,
                env={**os.environ, **b.this_profile()},
                check=False,
            )
            if not summary_path.exists():
                return [
                    b.Row(
                        b.LOADTEST,
                        "50 exporters, 60 s",
                        None,
                        None,
                        target=b.LOADTEST_TARGET,
                        met=False,
                        note=f"the load test did not finish (exit {done.returncode})",
                    )
                ]
            summary = json.loads(summary_path.read_text())
        total, checks = summary["requests"], summary["verification"]
        return [
            b.Row(
                b.LOADTEST,
                "50 exporters, 60 s",
                total["p95_ms"],
                None,
                ratio=f"{total['per_second']:.0f} req/s, median {total['median_ms']:.0f} ms",
                target=b.LOADTEST_TARGET,
                met=bool(summary["target_met"]),
                note=(
                    f"p95 of {total['requests']:,} requests; {summary['errors']} errors; "
                    f"{len(checks['lost'])} reports lost, {len(checks['duplicated'])} doubled of "
                    f"{checks['filed_seen']:,} filed; e-mails delivered once "
                    f"{checks['delivered_once']:,} of {checks['outbox_rows']:,} "
                    "(manage.py loadtest; its own results file has the detail)"
                ),
            )
        ]

    def document_rows(self, format: str, *, quick: bool) -> list[b.Row]:
        """The agenda as PDF or Word at 50, 200 and 800 items (issue 18): 200 items within a
        second, and 800 within 4.5× of that, so that its cost grows linearly. Renderer only, no
        database. A quick run renders 10 items, unjudged."""
        from devtools.exports import bench as export_bench

        sizes, runs = ((10,), 1) if quick else ((50, 200, 800), 3)
        export_bench.measure("agenda", format, 2)  # imports are not timed
        medians = {}
        for items in sizes:
            self.say(f"Rendering a {items}-item agenda as {format}…")
            samples = sorted(
                export_bench.measure("agenda", format, items).seconds * 1000 for _ in range(runs)
            )
            medians[items] = samples[len(samples) // 2]
        if quick:
            return [b.Row(f"export agenda {format}", "10 items", medians[10], 0)]
        base = medians[200]
        growth = {items: ms / base for items, ms in medians.items()}
        return [
            b.Row(
                f"export agenda {format}",
                "50 items",
                medians[50],
                0,
                ratio=f"{growth[50]:.2f}× of 200",
            ),
            b.Row(
                f"export agenda {format}",
                "200 items",
                base,
                0,
                target=f"≤{b.DOCUMENT_LIMIT_MS:,.0f} ms",
                met=base <= b.DOCUMENT_LIMIT_MS,
            ),
            b.Row(
                f"export agenda {format}",
                "800 items",
                medians[800],
                0,
                ratio=f"{growth[800]:.2f}× of 200",
                target=f"≤{b.DOCUMENT_GROWTH_LIMIT:g}× of 200",
                met=growth[800] <= b.DOCUMENT_GROWTH_LIMIT,
            ),
        ]
