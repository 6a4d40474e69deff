"""`manage.py fuzz_api`: fuzz the REST API with Schemathesis against a throwaway copy of the app.

Builds a fresh database (a SQLite file in a temporary directory, or the PostgreSQL database given
with `--database-url`, dropped and created; its name must contain "fuzz"), migrates it, loads the
reference data and the demo data, starts gunicorn on a free loopback port with the API throttles
relaxed and officials' second factor required (`OFFICIALS_REQUIRE_MFA`, as in production), and
gets API tokens for a demo exporter, a demo official and a focal point of an EAEU regulator
(made for the run, with a few of its regulator's barriers shared) through
`POST /api/v1/auth/token/`; the demo officials' and the focal point's authenticator app is set up
with a secret made for the run, and their tokens are asked for with the code it shows (allauth's
own TOTP functions). Then:

1. an authentication sweep: every operation of `/api/v1/schema/` is called without credentials
   and with a made-up token, and must answer 401 unless the schema declares it public;
2. `schemathesis run` once per actor (the focal point's over its own operations), the runs side
   by side, with every check (among them `ignored_auth`, which repeats successful calls without
   credentials), positive and negative data, and the examples, coverage, fuzzing and stateful
   phases; `.ci/schemathesis.toml` lists the business-rule refusals of schema-valid requests.

Exits non-zero on any failure, printing the server's error log. Everything it starts is stopped
and everything it creates is removed at the end (`--keep` keeps the temporary directory).
Schemathesis comes from the `fuzz` extra (`pip install -e '.[fuzz]'`; `make install` installs it).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

# The demo accounts the fuzzer acts as (`manage.py seed_demo`), and a focal point of an EAEU
# regulator made for the run (`prepare_focal_point`).
ACTORS = {
    "exporter": "exporter.marine@demo.example",
    "official": "triage@demo.example",
    "focal_point": "focal.point@fuzz.example",
}
# Who gives the second factor for a token (the run's TOTP secret).
SECOND_FACTOR_ACTORS = frozenset({"official", "focal_point"})
# The focal point's run covers its own operations (and the reference data it uses); the other
# runs already meet them as a role refused (403).
ACTOR_PATHS = {"focal_point": r"^/api/v1/(counterpart/|legal-bases/)"}
# How many barriers of the focal point's regulator are shared with it for the run.
FOCAL_POINT_SHARES = 5
HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")
SERVER_START_SECONDS = 60
RELAXED_THROTTLE = "1000000/min"
REFUSAL_LINE = re.compile(r"[A-Z][A-Za-z ]+: /")
CHECK_NAME = re.compile(
    r'"name": ?"(not_a_server_error|status_code_conformance|content_type_conformance|'
    r"response_headers_conformance|response_schema_conformance|negative_data_rejection|"
    r"positive_data_acceptance|missing_required_header|unsupported_method|"
    r"allow_header_conformance|use_after_free|ensure_resource_availability|ignored_auth|"
    r'object_level_authorization)"'
)


@dataclass
class SweepResult:
    operations: int
    public: list[str]
    failures: list[str]


class Command(BaseCommand):
    help = (
        "Fuzz /api/v1/ with Schemathesis (all checks, positive and negative data, stateful "
        "phase) as a demo exporter and a demo official against a fresh database and a gunicorn "
        "started for the run; fail on any 5xx, schema mismatch or ignored authentication."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--database-url",
            default="",
            help=(
                "PostgreSQL database to (re)create for the run, e.g. "
                "postgres://postgres@127.0.0.1:5432/barriers_fuzz; its name must contain "
                "'fuzz'. Default: a SQLite file in a temporary directory."
            ),
        )
        parser.add_argument(
            "--max-examples", type=int, default=30, help="test cases per operation and phase"
        )
        parser.add_argument("--workers", type=int, default=2, help="Schemathesis workers")
        parser.add_argument("--server-workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--port", type=int, default=0, help="server port (0: a free one)")
        parser.add_argument("--seed", type=int, help="Schemathesis seed, to replay a run")
        parser.add_argument(
            "--actor",
            action="append",
            choices=sorted(ACTORS),
            help="run as this actor only (repeatable; default: all)",
        )
        parser.add_argument(
            "--time-limit",
            type=int,
            default=480,
            help="seconds the Schemathesis runs may take before they are stopped (and fail)",
        )
        parser.add_argument(
            "--schemathesis", default="", help="the schemathesis executable (default: found)"
        )
        parser.add_argument(
            "--config",
            default=str(Path(settings.BASE_DIR) / ".ci" / "schemathesis.toml"),
            help="Schemathesis configuration (expected refusals per operation)",
        )
        parser.add_argument(
            "--keep", action="store_true", help="keep the temporary directory (logs, reports)"
        )

    # -- orchestration ----------------------------------------------------------------------

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        self.options = options
        executable = self.find_schemathesis(options["schemathesis"])
        workdir = Path(tempfile.mkdtemp(prefix="barriers-fuzz-"))
        self.workdir = workdir
        self.server: subprocess.Popen[bytes] | None = None
        self.server_log = workdir / "server.log"
        database_url = options["database_url"]
        failures: list[str] = []
        try:
            self.env = self.child_env(database_url)
            if database_url:
                self.recreate_postgres(database_url)
            self.build_database()
            port = options["port"] or free_port()
            base = f"http://127.0.0.1:{port}"
            self.start_server(port)
            schema = self.wait_for_schema(f"{base}/api/v1/schema/?format=json")
            tokens = {
                actor: self.get_token(base, email, second_factor=actor in SECOND_FACTOR_ACTORS)
                for actor, email in ACTORS.items()
                if not options["actor"] or actor in options["actor"]
            }
            sweep = self.auth_sweep(base, schema)
            failures += sweep.failures
            self.config = self.write_config(base, tokens)
            failures += [
                f"schemathesis as the {actor}"
                for actor in self.run_schemathesis(executable, base, tokens)
            ]
        finally:
            self.stop_server()
            if failures:
                self.print_server_errors()
            if database_url:
                self.drop_postgres(database_url)
            if options["keep"]:
                self.stdout.write(f"Kept {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
        elapsed = time.monotonic() - started
        if failures:
            raise CommandError(f"API fuzzing failed ({elapsed:.0f} s): " + "; ".join(failures))
        self.stdout.write(self.style.SUCCESS(f"API fuzzing passed in {elapsed:.0f} s."))

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    # -- set-up -----------------------------------------------------------------------------

    def find_schemathesis(self, given: str) -> str:
        candidates = [
            given,
            str(Path(sys.executable).parent / "schemathesis"),
            str(Path(settings.BASE_DIR) / ".venv-fuzz" / "bin" / "schemathesis"),
            shutil.which("schemathesis") or "",
        ]
        for candidate in candidates:
            if candidate and os.access(candidate, os.X_OK):
                return candidate
        raise CommandError(
            "Schemathesis is not installed: run `make install` (it installs the `fuzz` extra) or "
            "`pip install -c constraints.txt -e '.[fuzz]'`, or pass --schemathesis."
        )

    def child_env(self, database_url: str) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "SITE_URL"):
            env.pop(name, None)
        env.update(
            DEBUG="true",
            # The child manage.py runs seed_demo, a development tool (devtools).
            DEVTOOLS="true",
            VAR_DIR=str(self.workdir),
            # The run's own password for the demo accounts: nothing known is ever served.
            DEMO_PASSWORD=secrets.token_urlsafe(16),
            # Officials act only after a second factor, as in production; the demo officials'
            # authenticator app is set up with this run's own secret (seed_demo).
            OFFICIALS_REQUIRE_MFA="true",
            DEMO_TOTP_SECRET=generate_totp_secret(),
            API_THROTTLE_USER=RELAXED_THROTTLE,
            API_THROTTLE_ANON=RELAXED_THROTTLE,
            EMAIL_BACKEND="locmem",
            # Refused requests (4xx) are the fuzzer's daily bread: log only errors.
            LOG_LEVEL="ERROR",
            PYTHONUNBUFFERED="1",
        )
        if database_url:
            env["DATABASE_URL"] = database_url
        return env

    def manage(self, *arguments: str) -> None:
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *arguments]
        result = subprocess.run(
            command, env=self.env, cwd=settings.BASE_DIR, capture_output=True, text=True
        )
        if result.returncode:
            raise CommandError(
                f"`manage.py {' '.join(arguments)}` failed:\n{result.stdout}{result.stderr}"
            )

    def build_database(self) -> None:
        began = time.monotonic()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("loaddata", str(Path(settings.BASE_DIR) / "fixtures" / "reference.json"), "-v0")
        self.manage("seed_demo", "-v0")
        self.manage(
            "shell",
            "-c",
            "from devtools.management.commands.fuzz_api import prepare_focal_point; "
            "prepare_focal_point()",
        )
        self.say(f"Fresh database with reference and demo data ({time.monotonic() - began:.0f} s).")

    def admin_connection(self, database_url: str) -> tuple[Any, str]:
        import psycopg

        url = urllib.parse.urlsplit(database_url)
        if url.scheme not in ("postgres", "postgresql"):
            raise CommandError("--database-url must be a postgres:// URL.")
        name = url.path.lstrip("/")
        if "fuzz" not in name:
            raise CommandError(
                f"The fuzzing database is dropped and created; its name must contain 'fuzz' "
                f"(got {name!r})."
            )
        admin_url = urllib.parse.urlunsplit(url._replace(path="/postgres"))
        return psycopg.connect(admin_url, autocommit=True), name

    def recreate_postgres(self, database_url: str) -> None:
        connection, name = self.admin_connection(database_url)
        with connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')

    def drop_postgres(self, database_url: str) -> None:
        connection, name = self.admin_connection(database_url)
        with connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- the server -------------------------------------------------------------------------

    def start_server(self, port: int) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "tracker.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(self.options["server_workers"]),
            "--threads",
            "4",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--error-logfile",
            "-",
            # Let over-long query strings reach Django (which refuses them with 400) instead of
            # gunicorn's bare 414; a reverse proxy sets its own limit in production.
            "--limit-request-line",
            "0",
        ]
        with self.server_log.open("wb") as log:
            self.server = subprocess.Popen(
                command,
                env=self.env,
                cwd=settings.BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.say(f"gunicorn on 127.0.0.1:{port} (pid {self.server.pid}).")

    def stop_server(self) -> None:
        if self.server is None or self.server.poll() is not None:
            return
        os.killpg(self.server.pid, signal.SIGTERM)
        try:
            self.server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait()

    def wait_for_schema(self, url: str) -> dict[str, Any]:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.server is not None and self.server.poll() is not None:
                raise CommandError(f"gunicorn exited at start:\n{self.server_log.read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    return json.load(response)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise CommandError(f"The API schema did not answer within {SERVER_START_SECONDS} s.")

    def print_server_errors(self) -> None:
        if not self.server_log.exists():
            return
        # Refusals (4xx) are logged as warnings, some twice: leave them out.
        text = "\n".join(
            line
            for line in self.server_log.read_text(errors="replace").splitlines()
            if " WARNING django.request " not in line and not REFUSAL_LINE.match(line)
        )
        if text.strip():
            self.stderr.write("\n== Server log (errors and tracebacks) ==\n" + text[-20000:])

    # -- authentication ---------------------------------------------------------------------

    def get_token(self, base: str, email: str, *, second_factor: bool = False) -> str:
        # A TOTP code is good for its 30-second step only (MFA_TOTP_TOLERANCE 0): one that
        # reaches a busy server after the step has turned is refused, so the next step's code
        # is tried once.
        for attempt in range(2 if second_factor else 1):
            credentials = {"email": email, "password": self.env["DEMO_PASSWORD"]}
            if second_factor:
                if attempt:
                    wait_for_next_totp_step()
                credentials["otp"] = current_totp_code(self.env["DEMO_TOTP_SECRET"])
            status, body = http(
                "POST",
                f"{base}/api/v1/auth/token/",
                body=json.dumps(credentials).encode(),
                headers={"Content-Type": "application/json"},
            )
            if status == 200:
                return json.loads(body)["token"]
            if status != 401 or b"mfa_invalid" not in body:
                break
        raise CommandError(f"No API token for {email}: {status} {body[:500]!r}")

    def auth_sweep(self, base: str, schema: dict[str, Any]) -> SweepResult:
        """Every operation without credentials and with a made-up token: 401 unless public."""
        top_security = schema.get("security")
        operations, public, failures = 0, [], []
        bogus = {"Authorization": f"Token {secrets.token_hex(20)}"}
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                if method not in HTTP_METHODS:
                    continue
                operations += 1
                label = f"{method.upper()} {path}"
                security = operation.get("security", top_security)
                if not security or {} in security:
                    public.append(label)
                    continue
                url = base + fill_path(
                    path, [*item.get("parameters", []), *operation.get("parameters", [])]
                )
                for headers in ({}, bogus):
                    status, _body = http(
                        method.upper(),
                        url,
                        body=b"{}",
                        headers={"Content-Type": "application/json", **headers},
                    )
                    if status != 401:
                        what = "a made-up token" if headers else "no credentials"
                        failures.append(f"{label} with {what} answered {status}, not 401")
        self.say(
            f"Authentication sweep: {operations} operations, {len(public)} public "
            f"({', '.join(public) or 'none'}), {len(failures)} failures."
        )
        for failure in failures:
            self.stderr.write(f"  {failure}")
        return SweepResult(operations, public, failures)

    # -- schemathesis -----------------------------------------------------------------------

    def write_config(self, base: str, tokens: dict[str, str]) -> Path:
        """`--config` plus dictionaries of codes that exist in this database, bound to the
        request fields and path parameters that name them: most generated reports then refer to
        a real barrier kind, country, regulator and HS code (and are filed, so the stateful phase
        can follow them), and most report URLs to a report the exporter owns."""
        exporter = self.get_token(base, ACTORS["exporter"])
        dictionaries = {
            "barrier_kinds": self.codes(base, "/api/v1/barrier-kinds/", "code", exporter),
            "countries": self.codes(base, "/api/v1/countries/", "code", exporter),
            "regulators": self.codes(base, "/api/v1/regulators/", "code", exporter),
            "hs_codes": self.codes(base, "/api/v1/hs-codes/", "code", exporter),
            "reports": self.codes(base, "/api/v1/reports/", "reference", exporter),
        }
        bindings = {
            "body.barrier_kind": ("barrier_kinds", 0.8),
            "body.destination_country": ("countries", 0.8),
            "body.regulator": ("regulators", 0.5),
            "body.hs_codes[*]": ("hs_codes", 0.8),
            "path.reference": ("reports", 0.7),
        }
        config = self.write_config_file("schemathesis.toml", dictionaries, bindings)
        self.focal_config = config
        if "focal_point" in tokens:
            # The focal point's run names the barriers shared with it where a path takes a
            # reference (its token was asked for with this step's code: not asked twice).
            shared = self.codes(
                base, "/api/v1/counterpart/barriers/", "reference", tokens["focal_point"]
            )
            self.focal_config = self.write_config_file(
                "schemathesis-focal-point.toml", {**dictionaries, "reports": shared}, bindings
            )
        return config

    def write_config_file(
        self,
        name: str,
        dictionaries: dict[str, list[str]],
        bindings: dict[str, tuple[str, float]],
    ) -> Path:
        lines = [Path(self.options["config"]).read_text(), "", "# Written by manage.py fuzz_api."]
        for name, values in dictionaries.items():
            if values:
                lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}"]
        lines.append("[parameters]")
        for key, (name, probability) in bindings.items():
            if dictionaries[name]:
                lines.append(f'"{key}" = {{ dictionary = "{name}", probability = {probability} }}')
        path = self.workdir / name
        path.write_text("\n".join(lines) + "\n")
        return path

    def codes(self, base: str, path: str, field: str, token: str) -> list[str]:
        status, body = http(
            "GET", f"{base}{path}?page_size=100", headers={"Authorization": f"Token {token}"}
        )
        if status != 200:
            raise CommandError(f"GET {path} answered {status}: {body[:300]!r}")
        data = json.loads(body)
        rows = data["results"] if isinstance(data, dict) else data
        return sorted({str(row[field]) for row in rows})

    def schemathesis_command(self, executable: str, base: str, actor: str, token: str) -> list[str]:
        options = self.options
        config = self.focal_config if actor == "focal_point" else self.config
        command = [
            executable,
            "--config-file",
            str(config),
            "run",
            f"{base}/api/v1/schema/",
            "--header",
            f"Authorization: Token {token}",
            "--checks",
            "all",
            "--mode",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            str(options["max_examples"]),
            "--workers",
            str(options["workers"]),
            "--request-timeout",
            "60",
            # `--checks all` includes max_response_time, 10 s by default: a timed assertion that
            # fails on a busy machine (a 200-item PDF agenda). Speed is measured by `make bench`;
            # here only a hang fails, at the request timeout.
            "--max-response-time",
            "60",
            "--suppress-health-check",
            "too_slow",
            "--generation-database",
            "none",
            "--report",
            "junit,ndjson",
            "--report-dir",
            str(self.workdir / f"schemathesis-{actor}"),
            "--no-color",
        ]
        if options["seed"] is not None:
            command += ["--seed", str(options["seed"])]
        if actor in ACTOR_PATHS:
            command += ["--include-path-regex", ACTOR_PATHS[actor]]
        return command

    def checks_run(self, actor: str) -> str:
        """How often each check ran, from the run's NDJSON events (`ignored_auth` among them)."""
        counts: dict[str, int] = {}
        for report in (self.workdir / f"schemathesis-{actor}").glob("*.ndjson"):
            for name in CHECK_NAME.findall(report.read_text(errors="replace")):
                counts[name] = counts.get(name, 0) + 1
        return "checks run: " + (
            ", ".join(f"{name} {n}" for name, n in sorted(counts.items())) or "none recorded"
        )

    def run_schemathesis(self, executable: str, base: str, tokens: dict[str, str]) -> list[str]:
        """One Schemathesis run per actor, side by side; their outputs in turn. Failed actors."""
        limit = self.options["time_limit"]
        began = time.monotonic()
        runs = {}
        for actor, token in tokens.items():
            log = (self.workdir / f"schemathesis-{actor}.log").open("wb")
            process = subprocess.Popen(
                self.schemathesis_command(executable, base, actor, token),
                cwd=self.workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            runs[actor] = (process, log)
        failed = []
        for actor, (process, log) in runs.items():
            try:
                code = process.wait(timeout=max(1.0, limit - (time.monotonic() - began)))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                code = process.wait()
                self.stderr.write(f"Schemathesis as the {actor} ran over {limit} s: stopped.")
            log.close()
            self.say(f"\n-- Schemathesis as the {actor} ({ACTORS[actor]}) --")
            self.say(Path(log.name).read_text(errors="replace"))
            self.say(f"Schemathesis as the {actor}: exit {code}; {self.checks_run(actor)}.")
            if code != 0:
                failed.append(actor)
        self.say(f"Schemathesis runs: {time.monotonic() - began:.0f} s.")
        return failed


# -- helpers --------------------------------------------------------------------------------


def current_totp_code(secret: str) -> str:
    """The code an authenticator app set up with `secret` shows now (allauth's own functions)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def wait_for_next_totp_step() -> None:
    period = mfa_settings.TOTP_PERIOD
    time.sleep(period - time.time() % period + 0.5)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(
    method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def fill_path(path: str, parameters: list[dict[str, Any]]) -> str:
    """The path with each parameter replaced by a plausible value of its type."""
    for parameter in parameters:
        if parameter.get("in") != "path":
            continue
        schema = parameter.get("schema", {})
        if "enum" in schema:
            value = str(schema["enum"][0])
        elif schema.get("type") == "integer":
            value = "1"
        elif schema.get("format") == "uuid":
            value = str(uuid.uuid4())
        else:
            value = "x"
        path = path.replace("{" + parameter["name"] + "}", urllib.parse.quote(value, safe=""))
    return path


def prepare_focal_point() -> None:
    """In the run's database (called through `manage.py shell`): a focal point of the regulator
    with the most open barriers, signed up with the run's password and authenticator secret,
    and up to FOCAL_POINT_SHARES of those barriers shared with that regulator by the demo
    triage officer, as an official would through the admin."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP
    from django.db.models import Count, Q

    from barriers import services
    from barriers.models import Barrier, BarrierStatus, Regulator, User

    official = User.objects.get(email=ACTORS["official"])
    regulator = (
        Regulator.objects.annotate(
            open_barriers=Count("barriers", filter=Q(barriers__status=BarrierStatus.OPEN))
        )
        .order_by("-open_barriers", "code")
        .first()
    )
    if regulator is None:
        raise CommandError("The demo data has no regulator to share barriers with.")
    person = User.objects.filter(email=ACTORS["focal_point"]).first()
    if person is None:
        person = User.objects.create_user(
            email=ACTORS["focal_point"],
            password=os.environ["DEMO_PASSWORD"],
            full_name="Fuzz Focal Point",
            regulator=regulator,
        )
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
        TOTP.activate(person, os.environ["DEMO_TOTP_SECRET"])
    barriers = Barrier.objects.filter(regulator=person.regulator, status=BarrierStatus.OPEN)
    for barrier in barriers.order_by("pk")[:FOCAL_POINT_SHARES]:
        services.barrier_share(
            actor=official,
            barrier=barrier,
            title_ru=barrier.title_ru or "Барьер для проверки API",
            title_en=barrier.title,
            summary_ru="Предприятие ожидает решения регулирующего органа.",
            summary_en="The plant awaits the regulator's decision.",
            ask_ru="Просим рассмотреть заявку.",
            ask_en="Please review the application.",
        )
