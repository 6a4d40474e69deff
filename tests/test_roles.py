"""The officials' role groups: each can do its work in the admin and nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST, ROLE_GROUPS, TRIAGE_OFFICER
from barriers.models import (
    Barrier,
    Meeting,
    Message,
    MessageVisibility,
    Report,
    ReportStatus,
    StatusChange,
    User,
)
from tests import factories

pytestmark = pytest.mark.django_db

# Actions that only read: export. Anything else in an action list changes data.
READ_ONLY_ACTIONS = {"export_admin_action"}


def _user(role: str) -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _codenames(role: str) -> set[str]:
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


@pytest.fixture
def case(admin_user: User) -> dict[str, Any]:
    """A waiting report, a report under review, a barrier and a meeting."""
    waiting = factories.report_file()
    reviewed = services.report_start_review(report=factories.report_file(), actor=admin_user)
    accepted = services.report_start_review(report=factories.report_file(), actor=admin_user)
    services.report_accept(report=accepted, actor=admin_user)
    day = timezone.localdate() + dt.timedelta(days=60)
    meeting = Meeting.objects.create(
        code="2031-Q1", date=day, cutoff_on=day - dt.timedelta(days=20), circulate_on=day
    )
    return {
        "waiting": waiting,
        "reviewed": reviewed,
        "barrier": Barrier.objects.get(),
        "meeting": meeting,
    }


def _changelist(name: str) -> str:
    return reverse(f"admin:barriers_{name}_changelist")


def _step(name: str, pk: int, step: str) -> str:
    return reverse(f"admin:barriers_{name}_step", args=[pk, step])


# ---------------------------------------------------------------------------------------------
# The groups themselves
# ---------------------------------------------------------------------------------------------


def test_nobody_but_superusers_may_delete_anything_or_write_history() -> None:
    groups = Group.objects.filter(name__in=ROLE_GROUPS)
    granted = Permission.objects.filter(group__in=groups)
    assert not granted.filter(codename__startswith="delete_").exists()
    assert not granted.filter(codename__in=["add_statuschange", "change_statuschange"]).exists()
    assert not granted.filter(codename__regex=r"^(add|change)_historical").exists()


def test_each_role_has_the_permissions_of_its_work() -> None:
    triage, secretary, analyst = (_codenames(role) for role in ROLE_GROUPS)
    assert {"change_report", "add_report", "add_barrier", "add_message"} <= triage
    assert {"change_meeting", "change_agendaitem", "change_actionpoint"} <= secretary
    assert not {"change_meeting", "add_meeting", "change_agendaitem"} & triage
    assert "change_report" not in secretary
    assert "triage_barrier" in triage and "triage_barrier" not in secretary
    assert all(codename.startswith("view_") for codename in analyst)
    assert {"view_report", "view_barrier", "view_triagequeueentry"} <= analyst


# ---------------------------------------------------------------------------------------------
# Analyst: reads and exports, changes nothing
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["triagequeueentry", "report", "barrier", "meeting", "company", "statuschange"]
)
def test_analyst_reads_every_list_and_sees_no_action_that_changes_data(
    case: dict[str, Any], name: str
) -> None:
    client = _client(_user(ANALYST))

    response = client.get(_changelist(name))

    assert response.status_code == 200
    form = response.context["action_form"]
    actions = {choice for choice, _ in form.fields["action"].choices} if form else set()
    assert actions - {""} <= READ_ONLY_ACTIONS


def test_analyst_gets_403_on_every_change_and_step(case: dict[str, Any]) -> None:
    client = _client(_user(ANALYST))
    report, barrier, meeting = case["reviewed"], case["barrier"], case["meeting"]

    page = client.get(reverse("admin:barriers_report_change", args=[report.pk]))
    assert page.status_code == 200 and page.context["page_steps"] == []
    assert page.context["can_merge"] is False
    posts = [
        reverse("admin:barriers_report_change", args=[report.pk]),
        reverse("admin:barriers_barrier_change", args=[barrier.pk]),
        reverse("admin:barriers_meeting_change", args=[meeting.pk]),
        reverse("admin:barriers_company_change", args=[report.company.pk]),
        _step("report", report.pk, "request_info"),
        _step("triagequeueentry", report.pk, "merge"),
        _step("company", report.company.pk, "verify"),
        reverse("admin:barriers_report_import"),
        reverse("admin:barriers_barrier_add"),
        reverse("admin:barriers_message_add"),
    ]
    for url in posts:
        assert client.post(url, {"question": "x", "barrier": barrier.pk}).status_code == 403, url

    client.post(_changelist("report"), {"action": "start_review", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW
    assert StatusChange.objects.filter(report=case["waiting"]).count() == 1


def test_analyst_may_export(case: dict[str, Any]) -> None:
    client = _client(_user(ANALYST))
    assert client.get(reverse("admin:barriers_report_export")).status_code == 200
    assert client.get(reverse("admin:barriers_barrier_export")).status_code == 200


# ---------------------------------------------------------------------------------------------
# Triage officer: triage, merge, notes; no meetings, no deleting
# ---------------------------------------------------------------------------------------------


def test_triage_officer_works_the_queue(case: dict[str, Any]) -> None:
    officer = _user(TRIAGE_OFFICER)
    client = _client(officer)
    waiting, reviewed, barrier = case["waiting"], case["reviewed"], case["barrier"]

    queue = client.get(_changelist("triagequeueentry"))
    actions = {choice for choice, _ in queue.context["action_form"].fields["action"].choices}
    assert {"start_review", "merge", "reject", "request_info"} <= actions
    assert "delete_selected" not in actions

    client.post(
        _changelist("triagequeueentry"),
        {"action": "start_review", "_selected_action": [waiting.pk]},
    )
    client.post(_step("triagequeueentry", reviewed.pk, "merge"), {"barrier": barrier.pk})

    waiting.refresh_from_db()
    reviewed.refresh_from_db()
    assert waiting.status == ReportStatus.UNDER_REVIEW
    assert (reviewed.status, reviewed.barrier) == (ReportStatus.ACCEPTED, barrier)
    assert StatusChange.objects.filter(report=reviewed, actor=officer).exists()


def test_triage_officer_adds_an_internal_note_on_a_barrier(case: dict[str, Any]) -> None:
    officer = _user(TRIAGE_OFFICER)
    response = _client(officer).post(
        reverse("admin:barriers_message_add"),
        {"barrier": case["barrier"].pk, "visibility": "internal", "body": "Rang FSVPS."},
    )
    assert response.status_code == 302
    assert Message.objects.filter(
        barrier=case["barrier"], author=officer, visibility=MessageVisibility.INTERNAL
    ).exists()


def test_triage_officer_cannot_change_a_meeting_or_delete(case: dict[str, Any]) -> None:
    client = _client(_user(TRIAGE_OFFICER))
    meeting, report = case["meeting"], case["reviewed"]

    assert (
        client.post(
            reverse("admin:barriers_meeting_change", args=[meeting.pk]), {"venue": "Moscow"}
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:barriers_meeting_add")).status_code == 403
    assert client.get(reverse("admin:barriers_report_delete", args=[report.pk])).status_code == 403
    assert (
        client.post(
            reverse("admin:barriers_barrier_delete", args=[case["barrier"].pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    meeting.refresh_from_db()
    assert meeting.venue == ""
    assert Report.objects.filter(pk=report.pk).exists()


# ---------------------------------------------------------------------------------------------
# Agenda secretary: meetings, agendas, outcomes, exports; no report triage
# ---------------------------------------------------------------------------------------------


def test_agenda_secretary_changes_a_meeting(case: dict[str, Any]) -> None:
    client = _client(_user(AGENDA_SECRETARY))
    meeting = case["meeting"]
    url = reverse("admin:barriers_meeting_change", args=[meeting.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data["eaeu_participants"] = []
    data["venue"] = "New Delhi"
    for inline in client.get(url).context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.venue == "New Delhi"


def test_agenda_secretary_cannot_run_report_triage(case: dict[str, Any]) -> None:
    client = _client(_user(AGENDA_SECRETARY))
    waiting, reviewed, barrier = case["waiting"], case["reviewed"], case["barrier"]

    listing = client.get(_changelist("report"))
    actions = {choice for choice, _ in listing.context["action_form"].fields["action"].choices}
    assert not {"start_review", "merge", "reject", "request_info"} & actions
    client.post(_changelist("report"), {"action": "start_review", "_selected_action": [waiting.pk]})
    merge = client.post(_step("report", reviewed.pk, "merge"), {"barrier": barrier.pk})
    ask = client.post(_step("triagequeueentry", reviewed.pk, "request_info"), {"question": "?"})

    assert merge.status_code == 403 and ask.status_code == 403
    waiting.refresh_from_db()
    reviewed.refresh_from_db()
    assert waiting.status == ReportStatus.SUBMITTED
    assert reviewed.status == ReportStatus.UNDER_REVIEW


def _barrier_form_data(client: Client, url: str) -> dict[str, Any]:
    """What the barrier's change page would post back unchanged."""
    page = client.get(url)
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        else:
            data[name] = getattr(value, "pk", value)
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})
    return data


