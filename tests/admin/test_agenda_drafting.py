"""The meeting page's drafting: a capacity per track, items numbered in agenda order, labels."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY
from barriers.models import AgendaItem, AgendaSection, Meeting, Remit, User
from tests import factories
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def secretary() -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=AGENDA_SECRETARY))
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change_url(meeting: Meeting) -> str:
    return reverse("admin:barriers_meeting_change", args=[meeting.pk])


def _form_data(response: Any) -> dict[str, Any]:
    """What the change page's form would post as it stands: its fields and the inlines'
    management forms."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if name == "eaeu_participants":
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        for key, value in formset.formset.management_form.initial.items():
            data[f"{formset.formset.prefix}-{key}"] = value
    return data


def _numbers(html: str) -> list[str]:
    return re.findall(r'<td class="agenda-pos">([^<]*)</td>', html)


def test_secretary_sets_a_capacity_per_track_and_the_draft_keeps_to_it(secretary, official) -> None:
    vet = factories.RegulatorFactory(remit=Remit.VETERINARY)
    vets = [
        barrier_with_reports(official, title=f"Vet {i}", companies=3 - i, regulator=vet)
        for i in range(3)
    ]
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=30), capacity=5
    )
    client = _client(secretary)
    data = _form_data(client.get(_change_url(meeting)))
    data["capacity_veterinary"] = "2"

    response = client.post(_change_url(meeting), data, follow=True)

    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.track_capacity == {"veterinary": 2}
    client.post(reverse("admin:barriers_meeting_draft", args=[meeting.pk]))
    page = client.get(_change_url(meeting)).content.decode()
    assert "capacity 2" in page
    reserve = AgendaItem.objects.get(meeting=meeting, section=AgendaSection.RESERVE)
    assert reserve.barrier_id == vets[2].pk
    assert "Reserve: the veterinary track is full (capacity 2)." in page


def test_a_track_capacity_above_the_meetings_is_a_form_error(secretary) -> None:
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=30), capacity=5
    )
    client = _client(secretary)
    data = _form_data(client.get(_change_url(meeting)))
    data["capacity_customs"] = "9"

    response = client.post(_change_url(meeting), data)

    assert response.status_code == 200  # the form again, with the error
    assert "more than the meeting" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.track_capacity == {}


def test_a_past_agenda_is_numbered_in_agenda_order_with_labels_only_when_true(
    secretary, official
) -> None:
    vet = factories.RegulatorFactory(remit=Remit.VETERINARY)
    plant = factories.RegulatorFactory(code="ru-plant", remit=Remit.PHYTOSANITARY)
    first = barrier_with_reports(official, title="Vet first", companies=3, regulator=vet)
    second = barrier_with_reports(official, title="Vet second", companies=2, regulator=vet)
    third = barrier_with_reports(official, title="Plant", companies=1, regulator=plant)
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=TODAY + dt.timedelta(days=30), capacity=5
    )
    services.agenda_draft(meeting=meeting, actor=official)
    # Positions as hand moves leave them: not in the order the tracks are printed.
    for barrier, position in ((first, 7), (second, 2), (third, 1)):
        AgendaItem.objects.filter(meeting=meeting, barrier=barrier).update(position=position)
    # A carry-over that was deferred, never raised: "carried over", no "0 times".
    AgendaItem.objects.filter(meeting=meeting, barrier=third).update(
        is_carry_over=True, times_raised=0, escalate=False
    )
    AgendaItem.objects.filter(meeting=meeting, barrier=first).update(
        is_carry_over=True, times_raised=2, escalate=True
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        status="held",
        date=TODAY - dt.timedelta(days=1),
        cutoff_on=TODAY - dt.timedelta(days=20),
        circulate_on=TODAY - dt.timedelta(days=15),
    )

    html = _client(secretary).get(_change_url(meeting)).content.decode()

    # Veterinary (second at 2, first at 7), then phytosanitary: numbered 1, 2, 3 as printed.
    assert _numbers(html) == ["1", "2", "3"]
    assert html.index(second.reference) < html.index(first.reference) < html.index(third.reference)
    assert "0 times" not in html and "raised (0" not in html
    assert "carried over" in html
    assert "previously raised 2 times" in html and "escalated" in html
    second_row = html[html.index(f'id="item-{_item(meeting, second).pk}"') :]
    second_row = second_row[: second_row.index("</tr>")]
    assert "carried over" not in second_row and "previously raised" not in second_row


def _item(meeting: Meeting, barrier: Any) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, barrier=barrier)
