"""The exchange on a shared barrier (services.exchange_post): who may write what, the deadlines it
meets and opens on the right calendar, "pending on", the e-mails, and bad input refused whole."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from barriers import services
from barriers.domain import workdays
from barriers.domain.errors import DomainError
from barriers.models import (
    BarrierStatus,
    Deadline,
    DeadlineStage,
    Exchange,
    ExchangeDocument,
    ExchangeKind,
    LegalBasis,
    OutboundEmail,
    Party,
    PendingOn,
)
from tests import factories
from tests.api_factories import pdf_upload
from tests.counterparts.helpers import (
    CONSENTED,
    UNCONSENTED,
    accepted_barrier,
    focal_point,
    regulator_a,
    regulator_b,
    share,
)

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def world() -> dict:
    official = factories.triage_officer()
    ra, rb = regulator_a(), regulator_b()
    barrier_a = accepted_barrier(
        ra, official=official, companies=((CONSENTED, True), (UNCONSENTED, False))
    )
    barrier_b = accepted_barrier(rb, official=official, companies=(("Bravo Tea Ltd", True),))
    share(barrier_a, official)
    share(barrier_b, official)
    return {
        "official": official,
        "ra": ra,
        "rb": rb,
        "a": barrier_a,
        "b": barrier_b,
        "fp_a": focal_point(ra),
        "fp_b": focal_point(rb),
    }


def _open(barrier, stage: str) -> Deadline:
    return Deadline.objects.get(barrier=barrier, stage=stage, met_at__isnull=True)


def test_sharing_opens_the_two_counterpart_deadlines_on_the_regulators_calendar(
    world: dict,
) -> None:
    ack = _open(world["a"], DeadlineStage.ACKNOWLEDGE)
    propose = _open(world["a"], DeadlineStage.PROPOSE)
    assert ack.party == propose.party == Party.EAEU
    assert ack.calendar == "RU"  # Rosselkhoznadzor
    assert ack.due_on == workdays.add_working_days(ack.opened_on, 10, "RU")
    assert propose.due_on == workdays.add_working_days(propose.opened_on, 40, "RU")
    # The EEC, a body of the Union itself, counts on Russia's calendar.
    assert _open(world["b"], DeadlineStage.ACKNOWLEDGE).calendar == "RU"


def test_a_deadline_across_the_russian_new_year_holidays_skips_them() -> None:
    # Opened on Monday 28 December 2026: 29 and 30 December count, 31 December and 1–8 January
    # are public holidays in Russia; ten working days end on Wednesday 20 January 2027.
    assert workdays.add_working_days(dt.date(2026, 12, 28), 10, "RU") == dt.date(2027, 1, 20)
    # Without holidays (weekdays only) the same ten days end on 11 January.
    assert workdays.add_working_days(dt.date(2026, 12, 28), 10) == dt.date(2027, 1, 11)
    # India's calendar has no holiday in those days (Republic Day is 26 January).
    assert workdays.add_working_days(dt.date(2026, 12, 28), 10, "IN") == dt.date(2027, 1, 11)
    assert workdays.working_days_between(dt.date(2026, 12, 28), dt.date(2027, 1, 20), "RU") == 10


def test_acknowledgement_meets_its_deadline_and_keeps_the_solution_due(world: dict) -> None:
    exchange = services.exchange_post(
        actor=world["fp_a"],
        barrier=world["a"],
        kind=ExchangeKind.ACKNOWLEDGEMENT,
        body_ru="Получено, рассматриваем.",
    )
    assert exchange.party == Party.EAEU and exchange.regulator == world["ra"]
    met = Deadline.objects.get(barrier=world["a"], stage=DeadlineStage.ACKNOWLEDGE)
    assert met.met_by == exchange and not met.cancelled
    assert _open(world["a"], DeadlineStage.PROPOSE)
    world["a"].refresh_from_db()
    assert world["a"].pending_on == PendingOn.EAEU
    with pytest.raises(DomainError, match="already acknowledged"):
        services.exchange_post(
            actor=world["fp_a"],
            barrier=world["a"],
            kind=ExchangeKind.ACKNOWLEDGEMENT,
            body_ru="Ещё раз.",
        )


def test_a_proposal_needs_a_future_date_and_tells_officials_and_exporters(
    world: dict, django_capture_on_commit_callbacks
) -> None:
    with pytest.raises(DomainError) as missing:
        services.exchange_post(
            actor=world["fp_a"], barrier=world["a"], kind=ExchangeKind.PROPOSAL, body_ru="Текст"
        )
    assert missing.value.field == "target_date"
    with pytest.raises(DomainError) as past:
        services.exchange_post(
            actor=world["fp_a"],
            barrier=world["a"],
            kind=ExchangeKind.PROPOSAL,
            body_ru="Текст",
            target_date=dt.date(2020, 1, 1),
        )
    assert past.value.field == "target_date"
    assert not Exchange.objects.exists()

    target = dt.date.today() + dt.timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        services.exchange_post(
            actor=world["fp_a"],
            barrier=world["a"],
            kind=ExchangeKind.PROPOSAL,
            body_ru="Предлагаем инспекцию предприятия.",
            target_date=target,
        )
    assert not Deadline.objects.filter(barrier=world["a"], met_at__isnull=True).exists()
    world["a"].refresh_from_db()
    assert world["a"].pending_on == PendingOn.INDIA
    # The outbox (delivered by a worker on PostgreSQL, in process on SQLite).
    subjects = list(OutboundEmail.objects.values_list("subject", flat=True))
    line = f"proposed a solution, to be in place by {target.day} {target:%B %Y}"
    # The owner (or the triage officers) and each company with an accepted report.
    assert sum(line in subject for subject in subjects) == 3
    exporters = OutboundEmail.objects.filter(body__contains="weigh the proposal")
    assert exporters.count() == 2 and not exporters.filter(body__icontains="инспекц").exists()


def test_a_position_cites_its_legal_basis(world: dict) -> None:
    with pytest.raises(DomainError) as missing:
        services.exchange_post(
            actor=world["fp_a"], barrier=world["a"], kind=ExchangeKind.POSITION, body_ru="Текст"
        )
    assert missing.value.field == "legal_basis"
    basis = LegalBasis.objects.get(code="eec-council-decision-94")
    exchange = services.exchange_post(
        actor=world["fp_a"],
        barrier=world["a"],
        kind=ExchangeKind.POSITION,
        body_ru="Инспекция проводится в соответствии с Решением № 94.",
        legal_basis=basis,
    )
    assert exchange.legal_basis == basis


def test_clarification_opens_indias_deadline_and_the_reply_meets_it(world: dict) -> None:
    question = services.exchange_post(
        actor=world["fp_a"],
        barrier=world["a"],
        kind=ExchangeKind.CLARIFICATION,
        body_ru="Просим уточнить номер предприятия.",
    )
    due = _open(world["a"], DeadlineStage.ANSWER_CLARIFICATION)
    assert due.party == Party.INDIA and due.calendar == "IN"
    world["a"].refresh_from_db()
    assert world["a"].pending_on == PendingOn.INDIA
    services.exchange_post(
        actor=world["official"],
        barrier=world["a"],
        kind=ExchangeKind.REPLY,
        body_en="The plant's number is 1234.",
        in_reply_to=question,
    )
    due.refresh_from_db()
    assert due.met_at is not None
    world["a"].refresh_from_db()
    assert world["a"].pending_on == PendingOn.EAEU


def test_resolved_moves_the_barrier_and_asks_the_exporters_to_confirm(
    world: dict, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.exchange_post(
            actor=world["fp_a"],
            barrier=world["a"],
            kind=ExchangeKind.RESOLVED,
            body_ru="Предприятие включено в реестр.",
        )
    world["a"].refresh_from_db()
    assert world["a"].status == BarrierStatus.RESOLVED
    assert world["a"].pending_on == PendingOn.EXPORTER
    assert OutboundEmail.objects.filter(subject__contains="are shipments clearing?").exists()
    # A closed barrier takes no more answers.
    with pytest.raises(DomainError, match="closed"):
        services.exchange_post(
            actor=world["fp_a"], barrier=world["a"], kind=ExchangeKind.CLARIFICATION, body_ru="?"
        )


def test_a_focal_point_cannot_answer_for_another_regulator_or_an_unshared_barrier(
    world: dict,
) -> None:
    with pytest.raises(DomainError, match="not shared with your regulator"):
        services.exchange_post(
            actor=world["fp_b"],
            barrier=world["a"],
            kind=ExchangeKind.ACKNOWLEDGEMENT,
            body_ru="Чужой барьер.",
        )
    services.barrier_unshare(actor=world["official"], barrier=world["a"])
    assert not Deadline.objects.filter(barrier=world["a"], met_at__isnull=True).exists()
    assert Deadline.objects.filter(barrier=world["a"], cancelled=True).count() == 2
    with pytest.raises(DomainError, match="not shared with your regulator"):
        services.exchange_post(
            actor=world["fp_a"],
            barrier=world["a"],
            kind=ExchangeKind.ACKNOWLEDGEMENT,
            body_ru="Уже не передан.",
        )
    # Exporters and officials do not post the counterpart's kinds; focal points not India's.
    exporter = world["a"].reports.first().filed_by
    with pytest.raises(DomainError):
        services.exchange_post(
            actor=exporter, barrier=world["b"], kind=ExchangeKind.ACKNOWLEDGEMENT, body_ru="x"
        )
    with pytest.raises(DomainError):
        services.exchange_post(
            actor=world["fp_b"], barrier=world["b"], kind=ExchangeKind.REPLY, body_ru="x"
        )
    assert not Exchange.objects.exists()


def test_a_refused_file_stores_nothing(world: dict) -> None:
    bad = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError) as refused:
        services.exchange_post(
            actor=world["fp_a"],
            barrier=world["a"],
            kind=ExchangeKind.ACKNOWLEDGEMENT,
            body_ru="Письмо во вложении.",
            files=[pdf_upload("ok.pdf"), bad],
        )
    assert refused.value.field == "documents" and "letter.pdf" in refused.value.message
    assert not Exchange.objects.exists() and not ExchangeDocument.objects.exists()
    exchange = services.exchange_post(
        actor=world["fp_a"],
        barrier=world["a"],
        kind=ExchangeKind.ACKNOWLEDGEMENT,
        body_ru="Письмо во вложении.",
        files=[pdf_upload("letter.pdf")],
    )
    assert [d.original_name for d in exchange.documents.all()] == ["letter.pdf"]


def test_reminders_go_once_before_and_once_after_in_russian_first(world: dict) -> None:
    ack = _open(world["a"], DeadlineStage.ACKNOWLEDGE)
    day_before = workdays.add_working_days(ack.opened_on, 8, "RU")
    with time_machine.travel(dt.datetime.combine(day_before, dt.time(6, 0)), tick=False):
        assert services.deadline_reminders_send(today=day_before) >= 1
        assert services.deadline_reminders_send(today=day_before) == 0
    before = OutboundEmail.objects.get(dedupe_key=f"deadline:{ack.pk}:before")
    assert before.body.startswith("Напоминаем") and world["fp_a"].email in before.to
    after = ack.due_on + dt.timedelta(days=1)
    services.deadline_reminders_send(today=after)
    late = OutboundEmail.objects.get(dedupe_key=f"deadline:{ack.pk}:after")
    assert late.body.startswith("Срок истёк") and world["fp_a"].email in late.to
    assert services.deadline_reminders_send(today=after) == 0


def test_selectors_scope_the_history_and_give_the_latest_answer_and_public_lines(
    world: dict,
) -> None:
    from barriers import selectors

    services.exchange_post(
        actor=world["fp_a"], barrier=world["a"], kind=ExchangeKind.ACKNOWLEDGEMENT, body_ru="Да."
    )
    target = dt.date.today() + dt.timedelta(days=90)
    services.exchange_post(
        actor=world["fp_a"],
        barrier=world["a"],
        kind=ExchangeKind.PROPOSAL,
        body_ru="Инспекция предприятия.",
        target_date=target,
    )
    reference = world["a"].reference
    assert [
        e.kind
        for e in selectors.exchanges_for_counterpart(viewer=world["fp_a"], reference=reference)
    ] == [ExchangeKind.ACKNOWLEDGEMENT, ExchangeKind.PROPOSAL]
    assert selectors.exchanges_for_counterpart(viewer=world["fp_b"], reference=reference) is None
    latest = selectors.latest_answers([world["a"].pk, world["b"].pk])
    assert set(latest) == {world["a"].pk} and latest[world["a"].pk].target_date == target
    lines = [p.line for p in selectors.public_exchanges([world["a"].pk])[world["a"].pk]]
    assert lines[0].endswith("acknowledged the barrier.")
    assert f"by {target.day} {target:%B %Y}" in lines[1]
    assert all("Инспекция" not in line for line in lines)


def test_re_routing_a_shared_barrier_cancels_what_the_old_regulator_owed(world: dict) -> None:
    services.barrier_update(barrier=world["a"], actor=world["official"], regulator=world["rb"])
    assert not Deadline.objects.filter(barrier=world["a"], met_at__isnull=True).exists()
    assert (
        services.deadline_reminders_send(today=dt.date.today() + dt.timedelta(days=400))
        == Deadline.objects.filter(met_at__isnull=True).count()
    )
    with pytest.raises(DomainError, match="not shared with your regulator"):
        services.exchange_post(
            actor=world["fp_a"], barrier=world["a"], kind=ExchangeKind.ACKNOWLEDGEMENT, body_ru="x"
        )


def test_the_reminders_command_runs_as_of_a_day_and_refuses_a_bad_one(world: dict) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    ack = _open(world["a"], DeadlineStage.ACKNOWLEDGE)
    out = StringIO()
    call_command(
        "send_deadline_reminders",
        "--today",
        (ack.due_on + dt.timedelta(days=1)).isoformat(),
        stdout=out,
    )
    assert "reminders queued" in out.getvalue()
    assert OutboundEmail.objects.filter(dedupe_key=f"deadline:{ack.pk}:after").exists()
    with pytest.raises(CommandError, match="not a date"):
        call_command("send_deadline_reminders", "--today", "20.01.2027")
