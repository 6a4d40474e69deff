"""The demo's data files and their loader (devtools/demo/cases.py), and seed_demo's refusal to
run with DEBUG off.

These tests need a database without the demo data, so they are not beside the tests in
test_seed_demo.py, which seed it once for the whole module.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django.fixtures import Settings

from barriers.models import RejectionReason, User
from devtools.demo import cases
from devtools.demo.cases import DemoDataError
from devtools.demo.seeds import ReportSeed

pytestmark = pytest.mark.django_db


def test_refuses_to_run_with_debug_off(settings: Settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(email__endswith="@demo.example").exists()


# -- the data files the demo is built from ------------------------------------------------------


def reference() -> dict[str, set[str]]:
    rows = json.loads(
        (Path(__file__).resolve().parents[2] / "fixtures" / "reference.json").read_text()
    )
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
