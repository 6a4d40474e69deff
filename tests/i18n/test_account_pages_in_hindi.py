"""The account pages an exporter meets first (django-allauth's, in the project's templates) and
their e-mails, in Hindi when the visitor's language is Hindi, and unchanged in English."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core import mail
from django.test import Client

from tests import factories
from tests.accounts.test_mfa import wrong_code
from tests.portal.test_accounts import LOGIN_URL, SIGNUP_URL, signup_data
from tests.portal_helpers import PASSWORD, exporter, fresh_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(fresh_cache.__name__)]

RESET_URL = "/accounts/password/reset/"


def hindi_browser() -> Client:
    """A visitor whose browser asks for Hindi."""
    return Client(headers={"accept-language": "hi"})


def switched_to_hindi() -> Client:
    """A visitor who chose हिन्दी with the portal's language switch."""
    client = Client()
    client.post("/language/", {"language": "hi", "next": LOGIN_URL})
    return client


@pytest.mark.parametrize("client_of", [hindi_browser, switched_to_hindi])
def test_the_sign_in_page_is_in_hindi(client_of) -> None:
    page = client_of().get(LOGIN_URL).content.decode()
    assert '<html lang="hi">' in page
    assert "<title>साइन इन करें – भारत–ईएईयू व्यापार बाधा ट्रैकर</title>" in page
    assert "<h1>साइन इन करें</h1>" in page
    assert "अपनी कंपनी के IEC से पंजीकरण करें" in page
    assert ">ई-मेल पता<" in page
    assert ">पासवर्ड<" in page
    assert "पासवर्ड भूल गए?" in page
    # The portal's header, with its language switch back to English, and the skip link.
    assert 'value="en" class="link-button" lang="en">English</button>' in page
    assert 'class="skip-link" href="#main"' in page
    for english in ("Sign in", "New to the tracker", "E-mail address", "Forgotten your password"):
        assert english not in page


def test_the_sign_up_page_is_in_hindi() -> None:
    page = hindi_browser().get(SIGNUP_URL).content.decode()
    assert "<h1>अपनी कंपनी के लिए पंजीकरण करें</h1>" in page
    assert "आपके बारे में" in page and "आपकी कंपनी" in page
    assert "आपका कार्यालयी ई-मेल पता" in page
    assert "पासवर्ड (दोबारा)" in page
    assert "आपका पासवर्ड केवल अंकों का नहीं होना चाहिए।" in page
    assert "समुद्री" in page and "कृषि" in page
    assert 'value="en" class="link-button" lang="en">English</button>' in page
    for english in ("Sign up for your company", "About you", "Password", "Marine"):
        assert english not in page


def test_the_password_reset_pages_are_in_hindi() -> None:
    client = hindi_browser()
    page = client.get(RESET_URL).content.decode()
    assert "<h1>पासवर्ड भूल गए?</h1>" in page
    assert "मुझे लिंक भेजें" in page
    assert "Forgotten your password" not in page
    done = client.post(RESET_URL, {"email": "nobody@example.com"}, follow=True)
    assert "<h1>अपना ई-मेल देखें</h1>" in done.content.decode()


