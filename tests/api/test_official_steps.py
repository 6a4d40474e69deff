"""Officials' steps through the API: triage, outcomes and action points.

Each step is tried as every role that may and may not do it in the admin and as an exporter
(refused, nothing changed); retried with the same Idempotency-Key (done once, same answer); sent
bad input (400 naming the field, nothing changed); and done once through the API and once
through the admin's own page on an identical object, which must end in the same state: status,
status history, messages and e-mails.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST, TRIAGE_OFFICER
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    Barrier,
    BarrierStatus,
    Meeting,
    Message,
    OutboundEmail,
    Report,
    ReportStatus,
    StatusChange,
    User,
)
from tests import factories
from tests.api_factories import client_for as token_client_for
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


# ---------------------------------------------------------------------------------------------
# People and objects
# ---------------------------------------------------------------------------------------------


def role_user(role: str | None) -> User:
    """An official in `role`, a superuser (`superuser`), or the exporter of a new company."""
    if role is None:
        return factories.ExporterFactory()
    if role == "superuser":
        return User.objects.create_superuser(email="root@commerce.example", password=None)
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)  # a fresh permission cache


def api(user: User) -> APIClient:
    """Officials as a signed-in session would be; exporters with their own API token."""
    if not user.is_staff:
        return token_client_for(user)
    client = APIClient()
    client.force_authenticate(user)
    return client


def admin(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report_in(status: str, officer: User | None = None) -> Report:
    """A filed report moved to `status` by a triage officer, as the admin would."""
    officer = officer or factories.triage_officer()
    report = factories.report_file(title="Plant listing pending")
    if status != ReportStatus.SUBMITTED:
        services.report_start_review(report=report, actor=officer)
    if status == ReportStatus.INFO_REQUESTED:
        services.report_request_info(report=report, actor=officer, question="Which plant?")
    if status == ReportStatus.ACCEPTED:
        services.report_accept(report=report, actor=officer)
    report.refresh_from_db()
    return report


def report_state(report: Report) -> dict[str, Any]:
    """What a step changes on a report, with its references made neutral (for comparisons)."""
    report = Report.objects.select_related("barrier").get(pk=report.pk)
    barrier = report.barrier

    def actor(row: StatusChange) -> object:
        return "<exporter>" if row.actor_id == report.filed_by_id else row.actor_id

    def neutral(text: str) -> str:
        text = text.replace(report.reference, "<report>")
        text = re.sub(r"BAR-[0-9]{4}-[0-9]+", "<barrier>", text)
        return re.sub(r"REP-[0-9]{4}-[0-9]+", "<report>", text)

    emails = outbox_for(report.filed_by.email)
    return {
        "status": report.status,
        "rejection_reason": report.rejection_reason,
        "barrier": None if barrier is None else (barrier.status, barrier.title),
        "history": [
            (row.from_status, row.to_status, neutral(row.note), actor(row), row.is_public)
            for row in StatusChange.objects.filter(report=report).order_by("pk")
        ],
        "messages": [
            (neutral(m.body), m.visibility, m.author_id)
            for m in Message.objects.filter(report=report).order_by("pk")
        ],
        "emails": [(neutral(e.subject), neutral(e.body)) for e in emails],
    }


def outbox_for(address: str) -> list[OutboundEmail]:
    """The e-mails in the outbox to `address`, oldest first."""
    return [email for email in OutboundEmail.objects.order_by("pk") if address in email.to]


def step_path(report: Report, step: str) -> str:
    return f"/api/v1/reports/{report.reference}/{step}/"


def admin_step(report: Report, step: str) -> str:
    return reverse("admin:barriers_report_step", args=[report.pk, step])


# The API's step, the admin's step of the same name, the status it starts from and the body.
TRIAGE_STEPS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "start-review": ("start_review", ReportStatus.SUBMITTED, {}),
    "request-info": (
        "request_info",
        ReportStatus.UNDER_REVIEW,
        {"question": "Please attach the FSVPS acknowledgement."},
    ),
    "accept": ("accept_new", ReportStatus.UNDER_REVIEW, {}),
    "reject": ("reject", ReportStatus.INFO_REQUESTED, {"reason": "other", "note": "Not in EAEU."}),
}
RESULT = {
    "start-review": ReportStatus.UNDER_REVIEW,
    "request-info": ReportStatus.INFO_REQUESTED,
    "accept": ReportStatus.ACCEPTED,
    "reject": ReportStatus.REJECTED,
}


# ---------------------------------------------------------------------------------------------
# Triage: who may
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", list(TRIAGE_STEPS))
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (TRIAGE_OFFICER, True),
        ("superuser", True),
        (AGENDA_SECRETARY, False),
        (ANALYST, False),
        (None, False),  # an exporter
    ],
)
def test_triage_steps_follow_the_admins_permissions(step, role, allowed) -> None:
    _admin_step, start, body = TRIAGE_STEPS[step]
    report = report_in(start)
    user = report.filed_by if role is None else role_user(role)  # the exporter's own report
    before = report_state(report)
    barriers = Barrier.objects.count()

    response = api(user).post(step_path(report, step), body, format="json")

    if allowed:
        assert response.status_code == 200, response.content
        assert response.json()["reference"] == report.reference
        assert response.json()["status"] == RESULT[step]
        assert report_state(report)["history"][-1][3] == user.pk
    else:
        assert response.status_code == 403, response.content
        assert "triage" in response.json()["detail"]
        assert report_state(report) == before
        assert Barrier.objects.count() == barriers


def test_a_triage_officer_with_a_second_factor_token_starts_a_review(settings) -> None:
    """As an integrator would: a token asked for with the authenticator's code, then the step."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.accounts.test_mfa import current_code
    from tests.portal_helpers import PASSWORD

    settings.OFFICIALS_REQUIRE_MFA = True
    officer = role_user(TRIAGE_OFFICER)
    officer.set_password(PASSWORD)
    officer.save(update_fields=["password"])
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)
    report = report_in(ReportStatus.SUBMITTED)
    token = APIClient().post(
        "/api/v1/auth/token/",
        {"email": officer.email, "password": PASSWORD, "otp": current_code(secret)},
        format="json",
    )
    assert token.status_code == 200, token.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")

    response = client.post(step_path(report, "start-review"))

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "under_review"


