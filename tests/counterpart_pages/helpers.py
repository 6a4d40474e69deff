"""Two regulators with a shared barrier each, their focal points signed in with the second
factor, and a page client that carries the one-time token of the form it posts."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from django.test import Client

from barriers import services
from barriers.models import Barrier, Document, Regulator, User
from tests import factories
from tests.api_factories import pdf_upload
from tests.counterparts.helpers import (
    CONSENTED,
    UNCONSENTED,
    accepted_barrier,
    focal_point,
    regulator_a,
    regulator_b,
    share,
)
from tests.counterparts.test_doors import signed_in_with_second_factor

FORM_TOKEN = re.compile(r'name="form_token" value="([^"]*)"')


class CounterpartClient(Client):
    """A focal point's browser: posting an answer form first opens it to take its token."""

    def post(self, path: str, data: Any = None, *args: Any, **kwargs: Any) -> Any:
        if "/respond/" in path and isinstance(data, dict) and "form_token" not in data:
            data = {**data, "form_token": token_of(self.get(path))}
        return super().post(path, data, *args, **kwargs)


def token_of(response: Any) -> str:
    match = FORM_TOKEN.search(response.content.decode())
    return html.unescape(match.group(1)) if match else ""


def signed_in(user: User) -> CounterpartClient:
    """A session of `user` that gave the second factor (the real sign-in and TOTP set-up)."""
    setup = signed_in_with_second_factor(user)
    client = CounterpartClient()
    client.cookies = setup.cookies
    return client


@dataclass
class World:
    official: User
    ra: Regulator
    rb: Regulator
    a: Barrier
    b: Barrier
    fp_a: User
    fp_b: User
    document_a: Document
    exporter_a: User


def build_world() -> World:
    official = factories.triage_officer()
    ra, rb = regulator_a(), regulator_b()
    barrier_a = accepted_barrier(
        ra, official=official, companies=((CONSENTED, True), (UNCONSENTED, False))
    )
    barrier_b = accepted_barrier(rb, official=official, companies=(("Bravo Tea Ltd", True),))
    report = barrier_a.reports.order_by("pk").first()
    assert report is not None
    document = services.document_attach(
        report=report, actor=report.filed_by, upload=pdf_upload(), name="plant-listing.pdf"
    )
    share(barrier_a, official, documents=[document])
    share(barrier_b, official)
    return World(
        official=official,
        ra=ra,
        rb=rb,
        a=barrier_a,
        b=barrier_b,
        fp_a=focal_point(ra),
        fp_b=focal_point(rb),
        document_a=document,
        exporter_a=report.filed_by,
    )


KINDS = ("acknowledgement", "clarification", "proposal", "position", "resolved")
