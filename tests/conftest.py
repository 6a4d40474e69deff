"""Shared fixtures: database-kind markers, a real Celery worker, captured e-mail."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests import factories
from tests.browser import CHROMIUM, chromium_page

# Property tests (Hypothesis) assert behaviour, never speed: no per-example deadline and no "input
# generation is slow" health check, both of which fail on a busy machine, not on a defect.
hypothesis_settings.register_profile(
    "suite", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("suite")

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run PostgreSQL-only, integration and browser tests only where those services exist.

    They are deselected (counted in pytest's summary), never silently skipped: CI runs the suite
    a second time on PostgreSQL with a broker so that every one of them runs there.
    """
    on_postgres = settings.IS_POSTGRES
    has_broker = bool(settings.CELERY_BROKER_URL)
    has_chromium = Path(CHROMIUM).exists()  # browser tests drive Debian's Chromium
    keep, drop = [], []
    for item in items:
        needs_pg = item.get_closest_marker("postgres") or item.get_closest_marker("integration")
        needs_broker = item.get_closest_marker("integration")
        needs_chromium = item.get_closest_marker("browser")
        if (
            (needs_pg and not on_postgres)
            or (needs_broker and not has_broker)
            or (needs_chromium and not has_chromium)
        ):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def role_groups_restore() -> None:
    """Make the role groups as the migrations do, reading the permission lists from them.

    The groups are data from migrations; a transactional test flushes the tables afterwards, so
    the next transactional test would find no groups.
    """
    import pkgutil
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission

    import barriers.migrations

    # Every migration that makes a role group (ROLES) or grants it permissions (ADDED), found
    # by name so that a new grant cannot be left out here (0037's publish_barrier once was).
    granted: dict[str, set[str]] = {}
    for info in sorted(pkgutil.iter_modules(barriers.migrations.__path__), key=lambda m: m.name):
        module = import_module(f"barriers.migrations.{info.name}")
        for table in ("ROLES", "ADDED"):
            for role, codenames in getattr(module, table, {}).items():
                granted.setdefault(role, set()).update(codenames)
    for role, codenames in granted.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="barriers", codename__in=codenames)
        )


def legal_bases_restore() -> None:
    """Load the legal bases as migration 0024 does (reference data a flush removes too)."""
    from importlib import import_module

    from django.apps import apps

    import_module("barriers.migrations.0024_legal_bases").load(apps, None)


def hs_nomenclature_restore() -> None:
    """Load the HS nomenclature as migration 0027 does (reference data a flush removes too)."""
    from importlib import import_module

    from django.apps import apps

    class SchemaEditor:
        connection = connection

    import_module("barriers.migrations.0027_hs_nomenclature").load(apps, SchemaEditor())


def migration_data_restore() -> None:
    """What the migrations put in the tables (role groups, legal bases, the HS nomenclature),
    where a transactional test's flush has removed it: for fixtures wider than one test."""
    from django.contrib.auth.models import Group

    from barriers.models import HSHeading, LegalBasis

    if not Group.objects.exists():
        role_groups_restore()
    if not LegalBasis.objects.exists():
        legal_bases_restore()
    if not HSHeading.objects.exists():
        hs_nomenclature_restore()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's default language, as a new request does: a test whose
    request chose Russian or Hindi (the portal's language middleware activates it for the
    thread) must not leave it active for the next test in the same process."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _today_is_the_day_the_test_runs(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Test modules name the day as `TODAY` (timezone.localdate(), India's day), computed when
    the module is imported. A run that crosses midnight in India (18:30 UTC) imported them the
    day before the tests ran, and compared that date with the code's today: four tests failed
    so (overdue counts, action points done "today"). Each test gets the day it runs on, in its
    module and in the helpers that use the name."""
    import datetime as dt

    from django.utils import timezone

    from tests import export_helpers

    today = timezone.localdate()
    for module in (getattr(request, "module", None), export_helpers):
        if isinstance(getattr(module, "TODAY", None), dt.date):
            monkeypatch.setattr(module, "TODAY", today)


@pytest.fixture(autouse=True)
def _broker_pause_lifted() -> None:
    """Each test starts with the broker's publish pause lifted: the pause is process-wide state
    (barriers.notifications.emails.publish_pause, 30 s after a failed publish), so a broker-down
    test would otherwise make the next tests' e-mails and follow events wait for the sweep."""
    from barriers.notifications.emails import publish_pause

    publish_pause.reset()


