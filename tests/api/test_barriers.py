"""The officials' barrier API: list (cursor pages, filters) and detail, with their figures."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import ANALYST
from barriers.models import (
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierStatus,
    ClosureReason,
    HSCode,
    LegalBasis,
    Meeting,
    MeetingStatus,
    Message,
    MessageVisibility,
    Outcome,
    Remit,
)
from tests import factories
from tests.api_factories import client_for
from tests.services.test_agenda import barrier_with_reports

pytestmark = pytest.mark.django_db

BARRIERS = "/api/v1/barriers/"
FIELDS = {
    "reference",
    "title",
    "title_ru",
    "status",
    "regulator",
    "country",
    "kind",
    "sector",
    "legal_basis",
    "hs_codes",
    "report_count",
    "companies_affected",
    "total_trade_value_usd",
    "pending_on",
    "times_raised",
    "closure_reason",
    "review_flagged_at",
    "published_at",
    "public_title",
    "public_summary",
    "created_at",
    "updated_at",
}


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


@pytest.fixture
def analyst(official):
    official.groups.add(Group.objects.get(name=ANALYST))
    return official


def _meeting(code: str, days_ago: int, status: str) -> Meeting:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return Meeting.objects.create(
        code=code, date=day, cutoff_on=day, circulate_on=day, status=status
    )


def _raise(barrier: Barrier, meeting: Meeting, outcome: str) -> None:
    AgendaItem.objects.create(
        meeting=meeting,
        barrier=barrier,
        section=AgendaSection.AGENDA,
        track=Remit.VETERINARY,
        outcome=outcome,
    )
    # Written directly, as history: the stored figures are brought up to date as the services do.
    services.barrier_figures_refresh(barrier_ids=[barrier.pk])


def test_barrier_list_shows_each_barriers_figures_and_no_internal_notes(analyst) -> None:
    barrier = barrier_with_reports(analyst, companies=2, trade_value="150000")
    _raise(barrier, _meeting("2025-Q3", 200, MeetingStatus.HELD), Outcome.DISCUSSED)
    _raise(barrier, _meeting("2025-Q4", 100, MeetingStatus.CLOSED), Outcome.ACTION_AGREED)
    _raise(barrier, _meeting("2026-Q1", 10, MeetingStatus.HELD), Outcome.DEFERRED)
    Message.objects.create(
        barrier=barrier,
        author=analyst,
        body="INTERNAL: the minister is not keen",
        visibility=MessageVisibility.INTERNAL,
    )
    response = client_for(analyst).get(BARRIERS)
    assert response.status_code == 200
    assert set(response.data) == {"next", "previous", "results"}
    (item,) = response.data["results"]
    assert set(item) == FIELDS
    assert item["reference"] == barrier.reference
    assert item["report_count"] == 2
    assert item["companies_affected"] == 2
    assert item["total_trade_value_usd"] == "300000.00"
    assert item["times_raised"] == 2  # the deferral does not count
    assert item["hs_codes"] == ["030617"]
    assert item["kind"] == barrier.barrier_kind_id
    assert item["regulator"] == barrier.regulator_id
    assert "INTERNAL" not in response.content.decode()

    detail = client_for(analyst).get(f"{BARRIERS}{barrier.reference}/")
    assert detail.status_code == 200
    assert detail.data == item


def test_barrier_without_reports_shows_zero_figures(analyst) -> None:
    barrier = services.barrier_create(
        actor=analyst,
        title="Residue limits for grapes",
        barrier_kind=factories.BarrierKindFactory(),
        sector="agricultural",
    )
    (item,) = client_for(analyst).get(BARRIERS).data["results"]
    assert item["reference"] == barrier.reference
    assert (item["report_count"], item["companies_affected"], item["times_raised"]) == (0, 0, 0)
    assert item["total_trade_value_usd"] == "0.00"
    assert item["regulator"] is None and item["country"] is None


def test_only_officials_allowed_to_view_barriers_may_list_them(analyst, exporter) -> None:
    barrier = barrier_with_reports(analyst)
    detail = f"{BARRIERS}{barrier.reference}/"
    assert client_for(None).get(BARRIERS).status_code == 401
    for user in (exporter, factories.OfficialFactory()):  # exporter; staff without the permission
        for url in (BARRIERS, detail):
            response = client_for(user).get(url)
            assert response.status_code == 403, (user, url)
            assert "officials allowed to view barriers" in response.data["detail"]


def test_unknown_barrier_is_404(analyst) -> None:
    for reference in ("BAR-2000-9999", "not-a-reference", "BAR-2026-0001%00"):
        assert client_for(analyst).get(f"{BARRIERS}{reference}/").status_code == 404


def test_barrier_list_pages_follow_the_cursor_newest_first(analyst) -> None:
    kind = factories.BarrierKindFactory()
    made = [
        services.barrier_create(
            actor=analyst, title=f"Barrier {n}", barrier_kind=kind, sector="agricultural"
        )
        for n in range(5)
    ]
    client = client_for(analyst)
    seen: list[str] = []
    url: str | None = f"{BARRIERS}?page_size=2"
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += [item["reference"] for item in response.data["results"]]
        url = response.data["next"]
        pages += 1
    assert pages == 3
    assert seen == [barrier.reference for barrier in reversed(made)]


def test_barrier_list_refuses_bad_page_size_cursor_and_filters_clearly(analyst) -> None:
    client = client_for(analyst)
    response = client.get(BARRIERS, {"page_size": "0"})
    assert response.status_code == 400
    assert "page_size" in response.data
    response = client.get(BARRIERS, {"cursor": "cD1ub3QtYS1kYXRl"})
    assert response.status_code == 404
    assert "cursor is not valid" in response.data["detail"]
    response = client.get(BARRIERS, {"status": "nonsense", "sector": "nonsense"})
    assert response.status_code == 400
    assert set(response.data) == {"status", "sector"}
    # A NUL character (which PostgreSQL text refuses) is a clear 400, not a server error.
    for param in ("regulator", "barrier_kind", "destination_country", "search"):
        response = client.get(BARRIERS, {param: "ru\x00"})
        assert response.status_code == 400, param
        assert "Null characters are not allowed." in response.data[param][0]


def test_barrier_list_filters(analyst) -> None:
    kz = factories.CountryFactory(
        code="KZ", name="Kazakhstan", name_ru="Казахстан", alpha3="KAZ", currency="KZT"
    )
    phyto = factories.BarrierKindFactory(code="phyto_certificate", remit="phytosanitary")
    other_regulator = factories.RegulatorFactory(code="kz-moa", abbreviation="MoA")
    shrimp = barrier_with_reports(analyst, title="Shrimp plant listing")
    grapes = services.barrier_create(
        actor=analyst,
        title="Grapes phytosanitary rejection",
        barrier_kind=phyto,
        sector="agricultural",
        regulator=other_regulator,
        destination_country=kz,
    )
    Barrier.objects.filter(pk=grapes.pk).update(status="resolved")
    client = client_for(analyst)

    def refs(**params: str) -> list[str]:
        response = client.get(BARRIERS, params)
        assert response.status_code == 200, response.data
        return [item["reference"] for item in response.data["results"]]

    assert refs() == [grapes.reference, shrimp.reference]
    assert refs(status="resolved") == [grapes.reference]
    assert refs(regulator="kz-moa") == [grapes.reference]
    assert refs(destination_country="kz") == [grapes.reference]
    assert refs(barrier_kind="phyto_certificate") == [grapes.reference]
    assert refs(sector=shrimp.sector) == [shrimp.reference]
    assert refs(search="shrimp") == [shrimp.reference]
    assert refs(search=grapes.reference) == [grapes.reference]
    assert refs(status="open", destination_country="KZ") == []


def test_barrier_figures_do_not_depend_on_other_barriers(analyst) -> None:
    """Correlated figures: each barrier's own reports only, whatever else is in the table."""
    a = barrier_with_reports(analyst, companies=3, trade_value="10")
    b = barrier_with_reports(analyst, companies=1, trade_value="5")
    figures = {
        item["reference"]: (item["report_count"], item["total_trade_value_usd"])
        for item in client_for(analyst).get(BARRIERS).data["results"]
    }
    assert figures == {a.reference: (3, "30.00"), b.reference: (1, "5.00")}
    assert Decimal(figures[a.reference][1]) == Decimal("30")


