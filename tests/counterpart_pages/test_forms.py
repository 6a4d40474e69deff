"""The five answers: each posts once through services.exchange_post, refuses bad input beside
the field in the reader's language and saves nothing, checks its files, and escapes the text."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.test import Client
from django.utils import timezone

from barriers.models import (
    BarrierStatus,
    Exchange,
    ExchangeDocument,
    ExchangeKind,
    LegalBasis,
    OutboundEmail,
    PendingOn,
)
from tests.api_factories import pdf_upload
from tests.counterpart_pages.helpers import World, token_of
from tests.portal_helpers import fake_pdf_upload

pytestmark = pytest.mark.django_db


def _respond(world: World, kind: str) -> str:
    return f"/counterpart/barriers/{world.a.reference}/respond/{kind}/"


def _future(days: int = 60) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _field_errors(body: str, field: str) -> str:
    """The error list rendered beside `field` ("" when there is none)."""
    marker = f'id="id_{field}_error"'
    if marker not in body:
        return ""
    start = body.index(marker)
    return html.unescape(body[start : body.index("</ul>", start)])


def test_acknowledging_posts_the_answer_and_hides_the_form(world: World, client_a: Client) -> None:
    # A second tab with the same form open.
    stale_token = token_of(client_a.get(_respond(world, "acknowledgement")))
    response = client_a.post(
        _respond(world, "acknowledgement"), {"body_ru": "Обращение получено, рассматривается."}
    )
    assert response.status_code == 302
    assert response.url == f"/counterpart/barriers/{world.a.reference}/"
    exchange = Exchange.objects.get()
    assert exchange.kind == ExchangeKind.ACKNOWLEDGEMENT and exchange.author == world.fp_a
    assert exchange.body_ru == "Обращение получено, рассматривается." and exchange.body_en == ""
    page = client_a.get(response.url).content.decode()
    assert "Ваш ответ направлен индийской стороне." in page
    assert "Обращение получено, рассматривается." in page and "Подтверждение получения" in page
    assert _respond(world, "acknowledgement") not in page
    # The form itself now sends back to the barrier, and a second acknowledgement is refused.
    again = client_a.get(_respond(world, "acknowledgement"))
    assert again.status_code == 302
    refused = client_a.post(
        _respond(world, "acknowledgement"), {"body_ru": "Ещё раз.", "form_token": stale_token}
    )
    assert refused.status_code == 400
    assert "Получение обращения по этому барьеру уже подтверждено." in refused.content.decode()
    assert Exchange.objects.count() == 1


def test_asking_for_clarification_passes_the_question_to_india(
    world: World, client_a: Client
) -> None:
    client_a.post(
        _respond(world, "clarification"),
        {"body_ru": "Просим сообщить номер предприятия.", "body_en": "Please give the number."},
    )
    exchange = Exchange.objects.get()
    assert exchange.kind == ExchangeKind.CLARIFICATION
    assert exchange.body_en == "Please give the number."
    world.a.refresh_from_db()
    assert world.a.pending_on == PendingOn.INDIA


def test_proposing_a_solution_with_a_date_and_a_letter_tells_the_exporters(
    world: World, client_a: Client, django_capture_on_commit_callbacks
) -> None:
    target = _future()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            _respond(world, "proposal"),
            {
                "body_ru": "Предлагаем провести инспекцию предприятия.",
                "target_date": target.isoformat(),
                "documents": [pdf_upload("письмо ФСВПС.pdf"), pdf_upload("план.pdf")],
            },
        )
    assert response.status_code == 302
    exchange = Exchange.objects.get()
    assert exchange.kind == ExchangeKind.PROPOSAL and exchange.target_date == target
    assert sorted(exchange.documents.values_list("original_name", flat=True)) == [
        "письмо ФСВПС.pdf",
        "план.pdf",
    ]
    page = client_a.get(response.url).content.decode()
    assert "Предлагаемое решение" in page and "Целевая дата:" in page
    document = exchange.documents.order_by("pk").first()
    assert f"/counterpart/barriers/{world.a.reference}/exchange-documents/{document.pk}/" in page
    # The exporters are e-mailed the public line, never the text.
    # (Read from the outbox: a worker delivers it on PostgreSQL, the process on SQLite.)
    exporters = [m for m in OutboundEmail.objects.all() if world.exporter_a.email in m.to]
    assert any("proposed a solution" in m.subject for m in exporters)
    assert exporters and all("инспекц" not in m.body for m in exporters)


def test_stating_the_position_offers_the_legal_bases_in_the_page_language(
    world: World, client_a: Client
) -> None:
    form = client_a.get(_respond(world, "position")).content.decode()
    assert "ТР ТС 021/2011 — О безопасности пищевой продукции" in form
    assert '<label class="field__label" for="id_legal_basis">Правовое основание' in form
    client_a.post("/counterpart/language/", {"language": "en", "next": _respond(world, "position")})
    assert (
        "TR CU 021/2011 — On food safety"
        in client_a.get(_respond(world, "position")).content.decode()
    )
    client_a.post(
        _respond(world, "position"),
        {
            "body_en": "The inspection follows Decision 94.",
            "legal_basis": "eec-council-decision-94",
        },
    )
    exchange = Exchange.objects.get()
    assert exchange.legal_basis == LegalBasis.objects.get(code="eec-council-decision-94")
    assert exchange.body_en == "The inspection follows Decision 94." and exchange.body_ru == ""


def test_reporting_it_resolved_resolves_the_barrier_and_closes_the_forms(
    world: World, client_a: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(_respond(world, "resolved"), {"body_ru": "Предприятие включено в реестр."})
    world.a.refresh_from_db()
    assert world.a.status == BarrierStatus.RESOLVED
    assert OutboundEmail.objects.filter(subject__contains="are shipments clearing?").exists()
    page = client_a.get(f"/counterpart/barriers/{world.a.reference}/").content.decode()
    assert "/respond/" not in page
    assert "Рассмотрение барьера завершено; ответы больше не принимаются." in page
    assert client_a.get(_respond(world, "clarification")).status_code == 302


@pytest.mark.parametrize(
    ("kind", "data", "field", "message"),
    [
        ("acknowledgement", {"body_ru": "   "}, "body_ru", "Обязательное поле."),
        ("clarification", {"body_en": "Only English"}, "body_ru", "Обязательное поле."),
        ("proposal", {"body_ru": "Текст"}, "target_date", "Обязательное поле."),
        (
            "proposal",
            {"body_ru": "Текст", "target_date": "2020-01-01"},
            "target_date",
            "Целевая дата должна быть позже сегодняшней.",
        ),
        (
            "proposal",
            {"body_ru": "Текст", "target_date": "31.02.2027"},
            "target_date",
            "Введите правильную дату.",
        ),
        ("position", {"body_ru": "Текст"}, "legal_basis", "Обязательное поле."),
        (
            "position",
            {"body_ru": "Текст", "legal_basis": "no-such-rule"},
            "legal_basis",
            "Выберите корректный вариант.",
        ),
        ("resolved", {"body_ru": "x" * 5001}, "body_ru", "не более 5000 символов"),
    ],
)
def test_bad_input_is_refused_beside_the_field_in_russian_and_nothing_is_saved(
    world: World, client_a: Client, kind: str, data: dict, field: str, message: str
) -> None:
    response = client_a.post(_respond(world, kind), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in _field_errors(body, field), body[:3000]
    # The error summary links to the field.
    assert f'href="#id_{field}"' in body
    assert "Ответ не отправлен" in body
    assert not Exchange.objects.exists()
    world.a.refresh_from_db()
    assert world.a.status == BarrierStatus.OPEN


def test_in_english_the_refusal_is_in_english(world: World, client_a: Client) -> None:
    client_a.post("/counterpart/language/", {"language": "en", "next": "/counterpart/"})
    response = client_a.post(
        _respond(world, "proposal"), {"body_en": "Text", "target_date": "2020-01-01"}
    )
    assert "The target date must be in the future." in _field_errors(
        response.content.decode(), "target_date"
    )
    assert not Exchange.objects.exists()


def test_refused_files_save_nothing(world: World, client_a: Client) -> None:
    response = client_a.post(
        _respond(world, "proposal"),
        {
            "body_ru": "Предлагаем инспекцию.",
            "target_date": _future().isoformat(),
            "documents": [pdf_upload("письмо.pdf"), fake_pdf_upload("поддельный.pdf")],
        },
    )
    assert response.status_code == 400
    errors = _field_errors(response.content.decode(), "documents")
    assert "поддельный.pdf" in errors and "Приложите файл PDF, JPEG, PNG" in errors
    too_many = client_a.post(
        _respond(world, "clarification"),
        {"body_ru": "Вопрос", "documents": [pdf_upload(f"{n}.pdf") for n in range(6)]},
    )
    assert "Можно приложить не более 5 файлов." in _field_errors(
        too_many.content.decode(), "documents"
    )
    assert not Exchange.objects.exists() and not ExchangeDocument.objects.exists()


def test_a_double_submit_posts_once(world: World, client_a: Client) -> None:
    token = token_of(client_a.get(_respond(world, "clarification")))
    data = {"body_ru": "Просим уточнить.", "form_token": token}
    first = client_a.post(_respond(world, "clarification"), data)
    second = client_a.post(_respond(world, "clarification"), data)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Exchange.objects.count() == 1
    # A form without its token saves nothing.
    missing = client_a.post(_respond(world, "clarification"), {**data, "form_token": ""})
    assert missing.status_code == 400 and Exchange.objects.count() == 1


def test_the_counterparts_text_is_escaped(world: World, client_a: Client) -> None:
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client_a.post(_respond(world, "clarification"), {"body_ru": script, "body_en": script})
    page = client_a.get(f"/counterpart/barriers/{world.a.reference}/").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    # And when the form comes back with an error, what was typed is escaped too.
    back = client_a.post(_respond(world, "proposal"), {"body_ru": script})
    assert "<script>alert" not in back.content.decode()
