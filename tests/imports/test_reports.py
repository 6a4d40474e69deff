"""Bulk import of reports from CSV and XLSX (admin and command).

The admin's CSV and XLSX exports of filtered lists are in tests/admin/test_resources.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from barriers.models import (
    Company,
    CompanyKind,
    OutboundEmail,
    Report,
    ReportStatus,
    StatusChange,
    User,
)
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = [
    "company_iec",
    "title",
    "description",
    "barrier_kind",
    "destination_country",
    "regulator",
    "hs_codes",
    "applied_on",
    "trade_value_usd",
    "consignments_affected",
    "consent_to_share",
]


@pytest.fixture
def council() -> dict[str, Any]:
    """An export promotion council with two members and a staff user; reference data."""
    association = factories.CompanyFactory(
        name="Seafood Exporters Association", kind=CompanyKind.ASSOCIATION
    )
    members = [factories.CompanyFactory(), factories.CompanyFactory()]
    association.members.add(*members)
    staff = factories.ExporterFactory(company=association)
    factories.ExporterFactory(company=members[0])  # someone to tell
    factories.BarrierKindFactory()
    factories.RegulatorFactory()
    factories.HSCodeFactory()
    factories.HSCodeFactory(code="160521", description="Shrimps, prepared")
    return {"association": association, "members": members, "staff": staff}


def _row(company: Company, **overrides: Any) -> list[Any]:
    values = {
        "company_iec": company.iec,
        "title": "Plant listing pending",
        "description": "Applied to FSVPS for listing.",
        "barrier_kind": "establishment_listing",
        "destination_country": "RU",
        "regulator": "FSVPS",
        "hs_codes": "030617, 160521",
        "applied_on": (timezone.localdate() - dt.timedelta(days=90)).isoformat(),
        "trade_value_usd": "120,000",
        "consignments_affected": "2",
        "consent_to_share": "yes",
    }
    values.update(overrides)
    return [values[name] for name in HEADER]


def _csv(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _officer(role: str = "Triage officer") -> User:
    from django.contrib.auth.models import Group

    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------------
# Admin import: dry-run preview, per-row errors, confirm
# ---------------------------------------------------------------------------------------------


def _import(client: Client, content: bytes, name: str, fmt: str, **data: Any) -> Any:
    return client.post(
        reverse("admin:barriers_report_import"),
        {"import_file": SimpleUploadedFile(name, content), "format": fmt, **data},
    )


def test_admin_import_previews_then_files_each_row_through_report_create(
    council: dict[str, Any],
) -> None:
    client = _client(_officer())
    members = council["members"]
    content = _csv([_row(members[0]), _row(members[1], hs_codes="030617")])

    preview = _import(client, content, "reports.csv", "0", association=council["association"].pk)

    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert len(result.valid_rows()) == 2
    assert Report.objects.count() == 0  # a dry run
    confirm = preview.context["confirm_form"]

    response = client.post(
        reverse("admin:barriers_report_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )

    assert response.status_code == 302
    reports = list(Report.objects.order_by("reference"))
    assert [r.company for r in reports] == members
    assert all(r.filed_by == council["staff"] for r in reports)
    assert all(r.filing_association == council["association"] for r in reports)
    assert all(r.reference.startswith("REP-") for r in reports)
    assert sorted(c.code for c in reports[0].hs_codes.all()) == ["030617", "160521"]
    assert StatusChange.objects.filter(to_status=ReportStatus.SUBMITTED).count() == 2
    assert OutboundEmail.objects.count() >= 1


def test_admin_import_shows_per_row_errors_and_files_nothing(council: dict[str, Any]) -> None:
    client = _client(_officer())
    member = council["members"][0]
    outsider = factories.CompanyFactory()
    rows = [
        _row(member),
        _row(member, applied_on="31/31/2026"),
        _row(member, barrier_kind="teleportation", hs_codes="999999 12"),
        _row(outsider),
        _row(member, applied_on=(timezone.localdate() + dt.timedelta(days=3)).isoformat()),
        _row(member, trade_value_usd="lots", consent_to_share="maybe", title=""),
    ]

    response = _import(
        client, _csv(rows), "reports.csv", "0", association=council["association"].pk
    )

    assert response.status_code == 200
    result = response.context["result"]
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(errors) == {2, 3, 4, 5, 6}
    assert "applied_on" in errors[2]
    assert {"barrier_kind", "hs_codes"} <= set(errors[3])
    assert "not a member" in " ".join(
        errors[4]["company"] if "company" in errors[4] else errors[4]["__all__"]
    )
    assert "future" in errors[5]["applied_on"][0]
    assert {"trade_value_usd", "consent_to_share", "title"} <= set(errors[6])
    assert "confirm_form" not in response.context
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "fmt"),
    [
        (_csv([["a", "b"]], header=["colour", "size"]), "wrong.csv", "0"),
        (b"\x00\x01 not a spreadsheet", "broken.xlsx", "1"),
        (b"", "empty.csv", "0"),
        ("company_iec,title\n\u00e9,\u00e9\n".encode("latin-1"), "latin1.csv", "0"),
    ],
)
def test_admin_import_never_fails_on_a_bad_file(
    council: dict[str, Any], content: bytes, name: str, fmt: str
) -> None:
    client = _client(_officer())

    response = _import(client, content, name, fmt, association=council["association"].pk)

    assert response.status_code == 200
    result = response.context.get("result")
    form_errors = response.context["form"].errors
    assert form_errors or result.has_validation_errors() or result.has_errors()
    assert Report.objects.count() == 0


def test_admin_import_reads_xlsx(council: dict[str, Any]) -> None:
    client = _client(_officer())
    member = council["members"][0]
    row = _row(member, applied_on=dt.datetime(2026, 1, 5), hs_codes=30617, trade_value_usd=5000)

    response = _import(
        client, _xlsx([row]), "reports.xlsx", "1", association=council["association"].pk
    )

    result = response.context["result"]
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert len(result.valid_rows()) == 1


def test_import_form_requires_a_filer_of_the_association(council: dict[str, Any]) -> None:
    client = _client(_officer())
    stranger = factories.ExporterFactory(
        company=factories.CompanyFactory(kind=CompanyKind.ASSOCIATION)
    )
    content = _csv([_row(council["members"][0])])

    response = _import(
        client,
        content,
        "r.csv",
        "0",
        association=council["association"].pk,
        filed_by=stranger.pk,
    )

    assert "filed_by" in response.context["form"].errors


def test_import_needs_the_add_report_permission(council: dict[str, Any]) -> None:
    analyst = _client(_officer("Analyst"))
    secretary = _client(_officer("Agenda secretary"))
    assert analyst.get(reverse("admin:barriers_report_import")).status_code == 403
    assert secretary.get(reverse("admin:barriers_report_import")).status_code == 403
    assert _client(_officer()).get(reverse("admin:barriers_report_import")).status_code == 200


# ---------------------------------------------------------------------------------------------
# Management command
# ---------------------------------------------------------------------------------------------


def _run(*args: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_reports", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_for_an_association(council: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "reports.xlsx"
    path.write_bytes(_xlsx([_row(member) for member in council["members"]]))
    iec = council["association"].iec

    out, err = _run(str(path), "--filed-by", council["staff"].email, "--association", iec)

    assert "Filed 2 report(s)" in out
    assert "2/2" in err  # the progress bar
    assert Report.objects.filter(filing_association=council["association"]).count() == 2


def test_command_dry_run_files_nothing(council: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_bytes(_csv([_row(council["members"][0])]))
    official = factories.OfficialFactory()

    out, _ = _run(str(path), "--filed-by", official.email, "--dry-run")

    assert "would be filed" in out
    assert Report.objects.count() == 0


def test_command_prints_each_refused_row_and_files_nothing(
    council: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "reports.csv"
    member = council["members"][0]
    path.write_bytes(_csv([_row(member), _row(member, destination_country="XX")]))

    with pytest.raises(CommandError, match="1 row"):
        _run(
            str(path),
            "--filed-by",
            council["staff"].email,
            "--association",
            council["association"].iec,
        )

    assert Report.objects.count() == 0


def test_command_refuses_an_exporter_filing_for_another_company(
    council: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "reports.csv"
    path.write_bytes(_csv([_row(council["members"][1])]))
    exporter = factories.ExporterFactory(company=council["members"][0])

    with pytest.raises(CommandError, match="1 row"):
        _run(str(path), "--filed-by", exporter.email)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("reports.txt", b"x", "csv or .xlsx"),
        ("reports.xlsx", b"not a workbook", "Could not read"),
        ("reports.csv", b"", "no rows"),
    ],
)
def test_command_explains_an_unreadable_file(
    council: dict[str, Any], tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        _run(str(path), "--filed-by", council["staff"].email)


def test_import_files_the_consent_to_be_named_on_the_public_register_and_refuses_maybe(
    council: dict[str, Any],
) -> None:
    client = _client(_officer())
    member = council["members"][0]
    header = [*HEADER, "consent_to_publish"]
    content = _csv([[*_row(member), "yes"], [*_row(member), "maybe"]], header=header)

    refused = _import(client, content, "reports.csv", "0", association=council["association"].pk)

    errors = {row.number: row.error_dict for row in refused.context["result"].invalid_rows}
    assert set(errors) == {2} and set(errors[2]) == {"consent_to_publish"}
    assert Report.objects.count() == 0

    content = _csv([[*_row(member), "yes"], [*_row(member), ""]], header=header)
    preview = _import(client, content, "reports.csv", "0", association=council["association"].pk)
    confirm = preview.context["confirm_form"]
    client.post(
        reverse("admin:barriers_report_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )

    assert [r.consent_to_publish for r in Report.objects.order_by("reference")] == [True, False]