def test_officials_may_still_not_file_or_edit_reports() -> None:
    officer = role_user(TRIAGE_OFFICER)
    report = report_in(ReportStatus.SUBMITTED)
    response = api(officer).patch(
        f"/api/v1/reports/{report.reference}/", {"title": "Changed"}, format="json"
    )
    assert response.status_code == 403


def test_an_unknown_report_answers_404_to_an_officer() -> None:
    officer = role_user(TRIAGE_OFFICER)
    for reference in ("REP-2026-999999", "not-a-reference"):
        response = api(officer).post(f"/api/v1/reports/{reference}/start-review/")
        assert response.status_code == 404


# ---------------------------------------------------------------------------------------------
# Triage: each step
# ---------------------------------------------------------------------------------------------


def test_request_info_posts_the_question_and_e_mails_the_exporter(
    django_capture_on_commit_callbacks, celery_eager
) -> None:
    officer = role_user(TRIAGE_OFFICER)
    report = report_in(ReportStatus.UNDER_REVIEW)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = api(officer).post(
            step_path(report, "request-info"), {"question": "Which plant number?"}, format="json"
        )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "info_requested"
    message = Message.objects.filter(report=report).latest("pk")
    assert (message.body, message.visibility, message.author) == (
        "Which plant number?",
        "public",
        officer,
    )
    assert [m.to for m in mail.outbox] == [[report.filed_by.email]]
    assert "Which plant number?" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("step", "body", "field"),
    [
        ("request-info", {}, "question"),
        ("request-info", {"question": "   "}, "question"),
        ("request-info", {"question": 12}, "question"),
        ("reject", {}, "reason"),
        ("reject", {"reason": "because"}, "reason"),
        ("reject", {"reason": "other"}, "note"),
        ("reject", {"reason": "other", "note": "  "}, "note"),
        ("accept", {"barrier": "BAR-2026-9999"}, "barrier"),
        ("accept", {"barrier": 7}, "barrier"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_nothing_changes(step, body, field) -> None:
    officer = role_user(TRIAGE_OFFICER)
    report = report_in(ReportStatus.UNDER_REVIEW, officer)
    before = report_state(report)

    response = api(officer).post(step_path(report, step), body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert response.json()[field][0]
    assert report_state(report) == before


def test_accept_merges_into_an_active_barrier_and_refuses_a_resolved_one() -> None:
    officer = role_user(TRIAGE_OFFICER)
    existing = report_in(ReportStatus.ACCEPTED, officer).barrier
    assert existing is not None
    report = report_in(ReportStatus.UNDER_REVIEW, officer)

    response = api(officer).post(
        step_path(report, "accept"), {"barrier": existing.reference}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["barrier"] == {"reference": existing.reference, "status": "open"}
    report.refresh_from_db()
    assert report.barrier == existing
    assert set(existing.hs_codes.all()) >= set(report.hs_codes.all())

    Barrier.objects.filter(pk=existing.pk).update(status=BarrierStatus.RESOLVED)
    other = report_in(ReportStatus.UNDER_REVIEW, officer)
    before = report_state(other)
    response = api(officer).post(
        step_path(other, "accept"), {"barrier": existing.reference}, format="json"
    )
    assert response.status_code == 400
    assert "active barrier" in response.json()["barrier"][0]
    assert report_state(other) == before


def test_accept_without_a_barrier_opens_a_new_one() -> None:
    officer = role_user(TRIAGE_OFFICER)
    report = report_in(ReportStatus.UNDER_REVIEW, officer)

    response = api(officer).post(step_path(report, "accept"), {"barrier": None}, format="json")

    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.barrier is not None
    assert response.json()["barrier"]["reference"] == report.barrier.reference


def test_reject_records_the_reason() -> None:
    officer = role_user(TRIAGE_OFFICER)
    report = report_in(ReportStatus.UNDER_REVIEW, officer)

    response = api(officer).post(
        step_path(report, "reject"), {"reason": "duplicate", "note": ""}, format="json"
    )

    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert (report.status, report.rejection_reason) == ("rejected", "duplicate")


@pytest.mark.parametrize(
    ("step", "status"),
    [
        ("start-review", ReportStatus.UNDER_REVIEW),
        ("request-info", ReportStatus.SUBMITTED),
        ("accept", ReportStatus.ACCEPTED),
        ("reject", ReportStatus.SUBMITTED),
    ],
)
def test_a_step_the_status_does_not_allow_is_409_and_nothing_changes(step, status) -> None:
    officer = role_user(TRIAGE_OFFICER)
    report = report_in(status, officer)
    before = report_state(report)
    barriers = Barrier.objects.count()

    response = api(officer).post(step_path(report, step), TRIAGE_STEPS[step][2], format="json")

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "transition_not_allowed"
    assert response.json()["detail"]
    assert report_state(report) == before
    assert Barrier.objects.count() == barriers


@pytest.mark.parametrize("step", list(TRIAGE_STEPS))
def test_a_retry_with_the_same_idempotency_key_replays_and_does_the_step_once(
    step, django_capture_on_commit_callbacks
) -> None:
    officer = role_user(TRIAGE_OFFICER)
    _admin_step, start, body = TRIAGE_STEPS[step]
    report = report_in(start, officer)
    client = api(officer)
    headers = {"Idempotency-Key": f"step-{step}-1"}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(step_path(report, step), body, format="json", headers=headers)
    after_first = report_state(report)
    barriers = Barrier.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(step_path(report, step), body, format="json", headers=headers)

    assert first.status_code == again.status_code == 200, again.content
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert report_state(report) == after_first
    assert Barrier.objects.count() == barriers
    # A new key is a new request: now refused, the step having been done.
    other = client.post(
        step_path(report, step), body, format="json", headers={"Idempotency-Key": "other"}
    )
    assert other.status_code == 409


def test_a_refused_step_releases_its_idempotency_key() -> None:
    officer = role_user(TRIAGE_OFFICER)
    report = report_in(ReportStatus.UNDER_REVIEW, officer)
    client = api(officer)
    headers = {"Idempotency-Key": "reject-1"}

    refused = client.post(
        step_path(report, "reject"), {"reason": "other"}, format="json", headers=headers
    )
    assert refused.status_code == 400
    done = client.post(
        step_path(report, "reject"),
        {"reason": "other", "note": "Outside the EAEU."},
        format="json",
        headers={"Idempotency-Key": "reject-2"},
    )
    assert done.status_code == 200


# ---------------------------------------------------------------------------------------------
# Triage: the API and the admin end in the same state
# ---------------------------------------------------------------------------------------------


ADMIN_FORMS: dict[str, dict[str, str]] = {
    "start-review": {},
    "request-info": {"question": "Please attach the FSVPS acknowledgement."},
    "accept": {},
    "reject": {"reason": "other", "note": "Not in EAEU."},
}


@pytest.mark.parametrize("step", list(TRIAGE_STEPS))
def test_the_api_and_the_admin_give_the_same_result(
    step, django_capture_on_commit_callbacks
) -> None:
    officer = role_user(TRIAGE_OFFICER)
    admin_name, start, body = TRIAGE_STEPS[step]
    by_api = report_in(start, officer)
    by_admin = report_in(start, officer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = api(officer).post(step_path(by_api, step), body, format="json")
    assert response.status_code == 200, response.content
    api_mail = [(m.to == [by_api.filed_by.email], m.subject) for m in mail.outbox]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = admin(officer).post(admin_step(by_admin, admin_name), ADMIN_FORMS[step])
    assert page.status_code == 302, page.content.decode()[:2000]
    admin_mail = [(m.to == [by_admin.filed_by.email], m.subject) for m in mail.outbox]

    assert report_state(by_api) == report_state(by_admin)
    assert report_state(by_api)["status"] == RESULT[step]
    neutral = re.compile(r"(REP|BAR)-[0-9]{4}-[0-9]+")
    assert [(to, neutral.sub("<ref>", s)) for to, s in api_mail] == [
        (to, neutral.sub("<ref>", s)) for to, s in admin_mail
    ]


def test_merging_through_the_api_and_the_admin_gives_the_same_barrier() -> None:
    officer = role_user(TRIAGE_OFFICER)
    existing = report_in(ReportStatus.ACCEPTED, officer).barrier
    assert existing is not None
    by_api = report_in(ReportStatus.UNDER_REVIEW, officer)
    by_admin = report_in(ReportStatus.UNDER_REVIEW, officer)

    api(officer).post(step_path(by_api, "accept"), {"barrier": existing.reference}, format="json")
    page = admin(officer).post(admin_step(by_admin, "merge"), {"barrier": existing.pk})
    assert page.status_code == 302

    assert report_state(by_api) == report_state(by_admin)
    assert set(Report.objects.filter(barrier=existing)) >= {by_api, by_admin}


# ---------------------------------------------------------------------------------------------
# Meetings: outcomes and action points
# ---------------------------------------------------------------------------------------------


def held_meeting(official: User, *, barriers: int = 2) -> Meeting:
    """A held meeting whose agenda holds `barriers` barriers (frozen in Russian, as required)."""
    for _ in range(barriers):
        barrier_with_reports(official, title="Listing backlog")
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=TODAY - dt.timedelta(days=5), capacity=10
    )
    services.agenda_draft(meeting=meeting, actor=official)
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=official)
    services.meeting_hold(meeting=meeting, actor=official)
    meeting.refresh_from_db()
    assert AgendaItem.objects.filter(meeting=meeting, section="agenda").count() == barriers
    return meeting


def items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(meeting=meeting, section="agenda")
        .select_related("barrier")
        .order_by("position", "pk")
    )


def outcome_path(item: AgendaItem) -> str:
    return f"/api/v1/meetings/{item.meeting.code}/items/{item.barrier.reference}/outcome/"


def item_state(item: AgendaItem) -> dict[str, Any]:
    item = AgendaItem.objects.select_related("barrier").get(pk=item.pk)
    barrier = item.barrier
    reference = re.compile(r"(REP|BAR)-[0-9]{4}-[0-9]+")
    emails = outbox_for(barrier.reports.get().filed_by.email)
    return {
        "outcome": item.outcome,
        "texts": (item.statement_india, item.statement_eaeu, item.counterpart_commitment),
        "internal_note": item.internal_note,
        "recorded_by": item.outcome_recorded_by_id,
        "barrier_status": barrier.status,
        "history": [
            (row.from_status, row.to_status, row.note, row.actor_id, row.is_public)
            for row in StatusChange.objects.filter(barrier=barrier).order_by("pk")
        ],
        "emails": [
            (reference.sub("<ref>", e.subject), reference.sub("<ref>", e.body)) for e in emails
        ],
    }


OUTCOME = {
    "outcome": "action_agreed",
    "statement_india": "India asked for the plant to be listed.",
    "statement_eaeu": "The FSVPS will inspect the plant.",
    "counterpart_commitment": "Inspection by March.",
    "internal_note": "Follow up with the embassy.",
}


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (AGENDA_SECRETARY, True),
        ("superuser", True),
        (TRIAGE_OFFICER, False),
        (ANALYST, False),
        (None, False),
    ],
)
def test_outcomes_follow_the_admins_permissions(role, allowed) -> None:
    official = factories.OfficialFactory()
    meeting = held_meeting(official, barriers=1)
    item = items(meeting)[0]
    user = item.barrier.reports.get().filed_by if role is None else role_user(role)
    before = item_state(item)

    response = api(user).post(outcome_path(item), OUTCOME, format="json")

    if allowed:
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["outcome"] == "action_agreed"
        assert body["barrier"]["status"] == "action_agreed"
        assert body["meeting"] == "2026-Q4"
        assert body["internal_note"] == OUTCOME["internal_note"]
        assert body["outcome_recorded_by"] == user.email
        # The meeting stays held after the last outcome (its action points can still be
        # added) until the secretary closes it, as in the admin.
        assert Meeting.objects.get(pk=meeting.pk).status == "held"
    else:
        assert response.status_code == 403, response.content
        assert item_state(item) == before
        assert Meeting.objects.get(pk=meeting.pk).status == "held"


