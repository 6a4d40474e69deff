"""Officials publish a barrier with reviewed public texts, edit them and take it down: the
service's rules, its history, and the admin's steps."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST
from barriers.domain.errors import DomainError
from barriers.models import Barrier, User
from barriers.services import publishing
from tests import factories
from tests.public.helpers import PUBLIC_SUMMARY, PUBLIC_TITLE, get, publish

pytestmark = pytest.mark.django_db


def role_user(group: str) -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


def barrier() -> Barrier:
    report = factories.report_file()
    officer = factories.triage_officer()
    from barriers import services

    services.report_start_review(report=report, actor=officer)
    services.report_accept(report=report, actor=officer)
    report.refresh_from_db()
    assert report.barrier is not None
    return report.barrier


def test_a_triage_officer_publishes_and_the_history_says_who_and_why() -> None:
    officer = factories.triage_officer()
    row = publish(barrier(), officer)
    assert row.published_at is not None and row.published_by == officer
    assert (row.public_title, row.public_summary) == (PUBLIC_TITLE, PUBLIC_SUMMARY)
    latest = row.history.latest()
    assert latest.history_user_id == officer.pk
    assert latest.history_change_reason == "Published on the public register"
    assert get(f"/public/barriers/{row.reference}/")[0] == 200


@pytest.mark.parametrize("group", [ANALYST, AGENDA_SECRETARY])
def test_officials_without_the_permission_cannot_publish(group: str) -> None:
    row = barrier()
    with pytest.raises(DomainError):
        publish(row, role_user(group))
    row.refresh_from_db()
    assert row.published_at is None


def test_an_exporter_cannot_publish() -> None:
    row = barrier()
    with pytest.raises(DomainError):
        publish(row, factories.ExporterFactory())


@pytest.mark.parametrize(
    ("title", "summary", "field"),
    [
        ("", PUBLIC_SUMMARY, "public_title"),
        ("x" * 201, PUBLIC_SUMMARY, "public_title"),
        (PUBLIC_TITLE, "  ", "public_summary"),
    ],
)
def test_public_texts_are_required_and_bounded(title: str, summary: str, field: str) -> None:
    row = barrier()
    with pytest.raises(DomainError) as refused:
        publish(row, factories.triage_officer(), title=title, summary=summary)
    assert refused.value.field == field
    row.refresh_from_db()
    assert row.published_at is None and row.public_title == ""


def test_unpublishing_takes_the_page_down_at_once_and_keeps_the_texts() -> None:
    officer = factories.triage_officer()
    row = publish(barrier(), officer)
    path = f"/public/barriers/{row.reference}/"
    assert get(path)[0] == 200  # cached now
    publishing.barrier_unpublish(barrier=row, actor=officer, note="Under negotiation")
    assert get(path)[0] == 404
    assert row.reference not in get("/public/")[1]
    row.refresh_from_db()
    assert row.published_at is None and row.public_title == PUBLIC_TITLE
    assert row.history.latest().history_change_reason.startswith("Taken off the public register")
    with pytest.raises(DomainError):
        publishing.barrier_unpublish(barrier=row, actor=officer)


def step_url(row: Barrier, name: str) -> str:
    return reverse("admin:barriers_barrier_step", args=[row.pk, name])


def test_the_admin_publish_step_publishes_edits_and_unpublishes() -> None:
    officer = factories.triage_officer()
    row = barrier()
    client = Client()
    client.force_login(officer)
    change = client.get(reverse("admin:barriers_barrier_change", args=[row.pk])).content.decode()
    assert "step-publish" in change and "step-unpublish" not in change
    form = client.get(step_url(row, "publish")).content.decode()
    assert "Public title" in form and "never the internal texts" in form
    response = client.post(
        step_url(row, "publish"),
        {"public_title": PUBLIC_TITLE, "public_summary": PUBLIC_SUMMARY},
        follow=True,
    )
    assert f"{row.reference} is on the public register." in response.content.decode()
    row.refresh_from_db()
    assert row.published_at is not None
    change = client.get(reverse("admin:barriers_barrier_change", args=[row.pk])).content.decode()
    assert "step-edit_public_text" in change and "step-unpublish" in change
    assert PUBLIC_TITLE in change  # the public fields are shown on the page
    client.post(
        step_url(row, "edit_public_text"),
        {"public_title": "Listing delays", "public_summary": PUBLIC_SUMMARY},
    )
    assert "Listing delays" in get(f"/public/barriers/{row.reference}/")[1]
    client.post(step_url(row, "unpublish"), {"note": ""})
    assert get(f"/public/barriers/{row.reference}/")[0] == 404


def test_a_blank_public_title_is_a_form_error_and_publishes_nothing() -> None:
    officer = factories.triage_officer()
    row = barrier()
    client = Client()
    client.force_login(officer)
    response = client.post(
        step_url(row, "publish"), {"public_title": " ", "public_summary": PUBLIC_SUMMARY}
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode() or "public title" in (
        response.content.decode()
    )
    row.refresh_from_db()
    assert row.published_at is None


def test_an_analyst_is_refused_the_publish_step() -> None:
    row = barrier()
    client = Client()
    client.force_login(role_user(ANALYST))
    assert client.get(step_url(row, "publish")).status_code == 403
    assert (
        client.post(
            step_url(row, "publish"), {"public_title": "x", "public_summary": "y"}
        ).status_code
        == 403
    )
    row.refresh_from_db()
    assert row.published_at is None
