"""Following through the real worker on the real broker (PostgreSQL + Redis): an official and an
exporter follow an HS code; a new barrier with it and a status change each reach them as one
digest e-mail, delivered by the worker with the one-click unsubscribe headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from barriers import services
from barriers.models import (
    DigestFrequency,
    EmailStatus,
    FollowEvent,
    FollowKind,
    Notification,
    OutboundEmail,
)
from tests import factories
from tests.conftest import wait_for
from tests.following.helpers import accepted_barrier
from tests.tasks.test_tasks import MESSAGE_END, _mail_files

SHRIMP = "030617"


def _digests_to(mail_dir: Path, address: str) -> list[str]:
    messages = []
    for text in _mail_files(mail_dir):
        messages.extend(part for part in text.split(MESSAGE_END) if part.strip())
    return [m for m in messages if f"To: {address}" in m and "What you follow" in m]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_delivers_one_digest_per_change_to_followers_of_an_hs_code(
    celery_worker_process: Path,
) -> None:
    factories.HSCodeFactory()
    official = factories.OfficialFactory()
    member = factories.ExporterFactory()
    stranger = factories.ExporterFactory()  # follows the code, but has no report on the barrier
    weekly = factories.OfficialFactory()
    for user in (official, member, stranger, weekly):
        services.follow_add(actor=user, kind=FollowKind.HS_CODE, value=SHRIMP)
    services.follow_frequency_set(actor=weekly, frequency=DigestFrequency.WEEKLY)

    barrier = accepted_barrier(company_user=member)  # new barrier with the HS code
    services.barrier_transition(barrier=barrier, to="scheduled", actor=official)

    assert wait_for(
        lambda: (
            not FollowEvent.objects.filter(fanned_out_at__isnull=True).exists()
            and not OutboundEmail.objects.filter(status=EmailStatus.PENDING).exists()
        ),
        timeout=40,
    )
    assert wait_for(lambda: len(_digests_to(celery_worker_process, official.email)) == 2)
    official_digests = _digests_to(celery_worker_process, official.email)
    assert all("List-Unsubscribe-Post: List-Unsubscribe=One-Click" in m for m in official_digests)
    assert all(barrier.reference in m for m in official_digests)
    assert len(_digests_to(celery_worker_process, member.email)) == 2
    assert _digests_to(celery_worker_process, stranger.email) == []
    assert _digests_to(celery_worker_process, weekly.email) == []  # waits for Monday's beat
    assert Notification.objects.filter(user=weekly, emailed_at__isnull=True).count() == 2
    assert not Notification.objects.filter(user=stranger).exists()
