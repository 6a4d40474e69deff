"""A barrier's legal basis in the admin: set by a triage officer, filtered in the changelist."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from barriers import services
from barriers.models import Barrier, LegalBasis, User
from tests import factories

pytestmark = pytest.mark.django_db
FOOD_SAFETY = "tr-cu-021-2011"
LABELLING = "tr-cu-022-2011"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _barrier(title: str = "Shrimp plant listing") -> Barrier:
    return services.barrier_create(
        actor=None, title=title, barrier_kind=factories.BarrierKindFactory(), sector="marine"
    )


def _form_data(response: Any) -> dict[str, Any]:
    """What the change page's form posts as it stands: its fields and the inlines' management
    forms."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [v.pk if isinstance(v, Model) else v for v in value]
        elif isinstance(value, Model):
            data[name] = value.pk
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        for key, value in formset.formset.management_form.initial.items():
            data[f"{formset.formset.prefix}-{key}"] = value
    return data


def test_triage_officer_sets_the_legal_basis_from_the_reference_list() -> None:
    barrier = _barrier()
    officer = factories.triage_officer()
    client = _client(officer)
    url = reverse("admin:barriers_barrier_change", args=[barrier.pk])
    page = client.get(url)
    assert 'name="legal_basis"' in page.content.decode()
    data = _form_data(page)
    data["legal_basis"] = FOOD_SAFETY

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    barrier.refresh_from_db()
    assert barrier.legal_basis_id == FOOD_SAFETY
    # Through the service: the change is in the barrier's history, by the officer.
    latest = barrier.history.first()
    assert latest.legal_basis_id == FOOD_SAFETY and latest.history_user == officer


def test_an_unknown_legal_basis_is_a_form_error() -> None:
    barrier = _barrier()
    client = _client(factories.triage_officer())
    url = reverse("admin:barriers_barrier_change", args=[barrier.pk])
    data = _form_data(client.get(url))
    data["legal_basis"] = "no-such-regulation"

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["legal_basis"]
    barrier.refresh_from_db()
    assert barrier.legal_basis_id is None


def test_the_changelist_filters_by_legal_basis_with_counts(
    admin_client: Client, django_assert_max_num_queries: Any
) -> None:
    food = _barrier("Food safety certificate")
    labels = _barrier("Labelling in Russian")
    _barrier("Nothing cited")
    Barrier.objects.filter(pk=food.pk).update(legal_basis_id=FOOD_SAFETY)
    Barrier.objects.filter(pk=labels.pk).update(legal_basis_id=LABELLING)
    url = reverse("admin:barriers_barrier_changelist")

    page = admin_client.get(url)
    filtered = admin_client.get(url, {"legal_basis__code__exact": FOOD_SAFETY})

    html = page.content.decode()
    assert LegalBasis.objects.get(pk=FOOD_SAFETY).number in html
    assert [b.pk for b in filtered.context["cl"].result_list] == [food.pk]
    with django_assert_max_num_queries(30):
        admin_client.get(url, {"legal_basis__code__exact": LABELLING})
