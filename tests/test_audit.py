"""Attributable changes (field history with user and time) and the audit log of sign-ins and
exports (barriers/accounts/audit.py, AuditEvent)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST, TRIAGE_OFFICER
from barriers.models import (
    ActionPoint,
    AgendaItem,
    AuditAction,
    AuditEvent,
    Barrier,
    Company,
    Meeting,
    Report,
    ReportStatus,
    StatusChange,
    User,
)
from tests import factories
from tests.export_helpers import build_agenda, hold_with_outcomes
from tests.portal_helpers import PASSWORD, exporter, fresh_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(fresh_cache.__name__)]

TODAY = timezone.localdate()


def role_user(role: str) -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def window() -> Iterator[list[dt.datetime]]:
    """[start]; the test appends its end: history must be stamped inside it."""
    yield [timezone.now()]


def assert_attributed(record: Any, user: User, started: dt.datetime) -> None:
    assert record.history_user_id == user.pk
    assert started <= record.history_date <= timezone.now()


# ---------------------------------------------------------------------------------------------
# Submitting an admin change form as a browser would
# ---------------------------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The successful controls of the page's main form (id ending in `_form`)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_form = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "disabled" in a:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._add(name, a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)


def save_change_form(client: Client, url: str, **changes: str) -> Any:
    page = client.get(url)
    assert page.status_code == 200, url
    parser = _FormFields()
    parser.feed(page.content.decode())
    data: dict[str, Any] = {name: values for name, values in parser.data.items()}
    data.update(changes)
    data["_save"] = "Save"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def change_url(obj: Any) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def step_url(obj: Any, step: str) -> str:
    return reverse(f"admin:barriers_{obj._meta.model_name}_step", args=[obj.pk, step])


# ---------------------------------------------------------------------------------------------
# Every change an official makes says who and when
# ---------------------------------------------------------------------------------------------


def accepted_barrier(official: User) -> Barrier:
    report = factories.report_file()
    services.report_start_review(report=report, actor=official)
    services.report_accept(report=report, actor=official)
    report.refresh_from_db()
    return report.barrier


def test_editing_a_barriers_title_in_the_admin_records_who_and_when(window) -> None:
    officer = role_user(TRIAGE_OFFICER)
    barrier = accepted_barrier(factories.OfficialFactory())
    old_title = barrier.title

    save_change_form(signed_in(officer), change_url(barrier), title="Listing of shrimp plants")

    barrier.refresh_from_db()
    assert barrier.title == "Listing of shrimp plants"
    latest = barrier.history.latest()
    assert_attributed(latest, officer, window[0])
    assert latest.title == "Listing of shrimp plants"
    assert latest.prev_record.title == old_title


def test_a_triage_step_records_who_and_when_in_history_and_status_log(window) -> None:
    officer = role_user(TRIAGE_OFFICER)
    report = factories.report_file()

    response = signed_in(officer).post(step_url(report, "start_review"))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW
    assert_attributed(report.history.latest(), officer, window[0])
    change = StatusChange.objects.filter(report=report).latest("created_at")
    assert (change.actor, change.to_status) == (officer, ReportStatus.UNDER_REVIEW)
    assert window[0] <= change.created_at <= timezone.now()


def test_editing_a_reports_owner_in_the_admin_records_who_and_when(window) -> None:
    officer = role_user(TRIAGE_OFFICER)
    report = factories.report_file()

    save_change_form(signed_in(officer), change_url(report), owner=str(officer.pk))

    report.refresh_from_db()
    assert report.owner == officer
    assert_attributed(report.history.latest(), officer, window[0])


def test_verifying_a_company_records_who_and_when(window) -> None:
    officer = role_user(TRIAGE_OFFICER)
    company = factories.CompanyFactory(verified=False)

    response = signed_in(officer).post(step_url(company, "verify"))

    assert response.status_code == 302
    company.refresh_from_db()
    assert company.verified and company.verified_by == officer
    latest = company.history.latest()
    assert_attributed(latest, officer, window[0])
    assert latest.verified is True


def test_editing_a_companys_name_in_the_admin_records_who_and_when(window) -> None:
    officer = role_user(TRIAGE_OFFICER)
    company = factories.CompanyFactory()

    save_change_form(signed_in(officer), change_url(company), name="Coastal Shrimp Exports Ltd")

    assert Company.objects.get(pk=company.pk).name == "Coastal Shrimp Exports Ltd"
    assert_attributed(company.history.latest(), officer, window[0])


@pytest.fixture
def meeting_setup() -> Any:
    return build_agenda(role_user(AGENDA_SECRETARY))


def test_editing_a_meeting_in_the_admin_records_who_and_when(window, meeting_setup) -> None:
    secretary = role_user(AGENDA_SECRETARY)
    meeting = meeting_setup.meeting

    save_change_form(signed_in(secretary), change_url(meeting), venue="Vanijya Bhawan, New Delhi")

    assert Meeting.objects.get(pk=meeting.pk).venue == "Vanijya Bhawan, New Delhi"
    assert_attributed(meeting.history.latest(), secretary, window[0])


def test_editing_an_agenda_item_in_the_admin_records_who_and_when(window, meeting_setup) -> None:
    secretary = role_user(AGENDA_SECRETARY)
    item = AgendaItem.objects.filter(meeting=meeting_setup.meeting).first()

    save_change_form(signed_in(secretary), change_url(item), ask="List the three plants now")

    item.refresh_from_db()
    assert item.ask == "List the three plants now"
    latest = item.history.latest()
    assert_attributed(latest, secretary, window[0])
    assert latest.ask == "List the three plants now"
    history = signed_in(secretary).get(change_url(item).replace("/change/", "/history/"))
    assert history.status_code == 200 and str(secretary) in history.content.decode()


def test_recording_an_outcome_and_action_points_records_who_and_when(window, meeting_setup) -> None:
    secretary = role_user(AGENDA_SECRETARY)
    hold_with_outcomes(meeting_setup, secretary)
    client = signed_in(secretary)
    point = ActionPoint.objects.filter(meeting=meeting_setup.meeting).first()
    assert point is not None
    assert_attributed(point.history.earliest(), secretary, window[0])

    save_change_form(client, change_url(point), owner_agency="Export Inspection Council")

    point.refresh_from_db()
    assert point.owner_agency == "Export Inspection Council"
    assert_attributed(point.history.latest(), secretary, window[0])
    item = AgendaItem.objects.exclude(outcome="").first()
    assert item.outcome_recorded_by == secretary
    assert window[0] <= item.outcome_recorded_at <= timezone.now()


# ---------------------------------------------------------------------------------------------
# Sign-ins: portal, admin, API token, second factor
# ---------------------------------------------------------------------------------------------


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_portal_sign_in_and_a_failed_one_are_logged_with_address_and_ip(client: Client) -> None:
    user = exporter()
    client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    client.post("/accounts/login/", {"login": "nobody@example.org", "password": "wrong"})
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    failed = events(AuditAction.LOGIN_FAILED)
    assert [(e.username, e.user_id, e.channel) for e in failed] == [
        (user.email, user.pk, "portal"),
        ("nobody@example.org", None, "portal"),
    ]
    assert all(e.ip_address == "127.0.0.1" for e in failed)
    [ok] = events(AuditAction.LOGIN)
    assert (ok.user, ok.channel, ok.ip_address) == (user, "portal", "127.0.0.1")
    assert timezone.now() - ok.created_at < dt.timedelta(minutes=1)


def test_admin_sign_in_and_a_failed_one_are_logged(client: Client, settings) -> None:
    settings.OFFICIALS_REQUIRE_MFA = False
    official = role_user(ANALYST)
    url = "/admin/login/?next=/admin/"
    client.post(url, {"username": official.email, "password": "wrong"})
    client.post(url, {"username": official.email, "password": PASSWORD})

    [failed] = events(AuditAction.LOGIN_FAILED)
    assert (failed.user, failed.channel, failed.path) == (official, "admin", "/admin/login/")
    [ok] = events(AuditAction.LOGIN)
    assert (ok.user, ok.channel, ok.ip_address) == (official, "admin", "127.0.0.1")


def test_api_token_requests_are_logged(settings) -> None:
    user = exporter()
    client = APIClient()
    bad = client.post("/api/v1/auth/token/", {"email": user.email, "password": "x"}, format="json")
    good = client.post(
        "/api/v1/auth/token/", {"email": user.email, "password": PASSWORD}, format="json"
    )

    assert (bad.status_code, good.status_code) == (400, 200)
    [failed] = events(AuditAction.LOGIN_FAILED)
    assert (failed.user, failed.channel) == (user, "api")
    [ok] = events(AuditAction.LOGIN)
    assert (ok.user, ok.channel, ok.what) == (user, "api", "API token issued")


def test_a_wrong_second_factor_code_is_logged(client: Client, settings) -> None:
    settings.OFFICIALS_REQUIRE_MFA = True
    official = role_user(ANALYST)
    url = "/admin/login/?next=/admin/"
    client.post(url, {"username": official.email, "password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    assert client.post("/accounts/2fa/totp/activate/", {"code": code}).status_code == 302
    other = Client()
    other.post(url, {"username": official.email, "password": PASSWORD})
    valid = {
        format_hotp_value(hotp_value(secret, int(time.time()) // 30 + d)) for d in range(-2, 3)
    }
    wrong = next(c for c in ("000000", "111111", "222222") if c not in valid)
    other.post("/accounts/2fa/authenticate/", {"code": wrong})

    [failed] = events(AuditAction.LOGIN_FAILED)
    assert (failed.user, failed.channel, failed.what) == (
        official,
        "mfa",
        "wrong second-factor code",
    )


# ---------------------------------------------------------------------------------------------
# Exports and downloads
# ---------------------------------------------------------------------------------------------


def test_meeting_document_export_through_the_api_is_logged(meeting_setup) -> None:
    analyst = role_user(ANALYST)
    client = APIClient()
    client.force_authenticate(analyst)

    response = client.get("/api/v1/meetings/2026-Q4/agenda/export/csv/")

    assert response.status_code == 200
    [event] = events(AuditAction.EXPORT)
    assert (event.user, event.what, event.channel) == (analyst, "agenda-2026-Q4.csv", "api")
    assert (event.object_type, event.object_id) == (
        "barriers.meeting",
        str(meeting_setup.meeting.pk),
    )
    assert event.ip_address == "127.0.0.1"


def test_large_export_request_and_its_download_are_logged(
    meeting_setup, settings, celery_eager, django_capture_on_commit_callbacks
) -> None:
    settings.EXPORT_ASYNC_MIN_ITEMS = 1
    analyst = role_user(ANALYST)
    client = APIClient()
    client.force_authenticate(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.get("/api/v1/meetings/2026-Q4/agenda/export/xlsx/")
    assert queued.status_code == 202
    assert client.get(queued.json()["status_url"]).status_code == 200

    [requested] = events(AuditAction.EXPORT)
    assert requested.what == "agenda of 2026-Q4 as xlsx (queued)"
    [download] = events(AuditAction.DOWNLOAD)
    assert (download.user, download.what) == (analyst, "agenda-2026-Q4.xlsx")


def test_meeting_document_buttons_in_the_admin_are_logged(meeting_setup) -> None:
    analyst = role_user(ANALYST)
    meeting = meeting_setup.meeting
    response = signed_in(analyst).get(f"/admin/barriers/meeting/{meeting.pk}/export/agenda/json/")

    assert response.status_code == 200
    [event] = events(AuditAction.EXPORT)
    assert (event.user, event.what, event.channel) == (analyst, "agenda-2026-Q4.json", "admin")


def test_admin_list_exports_are_logged_with_the_number_of_rows() -> None:
    analyst = role_user(ANALYST)
    factories.report_file()
    factories.report_file()
    client = signed_in(analyst)
    url = reverse("admin:barriers_report_export")
    form = client.get(url).context["form"]
    ticked = {n: "on" for n, f in form.fields.items() if getattr(f, "is_selectable_field", False)}

    response = client.post(url, {**ticked, "format": "0", "resource": "0"})

    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    [event] = events(AuditAction.EXPORT)
    assert event.user == analyst and event.channel == "admin"
    assert event.what == f"{Report._meta.verbose_name_plural}: 2 rows as csv"


def test_the_export_action_on_selected_barriers_is_logged() -> None:
    official = factories.OfficialFactory()
    first, second = accepted_barrier(official), accepted_barrier(official)
    secretary = role_user(AGENDA_SECRETARY)
    client = signed_in(secretary)
    url = reverse("admin:barriers_barrier_changelist")
    page = client.post(
        url, {"action": "export_admin_action", "_selected_action": [first.pk, second.pk]}
    )
    assert page.status_code == 200
    form = page.context["form"]
    ticked = {n: "on" for n, f in form.fields.items() if getattr(f, "is_selectable_field", False)}
    export_url = reverse("admin:barriers_barrier_export")
    response = client.post(
        export_url,
        {**ticked, "format": "0", "resource": "0", "export_items": [first.pk, second.pk]},
    )
    assert response.status_code == 200, response.content[:500]
    [event] = events(AuditAction.EXPORT)
    assert event.what == f"{Barrier._meta.verbose_name_plural}: 2 rows as csv"


# ---------------------------------------------------------------------------------------------
# The log in the admin: read, never written
# ---------------------------------------------------------------------------------------------


def test_the_audit_log_is_read_only_in_the_admin_even_for_superusers(admin_user: User) -> None:
    user = exporter()
    Client().post("/accounts/login/", {"login": user.email, "password": "wrong"})
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    client = signed_in(admin_user)
    changelist = reverse("admin:barriers_auditevent_changelist")

    page = client.get(changelist)
    assert page.status_code == 200 and user.email in page.content.decode()
    assert "delete_selected" not in page.content.decode()
    detail = client.get(reverse("admin:barriers_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200 and user.email in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()
    assert client.get(reverse("admin:barriers_auditevent_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:barriers_auditevent_change", args=[event.pk]), {"what": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("admin:barriers_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert client.post(
        changelist, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    ).status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk, what=event.what).exists()
    # Officials' roles do not include the log.
    assert client.get(changelist).status_code == 200
    assert signed_in(role_user(TRIAGE_OFFICER)).get(changelist).status_code == 403


@pytest.mark.postgres
def test_postgres_refuses_to_edit_or_delete_audit_events() -> None:
    user = exporter()
    Client().post("/accounts/login/", {"login": user.email, "password": "wrong"})
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    for statement in (
        "UPDATE barriers_auditevent SET what = 'nothing' WHERE id = %s",
        "DELETE FROM barriers_auditevent WHERE id = %s",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    # Deleting the account only clears the link (on_delete=SET_NULL); the row stays.
    User.objects.filter(pk=user.pk).delete()
    event.refresh_from_db()
    assert event.user_id is None and event.username == user.email
