"""A drafted agenda with a shared barrier, the counterpart's answers, internal notes and an
unconsented company, for the tests of the two editions; and readers of the Russian column."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from barriers import services
from barriers.domain.editions import is_russian
from barriers.models import AgendaItem, Barrier, ExchangeKind, Meeting, User
from tests import factories
from tests.export_helpers import AgendaSetup, build_agenda, csv_rows

INTERNAL_NOTE = "CONFIDENTIAL-INTERNAL-NOTE-7731"
BARRIER_NOTE = "INTERNAL-BARRIER-NOTE-5512"
SHARED = {
    "title_ru": "Задержка включения индийских рыбных предприятий в реестр ЕАЭС",
    "title_en": "Indian fish establishments awaiting listing in the EAEU register",
    "summary_ru": "Предприятия, рекомендованные EIC, более года ожидают включения в реестр.",
    "summary_en": "Establishments recommended by EIC have waited more than a year for listing.",
    "ask_ru": "Просим включить рекомендованные предприятия в реестр или назвать срок решения.",
    "ask_en": "Please list the recommended establishments or give a date for the decision.",
}
ACK_RU = "Россельхознадзор подтверждает получение обращения и рассматривает заявки."
PROPOSAL_RU = "Предлагаем провести инспекцию предприятий в феврале 2027 года."
PROPOSAL_EN = "We propose an inspection of the establishments in February 2027."
OWN_TEXTS = {
    "formula": (
        "Формула в названии",
        "Поставки задерживаются из-за требований к документам.",
        "Просим принять документы в установленной форме.",
    ),
    "phyto": (
        "Задержка партий винограда на казахстанской границе",
        "Партии столового винограда задерживаются на границе до получения результатов.",
        "Просим выпускать скоропортящиеся партии на период исследования проб.",
    ),
}


@dataclass
class World:
    setup: AgendaSetup
    official: User
    focal_point: User
    meeting: Meeting


def build_world() -> World:
    """build_agenda's 2026-Q4, its first barrier shared with Rosselkhoznadzor and answered (an
    acknowledgement, then a proposal with a date), the others given their own Russian text, and
    internal notes on the item and the barrier."""
    official = factories.triage_officer()
    setup = build_agenda(official)
    listing = setup.listing
    regulator = factories.RegulatorFactory()
    services.barrier_update(barrier=listing, actor=official, regulator=regulator)
    services.barrier_share(actor=official, barrier=listing, **SHARED)
    focal_point = factories.UserFactory(regulator=regulator, email="fp@fsvps.example")
    services.exchange_post(
        actor=focal_point, barrier=listing, kind=ExchangeKind.ACKNOWLEDGEMENT, body_ru=ACK_RU
    )
    services.exchange_post(
        actor=focal_point,
        barrier=listing,
        kind=ExchangeKind.PROPOSAL,
        body_ru=PROPOSAL_RU,
        body_en=PROPOSAL_EN,
        target_date=dt.date.today() + dt.timedelta(days=80),
    )
    services.message_post(actor=official, barrier=listing, body=BARRIER_NOTE, internal=True)
    for key, (title_ru, summary_ru, ask_ru) in OWN_TEXTS.items():
        Barrier.objects.filter(pk=getattr(setup, key).pk).update(
            title_ru=title_ru, summary_ru=summary_ru, ask_ru=ask_ru
        )
    AgendaItem.objects.filter(meeting=setup.meeting).update(internal_note=INTERNAL_NOTE)
    setup.meeting.refresh_from_db()
    for barrier in (setup.listing, setup.formula, setup.phyto):
        barrier.refresh_from_db()
    return World(setup, official, focal_point, setup.meeting)


# ---------------------------------------------------------------------------------------------
# The Russian column of each format
# ---------------------------------------------------------------------------------------------


def _russian_header(header: str) -> bool:
    english = header.split(" / ")[0]
    return "in Russian" in english or "(Russian name)" in english


def table_russian_cells(rows: list[list[Any]]) -> list[str]:
    """The cells under a Russian column of a sheet (its header's English half says so)."""
    header, *body = rows
    columns = [i for i, name in enumerate(header) if name and _russian_header(str(name))]
    assert columns, header
    return [str(row[i]) for row in body for i in columns if row[i] not in (None, "")]


def xlsx_sheets(content: bytes) -> dict[str, list[list[Any]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def csv_table(content: bytes) -> list[list[str]]:
    return csv_rows(content)


def json_russian_values(content: bytes) -> list[str]:
    """Every `…_ru` and `ru` value of the JSON document."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and (key == "ru" or key.endswith("_ru")) and value:
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(content))
    return found


def docx_russian_runs(content: bytes) -> list[str]:
    """The italic runs of the document's tables: the Russian lines of each cell."""
    from docx import Document

    document = Document(io.BytesIO(content))
    runs = []
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        if run.italic:
                            runs.extend(line for line in run.text.split("\n") if line.strip())
    return runs


def typst_russian_texts(data: dict[str, Any]) -> list[str]:
    """Every Russian text of the data the PDF is set from (pdf.document_data): the `ru` and
    `…_ru` values and `ru_lines`, which the template sets as the Russian line of each pair."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "ru" or key.endswith("_ru") or key == "ru_lines":
                    values = value if isinstance(value, list) else [value]
                    for item in values:
                        if isinstance(item, dict) and item.get("kind") == "text":
                            item = item["value"]  # the page footer's words
                        # A sign with no letter (the catalogue's "№") is in no language.
                        if isinstance(item, str) and any(ch.isalpha() for ch in item):
                            found.append(item.strip())
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return found


def not_russian(texts: list[str]) -> list[str]:
    return [text for text in texts if not is_russian(text)]
