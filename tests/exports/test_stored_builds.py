"""Meeting documents rebuilt by a worker after each change, and downloads served from storage
when nothing changed since (barriers/services/documents.py, barriers/exports/builds.py)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from kombu.exceptions import OperationalError
from rest_framework.test import APIClient

from barriers import services
from barriers.exports import RENDERERS, builds
from barriers.exports import tasks as export_tasks
from barriers.exports.rendering import export_data
from barriers.models import AgendaItem, Company, DocumentBuild, ExportFile, Meeting, Report
from barriers.services import documents
from tests import factories
from tests.conftest import wait_for
from tests.export_helpers import (
    NAMED,
    TODAY,
    AgendaSetup,
    accepted_report,
    build_agenda,
    text_of,
)

pytestmark = pytest.mark.django_db

AGENDA_URL = "/api/v1/meetings/{code}/agenda/export/{fmt}/"


@pytest.fixture
def prebuild(settings, celery_eager):
    """Documents rebuilt after each change, by the task run in process."""
    settings.EXPORT_PREBUILD = True
    cache.clear()  # no build left marked as queued by an earlier test (same meeting ids)


@pytest.fixture
def xlsx_only(monkeypatch):
    """Only the spreadsheet kept built: the same path as PDF and Word, quicker to render."""
    monkeypatch.setattr(builds, "BUILT_FORMATS", ("xlsx",))


@contextmanager
def renders_counted() -> Iterator[dict[str, mock.MagicMock]]:
    """Count every call of every renderer (the document is rendered, not served)."""
    with (
        mock.patch.object(RENDERERS["pdf"], "render", wraps=RENDERERS["pdf"].render) as pdf,
        mock.patch.object(RENDERERS["docx"], "render", wraps=RENDERERS["docx"].render) as docx,
        mock.patch.object(RENDERERS["xlsx"], "render", wraps=RENDERERS["xlsx"].render) as xlsx,
        mock.patch.object(RENDERERS["csv"], "render", wraps=RENDERERS["csv"].render) as csv,
    ):
        yield {"pdf": pdf, "docx": docx, "xlsx": xlsx, "csv": csv}


def calls(counted: dict[str, mock.MagicMock]) -> int:
    return sum(m.call_count for m in counted.values())


def download(user, fmt: str = "xlsx", *, edition: str = "internal"):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(AGENDA_URL.format(code="2026-Q4", fmt=fmt), {"edition": edition})


def change_ask(setup, secretary, ask: str, capture) -> None:
    item = AgendaItem.objects.get(meeting=setup.meeting, barrier=setup.listing)
    with capture(execute=True):
        services.agenda_item_update(item=item, actor=secretary, ask=ask)


def test_a_change_has_the_documents_rebuilt_and_the_download_served_without_rendering(
    prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    factories.agenda_in_russian(setup.meeting)

    change_ask(
        setup, secretary, "Decide on the 14 pending listings.", django_capture_on_commit_callbacks
    )

    # Both editions of the agenda, in each format the secretariat downloads.
    built = set(DocumentBuild.objects.values_list("document", "format", "edition"))
    assert built == {
        ("agenda", fmt, edition)
        for fmt in ("pdf", "docx", "xlsx")
        for edition in ("internal", "joint")
    }
    for fmt in ("pdf", "docx", "xlsx"):
        with renders_counted() as counted:
            response = download(secretary, fmt)
        assert response.status_code == 200
        assert calls(counted) == 0
        stored = DocumentBuild.objects.get(format=fmt, edition="internal")
        assert response.content == bytes(stored.content)
        assert "Decide on the 14 pending listings." in text_of(fmt, response.content)
    with renders_counted() as counted:
        joint = download(secretary, "pdf", edition="joint")
    assert joint.status_code == 200 and calls(counted) == 0
    assert joint["Content-Disposition"] == 'attachment; filename="agenda-2026-Q4-joint.pdf"'


def test_after_another_change_the_stored_build_is_not_served(
    settings, xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    change_ask(setup, secretary, "First ask.", django_capture_on_commit_callbacks)
    first = bytes(DocumentBuild.objects.get(format="xlsx").content)
    settings.EXPORT_PREBUILD = False  # no worker this time: the download must not be stale

    change_ask(setup, secretary, "Second ask.", django_capture_on_commit_callbacks)
    with renders_counted() as counted:
        response = download(secretary)

    assert counted["xlsx"].call_count == 1
    assert "Second ask." in text_of("xlsx", response.content)
    assert "First ask." not in text_of("xlsx", response.content)
    assert response.content != first
    # What the download built is stored: the next download is served it.
    with renders_counted() as counted:
        assert download(secretary).content == response.content
    assert calls(counted) == 0


def test_a_change_the_agenda_services_forget_is_not_served_stale(
    xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    change_ask(setup, secretary, "An ask.", django_capture_on_commit_callbacks)
    # A write that asks for no rebuild (here a bare update, as a data fix would be).
    type(setup.listing).objects.filter(pk=setup.listing.pk).update(title="Renamed by a data fix")

    with renders_counted() as counted:
        response = download(secretary)

    assert counted["xlsx"].call_count == 1
    assert "Renamed by a data fix" in text_of("xlsx", response.content)


def test_the_next_day_the_stored_build_is_built_again(
    xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    change_ask(setup, secretary, "An ask.", django_capture_on_commit_callbacks)

    # The days pending grow with the date: yesterday's build is not today's document.
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with time_machine.travel(tomorrow), renders_counted() as counted:
        assert download(secretary).status_code == 200
    assert counted["xlsx"].call_count == 1


def test_the_nightly_rebuild_makes_the_new_day_served_from_storage(
    xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    from tracker.celery import app

    change_ask(setup, secretary, "An ask.", django_capture_on_commit_callbacks)
    entry = app.conf.beat_schedule["meeting-documents-rebuild"]
    assert entry["task"] == export_tasks.meeting_documents_build_under_way.name

    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with time_machine.travel(tomorrow):
        assert export_tasks.meeting_documents_build_under_way.apply().get() == 1
        with renders_counted() as counted:
            assert download(secretary).status_code == 200
    assert calls(counted) == 0


def test_with_the_broker_down_the_change_is_saved_and_the_download_builds(
    xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks, caplog
) -> None:
    change_ask(setup, secretary, "Before the outage.", django_capture_on_commit_callbacks)
    caplog.set_level(logging.WARNING, logger="barriers.services.documents")

    with mock.patch.object(
        export_tasks.meeting_documents_build, "delay", side_effect=OperationalError("down")
    ):
        change_ask(setup, secretary, "During the outage.", django_capture_on_commit_callbacks)

    item = AgendaItem.objects.get(meeting=setup.meeting, barrier=setup.listing)
    assert item.ask == "During the outage."
    assert "Broker unavailable" in caplog.text
    with renders_counted() as counted:
        response = download(secretary)
    assert counted["xlsx"].call_count == 1
    assert "During the outage." in text_of("xlsx", response.content)


def test_a_burst_of_changes_queues_one_build_until_it_starts(
    xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    # With a cache the worker shares (Redis in production; this process's memory stands in).
    with (
        mock.patch.object(documents, "_cache_shared", return_value=True),
        mock.patch.object(export_tasks.meeting_documents_build, "delay") as delay,
    ):
        for n in range(3):
            change_ask(setup, secretary, f"Ask {n}.", django_capture_on_commit_callbacks)
        assert delay.call_count == 1
        export_tasks.meeting_documents_build.apply(args=(setup.meeting.pk,))
        change_ask(setup, secretary, "After the build started.", django_capture_on_commit_callbacks)
        assert delay.call_count == 2


def test_with_a_cache_of_its_own_every_change_queues_a_build(
    xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    """A worker cannot clear a mark in the web process's own memory: were changes deduplicated
    there, a change after the build had read the data would never be built."""
    with mock.patch.object(export_tasks.meeting_documents_build, "delay") as delay:
        for n in range(3):
            change_ask(setup, secretary, f"Ask {n}.", django_capture_on_commit_callbacks)
    assert delay.call_count == 3


def test_the_build_task_renders_only_what_changed(
    xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    change_ask(setup, secretary, "An ask.", django_capture_on_commit_callbacks)

    with renders_counted() as counted:
        assert export_tasks.meeting_documents_build.apply(args=(setup.meeting.pk,)).get() == 0
    assert calls(counted) == 0


def test_a_large_document_built_already_is_served_at_once(
    settings, xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    settings.EXPORT_ASYNC_MIN_ITEMS = 1
    change_ask(setup, secretary, "An ask.", django_capture_on_commit_callbacks)

    with renders_counted() as counted:
        response = download(secretary)

    assert response.status_code == 200  # not 202 and a task
    assert calls(counted) == 0
    assert not ExportFile.objects.exists()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_worker_rebuilds_the_documents_after_a_change(celery_worker_process, settings) -> None:
    settings.EXPORT_PREBUILD = True
    secretary = factories.OfficialFactory()
    secretary.groups.add(Group.objects.get(name="Agenda secretary"))
    setup = build_agenda(secretary)
    item = AgendaItem.objects.get(meeting=setup.meeting, barrier=setup.listing)

    services.agenda_item_update(item=item, actor=secretary, ask="Asked of the worker.")

    def built() -> bool:
        # The build made after the change: one made for the agenda as first drafted may be
        # there already (a worker had built it before the change), and is out of date.
        stored = DocumentBuild.objects.filter(
            meeting=setup.meeting, format="xlsx", edition="internal"
        ).first()
        return stored is not None and "Asked of the worker." in text_of(
            "xlsx", bytes(stored.content)
        )

    assert wait_for(built, timeout=120)
    with renders_counted() as counted:
        response = download(secretary)
    assert calls(counted) == 0
    assert "Asked of the worker." in text_of("xlsx", response.content)


# ---------------------------------------------------------------------------------------------
# Every change the documents show asks for a build (barriers/services/documents.py)
# ---------------------------------------------------------------------------------------------


def stored_version(meeting, *, document: str = "agenda", edition: str = "internal") -> str:
    return DocumentBuild.objects.get(
        meeting=meeting, document=document, format="xlsx", edition=edition
    ).version


def fresh_version(meeting, *, document: str = "agenda", edition: str = "internal") -> str:
    meeting.refresh_from_db()
    data = export_data(meeting=meeting, document=document, edition=edition)
    return builds.content_version(data)


def _resolve_another(setup: AgendaSetup, official) -> None:
    barrier = accepted_report(official, company_name="Fixed Spices", consent=True)
    services.barrier_resolve(barrier=barrier, actor=official)


def _reopen_the_resolved(setup: AgendaSetup, official) -> None:
    services.barrier_reopen(barrier=setup.resolved, actor=official, reason="The fix failed.")


def _rename_the_resolved(setup: AgendaSetup, official) -> None:
    services.barrier_update(barrier=setup.resolved, actor=official, title="Rice mills, renamed")


def _move_a_report(setup: AgendaSetup, official) -> None:
    report = Report.objects.get(barrier=setup.listing, company__name=NAMED)
    services.report_move_to_barrier(report=report, barrier=None, actor=official)


def _rename_a_company(setup: AgendaSetup, official) -> None:
    company = Company.objects.get(name=NAMED)
    services.company_update(company=company, actor=official, name="Godavari Renamed Seafoods")


def _rename_a_regulator(setup: AgendaSetup, official) -> None:
    regulator = setup.phyto.regulator
    assert regulator is not None
    services.reference_update(instance=regulator, actor=official, name="Inspection, renamed")


def _rename_a_kind(setup: AgendaSetup, official) -> None:
    kind = setup.listing.barrier_kind
    services.reference_update(instance=kind, actor=official, name="Listing, renamed")


def _move_the_previous_meeting(setup: AgendaSetup, official) -> None:
    day = setup.previous.date - dt.timedelta(days=7)
    services.meeting_update(
        meeting=setup.previous,
        actor=official,
        date=day,
        cutoff_on=day - dt.timedelta(days=20),
        circulate_on=day - dt.timedelta(days=5),
    )


def _delete_the_reserve_item(setup: AgendaSetup, official) -> None:
    item = AgendaItem.objects.get(meeting=setup.meeting, barrier=setup.small)
    services.record_delete(obj=item, actor=official)


CHANGES = {
    "a barrier resolved": _resolve_another,
    "a resolved barrier reopened": _reopen_the_resolved,
    "a resolved barrier renamed": _rename_the_resolved,
    "an accepted report moved to a new barrier": _move_a_report,
    "a company renamed": _rename_a_company,
    "a regulator renamed": _rename_a_regulator,
    "a barrier kind renamed": _rename_a_kind,
    "the previous meeting's date moved": _move_the_previous_meeting,
    "an agenda item deleted": _delete_the_reserve_item,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_each_change_the_agenda_shows_has_it_built_again(
    change, xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    official = factories.triage_officer()
    official.is_superuser = True  # record_delete is a superuser's
    official.save(update_fields=["is_superuser"])
    change_ask(setup, secretary, "An ask.", django_capture_on_commit_callbacks)
    before = stored_version(setup.meeting)
    assert before == fresh_version(setup.meeting)

    with django_capture_on_commit_callbacks(execute=True):
        change(setup, official)

    assert fresh_version(setup.meeting) != before  # the document shows the change
    assert stored_version(setup.meeting) == fresh_version(setup.meeting)


def test_unsharing_a_barrier_has_the_joint_agenda_built_again(
    xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    official = factories.triage_officer()
    factories.agenda_in_russian(setup.meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_share(
            actor=official,
            barrier=setup.listing,
            title_ru="Общий заголовок",
            title_en="The shared title",
            summary_ru="Общее описание проблемы.",
            summary_en="The shared summary.",
            ask_ru="Общая просьба.",
            ask_en="The shared ask.",
        )
    before = stored_version(setup.meeting, edition="joint")
    assert before == fresh_version(setup.meeting, edition="joint")

    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_unshare(actor=official, barrier=setup.listing)

    assert fresh_version(setup.meeting, edition="joint") != before
    assert stored_version(setup.meeting, edition="joint") == fresh_version(
        setup.meeting, edition="joint"
    )


def test_renaming_an_action_points_owner_has_the_outcomes_built_again(
    xlsx_only, prebuild, secretary, setup, django_capture_on_commit_callbacks
) -> None:
    meeting = setup.meeting
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=secretary)
    Meeting.objects.filter(pk=meeting.pk).update(
        date=TODAY, cutoff_on=TODAY - dt.timedelta(days=20), circulate_on=TODAY
    )
    meeting.refresh_from_db()
    services.meeting_hold(meeting=meeting, actor=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.action_point_create(
            meeting=meeting,
            barrier=setup.listing,
            description="Send the updated guarantees",
            party="india",
            due_on=TODAY + dt.timedelta(days=45),
            actor=secretary,
            owner=secretary,
        )
    before = stored_version(meeting, document="outcomes")
    assert before == fresh_version(meeting, document="outcomes")

    with django_capture_on_commit_callbacks(execute=True):
        services.user_update(user=secretary, actor=secretary, full_name="Renamed Secretary")

    assert fresh_version(meeting, document="outcomes") != before
    assert stored_version(meeting, document="outcomes") == fresh_version(
        meeting, document="outcomes"
    )
