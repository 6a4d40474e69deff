"""Every write the admin makes goes through a service, and every change to access is audited.

Each test posts the admin's own pages as an official would (change forms, actions, steps) and
then looks at what only the service writes: the history row's reason and user, the status
history, the audit event with who, whom, old and new value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST, TRIAGE_OFFICER
from barriers.domain.errors import DomainError
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    AuditAction,
    AuditEvent,
    Meeting,
    MeetingStatus,
    RoutingSettings,
    StatusChange,
    User,
)
from tests import factories
from tests.accounts.test_audit import change_url, save_change_form, step_url
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _role_user(role: str, **kwargs: Any) -> User:
    user = factories.OfficialFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response: Any) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in response.wsgi_request._messages]


def _access_events(subject: User) -> dict[str, AuditEvent]:
    events = AuditEvent.objects.filter(action=AuditAction.ACCESS_CHANGED, subject=subject)
    return {event.field: event for event in events.order_by("pk")}


@pytest.fixture
def secretary() -> User:
    return _role_user(AGENDA_SECRETARY)


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser(email="root@commerce.example", password=None)


def _frozen_meeting(official: User, *, date: dt.date) -> Meeting:
    barrier_with_reports(official)
    meeting = services.meeting_create(actor=None, code="2026-Q4", date=date)
    services.agenda_draft(meeting=meeting, actor=official)
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=official)
    meeting.refresh_from_db()
    return meeting


def _held_meeting_with_point(official: User) -> tuple[Meeting, ActionPoint]:
    meeting = _frozen_meeting(official, date=TODAY - dt.timedelta(days=5))
    services.meeting_hold(meeting=meeting, actor=official)
    item = AgendaItem.objects.get(meeting=meeting)
    point = services.action_point_create(
        meeting=meeting,
        barrier=item.barrier,
        description="Send the plant's dossier",
        party="india",
        due_on=TODAY + dt.timedelta(days=30),
        actor=official,
    )
    return meeting, point


# ---------------------------------------------------------------------------------------------
# Meetings, action points, agenda items, routing settings, companies: through their services
# ---------------------------------------------------------------------------------------------


def test_meeting_change_form_saves_through_meeting_update(secretary, official) -> None:
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=40)
    )
    regulator = factories.RegulatorFactory()

    save_change_form(
        _client(secretary),
        change_url(meeting),
        venue="Moscow (EEC)",
        eaeu_participants=[str(regulator.pk)],
    )

    meeting.refresh_from_db()
    assert meeting.venue == "Moscow (EEC)"
    assert list(meeting.eaeu_participants.all()) == [regulator]
    latest = meeting.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        secretary,
        "Meeting details changed",
    )


def test_meeting_change_form_refuses_cutoff_after_the_meeting_with_a_form_error(
    secretary,
) -> None:
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=40)
    )
    before = meeting.history.count()
    page = _client(secretary).get(change_url(meeting))
    assert page.status_code == 200

    response = _client(secretary).post(
        change_url(meeting),
        {
            "code": meeting.code,
            "date": meeting.date.isoformat(),
            "venue": "",
            "format": meeting.format,
            "india_participants": "",
            "cutoff_on": (meeting.date + dt.timedelta(days=3)).isoformat(),
            "circulate_on": meeting.circulate_on.isoformat(),
            "capacity": "20",
            "notes": "",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert "The agenda cut-off must come before the meeting." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.cutoff_on < meeting.date
    assert meeting.history.count() == before


def test_action_point_change_form_saves_through_action_point_update(secretary, official) -> None:
    meeting, point = _held_meeting_with_point(official)
    other_meeting = services.meeting_create(
        actor=None, code="2027-Q1", date=TODAY + dt.timedelta(days=90)
    )

    save_change_form(
        _client(secretary),
        change_url(point),
        description="Send the plant's dossier and the EIC guarantees",
        meeting=str(other_meeting.pk),  # read-only: where a point was agreed never changes
    )

    point.refresh_from_db()
    assert point.description == "Send the plant's dossier and the EIC guarantees"
    assert point.meeting == meeting
    latest = point.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        secretary,
        "Action point changed",
    )


def test_action_point_due_before_the_meeting_is_a_form_error_and_nothing_changes(
    secretary, official
) -> None:
    meeting, point = _held_meeting_with_point(official)
    url = change_url(point)
    client = _client(secretary)
    page = client.get(url)
    assert page.status_code == 200

    response = client.post(
        url,
        {
            "description": point.description,
            "party": point.party,
            "owner_agency": "",
            "regulator": "",
            "owner": "",
            "due_on": (meeting.date - dt.timedelta(days=1)).isoformat(),
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert "The due date cannot be before the meeting." in response.content.decode()
    point.refresh_from_db()
    assert point.due_on == TODAY + dt.timedelta(days=30)


def test_action_point_steps_write_status_history_with_actor_and_note(secretary, official) -> None:
    _meeting, point = _held_meeting_with_point(official)
    client = _client(secretary)

    client.post(
        step_url(point, "mark_done"),
        {"completed_on": TODAY.isoformat(), "evidence": "Listing published on 2 June"},
    )
    client.post(step_url(point, "reopen"), {"note": "The listing was withdrawn"})

    point.refresh_from_db()
    assert point.status == ActionPointStatus.OPEN
    assert point.completed_on is None
    rows = list(StatusChange.objects.filter(action_point=point).order_by("pk"))
    assert [(r.from_status, r.to_status) for r in rows] == [
        ("", "open"),
        ("open", "done"),
        ("done", "open"),
    ]
    assert [r.actor for r in rows[1:]] == [secretary, secretary]
    assert rows[1].note == "Listing published on 2 June"
    assert rows[2].note == "The listing was withdrawn"
    assert not any(r.is_public for r in rows)  # exporters' timelines never show them
    page = client.get(change_url(point)).content.decode()
    assert "The listing was withdrawn" in page  # the history is on the action point's page


def test_illegal_action_point_transition_is_refused_with_a_readable_message(
    secretary, official
) -> None:
    _meeting, point = _held_meeting_with_point(official)
    services.action_point_transition(
        action_point=point, to=ActionPointStatus.DONE, actor=official, completed_on=TODAY
    )
    history = StatusChange.objects.filter(action_point=point).count()
    client = _client(secretary)

    # Straight from done to dropped: as a bulk action and from the step's URL.
    bulk = client.post(
        reverse("admin:barriers_actionpoint_changelist"),
        {"action": "drop", "_selected_action": [point.pk], "apply": "1", "note": "x"},
        follow=True,
    )
    page = client.post(step_url(point, "drop"), {"note": "x"}, follow=True)

    for response in (bulk, page):
        assert response.status_code == 200
        level, text = _messages(response)[-1]
        assert level == messages.WARNING
        assert "An action point cannot move from 'done' to 'dropped'" in text
    point.refresh_from_db()
    assert (point.status, point.completed_on) == (ActionPointStatus.DONE, TODAY)
    assert StatusChange.objects.filter(action_point=point).count() == history


def test_action_point_transition_service_follows_the_table(official) -> None:
    _meeting, point = _held_meeting_with_point(official)
    with pytest.raises(DomainError, match="cannot move from 'open' to 'open'"):
        services.action_point_transition(action_point=point, to="open", actor=official)
    with pytest.raises(DomainError, match="not a status an action point can have"):
        services.action_point_transition(action_point=point, to="finished", actor=official)
    assert StatusChange.objects.filter(action_point=point).count() == 1


def test_agenda_item_change_form_edits_the_ask_through_the_service_only(
    secretary, official
) -> None:
    meeting = _frozen_meeting(official, date=TODAY + dt.timedelta(days=30))
    item = AgendaItem.objects.get(meeting=meeting)

    save_change_form(
        _client(secretary),
        change_url(item),
        ask="List the plant before the season",
        outcome="resolved",  # read-only: outcomes are recorded with outcome_record
        section="removed",  # read-only: the meeting page's buttons move items
    )

    item.refresh_from_db()
    assert (item.ask, item.outcome, item.section) == (
        "List the plant before the season",
        "",
        "agenda",
    )
    latest = item.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        secretary,
        "Agenda item changed by hand",
    )


def test_routing_settings_change_form_goes_through_the_service(secretary, superuser) -> None:
    client = _client(superuser)
    client.get(reverse("admin:barriers_routingsettings_changelist"))
    row = RoutingSettings.objects.get()

    save_change_form(client, change_url(row), weight_trade_value="40")

    row.refresh_from_db()
    assert row.weight_trade_value == 40
    latest = row.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        superuser,
        "Routing settings changed",
    )
    # A negative weight is a form error, not a database error.
    page = client.get(change_url(row))
    assert page.status_code == 200
    response = client.post(
        change_url(row),
        {
            **{name: str(getattr(row, name)) for name in services.ROUTING_FIELDS},
            "weight_companies": "-5",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert "A weight cannot be negative." in response.content.decode()
    row.refresh_from_db()
    assert row.weight_companies == 25


def test_company_change_form_goes_through_company_update_and_refreshes_search(
    superuser, official
) -> None:
    report = factories.report_file()
    company = report.company

    save_change_form(_client(superuser), change_url(company), name="Renamed Marine Exports")

    company.refresh_from_db()
    assert company.name == "Renamed Marine Exports"
    latest = company.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        superuser,
        "Company details changed",
    )
    report.refresh_from_db()
    assert "renamed marine exports" in report.search_text


# ---------------------------------------------------------------------------------------------
# People's access: audited whichever door changes it
# ---------------------------------------------------------------------------------------------


def test_user_page_staff_group_and_company_changes_write_audit_events(superuser) -> None:
    first, second = factories.CompanyFactory(), factories.CompanyFactory()
    person = factories.ExporterFactory(company=first)
    triage = Group.objects.get(name=TRIAGE_OFFICER)

    save_change_form(
        _client(superuser),
        change_url(person),
        is_staff="on",
        groups=[str(triage.pk)],
        company=str(second.pk),
        full_name="Asha Rao",
    )

    person.refresh_from_db()
    assert person.is_staff and person.company == second and person.full_name == "Asha Rao"
    assert list(person.groups.all()) == [triage]
    events = _access_events(person)
    assert set(events) == {"is_staff", "groups", "company"}
    assert (events["is_staff"].old_value, events["is_staff"].new_value) == ("no", "yes")
    assert (events["groups"].old_value, events["groups"].new_value) == ("", TRIAGE_OFFICER)
    assert (events["company"].old_value, events["company"].new_value) == (str(first), str(second))
    for event in events.values():
        assert (event.user, event.subject, event.subject_name, event.channel) == (
            superuser,
            person,
            person.email,
            "admin",
        )
    # The audit log's page shows who changed whose access.
    page = _client(superuser).get(reverse("admin:barriers_auditevent_changelist"))
    assert person.email in page.content.decode()


def test_user_page_save_without_access_changes_writes_no_audit_event(superuser) -> None:
    person = factories.ExporterFactory()

    save_change_form(_client(superuser), change_url(person), phone="+91 22 5555 0101")

    person.refresh_from_db()
    assert person.phone == "+91 22 5555 0101"
    assert not _access_events(person)


def test_superuser_and_active_flags_and_removal_from_a_group_are_audited(superuser) -> None:
    person = _role_user(ANALYST)

    save_change_form(
        _client(superuser),
        change_url(person),
        is_superuser="on",
        is_active="",
        groups=[],
    )

    events = _access_events(person)
    assert (events["is_superuser"].old_value, events["is_superuser"].new_value) == ("no", "yes")
    assert (events["is_active"].old_value, events["is_active"].new_value) == ("yes", "no")
    assert (events["groups"].old_value, events["groups"].new_value) == (ANALYST, "")


def test_adding_a_user_in_the_admin_records_the_account_and_its_company(superuser) -> None:
    company = factories.CompanyFactory()
    client = _client(superuser)
    response = client.post(
        reverse("admin:barriers_user_add"),
        {
            "email": "New.Person@Exporter.example",
            "full_name": "New Person",
            "company": str(company.pk),
            "usable_password": "false",
            "password1": "",
            "password2": "",
            "_save": "Save",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    person = User.objects.get(email="new.person@exporter.example")
    assert person.company == company and not person.has_usable_password()
    events = _access_events(person)
    assert events["account"].new_value == "created"
    assert (events["company"].old_value, events["company"].new_value) == ("", str(company))
    assert events["company"].user == superuser


def test_group_page_members_joining_and_leaving_are_audited(superuser) -> None:
    joining = factories.OfficialFactory()
    leaving = _role_user(TRIAGE_OFFICER)
    group = Group.objects.get(name=TRIAGE_OFFICER)

    save_change_form(_client(superuser), change_url(group), members=[str(joining.pk)])

    assert list(group.user_set.all()) == [joining]
    joined, left = _access_events(joining)["groups"], _access_events(leaving)["groups"]
    assert (joined.old_value, joined.new_value, joined.user) == ("", TRIAGE_OFFICER, superuser)
    assert (left.old_value, left.new_value, left.user) == (TRIAGE_OFFICER, "", superuser)


def test_deleting_a_group_audits_each_members_loss_and_role_groups_stay(superuser) -> None:
    person = factories.OfficialFactory()
    extra = services.group_create(actor=superuser, name="Visitors", members=[person])
    client = _client(superuser)

    response = client.post(
        reverse("admin:auth_group_delete", args=[extra.pk]), {"post": "yes"}, follow=True
    )

    assert response.status_code == 200
    assert not Group.objects.filter(name="Visitors").exists()
    event = AuditEvent.objects.filter(subject=person, field="groups").latest("pk")
    assert (event.old_value, event.new_value, event.user) == ("Visitors", "", superuser)
    role = Group.objects.get(name=TRIAGE_OFFICER)
    refused = client.post(reverse("admin:auth_group_delete", args=[role.pk]), {"post": "yes"})
    assert refused.status_code == 403
    assert Group.objects.filter(name=TRIAGE_OFFICER).exists()


def test_deleting_a_user_in_the_admin_is_audited(superuser) -> None:
    person = factories.ExporterFactory()
    email = person.email

    response = _client(superuser).post(
        reverse("admin:barriers_user_delete", args=[person.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not User.objects.filter(email=email).exists()
    event = AuditEvent.objects.get(subject_name=email, field="account", new_value="deleted")
    assert event.user == superuser and event.subject is None


def test_services_audit_access_changes_in_the_same_transaction(official) -> None:
    person = factories.ExporterFactory()
    company = factories.CompanyFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.user_update_access(user=person, actor=official, company=company)
        raise RuntimeError("the change fails after the service ran")
    person.refresh_from_db()
    assert person.company != company
    assert not _access_events(person)  # rolled back together


# ---------------------------------------------------------------------------------------------
# A meeting is never held before its date
# ---------------------------------------------------------------------------------------------


def test_service_refuses_to_hold_a_meeting_before_its_date(official) -> None:
    meeting = _frozen_meeting(official, date=TODAY + dt.timedelta(days=1))

    with pytest.raises(DomainError, match="cannot be marked held before that day"):
        services.meeting_hold(meeting=meeting, actor=official)
    with pytest.raises(DomainError, match="cannot be marked held before that day"):
        services.meeting_transition(meeting=meeting, to=MeetingStatus.HELD, actor=official)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_FROZEN
    assert not StatusChange.objects.filter(meeting=meeting, to_status=MeetingStatus.HELD).exists()
    # Outcomes need a held meeting, so none can be recorded either.
    with pytest.raises(DomainError, match="once the meeting is held"):
        services.outcome_record(
            item=AgendaItem.objects.get(meeting=meeting), outcome="discussed", actor=official
        )
    # On the day itself (the project's time zone) it can be held.
    Meeting.objects.filter(pk=meeting.pk).update(date=TODAY)
    services.meeting_hold(meeting=meeting, actor=official)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD


def test_admin_action_and_button_refuse_to_hold_a_meeting_before_its_date(
    secretary, official
) -> None:
    meeting = _frozen_meeting(official, date=TODAY + dt.timedelta(days=10))
    client = _client(secretary)

    action = client.post(
        reverse("admin:barriers_meeting_changelist"),
        {"action": "mark_held", "_selected_action": [meeting.pk]},
        follow=True,
    )
    button = client.post(reverse("admin:barriers_meeting_hold", args=[meeting.pk]), follow=True)

    for response, level in ((action, messages.ERROR), (button, messages.WARNING)):
        assert response.status_code == 200
        assert (level, True) in [
            (lvl, "cannot be marked held before that day" in text)
            for lvl, text in _messages(response)
        ]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_FROZEN


def test_a_held_meetings_date_cannot_move_into_the_future(secretary, official) -> None:
    meeting = _frozen_meeting(official, date=TODAY - dt.timedelta(days=2))
    services.meeting_hold(meeting=meeting, actor=official)
    later = TODAY + dt.timedelta(days=7)

    with pytest.raises(DomainError, match="cannot be marked held before that day"):
        services.meeting_update(meeting=meeting, actor=official, date=later)

    client = _client(secretary)
    page = client.get(change_url(meeting))
    assert page.status_code == 200
    response = client.post(
        change_url(meeting),
        {
            "code": meeting.code,
            "date": later.isoformat(),
            "venue": "",
            "format": meeting.format,
            "india_participants": "",
            "cutoff_on": meeting.cutoff_on.isoformat(),
            "circulate_on": meeting.circulate_on.isoformat(),
            "capacity": str(meeting.capacity),
            "notes": "",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert "cannot be marked held before that day" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.date == TODAY - dt.timedelta(days=2)


# ---------------------------------------------------------------------------------------------
# History rows are never edited
# ---------------------------------------------------------------------------------------------


def test_action_point_history_cannot_be_changed_or_deleted_in_the_admin(
    superuser, official
) -> None:
    _meeting, point = _held_meeting_with_point(official)
    row = StatusChange.objects.get(action_point=point)
    client = _client(superuser)

    change = client.post(change_url(row), {"note": "rewritten"})
    delete = client.post(
        reverse("admin:barriers_statuschange_delete", args=[row.pk]), {"post": "yes"}
    )

    assert change.status_code == 403 and delete.status_code == 403
    assert StatusChange.objects.get(pk=row.pk).note == ""


@pytest.mark.postgres
def test_postgres_refuses_to_edit_or_delete_action_point_history(official) -> None:
    _meeting, point = _held_meeting_with_point(official)
    row = StatusChange.objects.get(action_point=point)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.filter(pk=row.pk).update(note="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.filter(pk=row.pk).delete()
    assert StatusChange.objects.get(pk=row.pk).note == ""


@pytest.mark.postgres
def test_postgres_keeps_access_events_when_the_person_is_deleted_and_refuses_edits(
    official,
) -> None:
    person = factories.ExporterFactory()
    services.user_update_access(user=person, actor=official, is_active=False)
    event = AuditEvent.objects.get(subject=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(new_value="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()

    services.user_delete(user=person, actor=official)

    event.refresh_from_db()
    assert (event.subject_id, event.subject_name, event.new_value) == (None, person.email, "no")


# ---------------------------------------------------------------------------------------------
# The other doors: passwords, createsuperuser, reference data, a superuser's deletions
# ---------------------------------------------------------------------------------------------


def test_setting_someones_password_in_the_admin_is_audited_without_the_password(
    superuser,
) -> None:
    person = factories.ExporterFactory()
    url = reverse("admin:auth_user_password_change", args=[person.pk])

    response = _client(superuser).post(
        url,
        {
            "usable_password": "true",
            "password1": "Sturdy-Passphrase-91",
            "password2": "Sturdy-Passphrase-91",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.check_password("Sturdy-Passphrase-91")
    event = _access_events(person)["password"]
    assert (event.user, event.new_value, event.channel) == (
        superuser,
        "set by someone else",
        "admin",
    )
    assert "Sturdy" not in f"{event.what}{event.old_value}{event.new_value}"


def test_createsuperuser_command_writes_audit_events() -> None:
    from io import StringIO

    from django.core.management import call_command

    call_command(
        "createsuperuser",
        interactive=False,
        email="ops@commerce.example",
        stdout=StringIO(),
    )

    person = User.objects.get(email="ops@commerce.example")
    events = _access_events(person)
    assert {name: (e.old_value, e.new_value) for name, e in events.items()} == {
        "is_staff": ("no", "yes"),
        "is_superuser": ("no", "yes"),
    }
    assert {e.channel for e in events.values()} == {"command"}


def test_reference_data_is_saved_through_the_service_and_deletions_are_audited(
    superuser,
) -> None:
    regulator = factories.RegulatorFactory()
    client = _client(superuser)

    save_change_form(client, change_url(regulator), name="Federal Veterinary Service")
    regulator.refresh_from_db()
    assert regulator.name == "Federal Veterinary Service"

    spare = factories.CountryFactory(code="AM", name="Armenia", alpha3="ARM", currency="AMD")
    response = client.post(reverse("admin:barriers_country_delete", args=["AM"]), {"post": "yes"})
    assert response.status_code == 302
    assert not type(spare).objects.filter(code="AM").exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETED)
    assert (event.user, event.object_type, event.object_id) == (superuser, "barriers.country", "AM")


def test_deleting_evidence_in_the_admin_is_audited_and_removes_the_file(
    superuser, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.portal_helpers import PDF

    settings.MEDIA_ROOT = tmp_path / "media"
    owner = factories.ExporterFactory()
    report = factories.report_file(actor=owner)
    document = services.document_attach(
        report=report, actor=owner, upload=SimpleUploadedFile("letter.pdf", PDF), name="letter.pdf"
    )
    stored = document.file.name
    assert document.file.storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        response = _client(superuser).post(
            reverse("admin:barriers_document_delete", args=[document.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not document.file.storage.exists(stored)
    event = AuditEvent.objects.get(action=AuditAction.DELETED)
    assert event.user == superuser and "letter.pdf" in event.what
