"""References (REP-2026-000123, BAR-2026-0042): never handed out twice, numbers may be skipped,
and on PostgreSQL concurrent filings never wait for each other's transaction."""

from __future__ import annotations

import datetime as dt
import threading
from importlib import import_module
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from barriers import selectors, services
from barriers.models import ReferenceCounter, Report
from barriers.services import base
from tests import factories

# How long a thread may wait before the test calls it stuck (a guard, not a measurement).
STUCK = 30


def _reference_data() -> None:
    """The rows report_file uses, made beforehand: no thread inserts them."""
    factories.BarrierKindFactory(), factories.CountryFactory(), factories.RegulatorFactory()
    factories.HSCodeFactory()


def _number(reference: str) -> int:
    return int(reference.rsplit("-", 1)[1])


def _forget(*years: int) -> None:
    """Start these years afresh: no counter rows, no sequences (PostgreSQL). Only in tests that
    commit (transaction=True): the sequences are dropped for good."""
    ReferenceCounter.objects.filter(year__in=years).delete()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for year in years:
            for prefix in ("REP", "BAR"):
                name = ReferenceCounter.sequence_name(prefix, year)
                cursor.execute(f"DROP SEQUENCE IF EXISTS {name}")
                base._REFERENCE_SEQUENCES_MADE.discard((connection.settings_dict["NAME"], name))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_filing_still_open_does_not_hold_up_another_filing() -> None:
    """Two exporters of one company file at once: the second report is filed (committed, with
    its reference) while the first filing's transaction is still open."""
    company = factories.CompanyFactory()
    first_exporter = factories.ExporterFactory(company=company)
    second_exporter = factories.ExporterFactory(company=company)
    _reference_data()
    first_open, release_first, second_done = threading.Event(), threading.Event(), threading.Event()
    references: dict[str, str] = {}
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                references["first"] = factories.report_file(actor=first_exporter).reference
                first_open.set()
                release_first.wait(STUCK * 2)
        except BaseException as exc:  # pragma: no cover - asserted below
            errors.append(exc)
        finally:
            first_open.set()
            connection.close()

    def second() -> None:
        try:
            references["second"] = factories.report_file(actor=second_exporter).reference
            second_done.set()
        except BaseException as exc:  # pragma: no cover - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    try:
        assert first_open.wait(STUCK), "the first filing did not get going"
        threads[1].start()
        finished_while_open = second_done.wait(STUCK)
        first_still_open = not release_first.is_set() and threads[0].is_alive()
    finally:
        release_first.set()
        for thread in threads:
            thread.join(STUCK)
    assert errors == []
    assert finished_while_open, "the second filing waited for the first filing's transaction"
    assert first_still_open
    assert references["first"] != references["second"]
    assert set(Report.objects.values_list("reference", flat=True)) == set(references.values())


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_filing_that_fails_leaves_a_gap_and_its_number_is_never_used_again() -> None:
    exporter = factories.ExporterFactory()
    before = factories.report_file(actor=exporter).reference

    class Failed(Exception):
        pass

    with pytest.raises(Failed), transaction.atomic():
        lost = factories.report_file(actor=exporter).reference
        raise Failed  # e.g. the database refuses something later in the same transaction

    after = factories.report_file(actor=exporter).reference
    assert not Report.objects.filter(reference=lost).exists()
    assert _number(lost) == _number(before) + 1
    assert _number(after) == _number(lost) + 1  # the lost number is skipped, not reused
    assert list(Report.objects.order_by("reference").values_list("reference", flat=True)) == [
        before,
        after,
    ]


@pytest.mark.django_db(transaction=True)
def test_a_new_year_starts_at_one_and_the_old_year_goes_on_where_it_was() -> None:
    """Reports and barriers are numbered by the year they are filed in (India's time)."""
    _forget(2089, 2090)
    exporter = factories.ExporterFactory()
    _reference_data()
    india = ZoneInfo(settings.TIME_ZONE)

    def file_at(moment: dt.datetime) -> tuple[str, str]:
        with time_machine.travel(moment, tick=False):
            report = factories.report_file(actor=exporter)
            barrier = services.barrier_create_from_report(report=report, actor=None)
        return report.reference, barrier.reference

    new_years_eve = dt.datetime(2089, 12, 31, 23, 50, tzinfo=india)
    assert file_at(new_years_eve) == ("REP-2089-000001", "BAR-2089-0001")
    assert file_at(new_years_eve) == ("REP-2089-000002", "BAR-2089-0002")
    # 00:10 in India is still 31 December in UTC: the year is India's.
    assert file_at(dt.datetime(2090, 1, 1, 0, 10, tzinfo=india)) == (
        "REP-2090-000001",
        "BAR-2090-0001",
    )
    # The old year's numbering is left where it was.
    assert services.reference_next(prefix="REP", width=6, year=2089) == "REP-2089-000003"
    listed = selectors.reference_counters().filter(year__in=[2089, 2090])
    assert {(c.prefix, c.year, c.last_handed_out) for c in listed} == {
        ("REP", 2089, 3),
        ("BAR", 2089, 2),
        ("REP", 2090, 1),
        ("BAR", 2090, 1),
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_after_the_upgrade_references_go_on_from_the_counters(client: Any) -> None:
    """Migration 0050 makes a sequence for each counter row, continuing after its value; the
    admin shows the last number handed out. Reversed, the counters take the sequences' values."""
    _forget(2088)
    ReferenceCounter.objects.create(prefix="REP", year=2088, last_value=41)
    ReferenceCounter.objects.create(prefix="BAR", year=2088, last_value=7)
    migration = import_module("barriers.migrations.0050_reference_sequences")

    class SchemaEditor:
        connection = connection

    with transaction.atomic():  # as migrate runs it
        migration.sequences_make(None, SchemaEditor())
    try:
        assert services.reference_next(prefix="REP", width=6, year=2088) == "REP-2088-000042"
        assert services.reference_next(prefix="BAR", width=4, year=2088) == "BAR-2088-0008"
        assert services.reference_next(prefix="REP", width=6, year=2088) == "REP-2088-000043"

        counter = selectors.reference_counters().get(prefix="REP", year=2088)
        assert counter.last_handed_out == 43
        client.force_login(factories.OfficialFactory(is_superuser=True, is_staff=True))
        page = client.get(
            reverse("admin:barriers_referencecounter_changelist"), {"year": 2088, "prefix": "REP"}
        )
        assert page.status_code == 200
        assert page.context["cl"].result_list[0].last_handed_out == 43

        # Reversed: the counter rows hold the last numbers handed out, for the old code.
        with transaction.atomic():
            migration.sequences_drop(None, SchemaEditor())
        base._REFERENCE_SEQUENCES_MADE.clear()
        assert ReferenceCounter.objects.get(prefix="REP", year=2088).last_value == 43
        assert ReferenceCounter.objects.get(prefix="BAR", year=2088).last_value == 8
    finally:
        # Forward again (as after a re-upgrade): every year's numbering goes on.
        with transaction.atomic():
            migration.sequences_make(None, SchemaEditor())
        base._REFERENCE_SEQUENCES_MADE.clear()
    assert services.reference_next(prefix="REP", width=6, year=2088) == "REP-2088-000044"
