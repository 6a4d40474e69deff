"""Meetings and agendas through the API: officials read, the agenda secretary drafts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.test import APIClient

from barriers import services
from barriers.models import AgendaItem
from tests import factories
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def secretary():
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name="Agenda secretary"))
    return user


@pytest.fixture
def analyst():
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name="Analyst"))
    return user


@pytest.fixture
def meeting():
    return services.meeting_create(
        actor=None, code="2026-Q4", date=timezone.localdate() + dt.timedelta(days=30), capacity=1
    )


def test_secretary_drafts_the_agenda_and_reads_it_back(secretary, meeting) -> None:
    big = barrier_with_reports(secretary, title="Big", trade_value="900000")
    small = barrier_with_reports(secretary, title="Small", trade_value="100")

    response = client_for(secretary).post("/api/v1/meetings/2026-Q4/draft/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["meeting"]["status"] == "agenda_draft"
    assert [i["barrier"]["reference"] for i in body["agenda"]] == [big.reference]
    assert [i["barrier"]["reference"] for i in body["reserve"]] == [small.reference]
    assert body["agenda"][0]["score_breakdown"]["trade_value"]["value"] == "900000.00"
    again = client_for(secretary).get("/api/v1/meetings/2026-Q4/agenda/").json()
    assert again == body


def test_drafting_after_freeze_answers_409_with_the_reason(secretary, meeting) -> None:
    barrier_with_reports(secretary)
    services.agenda_draft(meeting=meeting, actor=secretary)
    factories.agenda_in_russian(meeting)
    services.agenda_freeze(meeting=meeting, actor=secretary)

    response = client_for(secretary).post("/api/v1/meetings/2026-Q4/draft/")

    assert response.status_code == 409
    assert "frozen" in response.json()["detail"]
    assert response.json()["code"] == "agenda_closed"


def test_analyst_reads_but_cannot_draft(analyst, meeting) -> None:
    client = client_for(analyst)
    assert client.get("/api/v1/meetings/").status_code == 200
    assert client.get("/api/v1/meetings/2026-Q4/agenda/").status_code == 200
    assert client.post("/api/v1/meetings/2026-Q4/draft/").status_code == 403
    assert not AgendaItem.objects.exists()


def test_exporters_and_strangers_cannot_see_meetings(meeting) -> None:
    exporter = factories.ExporterFactory()
    assert client_for(exporter).get("/api/v1/meetings/").status_code == 403
    assert client_for(exporter).post("/api/v1/meetings/2026-Q4/draft/").status_code == 403
    assert APIClient().get("/api/v1/meetings/2026-Q4/agenda/").status_code == 401


def test_unknown_meeting_is_404(secretary) -> None:
    assert client_for(secretary).get("/api/v1/meetings/2031-Q1/agenda/").status_code == 404
