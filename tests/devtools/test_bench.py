"""manage.py bench: a quick run end to end prints the one table and writes the results file."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from devtools import benchmarks

pytestmark = pytest.mark.django_db


def test_quick_run_prints_one_table_with_every_operation(tmp_path) -> None:
    out = StringIO()
    call_command("bench", quick=True, force=True, output_dir=str(tmp_path), stdout=out, verbosity=0)
    output = out.getvalue()
    for name in (
        benchmarks.ADMIN_REPORTS,
        benchmarks.ADMIN_BARRIERS,
        benchmarks.ADMIN_SEARCH,
        benchmarks.ADMIN_TRIAGE,
        benchmarks.PUBLIC_LIST,
        benchmarks.PUBLIC_STATS,
        benchmarks.API_LIST,
        benchmarks.API_DETAIL,
        benchmarks.AGENDA_DRAFT,
        benchmarks.AGENDA_REFERENCE,
        benchmarks.FILING_API,
        benchmarks.FILING_ORM,
        benchmarks.API_REFERENCE,
        benchmarks.API_BARRIER_DETAIL,
        benchmarks.FILING_REFERENCE,
        "export agenda pdf",
        "export agenda docx",
        "export agenda xlsx",
        *[name for name, _ in benchmarks.SEARCHES],
        *[name for name, _ in benchmarks.FACETS],
        *[name for name, _ in benchmarks.HS_SEARCHES],
    ):
        assert name in output
    assert output.count("| operation ") == 1
    assert "200 reports" in output and "1,000 reports" in output
    # HS code search is held to its absolute target, the rest to their growth.
    (hs_row,) = [
        line
        for line in output.splitlines()
        if line.startswith(f"| {benchmarks.HS_SEARCHES[0][0]} ") and "1,000 reports" in line
    ]
    assert f"<{benchmarks.HS_SEARCH_LIMIT_MS:g} ms, fixed queries" in hs_row
    # Issue 18: the barrier page and filing against the minimal endpoint, each API row's note.
    detail_rows = [
        line
        for line in output.splitlines()
        if line.startswith(f"| {benchmarks.API_BARRIER_DETAIL} ")
    ]
    assert len(detail_rows) == 2
    assert all(f"≤{benchmarks.BARRIER_DETAIL_LIMIT:g}× ref" in line for line in detail_rows)
    (filing_row, *_) = [
        line for line in output.splitlines() if line.startswith(f"| {benchmarks.FILING_REFERENCE} ")
    ]
    assert f"≤{benchmarks.FILING_REFERENCE_LIMIT:g}× ref" in filing_row
    assert f"- {benchmarks.API_DETAIL} (200 reports): " in output
    assert "× ref" in output.split(f"- {benchmarks.API_DETAIL} (200 reports): ")[1].splitlines()[0]
    (written,) = tmp_path.glob("*.md")
    text = written.read_text()
    assert "- CPUs:" in text and "- Django:" in text and benchmarks.ADMIN_REPORTS in text


def test_the_minimal_endpoint_is_not_in_the_product(client) -> None:
    """Only the bench's urlconf (devtools.reference_api) has it."""
    from django.urls import Resolver404, resolve

    from devtools import reference_api

    with pytest.raises(Resolver404):
        resolve("/bench/reference/1/")
    assert resolve("/bench/reference/1/", urlconf=reference_api).func.view_class is (
        reference_api.ReferenceView
    )


def test_refuses_a_database_that_already_has_reports() -> None:
    call_command("generate_data", reports=5, force=True, no_progress=True, verbosity=0)
    with pytest.raises(CommandError, match="without reports"):
        call_command("bench", quick=True, force=True, no_save=True)


def test_huge_run_needs_postgresql_outside_a_transaction() -> None:
    """`bench --huge` generates a million reports: never inside the test suite's transaction."""
    with pytest.raises(CommandError, match="--huge needs PostgreSQL"):
        call_command("bench", huge=True, force=True, no_save=True, verbosity=0)