@pytest.fixture(autouse=True)
def _reference_data_read_afresh() -> None:
    """Each test reads the reference data its database holds: the rows a process keeps
    (report_rules.shared_reference_data) may be another test's, rolled back since."""
    from barriers.domain.report_rules import reference_data_forget

    reference_data_forget()


@pytest.fixture(autouse=True)
def _role_groups_in_transactional_tests(request: pytest.FixtureRequest) -> None:
    """Every test that uses the database finds the role groups and legal bases the migrations
    made.

    A transactional test flushes the tables when it ends. In one process pytest-django runs
    those tests last; under pytest-xdist a process runs whole modules in the order it is sent
    them, so a test module can follow another module's flush.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        role_groups_restore()
        legal_bases_restore()
        from barriers.models import HSHeading

        if not HSHeading.objects.exists():
            hs_nomenclature_restore()
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
        from django.contrib.auth.models import Group

        from barriers.models import HSHeading, LegalBasis

        if not Group.objects.exists():
            role_groups_restore()
        if not LegalBasis.objects.exists():
            legal_bases_restore()
        if not HSHeading.objects.exists():
            hs_nomenclature_restore()


# N+1 patterns django-zeal reports that are not ones: each entry says why. Only zeal's
# "same .get() line run twice" heuristic is relaxed; loading a relation row by row on these
# models is still an error.
ZEAL_ALLOWLIST: list[dict[str, str]] = [
    # Django reads the session once per request; force_login and several clients in one test
    # repeat that line outside any request.
    {"model": "sessions.Session", "field": "get()"},
    # The services lock the one row they change (services.row_lock: select_for_update().get());
    # a test that calls a service several times repeats the line. On SQLite reference_next
    # reads back the number its UPDATE took, once per report: a bulk import files row after row.
    *(
        {"model": f"barriers.{model}", "field": "get()"}
        for model in ("Report", "Barrier", "Meeting", "Company", "AgendaItem", "ReferenceCounter")
    ),
    # The outbox writes each e-mail with get_or_create on its dedupe key (notifications.
    # email_queue), so that a retried step never queues the same e-mail twice.
    {"model": "barriers.OutboundEmail", "field": "get()"},
    # allauth's sign-in and e-mail confirmation read the user and address more than once.
    {"model": "barriers.User", "field": "get()"},
    {"model": "account.EmailAddress", "field": "get()"},
    # The admin's change page of a triage entry looks its one row up twice (get_object).
    {"model": "barriers.TriageQueueEntry", "field": "get()"},
]


@pytest.fixture(scope="session")
def _zeal_patched() -> None:
    """Teach Django's related-object descriptors to report N+1 loads (django-zeal)."""
    from zeal.constants import initialize_app_registry
    from zeal.patch import patch

    initialize_app_registry()
    patch()


@pytest.fixture(autouse=True)
def _no_n_plus_one(_zeal_patched: None, settings) -> Iterator[None]:
    """Every request a test makes (test client, API client, live server) runs under
    django-zeal: a page or API call that loads a relation row by row fails the test with
    zeal.NPlusOneError naming the model, the field and the line.

    The unit is the request, as in production: a test that calls a service in a loop to build
    its data is not an N+1. Code outside requests can be checked with `zeal.zeal_context()`.
    """
    from zeal import zeal_ignore

    settings.MIDDLEWARE = ["zeal.middleware.zeal_middleware", *settings.MIDDLEWARE]
    with zeal_ignore(ZEAL_ALLOWLIST):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def celery_eager() -> Iterator[None]:
    """Run tasks in process for this test, even where a broker is configured."""
    from tracker.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def exporter() -> factories.models.User:
    return factories.ExporterFactory()


