"""Ways in to the meeting documents: the API (at once or through a task), the admin, commands."""

from __future__ import annotations

import logging
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from barriers.exports import FORMATS, RENDERERS, services
from barriers.exports import tasks as export_tasks
from barriers.models import AuditAction, AuditEvent, ExportFile, ExportStatus
from tests import factories
from tests.conftest import wait_for
from tests.export_helpers import SECRET, build_agenda, hold_with_outcomes, is_zip, text_of

pytestmark = pytest.mark.django_db

AGENDA_URL = "/api/v1/meetings/{code}/agenda/export/{fmt}/"
OUTCOMES_URL = "/api/v1/meetings/{code}/outcomes/export/{fmt}/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def analyst(db):
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name="Analyst"))
    return user


# ---------------------------------------------------------------------------------------------
# API: small documents at once
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_official_downloads_the_agenda_in_every_format(fmt, analyst, setup) -> None:
    response = client_for(analyst).get(AGENDA_URL.format(code="2026-Q4", fmt=fmt))

    assert response.status_code == 200, response.content
    renderer = RENDERERS[fmt]
    assert response["Content-Type"] == renderer.media_type
    assert response["Content-Disposition"] == f'attachment; filename="agenda-2026-Q4.{fmt}"'
    text = text_of(fmt, response.content)
    assert setup.listing.reference in text and SECRET not in text
    if fmt in {"docx", "xlsx"}:
        assert is_zip(response.content)