def test_bad_outcomes_are_400_naming_the_field_and_nothing_changes() -> None:
    secretary = role_user(AGENDA_SECRETARY)
    meeting = held_meeting(secretary)
    first, second = items(meeting)
    client = api(secretary)
    before = item_state(first)

    for body in ({}, {"outcome": "postponed"}, {"outcome": "resolved", "statement_india": 5}):
        response = client.post(outcome_path(first), body, format="json")
        assert response.status_code == 400, response.content
        field = "statement_india" if "statement_india" in body else "outcome"
        assert response.json()[field][0]
    assert item_state(first) == before

    assert client.post(outcome_path(first), OUTCOME, format="json").status_code == 200
    recorded = item_state(first)
    again = client.post(outcome_path(first), {"outcome": "resolved"}, format="json")
    assert again.status_code == 400
    assert "already recorded" in again.json()["outcome"][0]
    assert item_state(first) == recorded
    unknown = "/api/v1/meetings/2026-Q4/items/BAR-2026-99999/outcome/"
    assert client.post(unknown, OUTCOME, format="json").status_code == 404
    assert second.outcome == ""


def test_an_outcome_before_the_meeting_is_held_is_refused() -> None:
    secretary = role_user(AGENDA_SECRETARY)
    barrier_with_reports(secretary)
    meeting = services.meeting_create(
        actor=None, code="2027-Q1", date=TODAY + dt.timedelta(days=30), capacity=5
    )
    services.agenda_draft(meeting=meeting, actor=secretary)
    item = items(meeting)[0]
    before = item_state(item)

    response = api(secretary).post(outcome_path(item), OUTCOME, format="json")

    assert response.status_code == 400
    assert "held" in response.json()["outcome"][0]
    assert item_state(item) == before


