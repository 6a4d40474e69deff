"""Portal report pages: My reports, filing with evidence, drafts, the report page, edit, withdraw,
messages, downloads and the "are your shipments clearing again?" question."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from barriers import services
from barriers.models import (
    BarrierStatus,
    Document,
    Message,
    MessageVisibility,
    OutboundEmail,
    Report,
    ReportDraft,
    ReportStatus,
    StatusChange,
)
from tests import factories
from tests.portal_helpers import (
    PDF,
    accepted,
    association,
    client_for,
    exporter,
    fake_pdf_upload,
    pdf_upload,
    reference_rows,
    report_form_data,
    resolved,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def errors_of(html: str) -> dict[str, str]:
    """Field name → its error text, as shown beside the field."""
    found = re.findall(r'id="id_([a-z_]+)_error"><li>(.*?)</ul>', html, re.S)
    return {name: re.sub(r"<[^>]+>", "", text) for name, text in found}


# --- My reports ---------------------------------------------------------------------------


def test_my_reports_lists_the_company_reports_newest_first_without_others() -> None:
    user = exporter()
    older = factories.report_file(actor=user, title="Older report")
    newer = factories.report_file(actor=user, title="Newer report")
    factories.report_file(title="Another company's report")

    response = client_for(user).get("/reports/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(newer.reference) < html.index(older.reference)
    assert "Another company" not in html
    assert "Submitted" in html and "Days pending" in html
    assert f'href="/reports/{newer.reference}/"' in html
    assert str(older.days_pending) in html


def test_my_reports_filters_by_status() -> None:
    user = exporter()
    kept = factories.report_file(actor=user, title="Still waiting")
    gone = factories.report_file(actor=user, title="Taken back")
    services.report_withdraw(report=gone, actor=user)

    html = client_for(user).get("/reports/?status=withdrawn").content.decode()

    assert gone.reference in html and kept.reference not in html


def test_my_reports_with_an_unknown_status_shows_an_error_and_all_reports() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    response = client_for(user).get("/reports/?status=bogus")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html and report.reference in html


def test_my_reports_is_paginated_25_to_a_page_keeping_the_filter() -> None:
    user = exporter()
    for number in range(30):
        factories.report_file(actor=user, title=f"Report number {number}")
    page = client_for(user)

    first = page.get("/reports/?status=submitted").content.decode()
    second = page.get("/reports/?status=submitted&page=2").content.decode()

    assert first.count("<tr>") == 26 and second.count("<tr>") == 6  # with the header row
    assert 'href="?status=submitted&amp;page=2"' in first
    assert page.get("/reports/?page=999").status_code == 200


def test_my_reports_runs_the_same_number_of_queries_for_1_and_30_reports() -> None:
    def count_for(user) -> int:
        page = client_for(user)
        page.get("/reports/")  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert page.get("/reports/").status_code == 200
        return len(queries)

    one = exporter()
    factories.report_file(actor=one)
    thirty = exporter()
    for _ in range(30):
        factories.report_file(actor=thirty)
    for report in Report.objects.filter(company=thirty.company)[:5]:
        accepted(report)
    ReportDraft.objects.create(company=one.company, author=one, title="A", data={})
    ReportDraft.objects.create(company=thirty.company, author=thirty, title="B", data={})

    assert count_for(one) == count_for(thirty)


def test_my_reports_shows_drafts_on_top_with_continue() -> None:
    user = exporter()
    draft = services.report_draft_save(actor=user, data={"title": "Grapes held at Novorossiysk"})
    factories.report_file(actor=user)

    html = client_for(user).get("/reports/").content.decode()

    assert "Drafts not yet filed" in html
    assert html.index("Grapes held at Novorossiysk") < html.index("Filed reports")
    assert f'href="/reports/drafts/{draft.pk}/"' in html and "Continue" in html


def test_my_reports_for_an_association_shows_the_member_company() -> None:
    member = factories.CompanyFactory(name="Member Seafoods")
    council_user = exporter(company=association([member]))
    factories.report_file(
        company=member, actor=council_user, filing_association=council_user.company
    )

    html = client_for(council_user).get("/reports/").content.decode()

    assert "Member Seafoods" in html


def test_my_reports_without_reports_invites_to_file_one() -> None:
    html = client_for(exporter()).get("/reports/").content.decode()
    assert "has not filed a report yet" in html


# --- Filing -------------------------------------------------------------------------------


def test_filing_with_an_hs_code_and_a_pdf_creates_the_report_and_the_document(
    _media: Path,
) -> None:
    user = exporter()
    page = client_for(user)
    assert page.get("/reports/new/").status_code == 200

    response = page.post(
        "/reports/new/", {**report_form_data(hs_codes="030617, 080610"), "evidence": pdf_upload()}
    )

    report = Report.objects.get()
    assert response.status_code == 302 and response.url == f"/reports/{report.reference}/"
    assert report.company_id == user.company_id and report.filed_by_id == user.pk
    assert report.status == ReportStatus.SUBMITTED
    assert sorted(report.hs_codes.values_list("code", flat=True)) == ["030617", "080610"]
    assert report.trade_value_usd == 250000 and report.consent_to_share is True
    document = Document.objects.get()
    assert document.report_id == report.pk and document.original_name == "application.pdf"
    assert document.content_type == "application/pdf" and document.message_id is None
    assert len(stored_files(_media)) == 1
    assert OutboundEmail.objects.filter(subject__contains=report.reference).exists()
    assert report.reference in page.get(response.url).content.decode()


def test_trade_value_may_be_written_the_indian_way_or_with_a_currency_sign() -> None:
    page = client_for(exporter())
    page.post("/reports/new/", report_form_data(trade_value_usd="2,50,000"))
    page.post("/reports/new/", report_form_data(trade_value_usd="US$ 1,200.50"))
    assert sorted(Report.objects.values_list("trade_value_usd", flat=True)) == [1200.5, 250000]


def test_filing_accepts_several_files_and_no_file() -> None:
    page = client_for(exporter())
    page.post(
        "/reports/new/",
        {**report_form_data(), "evidence": [pdf_upload("a.pdf"), pdf_upload("b.pdf")]},
    )
    page.post("/reports/new/", report_form_data(title="Without evidence"))
    assert Report.objects.count() == 2
    assert Document.objects.count() == 2


def _future() -> str:
    return (timezone.localdate() + dt.timedelta(days=3)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"trade_value_usd": "a lot"}, "trade_value_usd", "Enter the amount in figures"),
        ({"trade_value_usd": "-5"}, "trade_value_usd", "cannot be negative"),
        ({"trade_value_usd": "1e30"}, "trade_value_usd", "more than 10,000,000,000 US dollars"),
        ({"trade_value_usd": "12.345"}, "trade_value_usd", "2 decimal places"),
        ({"consignments_affected": "-1"}, "consignments_affected", "cannot be negative"),
        ({"consignments_affected": "three"}, "consignments_affected", "as a whole number"),
        ({"applied_on": _future()}, "applied_on", "cannot be in the future"),
        ({"applied_on": "31/02/2026"}, "applied_on", "YYYY-MM-DD"),
        ({"decision_received_on": _future()}, "decision_received_on", "cannot be in the future"),
        (
            {
                "applied_on": (timezone.localdate() - dt.timedelta(days=10)).isoformat(),
                "decision_received_on": (timezone.localdate() - dt.timedelta(days=20)).isoformat(),
            },
            "decision_received_on",
            "before the application was made",
        ),
        ({"hs_codes": "999999"}, "hs_codes", "Unknown HS code 999999"),
        ({"hs_codes": "030617, 999999 888888"}, "hs_codes", "Unknown HS codes 999999, 888888"),
        ({"hs_codes": "0306"}, "hs_codes", "exactly six digits"),
        ({"hs_codes": "shrimp"}, "hs_codes", "exactly six digits"),
        ({"hs_codes": ""}, "hs_codes", "Name at least one HS code"),
        ({"title": "x" * 201}, "title", "within 200 characters"),
        ({"title": ""}, "title", "Give the report a title"),
        ({"description": "x" * 10_001}, "description", "within 10,000 characters"),
        ({"description": "Too short"}, "description", "at least 20 characters"),
        ({"barrier_kind": "no-such-kind"}, "barrier_kind", "Unknown barrier kind"),
        ({"destination_country": "US"}, "destination_country", "Unknown country US"),
        ({"regulator": "no-such-body"}, "regulator", "Unknown regulator"),
    ],
)
def test_filing_shows_each_error_beside_its_field_and_saves_nothing(
    overrides: dict[str, str], field: str, message: str, _media: Path
) -> None:
    page = client_for(exporter())

    response = page.post(
        "/reports/new/", {**report_form_data(**overrides), "evidence": pdf_upload()}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert message in errors_of(html).get(field, ""), errors_of(html)
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert "Please correct what is marked below" in html  # the summary at the top
    assert Report.objects.count() == 0 and Document.objects.count() == 0
    assert stored_files(_media) == []


def test_a_text_file_named_pdf_is_refused_and_nothing_is_saved(_media: Path) -> None:
    page = client_for(exporter())

    response = page.post(
        "/reports/new/",
        {**report_form_data(), "evidence": [pdf_upload("good.pdf"), fake_pdf_upload("scan.pdf")]},
    )

    assert response.status_code == 200
    error = errors_of(response.content.decode())["evidence"]
    assert "scan.pdf" in error and "whatever its name says" in error
    assert "good.pdf" not in error
    assert Report.objects.count() == 0 and Document.objects.count() == 0
    assert stored_files(_media) == []
    assert "choose them again" in response.content.decode()


def test_a_refusal_by_the_service_after_the_form_check_saves_nothing(
    _media: Path, monkeypatch
) -> None:
    """If the second of two files is refused while storing, the first is removed again."""
    # Replaced where report_submit looks it up: the services module of the portal.
    from barriers.services import portal as service_module

    calls = {"n": 0}
    real = service_module.document_attach

    def attach_then_refuse(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise service_module.DomainError("Storage refused the file.", field="file")
        return real(**kwargs)

    monkeypatch.setattr(service_module, "document_attach", attach_then_refuse)
    page = client_for(exporter())

    response = page.post(
        "/reports/new/",
        {**report_form_data(), "evidence": [pdf_upload("a.pdf"), pdf_upload("b.pdf")]},
    )

    assert response.status_code == 200
    assert "Storage refused the file." in errors_of(response.content.decode())["evidence"]
    assert Report.objects.count() == 0 and Document.objects.count() == 0
    assert stored_files(_media) == []


def test_the_filing_form_explains_every_field_and_works_without_javascript() -> None:
    reference_rows()
    html = client_for(exporter()).get("/reports/new/").content.decode()
    for name in [
        "title",
        "description",
        "barrier_kind",
        "regulator",
        "hs_codes",
        "application_number",
        "applied_on",
        "decision_received_on",
        "consignments_affected",
        "trade_value_usd",
        "consent_to_share",
        "consent_to_publish",
        "evidence",
    ]:
        assert f'id="id_{name}_helptext"' in html, name
        assert f'for="id_{name}"' in html, name
    assert 'enctype="multipart/form-data"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'type="file" name="evidence"' in html and "multiple" in html
    assert "Files are not kept in drafts" in html
    # Without JavaScript, a page of its own finds HS codes (the nomenclature is too long to list).
    assert 'href="/reports/hs-codes/find/" target="_blank"' in html
    assert 'data-hs-suggest="/reports/hs-codes/"' in html
    assert "<script>" not in html and " style=" not in html


def test_hs_code_suggestions_by_code_or_description() -> None:
    reference_rows()
    page = client_for(exporter())
    by_word = page.get("/reports/hs-codes/?q=grape").json()
    by_code = page.get("/reports/hs-codes/?q=0306").json()
    # Best first: fresh grapes, then dried grapes (080620), not grapefruit (080540).
    assert [row["code"] for row in by_word["results"]][:2] == ["080610", "080620"]
    assert "grapes" in by_word["results"][0]["description"].lower()
    assert by_word["results"][0]["heading"]["code"] == "0806"
    assert by_word["results"][0]["chapter"]["code"] == "08"
    # The whole nomenclature: 0306 lists the crustaceans' subheadings in code order.
    assert [row["code"] for row in by_code["results"]][:3] == ["030611", "030612", "030614"]
    assert "030617" in [row["code"] for row in by_code["results"]]
    assert page.get("/reports/hs-codes/?q=").json() == {"results": []}


def test_an_association_files_for_a_member_company() -> None:
    member = factories.CompanyFactory(name="Member Seafoods")
    outsider = factories.CompanyFactory(name="Not A Member")
    user = exporter(company=association([member]))
    page = client_for(user)
    html = page.get("/reports/new/").content.decode()
    assert "Member Seafoods" in html and "Not A Member" not in html

    refused = page.post("/reports/new/", report_form_data(company=outsider.pk))
    assert "Select a valid choice" in errors_of(refused.content.decode())["company"]
    missing = page.post("/reports/new/", report_form_data())
    assert "This field is required" in errors_of(missing.content.decode())["company"]
    assert Report.objects.count() == 0

    page.post("/reports/new/", report_form_data(company=member.pk))
    report = Report.objects.get()
    assert report.company_id == member.pk and report.filing_association_id == user.company_id


# --- Drafts -------------------------------------------------------------------------------


def test_save_as_draft_keeps_the_typed_text_but_not_the_files_and_can_be_resumed(
    _media: Path,
) -> None:
    user = exporter()
    page = client_for(user)

    response = page.post(
        "/reports/new/",
        {
            "title": "Grapes held at Novorossiysk",
            "hs_codes": "080610",
            "trade_value_usd": "not a number yet",
            "evidence": pdf_upload(),
            "action": "draft",
        },
    )

    draft = ReportDraft.objects.get()
    assert response.status_code == 302 and response.url == f"/reports/drafts/{draft.pk}/"
    assert draft.company_id == user.company_id and draft.title == "Grapes held at Novorossiysk"
    assert draft.data == {
        "title": "Grapes held at Novorossiysk",
        "hs_codes": "080610",
        "trade_value_usd": "not a number yet",
    }
    assert Report.objects.count() == 0 and Document.objects.count() == 0
    assert stored_files(_media) == []

    resumed = page.get(response.url)
    html = resumed.content.decode()
    assert (
        "Continue your draft" in html and "Files are not kept in drafts" in resumed.content.decode()
    )
    assert 'value="Grapes held at Novorossiysk"' in html and 'value="080610"' in html
    assert "field__errors" not in html  # a draft is shown as typed, not judged

    # Saving again updates the same draft; filing it removes the draft.
    page.post(response.url, {"title": "Grapes held, second try", "action": "draft"})
    assert ReportDraft.objects.get().title == "Grapes held, second try"
    filed = page.post(response.url, report_form_data())
    assert filed.status_code == 302
    assert Report.objects.count() == 1 and ReportDraft.objects.count() == 0


def test_filing_a_draft_with_errors_keeps_the_draft() -> None:
    user = exporter()
    draft = services.report_draft_save(actor=user, data={"title": "Half done"})
    response = client_for(user).post(f"/reports/drafts/{draft.pk}/", report_form_data(hs_codes="1"))
    assert response.status_code == 200
    assert ReportDraft.objects.filter(pk=draft.pk).exists() and Report.objects.count() == 0


# --- The report page ----------------------------------------------------------------------


def test_report_page_shows_facts_evidence_timeline_and_public_messages_only() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    services.document_attach(report=report, actor=user, upload=pdf_upload(), name="listing.pdf")
    official = factories.OfficialFactory(full_name="Anita Desk")
    services.report_start_review(report=report, actor=official)
    services.report_request_info(
        report=report, actor=official, question="Please send the plant's registration number."
    )
    services.message_post(actor=official, report=report, body="SECRET internal note", internal=True)

    response = client_for(user).get(f"/reports/{report.reference}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert report.title in html and "030617" in html and "FS-2026-0001" in html
    assert "listing.pdf" in html
    assert f"/reports/{report.reference}/documents/{Document.objects.get().pk}/" in html
    assert "Please send the plant" in html
    assert "SECRET" not in html
    assert "Officials have asked you a question" in html
    assert "Report received" in html and "Officials asked for more information" in html
    assert "Anita Desk" not in html  # officials stay unnamed to exporters
    assert f'href="/reports/{report.reference}/edit/"' in html
    assert f'href="/reports/{report.reference}/withdraw/"' in html


def test_report_page_offers_no_edit_or_withdraw_once_under_review() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    services.report_start_review(report=report, actor=factories.OfficialFactory())
    html = client_for(user).get(f"/reports/{report.reference}/").content.decode()
    assert "/edit/" not in html and "/withdraw/" not in html


def test_unknown_report_is_404() -> None:
    assert client_for(exporter()).get("/reports/REP-2026-999999/").status_code == 404


# --- Edit ---------------------------------------------------------------------------------


def test_edit_changes_the_facts() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    page = client_for(user)
    form = page.get(f"/reports/{report.reference}/edit/").content.decode()
    assert f'value="{report.title}"' in form and 'value="030617"' in form

    reference_rows()
    response = page.post(
        f"/reports/{report.reference}/edit/",
        report_form_data(title="Corrected title", hs_codes="080610", trade_value_usd="1000"),
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Corrected title" and report.trade_value_usd == 1000
    assert list(report.hs_codes.values_list("code", flat=True)) == ["080610"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"trade_value_usd": "lots"}, "trade_value_usd", "Enter the amount in figures"),
        ({"hs_codes": "999999"}, "hs_codes", "Unknown HS code 999999"),
        ({"applied_on": _future()}, "applied_on", "cannot be in the future"),
        ({"title": "x" * 201}, "title", "within 200 characters"),
        (
            {"decision_received_on": (timezone.localdate() - dt.timedelta(days=400)).isoformat()},
            "decision_received_on",
            "before the application was made",
        ),
    ],
)
def test_edit_errors_are_shown_and_nothing_changes(
    overrides: dict[str, str], field: str, message: str
) -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    before = (report.title, report.trade_value_usd, report.applied_on)

    response = client_for(user).post(
        f"/reports/{report.reference}/edit/",
        report_form_data(
            **{"title": report.title, "applied_on": report.applied_on.isoformat(), **overrides}
        ),
    )

    assert response.status_code == 200
    assert message in errors_of(response.content.decode()).get(field, "")
    report.refresh_from_db()
    assert (report.title, report.trade_value_usd, report.applied_on) == before


def test_edit_is_refused_once_the_report_is_under_review() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    services.report_start_review(report=report, actor=factories.OfficialFactory())
    page = client_for(user)

    response = page.post(f"/reports/{report.reference}/edit/", report_form_data(title="Changed"))

    assert response.status_code == 302 and response.url == f"/reports/{report.reference}/"
    report.refresh_from_db()
    assert report.title != "Changed"
    assert "can no longer be changed" in page.get(response.url).content.decode()


# --- Withdraw -----------------------------------------------------------------------------


def test_withdraw_asks_for_confirmation_then_withdraws() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    page = client_for(user)

    confirm = page.get(f"/reports/{report.reference}/withdraw/")
    assert confirm.status_code == 200 and "Yes, withdraw the report" in confirm.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    response = page.post(f"/reports/{report.reference}/withdraw/", {"reason": "Approval came."})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.WITHDRAWN
    change = StatusChange.objects.filter(report=report).last()
    assert change.to_status == ReportStatus.WITHDRAWN and change.note == "Approval came."


def test_withdraw_reason_too_long_is_an_error() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    response = client_for(user).post(
        f"/reports/{report.reference}/withdraw/", {"reason": "x" * 2001}
    )
    assert response.status_code == 200
    assert "within 2,000 characters" in errors_of(response.content.decode())["reason"]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_withdraw_is_refused_once_accepted() -> None:
    user = exporter()
    report = accepted(factories.report_file(actor=user))
    response = client_for(user).post(f"/reports/{report.reference}/withdraw/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


# --- Messages -----------------------------------------------------------------------------


def test_replying_to_a_question_with_a_file_moves_the_report_back_to_review(
    _media: Path,
) -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    official = factories.OfficialFactory()
    services.report_start_review(report=report, actor=official)
    services.report_request_info(report=report, actor=official, question="Which plant?")

    response = client_for(user).post(
        f"/reports/{report.reference}/messages/",
        {"body": "Plant 1234 at Kochi.", "evidence": pdf_upload("registration.pdf")},
    )

    assert response.status_code == 302 and response.url.endswith("#messages")
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW
    reply = Message.objects.get(author=user)
    assert reply.visibility == MessageVisibility.PUBLIC and reply.body == "Plant 1234 at Kochi."
    assert Document.objects.get().message_id == reply.pk
    assert len(stored_files(_media)) == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"body": ""}, "body", "Write your message"),
        ({"body": "   "}, "body", "Write your message"),
        ({"body": "x" * 10_001}, "body", "within 10,000 characters"),
        ({"body": "Here it is", "evidence": "BAD"}, "evidence", "whatever its name says"),
    ],
)
def test_message_errors_are_shown_and_nothing_is_saved(
    data: dict, field: str, message: str, _media: Path
) -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    if data.get("evidence") == "BAD":
        data = {**data, "evidence": fake_pdf_upload()}

    response = client_for(user).post(f"/reports/{report.reference}/messages/", data)

    assert response.status_code == 200
    assert message in errors_of(response.content.decode()).get(field, "")
    assert Message.objects.count() == 0 and Document.objects.count() == 0
    assert stored_files(_media) == []


def test_no_files_can_be_attached_to_a_withdrawn_report() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    services.report_withdraw(report=report, actor=user)
    page = client_for(user)
    assert 'name="evidence"' not in page.get(f"/reports/{report.reference}/").content.decode()
    page.post(f"/reports/{report.reference}/messages/", {"body": "Why?", "evidence": pdf_upload()})
    assert Document.objects.count() == 0


# --- Downloads ----------------------------------------------------------------------------


def test_evidence_is_downloaded_as_an_attachment_with_a_clean_name() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    document = services.document_attach(
        report=report, actor=user, upload=pdf_upload(), name='../../etc/"odd";name.pdf'
    )

    response = client_for(user).get(f"/reports/{report.reference}/documents/{document.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "/" not in disposition and "etc" not in disposition.split("filename")[0]
    assert '\\"odd\\";name.pdf' in disposition


def test_evidence_download_under_another_report_reference_is_404() -> None:
    user = exporter()
    first = factories.report_file(actor=user)
    second = factories.report_file(actor=user)
    document = services.document_attach(report=first, actor=user, upload=pdf_upload(), name="a.pdf")
    page = client_for(user)
    assert page.get(f"/reports/{second.reference}/documents/{document.pk}/").status_code == 404
    assert page.get(f"/reports/{first.reference}/documents/999999/").status_code == 404


def test_a_missing_file_is_404_not_500(_media: Path) -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    document = services.document_attach(
        report=report, actor=user, upload=pdf_upload(), name="a.pdf"
    )
    Path(document.file.path).unlink()
    response = client_for(user).get(f"/reports/{report.reference}/documents/{document.pk}/")
    assert response.status_code == 404


# --- The barrier and "are your shipments clearing again?" ----------------------------------


def test_accepted_report_shows_its_barrier_reference_and_status() -> None:
    user = exporter()
    report = accepted(factories.report_file(actor=user))
    html = client_for(user).get(f"/reports/{report.reference}/").content.decode()
    assert report.barrier.reference in html and "Barrier status" in html
    assert "Are your shipments clearing again?" not in html


def test_answering_no_flags_the_barrier_for_review_with_the_reason_kept_for_officials() -> None:
    user = exporter()
    report = accepted(factories.report_file(actor=user))
    barrier = resolved(report.barrier)
    page = client_for(user)
    assert (
        "Are your shipments clearing again?"
        in page.get(f"/reports/{report.reference}/").content.decode()
    )
    history = StatusChange.objects.filter(barrier=barrier).count()

    response = page.post(
        f"/reports/{report.reference}/barrier-fix/",
        {"cleared": "no", "reason": "Consignments still held at Novorossiysk."},
    )

    assert response.status_code == 302
    barrier.refresh_from_db()
    # One company's "no" does not reopen the barrier: an official decides.
    assert barrier.status == BarrierStatus.RESOLVED
    assert barrier.review_flagged_at is not None and barrier.review_flagged_by_id == user.pk
    assert StatusChange.objects.filter(barrier=barrier).count() == history
    note = Message.objects.get(barrier=barrier)
    assert note.visibility == MessageVisibility.INTERNAL
    assert "Consignments still held" in note.body
    html = page.get(f"/reports/{report.reference}/").content.decode()
    assert "officials will review the barrier" in html
    assert "your company told us that shipments are still not clearing" in html


def test_answering_no_without_a_reason_is_an_error_and_changes_nothing() -> None:
    user = exporter()
    report = accepted(factories.report_file(actor=user))
    barrier = resolved(report.barrier)

    response = client_for(user).post(
        f"/reports/{report.reference}/barrier-fix/", {"cleared": "no", "reason": " "}
    )

    assert response.status_code == 200
    assert "what still goes wrong" in errors_of(response.content.decode())["reason"]
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.RESOLVED and Message.objects.count() == 0


def test_answering_nothing_is_an_error() -> None:
    user = exporter()
    report = accepted(factories.report_file(actor=user))
    resolved(report.barrier)
    response = client_for(user).post(f"/reports/{report.reference}/barrier-fix/", {})
    assert response.status_code == 200
    assert "This field is required" in errors_of(response.content.decode())["cleared"]


def test_answering_yes_records_a_note_for_officials_and_keeps_the_barrier_resolved() -> None:
    user = exporter()
    report = accepted(factories.report_file(actor=user))
    barrier = resolved(report.barrier)
    page = client_for(user)

    response = page.post(f"/reports/{report.reference}/barrier-fix/", {"cleared": "yes"})

    assert response.status_code == 302
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.RESOLVED
    note = Message.objects.get(barrier=barrier)
    assert note.visibility == MessageVisibility.INTERNAL and "confirmed" in note.body
    assert user.company.iec in note.body
    assert (
        "your company told us that shipments are clearing"
        in page.get(f"/reports/{report.reference}/").content.decode()
    )


def test_the_question_is_refused_while_the_barrier_is_not_resolved() -> None:
    user = exporter()
    report = accepted(factories.report_file(actor=user))
    page = client_for(user)
    response = page.post(
        f"/reports/{report.reference}/barrier-fix/", {"cleared": "no", "reason": "Still stuck"}
    )
    assert response.status_code == 302
    assert "not resolved" in page.get(response.url).content.decode()
    report.barrier.refresh_from_db()
    assert report.barrier.status == BarrierStatus.OPEN


def test_the_question_is_404_for_a_report_without_a_barrier() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    response = client_for(user).post(
        f"/reports/{report.reference}/barrier-fix/", {"cleared": "yes"}
    )
    assert response.status_code == 404


# --- Methods ------------------------------------------------------------------------------


def test_post_only_and_get_only_pages_refuse_other_methods() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    page = client_for(user)
    assert page.get(f"/reports/{report.reference}/messages/").status_code == 405
    assert page.get(f"/reports/{report.reference}/barrier-fix/").status_code == 405
    assert page.post("/reports/").status_code == 405
    assert page.post(f"/reports/{report.reference}/").status_code == 405


def test_forms_require_csrf() -> None:
    user = exporter()
    report = factories.report_file(actor=user)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    for url, data in [
        ("/reports/new/", report_form_data()),
        (f"/reports/{report.reference}/messages/", {"body": "Hello"}),
        (f"/reports/{report.reference}/withdraw/", {}),
        ("/company/invite/", {"email": "x@example.org"}),
    ]:
        assert strict.post(url, data).status_code == 403, url
    assert Report.objects.count() == 1 and Message.objects.count() == 0
