"""The demo data command: accounts, spread of statuses, history rows, idempotence.

The command runs once for the module (a module-scoped fixture in a transaction rolled back at
the end); its refusal with DEBUG off and the data files it reads are in test_demo_cases.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import Client, override_settings

from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST, TRIAGE_OFFICER
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    Barrier,
    BarrierKind,
    BarrierStatus,
    Company,
    CompanyKind,
    Country,
    Meeting,
    MeetingStatus,
    Report,
    ReportStatus,
    StatusChange,
    User,
)
from devtools.management.commands.seed_demo import ANCHOR, DEFAULT_PASSWORD
from tests.conftest import migration_data_restore

pytestmark = pytest.mark.django_db

ACCOUNTS = [
    "exporter.marine@demo.example",
    "exporter.agri@demo.example",
    "council@demo.example",
    "triage@demo.example",
    "secretary@demo.example",
    "analyst@demo.example",
    "admin@demo.example",
    "fsvps.focal@demo.example",
    "eec.focal@demo.example",
]


@pytest.fixture(scope="module")
def seeded(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StringIO]:
    """The demo data, seeded once for the module; everything is rolled back after the module.

    Each test runs in a savepoint inside the seeding transaction (pytest-django's `db`), so
    what a test changes is undone before the next one. The settings the command needs hold
    for the whole module: DEBUG on (pytest-django turns it off; the command refuses to run
    without it), evidence files out of the working tree, the tests' fast password hasher.
    """
    overrides = override_settings(
        DEBUG=True,
        MEDIA_ROOT=tmp_path_factory.mktemp("seed-demo-media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with overrides, pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("DEMO_PASSWORD", raising=False)
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
        try:
            with django_db_blocker.unblock():
                migration_data_restore()  # if a transactional test flushed the tables
                out = StringIO()
                call_command("seed_demo", stdout=out)
            yield out
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Company, User, Report, Barrier, Meeting, AgendaItem, ActionPoint)
    } | {"StatusChange": StatusChange.objects.count()}


def test_demo_accounts_exist_and_accept_the_default_password(seeded: StringIO) -> None:
    for email in ACCOUNTS:
        user = User.objects.get(email=email)
        assert user.full_name
        assert user.check_password(DEFAULT_PASSWORD), email
    assert User.objects.get(email="admin@demo.example").is_superuser
    for email, group in [
        ("triage@demo.example", TRIAGE_OFFICER),
        ("secretary@demo.example", AGENDA_SECRETARY),
        ("analyst@demo.example", ANALYST),
    ]:
        user = User.objects.get(email=email)
        assert user.is_staff
        assert user.groups.filter(name=group).exists()
    assert DEFAULT_PASSWORD in seeded.getvalue()


def test_exporters_belong_to_different_companies_of_a_council(seeded: StringIO) -> None:
    marine = User.objects.get(email="exporter.marine@demo.example").company
    agri = User.objects.get(email="exporter.agri@demo.example").company
    council = User.objects.get(email="council@demo.example").company
    assert marine is not None and agri is not None and marine != agri
    assert council.kind == CompanyKind.ASSOCIATION
    assert {marine, agri} <= set(council.members.all())
    assert Company.objects.filter(verified=True).exists()
    assert Company.objects.filter(verified=False).exists()


def test_reports_cover_every_status_kind_and_country(seeded: StringIO) -> None:
    assert 55 <= Report.objects.count() <= 65
    assert set(Report.objects.values_list("status", flat=True)) == set(ReportStatus.values)
    assert set(Report.objects.values_list("barrier_kind", flat=True)) == set(
        BarrierKind.objects.values_list("pk", flat=True)
    )
    assert set(Report.objects.values_list("destination_country", flat=True)) == set(
        Country.objects.values_list("pk", flat=True)
    )
    assert Report.objects.filter(consent_to_share=True).exists()
    assert Report.objects.filter(consent_to_share=False).exists()
    assert not Report.objects.filter(applied_on__gte=dt.date(2026, 11, 1)).exists()


def test_barriers_gather_reports_and_spread_over_statuses(seeded: StringIO) -> None:
    assert 15 <= Barrier.objects.count() <= 20
    expected = {
        BarrierStatus.OPEN,
        BarrierStatus.SCHEDULED,
        BarrierStatus.RAISED,
        BarrierStatus.ACTION_AGREED,
        BarrierStatus.RESOLVED,
        BarrierStatus.PARTIALLY_RESOLVED,
    }
    assert expected <= set(Barrier.objects.values_list("status", flat=True))
    assert not Barrier.objects.annotate(n=Count("reports")).filter(n=0).exists()
    shared = Barrier.objects.annotate(companies=Count("reports__company", distinct=True)).filter(
        companies__gte=2
    )
    assert shared.exists()
    assert Barrier.objects.exclude(title_ru="").exclude(ask="").exists()


def test_one_closed_meeting_with_outcomes_and_one_drafted_ahead(seeded: StringIO) -> None:
    closed = Meeting.objects.get(status=MeetingStatus.CLOSED)
    planned = Meeting.objects.get(status=MeetingStatus.AGENDA_DRAFT)
    assert closed.date < ANCHOR < planned.date
    assert planned.cutoff_on == planned.date - dt.timedelta(days=20)
    assert planned.circulate_on == planned.date - dt.timedelta(days=15)
    outcomes = closed.agenda_items.exclude(outcome="")
    assert outcomes.exists()
    assert not outcomes.filter(statement_india="").exists()
    assert not outcomes.filter(statement_eaeu="").exists()
    assert [c.to_status for c in closed.status_changes.order_by("created_at", "pk")] == [
        MeetingStatus.AGENDA_DRAFT,
        MeetingStatus.AGENDA_FROZEN,
        MeetingStatus.HELD,
        MeetingStatus.CLOSED,
    ]
    points = ActionPoint.objects.filter(meeting=closed)
    assert points.filter(status=ActionPointStatus.DONE, completed_on__isnull=False).exists()
    assert points.filter(status=ActionPointStatus.OPEN, due_on__gte=ANCHOR).exists()
    assert points.filter(status=ActionPointStatus.OPEN, due_on__lt=ANCHOR).count() == 1


def test_every_report_has_one_history_row_per_status_it_passed_through(
    seeded: StringIO,
) -> None:
    for report in Report.objects.prefetch_related("status_changes"):
        changes = sorted(report.status_changes.all(), key=lambda c: (c.created_at, c.pk))
        assert changes, report.reference
        assert (changes[0].from_status, changes[0].to_status) == ("", ReportStatus.SUBMITTED)
        for before, after in itertools.pairwise(changes):
            assert after.from_status == before.to_status, report.reference
        assert changes[-1].to_status == report.status, report.reference


def test_second_run_changes_nothing(seeded: StringIO) -> None:
    before = counts()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo data already present" in out.getvalue()
    assert counts() == before


def test_demo_exporter_signs_in_to_the_portal_and_official_to_the_admin(
    seeded: StringIO, client: Client
) -> None:
    response = client.post(
        "/accounts/login/",
        {"login": "exporter.marine@demo.example", "password": "demo-pass-2026"},
    )
    assert response.status_code == 302 and response.url == "/reports/"
    assert "REP-2026-" in client.get("/reports/").content.decode()

    official = Client()
    response = official.post(
        "/admin/login/?next=/admin/",
        {"username": "triage@demo.example", "password": "demo-pass-2026"},
    )
    assert response.status_code == 302
    assert official.get("/admin/barriers/report/").status_code == 200


def test_demo_agenda_scores_have_the_routing_breakdown_and_read_through_the_api(
    seeded: StringIO,
) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(User.objects.get(email="secretary@demo.example"))
    response = client.get("/api/v1/meetings/2026-Q2/agenda/")
    assert response.status_code == 200
    item = response.json()["agenda"][0]
    trade_value = item["score_breakdown"]["trade_value"]
    assert {"value", "points", "weight", "score"} <= set(trade_value)
    # Which figures are verified: the demo has both verified and declared (capped) figures.
    assert {"verified", "verified_value", "declared_value", "verified_reports"} <= set(trade_value)
    agenda = response.json()["agenda"] + response.json()["reserve"]
    parts = [i["score_breakdown"]["trade_value"] for i in agenda]
    assert any(int(p["verified_reports"]) for p in parts)
    assert any(int(p["unverified_reports"]) for p in parts)


def test_demo_officials_and_exporters_got_their_access_on_the_record(seeded: StringIO) -> None:
    from barriers.models import AuditAction, AuditEvent

    def changes(email: str) -> dict[str, str]:
        return dict(
            AuditEvent.objects.filter(
                action=AuditAction.ACCESS_CHANGED, subject__email=email
            ).values_list("field", "new_value")
        )

    assert changes("triage@demo.example") == {
        "account": "created",
        "is_staff": "yes",
        "groups": TRIAGE_OFFICER,
    }
    assert changes("admin@demo.example") == {
        "account": "created",
        "is_staff": "yes",
        "is_superuser": "yes",
    }
    marine = User.objects.get(email="exporter.marine@demo.example")
    assert changes(marine.email) == {"account": "created", "company": str(marine.company)}
    # Every action point of the demo has its status history.
    for point in ActionPoint.objects.all():
        rows = point.status_changes.order_by("pk")
        assert rows.exists() and rows.last().to_status == point.status


# -- the EAEU side --------------------------------------------------------------------------------


def test_demo_focal_points_of_rosselkhoznadzor_and_the_eec_sign_in_with_a_second_factor(
    seeded: StringIO, client: Client
) -> None:
    from barriers.accounts import mfa

    people = {
        user.email: user
        for user in User.objects.filter(regulator__isnull=False).select_related("regulator")
    }
    assert {email: user.regulator_id for email, user in people.items()} == {
        "fsvps.focal@demo.example": "ru-fsvps",
        "eec.focal@demo.example": "eec",
    }
    person = people["fsvps.focal@demo.example"]
    assert person.is_active and not person.is_staff and person.company_id is None
    assert mfa.needs_second_factor(person)
    # The password signs them in; without DEMO_TOTP_SECRET they set up their app first.
    response = client.post(
        "/accounts/login/", {"login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/reports/")["Location"].startswith("/accounts/2fa/")


def test_demo_barriers_shared_with_the_eaeu_side_have_russian_exchanges_and_one_overdue(
    seeded: StringIO,
) -> None:
    from barriers.models import (
        BarrierShare,
        Deadline,
        DeadlineStage,
        Exchange,
        ExchangeKind,
        Party,
    )

    shares = {
        share.barrier.title: share
        for share in BarrierShare.objects.select_related("barrier", "regulator")
    }
    assert {share.regulator_id for share in shares.values()} == {"ru-fsvps", "eec"}
    for share in shares.values():
        assert share.is_active and share.title_ru and share.summary_ru and share.ask_ru
        barrier = share.barrier
        # The agenda's Russian column has what it needs for these barriers.
        assert barrier.title_ru and barrier.summary_ru and barrier.ask_ru, barrier.reference
    exchanges = list(Exchange.objects.select_related("legal_basis", "regulator"))
    kinds = {exchange.kind for exchange in exchanges}
    assert {
        ExchangeKind.ACKNOWLEDGEMENT,
        ExchangeKind.PROPOSAL,
        ExchangeKind.POSITION,
        ExchangeKind.CLARIFICATION,
        ExchangeKind.REPLY,
    } <= kinds
    for exchange in exchanges:
        if exchange.party == Party.EAEU:
            assert exchange.body_ru and any("а" <= c <= "я" for c in exchange.body_ru.lower())
    proposal = next(e for e in exchanges if e.kind == ExchangeKind.PROPOSAL)
    assert (
        proposal.legal_basis is not None and proposal.legal_basis.code == "eec-council-decision-94"
    )
    assert "совместн" in proposal.body_ru and proposal.target_date > ANCHOR
    position = next(e for e in exchanges if e.kind == ExchangeKind.POSITION)
    assert position.legal_basis is not None and position.legal_basis.number == "TR EAEU 040/2016"
    assert Exchange.objects.filter(documents__isnull=False, party=Party.INDIA).exists()
    assert all(e.created_at.date() < ANCHOR for e in exchanges)

    # One answer overdue on the demo's day: an acknowledgement never given.
    overdue = Deadline.objects.filter(met_at__isnull=True, due_on__lt=ANCHOR)
    assert overdue.count() == 1
    late = overdue.get()
    assert (late.stage, late.party, late.calendar) == (DeadlineStage.ACKNOWLEDGE, Party.EAEU, "RU")
    assert late.opened_on < late.due_on < ANCHOR
    assert not Exchange.objects.filter(barrier=late.barrier).exists()


def test_the_upcoming_meetings_drafted_agenda_has_the_shared_barriers(seeded: StringIO) -> None:
    from barriers.models import AgendaSection, BarrierShare, Exchange

    upcoming = Meeting.objects.get(date__gt=ANCHOR)
    on_agenda = set(
        upcoming.agenda_items.filter(section=AgendaSection.AGENDA).values_list(
            "barrier_id", flat=True
        )
    )
    shared = set(BarrierShare.objects.values_list("barrier_id", flat=True))
    answered = set(Exchange.objects.values_list("barrier_id", flat=True))
    assert answered < shared <= on_agenda


def test_the_demo_register_has_published_barriers_with_their_public_text(
    seeded: StringIO,
) -> None:
    from django.core.cache import cache
    from django.utils.html import escape

    from devtools.demo.cases import PUBLISHED

    cache.clear()
    published = Barrier.objects.filter(published_at__isnull=False)
    assert published.count() == len(PUBLISHED) >= 5
    html = Client().get("/public/").content.decode()
    for public in PUBLISHED:
        assert public.public_title in html
    assert "BAR-" in html
    stats = Client().get("/public/statistics/").content.decode()
    assert f"Over the {len(PUBLISHED)} published barriers." in stats
    # The company whose every report on it consented is named where the official chose to.
    named = next(public for public in PUBLISHED if public.show_companies)
    barrier = published.get(public_title=named.public_title)
    consents: dict[str, bool] = {}
    for report in barrier.reports.filter(status=ReportStatus.ACCEPTED).select_related("company"):
        name = report.company.name
        consents[name] = consents.get(name, True) and report.consent_to_publish
    page = Client().get(f"/public/barriers/{barrier.reference}/").content.decode()
    assert any(consents.values())
    for name, consented in consents.items():
        assert (escape(name) in page) is consented