def test_outcome_idempotency_key_replays_and_records_once(
    django_capture_on_commit_callbacks,
) -> None:
    secretary = role_user(AGENDA_SECRETARY)
    item = items(held_meeting(secretary))[0]
    client = api(secretary)
    headers = {"Idempotency-Key": "outcome-1"}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(outcome_path(item), OUTCOME, format="json", headers=headers)
    recorded = item_state(item)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(outcome_path(item), OUTCOME, format="json", headers=headers)

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert item_state(item) == recorded


def test_outcome_through_the_api_and_the_admin_give_the_same_result(
    django_capture_on_commit_callbacks,
) -> None:
    secretary = role_user(AGENDA_SECRETARY)
    meeting = held_meeting(secretary)
    by_api, by_admin = items(meeting)
    emails_before = len(item_state(by_api)["emails"])

    with django_capture_on_commit_callbacks(execute=True):
        response = api(secretary).post(outcome_path(by_api), OUTCOME, format="json")
    assert response.status_code == 200, response.content
    with django_capture_on_commit_callbacks(execute=True):
        page = admin(secretary).post(
            reverse("admin:barriers_meeting_outcome", args=[meeting.pk, by_admin.pk]), OUTCOME
        )
    assert page.status_code == 302, page.content.decode()[:2000]

    api_state, admin_state = item_state(by_api), item_state(by_admin)
    assert api_state == admin_state
    assert api_state["barrier_status"] == "action_agreed"
    assert len(api_state["emails"]) > emails_before  # the exporters are told (the outbox)


