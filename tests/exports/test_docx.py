"""The Word agenda of 200 items read back with python-docx: every item where a reader looks for it,
in English and in Russian, in both editions."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import pytest

from barriers.domain.editions import INTERNAL, JOINT
from barriers.exports import RENDERERS, labels
from barriers.exports.data import AgendaData
from devtools.exports import sample

ITEMS = 200


def _agenda(edition: str) -> AgendaData:
    """The made-up 200-item agenda, each item with its ask and summary in both languages."""
    data = sample.sample_agenda(ITEMS, reserve=10, resolved=5)
    agenda = tuple(
        replace(
            entry,
            ask_ru=f"Включить предприятия, рекомендованные EIC (дело {entry.number}).",
            summary=f"Applications pending since spring (case {entry.number}).",
            summary_ru=f"Заявки ждут решения с весны (дело {entry.number}).",
        )
        for entry in data.agenda
    )
    return replace(data, agenda=agenda, edition=edition)


def _label(key: str) -> str:
    """A row label as the document shows it: English, then Russian on the next line."""
    return "\n".join(labels.text(key))


def _read(data: AgendaData) -> tuple[Any, list[Any]]:
    from docx import Document

    document = Document(io.BytesIO(RENDERERS["docx"].render(data)))
    return document, list(document.iter_inner_content())


def _table_after(blocks: list[Any], heading: str) -> Any:
    """The first table after the paragraph that reads `heading`."""
    from docx.table import Table

    start = next(i for i, b in enumerate(blocks) if not isinstance(b, Table) and b.text == heading)
    return next(b for b in blocks[start:] if isinstance(b, Table))


@pytest.mark.parametrize("edition", [INTERNAL, JOINT])
def test_every_item_has_its_heading_russian_title_and_table_in_both_languages(edition) -> None:
    from docx.table import Table

    data = _agenda(edition)
    _, blocks = _read(data)
    headings = {
        block.text: index
        for index, block in enumerate(blocks)
        if not isinstance(block, Table) and block.style.name == "Heading 3"
    }
    assert len(headings) == ITEMS
    for entry in data.agenda:
        at = headings[f"{entry.number}. {entry.reference} — {entry.title}"]
        russian_title, fields, facts = blocks[at + 1 : at + 4]
        assert russian_title.text == entry.title_ru
        assert russian_title.runs[0].italic
        rows = {row.cells[0].text: row.cells[1].text for row in fields.rows}
        assert rows[_label("regulator")] == "\n".join(labels.regulator(entry.regulator))
        assert rows[_label("kind")] == f"{entry.kind}\n{entry.kind_ru}"
        assert rows[_label("ask")].split("\n") == [entry.ask, entry.ask_ru]
        if edition == JOINT:
            assert rows[_label("summary_text")].split("\n") == [entry.summary, entry.summary_ru]
            assert _label("reason") not in rows
        else:
            assert rows[_label("reason")].startswith(entry.reason)
        figures = dict(
            zip(
                [cell.text for cell in facts.rows[0].cells],
                [cell.text for cell in facts.rows[1].cells],
                strict=True,
            )
        )
        assert figures[_label("countries")] == "\n".join(labels.countries(entry.countries))
        assert figures[_label("days_pending")] == "\n".join(labels.days(entry.days_pending))
        assert (_label("trade_value") in figures) is (edition == INTERNAL)


@pytest.mark.parametrize("edition", [INTERNAL, JOINT])
def test_reserve_and_annex_rows_give_reference_and_both_titles_in_their_columns(edition) -> None:
    data = _agenda(edition)
    document, blocks = _read(data)
    annex = _table_after(blocks, labels.text("annex").joined())
    assert [cell.text for cell in annex.rows[0].cells][:2] == [
        _label("reference"),
        _label("title"),
    ]
    assert [[cell.text for cell in row.cells][:2] for row in annex.rows[1:]] == [
        [entry.reference, f"{entry.title}\n{entry.title_ru}"] for entry in data.resolved
    ]
    reserve_heading = labels.text("reserve").joined()
    if edition == JOINT:  # the reserve list is India's own
        assert reserve_heading not in [p.text for p in document.paragraphs]
        return
    reserve = _table_after(blocks, reserve_heading)
    assert [[cell.text for cell in row.cells][:3] for row in reserve.rows[1:]] == [
        [str(entry.number), entry.reference, f"{entry.title}\n{entry.title_ru}"]
        for entry in data.reserve
    ]


def test_the_header_names_the_meeting_and_the_footer_numbers_pages_in_both_languages() -> None:
    data = _agenda(INTERNAL)
    document, _ = _read(data)
    section = document.sections[0]
    assert section.header.paragraphs[0].text.startswith(f"{data.meeting.code} · ")
    footer = section.footer.paragraphs[0]
    fields = [text.strip() for text in footer._p.xpath(".//w:instrText/text()")]
    assert fields == ["PAGE", "NUMPAGES", "PAGE", "NUMPAGES"]
    for language in ("en", "ru"):
        for kind, part in labels.page_of_parts(language):
            if kind == "text" and part.strip():
                assert part.strip() in footer.text
