"""generate_data: a valid data set by construction, references that later filings continue."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F
from django.utils import timezone
from stdnum.in_ import gstin, pan

from barriers import services
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    Barrier,
    BarrierKind,
    Company,
    Country,
    HSCode,
    Meeting,
    MeetingStatus,
    Report,
    ReportStatus,
    StatusChange,
    User,
)

pytestmark = pytest.mark.django_db


def generate(**options: object) -> str:
    out = StringIO()
    call_command("generate_data", force=True, no_progress=True, seed=3, stdout=out, **options)
    return out.getvalue()


def test_refuses_with_debug_off_unless_forced(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_data", reports=10, no_progress=True)


def test_generates_the_counts_asked_for_with_every_kind_country_and_status() -> None:
    output = generate(reports=300)
    assert "300 reports" in output
    assert Report.objects.count() == 300
    assert Barrier.objects.count() == 60
    assert Company.objects.count() == 5
    used = Report.objects.values("barrier_kind").distinct().count()
    assert used == BarrierKind.objects.count()
    assert (
        Report.objects.values("destination_country").distinct().count() == Country.objects.count()
    )
    assert set(Report.objects.values_list("status", flat=True)) == set(ReportStatus.values)


def test_generated_rows_keep_the_services_invariants() -> None:
    generate(reports=300)
    # Every barrier gathers at least one accepted report; accepted reports have a barrier.
    assert not Report.objects.filter(status=ReportStatus.ACCEPTED, barrier__isnull=True).exists()
    assert (
        not Barrier.objects.annotate(n=Count("reports", filter=models_q_accepted()))
        .filter(n=0)
        .exists()
    )
    assert not Report.objects.filter(decision_received_on__lt=F("applied_on")).exists()
    assert not Report.objects.filter(hs_codes__isnull=True).exists()
    assert not Report.objects.filter(created_at__gt=timezone.now()).exists()
    # A history row for every report and barrier, starting with its creation.
    assert not Report.objects.filter(status_changes__isnull=True).exists()
    assert not Barrier.objects.filter(status_changes__isnull=True).exists()
    assert StatusChange.objects.filter(report__isnull=False, from_status="").count() == 300
    # Companies pass the model's validators (PAN-format IEC, GSTIN check character).
    for company in Company.objects.all():
        company.full_clean()
    for user in User.objects.filter(company__isnull=False)[:20]:
        assert user.check_password("generated-pass-2026")


def models_q_accepted():
    from django.db.models import Q

    return Q(reports__status=ReportStatus.ACCEPTED)


def test_search_text_is_what_the_services_build() -> None:
    generate(reports=50)
    for report in Report.objects.order_by("pk")[:20]:
        stored = report.search_text
        assert stored == services.report_search_text_refresh(report=report).search_text
        # With the regulator's names and the HS descriptions, in English and Russian.
        assert report.regulator is None or report.regulator.name_ru.lower() in stored
    for barrier in Barrier.objects.order_by("pk")[:10]:
        stored = barrier.search_text
        assert stored == services.barrier_search_text_refresh(barrier=barrier).search_text
        assert barrier.hs_codes.first().description.lower() in stored


def test_each_barriers_decision_due_day_is_what_the_service_works_out() -> None:
    generate(reports=200)
    stored = dict(Barrier.objects.values_list("pk", "decision_due_on"))
    assert any(stored.values())
    services.barrier_decision_due_refresh(barrier_ids=list(stored))
    assert dict(Barrier.objects.values_list("pk", "decision_due_on")) == stored
    # The earliest applied_on + usual decision days over the reports still waiting.
    waiting = Report.objects.filter(barrier__isnull=False, decision_received_on__isnull=True)
    for report in waiting.select_related("barrier_kind"):
        due = report.applied_on + dt.timedelta(days=report.barrier_kind.usual_decision_days)
        assert stored[report.barrier_id] <= due
    assert {pk for pk, day in stored.items() if day} == set(
        waiting.values_list("barrier_id", flat=True)
    )


def test_barriers_have_russian_titles_summaries_and_asks_with_words_in_their_cases() -> None:
    generate(reports=200)
    barriers = list(Barrier.objects.all())
    assert barriers
    for barrier in barriers:
        assert re.search("[а-яё]", barrier.title_ru, re.IGNORECASE), barrier.title_ru
        assert re.search("[а-яё]", barrier.summary_ru) and re.search("[а-яё]", barrier.ask_ru)
        assert "{" not in barrier.title_ru + barrier.summary_ru + barrier.title
    titles_ru = " ".join(b.title_ru for b in barriers)
    # The goods in the genitive after "для", the regulator in the instrumental after a passive.
    assert re.search(r"для [а-яё]+ых ", titles_ru), titles_ru[:500]
    rosselkhoz = [b for b in barriers if b.regulator_id == "ru-fsvps"]
    assert rosselkhoz
    assert any(
        form in b.title_ru + b.summary_ru
        for b in rosselkhoz
        for form in ("Россельхознадзор ", "Россельхознадзором")
    )


def test_references_are_unique_well_formed_and_the_counters_advanced() -> None:
    generate(reports=300)
    generate(reports=100)  # a second run adds to the first without collisions
    references = list(Report.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 400
    assert all(re.fullmatch(r"REP-\d{4}-\d{6}", ref) for ref in references)
    assert all(
        re.fullmatch(r"BAR-\d{4}-\d{4,}", ref)
        for ref in Barrier.objects.values_list("reference", flat=True)
    )
    for year in {int(ref.split("-")[1]) for ref in references}:
        numbers = [int(ref.rsplit("-", 1)[1]) for ref in references if f"-{year}-" in ref]
        assert services.reference_last(prefix="REP", year=year) == max(numbers)

    year = timezone.localdate().year
    last = services.reference_last(prefix="REP", year=year)
    exporter = User.objects.filter(company__isnull=False).first()
    report = services.report_create(
        actor=exporter,
        company=exporter.company,
        title="A new filing after the generated data",
        description="It takes the next number.",
        barrier_kind=BarrierKind.objects.first(),
        destination_country=Country.objects.get(code="RU"),
        hs_codes=[HSCode.objects.first()],
        applied_on=dt.date.today() - dt.timedelta(days=10),
    )
    assert report.reference == f"REP-{year}-{last + 1:06d}"


def test_years_of_meetings_with_outcomes_and_the_next_one_planned() -> None:
    generate(reports=300, years=2)
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED).exists()
    assert (
        Meeting.objects.filter(status__in=[MeetingStatus.HELD, MeetingStatus.CLOSED]).count() >= 6
    )
    assert AgendaItem.objects.exclude(outcome="").exists()
    # An agenda item is for a barrier that existed before the meeting's cut-off.
    assert not AgendaItem.objects.filter(
        barrier__created_at__date__gt=F("meeting__cutoff_on")
    ).exists()
    assert ActionPoint.objects.exists()
    assert not ActionPoint.objects.filter(
        status=ActionPointStatus.DONE, completed_on__isnull=True
    ).exists()


def test_barrier_figures_are_what_the_services_compute() -> None:
    generate(reports=300)
    fields = (
        "pk",
        "report_count",
        "companies_affected",
        "total_trade_value_usd",
        "times_raised",
        "decision_due_on",
    )
    stored = set(Barrier.objects.values_list(*fields))
    assert any(row[4] for row in stored)  # some were raised at a meeting
    ids = [row[0] for row in stored]
    services.barrier_figures_refresh(barrier_ids=ids)
    services.barrier_decision_due_refresh(barrier_ids=ids)
    assert set(Barrier.objects.values_list(*fields)) == stored


def test_companies_keep_valid_unique_identifiers_at_thousands_of_companies() -> None:
    """A PAN's four digits are never 0000: at 5,000 companies one such IEC used to stop a run."""
    generate(reports=10, barriers=2, companies=6000)
    iecs = list(Company.objects.values_list("iec", "gstin"))
    assert len(iecs) == 6000
    assert len({iec for iec, _ in iecs}) == len({g for _, g in iecs}) == 6000
    assert all(pan.is_valid(iec) and gstin.is_valid(g) for iec, g in iecs)


