"""The settings the fault tests depend on, checked on every run (no services needed), so a change
that would lose or double tasks, or let the database errors through as 500s, fails here first."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import RequestFactory

from barriers.platform.resilience import DatabaseUnavailableMiddleware
from tracker.celery import app


def test_celery_redelivers_tasks_of_a_lost_worker() -> None:
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_every_task_is_acknowledged_late_and_no_countdown_outlives_the_visibility_timeout() -> None:
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if name.startswith("barriers.")}
    assert (
        "barriers.tasks.outbox_deliver" in ours
        and "barriers.exports.tasks.export_file_build" in ours
    )
    assert [name for name, task in ours.items() if not task.acks_late] == []
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    longest_countdown = max(
        getattr(task, "retry_backoff_max", 0) if getattr(task, "retry_backoff", False) else 0
        for task in ours.values()
    )
    assert longest_countdown == 3600
    assert visibility > longest_countdown


def test_exactly_one_beat_is_enforced_by_the_configured_scheduler() -> None:
    assert app.conf.beat_scheduler == "barriers.platform.beat:SingleBeatScheduler"


def test_database_settings_drop_dead_connections() -> None:
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert "barriers.platform.resilience.DatabaseUnavailableMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/api/v1/reports/", "application/json"), ("/reports/", "text/html; charset=utf-8")],
)
def test_a_lost_database_becomes_a_503_with_retry_after(path: str, content_type: str) -> None:
    middleware = DatabaseUnavailableMiddleware(lambda request: None)  # type: ignore[arg-type, return-value]
    request = RequestFactory().post(path)

    response = middleware.process_exception(
        request, OperationalError("server closed the connection")
    )

    assert response is not None and response.status_code == 503
    assert response["Retry-After"] == "30" and response["Content-Type"] == content_type
    assert "Nothing was saved" in response.content.decode()
    assert middleware.process_exception(request, ValueError("not ours")) is None