# -- action points ----------------------------------------------------------------------------


def action_points_path(item: AgendaItem) -> str:
    return f"/api/v1/meetings/{item.meeting.code}/items/{item.barrier.reference}/action-points/"


POINT = {
    "description": "Send the plant's dossier to the FSVPS",
    "party": "india",
    "due_on": (TODAY + dt.timedelta(days=30)).isoformat(),
    "owner_agency": "EIC",
}


def point_state(point: ActionPoint) -> dict[str, Any]:
    point = ActionPoint.objects.get(pk=point.pk)
    return {
        "fields": (
            point.description,
            point.party,
            point.owner_agency,
            point.regulator_id,
            point.owner_id,
            point.due_on,
            point.status,
            point.completed_on,
            point.evidence,
        ),
        "history": [
            (row.from_status, row.to_status, row.note, row.actor_id, row.is_public)
            for row in StatusChange.objects.filter(action_point=point).order_by("pk")
        ],
    }


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (AGENDA_SECRETARY, True),
        ("superuser", True),
        (TRIAGE_OFFICER, False),
        (ANALYST, False),
        (None, False),
    ],
)
def test_adding_action_points_follows_the_admins_permissions(role, allowed) -> None:
    official = factories.OfficialFactory()
    item = items(held_meeting(official, barriers=1))[0]
    user = item.barrier.reports.get().filed_by if role is None else role_user(role)

    response = api(user).post(action_points_path(item), POINT, format="json")

    if allowed:
        assert response.status_code == 201, response.content
        point = ActionPoint.objects.get()
        assert response["Location"] == f"/api/v1/action-points/{point.pk}/"
        body = response.json()
        assert body["id"] == point.pk
        assert body["barrier"] == item.barrier.reference
        assert body["status"] == "open"
        # Left out, the regulator is the barrier's: what the admin's form offers.
        assert item.barrier.regulator_id is not None
        assert body["regulator"] == item.barrier.regulator_id
        assert point_state(point)["history"] == [("", "open", "", user.pk, False)]
    else:
        assert response.status_code == 403, response.content
        assert not ActionPoint.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"due_on": (TODAY - dt.timedelta(days=30)).isoformat()}, "due_on"),
        ({"due_on": "next week"}, "due_on"),
        ({"description": "  "}, "description"),
        ({"party": "russia"}, "party"),
        ({"owner": "exporter@example.com"}, "owner"),
        ({"regulator": "no-such-regulator"}, "regulator"),
    ],
)
def test_bad_action_points_are_400_naming_the_field(change, field) -> None:
    secretary = role_user(AGENDA_SECRETARY)
    item = items(held_meeting(secretary, barriers=1))[0]

    response = api(secretary).post(action_points_path(item), {**POINT, **change}, format="json")

    assert response.status_code == 400, response.content
    assert response.json()[field][0]
    assert not ActionPoint.objects.exists()


