"""Security headers, cookies and CSRF on every kind of page the project serves.

Every response carries a Content-Security-Policy that allows scripts and styles only from the
site's own files (no inline script, no inline style), frame denial, nosniff, a Referrer-Policy and
a Cross-Origin-Opener-Policy. The production profile (DEBUG off) adds HSTS and Secure cookies.
The pages contain no inline script, event handler or style attribute, so the policy breaks
nothing: a Chromium test loads the portal filing page, the admin and the API docs under the real
policy and checks that no violation is reported and their scripts work.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_celery_beat.models import CrontabSchedule
from rest_framework.authtoken.models import Token

from barriers import services
from barriers.accounts.roles import TRIAGE_OFFICER
from barriers.models import Document, User
from tests import factories
from tests.browser import chromium_page
from tests.conftest import ROOT
from tests.portal_helpers import (
    PASSWORD,
    client_for,
    exporter,
    form_token_of,
    fresh_cache,  # noqa: F401
    pdf_upload,
    reference_rows,
    report_form_data,
)

EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}


def parse_csp(header: str) -> dict[str, list[str]]:
    policy: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0]] = words[1:]
    return policy


def triage_officer() -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=TRIAGE_OFFICER))
    return user


def report_with_document(user: User) -> tuple[str, int]:
    report = factories.report_file(actor=user)
    services.document_attach(report=report, actor=user, upload=pdf_upload(), name="listing.pdf")
    return report.reference, Document.objects.get(report=report).pk


# ---------------------------------------------------------------------------------------------
# Headers on every kind of page
# ---------------------------------------------------------------------------------------------


def _portal_page() -> tuple[Client, str]:
    return client_for(exporter()), "/reports/"


def _portal_form() -> tuple[Client, str]:
    reference_rows()
    return client_for(exporter()), "/reports/new/"


def _login_page() -> tuple[Client, str]:
    return Client(), "/accounts/login/"


def _admin_changelist() -> tuple[Client, str]:
    return client_for(triage_officer()), "/admin/barriers/report/"


def _admin_change_form() -> tuple[Client, str]:
    user = triage_officer()
    report = factories.report_file()
    return client_for(user), f"/admin/barriers/report/{report.pk}/change/"


def _admin_login() -> tuple[Client, str]:
    return Client(), "/admin/login/"


def _api_json() -> tuple[Client, str]:
    user = exporter()
    token = Token.objects.create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"}), "/api/v1/reports/"


def _api_schema() -> tuple[Client, str]:
    return client_for(exporter()), "/api/v1/schema/"


def _api_error() -> tuple[Client, str]:
    return Client(), "/api/v1/reports/"  # 401/403 JSON for the anonymous


def _api_docs() -> tuple[Client, str]:
    return Client(), "/api/v1/docs/"


def _api_docs_script() -> tuple[Client, str]:
    return Client(), "/api/v1/docs/?script="


def _portal_download() -> tuple[Client, str]:
    user = exporter()
    reference, document_id = report_with_document(user)
    return client_for(user), f"/reports/{reference}/documents/{document_id}/"


def _api_download() -> tuple[Client, str]:
    user = exporter()
    reference, document_id = report_with_document(user)
    return client_for(user), f"/api/v1/reports/{reference}/documents/{document_id}/"


def _not_found() -> tuple[Client, str]:
    return Client(), "/no-such-page/"


def _not_found_signed_in() -> tuple[Client, str]:
    return client_for(exporter()), "/reports/REP-2026-999999/"


def _static_file() -> tuple[Client, str]:
    return Client(), "/static/barriers/portal.js"


PAGES: dict[str, tuple[Callable[[], tuple[Client, str]], int]] = {
    "portal page": (_portal_page, 200),
    "portal form": (_portal_form, 200),
    "portal login": (_login_page, 200),
    "admin changelist": (_admin_changelist, 200),
    "admin change form": (_admin_change_form, 200),
    "admin login": (_admin_login, 200),
    "API JSON": (_api_json, 200),
    "API schema": (_api_schema, 200),
    "API error": (_api_error, 401),
    "API docs": (_api_docs, 200),
    "API docs script": (_api_docs_script, 200),
    "portal file download": (_portal_download, 200),
    "API file download": (_api_download, 200),
    "404 page": (_not_found, 404),
    "404 for a signed-in exporter": (_not_found_signed_in, 404),
    "static file": (_static_file, 200),
}

DOWNLOADS = {"portal file download", "API file download"}


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache")
@pytest.mark.parametrize("kind", list(PAGES))
def test_every_kind_of_page_carries_the_security_headers(kind: str, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    make, status = PAGES[kind]
    client, url = make()

    response = client.get(url)

    assert response.status_code == status, (kind, response.status_code)
    assert response["X-Content-Type-Options"] == "nosniff"
    if kind != "static file":  # WhiteNoise answers before the frame middleware; no page to frame
        assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = parse_csp(response["Content-Security-Policy"])
    if kind in DOWNLOADS:
        # Evidence files get a stricter policy still: nothing runs, even if a browser renders one.
        assert policy == {"default-src": ["'none'"], "sandbox": []}
    else:
        assert policy == EXPECTED_CSP
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.django_db
def test_the_policy_allows_no_inline_or_evaluated_script_and_no_inline_style(client) -> None:
    policy = parse_csp(client.get("/").headers["Content-Security-Policy"])

    for directive in ("script-src", "style-src", "default-src"):
        sources = policy[directive]
        assert "'unsafe-inline'" not in sources
        assert "'unsafe-eval'" not in sources
        assert "'unsafe-hashes'" not in sources
        assert "*" not in sources and "data:" not in sources
        assert not any(source.startswith(("'nonce-", "'sha")) for source in sources)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]


def test_the_development_profile_sends_no_hsts(client, db) -> None:
    response = client.get("/", secure=True)
    assert "Strict-Transport-Security" not in response


# ---------------------------------------------------------------------------------------------
# The production profile: HSTS, Secure cookies
# ---------------------------------------------------------------------------------------------

PRODUCTION_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "OFFICIAL_SESSION_IDLE_SECONDS",
]


@pytest.fixture(scope="module")
def production_settings() -> dict[str, object]:
    """The security settings as a production process (DEBUG off, only the required variables)
    reads them from its environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "DJANGO_"))
    }
    env.update({"DEBUG": "false", "SECRET_KEY": "x" * 64, "ALLOWED_HOSTS": "barriers.example"})
    script = (
        "import json, tracker.settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_profile_turns_on_hsts_and_secure_cookies(production_settings) -> None:
    values = production_settings
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert values["OFFICIAL_SESSION_IDLE_SECONDS"] == 1800


@pytest.fixture
def production(settings, production_settings) -> None:
    """Run this process's requests with the production profile's security settings."""
    for name, value in production_settings.items():
        if name != "DEBUG":
            setattr(settings, name, value)


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache", "production")
def test_production_responses_carry_hsts_and_redirect_plain_http() -> None:
    client = Client()

    plain = client.get("/accounts/login/")
    assert plain.status_code == 301 and plain.url == "https://testserver/accounts/login/"

    response = client.get("/accounts/login/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert parse_csp(response["Content-Security-Policy"]) == EXPECTED_CSP


def _cookie_flags(response, name: str) -> dict[str, object]:
    morsel = response.cookies[name]
    return {
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "samesite": morsel["samesite"],
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache", "production")
def test_production_session_and_csrf_cookies_are_secure_and_samesite() -> None:
    user = exporter()
    client = Client()

    page = client.get("/accounts/login/", secure=True)
    assert _cookie_flags(page, "csrftoken") == {
        "secure": True,
        "httponly": False,
        "samesite": "Lax",
    }

    signed_in = client.post(
        "/accounts/login/",
        {"login": user.email, "password": PASSWORD},
        secure=True,
        headers={"Referer": "https://testserver/accounts/login/"},
    )
    assert signed_in.status_code == 302
    assert _cookie_flags(signed_in, "sessionid") == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache", "production")
def test_production_admin_login_cookie_is_secure_httponly_and_samesite() -> None:
    official = factories.OfficialFactory(is_superuser=True)
    client = Client()
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/",
        {"username": official.email, "password": PASSWORD},
        secure=True,
        headers={"Referer": "https://testserver/admin/login/"},
    )
    assert response.status_code == 302
    assert _cookie_flags(response, "sessionid") == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }


# ---------------------------------------------------------------------------------------------
# CSRF on every form
# ---------------------------------------------------------------------------------------------

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.IGNORECASE | re.DOTALL)


