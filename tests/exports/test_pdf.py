"""The PDF (Typst): recorded text prints as written, the contents list and the page numbers are
right, every item of a long agenda is there, and Typst reads nothing outside its template."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace

import pytest

from barriers.exports import RENDERERS, pdf
from barriers.exports.data import ExchangeEntry
from devtools.exports import sample
from tests.export_helpers import pdf_text

HOSTILE = (
    '#import "/etc/passwd": *',
    '#read("/etc/passwd")',
    "*bold* _under_ $x^2$ ] [ } {",
    "back\\slash \\ and \\u{41}",
    "<label> @ref `code` ```raw``` // not a comment /* nor this */",
    "= Not a heading",
    "- not a list + nor this / nor: terms",
    "Задержка «ввоза» №5",
    "भारत सरकार",
)


def page_texts(content: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def test_recorded_text_prints_as_written_never_as_typst_markup() -> None:
    data = sample.sample_agenda(3, reserve=1, resolved=1)
    first, *rest = data.agenda
    first = replace(
        first,
        title=HOSTILE[0],
        title_ru=HOSTILE[7],
        ask=HOSTILE[1],
        ask_ru=HOSTILE[3],
        reason=HOSTILE[2],
        kind=HOSTILE[4],
        companies=replace(first.companies, named=(HOSTILE[5], HOSTILE[8])),
        exchanges=(
            ExchangeEntry(
                on=sample.MEETING_DAY,
                party="eaeu",
                kind="proposal",
                regulator="FSVPS",
                body_en=HOSTILE[6],
                body_ru=HOSTILE[7],
            ),
        ),
    )
    data = replace(data, agenda=(first, *rest))

    content = RENDERERS["pdf"].render(data)

    # poppler's pdftotext: pypdf reads the Devanagari clusters with stray control characters.
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    for hostile in HOSTILE:
        assert " ".join(hostile.split()) in flat, hostile
    assert "root:" not in text  # /etc/passwd was not read


def test_typst_reads_nothing_outside_its_template_folder() -> None:
    import typst

    for source in ('#read("/etc/passwd")', '#read("../pdf.py")', '#image("/etc/passwd")'):
        with pytest.raises(typst.TypstError):
            pdf.typst_to_pdf(source.encode(), {})
    assert "@preview" not in pdf.TEMPLATE.read_text()  # no package to download


def test_every_page_says_which_page_of_how_many_it_is() -> None:
    pages = page_texts(RENDERERS["pdf"].render(sample.sample_agenda(20, reserve=3, resolved=2)))

    total = len(pages)
    assert total > 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total} / Страница {number} из {total}" in text


def test_contents_lists_tracks_items_and_annexes_with_the_pages_they_start_on() -> None:
    data = sample.sample_agenda(30, reserve=3, resolved=2)
    pages = page_texts(RENDERERS["pdf"].render(data))

    def page_of(heading: str) -> int:
        """The first page on which `heading` appears (the contents has no such line)."""
        for number, text in enumerate(pages, start=1):
            if heading in " ".join(text.split()):
                return number
        raise AssertionError(f"{heading} not found")

    toc_pages = [n for n, text in enumerate(pages, start=1) if "Contents" in text]
    assert toc_pages, "no contents list"
    toc = " ".join("\n".join(pages[toc_pages[0] - 1 : toc_pages[0] + 2]).split())
    toc = toc[toc.index("Содержание") :]
    for entry in data.agenda:
        listed = re.search(rf"{entry.number}\. {entry.reference} — .*? (\d+) ", toc)
        assert listed, f"{entry.reference} is not in the contents"
        assert int(listed.group(1)) == page_of(f"{entry.number}. {entry.reference} {entry.title}")
    for section, heading in (
        ("Reserve list / Резервный список", "Reserve list Резервный список"),
        ("Annex / Приложение", "Annex: barriers resolved"),
    ):
        listed = re.search(rf"{re.escape(section)}\W*(\d+)", toc)
        assert listed, f"{section} is not in the contents"
        assert int(listed.group(1)) == page_of(heading)


@pytest.mark.parametrize("items", [50, 200])
def test_a_long_agenda_has_every_item_and_every_annex_entry(items) -> None:
    data = sample.sample_agenda(items, reserve=5, resolved=3)
    text = " ".join(pdf_text(RENDERERS["pdf"].render(data)).split())

    for entry in data.agenda:
        assert f"{entry.number}. {entry.reference} {entry.title}" in text, entry.reference
    for entry in (*data.reserve, *data.resolved):
        assert entry.reference in text


def test_a_long_item_runs_on_to_the_next_page_and_loses_nothing() -> None:
    data = sample.sample_agenda(2, reserve=0, resolved=0)
    first = data.agenda[0]
    exchanges = tuple(
        ExchangeEntry(
            on=sample.MEETING_DAY,
            party="eaeu",
            kind="proposal",
            regulator="FSVPS",
            body_en=f"Exchange {n}: " + "the establishments will be listed in turn. " * 6,
            body_ru=f"Обмен {n}",
        )
        for n in range(1, 41)
    )
    data = replace(data, agenda=(replace(first, exchanges=exchanges), *data.agenda[1:]))

    pages = page_texts(RENDERERS["pdf"].render(data))

    text = " ".join(" ".join(pages).split())
    for n in range(1, 41):
        assert f"Exchange {n}:" in text and f"Обмен {n}" in text
    assert sum("Exchange " in page for page in pages) >= 2  # it spans pages


MEMORY_SCRIPT = """
import os, django
django.setup()
from dataclasses import replace
from barriers.exports import pdf
from devtools.exports import sample

def resident_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20

data = sample.sample_agenda(60)
sizes = []
for revision in range(12):
    agenda = [replace(e, title=f"{e.title} (revision {revision})") for e in data.agenda]
    pdf.render_pdf(replace(data, agenda=agenda))
    sizes.append(resident_mb())
print(sizes[0], sizes[-1])
"""


def test_a_worker_printing_agenda_after_agenda_stays_at_its_size(tmp_path) -> None:
    """Twelve revisions of a 60-item agenda printed in one process: the process is no bigger
    after the last than after the first. (Typst's cache kept every compilation's layouts for
    ten more compilations: 290 MB more after these twelve, 1 GB for 200-item agendas.)"""
    import os
    import sys

    from tests.conftest import ROOT

    done = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tracker.settings",
            "DEBUG": "true",
            "VAR_DIR": str(tmp_path),
            "DATABASE_URL": "",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    first, last = map(int, done.stdout.split())
    assert last - first <= 30, f"{first} MB after the first agenda, {last} MB after the twelfth"
