"""Who may open which portal page: another company's report, file or draft is 404 everywhere."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from barriers import services
from barriers.models import (
    Barrier,
    Document,
    Message,
    Report,
    ReportDraft,
    StatusChange,
    User,
)
from tests import factories
from tests.portal_helpers import (
    accepted,
    client_for,
    exporter,
    pdf_upload,
    report_form_data,
    resolved,
)

pytestmark = pytest.mark.django_db


@dataclass
class Owned:
    owner: User
    report: Report
    resolved_report: Report
    document: Document
    draft: ReportDraft


@pytest.fixture
def owned(settings, tmp_path) -> Owned:
    """Company A's report (information requested), a resolved one, a file and a draft."""
    settings.MEDIA_ROOT = tmp_path
    owner = exporter()
    report = factories.report_file(actor=owner, title="Company A's secret report")
    official = factories.OfficialFactory()
    services.report_start_review(report=report, actor=official)
    services.report_request_info(report=report, actor=official, question="Which plant?")
    document = services.document_attach(
        report=report, actor=owner, upload=pdf_upload(), name="a-only.pdf"
    )
    done = accepted(factories.report_file(actor=owner), official)
    resolved(done.barrier, official)
    draft = services.report_draft_save(actor=owner, data={"title": "Company A's draft"})
    return Owned(owner, report, done, document, draft)


def snapshot() -> dict[str, Any]:
    return {
        "reports": list(Report.objects.order_by("pk").values_list("pk", "status", "title")),
        "barriers": list(Barrier.objects.order_by("pk").values_list("pk", "status")),
        "messages": Message.objects.count(),
        "documents": Document.objects.count(),
        "drafts": list(ReportDraft.objects.order_by("pk").values_list("pk", "title")),
        "changes": StatusChange.objects.count(),
    }


def requests_on(o: Owned) -> list[tuple[str, str, dict[str, Any]]]:
    ref, done = o.report.reference, o.resolved_report.reference
    return [
        ("get", f"/reports/{ref}/", {}),
        ("get", f"/reports/{ref}/edit/", {}),
        ("post", f"/reports/{ref}/edit/", report_form_data(title="Changed by B")),
        ("get", f"/reports/{ref}/withdraw/", {}),
        ("post", f"/reports/{ref}/withdraw/", {"reason": "B withdraws"}),
        ("post", f"/reports/{ref}/messages/", {"body": "B writes"}),
        ("get", f"/reports/{ref}/documents/{o.document.pk}/", {}),
        # The file asked for under the other company's report reference, and under B's own.
        ("get", f"/reports/{done}/documents/{o.document.pk}/", {}),
        ("get", f"/reports/{done}/", {}),
        ("post", f"/reports/{done}/barrier-fix/", {"cleared": "no", "reason": "B reopens"}),
        ("post", f"/reports/{done}/barrier-fix/", {"cleared": "yes"}),
        ("get", f"/reports/drafts/{o.draft.pk}/", {}),
        ("post", f"/reports/drafts/{o.draft.pk}/", {"title": "B's draft", "action": "draft"}),
        ("post", f"/reports/drafts/{o.draft.pk}/", report_form_data()),
    ]


def test_another_company_gets_404_on_every_page_and_changes_nothing(owned: Owned) -> None:
    intruder = exporter()
    own_report = factories.report_file(actor=intruder, title="B's own report")
    page = client_for(intruder)
    before = snapshot()

    for method, url, data in requests_on(owned):
        response = getattr(page, method)(url, data)
        assert response.status_code == 404, (method, url, response.status_code)

    # B's own file URL with A's document id is also 404.
    response = page.get(f"/reports/{own_report.reference}/documents/{owned.document.pk}/")
    assert response.status_code == 404
    assert snapshot() == before
    listing = page.get("/reports/").content.decode()
    assert "Company A" not in listing and owned.report.reference not in listing


def test_the_owner_reaches_every_page(owned: Owned) -> None:
    page = client_for(owned.owner)
    ref, done = owned.report.reference, owned.resolved_report.reference
    for url in [
        f"/reports/{ref}/",
        f"/reports/{ref}/edit/",
        f"/reports/{ref}/withdraw/",
        f"/reports/{ref}/documents/{owned.document.pk}/",
        f"/reports/{done}/",
        f"/reports/drafts/{owned.draft.pk}/",
    ]:
        assert page.get(url).status_code == 200, url


def test_a_colleague_in_the_same_company_sees_the_reports_and_drafts(owned: Owned) -> None:
    colleague = client_for(exporter(company=owned.owner.company))
    assert colleague.get(f"/reports/{owned.report.reference}/").status_code == 200
    assert colleague.get(f"/reports/drafts/{owned.draft.pk}/").status_code == 200


def test_an_association_sees_what_it_filed_but_not_other_reports_of_its_members(
    owned: Owned,
) -> None:
    from tests.portal_helpers import association

    council_user = exporter(company=association([owned.owner.company]))
    filed = factories.report_file(
        company=owned.owner.company, actor=council_user, filing_association=council_user.company
    )
    page = client_for(council_user)
    assert page.get(f"/reports/{filed.reference}/").status_code == 200
    assert page.get(f"/reports/{owned.report.reference}/").status_code == 404
    assert page.get(f"/reports/drafts/{owned.draft.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(owned: Owned) -> None:
    client = Client()
    before = snapshot()
    for method, url, data in [
        *requests_on(owned),
        ("get", "/reports/", {}),
        ("get", "/reports/new/", {}),
        ("post", "/reports/new/", report_form_data()),
        ("get", "/reports/hs-codes/?q=sh", {}),
        ("get", "/company/invite/", {}),
        ("post", "/company/invite/", {"email": "x@example.org"}),
    ]:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, (method, url)
        assert response.url.startswith("/accounts/login/?next="), (method, url)
    assert snapshot() == before


def test_officials_are_sent_to_the_admin(owned: Owned) -> None:
    page = client_for(factories.OfficialFactory())
    for method, url, data in requests_on(owned):
        response = getattr(page, method)(url, data)
        assert response.status_code == 302 and response.url == "/admin/", (method, url)


def test_a_user_without_a_company_is_told_so() -> None:
    loner = factories.UserFactory()
    response = client_for(loner).get("/reports/")
    assert response.status_code == 403
    assert "not linked to a company" in response.content.decode()


def test_pages_have_no_inline_code_or_styles_and_their_headings_in_order(owned: Owned) -> None:
    """Ready for a Content-Security-Policy without 'unsafe-inline'; headings never skip a level."""
    ref = owned.report.reference
    signed_in = client_for(owned.owner)
    pages = [
        (Client(), "/"),
        (Client(), "/accounts/login/"),
        (Client(), "/accounts/signup/"),
        (Client(), "/accounts/password/reset/"),
        (signed_in, "/reports/"),
        (signed_in, "/reports/new/"),
        (signed_in, f"/reports/{ref}/"),
        (signed_in, f"/reports/{owned.resolved_report.reference}/"),
        (signed_in, f"/reports/{ref}/edit/"),
        (signed_in, f"/reports/{ref}/withdraw/"),
        (signed_in, f"/reports/drafts/{owned.draft.pk}/"),
        (signed_in, "/company/invite/"),
    ]
    for client, url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
        assert levels[0] == 1 and levels.count(1) == 1, (url, levels)
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (url, levels)
        assert 'href="#main"' in html and 'id="main"' in html, url
