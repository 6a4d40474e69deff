"""Sharing a barrier with its regulator (services.barrier_share / barrier_unshare) and what the
counterpart may then read (barriers.selectors.counterparts)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from barriers import selectors, services
from barriers.domain.errors import DomainError
from barriers.models import AuditEvent, BarrierShare, Message, MessageVisibility
from tests import factories
from tests.api_factories import pdf_upload
from tests.counterparts.helpers import (
    CONSENTED,
    EXPORTER_MESSAGE,
    INTERNAL_NOTE,
    UNCONSENTED,
    accepted_barrier,
    focal_point,
    regulator_a,
    regulator_b,
    share,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    official = factories.triage_officer()
    ra, rb = regulator_a(), regulator_b()
    barrier_a = accepted_barrier(
        ra, official=official, companies=((CONSENTED, True), (UNCONSENTED, False))
    )
    barrier_b = accepted_barrier(rb, official=official, companies=(("Bravo Tea Ltd", True),))
    return {
        "official": official,
        "ra": ra,
        "rb": rb,
        "a": barrier_a,
        "b": barrier_b,
        "fp_a": focal_point(ra),
        "fp_b": focal_point(rb),
    }


# --- the services ------------------------------------------------------------------------------


def test_sharing_writes_the_texts_an_audit_event_and_an_internal_note(world: dict) -> None:
    result = share(world["a"], world["official"])

    assert result.regulator_id == world["ra"].pk and result.is_active
    assert result.title_ru.startswith("Задержка") and result.shared_by == world["official"]
    event = AuditEvent.objects.get(field="shared_with", object_id=str(world["a"].pk))
    assert event.user == world["official"] and event.new_value == world["ra"].pk
    note = Message.objects.filter(barrier=world["a"], body__startswith="Shared with").get()
    assert note.visibility == MessageVisibility.INTERNAL
    assert result.history.count() == 1


def test_russian_texts_are_required_and_nothing_is_saved_without_them(world: dict) -> None:
    for field in ("title_ru", "summary_ru", "ask_ru"):
        with pytest.raises(DomainError) as refused:
            share(world["a"], world["official"], **{field: "  "})
        assert refused.value.field == field
    assert not BarrierShare.objects.exists()


def test_only_a_triage_officer_shares(world: dict) -> None:
    secretary = factories.OfficialFactory()
    with pytest.raises(DomainError):
        share(world["a"], secretary)
    with pytest.raises(DomainError):
        share(world["a"], world["fp_a"])
    assert not BarrierShare.objects.exists()


def test_a_barrier_without_a_regulator_is_not_shared(world: dict) -> None:
    services.barrier_update(barrier=world["a"], actor=world["official"], regulator=None)
    with pytest.raises(DomainError) as refused:
        share(world["a"], world["official"])
    assert refused.value.field == "regulator"


def test_only_the_barriers_own_evidence_can_be_shared(world: dict) -> None:
    report_b = world["b"].reports.get()
    foreign = services.document_attach(
        report=report_b, actor=report_b.filed_by, upload=pdf_upload(), name="b.pdf"
    )
    with pytest.raises(DomainError) as refused:
        share(world["a"], world["official"], documents=[foreign])
    assert refused.value.field == "documents"


def test_unsharing_takes_it_back_and_is_on_the_record(world: dict) -> None:
    share(world["a"], world["official"])
    services.barrier_unshare(actor=world["official"], barrier=world["a"], note="Wrong regulator")

    assert selectors.barriers_for_counterpart(viewer=world["fp_a"]).count() == 0
    events = AuditEvent.objects.filter(field="shared_with").order_by("pk")
    assert [(e.old_value, e.new_value) for e in events] == [("", "ru-fsvps"), ("ru-fsvps", "")]
    with pytest.raises(DomainError):
        services.barrier_unshare(actor=world["official"], barrier=world["a"])
    # Sharing again opens it again.
    share(world["a"], world["official"])
    assert selectors.barriers_for_counterpart(viewer=world["fp_a"]).count() == 1


# --- isolation ---------------------------------------------------------------------------------


def test_a_focal_point_sees_only_barriers_shared_with_its_own_regulator(world: dict) -> None:
    assert not selectors.barriers_for_counterpart(viewer=world["fp_a"]).exists()  # none shared
    share(world["a"], world["official"])
    share(world["b"], world["official"])

    assert [b.reference for b in selectors.barriers_for_counterpart(viewer=world["fp_a"])] == [
        world["a"].reference
    ]
    assert (
        selectors.barrier_get_for_counterpart(viewer=world["fp_a"], reference=world["b"].reference)
        is None
    )
    assert (
        selectors.counterpart_barrier(viewer=world["fp_a"], reference=world["b"].reference) is None
    )
    assert [b.reference for b in selectors.counterpart_barriers(viewer=world["fp_b"])] == [
        world["b"].reference
    ]


def test_nobody_else_reads_through_the_counterpart_selectors(world: dict) -> None:
    share(world["a"], world["official"])
    exporter = world["a"].reports.first().filed_by
    inactive = focal_point(world["ra"], is_active=False)
    for viewer in (world["official"], exporter, inactive, factories.UserFactory()):
        assert not selectors.barriers_for_counterpart(viewer=viewer).exists()


def test_rerouting_a_barrier_takes_it_from_the_old_regulator(world: dict) -> None:
    share(world["a"], world["official"])
    services.barrier_update(barrier=world["a"], actor=world["official"], regulator=world["rb"])

    assert not selectors.barriers_for_counterpart(viewer=world["fp_a"]).exists()
    assert not selectors.barriers_for_counterpart(viewer=world["fp_b"]).exists()


def test_the_counterpart_view_holds_exactly_what_may_be_seen(world: dict) -> None:
    report = world["a"].reports.order_by("pk").first()
    chosen = services.document_attach(
        report=report, actor=report.filed_by, upload=pdf_upload(), name="listing.pdf"
    )
    services.document_attach(
        report=report, actor=report.filed_by, upload=pdf_upload(), name="not-chosen.pdf"
    )
    share(world["a"], world["official"], documents=[chosen])

    view = selectors.counterpart_barrier(viewer=world["fp_a"], reference=world["a"].reference)

    assert view is not None
    assert view.title_ru.startswith("Задержка") and view.ask_en.startswith("Please")
    assert view.companies == 2
    assert view.named_companies == (CONSENTED,)
    assert [d.name for d in view.documents] == ["listing.pdf"]
    assert [p.code for p in view.products] and [c.code for c in view.countries] == ["RU"]
    assert view.days_pending >= 200 and view.first_applied_on is not None
    text = repr(view)
    for secret in (INTERNAL_NOTE, EXPORTER_MESSAGE, UNCONSENTED, "250000", "@example.org"):
        assert secret not in text
    assert "manual_priority" not in text and "score" not in text
    assert (
        selectors.shared_document_get_for_counterpart(
            viewer=world["fp_a"], reference=world["a"].reference, document_id=chosen.pk
        )
        == chosen
    )
    assert (
        selectors.shared_document_get_for_counterpart(
            viewer=world["fp_b"], reference=world["a"].reference, document_id=chosen.pk
        )
        is None
    )


def test_the_list_is_built_in_a_fixed_number_of_queries(
    world: dict, django_assert_max_num_queries
) -> None:
    share(world["a"], world["official"])
    more = accepted_barrier(world["ra"], official=world["official"], companies=(("C", True),))
    share(more, world["official"])
    with django_assert_max_num_queries(5):
        views = selectors.counterpart_barriers(viewer=world["fp_a"])
    assert len(views) == 2


# --- the admin ---------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_triage_officer_shares_from_the_barrier_page(world: dict) -> None:
    client = _client(world["official"])
    change = reverse("admin:barriers_barrier_change", args=[world["a"].pk])
    step = reverse("admin:barriers_barrier_step", args=[world["a"].pk, "share"])
    assert step in client.get(change).content.decode()
    assert client.get(step).status_code == 200

    missing = client.post(step, {"title_ru": "", "summary_ru": "x", "ask_ru": "y"})
    assert missing.status_code == 200 and not BarrierShare.objects.exists()

    response = client.post(
        step,
        {
            "title_ru": "Задержка",
            "title_en": "Delay",
            "summary_ru": "Кратко",
            "summary_en": "Briefly",
            "ask_ru": "Просим",
            "ask_en": "Please",
        },
    )
    assert response.status_code == 302
    assert BarrierShare.objects.get().title_ru == "Задержка"
    unshare = reverse("admin:barriers_barrier_step", args=[world["a"].pk, "unshare"])
    assert unshare in client.get(change).content.decode()
    assert client.post(unshare, {"note": "later"}).status_code == 302
    assert not BarrierShare.objects.get().is_active


def test_a_triage_officer_shares_several_barriers_at_once(world: dict) -> None:
    for barrier in (world["a"], world["b"]):
        services.barrier_update(
            barrier=barrier,
            actor=world["official"],
            title_ru=f"Барьер {barrier.reference}",
            summary_ru="Описание",
        )
    client = _client(world["official"])
    response = client.post(
        reverse("admin:barriers_barrier_changelist"),
        {
            "action": "share",
            "_selected_action": [world["a"].pk, world["b"].pk],
            "apply": "1",
            "ask_ru": "Просим ускорить",
        },
    )
    assert response.status_code == 302
    shares = {s.barrier_id: s for s in BarrierShare.objects.all()}
    assert set(shares) == {world["a"].pk, world["b"].pk}
    assert shares[world["a"].pk].title_ru == f"Барьер {world['a'].reference}"
    assert shares[world["b"].pk].ask_ru == "Просим ускорить"


def test_officials_without_the_permission_get_no_share_step(world: dict) -> None:
    from django.contrib.auth.models import Group

    from barriers.accounts.roles import AGENDA_SECRETARY

    secretary = factories.OfficialFactory()
    secretary.groups.add(Group.objects.get(name=AGENDA_SECRETARY))
    client = _client(secretary)
    step = reverse("admin:barriers_barrier_step", args=[world["a"].pk, "share"])
    assert client.get(step).status_code == 403