def test_refuses_with_debug_off_unless_forced(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("bench", quick=True, no_save=True)


def test_table_marks_targets_met_and_missed() -> None:
    rows = [
        benchmarks.Row("a", "1 report", 1.5, 3, target="≤2×", met=True),
        benchmarks.Row("b", "1 report", 2.0, "3-5", target="≤2×", met=False, note="why"),
    ]
    text = benchmarks.table(rows)
    lines = text.splitlines()
    assert lines[0].startswith("| operation")
    assert "| yes |" in lines[2] and "| NO  |" in lines[3]
    assert "- b (1 report): why" in text


def test_paired_timings_alternate_between_the_data_sets_round_by_round() -> None:
    """The two sizes of a ratio are measured in turn, so a slow spell weighs on both."""
    order: list[str] = []
    current = {"set": ""}

    def use(label: str) -> None:
        current["set"] = label

    def run(label: str) -> Callable[[], None]:
        def call() -> None:
            assert current["set"] == label  # each plan runs on its own data set
            order.append(label)

        return call

    plans = {
        "small": {"list": run("small"), "search": run("small")},
        "large": {"list": run("large"), "search": run("large")},
    }
    timings = benchmarks.timed_pairs(plans, use, rounds=3, runs=2)

    # Per operation: 3 rounds, each a warm-up and 2 runs on each set, small then large.
    per_operation = (["small"] * 3 + ["large"] * 3) * 3
    assert order == per_operation * 2
    assert set(timings) == {"small", "large"}
    for label in timings:
        assert set(timings[label]) == {"list", "search"}
        assert len(timings[label]["list"].samples) == 6  # the warm-ups are not counted
        assert timings[label]["list"].queries == 0


def test_a_huge_run_writes_its_own_results_file_beside_the_usual_one(tmp_path) -> None:
    """Both kinds of run on one day and machine keep their files (a --huge run overwrote the
    day's usual results)."""
    import datetime as dt

    started = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC)
    row = benchmarks.Row("admin report changelist", "1,000 reports", 61.4, 10)
    usual = benchmarks.write_results(
        [row], directory=tmp_path, command="manage.py bench", started=started, seconds=1
    )
    huge = benchmarks.write_results(
        [row],
        directory=tmp_path,
        command="manage.py bench --huge",
        started=started,
        seconds=1,
        kind="huge",
    )
    assert usual != huge and huge.name.endswith("-huge.md")
    assert "manage.py bench --huge" in huge.read_text()
    assert "manage.py bench --huge" not in usual.read_text()


def test_a_later_run_of_the_day_keeps_the_earlier_runs_file(tmp_path) -> None:
    """Two usual runs on one day and machine write two files, each naming its commit (the
    second run overwrote the first's results)."""
    import datetime as dt

    row = benchmarks.Row("admin report changelist", "1,000 reports", 61.4, 10)
    first, second = (
        benchmarks.write_results(
            [row],
            directory=tmp_path,
            command="manage.py bench",
            started=dt.datetime(2026, 12, 4, hour, minute, tzinfo=dt.UTC),
            seconds=1,
        )
        for hour, minute in ((9, 5), (20, 29))
    )
    assert first != second and first.exists() and second.exists()
    sha = benchmarks.git_sha()
    assert sha != "unknown"
    assert second.name.startswith("2026-12-04-2029-") and second.name.endswith(f"-{sha}.md")
    assert f"commit {sha}" in second.read_text().splitlines()[0]


def test_operations_judged_against_each_other_are_timed_call_by_call_in_turn() -> None:
    """A barrier's page and the minimal endpoint (and a deep page and the first) are measured
    alternately, so a slow spell of the machine weighs on both terms of their ratio."""
    order: list[str] = []
    current = {"set": ""}

    def use(label: str) -> None:
        current["set"] = label

    def run(name: str) -> Callable[[], None]:
        return lambda: order.append(f"{current['set']}:{name}")

    names = [benchmarks.API_REFERENCE, "admin list", benchmarks.API_BARRIER_DETAIL]
    plans = {label: {name: run(name) for name in names} for label in ("small", "large")}
    timings = benchmarks.timed_pairs(plans, use, rounds=2, runs=3)

    ref, detail = benchmarks.API_REFERENCE, benchmarks.API_BARRIER_DETAIL
    one_set = [f"{{set}}:{ref}", f"{{set}}:{detail}"] * 4  # a warm-up of each, then 3 in turn
    together = [n.format(set=label) for label in ("small", "large") for n in one_set] * 2
    assert order[: len(together)] == together
    # The operation with no partner follows on its own, as before.
    alone = [f"{label}:admin list" for label in ("small", "large") for _ in range(4)] * 2
    assert order[len(together) :] == alone
    for label in timings:
        assert len(timings[label][ref].samples) == len(timings[label][detail].samples) == 6


def test_operation_groups_keep_the_order_and_pair_only_what_is_there() -> None:
    ref, detail = benchmarks.API_REFERENCE, benchmarks.API_BARRIER_DETAIL
    first, deep = benchmarks.DEEP_PAIRS[0]
    assert benchmarks.operation_groups(["a", detail, "b", ref, deep, first]) == [
        ["a"],
        [detail, ref],
        ["b"],
        [deep, first],
    ]
    assert benchmarks.operation_groups([ref, "a"]) == [[ref], ["a"]]
