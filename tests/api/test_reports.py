"""The reports API: list, file, read, change and withdraw, with every validation error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from barriers import services
from barriers.models import (
    OutboundEmail,
    Report,
    ReportStatus,
    StatusChange,
)
from tests import factories
from tests.api_factories import association_user, client_for, report_payload

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
REPORT_FIELDS = {
    "reference",
    "title",
    "description",
    "barrier_kind",
    "destination_country",
    "regulator",
    "hs_codes",
    "application_number",
    "applied_on",
    "decision_received_on",
    "consignments_affected",
    "trade_value_usd",
    "consent_to_share",
    "consent_to_publish",
    "status",
    "days_pending",
    "created_at",
    "updated_at",
    "company",
    "barrier",
}


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


def _detail(report: Report) -> str:
    return f"{REPORTS}{report.reference}/"


# ---------------------------------------------------------------------------------------------
# Authentication and listing
# ---------------------------------------------------------------------------------------------


def test_unauthenticated_request_gets_401_with_www_authenticate() -> None:
    response = client_for(None).get(REPORTS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_bad_token_gets_401() -> None:
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(REPORTS).status_code == 401


def test_exporter_lists_only_own_company_reports(exporter) -> None:
    mine = factories.report_file(actor=exporter)
    factories.report_file()  # another company's
    response = client_for(exporter).get(REPORTS)
    assert response.status_code == 200
    assert set(response.data) == {"next", "previous", "results"}
    assert len(response.data["results"]) == 1
    item = response.data["results"][0]
    assert set(item) == REPORT_FIELDS
    assert item["reference"] == mine.reference
    assert item["hs_codes"] == ["030617"]
    assert item["barrier_kind"] == "establishment_listing"
    assert item["destination_country"] == "RU"
    assert item["regulator"] == "ru-fsvps"
    assert item["trade_value_usd"] == "250000.00"
    assert item["days_pending"] == 200
    assert item["company"] == {"name": exporter.company.name, "iec": exporter.company.iec}


def test_official_lists_every_report(official) -> None:
    factories.report_file()
    factories.report_file()
    response = client_for(official).get(REPORTS)
    assert len(response.data["results"]) == 2


def _references(response) -> list[str]:
    return [item["reference"] for item in response.data["results"]]


def test_report_list_pages_follow_the_cursor_newest_first(exporter) -> None:
    filed = [factories.report_file(actor=exporter) for _ in range(5)]
    newest_first = [report.reference for report in reversed(filed)]
    client = client_for(exporter)
    first = client.get(REPORTS, {"page_size": 2})
    assert first.status_code == 200
    assert _references(first) == newest_first[:2]
    assert first.data["previous"] is None
    assert "page_size=2" in first.data["next"]
    second = client.get(first.data["next"])
    assert _references(second) == newest_first[2:4]
    third = client.get(second.data["next"])
    assert _references(third) == newest_first[4:]
    assert third.data["next"] is None
    back = client.get(third.data["previous"])
    assert _references(back) == newest_first[2:4]


def test_report_list_pages_do_not_skip_or_repeat_reports_filed_in_the_same_instant(
    exporter,
) -> None:
    filed = [factories.report_file(actor=exporter) for _ in range(5)]
    Report.objects.filter(pk__in=[r.pk for r in filed]).update(created_at=timezone.now())
    client = client_for(exporter)
    seen: list[str] = []
    url: str | None = f"{REPORTS}?page_size=2"
    while url:
        response = client.get(url)
        seen += _references(response)
        url = response.data["next"]
    assert sorted(seen) == sorted(r.reference for r in filed)
    assert seen == [r.reference for r in sorted(filed, key=lambda r: -r.pk)]


def test_report_list_refuses_a_bad_page_size_or_cursor_clearly(exporter) -> None:
    factories.report_file(actor=exporter)
    client = client_for(exporter)
    for bad in ("null", "-1", "0", "2.5", "٣", "101", "500"):
        response = client.get(REPORTS, {"page_size": bad})
        assert response.status_code == 400, bad
        assert response.data["page_size"] == ["Give the page size as a whole number from 1 to 100."]
    assert len(client.get(REPORTS, {"page_size": 100}).data["results"]) == 1
    # Not base64, a position that is not a time, a negative offset, a NUL character.
    for cursor in ("garbage!", "cD1ub3QtYS1kYXRl", "bz0tMQ==", "cD0lMDA="):
        response = client.get(REPORTS, {"cursor": cursor})
        assert response.status_code == 404, cursor
        assert "cursor is not valid" in response.data["detail"]


def test_report_list_filters_by_status_country_kind_and_text(exporter) -> None:
    shrimp = factories.report_file(actor=exporter, title="Shrimp plant listing")
    grapes = factories.report_file(
        actor=exporter,
        title="Grapes rejected",
        description="Phytosanitary rejection at the border",
        barrier_kind=factories.BarrierKindFactory(code="phyto_certificate", remit="phytosanitary"),
        destination_country=factories.CountryFactory(
            code="KZ", name="Kazakhstan", name_ru="Казахстан", alpha3="KAZ", currency="KZT"
        ),
        regulator=None,  # the factory's regulator is Russia's
        hs_codes=[factories.HSCodeFactory(code="080610")],  # not shrimps
    )
    services.report_withdraw(report=grapes, actor=exporter)
    client = client_for(exporter)

    def refs(**params: str) -> list[str]:
        response = client.get(REPORTS, params)
        assert response.status_code == 200, response.data
        return [item["reference"] for item in response.data["results"]]

    assert refs(status="withdrawn") == [grapes.reference]
    assert refs(status="submitted") == [shrimp.reference]
    assert refs(destination_country="kz") == [grapes.reference]
    assert refs(barrier_kind="establishment_listing") == [shrimp.reference]
    # Both words: "phytosanitary" alone also finds the shrimp report (its regulator's name).
    assert refs(search="phytosanitary rejection") == [grapes.reference]
    assert refs(search="SHRIMP") == [shrimp.reference]
    assert refs(search=shrimp.reference) == [shrimp.reference]


def test_report_list_refuses_an_unknown_status_filter(exporter) -> None:
    response = client_for(exporter).get(REPORTS, {"status": "lost"})
    assert response.status_code == 400
    assert "status" in response.data


def _count_list_queries(client, page_size: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(REPORTS, {"page_size": page_size})
    assert response.status_code == 200
    return len(queries), len(response.data["results"])


def test_report_list_runs_the_same_queries_for_1_and_100_reports(exporter) -> None:
    client = client_for(exporter)
    factories.report_file(actor=exporter)
    one, shown = _count_list_queries(client, 100)
    assert shown == 1
    codes = [factories.HSCodeFactory(), factories.HSCodeFactory(code="080610")]
    for _ in range(99):
        factories.report_file(actor=exporter, hs_codes=codes)
    hundred, shown = _count_list_queries(client, 100)
    assert shown == 100
    assert one == hundred
    # Token and user; the page (no count: cursor pages); its HS codes.
    assert hundred == 3


# ---------------------------------------------------------------------------------------------
# Filing
# ---------------------------------------------------------------------------------------------


def test_exporter_files_a_report(exporter, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(exporter).post(REPORTS, report_payload(), format="json")
    assert response.status_code == 201, response.data
    report = Report.objects.get()
    assert response.data["reference"] == report.reference
    assert response["Location"] == _detail(report)
    assert set(response.data) == REPORT_FIELDS
    assert response.data["status"] == "submitted"
    assert response.data["days_pending"] == 120
    assert report.company == exporter.company
    assert report.filed_by == exporter
    assert report.trade_value_usd == Decimal("380000.00")
    assert [code.code for code in report.hs_codes.all()] == ["030617"]
    assert StatusChange.objects.filter(report=report, to_status="submitted").count() == 1
    assert OutboundEmail.objects.filter(to=[exporter.email]).count() == 1


def test_filing_accepts_lowercase_country_and_optional_fields_left_out(exporter) -> None:
    payload = report_payload(destination_country="ru")
    for name in ("regulator", "application_number", "decision_received_on", "consent_to_share"):
        payload.pop(name)
    payload.pop("trade_value_usd")
    payload.pop("consignments_affected")
    response = client_for(exporter).post(REPORTS, payload, format="json")
    assert response.status_code == 201, response.data
    assert response.data["regulator"] is None
    assert response.data["trade_value_usd"] == "0.00"
    assert response.data["consignments_affected"] == 0


TODAY = timezone.localdate()
# Two days ahead: still in the future for a test that runs after midnight following the import.
FUTURE = (TODAY + dt.timedelta(days=2)).isoformat()

INVALID = [
    ("unknown HS code", {"hs_codes": ["123456"]}, "hs_codes", "Unknown HS code 123456."),
    ("HS code of 4 digits", {"hs_codes": ["0306"]}, "hs_codes", "exactly six digits"),
    ("HS code as a number", {"hs_codes": [30617]}, "hs_codes", "exactly six digits"),
    ("HS codes not a list", {"hs_codes": "030617"}, "hs_codes", "as a list"),
    ("no HS code", {"hs_codes": []}, "hs_codes", "at least one HS code"),
    ("application in the future", {"applied_on": FUTURE}, "applied_on", "future"),
    ("application long ago", {"applied_on": "1899-01-01"}, "applied_on", "cannot be before"),
    ("application not a date", {"applied_on": "yesterday"}, "applied_on", "YYYY-MM-DD"),
    (
        "decision in the future",
        {"decision_received_on": FUTURE},
        "decision_received_on",
        "future",
    ),
    (
        "decision before application",
        {"decision_received_on": (TODAY - dt.timedelta(days=200)).isoformat()},
        "decision_received_on",
        "before the application",
    ),
    ("negative trade value", {"trade_value_usd": "-1"}, "trade_value_usd", "cannot be negative"),
    ("absurd trade value", {"trade_value_usd": "99999999999.00"}, "trade_value_usd", "more than"),
    ("trade value not a number", {"trade_value_usd": "lots"}, "trade_value_usd", "in figures"),
    ("trade value NaN", {"trade_value_usd": "NaN"}, "trade_value_usd", "in figures"),
    ("negative consignments", {"consignments_affected": -2}, "consignments_affected", "negative"),
    ("absurd consignments", {"consignments_affected": 10**9}, "consignments_affected", "more than"),
    ("empty title", {"title": "   "}, "title", "Give the report a title."),
    ("oversized title", {"title": "x" * 201}, "title", "within 200 characters"),
    ("empty description", {"description": ""}, "description", "Describe what happened."),
    ("oversized description", {"description": "x" * 10_001}, "description", "within 10,000"),
    ("null character in title", {"title": "a\x00b"}, "title", "control characters"),
    ("unknown country", {"destination_country": "FR"}, "destination_country", "Unknown country"),
    ("country not a string", {"destination_country": 7}, "destination_country", "code"),
    ("NUL in a code", {"destination_country": "R\x00"}, "destination_country", "Unknown"),
    ("very long code", {"barrier_kind": "k" * 5000}, "barrier_kind", "Unknown barrier kind"),
    ("unknown kind", {"barrier_kind": "bribery"}, "barrier_kind", "Unknown barrier kind bribery."),
    ("unknown regulator", {"regulator": "nobody"}, "regulator", "Unknown regulator nobody."),
    ("empty regulator", {"regulator": ""}, "regulator", "not an empty string"),
    ("oversized application number", {"application_number": "9" * 101}, "application_number", ""),
    # JSON types as the schema documents them: no silent coercion of numbers, strings, booleans.
    ("title as a number", {"title": 12345}, "title", "JSON string"),
    ("description as a list", {"description": ["a"]}, "description", "JSON string"),
    ("application number as a number", {"application_number": 17}, "application_number", "JSON"),
    ("consignments as a string", {"consignments_affected": "4"}, "consignments_affected", "JSON"),
    (
        "consignments as a fraction",
        {"consignments_affected": 4.5},
        "consignments_affected",
        "whole",
    ),
    (
        "consignments as a boolean",
        {"consignments_affected": True},
        "consignments_affected",
        "whole",
    ),
    ("trade value as a number", {"trade_value_usd": 380000}, "trade_value_usd", "as a string"),
    ("consent as a string", {"consent_to_share": "yes"}, "consent_to_share", "true or false"),
    ("consent as a number", {"consent_to_share": 1}, "consent_to_share", "true or false"),
]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_filing_refuses_invalid_input_and_saves_nothing(
    exporter, overrides: dict, field: str, message: str
) -> None:
    response = client_for(exporter).post(REPORTS, report_payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.data, response.data
    assert isinstance(response.data[field], list)
    assert any(message in str(reason) for reason in response.data[field]), response.data
    assert Report.objects.count() == 0
    assert StatusChange.objects.count() == 0


@pytest.mark.parametrize(
    "field", ["title", "description", "barrier_kind", "hs_codes", "applied_on"]
)
def test_filing_requires_each_essential_field(exporter, field: str) -> None:
    payload = report_payload()
    payload.pop(field)
    response = client_for(exporter).post(REPORTS, payload, format="json")
    assert response.status_code == 400
    assert field in response.data
    assert Report.objects.count() == 0


def test_filing_reports_every_refused_field_at_once(exporter) -> None:
    payload = report_payload(title="", hs_codes=["999999"], trade_value_usd="-5")
    response = client_for(exporter).post(REPORTS, payload, format="json")
    assert response.status_code == 400
    assert {"title", "hs_codes", "trade_value_usd"} <= set(response.data)


def test_filing_refuses_a_malformed_body(exporter) -> None:
    client = client_for(exporter)
    response = client.post(REPORTS, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.data
    response = client.post(REPORTS, "title=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert client.post(REPORTS, [1, 2], format="json").status_code == 400
    assert Report.objects.count() == 0


def test_official_cannot_file_a_report(official) -> None:
    response = client_for(official).post(REPORTS, report_payload(), format="json")
    assert response.status_code == 403
    assert "Officials" in response.data["detail"]
    assert Report.objects.count() == 0


def test_user_without_company_cannot_file_a_report() -> None:
    response = client_for(factories.UserFactory()).post(REPORTS, report_payload(), format="json")
    assert response.status_code == 403
    assert "company" in response.data["detail"]


def test_exporter_cannot_file_for_another_company(exporter) -> None:
    other = factories.CompanyFactory()
    payload = report_payload(company_iec=other.iec)
    response = client_for(exporter).post(REPORTS, payload, format="json")
    assert response.status_code == 400
    assert "company_iec" in response.data
    assert Report.objects.count() == 0


def test_exporter_may_name_its_own_iec(exporter) -> None:
    payload = report_payload(company_iec=exporter.company.iec.lower())
    assert client_for(exporter).post(REPORTS, payload, format="json").status_code == 201


# ---------------------------------------------------------------------------------------------
# Export promotion councils
# ---------------------------------------------------------------------------------------------


def test_council_files_for_a_member_company_and_both_see_it() -> None:
    member = factories.CompanyFactory()
    council_user = association_user(member)
    payload = report_payload(company_iec=member.iec)
    response = client_for(council_user).post(REPORTS, payload, format="json")
    assert response.status_code == 201, response.data
    assert response.data["company"] == {"name": member.name, "iec": member.iec}
    report = Report.objects.get()
    assert report.company == member
    assert report.filing_association == council_user.company
    member_user = factories.ExporterFactory(company=member)
    assert client_for(member_user).get(_detail(report)).status_code == 200
    listed = client_for(council_user).get(REPORTS).data
    assert [item["reference"] for item in listed["results"]] == [report.reference]


def test_council_cannot_file_for_a_company_that_is_not_a_member() -> None:
    council_user = association_user(factories.CompanyFactory())
    outsider = factories.CompanyFactory()
    response = client_for(council_user).post(
        REPORTS, report_payload(company_iec=outsider.iec), format="json"
    )
    assert response.status_code == 400
    assert "company_iec" in response.data
    assert outsider.name not in str(response.data)
    assert Report.objects.count() == 0


def test_council_must_name_the_member_company() -> None:
    council_user = association_user(factories.CompanyFactory())
    response = client_for(council_user).post(REPORTS, report_payload(), format="json")
    assert response.status_code == 400
    assert "company_iec" in response.data


def test_council_does_not_see_reports_members_filed_themselves() -> None:
    member = factories.CompanyFactory()
    council_user = association_user(member)
    factories.report_file(company=member)
    assert client_for(council_user).get(REPORTS).data["results"] == []


# ---------------------------------------------------------------------------------------------
# Reading, changing, withdrawing
# ---------------------------------------------------------------------------------------------


def test_exporter_reads_own_report_without_officials_private_fields(exporter, official) -> None:
    report = factories.report_file(actor=exporter)
    services.report_transition(report=report, to=ReportStatus.UNDER_REVIEW, actor=official)
    services.report_reject(report=report, actor=official, reason="duplicate", note="see other")
    Report.objects.filter(pk=report.pk).update(owner=official)
    response = client_for(exporter).get(_detail(report))
    assert response.status_code == 200
    assert set(response.data) == REPORT_FIELDS
    assert response.data["status"] == "rejected"
    assert official.email not in str(response.content)


def test_official_reads_any_report(official) -> None:
    report = factories.report_file()
    assert client_for(official).get(_detail(report)).status_code == 200


def test_unknown_reference_is_404(exporter) -> None:
    response = client_for(exporter).get(f"{REPORTS}REP-2026-999999/")
    assert response.status_code == 404
    assert response.data == {"detail": "Not found."}


def test_exporter_changes_a_submitted_report(exporter) -> None:
    report = factories.report_file(actor=exporter)
    factories.HSCodeFactory(code="080610", description="Fresh grapes", sector="agricultural")
    response = client_for(exporter).patch(
        _detail(report),
        {"title": "Listing still pending", "hs_codes": ["080610", "030617"], "regulator": None},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["title"] == "Listing still pending"
    assert response.data["hs_codes"] == ["030617", "080610"]
    assert response.data["regulator"] is None
    report.refresh_from_db()
    assert report.title == "Listing still pending"
    assert report.regulator is None
    assert report.description.startswith("Our shrimp")


def test_patch_refuses_invalid_input_and_changes_nothing(exporter) -> None:
    report = factories.report_file(actor=exporter)
    client = client_for(exporter)
    for body, field in [
        ({"title": ""}, "title"),
        ({"hs_codes": ["123456"]}, "hs_codes"),
        ({"applied_on": FUTURE}, "applied_on"),
        ({"decision_received_on": (TODAY - dt.timedelta(days=300)).isoformat()}, None),
        ({"trade_value_usd": "-3"}, "trade_value_usd"),
    ]:
        response = client.patch(_detail(report), body, format="json")
        assert response.status_code == 400, body
        assert (field or "decision_received_on") in response.data
    fresh = Report.objects.get(pk=report.pk)
    assert (fresh.title, fresh.applied_on, fresh.updated_at) == (
        report.title,
        report.applied_on,
        report.updated_at,
    )


def test_patch_is_refused_once_the_report_is_under_review(exporter, official) -> None:
    report = factories.report_file(actor=exporter)
    services.report_start_review(report=report, actor=official)
    response = client_for(exporter).patch(_detail(report), {"title": "New"}, format="json")
    assert response.status_code == 409
    assert "can no longer be edited" in response.data["detail"]
    assert response.data["code"] == "report_not_editable"
    assert Report.objects.get(pk=report.pk).title == report.title


def test_official_cannot_patch_a_report(official) -> None:
    report = factories.report_file()
    response = client_for(official).patch(_detail(report), {"title": "x"}, format="json")
    assert response.status_code == 403


def test_put_and_delete_are_not_allowed(exporter) -> None:
    report = factories.report_file(actor=exporter)
    client = client_for(exporter)
    assert client.put(_detail(report), report_payload(), format="json").status_code == 405
    assert client.delete(_detail(report)).status_code == 405


def test_exporter_withdraws_a_report(exporter) -> None:
    report = factories.report_file(actor=exporter)
    response = client_for(exporter).post(
        f"{_detail(report)}withdraw/", {"reason": "Listed at last"}, format="json"
    )
    assert response.status_code == 200, response.data
    assert response.data["status"] == "withdrawn"
    change = StatusChange.objects.get(report=report, to_status="withdrawn")
    assert (change.note, change.actor) == ("Listed at last", exporter)


def test_withdrawing_without_a_body_works(exporter) -> None:
    report = factories.report_file(actor=exporter)
    response = client_for(exporter).post(f"{_detail(report)}withdraw/")
    assert response.status_code == 200


def test_withdrawing_twice_is_a_conflict(exporter) -> None:
    report = factories.report_file(actor=exporter)
    services.report_withdraw(report=report, actor=exporter)
    response = client_for(exporter).post(f"{_detail(report)}withdraw/", {}, format="json")
    assert response.status_code == 409
    assert response.data["code"] == "transition_not_allowed"


def test_withdraw_refuses_an_oversized_reason(exporter) -> None:
    report = factories.report_file(actor=exporter)
    response = client_for(exporter).post(
        f"{_detail(report)}withdraw/", {"reason": "x" * 2001}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.data
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_official_cannot_withdraw_a_report(official) -> None:
    report = factories.report_file()
    response = client_for(official).post(f"{_detail(report)}withdraw/", {}, format="json")
    assert response.status_code == 403
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


@pytest.mark.parametrize(
    "path",
    [
        f"{REPORTS}REP-2026-00%0001/",
        f"{REPORTS}rep-2026-000001/",
        f"{REPORTS}REP-2026-000001%20/messages/",
        f"{REPORTS}REP-2026-000001/documents/99999999999999999999999/",
        f"{REPORTS}{'9' * 300}/timeline/",
    ],
    ids=["nul", "lower case", "trailing space", "huge document id", "very long"],
)
def test_malformed_references_answer_404_not_500(exporter, path: str) -> None:
    factories.report_file(actor=exporter)
    assert client_for(exporter).get(path).status_code == 404


def test_nul_characters_in_a_search_are_refused_not_500(exporter) -> None:
    response = client_for(exporter).get(REPORTS, {"search": "a\x00b"})
    assert response.status_code == 400


def test_an_accepted_report_shows_its_barriers_status(exporter) -> None:
    official = factories.OfficialFactory()
    report = factories.report_file(actor=exporter)
    client = client_for(exporter)
    assert client.get(f"/api/v1/reports/{report.reference}/").json()["barrier"] is None

    services.report_start_review(report=report, actor=official)
    services.report_accept(report=report, actor=official)
    report.refresh_from_db()
    services.barrier_resolve(barrier=report.barrier, actor=official)

    body = client.get(f"/api/v1/reports/{report.reference}/").json()
    assert body["status"] == "accepted"
    assert body["barrier"] == {"reference": report.barrier.reference, "status": "resolved"}
    listed = client.get("/api/v1/reports/").json()["results"][0]
    assert listed["barrier"]["status"] == "resolved"
