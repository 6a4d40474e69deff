"""Portal accounts: home page, sign-up with the company, sign-in, password reset, invitations."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from barriers import selectors, services
from barriers.accounts.security import axes_username
from barriers.models import AuditEvent, Company, CompanyKind, User
from tests import factories
from tests.portal_helpers import PASSWORD, client_for, exporter, fresh_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(fresh_cache.__name__)]

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "email": "priya@coastalshrimp.example",
        "password1": "a-long-unusual-passphrase-2026",
        "password2": "a-long-unusual-passphrase-2026",
        "company_name": "Coastal Shrimp Exports Pvt Ltd",
        "iec": "AAPFU0939F",
        "gstin": "",
        "apeda_rcmc": "",
        "mpeda_registration": "MPEDA/KOC/2019/123",
        "eic_approval": "",
        "sector": "marine",
    }
    data.update(overrides)
    return data


def link_in(message: mail.EmailMessage) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


# --- Home ---------------------------------------------------------------------------------


def test_home_explains_the_service_and_offers_sign_up_and_sign_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>" in html
    assert 'href="/accounts/signup/"' in html and 'href="/accounts/login/"' in html
    assert 'class="skip-link" href="#main"' in html
    assert "<script>" not in html and " style=" not in html and "onclick" not in html


def test_home_sends_a_signed_in_exporter_to_my_reports() -> None:
    response = client_for(exporter()).get("/")
    assert response.status_code == 302 and response.url == "/reports/"


def test_home_and_portal_pages_send_officials_to_the_admin() -> None:
    official = client_for(factories.OfficialFactory())
    for url in ["/", "/reports/", "/reports/new/", "/company/invite/"]:
        response = official.get(url)
        assert response.status_code == 302 and response.url == "/admin/", url


# --- Sign-up ------------------------------------------------------------------------------


def test_signup_creates_the_user_and_an_unverified_company_and_sends_a_confirmation(
    client: Client,
) -> None:
    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="priya@coastalshrimp.example")
    company = user.company
    assert company is not None
    assert (company.name, company.iec, company.sector) == (
        "Coastal Shrimp Exports Pvt Ltd",
        "AAPFU0939F",
        "marine",
    )
    assert company.mpeda_registration == "MPEDA/KOC/2019/123"
    assert company.verified is False and company.kind == CompanyKind.EXPORTER
    joined = AuditEvent.objects.get(subject=user, field="company")
    assert (joined.user, joined.old_value, joined.new_value) == (user, "", str(company))
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["priya@coastalshrimp.example"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_confirming_the_address_signs_the_person_in(client: Client) -> None:
    client.post(SIGNUP_URL, signup_data())
    link = link_in(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200 and "Confirm your e-mail address" in page.content.decode()
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="priya@coastalshrimp.example").verified
    assert client.get("/reports/").status_code == 200


def test_signup_refuses_an_iec_that_is_already_registered(client: Client) -> None:
    factories.CompanyFactory(iec="AAPFU0939F", name="Someone Else Ltd")

    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 200
    html = response.content.decode()
    assert "already registered" in html and "invite you" in html
    assert not User.objects.filter(email="priya@coastalshrimp.example").exists()
    assert Company.objects.filter(iec="AAPFU0939F").count() == 1
    assert mail.outbox == []


def test_signup_that_loses_the_race_for_an_iec_gets_a_form_error_not_a_500(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Someone registers the IEC between the form's check and the save: replay that order by
    # letting the form's check see the IEC as free while the company already exists.
    factories.CompanyFactory(iec="AAPFU0939F", name="Someone Else Ltd")
    monkeypatch.setattr(selectors, "company_iec_registered", lambda *, iec: False)

    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 200
    html = response.content.decode()
    assert "already registered" in html
    assert not User.objects.filter(email="priya@coastalshrimp.example").exists()
    assert Company.objects.filter(iec="AAPFU0939F").count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"iec": "12345"}, "iec", "10-character IEC"),
        ({"iec": ""}, "iec", "This field is required"),
        ({"company_name": ""}, "company_name", "This field is required"),
        ({"company_name": "x" * 201}, "company_name", "at most 200 characters"),
        ({"gstin": "27AAPFU0939F1ZA"}, "gstin", "This GSTIN is not valid"),
        ({"gstin": "27AAACR5055K1Z7"}, "gstin", "do not match the IEC"),
        ({"sector": "textiles"}, "sector", "Select a valid choice"),
        ({"password2": "something-else-entirely"}, "password2", "same password"),
        ({"email": "not-an-address"}, "email", "valid email"),
    ],
)
def test_signup_shows_each_error_beside_its_field_and_saves_nothing(
    client: Client, overrides: dict[str, str], field: str, message: str
) -> None:
    response = client.post(SIGNUP_URL, signup_data(**overrides))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # The error is announced with the field: listed under it and named by aria-describedby.
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert User.objects.count() == 0 and Company.objects.count() == 0


def test_signup_accepts_a_matching_gstin_and_an_iec_typed_in_lower_case(client: Client) -> None:
    response = client.post(SIGNUP_URL, signup_data(iec="aapfu 0939f", gstin="27AAPFU0939F1ZV"))

    assert response.status_code == 302
    company = Company.objects.get()
    assert (company.iec, company.gstin) == ("AAPFU0939F", "27AAPFU0939F1ZV")


def test_signup_page_groups_the_person_and_the_company(client: Client) -> None:
    html = client.get(SIGNUP_URL).content.decode()
    assert "About you" in html and "Your company" in html
    assert 'for="id_iec"' in html and 'id="id_iec_helptext"' in html
    assert "placeholder=" not in html


# --- Sign-in, sign-out, password reset ----------------------------------------------------


def test_sign_in_with_a_confirmed_address_leads_to_my_reports(client: Client) -> None:
    user = exporter()
    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/reports/"


def test_sign_in_with_a_wrong_password_is_refused_with_a_message(client: Client) -> None:
    user = exporter()
    response = client.post(LOGIN_URL, {"login": user.email, "password": "wrong"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_before_confirming_the_address_sends_a_new_link(client: Client) -> None:
    user = factories.ExporterFactory()
    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1


def test_repeated_failed_sign_ins_lock_the_account_out(client: Client, settings) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    user = exporter()
    for _ in range(3):
        client.post(LOGIN_URL, {"login": user.email, "password": "wrong"})
    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_axes_counts_allauth_and_admin_sign_ins_against_the_address() -> None:
    assert axes_username(None, {"email": "A@Example.org", "password": "x"}) == "a@example.org"
    assert axes_username(None, {"username": "a@example.org"}) == "a@example.org"


def test_sign_out(client: Client) -> None:
    client.force_login(exporter())
    assert client.get("/accounts/logout/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response.url == "/"
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client: Client) -> None:
    user = exporter()
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert "Choose a password" in form_page.content.decode()
    new = "another-long-passphrase-2026"
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": new, "password2": new}, follow=True
    )
    assert "Your password is saved" in response.content.decode()
    assert User.objects.get(pk=user.pk).check_password(new)


def test_password_reset_with_a_bad_link_says_so(client: Client) -> None:
    response = client.get("/accounts/password/reset/key/1-nonsense/")
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_password_reset_page_errors(client: Client) -> None:
    response = client.post("/accounts/password/reset/", {"email": "nope"})
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()


# --- Invitations --------------------------------------------------------------------------


def test_invite_a_colleague_who_then_chooses_a_password_and_signs_in(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    inviter = exporter()
    page = client_for(inviter)
    assert page.get("/company/invite/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = page.post("/company/invite/", {"email": "Ravi@CoastalShrimp.example"})

    assert response.status_code == 302
    colleague = User.objects.get(email="ravi@coastalshrimp.example")
    assert colleague.company_id == inviter.company_id
    # Who let the colleague into the company is in the audit log.
    joined = AuditEvent.objects.get(subject=colleague, field="company")
    assert (joined.user, joined.new_value, joined.channel) == (
        inviter,
        str(inviter.company),
        "portal",
    )
    assert not colleague.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ravi@coastalshrimp.example"]
    assert inviter.company.name in mail.outbox[0].body
    link = link_in(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert "Choose a password" in form_page.content.decode()
    new = "ravi-chooses-a-passphrase-2026"
    client.post(form_page.redirect_chain[-1][0], {"password1": new, "password2": new})

    # Choosing the password through the e-mailed link confirmed the address.
    assert EmailAddress.objects.get(user=colleague).verified
    response = client.post(LOGIN_URL, {"login": colleague.email, "password": new})
    assert response.status_code == 302 and response.url == "/reports/"


def test_invite_refuses_an_address_that_already_has_an_account() -> None:
    other = exporter()
    page = client_for(exporter())

    response = page.post("/company/invite/", {"email": other.email.upper()})

    assert response.status_code == 200
    assert "already an account" in response.content.decode()
    assert User.objects.filter(email=other.email).get().company_id == other.company_id
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["", "not-an-address", "a" * 250 + "@example.org"])
def test_invite_form_errors(email: str) -> None:
    page = client_for(exporter())
    response = page.post("/company/invite/", {"email": email})
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()
    assert User.objects.count() == 1


def test_company_invite_service_refuses_officials() -> None:
    from barriers.domain.errors import DomainError

    with pytest.raises(DomainError):
        services.company_invite(actor=factories.OfficialFactory(), email="x@example.org")


# --- The admin is for officials -----------------------------------------------------------


def test_exporters_are_told_the_admin_is_for_officials() -> None:
    page = client_for(exporter())
    response = page.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    login = page.get(response.url)
    assert login.status_code == 200
    html = login.content.decode()
    assert "only for officials" in html and 'href="/reports/"' in html


def test_an_exporter_cannot_sign_in_to_the_admin(client: Client) -> None:
    user = exporter()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