def test_action_point_create_idempotency_key_creates_one() -> None:
    secretary = role_user(AGENDA_SECRETARY)
    item = items(held_meeting(secretary, barriers=1))[0]
    client = api(secretary)
    headers = {"Idempotency-Key": "point-1"}

    first = client.post(action_points_path(item), POINT, format="json", headers=headers)
    again = client.post(action_points_path(item), POINT, format="json", headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert ActionPoint.objects.count() == 1


@pytest.fixture
def point_and_secretary() -> tuple[ActionPoint, User]:
    secretary = role_user(AGENDA_SECRETARY)
    item = items(held_meeting(secretary, barriers=1))[0]
    point = services.action_point_create(
        meeting=item.meeting,
        barrier=item.barrier,
        description="Send the dossier",
        party="india",
        due_on=TODAY + dt.timedelta(days=30),
        actor=secretary,
    )
    return point, secretary


def point_path(point: ActionPoint, step: str = "") -> str:
    return f"/api/v1/action-points/{point.pk}/" + (f"{step}/" if step else "")


def test_action_point_is_read_by_every_official_and_changed_by_the_secretary(
    point_and_secretary,
) -> None:
    point, secretary = point_and_secretary
    for role in (ANALYST, TRIAGE_OFFICER):
        assert api(role_user(role)).get(point_path(point)).status_code == 200
    assert api(role_user(None)).get(point_path(point)).status_code == 403
    before = point_state(point)
    for role in (ANALYST, TRIAGE_OFFICER, None):
        response = api(role_user(role)).patch(
            point_path(point), {"description": "Changed"}, format="json"
        )
        assert response.status_code == 403
    assert point_state(point) == before

    response = api(secretary).patch(
        point_path(point), {"owner_agency": "APEDA", "owner": secretary.email}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["owner_agency"], response.json()["owner"]) == ("APEDA", secretary.email)
    bad = api(secretary).patch(
        point_path(point), {"due_on": (TODAY - dt.timedelta(days=60)).isoformat()}, format="json"
    )
    assert bad.status_code == 400
    assert bad.json()["due_on"][0]
    assert ActionPoint.objects.get(pk=point.pk).due_on == TODAY + dt.timedelta(days=30)
    assert api(secretary).get("/api/v1/action-points/abc/").status_code == 404
    assert api(secretary).get("/api/v1/action-points/999999/").status_code == 404


def test_action_point_status_moves_done_reopen_drop(point_and_secretary) -> None:
    point, secretary = point_and_secretary
    client = api(secretary)

    done = client.post(
        point_path(point, "done"),
        {"completed_on": TODAY.isoformat(), "evidence": "Letter of 2 Dec"},
        format="json",
    )
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["completed_on"]) == ("done", TODAY.isoformat())

    twice = client.post(point_path(point, "done"), {}, format="json")
    assert twice.status_code == 409
    assert twice.json()["code"] == "transition_not_allowed"

    reopened = client.post(point_path(point, "reopen"), {"note": "Not received"}, format="json")
    assert reopened.status_code == 200
    assert (reopened.json()["status"], reopened.json()["completed_on"]) == ("open", None)

    future = client.post(
        point_path(point, "done"),
        {"completed_on": (TODAY + dt.timedelta(days=2)).isoformat()},
        format="json",
    )
    assert future.status_code == 400
    assert future.json()["completed_on"][0]

    dropped = client.post(point_path(point, "drop"), {"note": "Overtaken"}, format="json")
    assert dropped.status_code == 200
    assert point_state(point)["history"][1:] == [
        ("open", "done", "Letter of 2 Dec", secretary.pk, False),
        ("done", "open", "Not received", secretary.pk, False),
        ("open", "dropped", "Overtaken", secretary.pk, False),
    ]


