"""The agenda through the API: numbered in agenda order, with the same labels as everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.test import APIClient

from barriers import services
from barriers.models import AgendaItem, Remit
from tests import factories
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db


def test_agenda_items_are_numbered_in_agenda_order_with_labels_only_when_true(official) -> None:
    vet = factories.RegulatorFactory(remit=Remit.VETERINARY)
    plant = factories.RegulatorFactory(code="ru-plant", remit=Remit.PHYTOSANITARY)
    first = barrier_with_reports(official, title="Vet", companies=2, regulator=vet)
    second = barrier_with_reports(official, title="Plant", regulator=plant)
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=timezone.localdate() + dt.timedelta(days=30)
    )
    services.agenda_draft(meeting=meeting, actor=official)
    AgendaItem.objects.filter(barrier=first).update(position=9, is_carry_over=True, times_raised=0)
    AgendaItem.objects.filter(barrier=second).update(position=1, times_raised=3, escalate=True)
    secretary = factories.OfficialFactory()
    secretary.groups.add(Group.objects.get(name="Agenda secretary"))
    client = APIClient()
    client.force_authenticate(secretary)

    body = client.get("/api/v1/meetings/2026-Q4/agenda/").json()

    items = [(i["number"], i["barrier"]["reference"], i["labels"]) for i in body["agenda"]]
    assert items == [
        (1, first.reference, ["carried over"]),
        (2, second.reference, ["previously raised 3 times", "escalated"]),
    ]
