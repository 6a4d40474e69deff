"""Following: who hears about which change, once, and only what they may see."""

from __future__ import annotations

import pytest
from django.core import mail, signing
from django.utils import translation

from barriers import services
from barriers.domain.errors import DomainError
from barriers.models import (
    DigestFrequency,
    EmailStatus,
    Follow,
    FollowEvent,
    FollowEventKind,
    FollowKind,
    FollowSettings,
    Notification,
    OutboundEmail,
)
from barriers.notifications import following, following_events
from barriers.notifications.emails import publish_pause
from tests import factories
from tests.following.helpers import accepted_barrier

pytestmark = pytest.mark.django_db

SHRIMP = "030617"


@pytest.fixture(autouse=True)
def _in_process(settings, celery_eager) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _run(callbacks_fixture, fn, *args, **kwargs):
    with callbacks_fixture(execute=True):
        return fn(*args, **kwargs)


def test_official_following_an_hs_code_hears_of_a_new_barrier_and_its_status_change(
    django_capture_on_commit_callbacks,
) -> None:
    official = factories.OfficialFactory()
    factories.HSCodeFactory()
    services.follow_add(actor=official, kind=FollowKind.HS_CODE, value=SHRIMP)

    with django_capture_on_commit_callbacks(execute=True):
        barrier = accepted_barrier()
    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_transition(barrier=barrier, to="scheduled", actor=official)

    texts = list(
        Notification.objects.filter(user=official)
        .order_by("created_at", "pk")
        .values_list("event__kind", flat=True)
    )
    assert texts == [FollowEventKind.NEW_BARRIER, FollowEventKind.STATUS_CHANGED]
    digests = [m for m in mail.outbox if m.to == [official.email]]
    assert len(digests) == 2  # immediately: one digest per change
    assert barrier.reference in digests[0].body
    assert digests[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digests[0].extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/following/unsubscribe/" in digests[0].extra_headers["List-Unsubscribe"]
    assert "/admin/following/" in digests[0].body


def test_daily_digest_is_one_email_listing_every_event(django_capture_on_commit_callbacks) -> None:
    official = factories.OfficialFactory()
    factories.HSCodeFactory()
    services.follow_add(actor=official, kind=FollowKind.HS_CHAPTER, value="03")
    services.follow_frequency_set(actor=official, frequency=DigestFrequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        barrier = accepted_barrier()
    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_transition(barrier=barrier, to="scheduled", actor=official)
    assert not [m for m in mail.outbox if m.to == [official.email]]

    with django_capture_on_commit_callbacks(execute=True):
        assert following.follow_digests_send(frequency=DigestFrequency.DAILY) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert following.follow_digests_send(frequency=DigestFrequency.DAILY) == 0

    digests = [m for m in mail.outbox if m.to == [official.email]]
    assert len(digests) == 1
    assert "2 updates" in digests[0].subject
    assert "new barrier" in digests[0].body and "Scheduled" in digests[0].body


def test_exporter_hears_only_of_barriers_behind_their_own_reports(
    django_capture_on_commit_callbacks,
) -> None:
    mine = factories.ExporterFactory()
    other = factories.ExporterFactory()
    factories.HSCodeFactory()
    for user in (mine, other):
        services.follow_add(actor=user, kind=FollowKind.HS_CODE, value=SHRIMP)
    with django_capture_on_commit_callbacks(execute=True):
        barrier = accepted_barrier(company_user=mine)

    assert Notification.objects.filter(user=mine, event__barrier=barrier).exists()
    assert not Notification.objects.filter(user=other).exists()
    assert not [m for m in mail.outbox if m.to == [other.email]]


def test_event_text_never_carries_the_internal_note(django_capture_on_commit_callbacks) -> None:
    official = factories.OfficialFactory()
    factories.HSCodeFactory()
    services.follow_add(actor=official, kind=FollowKind.HS_CODE, value=SHRIMP)
    barrier = accepted_barrier()
    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_transition(
            barrier=barrier, to="scheduled", actor=official, note="SECRET-NOTE-9917"
        )
    assert not FollowEvent.objects.filter(text__contains="SECRET-NOTE-9917").exists()
    assert all("SECRET-NOTE-9917" not in m.body for m in mail.outbox if m.to == [official.email])


def test_private_transition_records_no_event(django_capture_on_commit_callbacks) -> None:
    official = factories.OfficialFactory()
    barrier = accepted_barrier()
    before = FollowEvent.objects.count()
    services.barrier_transition(barrier=barrier, to="scheduled", actor=official, is_public=False)
    assert FollowEvent.objects.count() == before


def test_fan_out_twice_notifies_once(django_capture_on_commit_callbacks) -> None:
    official = factories.OfficialFactory()
    factories.HSCodeFactory()
    services.follow_add(actor=official, kind=FollowKind.HS_CODE, value=SHRIMP)
    with django_capture_on_commit_callbacks(execute=True):
        barrier = accepted_barrier()
    event = FollowEvent.objects.get(barrier=barrier, kind=FollowEventKind.NEW_BARRIER)
    assert following.follow_event_fan_out(event_id=event.pk) == 0
    assert Notification.objects.filter(user=official).count() == 1


def test_event_waits_for_the_sweep_when_the_broker_is_down(
    monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from kombu.exceptions import OperationalError

    official = factories.OfficialFactory()
    factories.HSCodeFactory()
    services.follow_add(actor=official, kind=FollowKind.HS_CODE, value=SHRIMP)

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(following_events.follow_event_fan_out, "delay", broker_down)
    publish_pause.reset()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            barrier = accepted_barrier()
    finally:
        publish_pause.reset()
    assert FollowEvent.objects.filter(barrier=barrier, fanned_out_at__isnull=True).exists()
    assert not Notification.objects.filter(user=official).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert following.follow_events_fan_out_pending() >= 1
    assert Notification.objects.filter(user=official, event__barrier=barrier).exists()


def test_follow_validation_names_the_field() -> None:
    exporter = factories.ExporterFactory()
    with pytest.raises(DomainError) as error:
        services.follow_add(actor=exporter, kind=FollowKind.HS_CHAPTER, value="8")
    assert error.value.field == "value"
    with pytest.raises(DomainError):
        services.follow_add(actor=exporter, kind=FollowKind.HS_CODE, value="999999")
    with pytest.raises(DomainError):
        services.follow_add(actor=exporter, kind="planet", value="Mars")
    assert not Follow.objects.exists()


def test_exporter_cannot_follow_a_barrier_of_another_company() -> None:
    barrier = accepted_barrier()
    stranger = factories.ExporterFactory()
    with pytest.raises(DomainError):
        services.follow_add(actor=stranger, kind=FollowKind.BARRIER, value=barrier.reference)
    assert not Follow.objects.filter(user=stranger).exists()


def test_following_twice_keeps_one_follow() -> None:
    official = factories.OfficialFactory()
    factories.RegulatorFactory()
    first = services.follow_add(actor=official, kind=FollowKind.REGULATOR, value="FSVPS")
    again = services.follow_add(actor=official, kind=FollowKind.REGULATOR, value="ru-fsvps")
    assert first.pk == again.pk


def test_unsubscribe_token_turns_off_only_its_own_user() -> None:
    alice = factories.ExporterFactory()
    bob = factories.ExporterFactory()
    token = following.unsubscribe_token(user=alice)
    services.follow_unsubscribe(token=token)
    assert alice.follow_settings.frequency == DigestFrequency.NEVER
    assert not FollowSettings.objects.filter(user=bob).exists()

    forged = signing.dumps({"u": bob.pk}, salt="some-other-salt")
    tampered = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    for bad in (forged, tampered, "nonsense"):
        with pytest.raises(DomainError):
            services.follow_unsubscribe(token=bad)
    assert not FollowSettings.objects.filter(user=bob).exists()


def test_saved_search_on_a_regulator_matches_its_barriers(
    django_capture_on_commit_callbacks,
) -> None:
    official = factories.OfficialFactory()
    regulator = factories.RegulatorFactory()
    services.saved_search_create(
        actor=official,
        name="FSVPS open",
        changelist="barrier",
        query_string=f"regulator__code__exact={regulator.pk}&unknown=1&o=2",
    )
    services.saved_search_create(
        actor=official,
        name="Another regulator",
        changelist="barrier",
        query_string="regulator__code__exact=ru-other",
    )
    elsewhere = factories.OfficialFactory()
    services.saved_search_create(
        actor=elsewhere,
        name="Other regulator",
        changelist="report",
        query_string="regulator__code__exact=ru-other",
    )
    with django_capture_on_commit_callbacks(execute=True):
        barrier = accepted_barrier()
    assert not Notification.objects.filter(user=elsewhere).exists()
    notes = Notification.objects.filter(user=official, event__barrier=barrier)
    assert notes.count() == 1  # from the matching search only


def test_saved_search_name_must_be_unique_per_official() -> None:
    official = factories.OfficialFactory()
    services.saved_search_create(actor=official, name="Mine", changelist="report", query_string="")
    with pytest.raises(DomainError) as error:
        services.saved_search_create(
            actor=official, name="Mine", changelist="report", query_string=""
        )
    assert error.value.field == "name"
    with pytest.raises(DomainError):
        services.saved_search_create(
            actor=factories.ExporterFactory(), name="X", changelist="report", query_string=""
        )


def test_outbox_sends_the_unsubscribe_headers(django_capture_on_commit_callbacks) -> None:
    official = factories.OfficialFactory()
    factories.HSCodeFactory()
    services.follow_add(actor=official, kind=FollowKind.HS_CODE, value=SHRIMP)
    with django_capture_on_commit_callbacks(execute=True):
        accepted_barrier()
    email = OutboundEmail.objects.get(to=[official.email])
    assert email.status == EmailStatus.SENT
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_followers_hear_of_the_agenda_and_the_outcome_once_each(
    django_capture_on_commit_callbacks,
) -> None:
    from barriers.models import AgendaItem
    from tests.export_helpers import build_agenda, hold_with_outcomes

    official = factories.OfficialFactory()
    setup = build_agenda(official)
    follower = factories.OfficialFactory()
    services.follow_add(actor=follower, kind=FollowKind.BARRIER, value=setup.listing.reference)
    with django_capture_on_commit_callbacks(execute=True):
        hold_with_outcomes(setup, official)

    kinds = list(
        Notification.objects.filter(user=follower)
        .order_by("created_at", "pk")
        .values_list("event__kind", flat=True)
    )
    assert kinds == [FollowEventKind.ON_AGENDA, FollowEventKind.OUTCOME_RECORDED]
    outcome = FollowEvent.objects.get(barrier=setup.listing, kind=FollowEventKind.OUTCOME_RECORDED)
    item = AgendaItem.objects.get(meeting=setup.meeting, barrier=setup.listing)
    assert setup.meeting.code in outcome.text and "Action agreed" in outcome.text
    assert item.statement_eaeu not in outcome.text  # statements stay on the barrier's page


def test_each_person_gets_the_digest_in_their_language(django_capture_on_commit_callbacks) -> None:
    """The exporter who reads the portal in Hindi gets a Hindi digest, whatever language the
    change was made in; a colleague without a choice and the official get it in English."""
    hindi = factories.ExporterFactory(language="hi")
    english = factories.ExporterFactory(company=hindi.company)
    official = factories.OfficialFactory(language="hi")  # officials' desk is English
    factories.HSCodeFactory()
    for user in (hindi, english, official):
        services.follow_add(actor=user, kind=FollowKind.HS_CODE, value=SHRIMP)
        services.follow_frequency_set(actor=user, frequency=DigestFrequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True), translation.override("hi"):
        accepted_barrier(company_user=english)
    with django_capture_on_commit_callbacks(execute=True), translation.override("hi"):
        assert following.follow_digests_send(frequency=DigestFrequency.DAILY) == 3

    digests = {
        tuple(m.to): m for m in mail.outbox if "follow" in m.subject.lower() or "फ़ॉलो" in m.subject
    }
    in_hindi = digests[(hindi.email,)]
    assert in_hindi.subject == "आप जो फ़ॉलो करते हैं: 1 अपडेट"
    assert "आपके द्वारा फ़ॉलो की गई बाधाओं, HS कोड, देशों और नियामकों में परिवर्तन:" in in_hindi.body
    assert "ये ई-मेल बंद करें: http" in in_hindi.body and "Stop these e-mails" not in in_hindi.body
    for person in (english, official):
        digest = digests[(person.email,)]
        assert digest.subject == "What you follow: 1 update"
        assert "Stop these e-mails: http" in digest.body and "फ़ॉलो" not in digest.body


def test_triage_queue_search_hears_of_the_barrier_its_matching_reports_went_to(
    django_capture_on_commit_callbacks,
) -> None:
    official = factories.OfficialFactory()
    regulator = factories.RegulatorFactory()
    services.saved_search_create(
        actor=official,
        name="FSVPS in the queue",
        changelist="triage",
        query_string=f"regulator__code__exact={regulator.pk}&stage=new",
    )
    other = factories.OfficialFactory()
    services.saved_search_create(
        actor=other,
        name="Another regulator in the queue",
        changelist="triage",
        query_string="regulator__code__exact=ru-other",
    )
    with django_capture_on_commit_callbacks(execute=True):
        barrier = accepted_barrier()
    assert Notification.objects.filter(user=official, event__barrier=barrier).count() == 1
    assert not Notification.objects.filter(user=other).exists()
    with pytest.raises(DomainError) as error:
        services.saved_search_create(
            actor=official, name="Nowhere", changelist="meetings", query_string=""
        )
    assert error.value.field == "changelist"


def test_an_exporter_hears_of_a_published_barrier_in_what_they_follow_in_its_public_words(
    django_capture_on_commit_callbacks,
) -> None:
    """An exporter with no report on a barrier hears nothing while it is unpublished; once it is
    published, its publication and later changes, always under the public title only."""
    from barriers.services import publishing

    stranger = factories.ExporterFactory()
    factories.HSCodeFactory()
    services.follow_add(actor=stranger, kind=FollowKind.HS_CODE, value=SHRIMP)
    official = factories.triage_officer()
    with django_capture_on_commit_callbacks(execute=True):
        barrier = accepted_barrier(official=official)
    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_transition(barrier=barrier, to="scheduled", actor=official)
    assert not Notification.objects.filter(user=stranger).exists()

    public_title = "Delays in listing shrimp plants (public)"
    with django_capture_on_commit_callbacks(execute=True):
        publishing.barrier_publish(
            barrier=barrier,
            actor=official,
            public_title=public_title,
            public_summary="Shrimp plants wait to be listed.",
        )
    barrier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_transition(barrier=barrier, to="raised", actor=official)

    notes = list(Notification.objects.filter(user=stranger).order_by("created_at", "pk"))
    assert [n.text for n in notes] == [
        f"[{barrier.reference}] {public_title}: published on the public register",
        f"[{barrier.reference}] {public_title}: status Scheduled → Raised",
    ]
    assert all(n.public for n in notes)
    digests = [m for m in mail.outbox if m.to == [stranger.email]]
    assert len(digests) == 2
    for message in digests:
        assert public_title in message.body and barrier.title not in message.body
    # The portal's notifications page shows the public words too.
    from django.test import Client

    client = Client()
    client.force_login(stranger)
    page = client.get("/following/notifications/").content.decode()
    assert public_title in page and barrier.title not in page
    # Following the published barrier itself is now allowed, under its public title.
    follow = services.follow_add(actor=stranger, kind=FollowKind.BARRIER, value=barrier.reference)
    assert follow.target_label == f"{barrier.reference} — {public_title}"


def test_the_barriers_companies_and_officials_still_read_the_officials_words(
    django_capture_on_commit_callbacks,
) -> None:
    from barriers.services import publishing

    mine = factories.ExporterFactory()
    factories.HSCodeFactory()
    official = factories.triage_officer()
    services.follow_add(actor=mine, kind=FollowKind.HS_CODE, value=SHRIMP)
    services.follow_add(actor=official, kind=FollowKind.HS_CODE, value=SHRIMP)
    with django_capture_on_commit_callbacks(execute=True):
        barrier = accepted_barrier(company_user=mine, official=official)
        publishing.barrier_publish(
            barrier=barrier, actor=official, public_title="Public words", public_summary="S."
        )
    for user in (mine, official):
        texts = [n.text for n in Notification.objects.filter(user=user)]
        assert f"[{barrier.reference}] {barrier.title}: published on the public register" in texts
        assert not Notification.objects.filter(user=user, public=True).exists()


def test_a_hindi_speaking_exporter_reads_each_line_in_hindi(
    django_capture_on_commit_callbacks,
) -> None:
    """The lines are kept by kind with their values and read in the reader's language: the
    digest of a Hindi-speaking exporter and their notifications page say them in Hindi."""
    mine = factories.ExporterFactory(language="hi")
    factories.HSCodeFactory()
    official = factories.triage_officer()
    services.follow_add(actor=mine, kind=FollowKind.HS_CODE, value=SHRIMP)
    with django_capture_on_commit_callbacks(execute=True):
        barrier = accepted_barrier(company_user=mine, official=official)
    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_transition(barrier=barrier, to="scheduled", actor=official)
    digests = [
        m for m in mail.outbox if m.to == [mine.email] and "List-Unsubscribe" in m.extra_headers
    ]
    assert len(digests) == 2
    assert f"[{barrier.reference}] {barrier.title}: नई बाधा" in digests[0].body
    assert f"[{barrier.reference}] {barrier.title}: स्थिति खुली → कार्यसूची में" in digests[1].body
    assert "status Open" not in digests[1].body and "new barrier" not in digests[0].body
    note = Notification.objects.filter(user=mine).order_by("-created_at", "-pk").first()
    with translation.override("hi"):
        hindi = note.text
    with translation.override("en"):
        english = note.text
    assert english == f"[{barrier.reference}] {barrier.title}: status Open → Scheduled"
    assert hindi == f"[{barrier.reference}] {barrier.title}: स्थिति खुली → कार्यसूची में"