@pytest.mark.parametrize("step", ["done", "drop", "reopen"])
@pytest.mark.parametrize("role", [TRIAGE_OFFICER, ANALYST, None])
def test_action_point_moves_are_refused_to_other_roles(point_and_secretary, step, role) -> None:
    point, _secretary = point_and_secretary
    if step == "reopen":
        services.action_point_transition(action_point=point, to="done", actor=_secretary)
    before = point_state(point)

    response = api(role_user(role)).post(point_path(point, step), {}, format="json")

    assert response.status_code == 403
    assert point_state(point) == before


def test_action_point_move_idempotency_key_moves_once(point_and_secretary) -> None:
    point, secretary = point_and_secretary
    client = api(secretary)
    headers = {"Idempotency-Key": "drop-1"}

    first = client.post(point_path(point, "drop"), {"note": "x"}, format="json", headers=headers)
    again = client.post(point_path(point, "drop"), {"note": "x"}, format="json", headers=headers)

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert len(point_state(point)["history"]) == 2


@pytest.mark.parametrize(
    ("step", "admin_name", "body"),
    [
        ("done", "mark_done", {"completed_on": TODAY.isoformat(), "evidence": "Listed"}),
        ("drop", "drop", {"note": "Overtaken"}),
    ],
)
def test_action_point_moves_through_the_api_and_the_admin_give_the_same_result(
    step, admin_name, body
) -> None:
    secretary = role_user(AGENDA_SECRETARY)
    item = items(held_meeting(secretary, barriers=1))[0]
    by_api, by_admin = (
        services.action_point_create(
            meeting=item.meeting,
            barrier=item.barrier,
            description="Send the dossier",
            party="india",
            due_on=TODAY + dt.timedelta(days=30),
            actor=secretary,
        )
        for _ in range(2)
    )

    assert api(secretary).post(point_path(by_api, step), body, format="json").status_code == 200
    page = admin(secretary).post(
        reverse("admin:barriers_actionpoint_step", args=[by_admin.pk, admin_name]), body
    )
    assert page.status_code == 302

    assert point_state(by_api) == point_state(by_admin)
    expected = ActionPointStatus.DONE if step == "done" else ActionPointStatus.DROPPED
    assert point_state(by_api)["fields"][6] == expected


