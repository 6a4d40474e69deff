"""Circulating and freezing the joint agenda (refused with the list of items lacking Russian
text, nothing changed), the e-mail to the focal points, and every door that asks for an edition:
the admin, the API and the command line. Also the drafting score's "no answer by the deadline"."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from barriers import services
from barriers.domain.editions import RussianTextMissing
from barriers.exports.services import joint_agenda_circulate
from barriers.models import (
    AgendaItem,
    Barrier,
    BarrierStatus,
    Deadline,
    DeadlineStage,
    ExportFile,
    ExportStatus,
    Meeting,
    MeetingStatus,
    OutboundEmail,
    Party,
)
from tests import factories
from tests.editions.helpers import SHARED, build_world
from tests.export_helpers import text_of

pytestmark = pytest.mark.django_db
AGENDA_URL = "/api/v1/meetings/2026-Q4/agenda/export/{fmt}/"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def secretary(db):
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name="Agenda secretary"))
    return user


def _lacking(world) -> None:
    Barrier.objects.filter(pk=world.setup.phyto.pk).update(summary_ru="", ask_ru="")
    Barrier.objects.filter(pk=world.setup.formula.pk).update(title_ru="Formula in the title")


def _snapshot(world) -> tuple:
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    return (
        meeting.status,
        meeting.joint_circulated_at,
        OutboundEmail.objects.count(),
        ExportFile.objects.count(),
        sorted(Barrier.objects.values_list("pk", "status")),
    )


# ---------------------------------------------------------------------------------------------
# Refused with the list, nothing changed
# ---------------------------------------------------------------------------------------------


def test_circulating_is_refused_with_each_barrier_and_field_lacking_russian(world) -> None:
    _lacking(world)
    before = _snapshot(world)

    with pytest.raises(RussianTextMissing) as refused:
        joint_agenda_circulate(meeting=world.meeting, actor=world.official)

    message = refused.value.message
    assert "cannot be circulated" in message
    assert f"{world.setup.phyto.reference}: summary, ask" in message
    assert f"{world.setup.formula.reference}: title" in message
    assert world.setup.listing.reference not in message
    assert {m.reference for m in refused.value.missing} == {
        world.setup.formula.reference,
        world.setup.phyto.reference,
    }
    assert _snapshot(world) == before


def test_freezing_is_refused_with_the_same_list_and_nothing_changes(world) -> None:
    _lacking(world)
    before = _snapshot(world)

    with pytest.raises(RussianTextMissing) as refused:
        services.agenda_freeze(meeting=world.meeting, actor=world.official)

    assert "cannot be frozen" in refused.value.message
    assert f"{world.setup.phyto.reference}: summary, ask" in refused.value.message
    assert _snapshot(world) == before
    assert Meeting.objects.get(pk=world.meeting.pk).status == MeetingStatus.AGENDA_DRAFT


def test_freezing_a_complete_agenda_still_schedules_its_barriers(world) -> None:
    services.agenda_freeze(meeting=world.meeting, actor=world.official)
    world.setup.listing.refresh_from_db()
    assert world.setup.listing.status == BarrierStatus.SCHEDULED


# ---------------------------------------------------------------------------------------------
# Circulated: stamped, e-mailed, the joint edition built
# ---------------------------------------------------------------------------------------------


def test_circulating_stamps_emails_the_focal_points_and_builds_the_joint_pdf(
    world, django_capture_on_commit_callbacks, celery_eager
) -> None:
    inactive = factories.UserFactory(
        regulator=world.focal_point.regulator, email="gone@fsvps.example", is_active=False
    )
    other = factories.RegulatorFactory(code="by-ggiskzr", name="Belarus", name_ru="Беларусь")
    factories.UserFactory(regulator=other, email="fp@by.example")  # not a participant
    second = factories.UserFactory(regulator=world.focal_point.regulator, email="fp2@fsvps.ru")
    OutboundEmail.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        export = joint_agenda_circulate(meeting=world.meeting, actor=world.official)

    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert meeting.joint_circulated_at is not None
    assert meeting.joint_circulated_by == world.official
    emails = list(OutboundEmail.objects.all())
    assert len(emails) == 1  # one per participating regulator with active focal points
    email = emails[0]
    assert sorted(email.to) == sorted([world.focal_point.email, second.email])
    assert inactive.email not in email.to
    assert email.subject.startswith("Совместная повестка дня встречи 2026-Q4")
    body = email.body
    assert body.index("Здравствуйте") < body.index("Hello")  # Russian first, then English
    assert SHARED["title_ru"] in body and SHARED["title_en"] in body
    assert world.setup.listing.reference in body
    assert "/counterpart/" in body or "http" in body
    export.refresh_from_db()
    assert (export.edition, export.format, export.status) == ("joint", "pdf", ExportStatus.READY)
    assert export.file_name == "agenda-2026-Q4-joint.pdf"
    assert SHARED["ask_ru"] in " ".join(text_of("pdf", bytes(export.content)).split())


def test_a_held_meeting_is_not_circulated(world) -> None:
    Meeting.objects.filter(pk=world.meeting.pk).update(status=MeetingStatus.HELD)
    with pytest.raises(Exception, match="Only a drafted or frozen agenda can be circulated"):
        services.agenda_circulate(meeting=world.meeting, actor=world.official)


# ---------------------------------------------------------------------------------------------
# The doors: admin, API, command line
# ---------------------------------------------------------------------------------------------


def _admin(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_admin_circulate_button_asks_for_confirmation_then_circulates(
    world, secretary, celery_eager
) -> None:
    client = _admin(secretary)
    change = f"/admin/barriers/meeting/{world.meeting.pk}/change/"
    url = f"/admin/barriers/meeting/{world.meeting.pk}/agenda/circulate/"
    page = client.get(change).content.decode()
    assert "Circulate the joint agenda" in page
    # The agenda panel shows the counterpart's latest answer on each item.
    assert "Counterpart&#x27;s latest answer" in page or "Counterpart's latest answer" in page
    assert "Предлагаем провести инспекцию" in page

    confirm = client.get(url)
    assert confirm.status_code == 200 and "focal points" in confirm.content.decode()
    assert client.post(url, {}).status_code == 200  # not confirmed: the form again
    assert Meeting.objects.get(pk=world.meeting.pk).joint_circulated_at is None

    response = client.post(url, {"confirm": "on"}, follow=True)
    assert [m.level_tag for m in get_messages(response.wsgi_request)][-1] == "success"
    assert Meeting.objects.get(pk=world.meeting.pk).joint_circulated_at is not None
    assert "Joint agenda circulated to the EAEU side" in response.content.decode()


def test_admin_circulate_refused_shows_the_list_as_a_warning(world, secretary) -> None:
    _lacking(world)
    response = _admin(secretary).post(
        f"/admin/barriers/meeting/{world.meeting.pk}/agenda/circulate/",
        {"confirm": "on"},
        follow=True,
    )
    messages = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert messages[-1][0] == "warning"
    assert f"{world.setup.phyto.reference}: summary, ask" in messages[-1][1]
    assert Meeting.objects.get(pk=world.meeting.pk).joint_circulated_at is None


def test_admin_export_buttons_offer_both_editions(world, secretary) -> None:
    client = _admin(secretary)
    base = f"/admin/barriers/meeting/{world.meeting.pk}/export/agenda/pdf/"
    page = client.get(f"/admin/barriers/meeting/{world.meeting.pk}/change/").content.decode()
    assert f"{base}?edition=joint" in page and "joint edition" in page

    joint = client.get(f"{base}?edition=joint")
    assert joint["Content-Disposition"] == 'attachment; filename="agenda-2026-Q4-joint.pdf"'
    internal = client.get(base)
    assert internal["Content-Disposition"] == 'attachment; filename="agenda-2026-Q4.pdf"'
    bogus = client.get(f"{base}?edition=secret", follow=True)
    assert "Unknown edition" in str(list(get_messages(bogus.wsgi_request))[-1])


def test_api_exports_the_joint_edition_and_names_a_bad_edition(world, secretary) -> None:
    client = APIClient()
    client.force_authenticate(secretary)

    joint = client.get(AGENDA_URL.format(fmt="xlsx") + "?edition=joint")
    assert joint.status_code == 200
    assert joint["Content-Disposition"] == 'attachment; filename="agenda-2026-Q4-joint.xlsx"'
    assert SHARED["title_ru"] in text_of("xlsx", joint.content)

    bad = client.get(AGENDA_URL.format(fmt="pdf") + "?edition=secret")
    assert bad.status_code == 400 and "edition" in bad.json()

    _lacking(world)
    refused = client.get(AGENDA_URL.format(fmt="json") + "?edition=joint")
    assert refused.status_code == 400
    assert refused.json()["code"] == "russian_text_missing"
    assert world.setup.phyto.reference in refused.json()["detail"]
    # The internal brief is the default, and is still built.
    assert client.get(AGENDA_URL.format(fmt="json")).status_code == 200


def test_openapi_schema_documents_the_edition_parameter(secretary) -> None:
    client = APIClient()
    client.force_authenticate(secretary)
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "edition" in text and "joint" in text


def test_command_writes_the_joint_edition(world, tmp_path: Path) -> None:
    out = StringIO()
    target = tmp_path / "joint.json"
    call_command(
        "export_agenda",
        "2026-Q4",
        "--format",
        "json",
        "--edition",
        "joint",
        "--output",
        str(target),
        stdout=out,
    )
    assert SHARED["summary_ru"] in target.read_text(encoding="utf-8")
    assert '"score"' not in target.read_text(encoding="utf-8")

    _lacking(world)
    with pytest.raises(CommandError, match="lack Russian text"):
        call_command(
            "export_agenda",
            "2026-Q4",
            "--edition",
            "joint",
            "--output",
            str(tmp_path / "x.pdf"),
            stdout=out,
        )


# ---------------------------------------------------------------------------------------------
# The drafting score: no answer by the deadline
# ---------------------------------------------------------------------------------------------


def test_an_overdue_counterpart_answer_adds_to_the_score_and_shows_in_the_breakdown(
    official, secretary
) -> None:
    from tests.counterparts.helpers import accepted_barrier, regulator_a, share

    officer = factories.triage_officer()
    late = accepted_barrier(regulator_a(), official=officer, companies=(("Late Ltd", True),))
    share(late, officer)
    on_time = accepted_barrier(regulator_a(), official=officer, companies=(("Fine Ltd", True),))
    share(on_time, officer)
    today = timezone.localdate()
    Deadline.objects.filter(barrier=late, stage=DeadlineStage.ACKNOWLEDGE).update(
        opened_on=today - dt.timedelta(days=30), due_on=today - dt.timedelta(days=6)
    )
    meeting = services.meeting_create(
        actor=None, code="2026-Q4", date=today + dt.timedelta(days=30)
    )

    services.agenda_draft(meeting=meeting, actor=official)

    late_item = AgendaItem.objects.get(meeting=meeting, barrier=late)
    fine_item = AgendaItem.objects.get(meeting=meeting, barrier=on_time)
    part = late_item.score_breakdown["counterpart_overdue"]
    assert (part["value"], part["points"], part["weight"], part["score"]) == (
        "6",
        "1.000",
        "10.000",
        "10.000",
    )
    assert fine_item.score_breakdown["counterpart_overdue"]["score"] == "0.000"
    assert late_item.score - fine_item.score == 10
    assert "counterpart's answer 6 days overdue" in late_item.reason
    assert Deadline.objects.filter(barrier=late, party=Party.EAEU).exists()

    # Shown wherever the breakdown is: the meeting page and the internal brief.
    page = _admin(secretary).get(f"/admin/barriers/meeting/{meeting.pk}/change/")
    assert "Counterpart&#x27;s answer overdue" in page.content.decode()
    factories.agenda_in_russian(meeting)
    xlsx = services_export(meeting, "xlsx")
    assert "counterpart's answer overdue" in xlsx


def services_export(meeting: Meeting, fmt: str) -> str:
    from barriers.exports import services as exports

    rendered = exports.export_render(meeting=meeting, document="agenda", format=fmt, actor=None)
    return text_of(fmt, rendered.content)


def test_the_weight_is_a_routing_setting(official) -> None:
    row = services.routing_settings_update(actor=official, weight_counterpart_overdue=0)
    assert row.weight_counterpart_overdue == 0
    with pytest.raises(Exception, match="cannot be negative"):
        services.routing_settings_update(actor=official, weight_counterpart_overdue=-1)


def test_the_russian_ask_is_edited_beside_the_ask(world, secretary) -> None:
    client = _admin(factories.OfficialFactory(is_superuser=True))
    barrier_page = client.get(f"/admin/barriers/barrier/{world.setup.phyto.pk}/change/")
    page = barrier_page.content.decode()
    assert 'name="ask_ru"' in page and page.index('name="ask"') < page.index('name="ask_ru"')
    item = AgendaItem.objects.get(meeting=world.meeting, barrier=world.setup.phyto)
    item_page = client.get(f"/admin/barriers/agendaitem/{item.pk}/change/").content.decode()
    assert 'name="ask_ru"' in item_page

    # The same services the admin calls: the item's Russian ask wins in the joint edition.
    services.agenda_item_update(
        item=item, actor=secretary, ask_ru="Просим выпустить партии винограда без задержки."
    )
    services.barrier_update(
        barrier=world.setup.formula, actor=world.official, ask_ru="Просим принять документы."
    )
    text = text_of("csv", _export(world.meeting, "csv"))
    assert "Просим выпустить партии винограда без задержки." in text
    assert "Просим принять документы." in text


def _export(meeting: Meeting, fmt: str) -> bytes:
    from barriers.exports import services as exports

    return exports.export_render(
        meeting=meeting, document="agenda", format=fmt, actor=None, edition="joint"
    ).content
