"""A company is named on the public register only with its consent, given and withdrawn by its
own users (portal or API) at any time; a withdrawn name leaves every public output at once."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from barriers import services
from barriers.models import Barrier, Report, User
from tests import factories
from tests.export_helpers import NAMED, SECRET
from tests.public.helpers import fresh, get, held_setup, publish
from tests.public.test_isolation import public_outputs

pytestmark = pytest.mark.django_db

NAME_OUTPUTS = ("/public/barriers/{reference}/", "/public/data/register.csv")


def _filer(barrier: Barrier, company_name: str) -> tuple[Report, User]:
    report = barrier.reports.get(company__name=company_name)
    return report, report.filed_by


def _portal(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _named(barrier: Barrier) -> list[str]:
    """The names the open data gives for the barrier."""
    status, text = get("/public/data/register.json")
    assert status == 200
    data = json.loads(text)
    rows = data["barriers"] if isinstance(data, dict) else data
    (row,) = [row for row in rows if row["reference"] == barrier.reference]
    return row["companies_named"]


@pytest.fixture
def named_listing() -> tuple[Barrier, User]:
    """The listing barrier published with the companies named; NAMED consented (through the
    service, as its user), SECRET did not."""
    setup, officer = held_setup()
    report, user = _filer(setup.listing, NAMED)
    services.report_publication_consent_set(report=report, actor=user, consent=True)
    publish(setup.listing, officer, show_companies=True)
    setup.listing.refresh_from_db()
    return setup.listing, officer


def test_an_unconsented_company_is_never_named_on_any_public_output(named_listing) -> None:
    barrier, _officer = named_listing
    outputs = public_outputs(barrier)
    for path, (status, text) in outputs.items():
        assert status == 200, path
        assert SECRET not in text, path
    page = outputs[f"/public/barriers/{barrier.reference}/"][1]
    assert NAMED in page  # consented, and the official chose to name companies
    assert NAMED in outputs["/public/data/register.csv"][1]
    assert _named(barrier) == [NAMED]


def test_a_company_with_one_unconsented_report_on_the_barrier_is_not_named(named_listing) -> None:
    barrier, officer = named_listing
    _report, user = _filer(barrier, NAMED)
    second = factories.report_file(actor=user, title="Another plant waiting")
    services.report_start_review(report=second, actor=officer)
    services.report_accept(report=second, actor=officer, barrier=barrier)
    fresh()  # accepting a report does not touch the register's cache
    for path in NAME_OUTPUTS:
        assert NAMED not in get(path.format(reference=barrier.reference))[1], path
    assert _named(barrier) == []


def test_consented_but_the_official_did_not_choose_to_name_companies(named_listing) -> None:
    barrier, officer = named_listing
    publish(barrier, officer, show_companies=False)
    for path in NAME_OUTPUTS:
        assert NAMED not in get(path.format(reference=barrier.reference))[1], path


def test_withdrawing_consent_in_the_portal_removes_the_name_at_once(named_listing) -> None:
    barrier, _officer = named_listing
    report, user = _filer(barrier, NAMED)
    page = f"/public/barriers/{barrier.reference}/"
    assert NAMED in get(page)[1]  # and now cached
    assert _named(barrier) == [NAMED]

    response = _portal(user).post(
        f"/reports/{report.reference}/publication-consent/", {"consent_to_publish": "no"}
    )

    assert response.status_code == 302
    # No cache clearing here: the service bumped the register's version.
    for path in NAME_OUTPUTS:
        assert NAMED not in get(path.format(reference=barrier.reference))[1], path
    assert _named(barrier) == []
    report.refresh_from_db()
    assert report.consent_to_publish is False
    change = report.history.order_by("-history_date").first()
    assert change.history_change_reason.startswith(
        "Consent to be named on the public register withdrawn by"
    )
    assert change.history_user == user


def test_consent_given_through_the_api_names_the_company_at_once(named_listing) -> None:
    barrier, _officer = named_listing
    report, user = _filer(barrier, NAMED)
    services.report_publication_consent_set(report=report, actor=user, consent=False)
    page = f"/public/barriers/{barrier.reference}/"
    assert NAMED not in get(page)[1]  # cached without the name

    client = APIClient()
    client.force_authenticate(user)
    response = client.post(
        f"/api/v1/reports/{report.reference}/publication-consent/",
        {"consent_to_publish": True},
        format="json",
    )

    assert response.status_code == 200, response.data
    assert response.data["consent_to_publish"] is True
    assert NAMED in get(page)[1]
    assert _named(barrier) == [NAMED]


def test_another_companys_user_cannot_name_a_company(named_listing) -> None:
    barrier, _officer = named_listing
    report, _user = _filer(barrier, SECRET)
    _named_report, outsider = _filer(barrier, NAMED)  # on the same barrier, another company

    response = _portal(outsider).post(
        f"/reports/{report.reference}/publication-consent/", {"consent_to_publish": "yes"}
    )

    assert response.status_code == 404
    report.refresh_from_db()
    assert report.consent_to_publish is False
    assert SECRET not in get(f"/public/barriers/{barrier.reference}/")[1]


@pytest.mark.postgres
def test_withdrawing_consent_removes_the_name_on_postgresql_too(named_listing) -> None:
    test_withdrawing_consent_in_the_portal_removes_the_name_at_once(named_listing)
    barrier, _officer = named_listing
    outputs = public_outputs(barrier)
    for path, (_status, text) in outputs.items():
        assert NAMED not in text and SECRET not in text, path
