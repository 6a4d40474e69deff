"""The database itself refuses bad data: constraints, uniqueness and append-only history."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from barriers import services
from barriers.models import (
    ActionPoint,
    AgendaItem,
    Barrier,
    Company,
    Meeting,
    Message,
    Report,
    StatusChange,
)
from tests import factories

pytestmark = pytest.mark.django_db


def _update_refused(model: type[Model], pk: int, **values: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=pk).update(**values)


@pytest.fixture
def report() -> Report:
    return factories.report_file()


@pytest.fixture
def barrier(official) -> Barrier:
    return services.barrier_create(
        actor=official,
        title="Listing backlog",
        barrier_kind=factories.BarrierKindFactory(),
        sector="marine",
    )


@pytest.fixture
def meeting() -> Meeting:
    day = timezone.localdate() + dt.timedelta(days=30)
    return Meeting.objects.create(
        code="2026-Q4",
        date=day,
        cutoff_on=day - dt.timedelta(days=20),
        circulate_on=day - dt.timedelta(days=15),
    )


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"trade_value_usd": Decimal("-0.01")}, "trade_value"),
        ({"status": "approved"}, "status"),
        ({"status": "accepted"}, "accepted_has_barrier"),
        ({"rejection_reason": "bored"}, "rejection_reason"),
        ({"reference": "REP-26-1"}, "reference_format"),
    ],
)
def test_database_refuses_bad_report_values(report: Report, values: dict, constraint: str) -> None:
    _update_refused(Report, report.pk, **values)
    assert Report.objects.get(pk=report.pk).status == "submitted"


def test_database_refuses_a_decision_before_the_application(report: Report) -> None:
    _update_refused(
        Report, report.pk, decision_received_on=report.applied_on - dt.timedelta(days=1)
    )


def test_database_refuses_a_duplicate_report_reference(report: Report) -> None:
    other = factories.report_file()
    _update_refused(Report, other.pk, reference=report.reference)


def test_database_refuses_negative_consignments_on_postgres_and_sqlite(report: Report) -> None:
    _update_refused(Report, report.pk, consignments_affected=-1)


def test_database_refuses_bad_barrier_values(barrier: Barrier) -> None:
    _update_refused(Barrier, barrier.pk, status="fixed")
    _update_refused(Barrier, barrier.pk, manual_priority=9)
    _update_refused(Barrier, barrier.pk, sector="textiles")


def test_database_refuses_a_malformed_iec() -> None:
    company = factories.CompanyFactory()
    _update_refused(Company, company.pk, iec="abc")
    _update_refused(Company, company.pk, gstin="not-a-gstin")


def test_database_refuses_a_second_agenda_item_for_the_same_barrier(meeting, barrier) -> None:
    AgendaItem.objects.create(meeting=meeting, barrier=barrier, track="veterinary")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, barrier=barrier, track="veterinary", position=2)


def test_database_refuses_an_outcome_on_a_reserve_item(meeting, barrier) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(
            meeting=meeting,
            barrier=barrier,
            track="veterinary",
            section="reserve",
            outcome="resolved",
        )


def test_database_refuses_bad_meeting_values(meeting: Meeting) -> None:
    _update_refused(Meeting, meeting.pk, cutoff_on=meeting.date + dt.timedelta(days=1))
    _update_refused(Meeting, meeting.pk, capacity=0)
    _update_refused(Meeting, meeting.pk, code="Q2-2026")
    _update_refused(Meeting, meeting.pk, status="cancelled")


def test_database_refuses_a_done_action_point_without_completion_date(meeting, barrier) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPoint.objects.create(
            meeting=meeting,
            barrier=barrier,
            description="List plants",
            party="eaeu",
            due_on=meeting.date,
            status="done",
        )


def test_database_refuses_a_message_on_nothing(official) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(author=official, visibility="public", body="hello")


def test_database_refuses_a_public_message_on_a_barrier(barrier, official) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(barrier=barrier, author=official, visibility="public", body="hello")


def test_database_refuses_history_without_a_subject(official) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(to_status="open", actor=official)


@pytest.mark.postgres
def test_postgres_refuses_to_edit_or_delete_status_history(report: Report) -> None:
    change = StatusChange.objects.get(report=report)
    _update_refused(StatusChange, change.pk, note="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.filter(pk=change.pk).delete()
    assert StatusChange.objects.get(pk=change.pk).note == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_references_stay_unique_when_reports_are_filed_concurrently() -> None:
    exporter = factories.ExporterFactory()
    # Reference rows exist before the threads start.
    factories.BarrierKindFactory(), factories.CountryFactory(), factories.RegulatorFactory()
    factories.HSCodeFactory()
    threads_count, per_thread = 8, 5
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def file_reports() -> None:
        try:
            barrier.wait()
            for _ in range(per_thread):
                factories.report_file(actor=exporter)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=file_reports) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    references = list(Report.objects.values_list("reference", flat=True))
    assert len(references) == threads_count * per_thread
    assert len(set(references)) == len(references)
    # No filing failed, so none left a gap: the numbers follow each other (on PostgreSQL after
    # those that earlier tests took, as sequences are not rolled back).
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    assert numbers == list(range(numbers[0], numbers[0] + threads_count * per_thread))


def test_every_model_can_be_imported_by_its_module_and_name() -> None:
    """What `manage.py shell`'s automatic imports and pickling rely on (history models too)."""
    import importlib

    from django.apps import apps

    for model in apps.get_app_config("barriers").get_models():
        module = importlib.import_module(model.__module__)
        assert getattr(module, model.__name__, None) is model, model.__name__
