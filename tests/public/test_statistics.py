"""The statistics page reads the figures a worker last worked out (one row), not every published
barrier and its reports: worked out again after any change of the register (by the worker the
change asks for, or by the next page view when no worker did) and when an hour old."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from barriers import services
from barriers.models import PublicStatisticsSnapshot
from barriers.selectors.public import PUBLIC_VERSION_KEY
from barriers.services import publishing
from tests import factories
from tests.public.helpers import get, held_setup, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    setup, officer = held_setup()
    publish(setup.listing, officer)
    publish(setup.formula, officer, title="Formula title, public", summary="Resolved in 2026.")
    return setup, officer


def page_queries(path: str = "/public/statistics/") -> tuple[int, str]:
    """Queries of one rendering of the page, its cached copy dropped (the register's version
    kept, as nothing changed)."""
    version = cache.get(PUBLIC_VERSION_KEY)
    cache.clear()
    cache.set(PUBLIC_VERSION_KEY, version, timeout=None)
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_page_reads_one_row_once_the_figures_are_worked_out(register) -> None:
    status, html = get("/public/statistics/")
    assert status == 200 and "Over the 2 published barriers." in html
    snapshot = PublicStatisticsSnapshot.objects.get()
    assert snapshot.figures["published"] == 2
    publishing.public_statistics_rebuild()  # as the worker does
    count, html = page_queries()
    assert count == 1
    assert "Over the 2 published barriers." in html and "Figures worked out on" in html


def test_a_change_of_the_register_is_counted_at_once_even_without_a_worker(register) -> None:
    setup, officer = register
    assert "Over the 2 published barriers." in get("/public/statistics/")[1]
    # The change's after-commit request to the worker never runs here (the test's transaction
    # never commits): the page sees the register moved on and works the figures out itself.
    publish(setup.phyto, officer, title="Phytosanitary certificates", summary="Delays.")
    assert "Over the 3 published barriers." in get("/public/statistics/")[1]
    publishing.barrier_unpublish(barrier=setup.phyto, actor=officer, note="Withdrawn")
    assert "Over the 2 published barriers." in get("/public/statistics/")[1]


def test_the_worker_asked_after_commit_brings_the_figures_up_to_date(
    register, django_capture_on_commit_callbacks, celery_eager
) -> None:
    setup, officer = register
    get("/public/statistics/")
    with django_capture_on_commit_callbacks(execute=True):
        publish(setup.phyto, officer, title="Phytosanitary certificates", summary="Delays.")
    snapshot = PublicStatisticsSnapshot.objects.get()
    assert snapshot.figures["published"] == 3
    assert not publishing.public_statistics_stale(*publishing.public_statistics_snapshot())
    # Current figures: the page reads the row alone.
    assert page_queries()[0] == 1


def test_figures_an_hour_old_are_worked_out_again(register) -> None:
    get("/public/statistics/")
    first = PublicStatisticsSnapshot.objects.get().computed_at
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=30)):
        get("/public/statistics/")
        assert PublicStatisticsSnapshot.objects.get().computed_at == first
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        assert publishing.public_statistics_stale(*publishing.public_statistics_snapshot())
        publishing.public_statistics_current()
        assert PublicStatisticsSnapshot.objects.get().computed_at > first
    # The beat's task with force works them out whatever their age; without, only when stale.
    assert publishing.public_statistics_rebuild(force=False) is None
    assert publishing.public_statistics_rebuild(force=True) is not None


def test_a_chart_shows_what_was_resolved_within_two_meetings(register) -> None:
    _setup, _officer = register
    html = get("/public/statistics/")[1]
    section = html.split('id="quick-title"')[1].split("</section>")[0]
    assert "<svg" in section and "2026-Q4" in section
    assert "Resolved within two meetings" in section
    assert "Not resolved within two meetings" in section
    figures = publishing.public_statistics_current()
    # listing (action agreed) and formula (resolved) were first raised at 2026-Q4.
    assert figures.quick_by_meeting == [("2026-Q4", 1, 1)]


def test_the_statistics_page_is_the_same_size_in_queries_whatever_the_register(
    register,
) -> None:
    _setup, officer = register
    publishing.public_statistics_rebuild()
    few = page_queries()[0]
    for index in range(3):
        report = factories.report_file(title=f"More {index}")
        services.report_start_review(report=report, actor=officer)
        services.report_accept(report=report, actor=officer)
        report.refresh_from_db()
        publish(report.barrier, officer, title=f"Public {index}")
    publishing.public_statistics_rebuild()
    count, html = page_queries()
    assert count == few == 1
    assert "Over the 5 published barriers." in html


def test_asking_a_worker_never_fails_the_change_when_the_broker_is_down(
    register, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(publishing.public_statistics_rebuild_task, "delay", broker_down)
    setup, officer = register
    get("/public/statistics/")
    with django_capture_on_commit_callbacks(execute=True):
        publish(setup.phyto, officer, title="Phytosanitary certificates", summary="Delays.")
    assert setup.phyto.reference in get("/public/")[1]  # the change stands
    # The next page view works the figures out itself.
    assert "Over the 3 published barriers." in get("/public/statistics/")[1]
