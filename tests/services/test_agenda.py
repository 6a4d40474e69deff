"""Drafting, adjusting and freezing a meeting's agenda through the services."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from barriers import services
from barriers.domain.errors import DomainError
from barriers.models import (
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierStatus,
    Meeting,
    MeetingStatus,
    OutboundEmail,
    Remit,
    RoutingSettings,
)
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def barrier_with_reports(
    official,
    *,
    title: str = "Listing backlog",
    companies: int = 1,
    trade_value: str = "100000",
    regulator: factories.models.Regulator | None = None,
    verified: bool = True,
    **barrier_fields: object,
) -> Barrier:
    """A barrier gathering accepted reports from `companies` different companies.

    With `verified`, a triage officer has verified each report's figures as declared, so the
    score counts them in full (unverified, they count up to DECLARED_TRADE_VALUE_CAP_USD).
    """
    barrier = None
    officer = factories.triage_officer() if verified else None
    for _ in range(companies):
        report = factories.report_file(
            title=title,
            trade_value_usd=Decimal(trade_value),
            regulator=regulator or factories.RegulatorFactory(),
        )
        services.report_start_review(report=report, actor=official)
        services.report_accept(report=report, actor=official, barrier=barrier)
        report.refresh_from_db()
        if officer is not None:
            factories.report_verify(report, actor=officer)
        barrier = report.barrier
    assert barrier is not None
    if barrier_fields:
        Barrier.objects.filter(pk=barrier.pk).update(**barrier_fields)
        barrier.refresh_from_db()
    return barrier


def meeting(code: str = "2026-Q4", days_ahead: int = 30, capacity: int = 20) -> Meeting:
    return services.meeting_create(
        actor=None, code=code, date=TODAY + dt.timedelta(days=days_ahead), capacity=capacity
    )


def test_meeting_defaults_come_from_the_routing_settings() -> None:
    RoutingSettings.objects.create(
        pk=1, cutoff_days_before=25, circulate_days_before=18, default_capacity=12
    )
    m = services.meeting_create(actor=None, date=dt.date(2027, 3, 10))
    assert (m.code, m.cutoff_on, m.circulate_on, m.capacity) == (
        "2027-Q1",
        dt.date(2027, 2, 13),
        dt.date(2027, 2, 20),
        12,
    )
    assert m.status_changes.get().to_status == "planned"


def test_draft_ranks_the_most_urgent_barriers_first_and_stores_the_reason(official) -> None:
    small = barrier_with_reports(official, title="Small", trade_value="1000")
    big = barrier_with_reports(official, title="Big", companies=3, trade_value="900000")
    m = meeting()

    draft = services.agenda_draft(meeting=m, actor=official)

    assert [p.candidate.barrier_id for p in draft.agenda] == [big.pk, small.pk]
    item = AgendaItem.objects.get(meeting=m, barrier=big)
    assert item.position == 1 and item.section == "agenda"
    assert set(item.score_breakdown) == {
        "trade_value",
        "companies",
        "days_overdue",
        "perishability",
        "manual_priority",
        "counterpart_overdue",
    }
    assert item.score_breakdown["companies"]["value"] == "3"
    assert "USD 2,700,000 at stake" in item.reason
    m.refresh_from_db()
    assert m.status == MeetingStatus.AGENDA_DRAFT


def test_only_active_barriers_not_on_hold_are_candidates(official) -> None:
    keep = barrier_with_reports(official, title="Keep")
    barrier_with_reports(official, title="Held", on_hold=True)
    resolved = barrier_with_reports(official, title="Done")
    services.barrier_resolve(barrier=resolved, actor=official)

    services.agenda_draft(meeting=meeting(), actor=official)

    assert list(AgendaItem.objects.values_list("barrier_id", flat=True)) == [keep.pk]


def test_a_barrier_opened_by_officials_is_drafted_on_its_own_merits(official) -> None:
    with_reports = barrier_with_reports(official, title="Reported", trade_value="5000")
    opened = services.barrier_create(
        actor=official,
        title="Seen by the embassy",
        barrier_kind=factories.BarrierKindFactory(),
        sector="marine",
        regulator=factories.RegulatorFactory(remit=Remit.VETERINARY),
        manual_priority=5,
    )

    services.agenda_draft(meeting=meeting(), actor=official)

    items = {i.barrier_id: i for i in AgendaItem.objects.all()}
    assert set(items) == {with_reports.pk, opened.pk}
    item = items[opened.pk]
    assert item.section == AgendaSection.AGENDA
    assert item.track == Remit.VETERINARY
    # No reports: trade value, companies and days overdue count nothing; the priority counts.
    assert item.score_breakdown["trade_value"]["score"] == "0.000"
    assert item.score_breakdown["companies"]["score"] == "0.000"
    assert item.score_breakdown["manual_priority"]["score"] == "10.000"
    assert item.score == Decimal("10.000")
    assert "opened by officials, no reports yet" in item.reason
    assert "USD" not in item.reason


def test_a_track_beyond_its_capacity_sends_the_rest_to_the_reserve_with_the_reason(
    official,
) -> None:
    vet = factories.RegulatorFactory(remit=Remit.VETERINARY)
    plant = factories.RegulatorFactory(code="ru-plant", remit=Remit.PHYTOSANITARY)
    vets = [
        barrier_with_reports(official, title=f"Vet {i}", companies=4 - i, regulator=vet)
        for i in range(3)
    ]
    plants = [barrier_with_reports(official, title="Plant", regulator=plant)]
    m = meeting(capacity=5)
    services.meeting_update(meeting=m, actor=official, track_capacity={"veterinary": 2})

    services.agenda_draft(meeting=m, actor=official)

    agenda = AgendaItem.objects.filter(meeting=m, section=AgendaSection.AGENDA)
    assert set(agenda.values_list("barrier_id", flat=True)) == {
        vets[0].pk,
        vets[1].pk,
        plants[0].pk,
    }
    reserve = AgendaItem.objects.get(meeting=m, section=AgendaSection.RESERVE)
    assert reserve.barrier_id == vets[2].pk
    assert reserve.reason.startswith("Reserve: the veterinary track is full (capacity 2).")


def test_the_meeting_wide_capacity_still_caps_the_agenda_when_tracks_have_room(official) -> None:
    vet = factories.RegulatorFactory(remit=Remit.VETERINARY)
    for i in range(3):
        barrier_with_reports(official, title=f"Vet {i}", companies=4 - i, regulator=vet)
    m = meeting(capacity=2)

    services.agenda_draft(meeting=m, actor=official)

    reserve = AgendaItem.objects.get(meeting=m, section=AgendaSection.RESERVE)
    assert reserve.reason.startswith("Reserve: the agenda is full (capacity 2).")


def test_a_track_capacity_must_be_a_track_and_at_least_one(official) -> None:
    m = meeting(capacity=5)
    with pytest.raises(DomainError, match="not a track") as info:
        services.meeting_update(meeting=m, actor=official, track_capacity={"fisheries": 2})
    assert info.value.field == "track_capacity"
    with pytest.raises(DomainError, match="at least 1"):
        services.meeting_update(meeting=m, actor=official, track_capacity={"customs": 0})
    with pytest.raises(DomainError, match="more than the meeting's"):
        services.meeting_update(meeting=m, actor=official, track_capacity={"customs": 6})
    m.refresh_from_db()
    assert m.track_capacity == {}


def test_a_regulator_not_taking_part_goes_to_the_reserve_with_the_reason(official) -> None:
    present = factories.RegulatorFactory(remit=Remit.VETERINARY)
    absent = factories.RegulatorFactory(code="kz-vet", remit=Remit.VETERINARY)
    here = barrier_with_reports(official, title="Here", regulator=present)
    away = barrier_with_reports(official, title="Away", companies=5, regulator=absent)
    m = meeting()
    services.meeting_update(meeting=m, actor=official, eaeu_participants=[present])

    services.agenda_draft(meeting=m, actor=official)

    placed = {i.barrier_id: i for i in AgendaItem.objects.filter(meeting=m)}
    assert placed[here.pk].section == AgendaSection.AGENDA
    assert placed[away.pk].section == AgendaSection.RESERVE
    assert placed[away.pk].reason.startswith("Reserve: regulator not taking part in the meeting.")


def test_a_meeting_listing_no_participants_takes_every_regulator(official) -> None:
    barrier = barrier_with_reports(official, title="Anyone")

    services.agenda_draft(meeting=meeting(), actor=official)

    assert AgendaItem.objects.get(barrier=barrier).section == AgendaSection.AGENDA


def test_capacity_fills_the_agenda_and_the_rest_form_the_reserve_in_order(official) -> None:
    barriers = [
        barrier_with_reports(official, title=f"B{i}", trade_value=str(10 ** (i + 2)))
        for i in range(5)
    ]
    m = meeting(capacity=3)

    services.agenda_draft(meeting=m, actor=official)

    agenda = list(AgendaItem.objects.filter(meeting=m, section="agenda").order_by("position"))
    reserve = list(AgendaItem.objects.filter(meeting=m, section="reserve").order_by("position"))
    assert [i.barrier_id for i in agenda] == [b.pk for b in reversed(barriers[2:])]
    assert [i.barrier_id for i in reserve] == [barriers[1].pk, barriers[0].pk]
    assert [i.position for i in reserve] == [1, 2]


def test_agenda_is_grouped_in_tracks_by_the_regulators_remit(official) -> None:
    phyto = factories.RegulatorFactory(
        code="kz-phyto", remit=Remit.PHYTOSANITARY, name="Phyto", name_ru="Фито"
    )
    customs = factories.RegulatorFactory(
        code="ru-fcs", remit=Remit.CUSTOMS, name="Customs", name_ru="ФТС"
    )
    c = barrier_with_reports(official, title="Customs", trade_value="9000000", regulator=customs)
    p = barrier_with_reports(official, title="Phyto", trade_value="5000", regulator=phyto)
    v = barrier_with_reports(official, title="Vet", trade_value="100")
    m = meeting()

    services.agenda_draft(meeting=m, actor=official)

    order = list(
        AgendaItem.objects.filter(meeting=m).order_by("position").values_list("barrier_id", "track")
    )
    assert order == [(v.pk, "veterinary"), (p.pk, "phytosanitary"), (c.pk, "customs")]


def test_carry_overs_come_first_marked_with_times_raised_and_escalation(official) -> None:
    carried = barrier_with_reports(official, title="Carried", trade_value="10")
    fresh = barrier_with_reports(official, title="Fresh", companies=4, trade_value="5000000")
    for n, code in enumerate(["2026-Q1", "2026-Q2"], start=1):
        past = services.meeting_create(
            actor=None, code=code, date=TODAY - dt.timedelta(days=200 - n * 90)
        )
        AgendaItem.objects.create(
            meeting=past, barrier=carried, track="veterinary", position=1, outcome="discussed"
        )
        Meeting.objects.filter(pk=past.pk).update(status=MeetingStatus.CLOSED)
    m = meeting()

    services.agenda_draft(meeting=m, actor=official)

    first, second = AgendaItem.objects.filter(meeting=m).order_by("position")
    assert (first.barrier_id, first.is_carry_over, first.times_raised, first.escalate) == (
        carried.pk,
        True,
        2,
        True,
    )
    assert (second.barrier_id, second.is_carry_over, second.escalate) == (fresh.pk, False, False)
    assert first.reason.startswith("Carried over, previously raised 2 times, not yet resolved.")


def test_a_reopened_barrier_is_carried_over_to_the_next_draft(official) -> None:
    barrier = barrier_with_reports(official, title="Reopened")
    past = services.meeting_create(actor=None, code="2026-Q2", date=TODAY - dt.timedelta(days=60))
    AgendaItem.objects.create(
        meeting=past, barrier=barrier, track="veterinary", position=1, outcome="resolved"
    )
    Meeting.objects.filter(pk=past.pk).update(status=MeetingStatus.CLOSED)
    services.barrier_resolve(barrier=barrier, actor=official)
    services.barrier_reopen(
        barrier=barrier, actor=barrier.reports.first().filed_by, reason="Held again at Novorossiysk"
    )

    services.agenda_draft(meeting=meeting(), actor=official)

    item = AgendaItem.objects.get(barrier=barrier, meeting__code="2026-Q4")
    assert item.is_carry_over and item.times_raised == 1


def test_manual_changes_survive_drafting_again(official) -> None:
    low = barrier_with_reports(official, title="Low", trade_value="10")
    high = barrier_with_reports(official, title="High", trade_value="900000")
    mid = barrier_with_reports(official, title="Mid", trade_value="5000")
    m = meeting(capacity=2)
    services.agenda_draft(meeting=m, actor=official)
    assert AgendaItem.objects.get(barrier=low).section == "reserve"

    services.agenda_item_place(
        meeting=m, barrier=low, section=AgendaSection.AGENDA, actor=official, position=1
    )
    services.agenda_item_place(
        meeting=m, barrier=high, section=AgendaSection.REMOVED, actor=official
    )
    services.agenda_draft(meeting=m, actor=official)

    items = {i.barrier_id: i for i in AgendaItem.objects.filter(meeting=m)}
    assert (items[low.pk].section, items[low.pk].position, items[low.pk].manually_changed) == (
        "agenda",
        1,
        True,
    )
    assert items[high.pk].section == "removed"
    assert (items[mid.pk].section, items[mid.pk].position) == ("agenda", 2)
    assert AgendaItem.objects.filter(meeting=m).count() == 3


def test_freezing_schedules_the_barriers_and_tells_their_exporters(official) -> None:
    on_agenda = barrier_with_reports(official, title="On agenda", trade_value="500000")
    in_reserve = barrier_with_reports(official, title="Reserve", trade_value="10")
    m = meeting(capacity=1)
    services.agenda_draft(meeting=m, actor=official)
    OutboundEmail.objects.all().delete()

    factories.agenda_in_russian(m)
    services.agenda_freeze(meeting=m, actor=official)

    on_agenda.refresh_from_db()
    in_reserve.refresh_from_db()
    m.refresh_from_db()
    assert (m.status, on_agenda.status, in_reserve.status) == ("agenda_frozen", "scheduled", "open")
    email = OutboundEmail.objects.get()
    assert "next meeting's agenda" in email.subject and on_agenda.reference in email.subject


def test_drafting_after_the_freeze_is_refused_with_a_clear_message(official) -> None:
    barrier_with_reports(official)
    m = meeting()
    services.agenda_draft(meeting=m, actor=official)
    factories.agenda_in_russian(m)
    services.agenda_freeze(meeting=m, actor=official)
    before = list(AgendaItem.objects.values_list("pk", "position", "section"))

    with pytest.raises(DomainError, match="agenda frozen; it can no longer be drafted"):
        services.agenda_draft(meeting=m, actor=official)
    with pytest.raises(DomainError):
        services.agenda_item_place(
            meeting=m, barrier=Barrier.objects.first(), section="reserve", actor=official
        )
    assert list(AgendaItem.objects.values_list("pk", "position", "section")) == before


def test_an_empty_agenda_cannot_be_frozen(official) -> None:
    m = meeting()
    services.agenda_draft(meeting=m, actor=official)
    with pytest.raises(DomainError, match="empty"):
        services.agenda_freeze(meeting=m, actor=official)


def test_drafting_runs_a_fixed_number_of_queries(official, django_assert_max_num_queries) -> None:
    m = meeting(capacity=5)
    barrier_with_reports(official, title="First")
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as small:
        services.agenda_draft(meeting=m, actor=official)
    for i in range(8):
        barrier_with_reports(official, title=f"More {i}", companies=2)
    with CaptureQueriesContext(conn) as large:
        services.agenda_draft(meeting=m, actor=official)
    # The first draft also moves the meeting to agenda_draft (a few more queries).
    assert len(large) <= len(small)


def test_drafting_again_keeps_the_items_and_their_history_says_who_drafted(official) -> None:
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    m = meeting(capacity=2)
    first, second, third = (
        barrier_with_reports(official, title=f"B{i}", trade_value=str(1000 * (i + 1)))
        for i in range(3)
    )
    services.agenda_draft(meeting=m, actor=official)
    drafted = {item.barrier_id: item.pk for item in AgendaItem.objects.filter(meeting=m)}
    assert set(drafted) == {first.pk, second.pk, third.pk}  # two on the agenda, one in reserve
    for item in AgendaItem.objects.filter(meeting=m):
        [created] = item.history.all()
        assert (created.history_type, created.history_user) == ("+", official)

    # The third barrier is resolved elsewhere: drafting again drops it and re-scores the rest.
    Barrier.objects.filter(pk=third.pk).update(status=BarrierStatus.RESOLVED)
    with CaptureQueriesContext(conn) as again:
        services.agenda_draft(meeting=m, actor=official)

    kept = {item.barrier_id: item.pk for item in AgendaItem.objects.filter(meeting=m)}
    assert kept == {first.pk: drafted[first.pk], second.pk: drafted[second.pk]}  # same rows
    for barrier in (first, second):
        item = AgendaItem.objects.get(meeting=m, barrier=barrier)
        assert [h.history_type for h in item.history.order_by("history_id")] == ["+", "~"]
    dropped = AgendaItem.history.filter(id=drafted[third.pk]).order_by("history_id")
    assert [(h.history_type, h.history_user) for h in dropped] == [
        ("+", official),
        ("-", official),
    ]
    # Re-scoring two items and dropping one: one update, one history batch, one delete (and
    # its history row): no statement per kept item.
    updates = [q for q in again.captured_queries if q["sql"].startswith("UPDATE")]
    assert len([q for q in updates if "barriers_agendaitem" in q["sql"]]) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officials_drafting_at_once_get_one_agenda() -> None:
    official = factories.OfficialFactory()
    barriers = [
        barrier_with_reports(official, title=f"B{i}", trade_value=str(1000 * (i + 1)))
        for i in range(6)
    ]
    m = meeting(capacity=4)
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def draft() -> None:
        try:
            start.wait()
            services.agenda_draft(meeting=m, actor=official)
        except BaseException as exc:  # pragma: no cover - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=draft) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    items = AgendaItem.objects.filter(meeting=m)
    assert items.count() == len(barriers)
    assert sorted(items.filter(section="agenda").values_list("position", flat=True)) == [1, 2, 3, 4]
    assert Meeting.objects.get(pk=m.pk).status_changes.filter(to_status="agenda_draft").count() == 1
    assert BarrierStatus.OPEN in set(Barrier.objects.values_list("status", flat=True))
