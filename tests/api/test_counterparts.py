"""The EAEU side in the API: focal points' work list, barrier, answers and downloads; officials'
sharing, reading, replying and forwarding; isolation between regulators; bad input refused
whole; Idempotency-Key on answers; the second factor for focal points' tokens and sessions."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST
from barriers.models import (
    BarrierShare,
    Deadline,
    DeadlineStage,
    Exchange,
    ExchangeDocument,
    ExchangeKind,
    IdempotencyKey,
    LegalBasis,
    Message,
    PendingOn,
    User,
)
from tests import factories
from tests.accounts.test_mfa import current_code
from tests.api_factories import EXE_BYTES, PDF_BYTES, client_for, pdf_upload
from tests.counterparts.helpers import (
    CONSENTED,
    EXPORTER_MESSAGE,
    INTERNAL_NOTE,
    UNCONSENTED,
    accepted_barrier,
    focal_point,
    regulator_a,
    regulator_b,
    share,
)
from tests.portal_helpers import PASSWORD

pytestmark = pytest.mark.django_db

WORK_LIST = "/api/v1/counterpart/barriers/"
COUNTERPART_TEXT = "ТЕКСТ-КОНТРАГЕНТА-НЕ-ДЛЯ-ЭКСПОРТЕРОВ-5120"


@pytest.fixture(autouse=True)
def _media_and_throttles(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def focal_client(user: User) -> APIClient:
    """A focal point's token, issued as the token endpoint issues it after the second factor."""
    token = services.api_token_issue(user=user, official=True, second_factor=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def official_client(user: User) -> APIClient:
    return focal_client(user)  # officials' tokens are issued the same way


@pytest.fixture
def world() -> dict:
    official = factories.triage_officer()
    ra, rb = regulator_a(), regulator_b()
    barrier_a = accepted_barrier(
        ra, official=official, companies=((CONSENTED, True), (UNCONSENTED, False))
    )
    report = barrier_a.reports.order_by("pk").first()
    document = services.document_attach(
        report=report, actor=report.filed_by, upload=pdf_upload(), name="plant listing.pdf"
    )
    share(barrier_a, official, documents=[document])
    barrier_b = accepted_barrier(rb, official=official, companies=(("Bravo Tea Ltd", True),))
    share(barrier_b, official)
    fp_a, fp_b = focal_point(ra), focal_point(rb)
    return {
        "official": official,
        "ra": ra,
        "rb": rb,
        "a": barrier_a,
        "b": barrier_b,
        "report": report,
        "document": document,
        "fp_a": fp_a,
        "fp_b": fp_b,
        "client_a": focal_client(fp_a),
        "client_b": focal_client(fp_b),
    }


def _exchanges(reference: str) -> str:
    return f"/api/v1/counterpart/barriers/{reference}/exchanges/"


def _post(client, reference: str, payload, *, key: str | None = None, **kwargs):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    kwargs.setdefault("format", "json")
    return client.post(_exchanges(reference), payload, **headers, **kwargs)


def _clarification(world: dict, text: str = COUNTERPART_TEXT) -> Exchange:
    return services.exchange_post(
        actor=world["fp_a"],
        barrier=world["a"],
        kind=ExchangeKind.CLARIFICATION,
        body_ru=text,
        files=[pdf_upload("letter.pdf")],
    )


# --- The work list and a barrier -------------------------------------------------------------


def test_the_work_list_shows_only_the_regulators_shared_barriers_with_what_is_due(
    world: dict,
) -> None:
    response = world["client_a"].get(WORK_LIST)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["reference"] == world["a"].reference
    assert row["title_ru"] == "Задержка включения предприятия в реестр"
    assert row["named_companies"] == [CONSENTED] and row["companies"] == 2
    assert {d["stage"] for d in row["deadlines"]} == {"acknowledge", "propose"}
    assert all(d["party"] == "eaeu" and not d["overdue"] for d in row["deadlines"])
    assert row["overdue"] is False
    assert row["documents"][0]["download_url"] == (
        f"/api/v1/counterpart/barriers/{world['a'].reference}/documents/{world['document'].pk}/"
    )
    text = response.content.decode()
    for secret in (UNCONSENTED, INTERNAL_NOTE, EXPORTER_MESSAGE, world["b"].reference):
        assert secret not in text, secret
    for field in ("score", "priority", "trade_value", "manual_priority", "email"):
        assert field not in text, field


def test_an_answer_late_past_its_deadline_is_flagged_overdue(world: dict) -> None:
    acknowledge = Deadline.objects.get(barrier=world["a"], stage=DeadlineStage.ACKNOWLEDGE)
    with time_machine.travel(acknowledge.due_on + dt.timedelta(days=1), tick=False):
        cache.clear()
        # A new token: a focal point's, like an official's, lasts hours, not weeks.
        row = focal_client(world["fp_a"]).get(WORK_LIST).json()["results"][0]
    assert row["overdue"] is True
    late = {d["stage"]: d["overdue"] for d in row["deadlines"]}
    assert late == {"acknowledge": True, "propose": False}


def test_the_work_list_costs_the_same_queries_for_one_barrier_or_many(
    world: dict, django_assert_max_num_queries
) -> None:
    client = world["client_a"]
    client.get(WORK_LIST)  # warm the content types and permissions caches
    with django_assert_max_num_queries(100) as one:
        client.get(WORK_LIST)
    for _ in range(3):
        more = accepted_barrier(
            world["ra"], official=world["official"], companies=(("Gamma Rice Ltd", True),)
        )
        share(more, world["official"])
    cache.clear()
    with django_assert_max_num_queries(len(one.captured_queries)) as many:
        response = client.get(WORK_LIST)
    assert response.json()["count"] == 4
    assert len(many.captured_queries) == len(one.captured_queries)


def test_a_barrier_shows_its_exchange_with_files_to_download(world: dict) -> None:
    clarification = _clarification(world)
    services.exchange_post(
        actor=world["official"],
        barrier=world["a"],
        kind=ExchangeKind.REPLY,
        body_en="The application was filed in March.",
        in_reply_to=clarification,
    )
    reference = world["a"].reference

    response = world["client_a"].get(f"{WORK_LIST}{reference}/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert [e["kind"] for e in body["exchanges"]] == ["clarification", "reply"]
    first, reply = body["exchanges"]
    assert first["body_ru"] == COUNTERPART_TEXT
    assert reply["in_reply_to"] == clarification.pk
    assert reply["author"] == "India's officials"  # never an official's address
    assert world["official"].email not in response.content.decode()
    [letter] = first["documents"]
    assert letter["name"] == "letter.pdf"
    download = world["client_a"].get(letter["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    shared = world["client_a"].get(body["documents"][0]["download_url"])
    assert shared.status_code == 200
    assert shared["Content-Disposition"].startswith("attachment")


def test_a_barrier_page_costs_a_fixed_number_of_queries(
    world: dict, django_assert_max_num_queries
) -> None:
    client, reference = world["client_a"], world["a"].reference
    _clarification(world)
    client.get(f"{WORK_LIST}{reference}/")
    with django_assert_max_num_queries(100) as one:
        client.get(f"{WORK_LIST}{reference}/")
    for _ in range(3):
        _clarification(world, "ещё вопрос")
    with django_assert_max_num_queries(len(one.captured_queries)) as more:
        response = client.get(f"{WORK_LIST}{reference}/")
    assert len(response.json()["exchanges"]) == 4
    assert len(more.captured_queries) == len(one.captured_queries)


# --- Answering -----------------------------------------------------------------------------


def test_a_focal_point_proposes_a_solution_with_a_date(world: dict) -> None:
    target = timezone.localdate() + dt.timedelta(days=60)

    response = _post(
        world["client_a"],
        world["a"].reference,
        {"kind": "proposal", "body_ru": "Инспекция предприятия.", "target_date": str(target)},
    )

    assert response.status_code == 201, response.content
    assert response.json()["target_date"] == str(target)
    exchange = Exchange.objects.get()
    assert (exchange.kind, exchange.author, exchange.target_date) == (
        "proposal",
        world["fp_a"],
        target,
    )
    world["a"].refresh_from_db()
    assert world["a"].pending_on == PendingOn.INDIA
    assert not Deadline.objects.filter(barrier=world["a"], met_at__isnull=True).exists()


def test_a_position_cites_its_legal_basis_by_code(world: dict) -> None:
    response = _post(
        world["client_a"],
        world["a"].reference,
        {"kind": "position", "body_en": "See the regulation.", "legal_basis": "tr-cu-021-2011"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["legal_basis"]["number_ru"] == "ТР ТС 021/2011"


def test_an_answer_with_a_letter_as_multipart(world: dict) -> None:
    response = world["client_a"].post(
        _exchanges(world["a"].reference),
        {
            "kind": "acknowledgement",
            "body_ru": "Получено.",
            "documents": [pdf_upload("письмо.pdf")],
        },
        format="multipart",
    )

    assert response.status_code == 201, response.content
    [document] = response.json()["documents"]
    assert document["name"] == "письмо.pdf"
    assert world["client_a"].get(document["download_url"]).status_code == 200
    assert ExchangeDocument.objects.get().exchange.kind == "acknowledgement"


BAD_ANSWERS = {
    "a proposal without its target date": ({"kind": "proposal", "body_ru": "Да."}, "target_date"),
    "an unknown legal basis": (
        {"kind": "position", "body_ru": "Да.", "legal_basis": "tr-cu-999-2099"},
        "legal_basis",
    ),
    "a legal basis that is not a code": (
        {"kind": "position", "body_ru": "Да.", "legal_basis": 21},
        "legal_basis",
    ),
    "both texts empty": ({"kind": "acknowledgement", "body_ru": " ", "body_en": ""}, "body_ru"),
    "an unknown kind": ({"kind": "approval", "body_ru": "Да."}, "kind"),
    "India's kind": ({"kind": "reply", "body_ru": "Да."}, "kind"),
    "a target date in the past": (
        {"kind": "proposal", "body_ru": "Да.", "target_date": "2020-01-01"},
        "target_date",
    ),
    "a target date that is no date": (
        {"kind": "proposal", "body_ru": "Да.", "target_date": "15 February"},
        "target_date",
    ),
    "a text that is a number": ({"kind": "acknowledgement", "body_ru": 12}, "body_ru"),
    "a text too long": ({"kind": "acknowledgement", "body_en": "x" * 5001}, "body_en"),
}


@pytest.mark.parametrize(("payload", "field"), BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_bad_answers_are_refused_with_the_field_named_and_nothing_saved(
    world: dict, payload: dict, field: str
) -> None:
    before = Deadline.objects.filter(met_at__isnull=True).count()

    response = _post(world["client_a"], world["a"].reference, payload, key="bad-1")

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Exchange.objects.exists()
    assert Deadline.objects.filter(met_at__isnull=True).count() == before
    assert not IdempotencyKey.objects.exists()  # the key is released: a corrected retry works


def test_a_file_that_is_not_an_allowed_type_is_refused_and_nothing_is_stored(
    world: dict, settings
) -> None:
    exe = SimpleUploadedFile("letter.pdf", EXE_BYTES, content_type="application/pdf")

    response = world["client_a"].post(
        _exchanges(world["a"].reference),
        {"kind": "acknowledgement", "body_ru": "Получено.", "documents": [pdf_upload(), exe]},
        format="multipart",
    )

    assert response.status_code == 400, response.content
    assert "documents" in response.json()
    assert not Exchange.objects.exists() and not ExchangeDocument.objects.exists()
    stored = settings.MEDIA_ROOT / "exchanges"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


def test_a_second_acknowledgement_is_refused(world: dict) -> None:
    body = {"kind": "acknowledgement", "body_ru": "Получено."}
    assert _post(world["client_a"], world["a"].reference, body).status_code == 201
    again = _post(world["client_a"], world["a"].reference, body)
    assert again.status_code == 400 and "kind" in again.json()
    assert Exchange.objects.count() == 1


# --- Idempotency-Key -----------------------------------------------------------------------


def test_a_retried_answer_with_the_same_key_creates_one_exchange(world: dict) -> None:
    body = {"kind": "clarification", "body_ru": "Уточните дату заявки."}
    first = _post(world["client_a"], world["a"].reference, body, key="answer-1")
    second = _post(world["client_a"], world["a"].reference, body, key="answer-1")

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Exchange.objects.count() == 1
    assert Deadline.objects.filter(stage=DeadlineStage.ANSWER_CLARIFICATION).count() == 1


def test_a_retried_multipart_answer_stores_its_letter_once(world: dict) -> None:
    def send():
        return world["client_a"].post(
            _exchanges(world["a"].reference),
            {"kind": "acknowledgement", "body_ru": "Получено.", "documents": [pdf_upload()]},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY="with-a-letter",
        )

    first, second = send(), send()
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert ExchangeDocument.objects.count() == 1


def test_the_same_key_for_another_answer_is_refused(world: dict) -> None:
    reference = world["a"].reference
    _post(world["client_a"], reference, {"kind": "acknowledgement", "body_ru": "A"}, key="k")
    other = _post(
        world["client_a"], reference, {"kind": "acknowledgement", "body_ru": "B"}, key="k"
    )
    assert other.status_code == 422
    assert "already used" in other.json()["detail"]
    assert Exchange.objects.count() == 1


# --- Isolation and roles -------------------------------------------------------------------


def test_another_regulators_focal_point_reaches_nothing_of_the_barrier(world: dict) -> None:
    clarification = _clarification(world)
    letter = clarification.documents.get()
    reference = world["a"].reference
    client = world["client_b"]
    paths = [
        f"{WORK_LIST}{reference}/",
        f"{WORK_LIST}{reference}/documents/{world['document'].pk}/",
        f"{WORK_LIST}{reference}/exchange-documents/{letter.pk}/",
        # The other regulator's own barrier does not open A's files either.
        f"{WORK_LIST}{world['b'].reference}/documents/{world['document'].pk}/",
        f"{WORK_LIST}{world['b'].reference}/exchange-documents/{letter.pk}/",
        f"{WORK_LIST}BAR-2026-99999/",
        f"{WORK_LIST}not-a-reference/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code)
        assert COUNTERPART_TEXT not in response.content.decode()
    answer = _post(client, reference, {"kind": "acknowledgement", "body_ru": "Получено."})
    assert answer.status_code == 404
    assert Exchange.objects.count() == 1
    assert reference not in client.get(WORK_LIST).content.decode()


def test_a_barrier_taken_back_or_never_shared_is_not_found(world: dict) -> None:
    never = accepted_barrier(world["ra"], official=world["official"], companies=(("Z Ltd", True),))
    services.barrier_unshare(actor=world["official"], barrier=world["a"])
    client = world["client_a"]
    for barrier in (world["a"], never):
        assert client.get(f"{WORK_LIST}{barrier.reference}/").status_code == 404
        body = {"kind": "acknowledgement", "body_ru": "Да."}
        assert _post(client, barrier.reference, body).status_code == 404
    assert client.get(WORK_LIST).json()["count"] == 0


def test_exporters_and_officials_are_refused_the_counterparts_operations(world: dict) -> None:
    reference = world["a"].reference
    for user in (world["report"].filed_by, world["official"], factories.OfficialFactory()):
        client = official_client(user) if user.is_staff else client_for(user)
        for path in (WORK_LIST, f"{WORK_LIST}{reference}/"):
            response = client.get(path)
            assert response.status_code == 403, (user, path)
        body = {"kind": "acknowledgement", "body_ru": "Да."}
        assert _post(client, reference, body).status_code == 403
    assert not Exchange.objects.exists()


def test_focal_points_reach_nothing_of_indias_side_through_the_api(world: dict) -> None:
    client, report, barrier = world["client_a"], world["report"], world["a"]
    expected = {
        "/api/v1/reports/": 403,
        f"/api/v1/reports/{report.reference}/": 404,
        f"/api/v1/reports/{report.reference}/documents/{world['document'].pk}/": 404,
        f"/api/v1/reports/{report.reference}/messages/": 404,
        f"/api/v1/reports/{report.reference}/timeline/": 404,
        "/api/v1/barriers/": 403,
        f"/api/v1/barriers/{barrier.reference}/": 403,
        f"/api/v1/barriers/{barrier.reference}/share/": 403,
        f"/api/v1/barriers/{barrier.reference}/exchanges/": 403,
        "/api/v1/meetings/": 403,
        "/api/v1/metrics/": 403,
    }
    got = {path: client.get(path).status_code for path in expected}
    assert got == expected
    refused = client.post(
        f"/api/v1/barriers/{barrier.reference}/exchanges/",
        {"kind": "reply", "body_ru": "Да."},
        format="json",
    )
    assert refused.status_code == 403


def test_a_deactivated_focal_points_token_opens_nothing(world: dict) -> None:
    services.focal_point_deactivate(actor=world["official"], focal_point=world["fp_a"])
    assert world["client_a"].get(WORK_LIST).status_code == 401


# --- The second factor ---------------------------------------------------------------------


def _ask_token(user: User, **extra) -> object:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return APIClient().post(
        "/api/v1/auth/token/", {"email": user.email, "password": PASSWORD, **extra}, format="json"
    )


def test_a_focal_point_gets_a_token_only_with_the_code_of_their_app(world: dict) -> None:
    person = focal_point(world["ra"])
    unset = _ask_token(person)
    assert unset.status_code == 401 and unset.json()["code"] == "mfa_required"
    assert "token" not in unset.json()
    assert "/accounts/login/" in unset.json()["detail"]  # not the officials' desk
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    without = _ask_token(person)
    assert without.status_code == 401 and without.json()["code"] == "mfa_required"
    wrong = _ask_token(person, otp="000000" if current_code(secret) != "000000" else "111111")
    assert wrong.status_code == 401 and wrong.json()["code"] == "mfa_invalid"

    cache.clear()
    issued = _ask_token(person, otp=current_code(secret))

    assert issued.status_code == 200, issued.content
    assert issued.json()["expires_at"] is not None  # it expires, as officials' tokens do
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issued.json()['token']}")
    assert client.get(WORK_LIST).json()["count"] == 1


def test_a_session_without_the_second_factor_is_refused(world: dict) -> None:
    client = APIClient()
    client.force_login(world["fp_a"])
    response = client.get(WORK_LIST)
    assert response.status_code == 401
    assert response.json()["code"] == "mfa_required"
    assert response.json()["detail"].startswith("Focal points must give the code")


def test_a_session_that_gave_the_second_factor_reads_the_work_list(world: dict) -> None:
    from tests.counterparts.test_doors import signed_in_with_second_factor

    client = signed_in_with_second_factor(world["fp_a"])
    response = client.get(WORK_LIST)
    assert response.status_code == 200
    assert response.json()["results"][0]["reference"] == world["a"].reference


# --- Reference data ------------------------------------------------------------------------


def test_the_legal_bases_are_listed_for_anyone_signed_in(world: dict) -> None:
    response = world["client_a"].get("/api/v1/legal-bases/?page_size=100")
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()["results"]]
    assert "tr-cu-021-2011" in codes and len(codes) == LegalBasis.objects.count()


# --- Officials -----------------------------------------------------------------------------


def _role(name: str) -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=name))
    return User.objects.get(pk=user.pk)


SHARE_TEXTS = {
    "title_ru": "Задержка сертификации",
    "title_en": "Certification delayed",
    "summary_ru": "Сертификат ожидается 150 дней.",
    "summary_en": "The certificate has been awaited for 150 days.",
    "ask_ru": "Просим выдать сертификат.",
    "ask_en": "Please issue the certificate.",
}


def test_a_triage_officer_shares_a_barrier_and_its_focal_points_see_it(world: dict) -> None:
    barrier = accepted_barrier(world["ra"], official=world["official"], companies=(("Q", True),))
    document = services.document_attach(
        report=barrier.reports.get(), actor=world["official"], upload=pdf_upload(), name="q.pdf"
    )
    client = official_client(world["official"])

    response = client.post(
        f"/api/v1/barriers/{barrier.reference}/share/",
        {**SHARE_TEXTS, "documents": [document.pk]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="share-1",
    )

    assert response.status_code == 200, response.content
    assert response.json()["active"] is True
    assert [d["id"] for d in response.json()["documents"]] == [document.pk]
    listed = world["client_a"].get(WORK_LIST).json()["results"]
    assert barrier.reference in [row["reference"] for row in listed]
    assert client.get(f"/api/v1/barriers/{barrier.reference}/share/").json() == response.json()

    gone = client.delete(f"/api/v1/barriers/{barrier.reference}/share/")
    assert gone.status_code == 200 and gone.json()["active"] is False
    assert world["client_a"].get(f"{WORK_LIST}{barrier.reference}/").status_code == 404
    again = client.delete(f"/api/v1/barriers/{barrier.reference}/share/")
    assert again.status_code == 400 and "detail" in again.json()


BAD_SHARES = {
    "no Russian title": ({**SHARE_TEXTS, "title_ru": ""}, "title_ru"),
    "Russian ask of spaces": ({**SHARE_TEXTS, "ask_ru": "   "}, "ask_ru"),
    "no Russian summary": (
        {k: v for k, v in SHARE_TEXTS.items() if k != "summary_ru"},
        "summary_ru",
    ),
    "a title too long": ({**SHARE_TEXTS, "title_en": "x" * 251}, "title_en"),
    "a document of another barrier": ({**SHARE_TEXTS, "documents": ["other"]}, "documents"),
    "a document id that is text": ({**SHARE_TEXTS, "documents": ["1"]}, "documents"),
}


@pytest.mark.parametrize(("payload", "field"), BAD_SHARES.values(), ids=BAD_SHARES.keys())
def test_a_bad_share_is_refused_with_the_field_named_and_nothing_shared(
    world: dict, payload: dict, field: str
) -> None:
    barrier = accepted_barrier(world["ra"], official=world["official"], companies=(("Q", True),))
    if payload.get("documents") == ["other"]:
        other = world["b"].reports.get()
        foreign = services.document_attach(
            report=other, actor=world["official"], upload=pdf_upload(), name="b.pdf"
        )
        payload = {**payload, "documents": [foreign.pk]}

    response = official_client(world["official"]).post(
        f"/api/v1/barriers/{barrier.reference}/share/", payload, format="json"
    )

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not BarrierShare.objects.filter(barrier=barrier).exists()


@pytest.mark.parametrize("role", [AGENDA_SECRETARY, ANALYST])
def test_officials_without_the_sharing_permission_read_but_do_not_write(
    world: dict, role: str
) -> None:
    client = official_client(_role(role))
    reference = world["a"].reference
    assert client.get(f"/api/v1/barriers/{reference}/exchanges/").status_code == 200
    assert client.get(f"/api/v1/barriers/{reference}/share/").status_code == 200
    writes = [
        client.post(f"/api/v1/barriers/{reference}/share/", SHARE_TEXTS, format="json"),
        client.delete(f"/api/v1/barriers/{reference}/share/"),
        client.post(
            f"/api/v1/barriers/{reference}/exchanges/", {"body_en": "Hello"}, format="json"
        ),
    ]
    assert [w.status_code for w in writes] == [403, 403, 403]
    assert BarrierShare.objects.get(barrier=world["a"]).is_active


def test_india_replies_to_a_request_for_clarification_and_meets_its_deadline(
    world: dict,
) -> None:
    clarification = _clarification(world)
    client = official_client(world["official"])
    reference = world["a"].reference

    response = client.post(
        f"/api/v1/barriers/{reference}/exchanges/",
        {"body_en": "The application was filed on 12 March.", "in_reply_to": clarification.pk},
        format="json",
        HTTP_IDEMPOTENCY_KEY="reply-1",
    )
    retry = client.post(
        f"/api/v1/barriers/{reference}/exchanges/",
        {"body_en": "The application was filed on 12 March.", "in_reply_to": clarification.pk},
        format="json",
        HTTP_IDEMPOTENCY_KEY="reply-1",
    )

    assert response.status_code == 201, response.content
    assert retry.json() == response.json()
    assert Exchange.objects.filter(kind=ExchangeKind.REPLY).count() == 1
    assert response.json()["kind"] == "reply" and response.json()["party"] == "india"
    answer = Deadline.objects.get(stage=DeadlineStage.ANSWER_CLARIFICATION)
    assert answer.met_at is not None

    history = client.get(f"/api/v1/barriers/{reference}/exchanges/").json()
    assert [e["kind"] for e in history["exchanges"]] == ["clarification", "reply"]
    assert history["exchanges"][0]["author"] == world["fp_a"].email
    assert {d["stage"] for d in history["deadlines"]} >= {"answer_clarification"}
    assert history["share"]["regulator"] == world["ra"].code
    letter = history["exchanges"][0]["documents"][0]
    assert client.get(letter["download_url"]).status_code == 200
    # An official's download URL of one barrier does not open another barrier's files.
    elsewhere = letter["download_url"].replace(reference, world["b"].reference)
    assert client.get(elsewhere).status_code == 404


def test_a_reply_to_an_exchange_of_another_barrier_is_refused(world: dict) -> None:
    other = services.exchange_post(
        actor=world["fp_b"], barrier=world["b"], kind=ExchangeKind.CLARIFICATION, body_ru="?"
    )
    response = official_client(world["official"]).post(
        f"/api/v1/barriers/{world['a'].reference}/exchanges/",
        {"body_en": "Answer", "in_reply_to": other.pk},
        format="json",
    )
    assert response.status_code == 400 and "in_reply_to" in response.json()
    assert not Exchange.objects.filter(kind=ExchangeKind.REPLY).exists()


def test_a_request_for_clarification_is_forwarded_to_the_exporters_in_the_officials_words(
    world: dict,
) -> None:
    clarification = _clarification(world)
    client = official_client(world["official"])
    path = f"/api/v1/barriers/{world['a'].reference}/exchanges/{clarification.pk}/forward/"
    wording = "The regulator asks when you applied. Please reply here."

    response = client.post(path, {"body": wording}, format="json", HTTP_IDEMPOTENCY_KEY="fw")

    assert response.status_code == 200, response.content
    assert response.json()["forwarded_at"] is not None
    assert Message.objects.filter(body=wording).count() == world["a"].reports.count()
    world["a"].refresh_from_db()
    assert world["a"].pending_on == PendingOn.EXPORTER
    again = client.post(path, {"body": wording}, format="json")
    assert again.status_code == 400 and "detail" in again.json()
    empty = client.post(path, {"body": ""}, format="json")
    assert empty.status_code == 400 and "body" in empty.json()


def test_exporters_see_no_text_of_the_exchange_through_the_api(world: dict) -> None:
    _clarification(world)
    services.exchange_post(
        actor=world["fp_a"],
        barrier=world["a"],
        kind=ExchangeKind.PROPOSAL,
        body_ru=COUNTERPART_TEXT,
        target_date=timezone.localdate() + dt.timedelta(days=30),
    )
    report = world["report"]
    client = client_for(report.filed_by)
    for path in (
        "/api/v1/reports/",
        f"/api/v1/reports/{report.reference}/",
        f"/api/v1/reports/{report.reference}/messages/",
        f"/api/v1/reports/{report.reference}/timeline/",
        f"/api/v1/reports/{report.reference}/documents/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        for secret in (COUNTERPART_TEXT, "letter.pdf", "Задержка включения", "due_on"):
            assert secret not in text, (path, secret)


# --- What the fuzzer found: errors keep the documented shape -------------------------------


def test_a_refused_item_of_a_list_is_named_in_a_list_of_reasons(world: dict) -> None:
    barrier = world["a"]
    response = official_client(world["official"]).post(
        f"/api/v1/barriers/{barrier.reference}/share/",
        {**SHARE_TEXTS, "documents": [1, False, "2"]},
        format="json",
    )
    assert response.status_code == 400
    reasons = response.json()["documents"]
    assert all(isinstance(reason, str) for reason in reasons)
    assert reasons[0].startswith("Item 2: ")
    not_a_file = world["client_a"].post(
        _exchanges(barrier.reference),
        {"kind": "acknowledgement", "body_ru": "Да.", "documents": "null"},
        format="multipart",
    )
    assert not_a_file.status_code == 400
    assert all(isinstance(reason, str) for reason in not_a_file.json()["documents"])


@pytest.mark.parametrize("bad_id", ["null,null", "-1", "1.5", "99999999999", "٣"])
def test_a_malformed_id_in_a_path_answers_the_apis_404(world: dict, bad_id: str) -> None:
    reference = world["a"].reference
    official = official_client(world["official"])
    for client, path in (
        (official, f"/api/v1/barriers/{reference}/exchanges/{bad_id}/forward/"),
        (official, f"/api/v1/barriers/{reference}/exchange-documents/{bad_id}/"),
        (world["client_a"], f"{WORK_LIST}{reference}/documents/{bad_id}/"),
        (world["client_a"], f"{WORK_LIST}{reference}/exchange-documents/{bad_id}/"),
    ):
        if path.endswith("forward/"):
            response = client.post(path, {"body": "Hello"}, format="json")
        else:
            response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path


def test_a_focal_point_is_answered_in_russian_when_asking_for_it(world: dict) -> None:
    response = _post(
        world["client_a"],
        world["a"].reference,
        {"kind": "position", "body_ru": "Да.", "legal_basis": "tr-cu-999-2099"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 400
    assert response.json()["legal_basis"] == [
        "Правового основания с кодом tr-cu-999-2099 нет: см. /api/v1/legal-bases/."
    ]
    empty = _post(
        world["client_a"],
        world["a"].reference,
        {"kind": "acknowledgement", "body_ru": "", "body_en": ""},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert empty.status_code == 400
    assert empty.json()["body_ru"] == ["Введите текст ответа."]  # the service's own reason
    refused = client_for(world["report"].filed_by).get(WORK_LIST, HTTP_ACCEPT_LANGUAGE="ru")
    assert refused.status_code == 403 and "контактных лиц" in refused.json()["detail"]


# --- The schema ----------------------------------------------------------------------------

EAEU_OPERATIONS = [
    ("/api/v1/counterpart/barriers/", "get"),
    ("/api/v1/counterpart/barriers/{reference}/", "get"),
    ("/api/v1/counterpart/barriers/{reference}/exchanges/", "post"),
    ("/api/v1/counterpart/barriers/{reference}/documents/{document_id}/", "get"),
    ("/api/v1/counterpart/barriers/{reference}/exchange-documents/{exchange_document_id}/", "get"),
    ("/api/v1/barriers/{reference}/share/", "get"),
    ("/api/v1/barriers/{reference}/share/", "post"),
    ("/api/v1/barriers/{reference}/share/", "delete"),
    ("/api/v1/barriers/{reference}/exchanges/", "get"),
    ("/api/v1/barriers/{reference}/exchanges/", "post"),
    ("/api/v1/barriers/{reference}/exchanges/{exchange_id}/forward/", "post"),
    ("/api/v1/barriers/{reference}/exchange-documents/{exchange_document_id}/", "get"),
]


def test_the_eaeu_operations_are_described_with_their_errors(db: None) -> None:
    import io

    import yaml
    from django.core.management import call_command

    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    for path, method in EAEU_OPERATIONS:
        responses = schema["paths"][path][method]["responses"]
        assert {"401", "403", "404", "429"} <= set(responses), (path, method)
        if method == "post":
            assert {"400", "409", "422"} <= set(responses), (path, method)
    answer = schema["paths"][EAEU_OPERATIONS[2][0]]["post"]["requestBody"]["content"]
    assert set(answer) == {"application/json", "multipart/form-data"}
    kinds = schema["components"]["schemas"]["CounterpartExchangeKindEnum"]["enum"]
    assert set(kinds) == {"acknowledgement", "clarification", "proposal", "position", "resolved"}
    assert "/api/v1/legal-bases/" in schema["paths"]