def _post_forms(html: str) -> list[str]:
    return [body for attrs, body in FORM.findall(html) if re.search(r"method=\"?post", attrs, re.I)]


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache")
def test_every_post_form_on_portal_and_admin_pages_carries_the_csrf_token(
    tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path
    reference_rows()
    user = exporter()
    reference, _ = report_with_document(user)
    portal = client_for(user)
    official = client_for(triage_officer())
    report = Document.objects.get().report
    pages = [
        (Client(), "/accounts/login/"),
        (Client(), "/accounts/signup/"),
        (Client(), "/accounts/password/reset/"),
        (Client(), "/admin/login/"),
        (portal, "/reports/new/"),
        (portal, f"/reports/{reference}/"),
        (portal, f"/reports/{reference}/edit/"),
        (portal, f"/reports/{reference}/withdraw/"),
        (portal, "/accounts/logout/"),
        (official, "/admin/barriers/report/"),
        (official, f"/admin/barriers/report/{report.pk}/change/"),
    ]
    counted = 0
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        forms = _post_forms(response.content.decode())
        for body in forms:
            assert 'name="csrfmiddlewaretoken"' in body, url
        counted += len(forms)
    assert counted >= len(pages)


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache")
def test_a_portal_form_posted_without_the_csrf_token_is_refused_and_nothing_is_saved() -> None:
    reference_rows()
    user = exporter()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/reports/new/", report_form_data())

    assert response.status_code == 403
    assert user.company.reports.count() == 0

    # The same form with the token from the page goes through.
    page = client.get("/reports/new/")
    token = page.context["csrf_token"]
    accepted = client.post(
        "/reports/new/",
        report_form_data(csrfmiddlewaretoken=str(token), form_token=form_token_of(page)),
    )
    assert accepted.status_code == 302
    assert user.company.reports.count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache")
def test_an_admin_form_posted_without_the_csrf_token_is_refused_and_nothing_is_saved() -> None:
    official = factories.OfficialFactory(is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(official)
    before = Group.objects.count()

    response = client.post("/admin/auth/group/add/", {"name": "Forged group"})

    assert response.status_code == 403
    assert Group.objects.count() == before


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache")
def test_login_forms_posted_without_the_csrf_token_are_refused() -> None:
    user = exporter()
    official = factories.OfficialFactory(is_superuser=True)
    client = Client(enforce_csrf_checks=True)

    portal = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    admin = client.post("/admin/login/", {"username": official.email, "password": PASSWORD})

    assert portal.status_code == admin.status_code == 403
    assert "_auth_user_id" not in client.session


# ---------------------------------------------------------------------------------------------
# No inline code in the pages the project renders
# ---------------------------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JAVASCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)


def inline_code(html: str) -> list[str]:
    found = []
    for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT, JAVASCRIPT_URL):
        found += [match.group(0)[:120] for match in pattern.finditer(html)]
    return found


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache")
def test_portal_admin_and_docs_pages_contain_no_inline_script_or_style(tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path
    reference_rows()
    user = exporter()
    reference, _ = report_with_document(user)
    portal = client_for(user)
    superuser = client_for(factories.OfficialFactory(is_superuser=True))
    report = Document.objects.get().report
    pages = [
        (Client(), "/"),
        (Client(), "/accounts/login/"),
        (Client(), "/accounts/signup/"),
        (Client(), "/admin/login/"),
        (Client(), "/api/v1/docs/"),
        (portal, "/reports/"),
        (portal, "/reports/new/"),
        (portal, f"/reports/{reference}/"),
        (portal, f"/reports/{reference}/edit/"),
        (superuser, "/admin/"),
        (superuser, "/admin/dashboard/"),
        (superuser, "/admin/barriers/report/"),
        (superuser, f"/admin/barriers/report/{report.pk}/change/"),
        (superuser, f"/admin/barriers/report/{report.pk}/history/"),
        (superuser, "/admin/barriers/report/export/"),
        (superuser, "/admin/barriers/barrier/"),
        (superuser, "/admin/barriers/meeting/"),
        (superuser, "/admin/barriers/meeting/add/"),
        (superuser, "/admin/barriers/user/add/"),
        (superuser, "/admin/auth/group/add/"),
        (superuser, "/admin/django_celery_beat/periodictask/add/"),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


# ---------------------------------------------------------------------------------------------
# In Chromium, under the real policy
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def csp_page(settings, tmp_path: Path):
    """A Chromium page that records every console message and page error."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with chromium_page(console=True) as page:
        yield page


def csp_violations(page) -> list[str]:
    return [text for text in page.console_log if "Content Security Policy" in text]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_portal_filing_page_works_under_the_policy(live_server, csp_page) -> None:
    page = csp_page
    reference_rows()
    user = exporter()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/reports/")

    response = page.goto(f"{live_server.url}/reports/new/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    codes = page.get_by_role("combobox", name="HS codes of the products")
    codes.press_sequentially("grapes", delay=40)
    option = page.get_by_role("option", name=re.compile("080610"))
    option.wait_for()
    codes.press("ArrowDown")
    codes.press("Enter")
    assert codes.input_value().startswith("080610")

    assert csp_violations(page) == []
    assert [text for text in page.console_log if text.startswith("pageerror")] == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_changelist_actions_and_date_widgets_work_under_the_policy(
    live_server, csp_page
) -> None:
    page = csp_page
    official = factories.OfficialFactory(is_superuser=True)
    for _ in range(2):
        factories.report_file()

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", official.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    # The changelist: the "select all" checkbox (actions.js) ticks every row.
    page.goto(f"{live_server.url}/admin/barriers/report/")
    page.locator("#action-toggle").check()
    assert page.locator("input.action-select:checked").count() == 2
    assert "2 of 2 selected" in page.locator(".action-counter").inner_text()

    # A change form with a date widget: the calendar (DateTimeShortcuts.js) opens and fills it.
    page.goto(f"{live_server.url}/admin/barriers/meeting/add/")
    date_inputs = page.locator("input.vDateField")
    assert date_inputs.count() >= 1
    page.locator(".datetimeshortcuts a").first.click()  # "Today"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_inputs.first.input_value())

    # The export page: "select all" fields toggle (import-export's script).
    page.goto(f"{live_server.url}/admin/barriers/report/export/")
    toggle = page.locator("input.select-toggle")
    fields = page.locator(".selectable-field-export-row input[type=checkbox]:checked")
    assert fields.count() > 1
    toggle.uncheck()
    assert fields.count() == 0
    toggle.check()
    assert fields.count() > 1

    # The periodic task form explains the chosen crontab (django-celery-beat's script, moved).
    crontab = CrontabSchedule.objects.create(minute="30", hour="2")
    page.goto(f"{live_server.url}/admin/django_celery_beat/periodictask/add/")
    page.locator("#id_crontab").select_option(str(crontab.pk))
    assert "Translation: At 02:30" in page.locator(".field-crontab .help").inner_text()

    assert csp_violations(page) == []
    assert [text for text in page.console_log if text.startswith("pageerror")] == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_swagger_docs_render_their_operations_under_the_policy(live_server, csp_page) -> None:
    page = csp_page

    response = page.goto(f"{live_server.url}/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 10
    assert page.locator(".opblock-summary-path", has_text="/api/v1/reports/").count() >= 1
    page.locator(".opblock-summary-path", has_text="/api/v1/hs-codes/").first.click()
    page.get_by_role("button", name="Try it out").first.wait_for()

    assert csp_violations(page) == []
    assert [text for text in page.console_log if text.startswith("pageerror")] == []
