"""An unset DEBUG means production: the profile a forgotten variable falls back to is the safe one.

Each test starts a fresh Python process with a clean environment (no DEBUG, no DJANGO_*), as a
production host that forgot the variable would, and reads the settings or starts the WSGI app.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SETTINGS_READ = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "OFFICIALS_REQUIRE_MFA",
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL",
    "WHITENOISE_USE_FINDERS",
    "REST_FRAMEWORK",
)


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that chooses a profile."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "OFFICIALS_REQUIRE_MFA"}
        and not key.startswith(("SECURE_", "SESSION_", "CSRF_", "DJANGO_"))
    }
    env.update(extra)
    return env


def python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_an_unset_debug_gives_the_production_profile() -> None:
    script = (
        "import json, tracker.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {SETTINGS_READ!r}}}))"
    )
    result = python(script, clean_env(SECRET_KEY="k" * 64))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["OFFICIALS_REQUIRE_MFA"] is True
    assert values["ACCOUNT_DEFAULT_HTTP_PROTOCOL"] == "https"
    assert values["WHITENOISE_USE_FINDERS"] is False
    # No browsable API pages (their inline styles break the CSP): JSON only.
    assert values["REST_FRAMEWORK"]["DEFAULT_RENDERER_CLASSES"] == [
        "rest_framework.renderers.JSONRenderer"
    ]


def test_a_production_start_without_secret_key_is_refused_with_a_clear_message() -> None:
    env = clean_env(DJANGO_SETTINGS_MODULE="tracker.settings")
    for code in ("import tracker.settings", "import tracker.wsgi"):
        result = python(code, env)
        assert result.returncode != 0, code
        assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set" in (
            result.stderr
        ), result.stderr[-2000:]
        assert "an unset DEBUG means production" in result.stderr
    manage = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert manage.returncode != 0
    assert "SECRET_KEY must be set" in manage.stderr


def test_the_development_profile_is_asked_for_by_name() -> None:
    result = python(
        "import tracker.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE)",
        clean_env(DEBUG="true"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_the_suite_itself_runs_the_development_profile_unless_told_otherwise() -> None:
    from django.conf import settings

    # pytest-django switches DEBUG itself off while tests run; the settings derived from the
    # profile show which one was loaded.
    production = os.environ.get("DEBUG", "").lower() in {"false", "0", "no", "off"}
    assert settings.SECURE_SSL_REDIRECT is production
    assert settings.SESSION_COOKIE_SECURE is production
    assert settings.OFFICIALS_REQUIRE_MFA is production


def test_python_m_pytest_without_debug_in_the_environment_runs_the_development_profile() -> None:
    """tests/settings.py asks for it before pytest-django loads the settings."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/system/test_settings_profile.py::"
            "test_the_suite_itself_runs_the_development_profile_unless_told_otherwise",
        ],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "1 passed" in result.stdout


def test_child_processes_get_the_profile_the_run_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-django turns settings.DEBUG off; a worker started by a test must still get DEBUG=true."""
    from django.conf import settings

    from devtools import benchmarks

    assert settings.DEBUG is False  # what pytest-django does during every test
    monkeypatch.setenv("DEBUG", "true")
    assert benchmarks.this_profile() == {"DEBUG": "true"}
    monkeypatch.setenv("DEBUG", "false")
    assert benchmarks.this_profile() == {"DEBUG": "false"}


def test_each_parallel_test_process_has_its_own_queue_and_files(settings) -> None:
    """Under pytest-xdist a Celery worker started by one test process must never take a task
    another process sent to a database it cannot see: queue and files are per process."""
    import os

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        assert settings.CELERY_TASK_DEFAULT_QUEUE.endswith(f"-{worker}")
        assert settings.VAR_DIR.name == worker
        assert os.environ["CELERY_TASK_DEFAULT_QUEUE"] == settings.CELERY_TASK_DEFAULT_QUEUE
    else:
        assert not settings.CELERY_TASK_DEFAULT_QUEUE.endswith(("-gw0", "-gw1"))


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_connections_plan_for_ssd_unless_told_otherwise() -> None:
    """random_page_cost 1.1 on the app's connections (the server's 4 made searches for common
    words read whole tables); blank leaves the server's value; a non-number is refused."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == pytest.approx(1.1)

    script = (
        "import tracker.settings as s; "
        "print(repr(s.DATABASES['default'].get('OPTIONS', {}).get('options')))"
    )
    kept = python(script, clean_env(DEBUG="true", DATABASE_RANDOM_PAGE_COST=""))
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.strip().splitlines()[-1] == "None"
    chosen = python(script, clean_env(DEBUG="true", DATABASE_RANDOM_PAGE_COST="2"))
    assert chosen.stdout.strip().splitlines()[-1] == "'-c random_page_cost=2.0'"
    refused = python(script, clean_env(DEBUG="true", DATABASE_RANDOM_PAGE_COST="fast"))
    assert refused.returncode != 0
    assert "DATABASE_RANDOM_PAGE_COST must be a number, not 'fast'" in refused.stderr


def test_postgresql_connections_persist_with_health_checks_unless_told_otherwise() -> None:
    """A request on PostgreSQL reuses its process's connection (opening one cost more than a
    small request's queries); SQLite keeps one per request; both can be set by environment."""
    script = (
        "import tracker.settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], "
        "d.get('DISABLE_SERVER_SIDE_CURSORS', False))"
    )
    postgres = "postgres://postgres@127.0.0.1:5432/postgres"

    def settings_with(**env: str) -> str:
        result = python(script, clean_env(DEBUG="true", **env))
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert settings_with(DATABASE_URL=postgres) == "60 True False"
    assert settings_with(DATABASE_URL="sqlite:////tmp/conn-test.sqlite3") == "0 True False"
    assert settings_with(DATABASE_URL=postgres, DATABASE_CONN_MAX_AGE="0") == "0 True False"
    behind_pgbouncer = settings_with(
        DATABASE_URL=postgres, DATABASE_DISABLE_SERVER_SIDE_CURSORS="true"
    )
    assert behind_pgbouncer == "60 True True"