def _indexes() -> set[tuple[str, ...]]:
    """The indexes and constraints of the tables generate_data fills, as PostgreSQL has them."""
    tables = ["barriers_report", "barriers_barrier", "barriers_statuschange"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s)",
            [tables],
        )
        found = set(cursor.fetchall())
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[])",
            [tables],
        )
        return found | set(cursor.fetchall())


@pytest.mark.postgres  # COPY is PostgreSQL's: deselected on SQLite (tests/conftest.py)
def test_postgresql_copy_path_keeps_the_invariants_and_restores_every_index() -> None:
    """On PostgreSQL the rows go in through COPY, with the indexes and foreign keys dropped and
    made again."""
    indexes = _indexes()
    assert any("gin_trgm_ops" in row[-1] for row in indexes)
    assert any("FOREIGN KEY" in row[-1] for row in indexes)
    generate(reports=300, indexes="rebuild")
    assert _indexes() == indexes
    # References unique, and the sequence past them: a new filing takes the next number.
    references = list(Report.objects.values_list("reference", flat=True))
    assert len(set(references)) == 300
    # The trigger built every full-text document; search text, HS codes and history are there.
    assert not Report.objects.filter(search_vector__isnull=True).exists()
    assert not Barrier.objects.filter(search_vector__isnull=True).exists()
    assert not Report.objects.filter(search_text="").exists()
    assert not Report.objects.filter(hs_codes__isnull=True).exists()
    assert not Barrier.objects.filter(hs_codes__isnull=True).exists()
    assert not Report.objects.filter(status_changes__isnull=True).exists()
    assert StatusChange.objects.filter(report__isnull=False, from_status="").count() == 300
    report = Report.objects.filter(status=ReportStatus.SUBMITTED).first()
    assert report.search_text == services.report_search_text_refresh(report=report).search_text
    year = timezone.localdate().year
    last = max(int(ref.rsplit("-", 1)[1]) for ref in references if f"-{year}-" in ref)
    exporter = User.objects.filter(company__isnull=False).first()
    filed = services.report_create(
        actor=exporter,
        company=exporter.company,
        title="Filed after the copied rows",
        description="It takes the next number.",
        barrier_kind=BarrierKind.objects.first(),
        destination_country=Country.objects.get(code="RU"),
        hs_codes=[HSCode.objects.first()],
        applied_on=dt.date.today() - dt.timedelta(days=10),
    )
    assert filed.reference == f"REP-{year}-{last + 1:06d}"
    # Keys came from the tables' own sequences: a row written the usual way takes a new one.
    assert filed.pk > max(Report.objects.exclude(pk=filed.pk).values_list("pk", flat=True))
