"""A meeting with an agenda, a reserve list, a resolved annex and (once held) outcomes, for the
export tests; and the text of a rendered document in any format, to search it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from barriers import services
from barriers.models import Barrier, Meeting, MeetingStatus, Remit
from tests import factories

TODAY = timezone.localdate()
NAMED = "Godavari Named Seafoods Pvt Ltd"
SECRET = "Hidden Anonymous Foods Pvt Ltd"
FORMULA_TITLE = '=HYPERLINK("http://evil.example/x","Click")'
INTERNAL_NOTE = "CONFIDENTIAL-INTERNAL-NOTE-7731"


def accepted_report(
    official,
    *,
    company_name: str,
    consent: bool,
    barrier: Barrier | None = None,
    title: str = "Listing backlog",
    trade_value: str = "100000",
    regulator=None,
    applied_days_ago: int = 200,
) -> Barrier:
    """An accepted report of a new company, on `barrier` or on a new one."""
    company = factories.CompanyFactory(name=company_name)
    report = factories.report_file(
        company=company,
        title=title,
        trade_value_usd=Decimal(trade_value),
        consent_to_share=consent,
        regulator=regulator or factories.RegulatorFactory(),
        applied_on=TODAY - dt.timedelta(days=applied_days_ago),
    )
    services.report_start_review(report=report, actor=official)
    services.report_accept(report=report, actor=official, barrier=barrier)
    report.refresh_from_db()
    assert report.barrier is not None
    return report.barrier


@dataclass
class AgendaSetup:
    meeting: Meeting
    previous: Meeting
    listing: Barrier  # two companies, one named
    formula: Barrier  # a title that looks like a spreadsheet formula
    phyto: Barrier  # another track
    small: Barrier  # the reserve list
    resolved: Barrier  # resolved since the previous meeting: the annex
    resolved_long_ago: Barrier  # resolved before it: not in the annex


def build_agenda(official) -> AgendaSetup:
    """2026-Q4 with three items (two tracks), one in reserve; 2026-Q2 held before it."""
    previous = services.meeting_create(
        actor=None, code="2026-Q2", date=TODAY - dt.timedelta(days=60)
    )
    Meeting.objects.filter(pk=previous.pk).update(status=MeetingStatus.CLOSED)
    previous.refresh_from_db()

    resolved = accepted_report(official, company_name="Resolved Rice Mills", consent=True)
    services.barrier_resolve(barrier=resolved, actor=official)
    long_ago = accepted_report(official, company_name="Old Tea Estates", consent=True)
    services.barrier_resolve(barrier=long_ago, actor=official)
    Barrier.objects.filter(pk=long_ago.pk).update(
        resolved_at=timezone.now() - dt.timedelta(days=90)
    )

    listing = accepted_report(
        official,
        company_name=NAMED,
        consent=True,
        title="Backlog in listing Indian fish establishments",
        trade_value="900000",
        applied_days_ago=400,
    )
    accepted_report(
        official,
        company_name=SECRET,
        consent=False,
        barrier=listing,
        trade_value="600000",
        applied_days_ago=300,
    )
    Barrier.objects.filter(pk=listing.pk).update(
        title_ru="Задержка включения индийских предприятий в реестр",
        ask="List the establishments recommended by EIC.",
    )
    formula = accepted_report(
        official, company_name="Formula Foods", consent=True, title=FORMULA_TITLE
    )
    Barrier.objects.filter(pk=formula.pk).update(title_ru="Формула в названии")
    phyto_regulator = factories.RegulatorFactory(
        code="kz-phyto",
        name="State Inspection Committee in the Agro-Industrial Complex",
        name_ru="Комитет государственной инспекции в АПК",
        abbreviation="SIC AIC",
        remit=Remit.PHYTOSANITARY,
    )
    phyto = accepted_report(
        official,
        company_name="Nashik Grapes",
        consent=True,
        title="Grapes held at the Kazakh border",
        trade_value="400000",
        regulator=phyto_regulator,
    )
    small = accepted_report(
        official, company_name="Tiny Spices", consent=True, title="Small", trade_value="10"
    )
    meeting = services.meeting_create(
        actor=None,
        code="2026-Q4",
        date=TODAY + dt.timedelta(days=30),
        capacity=3,
        venue="New Delhi (Vanijya Bhawan)",
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        india_participants="Department of Commerce\nAPEDA; MPEDA"
    )
    meeting.eaeu_participants.set([factories.RegulatorFactory(), phyto_regulator])
    services.agenda_draft(meeting=meeting, actor=official)
    meeting.refresh_from_db()
    for barrier in (listing, formula, phyto, small, resolved, long_ago):
        barrier.refresh_from_db()
    return AgendaSetup(meeting, previous, listing, formula, phyto, small, resolved, long_ago)


@pytest.fixture
def secretary(db):
    """An official with the agenda secretary's role."""
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name="Agenda secretary"))
    return user


@pytest.fixture
def setup(secretary) -> AgendaSetup:
    """build_agenda's meeting, its items drafted by `secretary`."""
    return build_agenda(secretary)


def hold_with_outcomes(setup: AgendaSetup, official) -> Meeting:
    """Freeze, hold and record an outcome on every item, with action points on the first; then
    close the meeting."""
    from barriers.models import AgendaItem

    meeting = setup.meeting
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=official)
    # A meeting is held on or after its date: the day has come.
    Meeting.objects.filter(pk=meeting.pk).update(
        date=TODAY, cutoff_on=TODAY - dt.timedelta(days=20), circulate_on=TODAY
    )
    meeting.refresh_from_db()
    services.meeting_hold(meeting=meeting, actor=official)
    outcomes = {
        setup.listing.pk: "action_agreed",
        setup.formula.pk: "resolved",
        setup.phyto.pk: "deferred",
    }
    for barrier_id, outcome in outcomes.items():
        services.outcome_record(
            item=AgendaItem.objects.get(meeting=meeting, barrier_id=barrier_id),
            outcome=outcome,
            actor=official,
            statement_india="India presented the guarantees of EIC.",
            statement_eaeu="Россельхознадзор рассмотрит гарантии.",
            counterpart_commitment="Decisions within 60 days.",
            internal_note=INTERNAL_NOTE,
        )
    services.action_point_create(
        meeting=meeting,
        barrier=setup.listing,
        description="Send the updated guarantees",
        party="india",
        due_on=meeting.date + dt.timedelta(days=45),
        actor=official,
        owner_agency="EIC",
    )
    services.action_point_create(
        meeting=meeting,
        barrier=setup.listing,
        description="Decide on each listing",
        party="eaeu",
        due_on=meeting.date + dt.timedelta(days=60),
        actor=official,
        regulator=factories.RegulatorFactory(),
    )
    return services.meeting_close(meeting=meeting, actor=official)


# ---------------------------------------------------------------------------------------------
# Reading rendered documents back
# ---------------------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def text_of(format: str, content: bytes) -> str:
    """Everything a reader of the file would see, as one string."""
    if format == "pdf":
        return pdf_text(content)
    if format == "docx":
        return docx_text(content)
    if format == "xlsx":
        return xlsx_text(content)
    if format == "csv":
        return "\n".join(",".join(row) for row in csv_rows(content))
    if format == "ics":
        from icalendar import Calendar

        calendar = Calendar.from_ical(content)
        return "\n".join(str(v) for c in calendar.walk() for v in c.values())
    if format == "json":
        return json.dumps(json.loads(content), ensure_ascii=False)
    raise AssertionError(format)


def is_zip(content: bytes) -> bool:
    return zipfile.is_zipfile(io.BytesIO(content))
