"""Triage by officials: services, selectors, working days, and the admin's steps and queue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.contrib import admin, messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from barriers import selectors, services
from barriers.domain.errors import DomainError
from barriers.domain.workdays import INDIA, overdue_before, working_days_between
from barriers.models import (
    Barrier,
    BarrierStatus,
    Message,
    MessageVisibility,
    OutboundEmail,
    Report,
    ReportStatus,
    StatusChange,
    TriageQueueEntry,
    User,
)
from tests import factories

pytestmark = pytest.mark.django_db


def _messages(response: Any) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in response.wsgi_request._messages]


def _reviewed(official: User, **overrides: Any) -> Report:
    report = factories.report_file(**overrides)
    return services.report_start_review(report=report, actor=official)


def _accepted(official: User, barrier: Barrier | None = None, **overrides: Any) -> Report:
    report = _reviewed(official, **overrides)
    services.report_accept(report=report, actor=official, barrier=barrier)
    report.refresh_from_db()
    return report


def _backdate(report: Report, days: int) -> None:
    when = timezone.now() - dt.timedelta(days=days)
    Report.objects.filter(pk=report.pk).update(created_at=when, submitted_at=when)


# ---------------------------------------------------------------------------------------------
# Working days
# ---------------------------------------------------------------------------------------------


def test_working_days_skip_weekends() -> None:
    friday = dt.date(2026, 11, 20)
    assert working_days_between(friday, friday + dt.timedelta(days=3)) == 1  # Monday
    assert working_days_between(friday, friday + dt.timedelta(days=14)) == 10
    assert working_days_between(friday, friday) == 0


@pytest.mark.parametrize("country", [None, INDIA])
@pytest.mark.parametrize("offset", range(7))
def test_overdue_before_agrees_with_counting(offset: int, country: str | None) -> None:
    # Late January: India's Republic Day (26 January) falls inside the window in 2027.
    for start in (dt.date(2026, 11, 23), dt.date(2027, 1, 25)):
        today = start + dt.timedelta(days=offset)
        cutoff = overdue_before(today, 10, country)
        for back in range(40):
            filed = today - dt.timedelta(days=back)
            assert (working_days_between(filed, today, country) > 10) == (filed < cutoff)


def test_first_decision_target_skips_indias_public_holidays() -> None:
    # Filed Thursday 14 January 2027; on Friday 29 January eleven weekdays have passed, one of
    # them Republic Day (Tuesday 26 January): India has used ten working days, not eleven.
    filed, today = dt.date(2027, 1, 14), dt.date(2027, 1, 29)
    assert working_days_between(filed, today) == 11
    assert working_days_between(filed, today, INDIA) == 10
    assert overdue_before(today, 10, INDIA) == filed


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------


def test_move_to_barrier_leaves_notes_on_both_barriers_and_a_history_reason(
    official: User,
) -> None:
    report = _accepted(official)
    source = report.barrier
    target = _accepted(official).barrier

    services.report_move_to_barrier(
        report=report, barrier=target, actor=official, note="Different plant."
    )

    report.refresh_from_db()
    assert report.barrier == target
    assert report.status == ReportStatus.ACCEPTED
    notes = Message.objects.filter(visibility=MessageVisibility.INTERNAL)
    assert notes.filter(barrier=source, body__contains=target.reference).exists()
    assert notes.filter(barrier=target, body__contains="Different plant.").exists()
    latest = report.history.latest()
    assert latest.history_change_reason == f"Moved from {source.reference} to {target.reference}"
    assert latest.history_user == official


def test_move_to_no_barrier_opens_a_new_one(official: User) -> None:
    report = _accepted(official)
    before = Barrier.objects.count()

    services.report_move_to_barrier(report=report, barrier=None, actor=official)

    report.refresh_from_db()
    assert Barrier.objects.count() == before + 1
    assert report.barrier.title == report.title


def test_move_refuses_a_resolved_barrier_and_a_report_not_accepted(official: User) -> None:
    report = _accepted(official)
    closed = _accepted(official).barrier
    services.barrier_resolve(barrier=closed, actor=official)

    with pytest.raises(DomainError, match="resolved"):
        services.report_move_to_barrier(report=report, barrier=closed, actor=official)
    with pytest.raises(DomainError, match="Only an accepted report"):
        services.report_move_to_barrier(
            report=_reviewed(official), barrier=report.barrier, actor=official
        )


def test_owner_must_be_an_official(official: User, exporter: User) -> None:
    report = factories.report_file()
    with pytest.raises(DomainError, match="not an official"):
        services.report_assign_owner(report=report, actor=official, owner=exporter)
    services.report_assign_owner(report=report, actor=official, owner=official)
    report.refresh_from_db()
    assert report.owner == official
    assert report.history.latest().history_user == official


def test_regulator_must_match_the_report_country(official: User) -> None:
    report = factories.report_file()
    armenian = factories.RegulatorFactory(
        code="am-fsib",
        abbreviation="FSIB",
        country=factories.CountryFactory(code="AM", name="Armenia", alpha3="ARM"),
    )
    with pytest.raises(DomainError, match="regulates AM"):
        services.report_set_regulator(report=report, actor=official, regulator=armenian)
    services.report_set_regulator(report=report, actor=official, regulator=None)
    report.refresh_from_db()
    assert report.regulator is None


def test_barrier_update_refuses_status_and_priority_out_of_range(official: User) -> None:
    barrier = _accepted(official).barrier
    with pytest.raises(DomainError, match="cannot be changed"):
        services.barrier_update(barrier=barrier, actor=official, status=BarrierStatus.RESOLVED)
    with pytest.raises(DomainError, match="-5 to 5"):
        services.barrier_set_priority(barrier=barrier, actor=official, priority=6)

    services.barrier_update(barrier=barrier, actor=official, title="Listing backlog", ask="List")

    barrier.refresh_from_db()
    assert (barrier.title, barrier.ask) == ("Listing backlog", "List")
    assert "listing backlog" in barrier.search_text
    assert barrier.history.latest().history_user == official


# ---------------------------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------------------------


def test_barrier_figures_add_up_the_reports_in_one_query(
    official: User, django_assert_num_queries: Any
) -> None:
    first = _accepted(official, trade_value_usd=Decimal("100.50"), consignments_affected=2)
    barrier = first.barrier
    _accepted(official, barrier=barrier, trade_value_usd=Decimal("200"), consignments_affected=3)
    same_company = _accepted(
        official,
        barrier=barrier,
        company=first.company,
        applied_on=timezone.localdate() - dt.timedelta(days=300),
        trade_value_usd=Decimal("1"),
    )
    assert same_company.company == first.company

    with django_assert_num_queries(1):
        figures = selectors.barrier_figures(barrier=barrier)

    assert figures["reports"] == 3
    assert figures["companies"] == 2
    assert figures["trade_value"] == Decimal("301.50")
    assert figures["consignments"] == 2 + 3 + 3
    assert figures["longest_days_pending"] == 300


def test_duplicate_candidates_rank_the_same_problem_first(
    official: User, django_assert_max_num_queries: Any
) -> None:
    same = _accepted(official, title="Shrimp plant listing pending with FSVPS").barrier
    kazakh = factories.CountryFactory(code="KZ", name="Kazakhstan", alpha3="KAZ")
    elsewhere = _accepted(
        official,
        title="Grapes rejected at the Kazakh border",
        destination_country=kazakh,
        regulator=None,
    ).barrier
    resolved = _accepted(official, title="Shrimp plant listing pending with FSVPS").barrier
    services.barrier_resolve(barrier=resolved, actor=official)
    report = _reviewed(official, title="Our shrimp plant listing is pending at FSVPS")

    with django_assert_max_num_queries(2):
        candidates = selectors.barrier_duplicate_candidates(report=report)
        reasons = [row.match_reasons for row in candidates]
        codes = [[code.code for code in row.hs_codes.all()] for row in candidates]

    assert candidates[0] == same
    assert elsewhere not in candidates and resolved not in candidates
    assert {"same regulator", "same kind", "shared HS codes"} <= set(reasons[0])
    assert codes[0] == ["030617"]


def test_overdue_selector_counts_working_days_in_the_database(official: User) -> None:
    late = factories.report_file()
    _backdate(late, 30)
    fresh = factories.report_file()
    decided = factories.report_file()
    _backdate(decided, 30)
    services.report_start_review(report=decided, actor=official)
    services.report_request_info(report=decided, actor=official, question="Which plant?")

    overdue = selectors.reports_overdue_for_first_decision(queryset=Report.objects.all())

    assert list(overdue) == [late]
    assert fresh not in overdue


def _filed_on(report: Report, day: dt.date) -> None:
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
    Report.objects.filter(pk=report.pk).update(created_at=when, submitted_at=when)


def test_overdue_selector_counts_on_indias_calendar_across_republic_day() -> None:
    # Ten working days by 29 January 2027 on India's calendar (Republic Day does not count):
    # the report filed on the 14th is on target, the one filed on the 13th is not.
    on_target = factories.report_file()
    _filed_on(on_target, dt.date(2027, 1, 14))
    late = factories.report_file()
    _filed_on(late, dt.date(2027, 1, 13))

    overdue = selectors.reports_overdue_for_first_decision(
        queryset=Report.objects.all(), today=dt.date(2027, 1, 29), target=10
    )

    assert list(overdue) == [late]


def test_queue_column_counts_the_first_decision_on_indias_calendar(
    client: Client, admin_user: User
) -> None:
    report = factories.report_file()
    _filed_on(report, dt.date(2027, 1, 14))
    with time_machine.travel(dt.datetime(2027, 1, 29, 9, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(admin_user)
        response = client.get(reverse("admin:barriers_triagequeueentry_changelist"))

    page = response.content.decode()
    assert "day 10 of 10" in page
    assert "target missed" not in page


# ---------------------------------------------------------------------------------------------
# The admin: queue, steps, bulk actions
# ---------------------------------------------------------------------------------------------


def _step_url(model: type, pk: int, step: str) -> str:
    return reverse(f"admin:barriers_{model._meta.model_name}_step", args=[pk, step])


def test_queue_lists_waiting_reports_oldest_first_with_the_target_warning(
    admin_client: Client, official: User
) -> None:
    old = factories.report_file(company=factories.CompanyFactory(verified=False))
    _backdate(old, 30)
    new = _reviewed(official)
    accepted = _accepted(official)

    response = admin_client.get(reverse("admin:barriers_triagequeueentry_changelist"))

    rows = list(response.context["cl"].result_list)
    assert rows == [old, new]
    assert accepted not in rows
    html = response.content.decode()
    assert "target missed" in html
    assert "unverified" in html

    overdue = admin_client.get(
        reverse("admin:barriers_triagequeueentry_changelist"), {"overdue": "yes"}
    )
    assert list(overdue.context["cl"].result_list) == [old]


def test_request_info_page_asks_a_question_that_reaches_the_exporter(
    admin_client: Client, admin_user: User
) -> None:
    report = _reviewed(admin_user)
    url = _step_url(TriageQueueEntry, report.pk, "request_info")

    page = admin_client.get(url)
    empty = admin_client.post(url, {"question": "  "})
    response = admin_client.post(url, {"question": "Which plant number?"})

    assert page.status_code == 200 and b"Question for the exporter" in page.content
    assert empty.status_code == 200 and empty.context["form"].errors
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.INFO_REQUESTED
    assert Message.objects.filter(
        report=report, visibility=MessageVisibility.PUBLIC, body="Which plant number?"
    ).exists()
    assert OutboundEmail.objects.filter(body__contains="Which plant number?").exists()


def test_reject_with_other_needs_an_explanation(admin_client: Client, admin_user: User) -> None:
    report = _reviewed(admin_user)
    url = _step_url(Report, report.pk, "reject")

    refused = admin_client.post(url, {"reason": "other", "note": ""})
    unknown = admin_client.post(url, {"reason": "because"})
    done = admin_client.post(url, {"reason": "other", "note": "Not an EAEU measure."})

    assert refused.status_code == 200 and "note" in refused.context["form"].errors
    assert unknown.status_code == 200 and "reason" in unknown.context["form"].errors
    assert done.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.rejection_reason) == (ReportStatus.REJECTED, "other")


def test_one_click_merge_from_the_duplicate_panel(admin_client: Client, admin_user: User) -> None:
    barrier = _accepted(admin_user).barrier
    report = _reviewed(admin_user)

    page = admin_client.get(reverse("admin:barriers_report_change", args=[report.pk]))
    assert barrier in page.context["duplicates"]
    assert b"Merge into this barrier" in page.content

    response = admin_client.post(_step_url(Report, report.pk, "merge"), {"barrier": barrier.pk})

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.barrier) == (ReportStatus.ACCEPTED, barrier)


def test_merge_refuses_a_closed_barrier_without_a_500(
    admin_client: Client, admin_user: User
) -> None:
    barrier = _accepted(admin_user).barrier
    services.barrier_resolve(barrier=barrier, actor=admin_user)
    report = _reviewed(admin_user)

    response = admin_client.post(_step_url(Report, report.pk, "merge"), {"barrier": barrier.pk})
    garbage = admin_client.post(_step_url(Report, report.pk, "merge"), {"barrier": "x"})
    missing = admin_client.post(_step_url(Report, 999999, "merge"), {"barrier": barrier.pk})
    no_step = admin_client.post(_step_url(Report, report.pk, "explode"), {})

    assert response.status_code == 200 and "barrier" in response.context["form"].errors
    assert garbage.status_code == 200
    assert missing.status_code == 404 and no_step.status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW


def test_bulk_merge_reports_how_many_moved_and_why_others_were_refused(
    admin_client: Client, admin_user: User
) -> None:
    barrier = _accepted(admin_user).barrier
    reviewed = [_reviewed(admin_user) for _ in range(2)]
    submitted = factories.report_file()
    changelist = reverse("admin:barriers_report_changelist")
    selected = [r.pk for r in [*reviewed, submitted]]

    form = admin_client.post(changelist, {"action": "merge", "_selected_action": selected})
    assert form.status_code == 200 and form.templates[0].name == "admin/barriers/step.html"

    response = admin_client.post(
        changelist,
        {"action": "merge", "_selected_action": selected, "apply": "1", "barrier": barrier.pk},
    )

    assert response.status_code == 302
    assert Report.objects.filter(barrier=barrier).count() == 3
    notes = _messages(response)
    assert (messages.SUCCESS, "2 reports accepted into the barrier.") in notes
    (warning,) = [text for level, text in notes if level == messages.WARNING]
    assert warning.startswith("1 refused: ") and submitted.reference in warning


def test_bulk_move_splits_reports_to_a_new_barrier(admin_client: Client, admin_user: User) -> None:
    report = _accepted(admin_user)
    old = report.barrier

    admin_client.post(
        reverse("admin:barriers_report_changelist"),
        {"action": "move_to_barrier", "_selected_action": [report.pk], "apply": "1", "note": "x"},
    )

    report.refresh_from_db()
    assert report.barrier != old
    assert Message.objects.filter(barrier=old, visibility=MessageVisibility.INTERNAL).exists()


def test_buttons_on_the_page_follow_the_status(admin_client: Client, admin_user: User) -> None:
    submitted = factories.report_file()
    accepted = _accepted(admin_user)

    def steps(report: Report) -> set[str]:
        response = admin_client.get(reverse("admin:barriers_report_change", args=[report.pk]))
        return {item["step"].name for item in response.context["page_steps"]}

    # Verifying the figures is open while the report is triaged and once it is accepted.
    assert steps(submitted) == {"start_review", "verify_figures"}
    assert steps(accepted) == {"move_to_barrier", "verify_figures"}


def test_start_review_button_posts_and_get_does_nothing(
    admin_client: Client, admin_user: User
) -> None:
    report = factories.report_file()
    url = _step_url(TriageQueueEntry, report.pk, "start_review")

    page = admin_client.get(url)
    assert page.status_code == 200  # the confirmation page: what will happen
    assert report.reference in page.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    admin_client.post(url)
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW


def test_report_owner_and_regulator_on_the_form_go_through_services(
    admin_client: Client, admin_user: User, official: User
) -> None:
    report = factories.report_file()
    url = reverse("admin:barriers_report_change", args=[report.pk])
    page = admin_client.get(url)
    management = {}
    for inline in page.context["inline_admin_formsets"]:
        form = inline.formset.management_form
        management.update({form.add_prefix(name): form[name].value() for name in form.fields})

    admin_client.post(url, {"owner": official.pk, "regulator": "", **management})

    report.refresh_from_db()
    assert report.owner == official and report.regulator is None
    assert report.history.latest().history_change_reason.startswith("Regulator set to")


def test_barrier_page_shows_figures_history_and_adds_internal_notes(
    admin_client: Client, admin_user: User
) -> None:
    barrier = _accepted(admin_user).barrier
    _accepted(admin_user, barrier=barrier)
    url = reverse("admin:barriers_barrier_change", args=[barrier.pk])

    page = admin_client.get(url)
    assert page.context["figures"]["companies"] == 2
    assert page.context["field_history"]
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if name in services.BARRIER_FIELDS
    }
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items() if v is not None}
    data["hs_codes"] = [code.pk for code in barrier.hs_codes.all()]
    data["title"] = "Shrimp listing backlog at FSVPS"
    data["manual_priority"] = 3
    for inline in page.context["inline_admin_formsets"]:
        form = inline.formset.management_form
        data.update({form.add_prefix(name): form[name].value() for name in form.fields})
        if inline.formset.model is Message:
            data[f"{inline.formset.prefix}-0-body"] = "Called the FSVPS desk."

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    barrier.refresh_from_db()
    assert (barrier.title, barrier.manual_priority) == ("Shrimp listing backlog at FSVPS", 3)
    assert barrier.status == BarrierStatus.OPEN
    note = Message.objects.get(barrier=barrier)
    assert (note.author, note.visibility) == (admin_user, MessageVisibility.INTERNAL)
    assert StatusChange.objects.filter(barrier=barrier).count() == 1


def test_bulk_priority_refuses_out_of_range_in_the_form(
    admin_client: Client, admin_user: User
) -> None:
    barrier = _accepted(admin_user).barrier
    changelist = reverse("admin:barriers_barrier_changelist")

    bad = admin_client.post(
        changelist,
        {"action": "set_priority", "_selected_action": [barrier.pk], "apply": "1", "priority": 9},
    )
    good = admin_client.post(
        changelist,
        {"action": "set_priority", "_selected_action": [barrier.pk], "apply": "1", "priority": -2},
    )

    assert bad.status_code == 200 and "priority" in bad.context["form"].errors
    assert good.status_code == 302
    barrier.refresh_from_db()
    assert barrier.manual_priority == -2


def test_verify_button_on_the_company_page(admin_client: Client, admin_user: User) -> None:
    company = factories.CompanyFactory(verified=False)
    page = admin_client.get(reverse("admin:barriers_company_change", args=[company.pk]))
    assert [item["step"].name for item in page.context["page_steps"]] == ["verify"]

    admin_client.post(_step_url(type(company), company.pk, "verify"))

    company.refresh_from_db()
    assert company.verified and company.verified_by == admin_user


def test_merge_autocomplete_offers_only_active_barriers(
    admin_client: Client, admin_user: User
) -> None:
    active = _accepted(admin_user, title="Shrimp listing").barrier
    resolved = _accepted(admin_user, title="Shrimp listing").barrier
    services.barrier_resolve(barrier=resolved, actor=admin_user)

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "barriers", "model_name": "report", "field_name": "barrier", "term": "shr"},
    )

    ids = {int(row["id"]) for row in response.json()["results"]}
    assert active.pk in ids and resolved.pk not in ids


# ---------------------------------------------------------------------------------------------
# Fixed query counts: a page of 10 and a page of 100
# ---------------------------------------------------------------------------------------------


def _filed(count: int, official: User) -> None:
    kinds = [factories.BarrierKindFactory()]
    for index in range(count):
        report = factories.report_file(barrier_kind=kinds[0])
        if index % 3 == 1:
            services.report_start_review(report=report, actor=official)
            services.report_accept(report=report, actor=official)
            services.report_assign_owner(report=report, actor=official, owner=official)


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("admin:barriers_report_changelist", {}),
        ("admin:barriers_report_changelist", {"q": "shrimp plant", "overdue": "no"}),
        ("admin:barriers_triagequeueentry_changelist", {}),
        ("admin:barriers_triagequeueentry_changelist", {"overdue": "no", "verified": "yes"}),
        ("admin:barriers_barrier_changelist", {}),
        ("admin:barriers_barrier_changelist", {"q": "plant", "overdue": "yes"}),
    ],
)
def test_changelist_queries_are_the_same_for_a_page_of_10_and_of_100(
    admin_client: Client,
    admin_user: User,
    monkeypatch: pytest.MonkeyPatch,
    url_name: str,
    params: dict[str, str],
) -> None:
    url = reverse(url_name)
    for model_admin in admin.site._registry.values():
        monkeypatch.setattr(model_admin, "list_per_page", 200)
    _filed(10, admin_user)
    admin_client.get(url, params)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as ten:
        assert admin_client.get(url, params).status_code == 200

    _filed(90, admin_user)
    with CaptureQueriesContext(connection) as hundred:
        response = admin_client.get(url, params)
        assert response.status_code == 200

    assert len(response.context["cl"].result_list) > 10
    assert len(hundred.captured_queries) == len(ten.captured_queries), "\n".join(
        query["sql"] for query in hundred.captured_queries
    )
    print(f"{url_name} {params}: {len(ten.captured_queries)} queries for 10 and for 100")
