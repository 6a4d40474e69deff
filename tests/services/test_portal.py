"""The services and selectors the portal added: registration, invitations, filing with evidence,
confirming a fix, drafts and association members."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail

from barriers import selectors, services
from barriers.domain.errors import DomainError
from barriers.models import (
    BarrierStatus,
    Company,
    Document,
    Message,
    MessageVisibility,
    Report,
    StatusChange,
)
from tests import factories
from tests.portal_helpers import accepted, association, fake_pdf_upload, pdf_upload, resolved

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_company_register_creates_an_unverified_company_for_the_new_user() -> None:
    user = factories.UserFactory()
    company = services.company_register(
        actor=user, name=" Kochi Marine ", iec="aapfu0939f", sector="marine"
    )
    user.refresh_from_db()
    assert user.company_id == company.pk
    assert (company.name, company.iec, company.verified) == ("Kochi Marine", "AAPFU0939F", False)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"iec": "BAD"}, "iec"),
        ({"gstin": "12345"}, "gstin"),
        ({"sector": "textiles"}, "sector"),
    ],
)
def test_company_register_refuses_invalid_details(kwargs: dict, field: str) -> None:
    values = {"name": "Kochi Marine", "iec": "AAPFU0939F", "sector": "marine", **kwargs}
    with pytest.raises(DomainError) as error:
        services.company_register(actor=factories.UserFactory(), **values)
    assert error.value.field == field
    assert Company.objects.count() == 0


def test_company_register_never_attaches_someone_to_an_existing_company() -> None:
    factories.CompanyFactory(iec="AAPFU0939F")
    user = factories.UserFactory()
    with pytest.raises(DomainError) as error:
        services.company_register(actor=user, name="X", iec="AAPFU0939F", sector="marine")
    assert error.value.field == "iec" and "invite" in error.value.message
    user.refresh_from_db()
    assert user.company_id is None


def test_company_register_refuses_someone_who_already_has_a_company() -> None:
    with pytest.raises(DomainError):
        services.company_register(
            actor=factories.ExporterFactory(), name="X", iec="AAPFU0939F", sector="marine"
        )


def test_company_invite_sends_the_link_only_after_commit(
    django_capture_on_commit_callbacks,
) -> None:
    inviter = factories.ExporterFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invited = services.company_invite(actor=inviter, email="new@example.org")
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert invited.company_id == inviter.company_id and not invited.has_usable_password()
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_report_submit_stores_nothing_when_a_file_is_refused(_media: Path) -> None:
    actor = factories.ExporterFactory()
    with pytest.raises(DomainError) as error:
        services.report_submit(
            actor=actor,
            company=actor.company,
            evidence=[pdf_upload(), fake_pdf_upload("bad.pdf")],
            **_report_values(),
        )
    assert error.value.field == "evidence" and error.value.message.startswith("bad.pdf:")
    assert Report.objects.count() == 0 and Document.objects.count() == 0
    assert [p for p in _media.rglob("*") if p.is_file()] == []


def _report_values() -> dict:
    import datetime as dt

    from django.utils import timezone

    return {
        "title": "Listing pending",
        "description": "Applied for listing; no answer.",
        "barrier_kind": factories.BarrierKindFactory(),
        "destination_country": factories.CountryFactory(),
        "hs_codes": [factories.HSCodeFactory()],
        "applied_on": timezone.localdate() - dt.timedelta(days=30),
    }


def test_report_submit_attaches_every_file() -> None:
    actor = factories.ExporterFactory()
    report = services.report_submit(
        actor=actor,
        company=actor.company,
        evidence=[pdf_upload("a.pdf"), pdf_upload("b.pdf")],
        **_report_values(),
    )
    assert sorted(report.documents.values_list("original_name", flat=True)) == ["a.pdf", "b.pdf"]


def test_message_post_with_evidence_is_all_or_nothing() -> None:
    actor = factories.ExporterFactory()
    report = factories.report_file(actor=actor)
    with pytest.raises(DomainError):
        services.message_post_with_evidence(
            actor=actor, report=report, body="Here", evidence=[fake_pdf_upload()]
        )
    assert Message.objects.count() == 0
    message = services.message_post_with_evidence(
        actor=actor, report=report, body="Here", evidence=[pdf_upload()]
    )
    assert message.documents.count() == 1


def test_barrier_confirm_fix_no_flags_the_barrier_for_review_and_keeps_it_resolved() -> None:
    actor = factories.ExporterFactory()
    barrier = resolved(accepted(factories.report_file(actor=actor)).barrier)
    history = StatusChange.objects.filter(barrier=barrier).count()

    services.barrier_confirm_fix(barrier=barrier, actor=actor, cleared=False, reason="Still held")

    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.RESOLVED and barrier.resolved_at is not None
    assert barrier.review_flagged_at is not None and barrier.review_flagged_by == actor
    assert StatusChange.objects.filter(barrier=barrier).count() == history
    assert Message.objects.get().visibility == MessageVisibility.INTERNAL


def test_barrier_confirm_fix_refuses_a_company_without_a_report_on_the_barrier() -> None:
    barrier = resolved(accepted(factories.report_file()).barrier)
    with pytest.raises(DomainError):
        services.barrier_confirm_fix(
            barrier=barrier, actor=factories.ExporterFactory(), cleared=False, reason="x"
        )
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.RESOLVED


def test_barrier_fix_confirmed_at_is_only_the_viewers_company_since_resolution() -> None:
    actor = factories.ExporterFactory()
    barrier = resolved(accepted(factories.report_file(actor=actor)).barrier)
    other = factories.ExporterFactory()
    assert selectors.barrier_fix_confirmed_at(viewer=actor, barrier=barrier) is None
    services.barrier_confirm_fix(barrier=barrier, actor=actor, cleared=True)
    assert selectors.barrier_fix_confirmed_at(viewer=actor, barrier=barrier) is not None
    assert selectors.barrier_fix_confirmed_at(viewer=other, barrier=barrier) is None


def test_drafts_and_members_are_scoped_to_the_viewers_company() -> None:
    mine = factories.ExporterFactory()
    theirs = factories.ExporterFactory()
    draft = services.report_draft_save(actor=mine, data={"title": "Mine"})
    assert selectors.report_draft_get_for_viewer(viewer=theirs, draft_id=draft.pk) is None
    assert list(selectors.report_drafts_for_viewer(viewer=mine)) == [draft]
    member = factories.CompanyFactory()
    council_user = factories.ExporterFactory(company=association([member]))
    assert list(selectors.association_members_for_viewer(viewer=council_user)) == [member]
    assert list(selectors.association_members_for_viewer(viewer=mine)) == []
    assert selectors.company_iec_registered(iec=mine.company.iec.lower())
