"""Russian by default, English one click away; texts and dates follow the page's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from barriers.models import Deadline, DeadlineStage
from tests.counterpart_pages.helpers import World

pytestmark = pytest.mark.django_db

RU_MONTHS_GENITIVE = [
    *("января", "февраля", "марта", "апреля", "мая", "июня"),
    *("июля", "августа", "сентября", "октября", "ноября", "декабря"),
]


def _switch(client: Client, language: str, next_path: str) -> str:
    response = client.post("/counterpart/language/", {"language": language, "next": next_path})
    assert response.status_code == 302
    return response.url


def test_the_pages_are_in_russian_by_default_whatever_the_browser_prefers(
    world: World, client_a: Client
) -> None:
    page = client_a.get(
        f"/counterpart/barriers/{world.a.reference}/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"
    )
    body = page.content.decode()
    assert '<html lang="ru">' in body
    assert "<h1>Задержка включения предприятия в реестр</h1>" in body
    assert "Просьба индийской стороны" in body and "Просим завершить рассмотрение" in body
    assert "Подтвердить получение обращения" in body
    assert page["Content-Language"] == "ru"
    # Dates are written the Russian way: "17 декабря 2026".
    due = Deadline.objects.get(barrier=world.a, stage=DeadlineStage.ACKNOWLEDGE).due_on
    assert f"{due.day} {RU_MONTHS_GENITIVE[due.month - 1]} {due.year}" in body
    # The switch to English is on the page, as a button that works without JavaScript.
    assert 'action="/counterpart/language/"' in body and 'value="en"' in body


def test_english_is_one_click_away_and_stays_chosen(world: World, client_a: Client) -> None:
    path = f"/counterpart/barriers/{world.a.reference}/"
    assert _switch(client_a, "en", path) == path
    body = client_a.get(path).content.decode()
    assert '<html lang="en">' in body
    assert "<h1>Plant listing delayed</h1>" in body
    assert "What the Indian side asks" in body and "Please complete the review" in body
    due = Deadline.objects.get(barrier=world.a, stage=DeadlineStage.ACKNOWLEDGE).due_on
    assert f"{due.day} {due:%B} {due.year}" in body
    assert "Barriers shared with you" in client_a.get("/counterpart/").content.decode()
    # And back to Russian.
    _switch(client_a, "ru", path)
    assert '<html lang="ru">' in client_a.get(path).content.decode()


def test_the_switch_never_sends_anyone_off_the_counterpart_pages(
    world: World, client_a: Client
) -> None:
    for elsewhere in ("https://evil.example/", "//evil.example/", "/admin/", ""):
        assert _switch(client_a, "en", elsewhere) == "/counterpart/"
    assert client_a.post("/counterpart/language/", {"language": "de"}).url == "/counterpart/"
    assert client_a.get("/counterpart/language/").status_code == 405


def test_a_text_missing_in_the_page_language_falls_back_to_the_other(
    world: World, client_a: Client
) -> None:
    world.a.share.__class__.objects.filter(pk=world.a.share.pk).update(
        title_en="", summary_en="", ask_en=""
    )
    _switch(client_a, "en", "/counterpart/")
    body = client_a.get("/counterpart/").content.decode()
    assert "Задержка включения предприятия в реестр" in body


def test_an_overdue_answer_is_flagged_on_the_work_list(world: World, client_a: Client) -> None:
    assert "Просрочено" not in client_a.get("/counterpart/").content.decode()
    # The acknowledgement fell due yesterday (as if the barrier had been shared weeks ago).
    today = timezone.localdate()
    Deadline.objects.filter(barrier=world.a, stage=DeadlineStage.ACKNOWLEDGE).update(
        opened_on=today - dt.timedelta(days=20), due_on=today - dt.timedelta(days=1)
    )
    body = client_a.get("/counterpart/").content.decode()
    assert '<strong class="tag tag--overdue">Просрочено</strong>' in body
    assert "с просроченным ответом: 1" in body
    assert 'class="is-overdue"' in body
    _switch(client_a, "en", "/counterpart/")
    body = client_a.get("/counterpart/").content.decode()
    assert '<strong class="tag tag--overdue">Overdue</strong>' in body


def test_russian_is_for_the_page_only_not_left_behind_for_what_runs_next(
    world: World, client_a: Client
) -> None:
    from django.utils import translation

    with translation.override("en"):
        assert client_a.get("/counterpart/")["Content-Language"] == "ru"
        # What runs next in this thread (another request, a service's message) is not Russian.
        assert translation.get_language() == "en"


def test_hs_codes_carry_their_russian_names_and_the_english_where_there_is_none(
    world: World, client_a: Client
) -> None:
    from barriers.models import HSCode
    from tests import factories

    HSCode.objects.filter(code="030617").update(
        description="Frozen shrimps and prawns, warm-water",
        description_ru="Креветки и креветки-чилимы прочие, мороженые",
    )
    world.a.hs_codes.set(
        [HSCode.objects.get(code="030617"), factories.HSCodeFactory(code="170114")]
    )
    HSCode.objects.filter(code="170114").update(description="Raw cane sugar", description_ru="")
    path = f"/counterpart/barriers/{world.a.reference}/"

    for page in (client_a.get(path), client_a.get("/counterpart/")):
        body = page.content.decode()
        assert "Креветки и креветки-чилимы прочие, мороженые" in body
        assert "Frozen shrimps" not in body
        assert "Raw cane sugar" in body  # no Russian name: the English one

    _switch(client_a, "en", path)
    body = client_a.get(path).content.decode()
    assert "Frozen shrimps" in body and "Креветки" not in body
