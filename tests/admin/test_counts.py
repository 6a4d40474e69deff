"""The admin's capped counts say "more than" instead of a misleading exact number."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from barriers.accounts.roles import TRIAGE_OFFICER
from barriers.admin.base import CappedCountPaginator
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def triage_client(client):
    official = factories.OfficialFactory()
    official.groups.add(Group.objects.get(name=TRIAGE_OFFICER))
    client.force_login(official)
    return client


def test_a_count_over_the_cap_reads_more_than(triage_client, monkeypatch) -> None:
    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    for _ in range(5):
        factories.report_file(title="Plant listing pending for shrimp")

    page = triage_client.get(reverse("admin:barriers_report_changelist"), {"q": "shrimp"})

    text = page.content.decode()
    assert page.status_code == 200
    if connection.vendor == "postgresql":
        # A search's facet query counts every match (FacetChangeList.searched_counts): the
        # list shows that exact number rather than a capped one.
        assert "5 results" in text and "5 reports" in text
        assert "more than" not in text
    else:
        assert "more than 3 results" in text
        assert "more than 3 reports" in text
        assert "4 results" not in text


def test_an_unsearched_list_over_the_cap_reads_more_than(triage_client, monkeypatch) -> None:
    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    for _ in range(5):
        factories.report_file(title="Plant listing pending for shrimp")

    text = triage_client.get(reverse("admin:barriers_report_changelist")).content.decode()

    if connection.vendor == "postgresql":
        # The counts the database keeps (barriers_facetcount) give the exact total at no cost.
        assert "5 reports" in text
        assert "more than" not in text
    else:
        assert "more than 3 reports" in text


def test_a_count_under_the_cap_is_exact(triage_client) -> None:
    for _ in range(2):
        factories.report_file(title="Plant listing pending for shrimp")

    page = triage_client.get(reverse("admin:barriers_report_changelist"), {"q": "shrimp"})

    text = page.content.decode()
    assert "2 results" in text
    assert "2 reports" in text
    assert "more than" not in text
