"""Evidence files reach officials in the admin, and every download through any door is logged."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from barriers import services
from barriers.accounts.roles import ANALYST, TRIAGE_OFFICER
from barriers.models import AuditAction, AuditEvent, Document, User
from tests import factories
from tests.api_factories import client_for as api_client_for
from tests.portal_helpers import PDF, exporter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_throttles(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _official(role: str) -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _evidence(owner: User, name: str = "FSVPS listing letter.pdf") -> Document:
    report = factories.report_file(actor=owner)
    return services.document_attach(
        report=report, actor=owner, upload=SimpleUploadedFile(name, PDF), name=name
    )


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_triage_officer_opens_the_evidence_from_the_reports_page_in_the_admin() -> None:
    document = _evidence(exporter())
    officer = _signed_in(_official(TRIAGE_OFFICER))

    page = officer.get(reverse("admin:barriers_report_change", args=[document.report.pk]))
    assert page.status_code == 200
    links = re.findall(r'href="([^"]+/download/)"', page.content.decode())
    assert links == [reverse("admin:barriers_document_download", args=[document.pk])]

    response = officer.get(links[0])

    assert response.status_code == 200
    assert _body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="FSVPS listing letter.pdf"' in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }


def test_the_evidence_list_and_page_in_the_admin_link_to_the_file() -> None:
    document = _evidence(exporter())
    analyst = _signed_in(_official(ANALYST))
    link = reverse("admin:barriers_document_download", args=[document.pk])

    assert link in analyst.get(reverse("admin:barriers_document_changelist")).content.decode()
    page = analyst.get(reverse("admin:barriers_document_change", args=[document.pk]))
    assert link in page.content.decode()
    assert analyst.get(link).status_code == 200


def test_the_admin_download_is_for_officials_only_and_answers_404_for_a_missing_file() -> None:
    owner = exporter()
    document = _evidence(owner)
    link = reverse("admin:barriers_document_download", args=[document.pk])

    # The exporter (not staff) and anonymous visitors are sent to the admin's sign-in.
    assert _signed_in(owner).get(link)["Location"].startswith("/admin/login/")
    assert Client().get(link)["Location"].startswith("/admin/login/")

    officer = _signed_in(_official(TRIAGE_OFFICER))
    missing = reverse("admin:barriers_document_download", args=[document.pk + 1000])
    assert officer.get(missing).status_code == 404
    document.file.delete(save=False)
    assert officer.get(link).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_every_evidence_download_is_logged_with_who_what_and_where() -> None:
    owner = exporter()
    document = _evidence(owner, name="veterinary certificate.pdf")
    reference = document.report.reference
    officer = _official(TRIAGE_OFFICER)

    portal = _signed_in(owner).get(
        reverse("barriers:document_download", args=[reference, document.pk])
    )
    api = api_client_for(owner).get(f"/api/v1/reports/{reference}/documents/{document.pk}/")
    admin = _signed_in(officer).get(reverse("admin:barriers_document_download", args=[document.pk]))
    assert (portal.status_code, api.status_code, admin.status_code) == (200, 200, 200)

    events = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).order_by("pk")
    what = f"evidence file veterinary certificate.pdf of {reference}"
    assert [(e.user, e.channel, e.what) for e in events] == [
        (owner, "portal", what),
        (owner, "api", what),
        (officer, "admin", what),
    ]
    assert {(e.object_type, e.object_id) for e in events} == {
        ("barriers.document", str(document.pk))
    }


def test_a_refused_download_is_not_logged_as_one() -> None:
    document = _evidence(exporter())
    stranger = exporter()

    response = _signed_in(stranger).get(
        reverse("barriers:document_download", args=[document.report.reference, document.pk])
    )

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()
