"""The two editions of the meeting documents, read back from real files: the joint edition for
the EAEU side (no scores, internal notes, unconsented names or trade figures; every Russian cell
in Russian; refused when an item lacks Russian text) and the internal brief (the exchange)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from barriers.domain.editions import RussianTextMissing
from barriers.exports import RENDERERS, pdf, services
from barriers.exports.data import agenda_data, outcomes_data
from barriers.models import AgendaItem, Barrier
from tests.editions.helpers import (
    ACK_RU,
    BARRIER_NOTE,
    INTERNAL_NOTE,
    OWN_TEXTS,
    PROPOSAL_EN,
    PROPOSAL_RU,
    SHARED,
    build_world,
    csv_table,
    docx_russian_runs,
    json_russian_values,
    not_russian,
    table_russian_cells,
    typst_russian_texts,
    xlsx_sheets,
)
from tests.export_helpers import SECRET, accepted_report, hold_with_outcomes, text_of

pytestmark = pytest.mark.django_db
FORMATS = ("pdf", "docx", "xlsx", "csv", "json")


@pytest.fixture
def world():
    return build_world()


def _text(fmt: str, content: bytes) -> str:
    """What a reader sees; a PDF's lines wrap, so its whitespace is collapsed."""
    text = text_of(fmt, content)
    return " ".join(text.split()) if fmt == "pdf" else text


def _render(world, fmt: str, edition: str, document: str = "agenda") -> bytes:
    return services.export_render(
        meeting=world.meeting, document=document, format=fmt, actor=None, edition=edition
    ).content


def _scores(world) -> list[str]:
    items = AgendaItem.objects.filter(meeting=world.meeting).exclude(score=0)
    return [str(item.score) for item in items]


# ---------------------------------------------------------------------------------------------
# The joint edition
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_joint_edition_has_no_score_note_unconsented_name_or_trade_figure(world, fmt) -> None:
    content = _render(world, fmt, "joint")
    text = _text(fmt, content)

    assert world.setup.listing.reference in text
    for score in _scores(world):
        assert score not in text, score
    for forbidden in (
        "Priority score",
        "Приоритет",
        "Score ",
        "at stake",
        INTERNAL_NOTE,
        BARRIER_NOTE,
        SECRET,
        "1,500,000",
        "1500000",
        "Trade value",
        world.setup.small.reference,  # the reserve list is India's own ranking
    ):
        assert forbidden not in text, forbidden
    if fmt == "json":
        assert '"score"' not in text and '"trade_value_usd"' not in text
        assert '"exchanges"' not in text and '"reason"' not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_joint_edition_prints_the_shared_text_and_the_latest_answer(world, fmt) -> None:
    text = _text(fmt, _render(world, fmt, "joint"))

    for value in SHARED.values():
        assert value in text, value
    # The barrier's internal title gives way to the English title shared with the regulator.
    assert "Backlog in listing Indian fish establishments" not in text
    # The counterpart's latest answer (its proposal), not the whole exchange.
    assert PROPOSAL_RU in text and PROPOSAL_EN in text
    assert ACK_RU not in text
    # The other items' own Russian text (no share): title, summary, ask.
    for title_ru, summary_ru, ask_ru in OWN_TEXTS.values():
        assert title_ru in text and ask_ru in text and summary_ru in text


def test_joint_spreadsheets_hold_only_russian_in_their_russian_columns(world) -> None:
    sheets = xlsx_sheets(_render(world, "xlsx", "joint"))
    assert len(sheets) == 2  # the agenda and the resolved annex: no reserve list
    agenda = next(rows for title, rows in sheets.items() if title.startswith("Agenda"))
    cells = table_russian_cells(agenda)
    assert SHARED["title_ru"] in cells and PROPOSAL_RU in "\n".join(cells)
    assert not_russian(cells) == []

    rows = csv_table(_render(world, "csv", "joint"))
    cells = table_russian_cells(rows)
    assert SHARED["ask_ru"] in cells
    assert not_russian(cells) == []


def test_joint_json_docx_and_pdf_hold_only_russian_in_their_russian_parts(world) -> None:
    values = json_russian_values(_render(world, "json", "joint"))
    assert SHARED["summary_ru"] in values
    assert not_russian(values) == []

    runs = docx_russian_runs(_render(world, "docx", "joint"))
    assert SHARED["ask_ru"] in runs
    assert not_russian(runs) == []

    # The PDF is set from this data: every Russian line of it.
    texts = typst_russian_texts(
        pdf.document_data(agenda_data(meeting=world.meeting, edition="joint"))
    )
    assert SHARED["summary_ru"] in texts
    assert not_russian(texts) == []


def test_an_english_title_in_the_russian_field_refuses_the_joint_edition(world) -> None:
    Barrier.objects.filter(pk=world.setup.formula.pk).update(title_ru="Formula in the title")

    with pytest.raises(RussianTextMissing) as refused:
        services.export_render(
            meeting=world.meeting, document="agenda", format="pdf", actor=None, edition="joint"
        )
    assert f"{world.setup.formula.reference}: title" in refused.value.message


