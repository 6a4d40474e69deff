"""The demo data command: accounts, spread of statuses, history rows, idempotence, refusal."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.test import Client
from pytest_django.fixtures import Settings

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
    RejectionReason,
    Report,
    ReportStatus,
    StatusChange,
    User,
)
from devtools.demo import cases
from devtools.demo.cases import DemoDataError
from devtools.demo.seeds import ReportSeed
from devtools.management.commands.seed_demo import ANCHOR, DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

ACCOUNTS = [
    "exporter.marine@demo.example",
    "exporter.agri@demo.example",
    "council@demo.example",
    "triage@demo.example",
    "secretary@demo.example",
    "analyst@demo.example",
    "admin@demo.example",
]


@pytest.fixture
def seeded(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StringIO:
    settings.DEBUG = True  # pytest-django turns DEBUG off; the command needs it on
    settings.MEDIA_ROOT = tmp_path  # evidence files stay out of the working tree
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out


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


def test_one_closed_meeting_with_outcomes_and_one_planned_ahead(seeded: StringIO) -> None:
    closed = Meeting.objects.get(status=MeetingStatus.CLOSED)
    planned = Meeting.objects.get(status=MeetingStatus.PLANNED)
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


def test_refuses_to_run_with_debug_off(settings: Settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(email__endswith="@demo.example").exists()


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


# -- the data files the demo is built from ------------------------------------------------------


def reference() -> dict[str, set[str]]:
    rows = json.loads((Path(__file__).parent.parent / "fixtures" / "reference.json").read_text())
    keys: dict[str, set[str]] = {}
    for row in rows:
        keys.setdefault(row["model"].removeprefix("barriers."), set()).add(row["pk"])
    return keys


def test_demo_data_files_name_only_reference_data_and_cases_that_exist() -> None:
    ref = reference()
    slugs = {company.slug for company in cases.COMPANIES}
    assert "council" in slugs  # the builder files council reports through it
    reports = {report.key for report in cases.REPORTS}
    assert len(reports) == len(cases.REPORTS), "report keys repeat"
    assert len(slugs) == len(cases.COMPANIES), "company slugs repeat"
    opened = [barrier.key for barrier in cases.BARRIERS]
    assert len(set(opened)) == len(opened), "barrier keys repeat"
    accepted = {report.barrier for report in cases.REPORTS if "accept" in report.flow}
    barriers = set(opened) | accepted

    for barrier in cases.BARRIERS:
        assert barrier.kind in ref["barrierkind"], barrier.key
        assert barrier.regulator in ref["regulator"], barrier.key
        assert barrier.country in ref["country"], barrier.key
        assert set(barrier.hs) <= ref["hscode"], barrier.key
    for report in cases.REPORTS:
        assert report.company in slugs, report.key
        assert report.kind in ref["barrierkind"], report.key
        assert report.regulator in ref["regulator"] | {""}, report.key
        assert report.country in ref["country"], report.key
        assert report.hs and set(report.hs) <= ref["hscode"], report.key
        assert ("accept" in report.flow) == bool(report.barrier), report.key
    for seed in (*cases.AGENDA, *cases.ACTIONS, *cases.BARRIER_NOTES):
        assert seed.barrier in barriers, seed
    for action in cases.ACTIONS:
        assert action.regulator in ref["regulator"] | {""}, action
    assert set(cases.PARTICIPANTS.eaeu) <= ref["regulator"]
    assert cases.ADMIN_EMAIL == "admin@demo.example"


def parse(text: str) -> tuple[ReportSeed, ...]:
    return cases.rows(tomllib.loads(text), "report", ReportSeed, Path("reports.toml"))


REPORT = """
[[report]]
key = "k"
company = "agri"
title = "t"
description = "d"
kind = "other"
country = "RU"
regulator = ""
hs = ["080610"]
applied_on = 2026-04-02
value = 55_000
"""


def test_demo_data_loader_reads_a_table_into_its_seed() -> None:
    (report,) = parse(REPORT + 'flow = ["review", "reject"]\nreason = "duplicate"\n')
    assert report.hs == ("080610",) and report.flow == ("review", "reject")
    assert report.applied_on == dt.date(2026, 4, 2) and report.value == 55_000
    assert report.reason is RejectionReason.DUPLICATE
    assert report.decided_on is None and report.consignments == 0


def report_with(key: str, line: str) -> str:
    """REPORT with `key` set by `line` (added, or in place of the key's line)."""
    kept = [row for row in REPORT.splitlines() if not row.startswith(f"{key} = ")]
    return "\n".join([*kept, line, ""])


@pytest.mark.parametrize(
    ("key", "line", "message"),
    [
        (
            "colour",
            'colour = "red"',
            r"reports.toml, \[\[report\]\] no. 1 \(k\): unknown key\(s\) colour",
        ),
        ("", "value = 1", "reports.toml: not valid TOML"),  # the key twice
        ("value", 'value = "55000"', "value: expected int, got '55000'"),
        ("value", "value = true", "value: expected int, got True"),
        ("hs", 'hs = "080610"', "hs: expected a list, got '080610'"),
        ("flow", 'flow = ["review", "aprove"]', "flow: 'aprove' is not one of review, ask"),
        ("reason", 'reason = "rude"', "reason: 'rude' is not one of not_a_barrier"),
        ("decided_on", 'decided_on = "2026-04-03"', "decided_on: expected date, got '2026-04-03'"),
        (
            "decided_on",
            "decided_on = 2026-04-03T10:00:00",
            "decided_on: expected date, got datetime",
        ),
        ("via_council", "via_council = 1", "via_council: expected bool, got 1"),
    ],
)
def test_demo_data_loader_rejects_a_malformed_table_saying_where(
    key: str, line: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "reports.toml"
    path.write_text(report_with(key, line))
    with pytest.raises(DemoDataError, match=message):
        cases.rows(cases.read(path), "report", ReportSeed, path)


def test_demo_data_loader_names_missing_keys_and_tables() -> None:
    text = "\n".join(line for line in REPORT.splitlines() if not line.startswith("title"))
    with pytest.raises(DemoDataError, match=r"no. 1 \(k\): missing key\(s\) title"):
        parse(text)
    with pytest.raises(DemoDataError, match=r"reports.toml: no \[\[report\]\] tables"):
        parse('[[reports]]\nkey = "k"\n')
