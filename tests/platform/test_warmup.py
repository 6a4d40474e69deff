"""A web process does its start-up work before it takes requests (tracker/warmup.py), and starts
even when the database and the broker cannot be reached yet."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from tests import factories
from tests.api_factories import report_payload
from tests.conftest import ROOT
from tracker.warmup import warm_up

REFERENCE_TABLES = (
    "barriers_hscode",
    "barriers_barrierkind",
    "barriers_country",
    "barriers_regulator",
)


@pytest.mark.django_db
def test_a_filing_after_warm_up_reads_no_reference_data() -> None:
    """The kinds, countries, regulators and every HS code are read at start-up: the first report
    filed is checked against them without a query of its own."""
    exporter = factories.ExporterFactory()
    payload = report_payload()  # makes the reference rows it names
    factories.HSCodeFactory(
        code="160521", description="Shrimps and prawns, not in airtight containers"
    )

    assert warm_up() == []

    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=exporter).key}")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/v1/reports/",
            data=json.dumps({**payload, "hs_codes": ["030617", "160521"]}),
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert sorted(response.json()["hs_codes"]) == ["030617", "160521"]
    read = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert not [sql for sql in read if any(f'FROM "{table}"' in sql for table in REFERENCE_TABLES)]


@pytest.mark.django_db
def test_reference_rows_added_since_a_process_read_them_are_accepted_at_once() -> None:
    """A kind, country, regulator or HS code added after this process read the reference data,
    where its save reached no shared cache (another process, without CACHE_URL, or a bulk
    insert), is found when a report names it, not refused as unknown for minutes."""
    exporter = factories.ExporterFactory()
    payload = report_payload()
    models = factories.models
    squid = models.HSCode.objects.filter(code="030743").first() or models.HSCode(
        code="030743", description="Cuttle fish and squid, frozen"
    )
    models.HSCode.objects.filter(code="030743").delete()
    assert warm_up() == []
    (kazakhstan,) = models.Country.objects.bulk_create(
        [models.Country(code="KZ", name="Kazakhstan", name_ru="Казахстан", alpha3="KAZ")]
    )
    models.Regulator.objects.bulk_create(
        [
            models.Regulator(
                code="kz-mcx",
                name="Ministry of Agriculture of the Republic of Kazakhstan",
                name_ru="Министерство сельского хозяйства Республики Казахстан",
                abbreviation="MSKh RK",
                country=kazakhstan,
                remit=models.Remit.VETERINARY,
            )
        ]
    )
    models.BarrierKind.objects.bulk_create(
        [
            models.BarrierKind(
                code="veterinary_certificate",
                name="Veterinary certificate agreed with the EAEU",
                name_ru="Согласование формы ветеринарного сертификата",
                usual_decision_days=60,
                remit=models.Remit.VETERINARY,
            )
        ]
    )
    models.HSCode.objects.bulk_create([squid])

    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=exporter).key}")
    response = client.post(
        "/api/v1/reports/",
        data=json.dumps(
            {
                **payload,
                "destination_country": "kz",
                "regulator": "kz-mcx",
                "barrier_kind": "veterinary_certificate",
                "hs_codes": ["030743"],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    filed = response.json()
    assert (filed["destination_country"], filed["regulator"], filed["barrier_kind"]) == (
        "KZ",
        "kz-mcx",
        "veterinary_certificate",
    )
    # A code nobody added is still refused, naming the field.
    refused = client.post(
        "/api/v1/reports/",
        data=json.dumps({**payload, "regulator": "kz-nowhere"}),
        content_type="application/json",
    )
    assert refused.status_code == 400 and "regulator" in refused.json()


def test_a_web_process_starts_with_the_database_and_broker_unreachable(tmp_path) -> None:
    """Importing the WSGI application (what a gunicorn worker does) succeeds with nothing
    listening where the database and the broker should be: the views and the broker's client
    are loaded, the reference data is left to the first request, and a warning says so."""
    script = (
        "import sys; import tracker.wsgi; "
        "print('barriers.api.reports' in sys.modules, 'kombu.transport.redis' in sys.modules)"
    )
    env = {
        **os.environ,
        "DEBUG": "true",
        "VAR_DIR": str(tmp_path),
        # Port 9 (discard): nothing listens there, so every connection is refused at once.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nowhere",
        "CELERY_BROKER_URL": "redis://127.0.0.1:9/0",
        "CACHE_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "True True"
    assert "Warm-up: reference data left to the first request" in done.stderr
    assert "Warm-up: views" not in done.stderr
    assert "Warm-up: tasks" not in done.stderr
