"""The officials' side of the exchange with the regulator: the barrier page's panel (history,
files, what is due), the Reply and Forward steps, the answer-overdue filter and the due-next
column of the barrier list, legal bases and the focal points' Resend invitation and Reactivate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from barriers import services
from barriers.accounts.roles import ANALYST
from barriers.models import (
    AuditAction,
    AuditEvent,
    Barrier,
    Deadline,
    DeadlineStage,
    Exchange,
    ExchangeDocument,
    ExchangeKind,
    LegalBasis,
    Message,
    OutboundEmail,
    Party,
    PendingOn,
    User,
)
from tests import factories
from tests.api_factories import pdf_upload
from tests.counterparts.helpers import (
    CONSENTED,
    accepted_barrier,
    focal_point,
    regulator_a,
    regulator_b,
    share,
)

pytestmark = pytest.mark.django_db

CLARIFICATION_RU = "Уточните, пожалуйста, номер предприятия в реестре и дату подачи заявки."
CLARIFICATION_EN = "Please give the registration number of the plant and the date of application."


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world() -> dict[str, Any]:
    official = factories.triage_officer()
    ra = regulator_a()
    barrier = accepted_barrier(ra, official=official, companies=((CONSENTED, True),))
    share(barrier, official)
    return {"official": official, "ra": ra, "barrier": barrier, "fp": focal_point(ra)}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change(barrier: Barrier) -> str:
    return reverse("admin:barriers_barrier_change", args=[barrier.pk])


def _step(barrier: Barrier, name: str) -> str:
    return reverse("admin:barriers_barrier_step", args=[barrier.pk, name])


def _clarify(world: dict[str, Any], **extra: Any) -> Exchange:
    return services.exchange_post(
        actor=world["fp"],
        barrier=world["barrier"],
        kind=ExchangeKind.CLARIFICATION,
        body_ru=CLARIFICATION_RU,
        body_en=CLARIFICATION_EN,
        **extra,
    )


def _history(world: dict[str, Any], rounds: int) -> None:
    """An acknowledgement, then `rounds` clarifications answered by India, each with a letter."""
    services.exchange_post(
        actor=world["fp"],
        barrier=world["barrier"],
        kind=ExchangeKind.ACKNOWLEDGEMENT,
        body_ru="Обращение получено, рассматриваем.",
    )
    for index in range(rounds):
        question = _clarify(world, files=[pdf_upload(f"запрос {index}.pdf")])
        services.exchange_post(
            actor=world["official"],
            barrier=world["barrier"],
            kind=ExchangeKind.REPLY,
            body_en=f"Registration number 12/{index}.",
            in_reply_to=question,
            files=[pdf_upload(f"reply {index}.pdf")],
        )


# ---------------------------------------------------------------------------------------------
# The panel on the barrier's page
# ---------------------------------------------------------------------------------------------


def test_the_barrier_page_shows_the_exchange_its_files_and_what_is_overdue(
    world: dict[str, Any],
) -> None:
    services.exchange_post(
        actor=world["fp"],
        barrier=world["barrier"],
        kind=ExchangeKind.ACKNOWLEDGEMENT,
        body_ru="Обращение получено.",
    )
    question = _clarify(world, files=[pdf_upload("письмо ФС-1234.pdf")])
    position = services.exchange_post(
        actor=world["fp"],
        barrier=world["barrier"],
        kind=ExchangeKind.POSITION,
        body_ru="Требования установлены техническим регламентом.",
        legal_basis=LegalBasis.objects.get(code="tr-cu-021-2011"),
    )
    # India's answer to the request is overdue: its deadline passed yesterday.
    Deadline.objects.filter(
        barrier=world["barrier"], stage=DeadlineStage.ANSWER_CLARIFICATION
    ).update(
        opened_on=timezone.localdate() - dt.timedelta(days=20),
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )

    page = _client(world["official"]).get(_change(world["barrier"])).content.decode()

    assert "Exchange with the regulator" in page
    assert CLARIFICATION_RU in page and CLARIFICATION_EN in page
    assert "Request for clarification" in page and "Acknowledgement" in page
    assert "TR CU 021/2011" in page and f"exchange-{position.pk}" in page
    document = question.documents.get()
    download = reverse("admin:barriers_barrier_exchange_document_download", args=[document.pk])
    assert download in page and "письмо ФС-1234.pdf" in page
    # What is due: India's answer (overdue) and the counterpart's solution, met by the position.
    assert "Answer the request for clarification" in page
    assert page.count("⚠ overdue") == 1


def test_the_panel_escapes_the_counterparts_text(world: dict[str, Any]) -> None:
    services.exchange_post(
        actor=world["fp"],
        barrier=world["barrier"],
        kind=ExchangeKind.ACKNOWLEDGEMENT,
        body_ru="<script>alert(1)</script>Получено.",
    )
    page = _client(world["official"]).get(_change(world["barrier"])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Получено." in page


def test_the_barrier_page_runs_as_many_queries_for_a_long_exchange_as_for_a_short_one(
    world: dict[str, Any],
) -> None:
    client = _client(world["official"])
    _history(world, rounds=1)
    client.get(_change(world["barrier"]))  # warm the caches (content types, permissions)
    with CaptureQueriesContext(connection) as short:
        assert client.get(_change(world["barrier"])).status_code == 200
    for index in range(3):
        question = _clarify(world, files=[pdf_upload(f"ещё {index}.pdf")])
        services.exchange_post(
            actor=world["official"],
            barrier=world["barrier"],
            kind=ExchangeKind.REPLY,
            body_en="More.",
            in_reply_to=question,
            files=[pdf_upload(f"more {index}.pdf")],
        )
    with CaptureQueriesContext(connection) as long:
        response = client.get(_change(world["barrier"]))
    assert response.content.decode().count('class="exchange exchange-') == 9
    assert len(long) == len(short), [q["sql"] for q in long.captured_queries]


def test_an_exchange_file_downloads_for_officials_and_is_logged(world: dict[str, Any]) -> None:
    question = _clarify(world, files=[pdf_upload("письмо.pdf")])
    document = question.documents.get()
    url = reverse("admin:barriers_barrier_exchange_document_download", args=[document.pk])

    response = _client(world["official"]).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = AuditEvent.objects.get(action=AuditAction.DOWNLOAD, user=world["official"])
    assert world["barrier"].reference in event.what and event.object_id == str(document.pk)
    # Not for the focal point or an exporter through the admin (they are not staff), and a
    # missing file is a 404.
    for outsider in (world["fp"], factories.ExporterFactory()):
        refused = _client(outsider).get(url)
        assert refused.status_code == 302 and not hasattr(refused, "streaming_content")
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).count() == 1
    missing = reverse("admin:barriers_barrier_exchange_document_download", args=[10**9])
    assert _client(world["official"]).get(missing).status_code == 404


# ---------------------------------------------------------------------------------------------
# Reply and forward
# ---------------------------------------------------------------------------------------------


def test_an_official_replies_with_a_letter_in_reply_to_the_latest_request(
    world: dict[str, Any],
) -> None:
    question = _clarify(world)
    client = _client(world["official"])
    page = client.get(_change(world["barrier"])).content.decode()
    # A link to the step's form (not a button posting straight away), and one to forward.
    assert f'href="{_step(world["barrier"], "reply")}"' in page
    assert f'href="{_step(world["barrier"], "forward")}"' in page
    form = client.get(_step(world["barrier"], "reply"))
    assert form.context["form"].initial["in_reply_to"] == question.pk

    response = client.post(
        _step(world["barrier"], "reply"),
        {
            "body_ru": "Номер предприятия в реестре: 12/345, заявка подана 3 марта.",
            "body_en": "Plant number 12/345, applied on 3 March.",
            "in_reply_to": question.pk,
            "documents": [pdf_upload("свидетельство.pdf")],
        },
    )

    assert response.status_code == 302 and response["Location"] == _change(world["barrier"])
    reply = Exchange.objects.get(kind=ExchangeKind.REPLY)
    assert (reply.party, reply.author, reply.in_reply_to) == (
        Party.INDIA,
        world["official"],
        question,
    )
    assert reply.documents.get().original_name == "свидетельство.pdf"
    answered = Deadline.objects.get(stage=DeadlineStage.ANSWER_CLARIFICATION)
    assert answered.met_by == reply
    world["barrier"].refresh_from_db()
    assert world["barrier"].pending_on == PendingOn.EAEU


def test_a_reply_without_text_or_with_a_bad_file_is_refused_and_nothing_is_saved(
    world: dict[str, Any],
) -> None:
    _clarify(world)
    client = _client(world["official"])
    url = _step(world["barrier"], "reply")

    empty = client.post(url, {"body_ru": "  ", "body_en": ""})
    assert empty.status_code == 200
    assert "body_ru" in empty.context["form"].errors

    bad = client.post(
        url,
        {
            "body_en": "See the attached program.",
            "documents": [SimpleUploadedFile("letter.pdf", b"MZ\x90\x00not a pdf at all")],
        },
    )
    assert bad.status_code == 200
    assert "letter.pdf" in " ".join(bad.context["form"].errors["documents"])

    assert not Exchange.objects.filter(kind=ExchangeKind.REPLY).exists()
    assert not ExchangeDocument.objects.exists()


def test_a_reply_on_a_barrier_no_longer_shared_is_a_form_error(world: dict[str, Any]) -> None:
    client = _client(world["official"])
    form_page = client.get(_step(world["barrier"], "reply"))
    assert form_page.status_code == 200
    services.barrier_unshare(actor=world["official"], barrier=world["barrier"])

    response = client.post(_step(world["barrier"], "reply"), {"body_en": "Late reply."})

    assert response.status_code == 200
    assert "not shared" in " ".join(response.context["form"].non_field_errors())
    assert not Exchange.objects.filter(kind=ExchangeKind.REPLY).exists()


def test_an_official_forwards_a_request_to_the_exporters_in_their_own_words(
    world: dict[str, Any],
) -> None:
    question = _clarify(world)
    client = _client(world["official"])
    form = client.get(_step(world["barrier"], "forward"))
    assert form.context["form"].initial == {
        "clarification": question.pk,
        "body": CLARIFICATION_EN,
    }
    wording = "The regulator asks for your plant's registration number; please reply here."

    response = client.post(
        _step(world["barrier"], "forward"), {"clarification": question.pk, "body": wording}
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.forwarded_at is not None and question.forwarded_by == world["official"]
    assert Message.objects.filter(body=wording, report__barrier=world["barrier"]).count() == 1
    world["barrier"].refresh_from_db()
    assert world["barrier"].pending_on == PendingOn.EXPORTER
    # Forwarded once: the button is gone and the request is no longer offered.
    page = client.get(_change(world["barrier"])).content.decode()
    assert _step(world["barrier"], "forward") not in page
    again = client.post(
        _step(world["barrier"], "forward"), {"clarification": question.pk, "body": wording}
    )
    assert again.status_code == 200 and "clarification" in again.context["form"].errors
    assert Message.objects.filter(body=wording).count() == 1


def test_a_forward_without_wording_is_refused(world: dict[str, Any]) -> None:
    question = _clarify(world)
    response = _client(world["official"]).post(
        _step(world["barrier"], "forward"), {"clarification": question.pk, "body": " "}
    )
    assert response.status_code == 200 and "body" in response.context["form"].errors
    question.refresh_from_db()
    assert question.forwarded_at is None


def test_an_analyst_can_neither_reply_nor_forward(world: dict[str, Any]) -> None:
    question = _clarify(world)
    analyst = factories.OfficialFactory()
    analyst.groups.add(Group.objects.get(name=ANALYST))
    client = _client(analyst)

    page = client.get(_change(world["barrier"]))
    assert page.status_code == 200
    assert CLARIFICATION_RU in page.content.decode()  # the analyst reads the exchange
    assert _step(world["barrier"], "reply") not in page.content.decode()
    for name, data in (
        ("reply", {"body_en": "Hello."}),
        ("forward", {"clarification": question.pk, "body": "Hello."}),
    ):
        assert client.get(_step(world["barrier"], name)).status_code == 403
        assert client.post(_step(world["barrier"], name), data).status_code == 403
    assert not Exchange.objects.filter(kind=ExchangeKind.REPLY).exists()
    question.refresh_from_db()
    assert question.forwarded_at is None


# ---------------------------------------------------------------------------------------------
# The barrier list: answer overdue, due next
# ---------------------------------------------------------------------------------------------


def _overdue(barrier: Barrier, stage: str) -> None:
    today = timezone.localdate()
    Deadline.objects.filter(barrier=barrier, stage=stage, met_at__isnull=True).update(
        opened_on=today - dt.timedelta(days=30), due_on=today - dt.timedelta(days=2)
    )


def test_the_answer_overdue_filter_splits_by_the_side_that_owes_the_answer(
    world: dict[str, Any],
) -> None:
    official = world["official"]
    eaeu_late = world["barrier"]
    _overdue(eaeu_late, DeadlineStage.ACKNOWLEDGE)
    rb = regulator_b()
    india_late = accepted_barrier(rb, official=official, companies=(("Bravo Tea Ltd", True),))
    share(india_late, official)
    services.exchange_post(
        actor=focal_point(rb),
        barrier=india_late,
        kind=ExchangeKind.CLARIFICATION,
        body_ru="Уточните объём поставок.",
    )
    _overdue(india_late, DeadlineStage.ANSWER_CLARIFICATION)
    on_time = accepted_barrier(rb, official=official, companies=(("Charlie Spice", True),))
    client = _client(official)
    url = reverse("admin:barriers_barrier_changelist")

    def listed(value: str) -> set[int]:
        response = client.get(url, {"answer_overdue": value})
        return {barrier.pk for barrier in response.context["cl"].result_list}

    assert listed(Party.EAEU) == {eaeu_late.pk}
    assert listed(Party.INDIA) == {india_late.pk}
    assert listed("none") == {on_time.pk}


def test_the_barrier_list_shows_what_is_due_next_flagged_when_overdue(
    world: dict[str, Any],
) -> None:
    _overdue(world["barrier"], DeadlineStage.ACKNOWLEDGE)
    client = _client(world["official"])
    page = client.get(reverse("admin:barriers_barrier_changelist")).content.decode()
    due = timezone.localdate() - dt.timedelta(days=2)
    assert f"Acknowledge the barrier (EAEU side) by {due.day} {due:%b} {due.year}" in page
    assert "⚠" in page and "· overdue" in page
    # Pending on stays a column (and is set by hand on the barrier's page).
    assert "column-pending_on" in page


def test_the_barrier_list_runs_a_fixed_number_of_queries(world: dict[str, Any]) -> None:
    client = _client(world["official"])
    url = reverse("admin:barriers_barrier_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    rb = regulator_b()
    for name in ("Delta Rice", "Echo Fish", "Foxtrot Tea"):
        barrier = accepted_barrier(rb, official=world["official"], companies=((name, True),))
        share(barrier, world["official"])
        _overdue(barrier, DeadlineStage.ACKNOWLEDGE)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["cl"].result_list) == 4
    assert len(many) == len(few)


# ---------------------------------------------------------------------------------------------
# Legal bases
# ---------------------------------------------------------------------------------------------


def test_a_superuser_adds_a_legal_basis_and_a_bad_one_is_refused(admin_client: Client) -> None:
    url = reverse("admin:barriers_legalbasis_add")
    data = {
        "code": "tr-eaeu-040-2016",
        "kind": LegalBasis._meta.get_field("kind").choices[0][0],
        "number": "TR EAEU 040/2016",
        "number_ru": "ТР ЕАЭС 040/2016",
        "title": "On the safety of fish and fish products",
        "title_ru": "О безопасности рыбы и рыбной продукции",
        "position": 50,
    }
    if LegalBasis.objects.filter(code=data["code"]).exists():
        data["code"] = "tr-eaeu-040-2016-copy"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LegalBasis.objects.get(code=data["code"]).number_ru == "ТР ЕАЭС 040/2016"

    refused = admin_client.post(url, {**data, "code": "bad-kind", "kind": "nonsense"})
    assert refused.status_code == 200 and "kind" in refused.context["adminform"].form.errors
    assert not LegalBasis.objects.filter(code="bad-kind").exists()
    changelist = admin_client.get(reverse("admin:barriers_legalbasis_changelist"))
    assert "TR CU 021/2011" in changelist.content.decode()


# ---------------------------------------------------------------------------------------------
# Focal points: resend the invitation, reactivate
# ---------------------------------------------------------------------------------------------


def _invite(official: User) -> User:
    return services.focal_point_invite(
        actor=official, regulator=regulator_a(), email="ivanova@fsvps.example.ru", full_name="Анна"
    )


def test_a_triage_officer_resends_an_invitation_to_someone_not_yet_signed_in() -> None:
    official = factories.triage_officer()
    person = _invite(official)
    client = _client(official)
    step = reverse("admin:barriers_focalpoint_step", args=[person.pk, "resend_invitation"])
    page = client.get(reverse("admin:barriers_focalpoint_change", args=[person.pk]))
    assert step in page.content.decode()

    assert client.post(step).status_code == 302

    invitations = OutboundEmail.objects.filter(to=[person.email]).order_by("pk")
    assert invitations.count() == 2
    assert "Приглашение" in invitations.last().subject
    event = AuditEvent.objects.get(subject=person, field="invitation")
    assert (event.new_value, event.user) == ("resent", official)

    # Once they have signed in, the invitation is not sent again.
    User.objects.filter(pk=person.pk).update(last_login=timezone.now())
    page = client.get(reverse("admin:barriers_focalpoint_change", args=[person.pk]))
    assert step not in page.content.decode()
    client.post(step)
    assert OutboundEmail.objects.filter(to=[person.email]).count() == 2


def test_a_deactivated_focal_point_is_reactivated_on_the_record() -> None:
    official = factories.triage_officer()
    person = _invite(official)
    services.focal_point_deactivate(actor=official, focal_point=person)
    client = _client(official)
    step = reverse("admin:barriers_focalpoint_step", args=[person.pk, "reactivate"])
    page = client.get(reverse("admin:barriers_focalpoint_change", args=[person.pk]))
    assert step in page.content.decode()
    assert (
        reverse("admin:barriers_focalpoint_step", args=[person.pk, "resend_invitation"])
        not in page.content.decode()
    )

    assert client.post(step).status_code == 302

    person.refresh_from_db()
    assert person.is_active
    events = AuditEvent.objects.filter(subject=person, field="is_active").order_by("pk")
    assert [(e.old_value, e.new_value) for e in events] == [("yes", "no"), ("no", "yes")]
    assert events.last().user == official


def test_only_a_triage_officer_resends_or_reactivates() -> None:
    official = factories.triage_officer()
    person = _invite(official)
    analyst = factories.OfficialFactory()
    analyst.groups.add(Group.objects.get(name=ANALYST))
    client = _client(analyst)
    for name in ("resend_invitation", "reactivate"):
        step = reverse("admin:barriers_focalpoint_step", args=[person.pk, name])
        assert client.post(step).status_code == 403
    assert OutboundEmail.objects.filter(to=[person.email]).count() == 1


def test_resend_and_reactivate_refuse_what_does_not_apply() -> None:
    from barriers.domain.errors import DomainError

    official = factories.triage_officer()
    person = _invite(official)
    exporter = factories.ExporterFactory()
    for service in (services.focal_point_invitation_resend, services.focal_point_reactivate):
        with pytest.raises(DomainError, match="not a focal point"):
            service(actor=official, focal_point=exporter)
        with pytest.raises(DomainError, match="triage officer"):
            service(actor=factories.OfficialFactory(), focal_point=person)
    services.focal_point_deactivate(actor=official, focal_point=person)
    with pytest.raises(DomainError, match="reactivate it first"):
        services.focal_point_invitation_resend(actor=official, focal_point=person)
    assert OutboundEmail.objects.filter(to=[person.email]).count() == 1
    # Reactivating an active account changes nothing and records nothing.
    services.focal_point_reactivate(actor=official, focal_point=person)
    services.focal_point_reactivate(actor=official, focal_point=person)
    assert AuditEvent.objects.filter(subject=person, field="is_active").count() == 2
