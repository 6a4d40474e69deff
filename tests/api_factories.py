"""Helpers for the API tests: councils, token-authenticated clients, payloads and files."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from barriers import models
from tests import factories

# The smallest file `filetype` recognises as a PDF, with no active content.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
# The start of a Windows executable.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


class AssociationFactory(factories.CompanyFactory):
    """An export promotion council that files for its member companies."""

    name = factory.Sequence(lambda n: f"Marine Products Export Council {n}")
    kind = models.CompanyKind.ASSOCIATION


def association_user(*members: models.Company) -> models.User:
    """A user of a new council whose members are `members`."""
    council = AssociationFactory()
    council.members.add(*members)
    return factories.UserFactory(company=council)


def client_for(user: models.User | None = None) -> APIClient:
    """An API client that sends `user`'s token, as an integrator would (anonymous if None)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def report_payload(**overrides: Any) -> dict[str, Any]:
    """A valid body for POST /api/v1/reports/, naming the factories' reference data."""
    factories.BarrierKindFactory()
    factories.CountryFactory()
    factories.RegulatorFactory()
    factories.HSCodeFactory()
    payload: dict[str, Any] = {
        "title": "Plant listing pending with FSVPS",
        "description": "Our shrimp plant applied for listing in the EAEU register in March.",
        "barrier_kind": "establishment_listing",
        "destination_country": "RU",
        "regulator": "ru-fsvps",
        "hs_codes": ["030617"],
        "application_number": "FS-2026-0042",
        "applied_on": (timezone.localdate() - dt.timedelta(days=120)).isoformat(),
        "decision_received_on": None,
        "consignments_affected": 4,
        "trade_value_usd": "380000.00",
        "consent_to_share": True,
    }
    payload.update(overrides)
    return payload


def pdf_upload(name: str = "listing application.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
