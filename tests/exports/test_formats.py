"""Meeting documents: the data selectors, the bilingual catalogue, and every format read back."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from barriers.domain.errors import DomainError
from barriers.exports import FORMATS, RENDERERS, file_name, labels
from barriers.exports.data import agenda_data, outcomes_data
from barriers.models import ExportFormat
from barriers.platform.formulas import spreadsheet_safe
from devtools.exports import sample
from tests.export_helpers import (
    FORMULA_TITLE,
    INTERNAL_NOTE,
    NAMED,
    SECRET,
    build_agenda,
    csv_rows,
    hold_with_outcomes,
    pdf_text,
    text_of,
)

ROOT = Path(__file__).resolve().parents[2]
TEST_OUTPUT = ROOT / "test-output"
CATALOGUE = ROOT / "locale" / "ru" / "LC_MESSAGES"
pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db, official):
    return build_agenda(official)


@pytest.fixture
def agenda(setup):
    return agenda_data(meeting=setup.meeting)


@pytest.fixture
def outcomes(setup, official):
    return outcomes_data(meeting=hold_with_outcomes(setup, official))


# ---------------------------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------------------------


def test_agenda_data_groups_items_by_track_numbers_them_and_keeps_the_reserve(
    setup, agenda
) -> None:
    assert [e.reference for e in agenda.agenda] == [
        setup.listing.reference,
        setup.formula.reference,
        setup.phyto.reference,
    ]
    assert [e.number for e in agenda.agenda] == [1, 2, 3]
    assert [t.track for t in agenda.tracks] == ["veterinary", "phytosanitary"]
    assert [e.reference for e in agenda.reserve] == [setup.small.reference]
    first = agenda.agenda[0]
    assert first.trade_value_usd == Decimal("1500000.00")
    assert first.companies.count == 2
    assert first.companies.named == (NAMED,)
    assert first.days_pending == 400
    assert first.title_ru.startswith("Задержка")
    assert first.regulator is not None and first.regulator.name_ru.startswith("Федеральная")
    assert first.ask == "List the establishments recommended by EIC."
    assert [p.code for p in first.products] == ["030617"]
    assert [c.code for c in first.countries] == ["RU"]
    assert first.reason and first.score > 0
    assert {c.name for c in first.score_breakdown} >= {"trade_value", "companies"}


def test_annex_lists_barriers_resolved_since_the_previous_meeting_only(setup, agenda) -> None:
    assert [r.reference for r in agenda.resolved] == [setup.resolved.reference]
    assert agenda.meeting.previous_code == "2026-Q2"


def test_agenda_data_takes_the_same_few_queries_whatever_its_size(official, setup) -> None:
    with CaptureQueriesContext(connection) as small:
        agenda_data(meeting=setup.meeting)
    from tests.export_helpers import accepted_report

    for n in range(6):
        accepted_report(
            official, company_name=f"Extra {n}", consent=n % 2 == 0, trade_value=str(5000 + n)
        )
    from barriers import services

    services.agenda_draft(meeting=setup.meeting, actor=official)
    with CaptureQueriesContext(connection) as large:
        data = agenda_data(meeting=setup.meeting)
    # 10 candidates, capacity 3: three on the agenda, the next three in reserve.
    assert (len(data.agenda), len(data.reserve)) == (3, 3)
    assert len(large) == len(small) <= 10


def test_outcomes_are_refused_before_the_meeting_is_held(setup) -> None:
    with pytest.raises(DomainError, match="once the meeting has been held"):
        outcomes_data(meeting=setup.meeting)


def test_outcomes_data_has_outcomes_public_statements_action_points_and_a_summary(
    setup, outcomes
) -> None:
    assert [e.outcome for e in outcomes.items] == ["action_agreed", "resolved", "deferred"]
    first = outcomes.items[0]
    assert first.statement_eaeu == "Россельхознадзор рассмотрит гарантии."
    assert [p.description for p in first.action_points] == [
        "Send the updated guarantees",
        "Decide on each listing",
    ]
    assert first.action_points[0].item_number == 1
    s = outcomes.summary
    assert (s.on_agenda, s.raised, s.resolved, s.deferred, s.action_agreed) == (3, 2, 1, 1, 1)
    assert s.action_points == 2
    assert INTERNAL_NOTE not in repr(outcomes)


# ---------------------------------------------------------------------------------------------
# Bilingual labels
# ---------------------------------------------------------------------------------------------


def test_every_fixed_text_of_the_documents_has_a_russian_translation() -> None:
    missing = []
    for message in labels.ALL_LAZY:
        with translation.override("en"):
            en = str(message)
        with translation.override("ru"):
            ru = str(message)
        if ru == en:
            missing.append(en)
    assert missing == []
    assert labels.text("agenda") == ("Agenda", "Повестка дня")
    assert labels.days(3).ru == "3 дня" and labels.days(5).ru == "5 дней"
    assert labels.days(21).ru == "21 день"


def test_compiled_catalogue_matches_its_source() -> None:
    source = polib.pofile(str(CATALOGUE / "django.po"))
    compiled = polib.mofile(str(CATALOGUE / "django.mo"))
    key = lambda e: (e.msgctxt or "", e.msgid)  # noqa: E731
    assert {key(e): e.msgstr or e.msgstr_plural for e in source.translated_entries()} == {
        key(e): e.msgstr or e.msgstr_plural for e in compiled
    }, "run `make messages` after editing locale/ru/LC_MESSAGES/django.po"
    assert source.percent_translated() == 100


def test_companies_are_named_only_with_their_consent() -> None:
    from barriers.exports.data import CompaniesAffected

    some = labels.companies(CompaniesAffected(count=3, named=("X Ltd",)))
    assert some.en == "3 companies (1 named: X Ltd)"
    assert some.ru.startswith("3 компании") and "X Ltd" in some.ru
    assert labels.companies(CompaniesAffected(count=2)).en == "2 companies (names not shared)"
    assert labels.companies(CompaniesAffected(count=1, named=("Y",))).en == "Y"


# ---------------------------------------------------------------------------------------------
# Every format
# ---------------------------------------------------------------------------------------------


def test_the_registry_has_one_renderer_per_format_of_the_model() -> None:
    assert set(FORMATS) == set(ExportFormat.values)
    for fmt, renderer in RENDERERS.items():
        assert renderer.format == fmt and renderer.media_type and renderer.file_extension
    assert file_name(document="agenda", code="2026-Q4", format="pdf") == "agenda-2026-Q4.pdf"


@pytest.mark.parametrize("fmt", FORMATS)
def test_renderers_touch_no_database(fmt, agenda, outcomes, django_assert_num_queries) -> None:
    for data in (agenda, outcomes):
        with django_assert_num_queries(0):
            content = RENDERERS[fmt].render(data)
        assert content


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_company_without_consent_is_never_named_in_any_format(fmt, agenda, outcomes) -> None:
    agenda_text = text_of(fmt, RENDERERS[fmt].render(agenda))
    outcomes_text = text_of(fmt, RENDERERS[fmt].render(outcomes))
    assert SECRET not in agenda_text and SECRET not in outcomes_text
    if fmt != "ics":  # the calendar lists headlines only
        assert NAMED in agenda_text


@pytest.mark.parametrize("fmt", FORMATS)
def test_internal_notes_never_reach_the_outcomes(fmt, outcomes) -> None:
    assert INTERNAL_NOTE not in text_of(fmt, RENDERERS[fmt].render(outcomes))


def test_pdf_has_the_items_in_order_russian_headings_and_page_numbers(setup, agenda) -> None:
    content = RENDERERS["pdf"].render(agenda)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    positions = [
        text.index(r)
        for r in (setup.listing.reference, setup.formula.reference, setup.phyto.reference)
    ]
    assert positions == sorted(positions)
    for heading in ("Проект повестки дня", "Резервный список", "Ветеринарный надзор", "Приложение"):
        assert heading in text
    assert "Задержка включения индийских предприятий" in text
    assert "Page 1 of" in text and "Страница 1 из" in text
    assert "2026-Q4 · Draft agenda / Проект повестки дня" in text  # the header on each page
    assert setup.small.reference in text and setup.resolved.reference in text
    assert setup.resolved_long_ago.reference not in text


def test_pdf_page_is_saved_as_png_for_people_to_look_at(agenda, outcomes) -> None:
    assert shutil.which("pdftoppm"), "pdftoppm is missing: apt-get install poppler-utils"
    TEST_OUTPUT.mkdir(exist_ok=True)
    for name, data in (("agenda", agenda), ("outcomes", outcomes)):
        source = TEST_OUTPUT / f"exports-{name}.pdf"
        source.write_bytes(RENDERERS["pdf"].render(data))
        prefix = TEST_OUTPUT / f"exports-{name}-page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(source), str(prefix)],
            check=True,
        )
        pages = sorted(TEST_OUTPUT.glob(f"exports-{name}-page-*.png"))
        assert pages and pages[0].stat().st_size > 10_000
        assert pages[0].read_bytes().startswith(b"\x89PNG")


def test_long_pdf_has_a_table_of_contents_with_page_numbers() -> None:
    data = sample.sample_agenda(12, reserve=2, resolved=1)
    text = pdf_text(RENDERERS["pdf"].render(data))
    assert "Contents" in text and "Содержание" in text
    contents = text[text.index("Содержание") :]
    assert "1. BAR-2026-" in contents


def test_docx_has_real_headings_and_word_tables(setup, agenda) -> None:
    from docx import Document

    document = Document(io.BytesIO(RENDERERS["docx"].render(agenda)))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    names = [text for _, text in headings]
    assert ("Title", "Draft agenda") in headings
    assert "Agenda / Повестка дня" in names
    assert "Veterinary / Ветеринарный надзор" in names
    assert "Reserve list / Резервный список" in names
    items = [text for style, text in headings if style == "Heading 3"]
    assert [t.split(" — ")[0] for t in items] == [
        f"1. {setup.listing.reference}",
        f"2. {setup.formula.reference}",
        f"3. {setup.phyto.reference}",
    ]
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert any(c.startswith("Regulator\nРегулирующий орган") for c in cells)
    assert "1,500,000" in cells
    assert len(document.tables) >= 8


def test_docx_outcomes_list_action_points_with_owners_and_due_dates(outcomes) -> None:
    from docx import Document

    document = Document(io.BytesIO(RENDERERS["docx"].render(outcomes)))
    names = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Summary of the meeting / Сводные итоги встречи" in names
    assert "Action points / Поручения" in names
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    points = [r for r in rows if "Send the updated guarantees" in " ".join(r)]
    due = outcomes.action_points[0].due_on
    assert points and "EIC" in points[0][3]
    assert labels.date(due).en in points[0][4] and labels.date(due).ru in points[0][4]


def test_xlsx_has_one_sheet_per_section_numbers_as_numbers_and_a_frozen_header(
    setup, agenda
) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(RENDERERS["xlsx"].render(agenda)))
    assert workbook.sheetnames == [
        "Agenda · Повестка дня",
        "Reserve · Резерв",
        "Resolved annex · Приложение",
    ]
    sheet = workbook["Agenda · Повестка дня"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert "Trade value at stake (USD) / Объём торговли под угрозой (долл. США)" in header
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    col = {name.split(" / ")[0]: i for i, name in enumerate(header)}
    assert [r[col["Reference"]] for r in rows] == [
        setup.listing.reference,
        setup.formula.reference,
        setup.phyto.reference,
    ]
    first = rows[0]
    assert first[col["No."]] == 1
    assert first[col["Trade value at stake (USD)"]] == 1500000
    assert isinstance(first[col["Trade value at stake (USD)"]], int | float)
    assert isinstance(first[col["Days pending (longest)"]], int)
    assert first[col["Companies named with their consent"]] == NAMED
    assert first[col["Number of companies affected"]] == 2
    # Rows are as tall as their wrapped text: spreadsheets do not fit row heights on opening.
    assert sheet.row_dimensions[1].height > 15 and sheet.row_dimensions[2].height >= 15
    annex = workbook["Resolved annex · Приложение"]
    resolved_on = annex.cell(row=2, column=6).value
    assert isinstance(resolved_on, dt.datetime | dt.date)
    assert annex.cell(row=2, column=6).number_format == "yyyy-mm-dd"


def test_xlsx_outcomes_sheets_with_dates_as_dates(outcomes) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(RENDERERS["xlsx"].render(outcomes)))
    assert workbook.sheetnames == [
        "Outcomes · Итоги",
        "Action points · Поручения",
        "Summary · Сводка",
    ]
    points = workbook["Action points · Поручения"]
    due = points.cell(row=2, column=6).value
    assert isinstance(due, dt.datetime | dt.date)
    summary = {
        row[0].split(" / ")[0]: row[1]
        for row in workbook["Summary · Сводка"].iter_rows(min_row=2, values_only=True)
    }
    assert summary["Items raised"] == 2 and summary["Action points agreed"] == 2


def test_formula_like_text_is_neutralised_in_csv_and_xlsx(agenda) -> None:
    from openpyxl import load_workbook

    rows = csv_rows(RENDERERS["csv"].render(agenda))
    titles = [row[4] for row in rows[1:]]
    assert "'" + FORMULA_TITLE in titles and FORMULA_TITLE not in titles
    workbook = load_workbook(io.BytesIO(RENDERERS["xlsx"].render(agenda)))
    sheet = workbook.worksheets[0]
    cells = [
        c
        for row in sheet.iter_rows(min_row=2)
        for c in row
        if c.value and "HYPERLINK" in str(c.value)
    ]
    assert cells and all(c.data_type == "s" and c.value.startswith("'=") for c in cells)
    for start in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(start) == "'" + start
    assert spreadsheet_safe("Plain") == "Plain" and spreadsheet_safe(-5) == -5


def test_csv_has_one_row_per_item_in_order_with_bilingual_headers(setup, agenda) -> None:
    rows = csv_rows(RENDERERS["csv"].render(agenda))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Section / Раздел", "No. / №", "Track / Направление", "Reference / Номер"]
    assert [r[3] for r in body] == [
        setup.listing.reference,
        setup.formula.reference,
        setup.phyto.reference,
        setup.small.reference,
    ]
    assert body[0][0] == "Agenda / Повестка дня" and body[3][0] == "Reserve list / Резервный список"
    assert (
        body[0][header.index("Trade value at stake (USD) / Объём торговли под угрозой (долл. США)")]
        == "1500000.00"
    )


def test_ics_event_is_stable_all_day_with_venue_and_bilingual_summary(
    setup, agenda, outcomes
) -> None:
    from icalendar import Calendar

    first = Calendar.from_ical(RENDERERS["ics"].render(agenda))
    again = Calendar.from_ical(RENDERERS["ics"].render(agenda_data(meeting=setup.meeting)))
    event = first.walk("VEVENT")[0]
    assert (
        event["UID"]
        == again.walk("VEVENT")[0]["UID"]
        == "meeting-2026-Q4@india-eaeu-barrier-tracker"
    )
    assert event.decoded("DTSTART") == agenda.meeting.date
    assert str(event["LOCATION"]) == "New Delhi (Vanijya Bhawan)"
    assert "Встреча" in str(event["SUMMARY"]) and "2026-Q4" in str(event["SUMMARY"])
    description = str(event["DESCRIPTION"])
    assert description.index(setup.listing.reference) < description.index(setup.phyto.reference)
    todos = Calendar.from_ical(RENDERERS["ics"].render(outcomes)).walk("VTODO")
    assert [str(t["SUMMARY"]).split(": ", 1)[1] for t in todos] == [
        "Send the updated guarantees",
        "Decide on each listing",
    ]


def test_json_keeps_codes_values_and_both_languages(agenda) -> None:
    import json

    body = json.loads(RENDERERS["json"].render(agenda))
    assert body["document"] == "agenda"
    assert body["title"] == {"en": "Draft agenda", "ru": "Проект повестки дня"}
    first = body["agenda"][0]
    assert first["trade_value_usd"] == "1500000.00"
    assert first["track_label"] == {"en": "Veterinary", "ru": "Ветеринарный надзор"}
    assert first["companies"] == {"count": 2, "named": [NAMED]}


@pytest.mark.parametrize("items", [0, 7])
def test_documents_of_any_size_render_in_every_format(items) -> None:
    agenda = sample.sample_agenda(items, reserve=min(items, 2), resolved=min(items, 2))
    for data in (agenda, sample.sample_outcomes(items)):
        for fmt in FORMATS:
            assert RENDERERS[fmt].render(data)
