"""Every door of a report gives the same answer: one rule per field (barriers/domain/report_rules).

Each bad value goes through the portal's filing form, the API, the spreadsheet import (the
admin's and `manage.py import_reports`) and the service itself; each must refuse it for the
same field with the same reason, and save nothing. Values exactly at a limit are accepted by
every door.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import TRIAGE_OFFICER
from barriers.domain import report_rules as rules
from barriers.models import Company, CompanyKind, HSCode, Report, User
from tests import factories
from tests.api_factories import client_for as api_client_for
from tests.portal_helpers import client_for, exporter, fresh_cache  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

TODAY = timezone.localdate()
APPLIED = (TODAY - dt.timedelta(days=120)).isoformat()
# 21 known codes: one more than a report may name.
KNOWN_CODES = [f"{30100 + n:06d}" for n in range(rules.HS_CODES_MAX + 1)]

# A valid report, field by field, in the neutral form each door's values are made from:
# text as text, HS codes as a list, consignments as a number, amounts and dates as text.
VALID: dict[str, Any] = {
    "title": "Listing of our shrimp plant pending with Rosselkhoznadzor",
    "description": "We applied for listing of plant 1234 in the EAEU register in March.",
    "barrier_kind": "establishment_listing",
    "destination_country": "RU",
    "regulator": "ru-fsvps",
    "hs_codes": ["030617"],
    "application_number": "FS-2026-0042",
    "applied_on": APPLIED,
    "decision_received_on": None,
    "consignments_affected": 4,
    "trade_value_usd": "250000",
    "consent_to_share": False,
    "consent_to_publish": False,
}


@dataclass
class World:
    exporter: User
    company: Company
    association: Company
    council_staff: User
    officer: User
    tmp: Path
    files: list[int] = field(default_factory=list)


@pytest.fixture
def world(tmp_path: Path) -> World:
    factories.BarrierKindFactory()
    factories.CountryFactory()
    factories.CountryFactory(
        code="KZ", name="Kazakhstan", name_ru="Казахстан", alpha3="KAZ", currency="KZT"
    )
    factories.RegulatorFactory()
    factories.HSCodeFactory()
    # Subheadings of the nomenclature (migration 0027) already: kept as they are.
    HSCode.objects.bulk_create(
        [HSCode(code=code, description=f"Fish {code}", sector="marine") for code in KNOWN_CODES],
        ignore_conflicts=True,
    )
    user = exporter()
    association = factories.CompanyFactory(
        name="Seafood Exporters Council", kind=CompanyKind.ASSOCIATION
    )
    association.members.add(user.company)
    staff = factories.ExporterFactory(company=association)
    officer = factories.OfficialFactory()
    officer.groups.add(Group.objects.get(name=TRIAGE_OFFICER))
    return World(user, user.company, association, staff, officer, tmp_path)


# ---------------------------------------------------------------------------------------------
# The doors: each files `values` and answers {field: first reason} (empty when filed)
# ---------------------------------------------------------------------------------------------


def _text(name: str, value: Any) -> str:
    """A value as a person types it in a form or a spreadsheet cell."""
    if value is None:
        return ""
    if name == "hs_codes":
        return ", ".join(value)
    if name in ("consent_to_share", "consent_to_publish"):
        return "yes" if value else "no"
    return str(value)


def portal_door(world: World, values: dict[str, Any]) -> dict[str, str]:
    data = {name: _text(name, value) for name, value in values.items()}
    data["consent_to_share"] = "on" if values["consent_to_share"] else ""
    data["consent_to_publish"] = "on" if values["consent_to_publish"] else ""
    data["action"] = "file"
    response = client_for(world.exporter).post("/reports/new/", data)
    if response.status_code == 302:
        return {}
    assert response.status_code == 200
    found = re.findall(
        r'id="id_([a-z_]+)_error"><li><span class="visually-hidden">Error: </span>(.*?)</li>',
        response.content.decode(),
        re.S,
    )
    assert found, "the form was neither filed nor refused"
    return {name: html.unescape(text) for name, text in found}


def api_door(world: World, values: dict[str, Any]) -> dict[str, str]:
    response = api_client_for(world.exporter).post("/api/v1/reports/", values, format="json")
    if response.status_code == 201:
        return {}
    assert response.status_code == 400, response.data
    return {name: str(reasons[0]) for name, reasons in response.data.items()}


def _csv(world: World, values: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["company_iec", *rules.REPORT_FIELDS])
    writer.writerow(
        [world.company.iec, *(_text(name, values[name]) for name in rules.REPORT_FIELDS)]
    )
    return out.getvalue().encode()


def admin_import_door(world: World, values: dict[str, Any]) -> dict[str, str]:
    """The admin's import: its preview refuses the row, or the confirmed import files it."""
    client = Client()
    client.force_login(world.officer)
    preview = client.post(
        reverse("admin:barriers_report_import"),
        {
            "import_file": SimpleUploadedFile("reports.csv", _csv(world, values)),
            "format": "0",
            "association": world.association.pk,
        },
    )
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors()
    if result.invalid_rows:
        return {name: reasons[0] for name, reasons in result.invalid_rows[0].error_dict.items()}
    confirm = preview.context["confirm_form"]
    done = client.post(
        reverse("admin:barriers_report_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )
    assert done.status_code == 302
    return {}


def command_door(world: World, values: dict[str, Any]) -> dict[str, str]:
    path = world.tmp / f"reports-{len(world.files)}.csv"
    world.files.append(1)
    path.write_bytes(_csv(world, values))
    err = io.StringIO()
    try:
        call_command(
            "import_reports",
            str(path),
            "--filed-by",
            world.council_staff.email,
            "--association",
            world.association.iec,
            stdout=io.StringIO(),
            stderr=err,
        )
    except CommandError:
        lines = re.findall(r"^Line 2: ([a-z_]+): (.*)$", err.getvalue(), re.M)
        assert lines, err.getvalue()
        return {name: reason for name, reason in reversed(lines)}
    return {}


def service_door(world: World, values: dict[str, Any]) -> dict[str, str]:
    typed = dict(values)
    for name in ("applied_on", "decision_received_on"):
        if isinstance(typed[name], str):
            typed[name] = dt.date.fromisoformat(typed[name])
    if isinstance(typed["trade_value_usd"], str):
        typed["trade_value_usd"] = Decimal(typed["trade_value_usd"])
    try:
        services.report_create(actor=world.exporter, company=world.company, **typed)
    except rules.ReportInvalid as refusal:
        return {name: reasons[0] for name, reasons in refusal.by_field().items()}
    return {}


DOORS: dict[str, Callable[[World, dict[str, Any]], dict[str, str]]] = {
    "portal": portal_door,
    "api": api_door,
    "admin import": admin_import_door,
    "import command": command_door,
    "service": service_door,
}


# ---------------------------------------------------------------------------------------------
# Bad values: the same refusal at every door, nothing saved
# ---------------------------------------------------------------------------------------------

BAD = [
    ("title over the limit", {"title": "x" * 201}, "title", "max_length"),
    ("title blank", {"title": "   "}, "title", "required"),
    ("title with a NUL", {"title": "Plant\x00listing"}, "title", "control_characters"),
    ("description too short", {"description": "Too short"}, "description", "min_length"),
    ("description over the limit", {"description": "x" * 10_001}, "description", "max_length"),
    ("too many HS codes", {"hs_codes": KNOWN_CODES}, "hs_codes", "too_many"),
    ("unknown HS code", {"hs_codes": ["030617", "999999"]}, "hs_codes", "unknown"),
    ("malformed HS code", {"hs_codes": ["0306"]}, "hs_codes", "malformed"),
    ("no HS code", {"hs_codes": []}, "hs_codes", "required"),
    ("negative trade value", {"trade_value_usd": "-1"}, "trade_value_usd", "min_value"),
    ("huge trade value", {"trade_value_usd": "10000000000.01"}, "trade_value_usd", "max_value"),
    ("trade value in fractions of a cent", {"trade_value_usd": "12.345"}, "trade_value_usd",
     "decimal_places"),
    ("negative consignments", {"consignments_affected": -1}, "consignments_affected",
     "min_value"),
    ("too many consignments", {"consignments_affected": 100_001}, "consignments_affected",
     "max_value"),
    ("application in the future", {"applied_on": (TODAY + dt.timedelta(days=2)).isoformat()},
     "applied_on", "future"),
    ("application before 2000", {"applied_on": "1999-12-31"}, "applied_on", "too_early"),
    ("decision in the future",
     {"decision_received_on": (TODAY + dt.timedelta(days=2)).isoformat()},
     "decision_received_on", "future"),
    ("decision before the application",
     {"decision_received_on": (TODAY - dt.timedelta(days=200)).isoformat()},
     "decision_received_on", "before_application"),
    ("unknown barrier kind", {"barrier_kind": "bribery"}, "barrier_kind", "unknown"),
    ("unknown country", {"destination_country": "FR"}, "destination_country", "unknown"),
    ("unknown regulator", {"regulator": "nobody"}, "regulator", "unknown"),
    ("regulator of another country", {"destination_country": "KZ"}, "regulator",
     "wrong_country"),
    ("application number over the limit", {"application_number": "9" * 101},
     "application_number", "max_length"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "field_name", "code"),
    [case[1:] for case in BAD],
    ids=[case[0] for case in BAD],
)
def test_every_door_refuses_a_bad_value_alike_and_saves_nothing(
    world: World, overrides: dict[str, Any], field_name: str, code: str
) -> None:
    values = {**VALID, **overrides}
    with pytest.raises(rules.ReportInvalid) as expected:
        rules.clean_report(values)  # the rules themselves, which every door calls
    refusal = expected.value.errors[0]
    assert (refusal.field, refusal.code) == (field_name, code)

    answers = {door: refuse(world, values) for door, refuse in DOORS.items()}

    assert {door: answer.get(field_name) for door, answer in answers.items()} == {
        door: refusal.message for door in DOORS
    }, answers
    assert Report.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# Values exactly at the limits: accepted at every door, stored as given
# ---------------------------------------------------------------------------------------------

AT_THE_LIMITS = {
    "title": "t" * 200,
    "description": "d" * 10_000,
    "hs_codes": KNOWN_CODES[: rules.HS_CODES_MAX],
    "application_number": "9" * 100,
    "applied_on": "2000-01-01",
    "decision_received_on": "2000-01-01",
    "consignments_affected": 100_000,
    "trade_value_usd": "10000000000.00",
    "consent_to_share": True,
    "consent_to_publish": True,
}
AT_THE_FLOOR = {
    "description": "d" * 20,
    "consignments_affected": 0,
    "trade_value_usd": "0",
    "regulator": None,
    "application_number": "",
}


@pytest.mark.parametrize("overrides", [AT_THE_LIMITS, AT_THE_FLOOR], ids=["ceiling", "floor"])
def test_every_door_accepts_values_exactly_at_the_limits(
    world: World, overrides: dict[str, Any]
) -> None:
    values = {**VALID, **overrides}

    for door, refuse in DOORS.items():
        assert refuse(world, values) == {}, door

    reports = list(Report.objects.all())
    # The admin's import files the row when confirmed: one report per door.
    assert len(reports) == len(DOORS)
    for report in reports:
        assert report.title == values["title"]
        assert len(report.description) == len(values["description"])
        assert sorted(code.code for code in report.hs_codes.all()) == sorted(values["hs_codes"])
        assert report.consignments_affected == values["consignments_affected"]
        assert report.trade_value_usd == Decimal(values["trade_value_usd"])
        assert report.applied_on.isoformat() == values["applied_on"]
        assert report.consent_to_share is values["consent_to_share"], report.reference
        assert report.consent_to_publish is values["consent_to_publish"], report.reference


# ---------------------------------------------------------------------------------------------
# The admin: officials set the regulator, by the same rule as filing
# ---------------------------------------------------------------------------------------------


def test_admin_refuses_a_regulator_of_another_country_with_the_filing_reason(
    world: World,
) -> None:
    report = services.report_create(
        actor=world.exporter,
        company=world.company,
        **{**VALID, "destination_country": "KZ", "regulator": None},
    )
    filing = service_door(world, {**VALID, "destination_country": "KZ"})
    client = Client()
    client.force_login(world.officer)
    url = reverse("admin:barriers_report_change", args=[report.pk])
    management = {}
    for inline in client.get(url).context["inline_admin_formsets"]:
        form = inline.formset.management_form
        management.update({form.add_prefix(name): form[name].value() for name in form.fields})

    response = client.post(url, {"owner": "", "regulator": "ru-fsvps", **management})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["regulator"] == [filing["regulator"]]
    report.refresh_from_db()
    assert report.regulator is None


def test_import_refuses_a_malformed_iec_as_a_row_error(world: World) -> None:
    path = world.tmp / "nul.csv"
    rows = _csv(world, VALID).decode().replace(world.company.iec, "AAPFU\x000939F")
    path.write_text(rows)
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 row"):
        call_command(
            "import_reports",
            str(path),
            "--filed-by",
            world.council_staff.email,
            "--association",
            world.association.iec,
            stdout=io.StringIO(),
            stderr=err,
        )

    assert "Line 2: company_iec: No company has the IEC" in err.getvalue()
    assert Report.objects.count() == 0
