"""The officials' admin: every page renders, writes go through services, roles are enforced."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST, ROLE_GROUPS, TRIAGE_OFFICER
from barriers.models import (
    ActionPoint,
    AgendaItem,
    Barrier,
    BarrierStatus,
    Company,
    Document,
    DocumentBuild,
    ExchangeKind,
    ExportFile,
    FacetCount,
    FixConfirmation,
    FollowEvent,
    IdempotencyKey,
    Meeting,
    Message,
    MessageVisibility,
    Notification,
    Party,
    Report,
    ReportStatus,
    Sector,
    StatusChange,
    User,
)
from barriers.services import publishing
from tests import factories

pytestmark = pytest.mark.django_db

# A minimal valid PDF: recognised by its content, no active parts.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "barriers"),
    key=lambda model: model._meta.model_name,
)


def _url(model: type, view: str, *args: Any) -> str:
    return reverse(f"admin:barriers_{model._meta.model_name}_{view}", args=args)


def _role_user(role: str) -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response: Any) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in response.wsgi_request._messages]


def _case_file(actor: User, index: int = 0) -> dict[str, Any]:
    """One row of every kind, made the way the product makes them."""
    report = factories.report_file()
    services.report_start_review(report=report, actor=actor)
    services.report_accept(report=report, actor=actor)
    report.refresh_from_db()
    barrier = report.barrier
    message = services.message_post(actor=actor, body="Asked FSVPS for a date.", report=report)
    document = services.document_attach(
        report=report, actor=actor, upload=SimpleUploadedFile("letter.pdf", PDF), name="letter.pdf"
    )
    day = timezone.localdate() + dt.timedelta(days=40)
    meeting = Meeting.objects.create(
        code=f"{2030 + index}-Q4", date=day, cutoff_on=day - dt.timedelta(days=20), circulate_on=day
    )
    item = AgendaItem.objects.create(meeting=meeting, barrier=barrier, track="veterinary")
    action = ActionPoint.objects.create(
        meeting=meeting,
        agenda_item=item,
        barrier=barrier,
        description="Send the inspection report",
        party=Party.EAEU,
        due_on=day,
    )
    services.report_draft_save(actor=report.filed_by, data={"title": "Grapes held at Brest"})
    FixConfirmation.objects.create(
        barrier=barrier, company=report.company, fixed=False, note="Held", answered_by=actor
    )
    services.routing_settings_get()
    ExportFile.objects.create(meeting=meeting, document="agenda", format="pdf")
    DocumentBuild.objects.create(
        meeting=meeting,
        document="agenda",
        format="pdf",
        edition="internal",
        version="0" * 64,
        file_name=f"agenda-{meeting.code}.pdf",
        media_type="application/pdf",
        content=b"%PDF-1.7",
        size=8,
    )
    IdempotencyKey.objects.create(
        user=report.filed_by, key="k-1", method="POST", path="/api/v1/reports/", request_hash="0"
    )
    services.api_token_issue(user=actor, official=True, second_factor=True)
    services.follow_add(actor=actor, kind="barrier", value=barrier.reference)
    services.saved_search_create(
        actor=actor, name=f"Open {index}", changelist="barrier", query_string="status__exact=open"
    )
    services.follow_frequency_set(actor=actor, frequency="daily")
    Notification.objects.create(
        user=actor, event=FollowEvent.objects.filter(barrier=barrier).first()
    )
    services.barrier_update(barrier=barrier, actor=actor, regulator=report.regulator)
    focal_point = services.focal_point_invite(
        actor=actor,
        regulator=report.regulator,
        email=f"focal-point-{index}@fsvps.example.ru",
        full_name="Анна Иванова",
    )
    services.barrier_share(
        actor=actor,
        barrier=barrier,
        title_ru="Задержка включения в реестр",
        title_en="Listing delayed",
        summary_ru="Кратко",
        summary_en="Briefly",
        ask_ru="Просим",
        ask_en="Please",
        documents=[document],
    )
    services.exchange_post(
        actor=focal_point,
        barrier=barrier,
        kind=ExchangeKind.ACKNOWLEDGEMENT,
        body_ru="Обращение получено.",
        files=[SimpleUploadedFile("письмо.pdf", PDF)],
    )
    services.case_document_attach(
        actor=actor,
        upload=SimpleUploadedFile("minutes.pdf", PDF),
        name="minutes.pdf",
        kind="minutes",
        title="Minutes of the video call",
        meeting=meeting,
    )
    publishing.public_statistics_rebuild()  # the public statistics' snapshot row
    return {
        "report": report,
        "barrier": barrier,
        "message": message,
        "document": document,
        "meeting": meeting,
        "action": action,
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


# ---------------------------------------------------------------------------------------------
# Every page
# ---------------------------------------------------------------------------------------------


def test_every_barriers_model_is_registered() -> None:
    models = {
        model
        for model in apps.get_app_config("barriers").get_models()
        # FacetCount: the counts PostgreSQL's triggers keep for the changelists, not a record.
        if not model.__name__.startswith("Historical") and model is not FacetCount
    }
    assert models - set(REGISTERED) == set()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.model_name)
def test_every_changelist_add_and_change_page_renders_for_superuser(
    admin_client: Client, admin_user: User, model: type
) -> None:
    _case_file(admin_user)
    assert admin_client.get(_url(model, "changelist")).status_code == 200
    assert admin_client.get(_url(model, "changelist"), {"q": "2026"}).status_code == 200

    model_admin = admin.site._registry[model]
    request = type("Request", (), {"user": admin_user})()
    expected_add = 200 if model_admin.has_add_permission(request) else 403
    assert admin_client.get(_url(model, "add")).status_code == expected_add

    obj = model._default_manager.first()
    assert obj is not None, f"no {model.__name__} in the case file"
    assert admin_client.get(_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", [Report, Barrier, Company, Meeting], ids=lambda m: m.__name__)
def test_history_pages_render_and_cannot_revert(
    admin_client: Client, admin_user: User, model: type
) -> None:
    _case_file(admin_user)
    obj = model._default_manager.first()
    assert admin_client.get(_url(model, "history", obj.pk)).status_code == 200
    version = obj.history.earliest()
    url = _url(model, "simple_history", obj.pk, version.history_id)
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {}).status_code == 403


# ---------------------------------------------------------------------------------------------
# Status history and status fields
# ---------------------------------------------------------------------------------------------


def test_status_change_admin_refuses_add_change_and_delete(
    admin_client: Client, admin_user: User
) -> None:
    report = factories.report_file()
    event = StatusChange.objects.get(report=report)

    assert admin_client.get(_url(StatusChange, "change", event.pk)).status_code == 200
    assert (
        admin_client.post(_url(StatusChange, "change", event.pk), {"note": "x"}).status_code == 403
    )
    assert admin_client.get(_url(StatusChange, "delete", event.pk)).status_code == 403
    assert (
        admin_client.post(_url(StatusChange, "delete", event.pk), {"post": "yes"}).status_code
        == 403
    )
    assert admin_client.get(_url(StatusChange, "add")).status_code == 403
    response = admin_client.post(
        _url(StatusChange, "changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert response.status_code in {200, 302}
    event.refresh_from_db()
    assert event.note == ""
    assert StatusChange.objects.filter(pk=event.pk).exists()


def test_report_change_form_cannot_move_status(admin_client: Client, admin_user: User) -> None:
    report = factories.report_file()
    official = factories.OfficialFactory()
    url = _url(Report, "change", report.pk)

    response = admin_client.post(
        url,
        {
            "status": ReportStatus.ACCEPTED,
            "owner": official.pk,
            **_inline_management_data(admin_client.get(url)),
        },
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.owner == official
    assert StatusChange.objects.filter(report=report).count() == 1


def _inline_management_data(response: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for inline in response.context["inline_admin_formsets"]:
        form = inline.formset.management_form
        data.update({form.add_prefix(name): form[name].value() for name in form.fields})
    return data


# ---------------------------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------------------------


def test_start_review_action_moves_submitted_report_and_records_one_status_change(
    admin_client: Client, admin_user: User
) -> None:
    report = factories.report_file()

    response = admin_client.post(
        _url(Report, "changelist"), {"action": "start_review", "_selected_action": [report.pk]}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW
    events = StatusChange.objects.filter(report=report, to_status=ReportStatus.UNDER_REVIEW)
    assert events.count() == 1
    assert events.get().actor == admin_user
    assert (
        messages.SUCCESS,
        f"{report.reference} “{report.title}” is now under review.",
    ) in _messages(response)


def test_start_review_action_warns_per_report_it_cannot_move(
    admin_client: Client, admin_user: User
) -> None:
    waiting = factories.report_file()
    reviewed = factories.report_file()
    services.report_start_review(report=reviewed, actor=admin_user)

    response = admin_client.post(
        _url(Report, "changelist"),
        {"action": "start_review", "_selected_action": [waiting.pk, reviewed.pk]},
    )

    assert response.status_code == 302
    levels = [level for level, _ in _messages(response)]
    assert levels.count(messages.WARNING) == 1
    assert levels.count(messages.SUCCESS) == 1
    assert StatusChange.objects.filter(report=reviewed).count() == 2
    waiting.refresh_from_db()
    assert waiting.status == ReportStatus.UNDER_REVIEW


def test_verify_company_action_marks_company_verified(
    admin_client: Client, admin_user: User
) -> None:
    company = factories.CompanyFactory(verified=False)

    admin_client.post(
        _url(Company, "changelist"), {"action": "verify", "_selected_action": [company.pk]}
    )

    company.refresh_from_db()
    assert company.verified
    assert company.verified_by == admin_user


# ---------------------------------------------------------------------------------------------
# Adding through services
# ---------------------------------------------------------------------------------------------


def test_adding_a_barrier_goes_through_barrier_create(
    admin_client: Client, admin_user: User
) -> None:
    kind = factories.BarrierKindFactory()
    hs = factories.HSCodeFactory()

    response = admin_client.post(
        _url(Barrier, "add"),
        {
            "title": "Listing backlog at FSVPS",
            "barrier_kind": kind.pk,
            "sector": Sector.MARINE,
            "hs_codes": [hs.pk],
            "pending_on": "eaeu",
            "manual_priority": 2,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    barrier = Barrier.objects.get()
    assert barrier.reference.startswith("BAR-")
    assert barrier.status == BarrierStatus.OPEN
    assert barrier.created_by == admin_user
    assert barrier.manual_priority == 2
    assert list(barrier.hs_codes.all()) == [hs]
    assert StatusChange.objects.filter(barrier=barrier, to_status=BarrierStatus.OPEN).count() == 1


def test_adding_an_internal_note_goes_through_message_post(
    admin_client: Client, admin_user: User
) -> None:
    barrier = services.barrier_create(
        actor=admin_user, title="b", barrier_kind=factories.BarrierKindFactory(), sector="marine"
    )

    response = admin_client.post(
        _url(Message, "add"),
        {"barrier": barrier.pk, "visibility": MessageVisibility.INTERNAL, "body": "Call FSVPS."},
    )

    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.barrier, message.author, message.visibility) == (
        barrier,
        admin_user,
        MessageVisibility.INTERNAL,
    )


def test_attaching_evidence_goes_through_document_attach_and_refuses_bad_files(
    admin_client: Client,
) -> None:
    report = factories.report_file()

    refused = admin_client.post(
        _url(Document, "add"),
        {"report": report.pk, "file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")},
    )
    accepted = admin_client.post(
        _url(Document, "add"), {"report": report.pk, "file": SimpleUploadedFile("a.pdf", PDF)}
    )

    assert refused.status_code == 200
    assert "file" in refused.context["adminform"].form.errors
    assert accepted.status_code == 302
    document = Document.objects.get()
    assert (document.report, document.content_type, document.size) == (
        report,
        "application/pdf",
        len(PDF),
    )


def test_reports_cannot_be_added_in_the_admin(admin_client: Client) -> None:
    assert admin_client.get(_url(Report, "add")).status_code == 403


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------


def test_role_groups_exist_and_grant_no_delete() -> None:
    groups = Group.objects.filter(name__in=ROLE_GROUPS)
    assert sorted(groups.values_list("name", flat=True)) == sorted(ROLE_GROUPS)
    assert not Permission.objects.filter(group__in=groups, codename__startswith="delete_").exists()
    analyst = set(Group.objects.get(name=ANALYST).permissions.values_list("codename", flat=True))
    assert analyst and all(codename.startswith("view_") for codename in analyst)


def test_analyst_views_report_changelist_but_cannot_change_a_report() -> None:
    report = factories.report_file()
    client = _client_for(_role_user(ANALYST))

    assert client.get(_url(Report, "changelist")).status_code == 200
    assert client.get(_url(Report, "change", report.pk)).status_code == 200
    response = client.post(_url(Report, "change", report.pk), {"owner": ""})

    assert response.status_code == 403


def test_triage_officer_sets_report_owner_but_cannot_delete_reports() -> None:
    report = factories.report_file()
    officer = _role_user(TRIAGE_OFFICER)
    client = _client_for(officer)
    url = _url(Report, "change", report.pk)

    response = client.post(url, {"owner": officer.pk, **_inline_management_data(client.get(url))})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.owner == officer
    assert client.get(_url(Report, "delete", report.pk)).status_code == 403


def test_agenda_secretary_cannot_start_a_review() -> None:
    report = factories.report_file()
    client = _client_for(_role_user(AGENDA_SECRETARY))

    client.post(
        _url(Report, "changelist"), {"action": "start_review", "_selected_action": [report.pk]}
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


# ---------------------------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.model_name)
def test_every_changelist_runs_a_fixed_number_of_queries(
    admin_client: Client, admin_user: User, django_assert_num_queries: Any, model: type
) -> None:
    url = _url(model, "changelist")
    _case_file(admin_user, 0)
    admin_client.get(url)  # warm caches (content types)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200

    for index in range(1, 6):
        _case_file(admin_user, index)

    with django_assert_num_queries(len(few.captured_queries)):
        assert admin_client.get(url).status_code == 200


def _report_rows(count: int, official: User) -> None:
    """Reports of different companies; every other one accepted into a barrier and assigned."""
    for index in range(count):
        report = factories.report_file()
        if index % 2:
            services.report_start_review(report=report, actor=official)
            services.report_accept(report=report, actor=official)
            Report.objects.filter(pk=report.pk).update(owner=official)


@pytest.mark.parametrize("model", [Report, Barrier], ids=lambda m: m.__name__)
def test_changelist_queries_are_the_same_for_2_and_20_reports(
    admin_client: Client, admin_user: User, django_assert_num_queries: Any, model: type
) -> None:
    url = _url(model, "changelist")
    _report_rows(2, admin_user)
    admin_client.get(url)  # warm caches (content types)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200

    _report_rows(18, admin_user)
    assert Report.objects.count() == 20

    with django_assert_num_queries(len(few.captured_queries)):
        assert admin_client.get(url).status_code == 200


def test_large_changelists_count_only_up_to_a_cap(admin_client, monkeypatch) -> None:
    from barriers.admin.base import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    reports = [factories.report_file() for _ in range(5)]

    response = admin_client.get("/admin/barriers/report/")
    # A filter the kept counts do not cover (barriers.models.facets): the paginator counts.
    filtered = admin_client.get("/admin/barriers/report/", {"verified": "yes"})

    assert response.status_code == 200
    # PostgreSQL keeps the counts by status: the unfiltered total is exact at no cost.
    assert response.context["cl"].result_count == (5 if connection.vendor == "postgresql" else 4)
    assert filtered.context["cl"].result_count == 4  # "more than 3"
    assert reports[-1].reference in response.content.decode()
    searched = admin_client.get("/admin/barriers/report/", {"q": reports[0].reference})
    assert searched.context["cl"].result_count == 1


def test_date_hierarchy_drills_down_without_reading_the_matching_rows(
    admin_client, django_assert_max_num_queries
) -> None:
    report = factories.report_file()
    created = timezone.localtime(report.created_at)
    base = "/admin/barriers/report/"
    top = admin_client.get(base)
    assert f"created_at__year={created.year}" in top.content.decode()
    months = admin_client.get(base, {"created_at__year": created.year})
    assert f"created_at__month={created.month}" in months.content.decode()
    days = admin_client.get(
        base, {"created_at__year": created.year, "created_at__month": created.month}
    )
    assert f"created_at__day={created.day}" in days.content.decode()
    one_day = admin_client.get(
        base,
        {
            "created_at__year": created.year,
            "created_at__month": created.month,
            "created_at__day": created.day,
        },
    )
    assert report.reference in one_day.content.decode()