@pytest.fixture
def official() -> factories.models.User:
    return factories.OfficialFactory()


@pytest.fixture
def reference_data(db: None) -> None:
    from django.core.management import call_command

    call_command("loaddata", ROOT / "fixtures" / "reference.json", verbosity=0)


def _test_database_url() -> str:
    db = connection.settings_dict
    credentials = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_celery_worker(
    broker_url: str,
    mail_dir: Path,
    *,
    pool: str = "solo",
    concurrency: int = 1,
    extra_env: dict[str, str] | None = None,
    queue: str | None = None,
) -> subprocess.Popen[str]:
    """Start a real `celery worker` process on `broker_url`, using the test database.

    Its file-based e-mail backend writes to `mail_dir`; its output goes to `worker.log` beside
    that directory. `extra_env` overrides any of its environment; `queue` replaces the
    default queue it consumes. Stop it with `stop_celery_worker`.
    """
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "EMAIL_BACKEND": "file",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        **(extra_env or {}),
    }
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    proc = subprocess.Popen(
        [
            celery,
            "-A",
            "tracker",
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            "-Q",
            queue or settings.CELERY_TASK_DEFAULT_QUEUE,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    ready = False
    lines: list[str] = []
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "ready." in line:
            ready = True
            break
    if not ready:
        proc.kill()
        raise RuntimeError("Celery worker did not start:\n" + "".join(lines[-40:]))
    # Keep draining the worker's output so it never blocks on a full pipe.
    import threading

    log_path = mail_dir.parent / "worker.log"

    def drain() -> None:
        with open(log_path, "a") as log:
            log.writelines(lines)
            for out in proc.stdout:  # type: ignore[union-attr]
                log.write(out)
                log.flush()

    threading.Thread(target=drain, daemon=True).start()
    return proc


def stop_celery_worker(proc: subprocess.Popen[str]) -> None:
    """Stop a worker started by `start_celery_worker` (warm shutdown, then kill)."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session", autouse=True)
def _flush_outlasts_a_deadlock() -> Iterator[None]:
    """A transactional test's flush (TRUNCATE of every table) retried when PostgreSQL picks it
    as a deadlock's victim.

    Once an integration test has started the session's Celery worker in this process, the
    worker keeps running the tasks later tests publish (an e-mail after a filing), and one may
    still be reading a table when the flush locks them all: the two deadlock, and PostgreSQL
    cancels one (CI, 2026-12-04: a references test's teardown). The flush runs in one
    transaction, so a cancelled flush changed nothing and is simply run again.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: Any, sql_list: Any) -> None:
        for attempt in range(5):
            try:
                return original(self, sql_list)
            except OperationalError as error:
                deadlock = getattr(error.__cause__, "sqlstate", None) == "40P01"
                if not deadlock or attempt == 4:
                    raise
                time.sleep(0.5 * (attempt + 1))

    DatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def celery_worker_process(
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Path]:
    """A real `celery worker` process on the configured broker, using the test database.

    Yields the directory its file-based e-mail backend writes to.
    """
    mail_dir = tmp_path_factory.mktemp("worker-mail")
    from tracker.celery import app

    with django_db_blocker.unblock():
        app.control.purge()
    proc = start_celery_worker(settings.CELERY_BROKER_URL, mail_dir)
    try:
        yield mail_dir
    finally:
        stop_celery_worker(proc)


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.2) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


@pytest.fixture
def browser_page(settings: Any, tmp_path: Path) -> Iterator[Any]:
    """A real Chromium page (tests/browser.py); JavaScript errors on it fail the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (ROOT / "test-output").mkdir(exist_ok=True)  # screenshots are left there
    with chromium_page() as page:
        yield page