def _as_drf_would_write_it(barrier: Barrier) -> list[tuple[str, object]]:
    """The barrier through BarrierSerializer's declared fields, by DRF's own generic path (the
    HS codes from the relation), as the JSON the client receives."""
    from rest_framework import serializers
    from rest_framework.renderers import JSONRenderer

    from barriers.api.serializers import BarrierSerializer

    data = serializers.ModelSerializer.to_representation(BarrierSerializer(), barrier)
    data["closure_reason"] = data["closure_reason"] or None
    return list(json.loads(JSONRenderer().render(data)).items())


def test_barrier_list_and_page_write_exactly_what_the_declared_fields_would(analyst) -> None:
    with_reports = barrier_with_reports(analyst, companies=2, trade_value="1234.5")
    later_codes = HSCode.objects.exclude(code="030617").order_by("-code")[:2]
    with_reports.hs_codes.add(*later_codes)  # codes in code order, whatever their adding
    bare = services.barrier_create(
        actor=analyst,
        title="Residue limits for grapes",
        barrier_kind=factories.BarrierKindFactory(),
        sector="agricultural",
    )
    closed = barrier_with_reports(
        analyst,
        title="Closed and published",
        status=BarrierStatus.CLOSED_UNRESOLVED,
        closure_reason=ClosureReason.WITHDRAWN_BY_EXPORTERS,
        review_flagged_at=timezone.now(),
        published_at=timezone.now() - dt.timedelta(days=3),
        public_title="Published title",
        public_summary="Published summary",
        legal_basis=LegalBasis.objects.order_by("code").first(),
        title_ru="Закрыт",
    )
    client = client_for(analyst)
    listed = client.get(BARRIERS).json()["results"]
    assert [item["reference"] for item in listed] == [
        closed.reference,
        bare.reference,
        with_reports.reference,
    ]
    assert listed[2]["hs_codes"] == sorted(["030617", *(code.code for code in later_codes)])
    assert listed[1]["hs_codes"] == []
    for item, barrier in zip(listed, (closed, bare, with_reports), strict=True):
        expected = _as_drf_would_write_it(Barrier.objects.get(pk=barrier.pk))
        assert list(item.items()) == expected
        page = client.get(f"{BARRIERS}{barrier.reference}/")
        assert list(page.json().items()) == expected
