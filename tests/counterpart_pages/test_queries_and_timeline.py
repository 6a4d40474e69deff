"""The work list and the barrier page run a fixed number of queries however much there is; the
exporter's report page shows each EAEU answer as a public line (never its text), in a fixed
number of queries too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from barriers import services
from barriers.models import ExchangeKind, LegalBasis
from tests.api_factories import pdf_upload
from tests.counterpart_pages.helpers import World
from tests.counterparts.helpers import accepted_barrier, share
from tests.portal_helpers import client_for
from tests.system.test_query_counts import assert_fixed_queries

pytestmark = pytest.mark.django_db

MANY = 4


def test_the_work_list_runs_a_fixed_number_of_queries(world: World, client_a: Client) -> None:
    def grow() -> None:
        for n in range(MANY):
            barrier = accepted_barrier(
                world.ra, official=world.official, companies=((f"Company {n} Ltd", n % 2 == 0),)
            )
            share(barrier, world.official, title_ru=f"Барьер номер {n}")

    assert_fixed_queries(client_a, "/counterpart/", grow, ceiling=30, rows=False)
    body = client_a.get("/counterpart/").content.decode()
    assert all(f"Барьер номер {n}" in body for n in range(MANY))


def _answers(world: World, count: int) -> None:
    for n in range(count):
        services.exchange_post(
            actor=world.fp_a,
            barrier=world.a,
            kind=ExchangeKind.CLARIFICATION,
            body_ru=f"Вопрос номер {n}",
            files=[pdf_upload(f"вопрос-{n}.pdf")],
        )
        services.exchange_post(
            actor=world.official,
            barrier=world.a,
            kind=ExchangeKind.REPLY,
            body_en=f"Answer number {n}",
        )


def test_the_barrier_page_runs_a_fixed_number_of_queries(world: World, client_a: Client) -> None:
    url = f"/counterpart/barriers/{world.a.reference}/"
    _answers(world, 1)
    assert_fixed_queries(client_a, url, lambda: _answers(world, MANY), ceiling=30, rows=False)
    body = client_a.get(url).content.decode()
    assert f"Вопрос номер {MANY - 1}" in body and f"вопрос-{MANY - 1}.pdf" in body
    assert "Индийская сторона" in body and f"Answer number {MANY - 1}" in body


def test_the_exporters_timeline_shows_each_answer_as_a_public_line(world: World) -> None:
    exporter = world.exporter_a
    report = world.a.reports.get(company=exporter.company)
    client = client_for(exporter)
    url = f"/reports/{report.reference}/"
    target = timezone.localdate() + dt.timedelta(days=75)

    def answer() -> None:
        services.exchange_post(
            actor=world.fp_a,
            barrier=world.a,
            kind=ExchangeKind.ACKNOWLEDGEMENT,
            body_ru="СЕКРЕТНЫЙ ТЕКСТ ПОДТВЕРЖДЕНИЯ",
        )
        services.exchange_post(
            actor=world.fp_a,
            barrier=world.a,
            kind=ExchangeKind.PROPOSAL,
            body_ru="СЕКРЕТНЫЙ ТЕКСТ ПРЕДЛОЖЕНИЯ",
            target_date=target,
        )
        services.exchange_post(
            actor=world.fp_a,
            barrier=world.a,
            kind=ExchangeKind.POSITION,
            body_ru="СЕКРЕТНЫЙ ТЕКСТ ПОЗИЦИИ",
            legal_basis=LegalBasis.objects.get(code="tr-cu-021-2011"),
        )

    assert_fixed_queries(client, url, answer, ceiling=60, rows=False)
    body = client.get(url).content.decode()
    assert "FSVPS acknowledged the barrier." in body
    assert f"FSVPS proposed a solution, to be in place by {target.day} {target:%B %Y}." in body
    assert "FSVPS stated its position, citing TR CU 021/2011." in body
    assert "СЕКРЕТНЫЙ" not in body
    # Merged by date with the status history: the answers come after "Report accepted".
    timeline = body[body.index('id="timeline-title"') :]
    assert timeline.index("Report accepted") < timeline.index("FSVPS acknowledged")
    assert timeline.index("FSVPS acknowledged") < timeline.index("FSVPS proposed")
