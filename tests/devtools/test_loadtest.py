"""manage.py loadtest: a tiny run on the real stack loses, doubles and re-sends nothing.

The run uses the test database (`--here`): gunicorn, a real Celery worker on the configured
broker and locust, as the full 50-user run does; only creating a fresh database is left out.
"""

from __future__ import annotations

import json
import time

import pytest
from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management import call_command

from barriers.models import EmailStatus, OutboundEmail, Report
from devtools.loadtest import harness
from tests import factories


@pytest.fixture
def _no_n_plus_one() -> None:
    """No N+1 detector here (this replaces conftest's autouse one for this module).

    This process only sets up and checks: it creates the exporters one at a time through the
    service layer, as sign-ups happen. The requests under test run in gunicorn; their query
    counts are asserted by the API tests.
    """


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_five_exporters_for_eight_seconds_lose_and_double_nothing(
    reference_data: None, tmp_path
) -> None:
    summary_path = tmp_path / "summary.json"
    started = time.monotonic()
    call_command(
        "loadtest",
        here=True,
        users=5,
        seconds=8,
        spawn_rate=5,
        broker=settings.CELERY_BROKER_URL,
        output_dir=str(tmp_path),
        json=str(summary_path),
        verbosity=0,
    )
    assert time.monotonic() - started < 60

    summary = json.loads(summary_path.read_text())
    checks = summary["verification"]
    assert checks["passed"], checks
    assert summary["errors"] == 0, summary["failures"]
    # Every exporter filed, and every first filing was sent twice with the same key.
    assert checks["filed_seen"] >= 5
    assert checks["retries"] >= 5 and checks["replayed"] == checks["retries"]
    assert checks["report_rows"] == checks["filed_seen"] == Report.objects.count()
    assert checks["lost"] == checks["duplicated"] == checks["unexplained"] == []
    # One "received" e-mail per report, each written exactly once by the worker.
    assert checks["outbox_rows"] == checks["report_rows"] == checks["mails"]
    assert not OutboundEmail.objects.exclude(status=EmailStatus.SENT).exists()
    assert checks["delivered_once"] == checks["outbox_rows"]
    assert checks["delivered_twice"] == checks["mails_without_row"] == []

    names = {row["name"] for row in summary["per_request"]}
    assert {
        "POST /api/v1/reports/ (file)",
        "POST /api/v1/reports/ (retry, same key)",
        "GET /api/v1/reports/",
    } <= names
    assert summary["requests"]["requests"] > 0 and summary["reports_per_second"] > 0
    # Issue 18's target is judged from the same figures: nothing lost, no error, p95 ≤ 100 ms.
    assert summary["p95_limit_ms"] == 100
    assert summary["target_met"] == (summary["requests"]["p95_ms"] <= 100)

    # The results file: machine, versions, the table and the verification.
    (written,) = tmp_path.glob("*-loadtest-*.md")
    text = written.read_text()
    assert "- CPUs:" in text and "- locust:" in text and "| all requests" in text
    assert "- Verification: PASSED." in text
    assert "Target (0 errors, 0 lost, p95 ≤ 100 ms over all requests): " in text


def _receipt(report: Report) -> OutboundEmail:
    return OutboundEmail.objects.get(subject__startswith=f"[{report.reference}]")


def _deliver(email: OutboundEmail) -> None:
    EmailMessage(subject=email.subject, body=email.body, to=email.to).send()


@pytest.mark.django_db
def test_the_checks_catch_lost_doubled_and_unexplained_reports_and_e_mails(
    settings, tmp_path
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    exporter = factories.ExporterFactory()
    once = factories.report_file(actor=exporter, title="[k1] Held at the border")
    doubled = factories.report_file(actor=exporter, title="[k2] Held at the border")
    second_row = factories.report_file(actor=exporter, title="[k2] Held at the border")
    stray = factories.report_file(actor=exporter, title="Filed by nobody in the run")
    OutboundEmail.objects.exclude(pk=_receipt(stray).pk).update(status=EmailStatus.SENT)
    _deliver(_receipt(once))
    _deliver(_receipt(doubled))
    _deliver(_receipt(doubled))  # sent twice
    # second_row's e-mail is marked sent but never written; one message has no outbox row.
    EmailMessage(subject="[REP-0000-000000] Not in the outbox", body="-", to=["x@y.example"]).send()
    record = {
        "attempted": ["k1", "k2", "k3"],
        "filed": {"k1": once.reference, "k2": doubled.reference, "k3": "REP-2026-999999"},
        "retries": 2,
        "replayed": 1,
        "messages": [],
        "list_mismatches": 0,
    }

    checks = harness.verify(record, tmp_path, drain_seconds=None)

    assert not checks.passed
    assert checks.lost == ["REP-2026-999999"]
    assert checks.duplicated == [second_row.reference]
    assert checks.unexplained == [stray.reference]
    assert checks.outbox_not_sent == 1
    assert checks.delivered_twice == [_receipt(doubled).subject]
    assert set(checks.not_delivered) == {_receipt(second_row).subject, _receipt(stray).subject}
    assert checks.mails_without_row == ["[REP-0000-000000] Not in the outbox"]
    assert exporter.email in checks.recipients_mismatched
    assert "- Verification: FAILED." in checks.lines()


@pytest.mark.django_db
def test_the_checks_pass_when_every_report_and_e_mail_is_there_once(settings, tmp_path) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    report = factories.report_file(title="[k1] Held at the border")
    OutboundEmail.objects.update(status=EmailStatus.SENT)
    _deliver(_receipt(report))
    record = {
        "attempted": ["k1"],
        "filed": {"k1": report.reference},
        "retries": 1,
        "replayed": 1,
        "messages": [],
        "list_mismatches": 0,
    }

    checks = harness.verify(record, tmp_path, drain_seconds=0.5)

    assert checks.passed, checks.lines()
    assert (checks.filed_seen, checks.report_rows, checks.mails, checks.delivered_once) == (
        1,
        1,
        1,
        1,
    )


def test_figures_are_computed_from_every_response_time() -> None:
    record = {
        "requests": {"GET /a": [float(n) for n in range(1, 101)], "POST /b": [500.0, 700.0]},
        "failed": {"POST /b": 1},
        "errors": {"POST /b: 500": 1},
        "exceptions": {"KeyError: 'reference'": 2},
        "first": 1000.0,
        "last": 1010.0,
    }

    run = harness.figures(record)

    a, b = run.rows
    assert (a.name, a.requests, a.failures, a.median_ms, a.p95_ms) == ("GET /a", 100, 0, 50.5, 95)
    assert (b.requests, b.failures, b.median_ms, b.p95_ms) == (2, 1, 600.0, 700.0)
    assert run.total.requests == 102 and run.total.per_second == pytest.approx(10.2)
    assert run.errors == 3  # one failed request and two exceptions inside tasks
    assert "1× POST /b: 500" in run.failures
    text = harness.table(run, filed=20)
    assert "| all requests" in text and "| reports filed (distinct 201) |" in text
    assert text.splitlines()[-1].split("|")[4].strip() == "2.0"  # 20 filed in 10 s
