"""The admin reads well: dates, regulators, titles, confirmations, the home page, outcomes at once,
closed meetings read-only (issue 16, item 6). Browser checks of the layout: tests/e2e/test_desk.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY
from barriers.models import (
    AgendaItem,
    Barrier,
    Deadline,
    DeadlineStage,
    Meeting,
    MeetingStatus,
    OutboundEmail,
    Party,
    Report,
    ReportStatus,
    User,
)
from tests import factories
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response: Any) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in response.wsgi_request._messages]


@pytest.fixture
def officer() -> User:
    return factories.triage_officer(full_name="Rahul Verma")


@pytest.fixture
def secretary() -> User:
    user = factories.OfficialFactory(full_name="Meera Iyer")
    user.groups.add(Group.objects.get(name=AGENDA_SECRETARY))
    return User.objects.get(pk=user.pk)


# -- dates and the time zone ----------------------------------------------------------------


def test_admin_dates_read_day_month_year_on_a_24_hour_clock(officer) -> None:
    report = factories.report_file()
    when = timezone.make_aware(dt.datetime(2026, 10, 2, 22, 21))  # India's time
    Report.objects.filter(pk=report.pk).update(created_at=when, submitted_at=when)

    page = _client(officer).get(reverse("admin:barriers_report_change", args=[report.pk]))

    text = page.content.decode()
    assert "2 Oct 2026, 22:21" in text
    assert "p.m." not in text and "Oct." not in text


def test_every_admin_page_says_the_time_zone_once_and_drops_the_per_field_note(officer) -> None:
    page = _client(officer).get(reverse("admin:index"))

    text = page.content.decode()
    assert text.count("Times in IST (UTC+0530)") == 1
    # The script that keeps Django's "You are N hours behind server time" off date fields.
    assert "barriers/admin_desk.js" in text


# -- regulators ------------------------------------------------------------------------------


def test_a_regulator_without_an_abbreviation_shows_its_name_never_its_code(officer) -> None:
    regulator = factories.RegulatorFactory(
        code="kg-test-vet", abbreviation="", name="Veterinary Service of Kyrgyzstan"
    )
    factories.report_file(regulator=regulator, destination_country=regulator.country)
    fsvps = factories.RegulatorFactory(
        code="ru-test-fsvps", abbreviation="TFSVPS", name="Rosselkhoznadzor"
    )

    page = _client(officer).get(reverse("admin:barriers_triagequeueentry_changelist"))

    text = page.content.decode()
    assert "kg-test-vet" not in text.replace("regulator__code__exact=kg-test-vet", "")
    assert "Veterinary Service of Kyrgyzstan" in text
    assert str(fsvps) == "TFSVPS — Rosselkhoznadzor"
    assert str(regulator) == "Veterinary Service of Kyrgyzstan"


# -- titles ----------------------------------------------------------------------------------


def test_the_triage_queue_is_headed_triage_queue_and_counts_reports(officer) -> None:
    for _ in range(2):
        factories.report_file()

    page = _client(officer).get(reverse("admin:barriers_triagequeueentry_changelist"))

    text = page.content.decode()
    assert "<h1>Triage queue</h1>" in text
    assert "Select" not in text.split("<h1>")[1].split("</h1>")[0]
    assert "2 reports in the triage queue" in text
    assert 'class="column-title' in text  # the title column


def test_other_lists_are_headed_by_what_they_list(officer) -> None:
    page = _client(officer).get(reverse("admin:barriers_report_changelist"))

    assert "<h1>Reports</h1>" in page.content.decode()


# -- confirmations ---------------------------------------------------------------------------


def test_start_review_asks_first_and_the_message_names_the_report(officer) -> None:
    report = factories.report_file(title="Shrimp plant listing")
    client = _client(officer)
    url = reverse("admin:barriers_triagequeueentry_step", args=[report.pk, "start_review"])
    change = client.get(reverse("admin:barriers_triagequeueentry_change", args=[report.pk]))
    assert f'href="{url}"' in change.content.decode()  # a link to the confirmation, not a POST

    confirm = client.get(url)

    assert confirm.status_code == 200
    assert "the exporter sees the new status" in confirm.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    done = client.post(url, follow=True)

    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW
    assert (
        messages.SUCCESS,
        f"{report.reference} “Shrimp plant listing” is now under review.",
    ) in _messages(done)


def test_merge_into_a_barrier_asks_first_and_the_message_names_the_barrier(officer) -> None:
    barrier = barrier_with_reports(officer, title="Argus permits for frozen shrimp")
    report = factories.report_file(title="Argus permit pending", regulator=barrier.regulator)
    services.report_start_review(report=report, actor=officer)
    client = _client(officer)
    url = reverse("admin:barriers_report_step", args=[report.pk, "merge"])

    confirm = client.get(f"{url}?barrier={barrier.pk}")

    text = confirm.content.decode()
    assert confirm.status_code == 200
    assert f"<strong>{barrier.reference}</strong> Argus permits for frozen shrimp" in text
    assert "each exporter is told" in text
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW

    done = client.post(url, {"barrier": barrier.pk}, follow=True)

    report.refresh_from_db()
    assert (report.status, report.barrier) == (ReportStatus.ACCEPTED, barrier)
    assert (
        messages.SUCCESS,
        f"{report.reference} “Argus permit pending” accepted into barrier "
        f"{barrier.reference} “Argus permits for frozen shrimp”.",
    ) in _messages(done)


def test_a_merge_link_to_a_barrier_that_does_not_exist_shows_an_empty_choice(officer) -> None:
    report = factories.report_file()
    services.report_start_review(report=report, actor=officer)
    url = reverse("admin:barriers_report_step", args=[report.pk, "merge"])

    page = _client(officer).get(f"{url}?barrier=nonsense")

    assert page.status_code == 200
    assert 'id="chosen-barrier"' not in page.content.decode()


# -- the home page ---------------------------------------------------------------------------


def test_the_home_page_starts_with_the_work_waiting_for_the_official(
    officer, django_assert_max_num_queries
) -> None:
    mine = factories.report_file()
    services.report_assign_owner(report=mine, actor=officer, owner=officer)
    factories.report_file()
    late = factories.report_file()
    long_ago = timezone.now() - dt.timedelta(days=40)
    Report.objects.filter(pk=late.pk).update(created_at=long_ago, submitted_at=long_ago)
    barrier = barrier_with_reports(officer)
    for stage, party, due_on in (
        (DeadlineStage.ACKNOWLEDGE, Party.EAEU, TODAY - dt.timedelta(days=2)),
        (DeadlineStage.ANSWER_CLARIFICATION, Party.INDIA, TODAY),
    ):
        Deadline.objects.create(
            barrier=barrier,
            stage=stage,
            party=party,
            regulator=barrier.regulator,
            opened_on=TODAY - dt.timedelta(days=20),
            due_on=due_on,
        )
    services.meeting_create(actor=None, code="2027-Q1", date=TODAY + dt.timedelta(days=40))
    client = _client(officer)

    with django_assert_max_num_queries(20):
        page = client.get(reverse("admin:index"))

    work = page.context["work_waiting"]
    assert (work.my_queue, work.queue, work.unassigned) == (1, 3, 2)
    assert work.overdue_first_decision == 1
    assert (work.due_from_eaeu, work.overdue_from_eaeu) == (1, 1)
    assert (work.due_to_eaeu, work.overdue_to_eaeu) == (1, 0)
    assert work.next_meeting.code == "2027-Q1"
    assert (work.flagged_for_review, work.info_requests_lapsed) == (0, 0)
    text = page.content.decode()
    assert text.index('id="work-waiting"') < text.index("app-barriers")
    assert "agenda cut-off" in text


def test_the_home_page_counts_flagged_barriers_and_lapsed_information_requests(officer) -> None:
    flagged = barrier_with_reports(officer)
    Barrier.objects.filter(pk=flagged.pk).update(review_flagged_at=timezone.now())
    lapsed = factories.report_file()
    Report.objects.filter(pk=lapsed.pk).update(
        status=ReportStatus.UNDER_REVIEW, info_request_lapsed_at=timezone.now()
    )

    page = _client(officer).get(reverse("admin:index"))

    work = page.context["work_waiting"]
    assert (work.flagged_for_review, work.info_requests_lapsed) == (1, 1)
    text = page.content.decode()
    assert "?flagged=yes" in text and "?info_request=lapsed" in text
    # Each figure links to its list, which shows exactly those rows.
    barriers = _client(officer).get(reverse("admin:barriers_barrier_changelist") + "?flagged=yes")
    assert [b.pk for b in barriers.context["cl"].result_list] == [flagged.pk]
    queue = _client(officer).get(
        reverse("admin:barriers_triagequeueentry_changelist") + "?info_request=lapsed"
    )
    assert [r.pk for r in queue.context["cl"].result_list] == [lapsed.pk]


def test_the_home_page_lists_the_triage_queue_first_and_hides_internal_tables(officer) -> None:
    # Even with the permission to read them, officials do not get them on their home page.
    officer.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_referencecounter", "view_outboundemail", "view_idempotencykey"]
        )
    )
    officer = User.objects.get(pk=officer.pk)
    page = _client(officer).get(reverse("admin:index"))

    barriers_app = next(a for a in page.context["app_list"] if a["app_label"] == "barriers")
    names = [m["object_name"] for m in barriers_app["models"]]
    assert names[0] == "TriageQueueEntry"
    assert barriers_app["models"][0]["name"] == "Triage queue"
    assert names.index("Report") < names.index("Barrier") < names.index("Meeting")
    assert not {"ReferenceCounter", "OutboundEmail", "IdempotencyKey"} & set(names)
    assert page.context["app_list"][0]["app_label"] == "barriers"


def test_superusers_see_the_internal_tables_on_the_home_page() -> None:
    admin_user = factories.OfficialFactory(is_superuser=True)

    page = _client(admin_user).get(reverse("admin:index"))

    barriers_app = next(a for a in page.context["app_list"] if a["app_label"] == "barriers")
    names = {m["object_name"] for m in barriers_app["models"]}
    assert {"ReferenceCounter", "OutboundEmail", "IdempotencyKey"} <= names


# -- outcomes for several items, closed meetings --------------------------------------------


@pytest.fixture
def held(officer) -> tuple[Meeting, list[Barrier]]:
    """A held meeting with three barriers on its agenda."""
    barriers = [
        barrier_with_reports(officer, title=f"Barrier {i}", trade_value=str(10 ** (i + 3)))
        for i in range(3)
    ]
    meeting = services.meeting_create(
        actor=None, code="2026-Q3", date=TODAY + dt.timedelta(days=30)
    )
    services.agenda_draft(meeting=meeting, actor=officer)
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=officer)
    Meeting.objects.filter(pk=meeting.pk).update(
        date=TODAY - dt.timedelta(days=1),
        cutoff_on=TODAY - dt.timedelta(days=20),
        circulate_on=TODAY - dt.timedelta(days=15),
    )
    services.meeting_hold(meeting=meeting, actor=officer)
    OutboundEmail.objects.all().delete()
    meeting.refresh_from_db()
    return meeting, barriers


def _outcomes_post(meeting: Meeting, rows: list[dict[str, str]]) -> dict[str, str]:
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = value
    return data


def test_the_secretary_records_outcomes_for_several_items_in_one_submit(
    secretary, held, django_capture_on_commit_callbacks
) -> None:
    meeting, barriers = held
    items = {i.barrier_id: i for i in AgendaItem.objects.filter(meeting=meeting)}
    url = reverse("admin:barriers_meeting_outcomes", args=[meeting.pk])
    client = _client(secretary)
    assert client.get(url).status_code == 200
    rows = [
        {"item": str(items[barriers[0].pk].pk), "outcome": "resolved", "statement_eaeu": "Lifted."},
        {
            "item": str(items[barriers[1].pk].pk),
            "outcome": "deferred",
            "internal_note": "Next time",
        },
        {"item": str(items[barriers[2].pk].pk), "outcome": ""},
    ]

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, _outcomes_post(meeting, rows), follow=True)

    outcomes = dict(AgendaItem.objects.filter(meeting=meeting).values_list("barrier_id", "outcome"))
    assert outcomes == {barriers[0].pk: "resolved", barriers[1].pk: "deferred", barriers[2].pk: ""}
    assert items[barriers[0].pk].barrier.reference in _messages(done)[-1][1]
    assert OutboundEmail.objects.exists()  # the exporters are told, after the commit
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD  # one item still waits


def test_a_refused_row_records_nothing_and_says_why_on_the_row(secretary, held) -> None:
    meeting, barriers = held
    items = {i.barrier_id: i for i in AgendaItem.objects.filter(meeting=meeting)}
    services.outcome_record(item=items[barriers[1].pk], outcome="discussed", actor=secretary)
    url = reverse("admin:barriers_meeting_outcomes", args=[meeting.pk])
    rows = [
        {"item": str(items[barriers[0].pk].pk), "outcome": "resolved"},
        {"item": str(items[barriers[1].pk].pk), "outcome": "resolved"},  # already recorded
    ]

    page = _client(secretary).post(url, _outcomes_post(meeting, rows))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Nothing was recorded" in text
    assert "no longer waits for an outcome" in text
    assert AgendaItem.objects.get(pk=items[barriers[0].pk].pk).outcome == ""


def test_an_outcome_that_is_not_one_is_a_form_error_on_its_row(secretary, held) -> None:
    meeting, _ = held
    item = AgendaItem.objects.filter(meeting=meeting).first()
    url = reverse("admin:barriers_meeting_outcomes", args=[meeting.pk])

    page = _client(secretary).post(
        url, _outcomes_post(meeting, [{"item": str(item.pk), "outcome": "won"}])
    )

    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    item.refresh_from_db()
    assert item.outcome == ""


def test_a_closed_meeting_is_read_only_and_offers_no_action_point(secretary, held) -> None:
    meeting, _ = held
    for item in AgendaItem.objects.filter(meeting=meeting, section="agenda"):
        services.outcome_record(item=item, outcome="discussed", actor=secretary)
    meeting = services.meeting_close(meeting=meeting, actor=secretary)
    assert meeting.status == MeetingStatus.CLOSED
    client = _client(secretary)
    item = AgendaItem.objects.filter(meeting=meeting).first()

    page = client.get(reverse("admin:barriers_meeting_change", args=[meeting.pk]))

    text = page.content.decode()
    assert "Add action point" not in text
    assert 'name="_save"' not in text
    assert (
        client.get(
            reverse("admin:barriers_meeting_action_point", args=[meeting.pk, item.pk])
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("admin:barriers_meeting_change", args=[meeting.pk]), {"venue": "Elsewhere"}
        ).status_code
        == 403
    )
