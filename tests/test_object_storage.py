"""Evidence files in an S3-compatible bucket (FILE_STORAGE=s3), against a real S3 server.

The server is moto's, on a loopback port: boto3 talks HTTP to it exactly as to AWS or MinIO, so
the storage settings, uploads, streaming downloads and the bucket's contents are all real.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from barriers.accounts.roles import TRIAGE_OFFICER
from barriers.models import Document
from tests import factories
from tests.api_factories import PDF_BYTES, client_for, pdf_upload
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

BUCKET = "barriers-evidence-test"
KEYS = {"access_key": "test-access-key", "secret_key": "test-secret-key"}


@pytest.fixture
def loopback_port() -> int:
    """A TCP port free on 127.0.0.1 (the dev extra alone runs this: no plugin's fixture)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def bucket(settings: Any, tmp_path: Path, loopback_port: int) -> Iterator[Any]:
    """A fresh bucket on a local S3 server, and the default storage pointed at it."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=loopback_port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{loopback_port}"
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    s3.create_bucket(Bucket=BUCKET)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "location": "evidence",
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "default_acl": "private",
                "file_overwrite": False,
                **KEYS,
            },
        },
    }
    cache.clear()
    try:
        yield s3
    finally:
        server.stop()


def _keys(s3: Any) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_evidence_goes_to_the_bucket_and_comes_back_through_every_door(
    bucket: Any, settings: Any, exporter: Any
) -> None:
    report = factories.report_file(actor=exporter)
    api = client_for(exporter)

    created = api.post(
        f"/api/v1/reports/{report.reference}/documents/",
        {"file": pdf_upload("FSVPS letter.pdf")},
        format="multipart",
    )

    assert created.status_code == 201, created.data
    document = Document.objects.get()
    # In the bucket under the prefix, under a random name; nothing on the local disk.
    assert _keys(bucket) == [f"evidence/{document.file.name}"]
    assert "FSVPS" not in document.file.name
    stored = bucket.get_object(Bucket=BUCKET, Key=f"evidence/{document.file.name}")
    assert stored["Body"].read() == PDF_BYTES
    assert not Path(settings.MEDIA_ROOT).exists()

    # The exporter through the API, and a triage officer in the admin, get the same bytes.
    downloaded = api.get(created.data["download_url"])
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == PDF_BYTES
    officer = factories.OfficialFactory()
    officer.groups.add(Group.objects.get(name=TRIAGE_OFFICER))
    admin = Client()
    admin.force_login(officer)
    response = admin.get(reverse("admin:barriers_document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_file_missing_from_the_bucket_is_a_404_not_a_500(bucket: Any, exporter: Any) -> None:
    report = factories.report_file(actor=exporter)
    api = client_for(exporter)
    created = api.post(
        f"/api/v1/reports/{report.reference}/documents/",
        {"file": pdf_upload()},
        format="multipart",
    )
    document = Document.objects.get()
    bucket.delete_object(Bucket=BUCKET, Key=f"evidence/{document.file.name}")

    response = api.get(created.data["download_url"])

    assert response.status_code == 404
    assert "no longer available" in response.json()["detail"]


def _settings_error(**env: str) -> str:
    """What importing the settings says under `env` (a fresh interpreter, as a deployment)."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tracker.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]


def test_misconfigured_object_storage_stops_the_start_with_a_clear_message() -> None:
    assert _settings_error(FILE_STORAGE="s3", S3_BUCKET="") == (
        "django.core.exceptions.ImproperlyConfigured: S3_BUCKET must be set when FILE_STORAGE is s3"
    )
    assert _settings_error(FILE_STORAGE="ftp") == (
        "django.core.exceptions.ImproperlyConfigured: FILE_STORAGE must be filesystem or s3, "
        "not 'ftp'"
    )
