"""Helpers for the portal's page tests and browser tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from barriers import services
from barriers.models import Barrier, Company, CompanyKind, Report, User
from tests import factories

PASSWORD = "correct-horse-battery"

# A minimal valid PDF: recognised by its content, no active parts.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=False)
def fresh_cache():
    """allauth's rate limits and django-axes live in the cache: start each test without them."""
    cache.clear()
    yield
    cache.clear()


def pdf_upload(name: str = "application.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def fake_pdf_upload(name: str = "certificate.pdf") -> SimpleUploadedFile:
    """A text file that only pretends to be a PDF by its name."""
    return SimpleUploadedFile(name, b"this is plain text, not a PDF\n", "application/pdf")


def confirmed(user: User) -> User:
    """Mark the user's e-mail address as confirmed, as allauth requires before signing in."""
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    return user


def exporter(company: Company | None = None, **kwargs: Any) -> User:
    """An exporter whose e-mail address is confirmed."""
    if company is not None:
        kwargs["company"] = company
    return confirmed(factories.ExporterFactory(**kwargs))


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reference_rows() -> dict[str, Any]:
    """The reference data a report form needs (the factories' rows)."""
    return {
        "kind": factories.BarrierKindFactory(),
        "country": factories.CountryFactory(),
        "regulator": factories.RegulatorFactory(),
        "hs": factories.HSCodeFactory(),
        "hs_grapes": factories.HSCodeFactory(
            code="080610", description="Fresh grapes", sector="agricultural"
        ),
    }


def report_form_data(**overrides: Any) -> dict[str, Any]:
    """Valid POST data for the filing form."""
    rows = reference_rows()
    data: dict[str, Any] = {
        "title": "Listing of our shrimp plant pending with Rosselkhoznadzor",
        "description": "We applied for listing of plant 1234 in the EAEU register and heard nothing.",
        "barrier_kind": rows["kind"].pk,
        "destination_country": rows["country"].pk,
        "regulator": rows["regulator"].pk,
        "hs_codes": "030617",
        "application_number": "FS-2026-0042",
        "applied_on": (timezone.localdate() - dt.timedelta(days=120)).isoformat(),
        "decision_received_on": "",
        "consignments_affected": "4",
        "trade_value_usd": "250000",
        "consent_to_share": "on",
        "action": "file",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def association(members: list[Company]) -> Company:
    council = factories.CompanyFactory(
        name="Seafood Exporters Council", kind=CompanyKind.ASSOCIATION
    )
    council.members.set(members)
    return council


def accepted(report: Report, official: User | None = None) -> Report:
    """Review and accept the report as a new barrier, as officials would."""
    official = official or factories.OfficialFactory()
    services.report_start_review(report=report, actor=official)
    return services.report_accept(report=report, actor=official)


def resolved(barrier: Barrier, official: User | None = None) -> Barrier:
    official = official or factories.OfficialFactory()
    return services.barrier_resolve(barrier=barrier, actor=official, note="Plant listed.")
