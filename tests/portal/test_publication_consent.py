"""The consent to be named on the public register in the portal: given when filing, shown on the
report page with the EAEU-side consent, given or withdrawn there at any time by the company's
users or its filing council; nobody else can change it."""

from __future__ import annotations

import pytest

from barriers.models import Report, ReportStatus
from tests import factories
from tests.portal_helpers import accepted, association, client_for, exporter, report_form_data

pytestmark = pytest.mark.django_db


def _consent_url(report: Report) -> str:
    return f"/reports/{report.reference}/publication-consent/"


def test_the_filing_form_asks_for_consent_to_be_named_on_the_public_register() -> None:
    html = client_for(exporter()).get("/reports/new/").content.decode()
    assert 'name="consent_to_publish"' in html and 'type="checkbox"' in html
    assert "named on the public register of barriers, which anyone can read" in html
    assert "the public register shows only how many companies are affected" in html


def test_filing_with_consent_to_publish_stores_it_and_without_it_does_not() -> None:
    page = client_for(exporter())
    page.post("/reports/new/", report_form_data(consent_to_publish="on", title="With consent"))
    page.post("/reports/new/", report_form_data(title="Without consent one"))
    consents = dict(Report.objects.values_list("title", "consent_to_publish"))
    assert consents == {"With consent": True, "Without consent one": False}


def test_the_report_page_shows_both_consents_and_the_button_that_changes_it() -> None:
    user = exporter()
    report = factories.report_file(actor=user, consent_to_share=True, consent_to_publish=False)
    html = client_for(user).get(f"/reports/{report.reference}/").content.decode()
    assert "Yes, to the EAEU side" in html
    assert "Named on the public register" in html
    assert "No: the register only counts your company among those affected" in html
    assert f'action="{_consent_url(report)}"' in html and "Allow naming" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_an_exporter_gives_then_withdraws_consent_on_an_accepted_report() -> None:
    user = exporter()
    report = accepted(factories.report_file(actor=user))
    assert report.status == ReportStatus.ACCEPTED  # no longer editable
    page = client_for(user)

    response = page.post(_consent_url(report), {"consent_to_publish": "yes"})

    assert response.status_code == 302 and response.url == f"/reports/{report.reference}/"
    report.refresh_from_db()
    assert report.consent_to_publish is True
    html = page.get(response.url).content.decode()
    assert "may now be named on the public register" in html
    assert "Yes: anyone reading the register may see your company" in html
    assert "Withdraw consent" in html

    page.post(_consent_url(report), {"consent_to_publish": "no"})
    report.refresh_from_db()
    assert report.consent_to_publish is False
    reasons = list(report.history.values_list("history_change_reason", flat=True))
    assert sum("given by" in (reason or "") for reason in reasons) == 1
    assert sum("withdrawn by" in (reason or "") for reason in reasons) == 1


def test_the_council_that_filed_the_report_can_change_the_consent() -> None:
    member = factories.CompanyFactory()
    council = association([member])
    staff = exporter(council)
    report = factories.report_file(company=member, actor=staff, filing_association=council)
    response = client_for(staff).post(_consent_url(report), {"consent_to_publish": "yes"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.consent_to_publish is True


def test_another_companys_user_gets_404_and_nothing_changes() -> None:
    report = factories.report_file(consent_to_publish=True)
    response = client_for(exporter()).post(_consent_url(report), {"consent_to_publish": "no"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.consent_to_publish is True


def test_a_value_that_is_not_yes_or_no_is_a_400_naming_the_problem() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    response = client_for(user).post(_consent_url(report), {"consent_to_publish": "maybe"})
    assert response.status_code == 400
    assert "Answer yes or no." in response.content.decode()
    report.refresh_from_db()
    assert report.consent_to_publish is False


def test_the_consent_is_changed_by_post_only_with_a_csrf_token() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    page = client_for(user)
    assert page.get(_consent_url(report)).status_code == 405
    page.handler.enforce_csrf_checks = True
    assert page.post(_consent_url(report), {"consent_to_publish": "yes"}).status_code == 403
    report.refresh_from_db()
    assert report.consent_to_publish is False


def test_the_consent_row_reads_in_hindi() -> None:
    user = exporter(language="hi")
    report = factories.report_file(actor=user)
    html = client_for(user).get(f"/reports/{report.reference}/").content.decode()
    assert "सार्वजनिक रजिस्टर पर नाम" in html and "नाम दिखाने की अनुमति दें" in html


def test_editing_a_submitted_report_can_give_the_consent_and_says_so_in_the_history() -> None:
    user = exporter()
    page = client_for(user)
    page.post("/reports/new/", report_form_data())
    report = Report.objects.get()
    assert report.consent_to_publish is False

    response = page.post(
        f"/reports/{report.reference}/edit/", report_form_data(consent_to_publish="on")
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.consent_to_publish is True
    change = report.history.order_by("-history_date").first()
    assert change.history_change_reason.startswith(
        "Consent to be named on the public register given by"
    )
