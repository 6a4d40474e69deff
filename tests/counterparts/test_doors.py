"""A focal point who has given the second factor still reaches nothing of India's side through
the doors that exist today: portal pages, the REST API, the admin, evidence downloads."""

from __future__ import annotations

import pytest
from django.test import Client

from barriers import services
from barriers.models import User
from tests import factories
from tests.accounts.test_mfa import activate_totp
from tests.api_factories import pdf_upload
from tests.counterparts.helpers import (
    INTERNAL_NOTE,
    accepted_barrier,
    focal_point,
    regulator_a,
    share,
)
from tests.portal_helpers import fresh_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(fresh_cache.__name__)]

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def signed_in_with_second_factor(user: User) -> Client:
    """A browser session of `user` that has set up and given the second factor."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    again = client.get("/accounts/2fa/totp/activate/")
    if again.status_code == 302 and again.url.startswith("/accounts/reauthenticate/"):
        assert client.post(again.url, {"password": PASSWORD}).status_code == 302
    activate_totp(client)
    return client


def test_without_the_second_factor_a_focal_point_reaches_no_page(client: Client) -> None:
    person = focal_point(regulator_a())
    client.force_login(person)
    for path in ("/reports/", "/admin/", "/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/accounts/2fa/totp/activate/"), path
    assert client.get("/api/v1/reports/").status_code in (401, 403)


def test_a_focal_point_reaches_nothing_of_indias_side_even_for_a_shared_barrier() -> None:
    official = factories.triage_officer()
    ra = regulator_a()
    barrier = accepted_barrier(ra, official=official, companies=(("Alpha Shrimp Ltd", True),))
    report = barrier.reports.get()
    document = services.document_attach(
        report=report, actor=report.filed_by, upload=pdf_upload(), name="plant.pdf"
    )
    share(barrier, official, documents=[document])
    client = signed_in_with_second_factor(focal_point(ra))

    paths = [
        "/reports/",
        f"/reports/{report.reference}/",
        f"/reports/{report.reference}/documents/{document.pk}/",
        f"/api/v1/reports/{report.reference}/",
        f"/api/v1/reports/{report.reference}/messages/",
        f"/api/v1/reports/{report.reference}/documents/{document.pk}/",
        "/api/v1/barriers/",
        f"/api/v1/barriers/{barrier.reference}/",
        f"/api/v1/barriers/{barrier.reference}/summary/",
        "/api/v1/meetings/",
        "/api/v1/metrics/",
        "/admin/",
        f"/admin/barriers/barrier/{barrier.pk}/change/",
        f"/admin/barriers/report/{report.pk}/change/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (302, 403, 404), (path, response.status_code)
        if response.status_code == 302:
            # The portal sends a focal point to their own pages; the admin to its sign-in.
            assert response.url.startswith(("/admin/login/", "/counterpart/")), (
                path,
                response.url,
            )
        body = response.content.decode()
        for secret in (report.reference, barrier.reference, INTERNAL_NOTE, "Alpha Shrimp"):
            assert secret not in body, (path, secret)
    listing = client.get("/api/v1/reports/")  # India's list: not theirs at all
    assert listing.status_code == 403 and report.reference not in listing.content.decode()


def test_an_api_token_needs_the_second_factor_too(client: Client) -> None:
    from allauth.account.models import EmailAddress

    person = focal_point(regulator_a())
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)

    response = client.post(
        "/api/v1/auth/token/",
        {"email": person.email, "password": PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 401, response.content
    assert "token" not in response.json()


def test_a_token_made_without_the_second_factor_opens_nothing(client: Client) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=focal_point(regulator_a()))

    response = client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 401


def test_a_deactivated_focal_point_is_signed_out_at_once() -> None:
    person = focal_point(regulator_a())
    client = signed_in_with_second_factor(person)
    assert client.get("/counterpart/").status_code == 200  # signed in, on their own pages

    services.focal_point_deactivate(actor=factories.triage_officer(), focal_point=person)

    for path in ("/reports/", "/counterpart/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
