"""Helpers for the portal's page tests and browser tests."""

from __future__ import annotations

import datetime as dt
import html
import re
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


FORM_TOKEN = re.compile(r'name="form_token" value="([^"]*)"')
# The portal's forms with a one-time token: the page each is filled in on.
FORM_PAGES = (
    (re.compile(r"^/reports/new/$"), r"\g<0>"),
    (re.compile(r"^/reports/drafts/[0-9]+/$"), r"\g<0>"),
    (re.compile(r"^(/reports/[^/]+/)withdraw/$"), r"\g<0>"),
    (re.compile(r"^(/reports/[^/]+/)messages/$"), r"\1"),
)


class PortalClient(Client):
    """A signed-in browser: a form it posts carries the one-time token of the page it is on.

    Posting without opening the page first (as a test does) opens it here to take the token,
    unless the data names its own `form_token`.
    """

    def post(self, path: str, data: Any = None, *args: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict) and "form_token" not in data:
            for pattern, page in FORM_PAGES:
                if pattern.match(path):
                    token = form_token_of(self.get(pattern.sub(page, path)))
                    if token:
                        data = {**data, "form_token": token}
                    break
        return super().post(path, data, *args, **kwargs)


def form_token_of(response: Any) -> str:
    """The one-time token of the form on a page ("" when the page has none)."""
    if response.status_code != 200:
        return ""
    match = FORM_TOKEN.search(response.content.decode())
    return html.unescape(match.group(1)) if match else ""


def client_for(user: User) -> Client:
    client = PortalClient()
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