def test_outcomes_download_after_the_meeting(secretary, setup) -> None:
    hold_with_outcomes(setup, secretary)

    response = client_for(secretary).get(OUTCOMES_URL.format(code="2026-Q4", fmt="pdf"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="outcomes-2026-Q4.pdf"'
    text = text_of("pdf", response.content)
    assert "Итоги встречи" in text and "Send the updated guarantees" in text


def test_outcomes_before_the_meeting_is_held_answer_400_with_the_reason(secretary, setup) -> None:
    response = client_for(secretary).get(OUTCOMES_URL.format(code="2026-Q4", fmt="pdf"))

    assert response.status_code == 400
    body = response.json()
    assert "once the meeting has been held" in body["detail"]
    assert body["code"] == "meeting_not_held"


def test_unknown_format_is_404_with_the_list_of_formats(secretary, setup) -> None:
    response = client_for(secretary).get(AGENDA_URL.format(code="2026-Q4", fmt="odt"))

    assert response.status_code == 404
    assert "pdf, docx, xlsx, csv, ics, json" in response.json()["detail"]


def test_unknown_meeting_is_404(secretary) -> None:
    assert (
        client_for(secretary).get(AGENDA_URL.format(code="2031-Q1", fmt="pdf")).status_code == 404
    )


def test_exporters_are_refused_and_strangers_asked_to_sign_in(setup) -> None:
    exporter = factories.ExporterFactory()
    staff_without_role = factories.OfficialFactory()
    url = AGENDA_URL.format(code="2026-Q4", fmt="csv")

    assert client_for(exporter).get(url).status_code == 403
    assert client_for(staff_without_role).get(url).status_code == 403
    assert APIClient().get(url).status_code == 401


def test_exports_are_logged_with_user_meeting_and_format(analyst, setup, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="barriers.exports"):
        client_for(analyst).get(AGENDA_URL.format(code="2026-Q4", fmt="xlsx"))

    [record] = [r for r in caplog.records if r.name == "barriers.exports"]
    message = record.getMessage()
    assert analyst.email in message and "2026-Q4" in message and "xlsx" in message


def test_a_client_asking_for_the_files_own_type_gets_it(analyst, setup) -> None:
    response = client_for(analyst).get(
        AGENDA_URL.format(code="2026-Q4", fmt="pdf"), HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# ---------------------------------------------------------------------------------------------
# API: large documents through a task
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def large(settings):
    settings.EXPORT_ASYNC_MIN_ITEMS = 3


def test_large_export_answers_202_then_the_status_url_serves_the_file(
    large, analyst, setup, celery_eager, django_capture_on_commit_callbacks
) -> None:
    client = client_for(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(AGENDA_URL.format(code="2026-Q4", fmt="docx"))

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending" and body["file_name"] == "agenda-2026-Q4.docx"
    assert response["Location"] == body["status_url"]
    download = client.get(body["status_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="agenda-2026-Q4.docx"'
    assert setup.listing.reference in text_of("docx", download.content)
    assert ExportFile.objects.get().status == ExportStatus.READY


def test_status_url_answers_202_while_the_file_is_being_built(large, analyst, setup) -> None:
    client = client_for(analyst)
    body = client.get(AGENDA_URL.format(code="2026-Q4", fmt="pdf")).json()  # task not run yet

    waiting = client.get(body["status_url"])

    assert waiting.status_code == 202
    assert waiting["Retry-After"] == "5"
    assert waiting.json()["status"] == "pending"
    # Asking again while it is being built gives the same export, not a second one.
    again = client.get(AGENDA_URL.format(code="2026-Q4", fmt="pdf")).json()
    assert again["id"] == body["id"] and ExportFile.objects.count() == 1


def test_the_task_builds_an_export_once_even_when_run_twice(large, secretary, setup) -> None:
    export = services.export_file_request(
        meeting=setup.meeting, document="agenda", format="xlsx", actor=secretary
    )
    with mock.patch.object(RENDERERS["xlsx"], "render", wraps=RENDERERS["xlsx"].render) as render:
        assert export_tasks.export_file_build(str(export.pk)) == "ready"
        assert export_tasks.export_file_build(str(export.pk)) == "ready"

    assert render.call_count == 1
    export.refresh_from_db()
    assert export.size == len(bytes(export.content)) > 0
    assert export.media_type == RENDERERS["xlsx"].media_type


def test_a_failed_build_answers_409_and_can_be_asked_for_again(large, analyst, setup) -> None:
    client = client_for(analyst)
    body = client.get(AGENDA_URL.format(code="2026-Q4", fmt="pdf")).json()
    with mock.patch.object(RENDERERS["pdf"], "render", side_effect=RuntimeError("boom")):
        assert export_tasks.export_file_build(body["id"]) == "failed"

    response = client.get(body["status_url"])

    assert response.status_code == 409
    assert response.json()["code"] == "export_failed"
    assert client.get(AGENDA_URL.format(code="2026-Q4", fmt="pdf")).json()["id"] != body["id"]


def test_export_files_are_for_officials_only(large, analyst, setup) -> None:
    body = client_for(analyst).get(AGENDA_URL.format(code="2026-Q4", fmt="csv")).json()
    exporter = factories.ExporterFactory()

    assert client_for(exporter).get(body["status_url"]).status_code == 403
    assert APIClient().get(body["status_url"]).status_code == 401
    missing = body["status_url"].replace(body["id"], "00000000-0000-0000-0000-000000000000")
    assert client_for(analyst).get(missing).status_code == 404


def test_broker_down_builds_the_export_in_process(large, secretary, setup) -> None:
    with mock.patch.object(
        export_tasks.export_file_build, "delay", side_effect=OSError("broker down")
    ):
        services._enqueue(
            str(
                services.export_file_request(
                    meeting=setup.meeting, document="agenda", format="csv", actor=secretary
                ).pk
            )
        )
    assert ExportFile.objects.get().status == ExportStatus.READY


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_builds_a_large_export(celery_worker_process, settings) -> None:
    settings.EXPORT_ASYNC_MIN_ITEMS = 1
    secretary = factories.OfficialFactory()
    secretary.groups.add(Group.objects.get(name="Agenda secretary"))
    build_agenda(secretary)
    client = client_for(secretary)

    body = client.get(AGENDA_URL.format(code="2026-Q4", fmt="xlsx")).json()

    assert wait_for(lambda: client.get(body["status_url"]).status_code == 200, timeout=60)
    assert ExportFile.objects.get(pk=body["id"]).status == ExportStatus.READY


# ---------------------------------------------------------------------------------------------
# Management commands
# ---------------------------------------------------------------------------------------------


def test_export_agenda_command_writes_the_file(setup, tmp_path: Path) -> None:
    target = tmp_path / "agenda.pdf"
    out = StringIO()

    call_command("export_agenda", "2026-Q4", "--format", "pdf", "--output", str(target), stdout=out)

    assert target.read_bytes().startswith(b"%PDF")
    assert "Повестка дня" in text_of(
        "pdf", target.read_bytes()
    ) or "Проект повестки дня" in text_of("pdf", target.read_bytes())
    assert str(target) in out.getvalue()
    [event] = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    assert event.channel == "command"
    assert event.username.endswith("(command line)")
    assert event.what == f"agenda-2026-Q4.pdf to {target}"
    assert (event.object_type, event.object_id) == ("barriers.meeting", str(setup.meeting.pk))


def test_export_agenda_command_outcomes_and_its_errors(secretary, setup, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="once the meeting has been held"):
        call_command("export_agenda", "2026-Q4", "--outcomes", "--output", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="No meeting 2031-Q1"):
        call_command("export_agenda", "2031-Q1")
    # nothing left the system
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.EXPORT, AuditAction.DOWNLOAD]
    ).exists()
    hold_with_outcomes(setup, secretary)
    target = tmp_path / "outcomes.csv"
    call_command(
        "export_agenda", "2026-Q4", "--outcomes", "--format", "csv", "--output", str(target)
    )
    assert "Action agreed" in text_of("csv", target.read_bytes())


def test_bench_exports_prints_a_table_of_build_times() -> None:
    out = StringIO()
    call_command("bench_exports", "--items", "3", "6", "--format", "csv", "xlsx", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["document", "format", "items", "seconds", "ms/item", "bytes"]
    assert [line.split()[1:3] for line in lines[1:]] == [
        ["csv", "3"],
        ["csv", "6"],
        ["xlsx", "3"],
        ["xlsx", "6"],
    ]


# ---------------------------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------------------------


def test_meeting_page_offers_the_documents_and_the_buttons_download_them(
    client, secretary, setup
) -> None:
    client.force_login(secretary)
    page = client.get(f"/admin/barriers/meeting/{setup.meeting.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    url = f"/admin/barriers/meeting/{setup.meeting.pk}/export/agenda/pdf/"
    assert url in html
    assert "/export/outcomes/" not in html  # not held yet

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="agenda-2026-Q4.pdf"'
    assert response.content.startswith(b"%PDF")


def test_admin_outcomes_before_the_meeting_explain_why(client, secretary, setup) -> None:
    client.force_login(secretary)
    response = client.get(
        f"/admin/barriers/meeting/{setup.meeting.pk}/export/outcomes/pdf/", follow=True
    )
    assert "once the meeting has been held" in response.content.decode()


def test_admin_large_export_is_built_by_a_task_and_offered_for_download(
    large, client, secretary, setup, celery_eager, django_capture_on_commit_callbacks
) -> None:
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(
            f"/admin/barriers/meeting/{setup.meeting.pk}/export/agenda/xlsx/", follow=True
        )
    export = ExportFile.objects.get()
    link = f"/admin/barriers/meeting/export-files/{export.pk}/"
    assert link in response.content.decode()

    download = client.get(link)

    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="agenda-2026-Q4.xlsx"'


def test_admin_downloads_need_the_view_permission(client, setup) -> None:
    official_without_role = factories.OfficialFactory()
    client.force_login(official_without_role)
    response = client.get(f"/admin/barriers/meeting/{setup.meeting.pk}/export/agenda/pdf/")
    assert response.status_code == 403
