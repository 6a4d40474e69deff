"""The portal's filing, message and withdraw forms do their work once per rendered form.

Each page carries a one-time token; a second post of it (a double click, a browser retry, back and
resubmit) lands on what the first post did instead of doing it again, even when both arrive at
the same moment. A token is its user's; a missing or altered one is a readable form error.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from barriers.models import Message, Report, ReportStatus, StatusChange
from tests import factories
from tests.portal_helpers import (
    client_for,
    exporter,
    form_token_of,
    fresh_cache,  # noqa: F401
    report_form_data,
)

pytestmark = pytest.mark.usefixtures("fresh_cache")

FORM_ERROR = "nothing was saved"


def _signed_in(user: Any) -> Client:
    """A plain browser: it sends exactly the fields a test gives it."""
    client = Client()
    client.force_login(user)
    return client


def _token(client: Client, page: str) -> str:
    token = form_token_of(client.get(page))
    assert token, f"no one-time token on {page}"
    return token


@pytest.mark.django_db
def test_filing_form_posted_twice_files_one_report_and_both_land_on_it() -> None:
    page = _signed_in(exporter())
    data = {**report_form_data(), "form_token": _token(page, "/reports/new/")}

    first = page.post("/reports/new/", data)
    second = page.post("/reports/new/", data)

    report = Report.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"/reports/{report.reference}/"
    assert "already sent this form" in page.get(second.url).content.decode()


@pytest.mark.django_db
def test_back_and_resubmit_with_changed_entries_still_files_once() -> None:
    page = _signed_in(exporter())
    token = _token(page, "/reports/new/")

    first = page.post("/reports/new/", {**report_form_data(), "form_token": token})
    again = page.post(
        "/reports/new/", {**report_form_data(title="Changed after going back"), "form_token": token}
    )

    assert Report.objects.count() == 1
    assert again.url == first.url
    assert Report.objects.get().title != "Changed after going back"


@pytest.mark.django_db
def test_a_refused_post_keeps_the_token_for_the_corrected_form() -> None:
    page = _signed_in(exporter())
    token = _token(page, "/reports/new/")

    refused = page.post("/reports/new/", {**report_form_data(title=""), "form_token": token})
    assert refused.status_code == 200 and Report.objects.count() == 0
    assert form_token_of(refused) == token

    filed = page.post("/reports/new/", {**report_form_data(), "form_token": token})
    assert filed.status_code == 302 and Report.objects.count() == 1


@pytest.mark.django_db
def test_message_posted_twice_is_one_message_and_both_land_on_the_thread() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    page = _signed_in(user)
    data = {"body": "Here is the certificate number.", "form_token": ""}
    data["form_token"] = _token(page, f"/reports/{report.reference}/")

    first = page.post(f"/reports/{report.reference}/messages/", data)
    second = page.post(f"/reports/{report.reference}/messages/", data)

    assert Message.objects.filter(report=report).count() == 1
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"/reports/{report.reference}/#messages"


@pytest.mark.django_db
def test_withdraw_posted_twice_withdraws_once_and_both_land_on_the_report() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    page = _signed_in(user)
    url = f"/reports/{report.reference}/withdraw/"
    data = {"reason": "Approval came.", "form_token": _token(page, url)}

    first = page.post(url, data)
    second = page.post(url, data)

    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"/reports/{report.reference}/"
    report.refresh_from_db()
    assert report.status == ReportStatus.WITHDRAWN
    assert StatusChange.objects.filter(report=report, to_status="withdrawn").count() == 1
    shown = page.get(second.url).content.decode()
    assert "already sent this form" in shown and "can no longer be withdrawn" not in shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    ["", "not-a-token", "eyJ1IjoxfQ:1tampered:signature"],
    ids=["missing", "made up", "tampered"],
)
def test_a_missing_or_altered_token_is_a_form_error_and_saves_nothing(token: str) -> None:
    page = _signed_in(exporter())

    response = page.post("/reports/new/", {**report_form_data(), "form_token": token})

    assert response.status_code == 200
    assert FORM_ERROR in response.content.decode()
    assert Report.objects.count() == 0
    # The page offers a fresh token, with which the same entries go through.
    fresh = form_token_of(response)
    assert fresh and fresh != token
    assert (
        page.post("/reports/new/", {**report_form_data(), "form_token": fresh}).status_code == 302
    )
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_another_users_token_does_nothing_for_them() -> None:
    owner = exporter()
    colleague = exporter(company=owner.company)
    owners_page = _signed_in(owner)
    token = _token(owners_page, "/reports/new/")
    owners_page.post("/reports/new/", {**report_form_data(), "form_token": token})
    assert Report.objects.count() == 1

    # Neither a replay of the owner's report nor a new one: a form error.
    response = _signed_in(colleague).post(
        "/reports/new/", {**report_form_data(title="Colleague's"), "form_token": token}
    )

    assert response.status_code == 200
    assert FORM_ERROR in response.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_a_token_of_one_form_does_not_work_on_another() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    page = _signed_in(user)
    filing_token = _token(page, "/reports/new/")

    response = page.post(
        f"/reports/{report.reference}/withdraw/", {"reason": "", "form_token": filing_token}
    )

    assert response.status_code == 200 and FORM_ERROR in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.django_db
def test_pages_without_javascript_carry_the_token_in_the_form() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    page = client_for(user)
    for url in (
        "/reports/new/",
        f"/reports/{report.reference}/",
        f"/reports/{report.reference}/withdraw/",
    ):
        html = page.get(url).content.decode()
        assert '<input type="hidden" name="form_token"' in html, url


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", ["filing", "message", "withdraw"])
def test_two_posts_of_one_form_at_the_same_moment_do_the_work_once(form: str) -> None:
    user = exporter()
    report = factories.report_file(actor=user) if form != "filing" else None
    page = _signed_in(user)
    if form == "filing":
        url, data = "/reports/new/", report_form_data()
        data["form_token"] = _token(page, url)
    elif form == "message":
        url, data = f"/reports/{report.reference}/messages/", {"body": "Certificate attached."}
        data["form_token"] = _token(page, f"/reports/{report.reference}/")
    else:
        url, data = f"/reports/{report.reference}/withdraw/", {"reason": "Approval came."}
        data["form_token"] = _token(page, url)
    start = threading.Barrier(2)
    locations: list[str] = []
    lock = threading.Lock()

    def post() -> None:
        try:
            client = _signed_in(user)
            start.wait(timeout=30)
            response = client.post(url, data)
            with lock:
                locations.append(response.status_code == 302 and response.url)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(locations) == 2 and locations[0] and locations[0] == locations[1], locations
    if form == "filing":
        assert Report.objects.count() == 1
    elif form == "message":
        assert Message.objects.filter(report=report).count() == 1
    else:
        assert StatusChange.objects.filter(report=report, to_status="withdrawn").count() == 1
