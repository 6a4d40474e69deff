"""Letters, minutes and protocols on barriers and meetings: the evidence checks on the way in,
and on the way out only what an official shared, to whom may see its barrier or meeting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format

from barriers import services
from barriers.domain.errors import DomainError
from barriers.models import (
    AuditEvent,
    Barrier,
    CaseDocument,
    CaseDocumentKind,
    Meeting,
    Message,
    User,
)
from tests import factories
from tests.accounts.test_audit import _FormFields
from tests.api_factories import EXE_BYTES, PDF_BYTES, client_for
from tests.counterpart_pages.helpers import World, build_world, signed_in
from tests.portal_helpers import client_for as portal_client
from tests.portal_helpers import confirmed

pytestmark = pytest.mark.django_db
REFUSED = "the content of this file is not one of those, whatever its name says"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def pdf(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def exe(name: str = "minutes.pdf") -> SimpleUploadedFile:
    """A Windows program that calls itself a PDF."""
    return SimpleUploadedFile(name, EXE_BYTES, content_type="application/pdf")


def meeting_with(*regulators: Any) -> Meeting:
    day = timezone.localdate() - dt.timedelta(days=5)
    meeting = Meeting.objects.create(code="2026-Q3", date=day, cutoff_on=day, circulate_on=day)
    meeting.eaeu_participants.set(regulators)
    return meeting


def attach(official: User, *, shared: bool, title: str, **on: Any) -> CaseDocument:
    return services.case_document_attach(
        actor=official,
        upload=pdf(),
        name="letter.pdf",
        kind=CaseDocumentKind.LETTER,
        title=title,
        dated=dt.date(2026, 9, 14),
        shared=shared,
        **on,
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()


# ---------------------------------------------------------------------------------------------
# In: the evidence checks, with the reason
# ---------------------------------------------------------------------------------------------


def test_a_program_posing_as_a_pdf_is_refused_with_the_reason(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        services.case_document_attach(
            actor=world.official,
            upload=exe(),
            name="minutes.pdf",
            kind=CaseDocumentKind.MINUTES,
            title="Minutes of the video call",
            barrier=world.a,
        )
    assert refused.value.field == "file"
    assert REFUSED in refused.value.message
    assert not CaseDocument.objects.exists()


def test_only_officials_file_documents_and_each_needs_a_title_and_kind(world: World) -> None:
    with pytest.raises(DomainError):
        attach(world.exporter_a, shared=True, title="From an exporter", barrier=world.a)
    with pytest.raises(DomainError) as untitled:
        attach(world.official, shared=True, title="   ", barrier=world.a)
    assert untitled.value.field == "title"
    with pytest.raises(DomainError) as both:
        attach(world.official, shared=True, title="Both", barrier=world.a, meeting=meeting_with())
    assert "one barrier or one meeting" in both.value.message


def _admin(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _inline_post(client: Client, url: str, upload: SimpleUploadedFile, title: str) -> Any:
    page = client.get(url)
    assert page.status_code == 200
    fields = _FormFields()
    fields.feed(page.content.decode())
    data: dict[str, Any] = dict(fields.data.items())
    data.update(
        {
            "case_documents-0-kind": "letter",
            "case_documents-0-title": title,
            "case_documents-0-dated": dt.date(2026, 9, 14).strftime(
                get_format("DATE_INPUT_FORMATS")[0]
            ),
            "case_documents-0-shared": "on",
            "case_documents-0-file": upload,
            "_continue": "Save",
        }
    )
    return client.post(url, data)


def test_the_admin_inline_refuses_a_bad_file_beside_the_field(world: World) -> None:
    client = _admin(factories.triage_officer())
    url = reverse("admin:barriers_barrier_change", args=[world.a.pk])
    response = _inline_post(client, url, exe(), "Letter from the Service")
    assert response.status_code == 200
    page = response.content.decode()
    assert "errorlist" in page
    assert REFUSED in page
    assert not CaseDocument.objects.exists()


def test_the_admin_inline_files_a_document_on_a_barrier_through_the_service(
    world: World,
) -> None:
    officer = factories.triage_officer()
    client = _admin(officer)
    url = reverse("admin:barriers_barrier_change", args=[world.a.pk])
    response = _inline_post(client, url, pdf(), "Letter from the Service")
    assert response.status_code == 302, response.content.decode()[:2000]
    document = CaseDocument.objects.get()
    assert (document.barrier, document.title, document.shared, document.uploaded_by) == (
        world.a,
        "Letter from the Service",
        True,
        officer,
    )
    assert Message.objects.filter(barrier=world.a, body__contains="Letter from the Service")
    page = client.get(url).content.decode()
    download = reverse("admin:barriers_casedocument_download", args=[document.pk])
    assert download in page
    file = client.get(download)
    assert file.status_code == 200
    assert b"".join(file.streaming_content) == PDF_BYTES
    assert AuditEvent.objects.filter(what__contains="of " + world.a.reference).exists()


def test_the_admin_inline_files_minutes_on_a_meeting(world: World) -> None:
    secretary_like = factories.OfficialFactory(is_superuser=True)
    meeting = meeting_with(world.ra)
    url = reverse("admin:barriers_meeting_change", args=[meeting.pk])
    response = _inline_post(_admin(secretary_like), url, pdf(), "Signed protocol")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CaseDocument.objects.get().meeting == meeting


# ---------------------------------------------------------------------------------------------
# The officials' API
# ---------------------------------------------------------------------------------------------


def test_officials_list_and_upload_documents_on_a_barrier_and_a_meeting(world: World) -> None:
    officer = factories.triage_officer()
    api = client_for(officer)
    url = f"/api/v1/barriers/{world.a.reference}/documents/"
    created = api.post(
        url,
        {"file": pdf(), "kind": "protocol", "title": "Protocol of the meeting", "shared": "true"},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    assert created.data["kind"] == "protocol"
    assert created.data["shared"] is True
    listed = api.get(url)
    assert [row["title"] for row in listed.data] == ["Protocol of the meeting"]
    file = api.get(listed.data[0]["download_url"])
    assert file.status_code == 200

    unshared = api.patch(f"{url}{created.data['id']}/", {"shared": False}, format="json")
    assert unshared.status_code == 200
    assert unshared.data["shared"] is False

    meeting = meeting_with(world.ra)
    superuser = factories.OfficialFactory(is_superuser=True)
    on_meeting = client_for(superuser).post(
        f"/api/v1/meetings/{meeting.code}/documents/",
        {"file": pdf(), "kind": "minutes", "title": "Minutes"},
        format="multipart",
    )
    assert on_meeting.status_code == 201, on_meeting.content
    assert CaseDocument.objects.get(pk=on_meeting.data["id"]).meeting == meeting


@pytest.mark.parametrize("document_id", ["null,null", "0x1", "1.5", "99999999999999999999"])
def test_a_path_that_is_not_a_document_number_answers_the_apis_json_404(
    world: World, document_id: str
) -> None:
    api = client_for(factories.OfficialFactory(is_superuser=True))
    meeting = meeting_with(world.ra)
    for base in (
        f"/api/v1/barriers/{world.a.reference}/documents/",
        f"/api/v1/meetings/{meeting.code}/documents/",
    ):
        for suffix in ("", "download/"):
            response = api.get(f"{base}{document_id}/{suffix}")
            assert response.status_code == 404
            assert response["Content-Type"] == "application/json"
        patched = api.patch(f"{base}{document_id}/", {"shared": False}, format="json")
        assert (patched.status_code, patched["Content-Type"]) == (404, "application/json")


@pytest.mark.parametrize("value", [0, 1, "true", "yes", None])
def test_sharing_takes_a_json_boolean_only(world: World, value: object) -> None:
    officer = factories.triage_officer()
    document = attach(officer, shared=False, title="Letter", barrier=world.a)
    url = f"/api/v1/barriers/{world.a.reference}/documents/{document.pk}/"

    response = client_for(officer).patch(url, {"shared": value}, format="json")

    assert response.status_code == 400
    assert "shared" in response.json()
    document.refresh_from_db()
    assert document.shared is False


def test_the_api_refuses_a_bad_file_with_400_naming_the_field(world: World) -> None:
    api = client_for(factories.triage_officer())
    refused = api.post(
        f"/api/v1/barriers/{world.a.reference}/documents/",
        {"file": exe(), "kind": "letter", "title": "Letter"},
        format="multipart",
    )
    assert refused.status_code == 400
    assert "file" in refused.data
    wrong_kind = api.post(
        f"/api/v1/barriers/{world.a.reference}/documents/",
        {"file": pdf(), "kind": "memo", "title": "Letter"},
        format="multipart",
    )
    assert wrong_kind.status_code == 400
    assert "kind" in wrong_kind.data
    assert not CaseDocument.objects.exists()


def test_exporters_and_focal_points_cannot_use_the_officials_api(world: World) -> None:
    document = attach(world.official, shared=True, title="Letter", barrier=world.a)
    # A focal point's token without its second factor is not even signed in (401).
    for user, refusal in ((world.exporter_a, 403), (world.fp_a, 401)):
        api = client_for(user)
        listing = f"/api/v1/barriers/{world.a.reference}/documents/"
        assert api.get(listing).status_code == refusal
        download = f"{listing}{document.pk}/download/"
        assert api.get(download).status_code == refusal
        refused = api.post(
            listing, {"file": pdf(), "kind": "letter", "title": "Mine"}, format="multipart"
        )
        assert refused.status_code == refusal
    # A document asked for under another barrier's reference is not found.
    other = client_for(factories.triage_officer()).get(
        f"/api/v1/barriers/{world.b.reference}/documents/{document.pk}/download/"
    )
    assert other.status_code == 404


def test_the_api_list_costs_the_same_queries_for_one_document_or_many(
    world: World, django_assert_max_num_queries: Any
) -> None:
    api = client_for(factories.triage_officer())
    url = f"/api/v1/barriers/{world.a.reference}/documents/"
    attach(world.official, shared=True, title="One", barrier=world.a)
    api.get(url)  # warm the permission caches and sessions
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        api.get(url)
    for n in range(4):
        attach(world.official, shared=False, title=f"More {n}", barrier=world.a)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(api.get(url).data) == 5


# ---------------------------------------------------------------------------------------------
# Out: exporters
# ---------------------------------------------------------------------------------------------


def test_the_exporter_sees_and_downloads_the_shared_documents_of_their_barrier(
    world: World,
) -> None:
    shared = attach(world.official, shared=True, title="Letter from the Service", barrier=world.a)
    hidden = attach(world.official, shared=False, title="Internal draft reply", barrier=world.a)
    report = world.a.reports.get(filed_by=world.exporter_a)
    client = portal_client(confirmed(world.exporter_a))
    page = client.get(f"/reports/{report.reference}/").content.decode()
    assert "Letter from the Service" in page
    assert "Internal draft reply" not in page

    base = f"/reports/{report.reference}/barrier-documents/"
    file = client.get(f"{base}{shared.pk}/")
    assert file.status_code == 200
    assert b"".join(file.streaming_content) == PDF_BYTES
    # A guessed address of the unshared one: not found.
    assert client.get(f"{base}{hidden.pk}/").status_code == 404


def test_another_companys_exporter_reaches_no_document(world: World) -> None:
    shared = attach(world.official, shared=True, title="Letter", barrier=world.a)
    own_report = world.b.reports.get()
    stranger = confirmed(own_report.filed_by)
    client = portal_client(stranger)
    report_a = world.a.reports.get(filed_by=world.exporter_a)
    for reference in (own_report.reference, report_a.reference):
        assert client.get(f"/reports/{reference}/barrier-documents/{shared.pk}/").status_code == 404
    page = client.get(f"/reports/{own_report.reference}/").content.decode()
    assert "Letter" not in page.split("report-layout")[0]


def test_a_report_not_accepted_into_the_barrier_shows_none_of_its_documents(
    world: World,
) -> None:
    shared = attach(world.official, shared=True, title="Letter", barrier=world.a)
    pending = factories.report_file(company=world.exporter_a.company, actor=world.exporter_a)
    client = portal_client(confirmed(world.exporter_a))
    url = f"/reports/{pending.reference}/barrier-documents/{shared.pk}/"
    assert client.get(url).status_code == 404


def test_meeting_documents_never_reach_exporters(world: World) -> None:
    minutes = attach(world.official, shared=True, title="Minutes", meeting=meeting_with(world.ra))
    report = world.a.reports.get(filed_by=world.exporter_a)
    client = portal_client(confirmed(world.exporter_a))
    url = f"/reports/{report.reference}/barrier-documents/{minutes.pk}/"
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------------------------------------
# Out: the counterpart's focal points
# ---------------------------------------------------------------------------------------------


def test_focal_points_see_shared_documents_of_their_barriers_and_meetings_only(
    world: World,
) -> None:
    letter = attach(world.official, shared=True, title="Letter to the Service", barrier=world.a)
    draft = attach(world.official, shared=False, title="Unsent draft", barrier=world.a)
    minutes = attach(
        world.official, shared=True, title="Signed minutes", meeting=meeting_with(world.ra)
    )
    closed_minutes = attach(
        world.official, shared=False, title="Internal minutes", meeting=minutes.meeting
    )

    own = signed_in(world.fp_a)
    barrier_page = own.get(f"/counterpart/barriers/{world.a.reference}/").content.decode()
    assert "Letter to the Service" in barrier_page
    assert "Unsent draft" not in barrier_page
    home = own.get("/counterpart/").content.decode()
    assert "Signed minutes" in home
    assert "Internal minutes" not in home
    assert own.get(f"/counterpart/documents/{letter.pk}/").status_code == 200
    assert own.get(f"/counterpart/documents/{minutes.pk}/").status_code == 200
    for hidden in (draft, closed_minutes):
        assert own.get(f"/counterpart/documents/{hidden.pk}/").status_code == 404

    # Another regulator's focal point: not shared with them, not at that meeting.
    other = signed_in(world.fp_b)
    for document in (letter, minutes):
        assert other.get(f"/counterpart/documents/{document.pk}/").status_code == 404
    assert "Signed minutes" not in other.get("/counterpart/").content.decode()


def test_unsharing_the_barrier_takes_its_documents_away(world: World) -> None:
    letter = attach(world.official, shared=True, title="Letter", barrier=world.a)
    client = signed_in(world.fp_a)
    assert client.get(f"/counterpart/documents/{letter.pk}/").status_code == 200
    services.barrier_unshare(actor=world.official, barrier=Barrier.objects.get(pk=world.a.pk))
    assert client.get(f"/counterpart/documents/{letter.pk}/").status_code == 404