def test_joint_edition_is_refused_with_the_items_lacking_russian_text(world) -> None:
    phyto, formula = world.setup.phyto, world.setup.formula
    Barrier.objects.filter(pk=phyto.pk).update(summary_ru="", ask_ru="")
    Barrier.objects.filter(pk=formula.pk).update(title_ru="")

    for fmt in FORMATS:
        with pytest.raises(RussianTextMissing) as refused:
            _render(world, fmt, "joint")
        message = refused.value.message
        assert f"{phyto.reference}: summary, ask" in message
        assert f"{formula.reference}: title" in message
        assert world.setup.listing.reference not in message  # its shared text is complete
    # The internal brief is still built.
    assert _render(world, "pdf", "internal").startswith(b"%PDF")


def test_joint_file_names_say_joint(world) -> None:
    for fmt in FORMATS:
        rendered = services.export_render(
            meeting=world.meeting, document="agenda", format=fmt, actor=None, edition="joint"
        )
        assert rendered.file_name == f"agenda-2026-Q4-joint.{RENDERERS[fmt].file_extension}"
    internal = services.export_render(
        meeting=world.meeting, document="agenda", format="pdf", actor=None
    )
    assert internal.file_name == "agenda-2026-Q4.pdf"


def test_joint_outcomes_have_no_internal_note_and_russian_titles(world) -> None:
    meeting = hold_with_outcomes(world.setup, world.official)
    world.meeting = meeting
    for fmt in FORMATS:
        text = _text(fmt, _render(world, fmt, "joint", document="outcomes"))
        assert SHARED["title_ru"] in text
        assert INTERNAL_NOTE not in text and SECRET not in text
    data = outcomes_data(meeting=meeting, edition="joint")
    assert all(item.score_breakdown == () for item in data.items)


# ---------------------------------------------------------------------------------------------
# The internal brief
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_internal_brief_has_the_exchange_history_and_the_latest_answer(world, fmt) -> None:
    text = _text(fmt, _render(world, fmt, "internal"))

    assert ACK_RU in text  # the acknowledgement: the history, not only the latest answer
    assert PROPOSAL_RU in text
    assert world.setup.small.reference in text  # the reserve list
    assert any(score in text for score in _scores(world)) or fmt == "docx"


def test_internal_brief_data_lists_every_exchange_oldest_first(world) -> None:
    data = agenda_data(meeting=world.meeting)
    listing = next(e for e in data.agenda if e.reference == world.setup.listing.reference)
    assert [x.kind for x in listing.exchanges] == ["acknowledgement", "proposal"]
    assert listing.latest_answer is not None and listing.latest_answer.kind == "proposal"
    assert listing.latest_answer.body_ru == PROPOSAL_RU


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["internal", "joint"])
def test_the_data_builder_takes_the_same_queries_whatever_the_size(world, edition) -> None:
    with CaptureQueriesContext(connection) as small:
        agenda_data(meeting=world.meeting, edition=edition)
    for n in range(5):
        accepted_report(
            world.official, company_name=f"Extra {n}", consent=True, trade_value=str(900000 + n)
        )
    world.meeting.capacity = 8
    world.meeting.save(update_fields=["capacity"])
    from barriers import services as core

    core.agenda_draft(meeting=world.meeting, actor=world.official)
    from tests import factories

    factories.agenda_in_russian(world.meeting)
    with CaptureQueriesContext(connection) as large:
        data = agenda_data(meeting=world.meeting, edition=edition)
    assert len(data.agenda) == 8
    assert len(large) == len(small) <= 13


@pytest.mark.parametrize("fmt", FORMATS)
def test_renderers_of_the_joint_edition_touch_no_database(
    world, fmt, django_assert_num_queries
) -> None:
    data = agenda_data(meeting=world.meeting, edition="joint")
    with django_assert_num_queries(0):
        RENDERERS[fmt].render(data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_joint_edition_names_the_products_in_russian_too(world, fmt) -> None:
    from barriers.models import HSCode

    HSCode.objects.filter(code="030617").update(
        description_ru="Креветки и креветки-чилимы прочие, мороженые"
    )
    english = HSCode.objects.get(code="030617").description

    text = _text(fmt, _render(world, fmt, "joint"))

    if fmt == "json":  # each product with its code, description and description_ru
        assert '"description_ru": "Креветки и креветки-чилимы прочие, мороженые"' in text
    else:
        assert "030617 Креветки и креветки-чилимы прочие, мороженые" in text
    assert english in text


def test_joint_spreadsheet_holds_the_russian_product_names_in_a_russian_column(world) -> None:
    from barriers.models import HSCode

    HSCode.objects.filter(code="030617").update(
        description_ru="Креветки и креветки-чилимы прочие, мороженые"
    )
    sheets = xlsx_sheets(_render(world, "xlsx", "joint"))
    agenda = next(rows for title, rows in sheets.items() if title.startswith("Agenda"))
    cells = table_russian_cells(agenda)

    assert any("030617 Креветки" in cell for cell in cells)
    assert not_russian(cells) == []
