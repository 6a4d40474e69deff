"""CSV and XLSX export of the admin's filtered lists (barriers/admin/resources.py)."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from barriers import services
from barriers.models import User
from tests import factories

pytestmark = pytest.mark.django_db


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
# Export respects the filters
# ---------------------------------------------------------------------------------------------


def _export(client: Client, url: str, fmt: str) -> Any:
    """Post the export form as an official would, with every column ticked."""
    form = client.get(url).context["form"]
    ticked = {
        name: "on"
        for name, field in form.fields.items()
        if getattr(field, "is_selectable_field", False)
    }
    return client.post(url, {**ticked, "format": fmt, "resource": "0"})


def test_export_of_the_filtered_report_list_as_csv_and_xlsx(admin_user: User) -> None:
    client = _client(_officer("Analyst"))
    waiting = factories.report_file(title="Grapes held at the border")
    reviewed = factories.report_file(title="Shrimp plant listing")
    services.report_start_review(report=reviewed, actor=admin_user)
    url = reverse("admin:barriers_report_export") + "?status__exact=submitted"

    page = client.get(url)
    as_csv = _export(client, url, "0")
    as_xlsx = _export(client, url, "1")

    assert page.status_code == 200
    assert as_csv.status_code == 200, as_csv.content[:500]
    lines = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert [line["reference"] for line in lines] == [waiting.reference]
    assert lines[0]["hs_codes"] == "030617"
    assert lines[0]["company_verified"] == "yes"
    book = openpyxl.load_workbook(io.BytesIO(as_xlsx.content))
    values = [[cell.value for cell in row] for row in book.active.iter_rows()]
    assert values[0][0] == "reference" and values[1][0] == waiting.reference and len(values) == 2


def test_export_of_barriers_counts_their_reports(admin_user: User) -> None:
    report = factories.report_file()
    services.report_start_review(report=report, actor=admin_user)
    services.report_accept(report=report, actor=admin_user)
    client = _client(_officer("Agenda secretary"))

    response = _export(client, reverse("admin:barriers_barrier_export"), "0")

    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0]["reports"] == "1"
    assert lines[0]["status"] == "Open"
