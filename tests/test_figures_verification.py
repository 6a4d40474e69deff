"""Verified report figures: declared trade values count only up to a cap until a triage officer
verifies them, so one company's inflated declarations cannot crowd the agenda."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from barriers import selectors, services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST
from barriers.domain.errors import DomainError
from barriers.domain.report_rules import ReportInvalid
from barriers.exports import RENDERERS
from barriers.exports.data import agenda_data
from barriers.models import AgendaItem, AgendaSection, Barrier, Meeting, Message, Report, User
from tests import factories
from tests.export_helpers import text_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
HUGE = Decimal("999999999")


def accepted(
    official: User,
    *,
    value: str | Decimal,
    company: factories.models.Company | None = None,
    barrier: Barrier | None = None,
    title: str = "Plant listing pending with Rosselkhoznadzor",
) -> Report:
    """A report filed through the services (so it meets the filing rules) and accepted."""
    report = factories.report_file(
        company=company,
        title=title,
        trade_value_usd=Decimal(value),
        regulator=factories.RegulatorFactory(),
        applied_on=TODAY - dt.timedelta(days=200),
    )
    services.report_start_review(report=report, actor=official)
    services.report_accept(report=report, actor=official, barrier=barrier)
    report.refresh_from_db()
    return report


def meeting(capacity: int = 20) -> Meeting:
    return services.meeting_create(
        actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=30), capacity=capacity
    )


def role_user(role: str) -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def step_url(report: Report) -> str:
    return reverse("admin:barriers_report_step", args=[report.pk, "verify_figures"])


# ---------------------------------------------------------------------------------------------
# The agenda
# ---------------------------------------------------------------------------------------------


def test_one_companys_huge_declared_values_do_not_crowd_the_agenda(official) -> None:
    crowder = factories.CompanyFactory(name="Inflated Exports Pvt Ltd")
    inflated = [
        accepted(official, value=HUGE, company=crowder, title=f"Inflated barrier number {i}")
        for i in range(11)
    ]
    officer = factories.triage_officer()
    others = []
    for i in range(15):
        report = accepted(official, value="300000", title=f"Checked barrier number {i}")
        factories.report_verify(report, actor=officer)
        others.append(report)
    m = meeting(capacity=20)

    services.agenda_draft(meeting=m, actor=official)

    agenda = set(
        AgendaItem.objects.filter(meeting=m, section=AgendaSection.AGENDA).values_list(
            "barrier_id", flat=True
        )
    )
    assert {r.barrier_id for r in others} <= agenda
    assert len(agenda & {r.barrier_id for r in inflated}) == 5  # only the slots left over
    item = AgendaItem.objects.get(meeting=m, barrier_id=inflated[0].barrier_id)
    part = item.score_breakdown["trade_value"]
    assert part["value"] == "100000.00"  # counted up to the cap, not 999,999,999
    assert part["declared_value"] == "999999999.00"
    assert (part["verified_reports"], part["unverified_reports"]) == ("0", "1")
    assert "(declared, capped)" in item.reason


def test_verifying_the_figures_makes_the_verified_value_count(official) -> None:
    small = accepted(official, value="5000000", title="Declared five million barrier")
    rival = accepted(official, value="400000", title="Verified rival barrier")
    factories.report_verify(rival)
    m = meeting(capacity=1)

    draft = services.agenda_draft(meeting=m, actor=official)
    assert [p.candidate.barrier_id for p in draft.agenda] == [rival.barrier_id]
    assert draft.reserve[0].breakdown["trade_value"]["value"] == "100000.00"

    officer = factories.triage_officer()
    services.report_verify_figures(
        report=small, actor=officer, trade_value_usd="5,000,000", consignments_affected="12"
    )
    draft = services.agenda_draft(meeting=m, actor=official)

    assert [p.candidate.barrier_id for p in draft.agenda] == [small.barrier_id]
    item = AgendaItem.objects.get(meeting=m, barrier_id=small.barrier_id)
    part = item.score_breakdown["trade_value"]
    assert part["value"] == part["verified_value"] == "5000000.00"
    assert (part["verified_reports"], part["unverified_reports"]) == ("1", "0")
    assert "1 of 1 reports verified" in part["verified"]
    assert "USD 5,000,000 at stake (verified)" in item.reason

    # A verified figure below the declared one counts as verified, not as declared.
    services.report_verify_figures(
        report=small, actor=officer, trade_value_usd="20000", consignments_affected="1"
    )
    candidate = next(
        c
        for c in selectors.agenda_candidates(meeting=m, today=TODAY)
        if c.barrier_id == small.barrier_id
    )
    assert candidate.trade_value_usd == Decimal("20000.00")


def test_partly_verified_barrier_counts_verified_in_full_and_declared_up_to_the_cap(
    official, settings
) -> None:
    settings.DECLARED_TRADE_VALUE_CAP_USD = 50_000
    first = accepted(official, value="900000")
    accepted(official, value="700000", barrier=first.barrier)
    accepted(official, value="10000", barrier=first.barrier)
    factories.report_verify(first, trade_value_usd="800000", consignments_affected="4")

    (candidate,) = selectors.agenda_candidates(meeting=meeting(), today=TODAY)

    assert candidate.trade_value_usd == Decimal("800000") + Decimal("50000") + Decimal("10000")
    assert candidate.trade_value_verified_usd == Decimal("800000")
    assert candidate.trade_value_declared_usd == Decimal("710000")
    assert (candidate.verified_reports, candidate.unverified_reports) == (1, 2)


def test_candidates_stay_a_fixed_number_of_queries(official, django_assert_num_queries) -> None:
    officer = factories.triage_officer()
    for i in range(4):
        report = accepted(official, value=str(10_000 * (i + 1)))
        if i % 2:
            factories.report_verify(report, actor=officer)
    m = meeting()

    with django_assert_num_queries(3):
        candidates = selectors.agenda_candidates(meeting=m, today=TODAY)
    assert len(candidates) == 4


def test_routing_rules_say_how_sure_the_trade_value_is() -> None:
    from barriers.domain import routing

    base = dict(
        barrier_id=1,
        reference="BAR-2026-0001",
        created_at=timezone.now(),
        track="veterinary",
        companies=1,
        days_overdue=0,
        perishable=False,
        manual_priority=0,
    )
    plain = routing.Candidate(trade_value_usd=Decimal("5000"), **base)
    partly = routing.Candidate(
        trade_value_usd=Decimal("150000"),
        trade_value_verified_usd=Decimal("50000"),
        trade_value_declared_usd=Decimal("900000"),
        verified_reports=1,
        unverified_reports=1,
        declared_cap_usd=Decimal("100000"),
        **base,
    )
    weights = routing.Weights()

    score, breakdown = routing.score(plain, weights)
    assert {"value", "points", "weight", "score"} <= set(breakdown["trade_value"])
    assert routing.reason_text(routing.Ranked(plain, score, breakdown)).startswith(
        f"Score {score}: USD 5,000 at stake, "
    )
    score, breakdown = routing.score(partly, weights)
    part = breakdown["trade_value"]
    assert part["verified"] == (
        "1 of 2 reports verified (USD 50,000.00); declared, not verified: USD 900,000.00, "
        "counted up to USD 100,000 a report as USD 100,000.00"
    )
    assert (part["verified_value"], part["declared_value"]) == ("50000.00", "900000.00")
    assert part["declared_counted_value"] == "100000.00"
    reason = routing.reason_text(routing.Ranked(partly, score, breakdown))
    assert "USD 150,000 at stake (partly verified; declared, capped)" in reason


# ---------------------------------------------------------------------------------------------
# Where the breakdown is shown
# ---------------------------------------------------------------------------------------------


def test_admin_agenda_and_documents_say_which_figures_are_verified(official, admin_user) -> None:
    verified = accepted(official, value="250000", title="Verified listing barrier")
    factories.report_verify(verified)
    accepted(official, value="3000000", barrier=verified.barrier)
    declared = accepted(official, value=HUGE, title="Declared only barrier")
    m = meeting()
    services.agenda_draft(meeting=m, actor=official)

    page = client_for(admin_user).get(reverse("admin:barriers_meeting_change", args=[m.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 of 2 reports verified (USD 250,000.00)" in html
    assert "declared, not verified: USD 3,000,000.00, counted up to USD 100,000" in html
    assert "0 of 1 reports verified" in html and "(declared, capped)" in html

    data = agenda_data(meeting=m)
    document = text_of("docx", RENDERERS["docx"].render(data))
    assert "[partly verified]" in document and "[declared, capped]" in document
    sheet = text_of("csv", RENDERERS["csv"].render(data))
    assert "Trade value figures" in sheet
    assert "partly verified / частично проверено" in sheet
    entries = {e.reference: e for track in data.tracks for e in track.entries}
    part = entries[declared.barrier.reference].score_breakdown[0]
    assert (part.name, part.figures) == ("trade_value", "figures_declared")


def test_report_page_shows_declared_and_verified_figures(admin_user, official) -> None:
    report = accepted(official, value="2500000")
    client = client_for(admin_user)
    url = reverse("admin:barriers_report_change", args=[report.pk])

    html = client.get(url).content.decode()
    assert "not verified" in html and "The agenda score counts $100,000" in html
    assert step_url(report) in html

    factories.report_verify(report, trade_value_usd="1200000", consignments_affected="2")
    html = client.get(url).content.decode()
    assert "Verified: $1,200,000, 2 consignments (declared: $2,500,000" in html
    changelist = reverse("admin:barriers_report_changelist")
    assert report.reference in client.get(changelist, {"figures_verified": "yes"}).content.decode()
    assert (
        report.reference not in client.get(changelist, {"figures_verified": "no"}).content.decode()
    )
    barrier_page = client.get(reverse("admin:barriers_barrier_change", args=[report.barrier_id]))
    assert "1 of 1 report, $1,200,000" in barrier_page.content.decode()
    assert '3 <span class="quiet">declared; 2 verified or within the cap' in (
        barrier_page.content.decode()
    )


# ---------------------------------------------------------------------------------------------
# Who may verify, and what
# ---------------------------------------------------------------------------------------------


def test_triage_officer_verifies_through_the_admin_form(official) -> None:
    report = accepted(official, value="2500000")
    officer = factories.triage_officer()
    client = client_for(officer)

    form = client.get(step_url(report))
    assert form.status_code == 200
    assert 'value="2500000.00"' in form.content.decode()  # the declared figure to start from
    response = client.post(
        step_url(report),
        {"trade_value_usd": "1,800,000", "consignments_affected": "7", "note": "Invoices seen."},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.verified_trade_value_usd == Decimal("1800000.00")
    assert report.verified_consignments_affected == 7
    assert report.figures_verified_by == officer and report.figures_verified_at is not None
    assert report.trade_value_usd == Decimal("2500000.00")  # the exporter's figure is kept
    note = Message.objects.get(report=report, visibility="internal")
    assert "USD 1,800,000.00" in note.body and "Invoices seen." in note.body
    assert report.history.first().history_change_reason.startswith("Figures verified")


@pytest.mark.parametrize("role", [None, AGENDA_SECRETARY, ANALYST])
def test_officials_without_the_permission_are_refused(official, role) -> None:
    report = accepted(official, value="2500000")
    user = role_user(role) if role else official
    client = client_for(user)

    assert client.get(step_url(report)).status_code == 403
    response = client.post(step_url(report), {"trade_value_usd": "1", "consignments_affected": "1"})
    assert response.status_code == 403
    page = client.get(reverse("admin:barriers_report_change", args=[report.pk]))
    assert step_url(report) not in page.content.decode()
    with pytest.raises(DomainError, match="Only a triage officer"):
        services.report_verify_figures(
            report=report, actor=user, trade_value_usd="1", consignments_affected="1"
        )
    report.refresh_from_db()
    assert report.figures_verified_at is None


def test_exporter_cannot_verify_their_own_figures(official) -> None:
    report = accepted(official, value="2500000")
    exporter = report.filed_by

    with pytest.raises(DomainError):
        services.report_verify_figures(
            report=report, actor=exporter, trade_value_usd="2500000", consignments_affected="3"
        )
    response = client_for(exporter).get(step_url(report))
    assert response.status_code == 302 and "/login/" in response["Location"]
    report.refresh_from_db()
    assert report.figures_verified_at is None


def test_bad_values_are_refused_with_a_field_error_and_nothing_is_saved(official) -> None:
    report = accepted(official, value="2500000")
    officer = factories.triage_officer()

    response = client_for(officer).post(
        step_url(report), {"trade_value_usd": "-5", "consignments_affected": "2.5"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The trade value cannot be negative." in html
    assert "Give the number of consignments as a whole number, such as 3." in html
    response = client_for(officer).post(
        step_url(report), {"trade_value_usd": "", "consignments_affected": "1"}
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()

    with pytest.raises(ReportInvalid) as refused:
        services.report_verify_figures(
            report=report, actor=officer, trade_value_usd="lots", consignments_affected="200001"
        )
    assert {e.field for e in refused.value.errors} == {"trade_value_usd", "consignments_affected"}
    report.refresh_from_db()
    assert report.figures_verified_at is None and report.verified_trade_value_usd is None
    assert not Message.objects.filter(report=report).exists()


def test_withdrawn_and_rejected_reports_are_not_verified(official) -> None:
    officer = factories.triage_officer()
    withdrawn = factories.report_file()
    services.report_withdraw(report=withdrawn, actor=withdrawn.filed_by)
    rejected = services.report_start_review(report=factories.report_file(), actor=official)
    services.report_reject(report=rejected, actor=official, reason="not_a_barrier")
    waiting = factories.report_file()

    for report in (withdrawn, rejected):
        with pytest.raises(DomainError, match="not verified"):
            factories.report_verify(report, actor=officer)
    factories.report_verify(waiting, actor=officer)  # under triage: may be verified already
    assert Report.objects.get(pk=waiting.pk).figures_verified_at is not None


def test_triage_officer_group_has_the_permission() -> None:
    from barriers.accounts.roles import TRIAGE_OFFICER

    def codenames(role: str) -> set[str]:
        return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    assert "verify_report_figures" in codenames(TRIAGE_OFFICER)
    assert "verify_report_figures" not in codenames(AGENDA_SECRETARY) | codenames(ANALYST)


@pytest.mark.postgres
def test_database_keeps_verified_figures_complete_and_not_negative() -> None:
    report = factories.report_file()
    now = timezone.now()
    refused = [
        {"verified_trade_value_usd": Decimal("-1"), "verified_consignments_affected": 1},
        {"verified_trade_value_usd": Decimal("10"), "verified_consignments_affected": None},
        {"verified_trade_value_usd": None, "verified_consignments_affected": None},
    ]
    for values in refused:
        with pytest.raises(IntegrityError), transaction.atomic():
            Report.objects.filter(pk=report.pk).update(figures_verified_at=now, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(verified_trade_value_usd=Decimal("10"))
    Report.objects.filter(pk=report.pk).update(
        figures_verified_at=now,
        verified_trade_value_usd=Decimal("10"),
        verified_consignments_affected=0,
    )
    assert Report.objects.get(pk=report.pk).figures_verified_at == now
