"""The barrier's lifecycle in the admin: the Resolve, Partially resolve, Close unresolved,
Reopen and Keep resolved buttons, their confirmation pages (what will happen, who is told), the
companies' answers on the barrier's page and the flagged-for-review filter."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST
from barriers.models import (
    Barrier,
    BarrierStatus,
    ClosureReason,
    OutboundEmail,
    Report,
    StatusChange,
    User,
)
from tests import factories
from tests.services.test_lifecycle import barrier_of, exporters_of, raised

pytestmark = pytest.mark.django_db


def role_user(group: str) -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(barrier: Barrier) -> str:
    return reverse("admin:barriers_barrier_change", args=[barrier.pk])


def step_url(barrier: Barrier, name: str) -> str:
    return reverse("admin:barriers_barrier_step", args=[barrier.pk, name])


def buttons(html: str) -> set[str]:
    names = ("resolve", "partially_resolve", "close_unresolved", "reopen", "keep_resolved")
    return {name for name in names if f"step-{name}" in html}


def test_the_page_shows_only_the_moves_the_barrier_allows() -> None:
    officer = factories.triage_officer()
    barrier = barrier_of(1)
    page = client_for(officer)
    assert buttons(page.get(change_url(barrier)).content.decode()) == {
        "resolve",
        "close_unresolved",
    }
    raised(barrier)
    assert buttons(page.get(change_url(barrier)).content.decode()) == {
        "resolve",
        "partially_resolve",
        "close_unresolved",
    }
    services.barrier_mark_resolved(barrier=barrier, actor=officer)
    assert buttons(page.get(change_url(barrier)).content.decode()) == {"reopen"}


def test_an_analyst_sees_no_lifecycle_button_and_is_refused_the_page() -> None:
    barrier = barrier_of(1)
    analyst = client_for(role_user(ANALYST))
    assert buttons(analyst.get(change_url(barrier)).content.decode()) == set()
    assert analyst.get(step_url(barrier, "resolve")).status_code == 403
    response = analyst.post(step_url(barrier, "resolve"), {"note": ""})
    assert response.status_code == 403
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN


def test_the_confirmation_page_says_what_happens_and_who_is_told() -> None:
    barrier = barrier_of(2, shared=True)
    html = client_for(factories.triage_officer()).get(step_url(barrier, "resolve")).content.decode()
    assert f"{barrier.reference} moves from open to resolved." in html
    assert "Company 1" in html and "Company 2" in html
    assert "FSVPS" in html and "focal point (1)" in html
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN  # GET changes nothing


def test_the_confirmation_page_says_when_the_counterpart_is_not_told() -> None:
    barrier = barrier_of(1)
    html = client_for(factories.triage_officer()).get(step_url(barrier, "close_unresolved"))
    assert "the barrier is not shared with a regulator" in html.content.decode()


def test_a_secretary_resolves_a_barrier_and_the_message_names_it() -> None:
    barrier = barrier_of(2)
    secretary = role_user(AGENDA_SECRETARY)
    page = client_for(secretary)
    response = page.post(step_url(barrier, "resolve"), {"note": "Plants listed."}, follow=True)
    assert response.redirect_chain[-1][0] == change_url(barrier)
    html = response.content.decode()
    assert f"{barrier.reference} “{barrier.title}” is now resolved" in html
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.RESOLVED
    change = StatusChange.objects.filter(barrier=barrier).last()
    assert (change.to_status, change.actor_id, change.note) == (
        "resolved",
        secretary.pk,
        "Plants listed.",
    )
    assert OutboundEmail.objects.filter(body__contains="Plants listed.").count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reason": "", "note": ""}, "reason", "Choose why the barrier is closed."),
        ({"reason": "gave_up"}, "reason", "Choose one of the reasons in the list."),
        ({"reason": ClosureReason.OTHER, "note": " "}, "note", "Explain the reason"),
    ],
)
def test_closing_with_a_bad_reason_is_a_form_error_and_changes_nothing(
    data: dict, field: str, message: str
) -> None:
    barrier = barrier_of(1)
    emails = OutboundEmail.objects.count()
    response = client_for(factories.triage_officer()).post(
        step_url(barrier, "close_unresolved"), data
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert "Company 1" in response.content.decode()  # still the confirmation page
    barrier.refresh_from_db()
    assert (barrier.status, barrier.closure_reason) == (BarrierStatus.OPEN, "")
    assert OutboundEmail.objects.count() == emails


def test_closing_unresolved_with_a_reason_then_reopening() -> None:
    barrier = barrier_of(1)
    page = client_for(factories.triage_officer())
    page.post(
        step_url(barrier, "close_unresolved"),
        {"reason": ClosureReason.NO_LONGER_TRADED, "note": "The exporter left the market."},
    )
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.CLOSED_UNRESOLVED
    assert barrier.closure_reason == ClosureReason.NO_LONGER_TRADED

    response = page.post(step_url(barrier, "reopen"), {"reason": ""})
    assert "Say why the barrier is reopened." in str(response.context["form"].errors["reason"])
    page.post(step_url(barrier, "reopen"), {"reason": "Trade resumed in 2027."})
    barrier.refresh_from_db()
    assert (barrier.status, barrier.closure_reason) == (BarrierStatus.OPEN, "")


def test_a_move_no_longer_allowed_is_said_on_the_form() -> None:
    barrier = barrier_of(1)
    officer = factories.triage_officer()
    page = client_for(officer)
    services.barrier_mark_resolved(barrier=barrier, actor=officer)  # in another tab
    response = page.post(step_url(barrier, "resolve"), {"note": ""})
    assert response.status_code == 200
    assert "cannot move from 'resolved' to 'resolved'" in " ".join(
        response.context["form"].non_field_errors()
    )
    assert "cannot move from" in response.content.decode()


def test_the_page_shows_the_tally_and_the_flag_and_keep_resolved_clears_it() -> None:
    barrier = barrier_of(4)
    officer = factories.triage_officer()
    services.barrier_mark_resolved(barrier=barrier, actor=officer)
    first, second, third, fourth = exporters_of(barrier)
    for exporter in (first, second, third):
        services.barrier_confirm_fix(barrier=barrier, actor=exporter, cleared=True)
    services.barrier_confirm_fix(barrier=barrier, actor=fourth, cleared=False, reason="Held")
    page = client_for(officer)

    html = page.get(change_url(barrier)).content.decode()
    assert "3 companies confirmed fixed, 1 says not fixed" in html
    assert "Flagged for review" in html
    assert buttons(html) == {"reopen", "keep_resolved"}

    flagged = page.get(reverse("admin:barriers_barrier_changelist") + "?flagged=yes")
    assert [b.pk for b in flagged.context["cl"].result_list] == [barrier.pk]

    response = page.post(step_url(barrier, "keep_resolved"), {"note": "A labelling fault."})
    assert response.status_code == 302
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.RESOLVED and barrier.review_flagged_at is None
    flagged = page.get(reverse("admin:barriers_barrier_changelist") + "?flagged=yes")
    assert list(flagged.context["cl"].result_list) == []
    assert buttons(page.get(change_url(barrier)).content.decode()) == {"reopen"}


def test_reopening_a_flagged_barrier_from_its_page_clears_the_flag() -> None:
    barrier = barrier_of(2)
    officer = factories.triage_officer()
    services.barrier_mark_resolved(barrier=barrier, actor=officer)
    services.barrier_confirm_fix(
        barrier=barrier, actor=exporters_of(barrier)[0], cleared=False, reason="Held"
    )
    page = client_for(officer)
    html = page.get(step_url(barrier, "reopen")).content.decode()
    assert "0 companies confirmed fixed, 1 says not fixed, 1 not answered yet" in html
    page.post(step_url(barrier, "reopen"), {"reason": "Consignments held again."})
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.OPEN and barrier.review_flagged_at is None
    assert Report.objects.filter(barrier=barrier).count() == 2


def test_the_barrier_page_costs_the_same_queries_whatever_the_number_of_answers() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    barrier = barrier_of(4)
    officer = factories.triage_officer()
    services.barrier_mark_resolved(barrier=barrier, actor=officer)
    exporters = exporters_of(barrier)
    page = client_for(officer)
    page.get(change_url(barrier))  # the first request after signing in renews the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert page.get(change_url(barrier)).status_code == 200
        return len(captured)

    services.barrier_confirm_fix(barrier=barrier, actor=exporters[0], cleared=True)
    one = queries()
    for exporter in exporters[1:]:
        services.barrier_confirm_fix(barrier=barrier, actor=exporter, cleared=False, reason="Held")
    assert queries() == one
