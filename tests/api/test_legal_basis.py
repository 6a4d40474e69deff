"""A barrier's legal basis through the officials' API: read, set, cleared, filtered, refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY
from barriers.models import Barrier
from tests import factories

pytestmark = pytest.mark.django_db
FOOD_SAFETY = "tr-cu-021-2011"
LABELLING = "tr-cu-022-2011"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _barrier(title: str = "Shrimp plant listing") -> Barrier:
    return services.barrier_create(
        actor=None, title=title, barrier_kind=factories.BarrierKindFactory(), sector="marine"
    )


def _url(barrier: Barrier) -> str:
    return f"/api/v1/barriers/{barrier.reference}/"


def test_triage_officer_sets_and_clears_the_legal_basis() -> None:
    barrier = _barrier()
    officer = factories.triage_officer()
    client = client_for(officer)

    response = client.patch(_url(barrier), {"legal_basis": FOOD_SAFETY}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["legal_basis"] == FOOD_SAFETY
    barrier.refresh_from_db()
    assert barrier.legal_basis_id == FOOD_SAFETY
    assert barrier.history.first().history_user == officer
    assert client.get(_url(barrier)).json()["legal_basis"] == FOOD_SAFETY

    cleared = client.patch(_url(barrier), {"legal_basis": None}, format="json")

    assert cleared.status_code == 200 and cleared.json()["legal_basis"] is None
    barrier.refresh_from_db()
    assert barrier.legal_basis_id is None


@pytest.mark.parametrize("value", ["no-such-regulation", 7, {"code": FOOD_SAFETY}, "x\x00y"])
def test_a_legal_basis_not_in_the_reference_list_answers_400_naming_the_field(value) -> None:
    barrier = _barrier()

    response = client_for(factories.triage_officer()).patch(
        _url(barrier), {"legal_basis": value}, format="json"
    )

    assert response.status_code == 400
    assert "legal_basis" in response.json()
    barrier.refresh_from_db()
    assert barrier.legal_basis_id is None


def test_officials_who_do_not_triage_and_exporters_may_not_set_it() -> None:
    barrier = _barrier()
    secretary = factories.OfficialFactory()
    secretary.groups.add(Group.objects.get(name=AGENDA_SECRETARY))
    exporter = factories.ExporterFactory()

    for user in (secretary, exporter):
        response = client_for(user).patch(
            _url(barrier), {"legal_basis": FOOD_SAFETY}, format="json"
        )
        assert response.status_code == 403
    barrier.refresh_from_db()
    assert barrier.legal_basis_id is None


def test_the_barrier_list_filters_by_legal_basis() -> None:
    food = _barrier("Food safety certificate")
    labels = _barrier("Labelling in Russian")
    _barrier("Nothing cited")
    Barrier.objects.filter(pk=food.pk).update(legal_basis_id=FOOD_SAFETY)
    Barrier.objects.filter(pk=labels.pk).update(legal_basis_id=LABELLING)
    client = client_for(factories.triage_officer())

    response = client.get("/api/v1/barriers/", {"legal_basis": FOOD_SAFETY})

    assert response.status_code == 200
    assert [b["reference"] for b in response.json()["results"]] == [food.reference]
    assert client.get("/api/v1/barriers/", {"legal_basis": "none-such"}).json()["results"] == []


def test_the_legal_basis_is_changed_in_json_only() -> None:
    """An empty form field cannot clear it unasked: a form body is refused with 415."""
    barrier = _barrier()
    Barrier.objects.filter(pk=barrier.pk).update(legal_basis_id=FOOD_SAFETY)
    client = client_for(factories.triage_officer())

    response = client.patch(_url(barrier), {"legal_basis": ""}, format="multipart")

    assert response.status_code == 415
    barrier.refresh_from_db()
    assert barrier.legal_basis_id == FOOD_SAFETY


def test_an_empty_legal_basis_is_refused_not_read_as_null() -> None:
    barrier = _barrier()
    Barrier.objects.filter(pk=barrier.pk).update(legal_basis_id=FOOD_SAFETY)
    client = client_for(factories.triage_officer())

    response = client.patch(_url(barrier), {"legal_basis": ""}, format="json")

    assert response.status_code == 400
    assert "legal_basis" in response.json()
    barrier.refresh_from_db()
    assert barrier.legal_basis_id == FOOD_SAFETY
