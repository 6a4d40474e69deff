"""The legal basis at issue printed in the agenda, in every format and both editions."""

from __future__ import annotations

import json

import pytest

from barriers.exports import RENDERERS
from barriers.exports.data import agenda_data
from barriers.models import Barrier
from tests import factories
from tests.export_helpers import build_agenda, csv_rows, text_of

pytestmark = pytest.mark.django_db
FOOD_SAFETY = "tr-cu-021-2011"


@pytest.fixture
def setup(db, official):
    setup = build_agenda(official)
    Barrier.objects.filter(pk=setup.listing.pk).update(legal_basis_id=FOOD_SAFETY)
    return setup


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "csv", "json"])
def test_the_internal_brief_prints_the_legal_basis_at_issue(setup, fmt) -> None:
    text = text_of(fmt, RENDERERS[fmt].render(agenda_data(meeting=setup.meeting)))

    assert "TR CU 021/2011" in text
    assert "On food safety" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "csv", "json"])
def test_the_joint_edition_prints_it_in_english_and_russian(setup, fmt) -> None:
    factories.agenda_in_russian(setup.meeting)

    data = agenda_data(meeting=setup.meeting, edition="joint")
    text = text_of(fmt, RENDERERS[fmt].render(data))

    assert "TR CU 021/2011" in text
    assert "ТР ТС 021/2011" in text and "О безопасности пищевой продукции" in text


def test_the_joint_spreadsheet_keeps_the_russian_name_in_its_russian_column(setup) -> None:
    factories.agenda_in_russian(setup.meeting)
    data = agenda_data(meeting=setup.meeting, edition="joint")

    header, *rows = csv_rows(RENDERERS["csv"].render(data))

    english = next(i for i, h in enumerate(header) if h.startswith("Legal basis at issue /"))
    russian = next(i for i, h in enumerate(header) if "(in Russian)" in h)
    row = next(r for r in rows if setup.listing.reference in r)
    assert row[english] == "TR CU 021/2011 — On food safety"
    assert row[russian] == "ТР ТС 021/2011 — О безопасности пищевой продукции"
    others = [r for r in rows if setup.listing.reference not in r and len(r) > russian]
    assert all(r[english] == "" and r[russian] == "" for r in others)


def test_the_json_agenda_carries_the_legal_basis_as_data(setup) -> None:
    body = json.loads(RENDERERS["json"].render(agenda_data(meeting=setup.meeting)))

    items = {i["reference"]: i for i in body["agenda"]}
    assert items[setup.listing.reference]["legal_basis"]["code"] == FOOD_SAFETY
    assert items[setup.listing.reference]["legal_basis"]["number_ru"] == "ТР ТС 021/2011"
    assert items[setup.phyto.reference]["legal_basis"] is None


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "csv", "json"])
@pytest.mark.parametrize("edition", ["internal", "joint"])
def test_the_outcomes_print_the_legal_basis_at_issue(setup, official, fmt, edition) -> None:
    from barriers.exports.data import outcomes_data
    from tests.export_helpers import hold_with_outcomes

    meeting = hold_with_outcomes(setup, official)

    data = outcomes_data(meeting=meeting, edition=edition)
    text = text_of(fmt, RENDERERS[fmt].render(data))

    assert "TR CU 021/2011" in text
    if edition == "joint" and fmt != "json":
        assert "ТР ТС 021/2011" in text