def test_agenda_secretary_writes_the_ask_but_cannot_reprioritise_or_reclassify(
    case: dict[str, Any],
) -> None:
    secretary = _client(_user(AGENDA_SECRETARY))
    barrier = case["barrier"]
    url = reverse("admin:barriers_barrier_change", args=[barrier.pk])
    form = secretary.get(url).context["adminform"].form
    assert {"ask", "title_ru", "summary_ru"} <= set(form.fields)
    assert not {"manual_priority", "regulator", "owner", "hs_codes", "on_hold"} & set(form.fields)

    data = _barrier_form_data(secretary, url)
    data.update({"ask": "Confirm the listing date at the meeting.", "manual_priority": 5})
    response = secretary.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    barrier.refresh_from_db()
    assert barrier.ask == "Confirm the listing date at the meeting."
    assert barrier.manual_priority == 0
    listing = secretary.get(_changelist("barrier"))
    actions = {choice for choice, _ in listing.context["action_form"].fields["action"].choices}
    assert not {"set_priority", "assign_barrier_owner"} & actions
    step = secretary.post(_step("barrier", barrier.pk, "set_priority"), {"priority": 5})
    assert step.status_code == 403
    barrier.refresh_from_db()
    assert barrier.manual_priority == 0


def test_triage_officer_sets_a_barriers_priority(case: dict[str, Any]) -> None:
    officer = _client(_user(TRIAGE_OFFICER))
    barrier = case["barrier"]
    url = reverse("admin:barriers_barrier_change", args=[barrier.pk])
    assert "manual_priority" in officer.get(url).context["adminform"].form.fields

    response = officer.post(_step("barrier", barrier.pk, "set_priority"), {"priority": 3})

    assert response.status_code == 302
    barrier.refresh_from_db()
    assert barrier.manual_priority == 3


def test_agenda_secretary_exports_but_cannot_import(case: dict[str, Any]) -> None:
    client = _client(_user(AGENDA_SECRETARY))
    assert client.get(reverse("admin:barriers_report_export")).status_code == 200
    assert client.get(reverse("admin:barriers_report_import")).status_code == 403