def test_adding_an_action_point_through_the_api_and_the_admin_gives_the_same_point() -> None:
    secretary = role_user(AGENDA_SECRETARY)
    meeting = held_meeting(secretary, barriers=1)
    item = items(meeting)[0]
    regulator = item.barrier.regulator

    api(secretary).post(
        action_points_path(item), {**POINT, "regulator": regulator.pk}, format="json"
    )
    page = admin(secretary).post(
        reverse("admin:barriers_meeting_action_point", args=[meeting.pk, item.pk]),
        {**POINT, "regulator": regulator.pk, "owner": ""},
    )
    assert page.status_code == 302, page.content.decode()[:2000]

    by_api, by_admin = ActionPoint.objects.order_by("pk")
    assert point_state(by_api) == point_state(by_admin)


# ---------------------------------------------------------------------------------------------
# The schema
# ---------------------------------------------------------------------------------------------


OFFICIAL_OPERATIONS = [
    ("/api/v1/reports/{reference}/start-review/", "post"),
    ("/api/v1/reports/{reference}/request-info/", "post"),
    ("/api/v1/reports/{reference}/accept/", "post"),
    ("/api/v1/reports/{reference}/reject/", "post"),
    ("/api/v1/meetings/{code}/items/{reference}/outcome/", "post"),
    ("/api/v1/meetings/{code}/items/{reference}/action-points/", "post"),
    ("/api/v1/action-points/{action_point_id}/", "get"),
    ("/api/v1/action-points/{action_point_id}/", "patch"),
    ("/api/v1/action-points/{action_point_id}/done/", "post"),
    ("/api/v1/action-points/{action_point_id}/drop/", "post"),
    ("/api/v1/action-points/{action_point_id}/reopen/", "post"),
]


def test_the_official_steps_are_in_the_schema_with_their_errors() -> None:
    import io

    import yaml
    from django.core.management import call_command

    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    for path, method in OFFICIAL_OPERATIONS:
        operation = schema["paths"][path][method]
        assert {"401", "403", "404", "429"} <= set(operation["responses"]), path
        ok = "201" if path.endswith("action-points/") else "200"
        assert ok in operation["responses"], path
        if method == "post":
            names = {(p["name"], p["in"]) for p in operation.get("parameters", [])}
            assert ("Idempotency-Key", "header") in names, path
            assert {"400", "409", "422"} <= set(operation["responses"]), path
    accept = schema["paths"]["/api/v1/reports/{reference}/accept/"]["post"]
    assert accept["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] == (
        "#/components/schemas/Report"
    )
    reject = schema["components"]["schemas"]["RejectRequest"]["properties"]
    assert {"reason", "note"} <= set(reject)