def test_a_failed_sign_in_in_hindi_says_why_in_hindi() -> None:
    user = exporter()
    response = hindi_browser().post(LOGIN_URL, {"login": user.email, "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>त्रुटि: साइन इन करें – भारत–ईएईयू व्यापार बाधा ट्रैकर</title>" in page
    assert "आपके द्वारा दर्ज किया गया ई-मेल पता और/या पासवर्ड सही नहीं है।" in page
    assert "not correct" not in page


def test_a_too_short_password_at_a_hindi_sign_up_is_refused_in_hindi() -> None:
    data = signup_data(password1="12345", password2="12345")
    page = hindi_browser().post(SIGNUP_URL, data).content.decode()
    assert "यह पासवर्ड बहुत छोटा है। इसमें कम से कम 8 अक्षर होने चाहिए।" in page
    assert "too short" not in page


def test_the_confirmation_e_mail_of_a_hindi_sign_up_is_in_hindi() -> None:
    response = hindi_browser().post(SIGNUP_URL, signup_data(), follow=True)
    assert "<h1>अपना ई-मेल देखें</h1>" in response.content.decode()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "[Barrier tracker] अपने ई-मेल पते की पुष्टि करें"
    assert email.body.startswith("नमस्कार,\n")
    assert "यह पुष्टि करने के लिए कि यह पता आपका है, यह लिंक खोलें:" in email.body
    assert "/accounts/confirm-email/" in email.body
    assert "— भारत–ईएईयू व्यापार बाधा ट्रैकर" in email.body
    assert "Someone" not in email.body


def test_the_password_reset_e_mail_asked_for_in_hindi_is_in_hindi() -> None:
    user = exporter()
    hindi_browser().post(RESET_URL, {"email": user.email})
    (email,) = mail.outbox
    assert email.subject == "[Barrier tracker] नया पासवर्ड चुनें"
    assert "नया पासवर्ड चुनने के लिए यह लिंक खोलें (यह 3 दिन तक मान्य है):" in email.body


def test_signing_in_and_out_in_hindi_says_so_in_hindi() -> None:
    user = exporter(full_name="Anil Kumar")
    client = switched_to_hindi()
    signed_in = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD}, follow=True)
    assert "के रूप में साइन इन हो गए हैं।" in signed_in.content.decode()
    signed_out = client.post("/accounts/logout/", follow=True)
    assert "आप साइन आउट हो गए हैं।" in signed_out.content.decode()


def test_the_english_account_pages_and_e_mails_are_unchanged() -> None:
    client = Client(headers={"accept-language": "en"})
    login = client.get(LOGIN_URL).content.decode()
    assert '<html lang="en">' in login and "<h1>Sign in</h1>" in login
    assert ">E-mail address<" in login and "Forgotten your password?" in login
    assert 'value="hi" class="link-button" lang="hi">हिन्दी</button>' in login
    signup = client.get(SIGNUP_URL).content.decode()
    assert "<h1>Sign up for your company</h1>" in signup and "Your work e-mail address" in signup
    assert "Officials check these details against the DGFT's records" in signup
    reset = client.get(RESET_URL).content.decode()
    assert "<h1>Forgotten your password?</h1>" in reset and "Send me the link" in reset

    client.post(SIGNUP_URL, signup_data())
    (email,) = mail.outbox
    assert email.subject == "[Barrier tracker] Confirm your e-mail address"
    assert email.body.startswith("Hello,\n\nSomeone, probably you, signed up for the India–EAEU")
    assert "To confirm that it is yours, open this link:\n" in email.body
    assert "नमस्कार" not in email.body
    assert settings.LANGUAGE_CODE == "en"


def test_the_company_details_of_a_hindi_sign_up_are_checked_in_hindi() -> None:
    page = hindi_browser().post(SIGNUP_URL, signup_data(iec="12AB", gstin="27AAPFU0939F1Z"))
    html = page.content.decode()
    assert "10 अक्षरों का IEC दर्ज करें" in html
    assert "यह GSTIN मान्य नहीं है: इसमें ठीक 15 अक्षर होने चाहिए।" in html

    factories.CompanyFactory(iec="AAPFU0939F", name="Someone Else Ltd")
    taken = hindi_browser().post(SIGNUP_URL, signup_data())
    assert "इस IEC से एक कंपनी पहले से पंजीकृत है।" in taken.content.decode()


def test_the_second_factor_step_of_an_exporter_who_added_one_is_in_hindi() -> None:
    """Exporters may add an authenticator app; allauth's code page is then in Hindi too."""
    user = exporter()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = hindi_browser()
    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/accounts/2fa/authenticate/"
    page = client.get(response.url).content.decode()
    assert "दो-चरणीय प्रमाणीकरण" in page and "कृपया ऑथेंटिकेटर ऐप का कोड दर्ज करें" in page
    assert 'value="en" class="link-button" lang="en">English</button>' in page
    refused = client.post(response.url, {"code": wrong_code(secret)}).content.decode()
    assert "कोड गलत है।" in refused
    assert "Two-Factor" not in refused and "Incorrect code" not in refused
