"""Side effects through a real Celery worker on the real broker (integration) and in process."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction

from barriers import services
from barriers.models import EmailStatus, OutboundEmail
from barriers.notifications import outbox
from tests import factories
from tests.conftest import wait_for


def _mail_files(mail_dir: Path) -> list[str]:
    return [p.read_text() for p in sorted(mail_dir.glob("*.log"))]


# Django's file backend ends every message with this line; one file may hold several messages
# (its name is the second and the backend object's id, which two quick deliveries can share).
MESSAGE_END = "\n" + "-" * 79 + "\n"


def _mail_count(mail_dir: Path) -> int:
    return sum(text.count(MESSAGE_END) for text in _mail_files(mail_dir))


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_email_of_a_transition_after_commit(celery_worker_process: Path) -> None:
    official = factories.OfficialFactory()
    report = factories.report_file()

    services.report_start_review(report=report, actor=official)
    services.report_request_info(report=report, actor=official, question="Which plant number?")

    assert wait_for(lambda: OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 2)
    sent = "\n".join(_mail_files(celery_worker_process))
    assert "Which plant number?" in sent
    assert report.reference in sent


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_sends_nothing_when_the_transaction_rolls_back(celery_worker_process: Path) -> None:
    official = factories.OfficialFactory()
    report = factories.report_file()
    assert wait_for(lambda: not OutboundEmail.objects.filter(status=EmailStatus.PENDING).exists())
    sent_before = _mail_count(celery_worker_process)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        services.report_start_review(report=report, actor=official)
        services.report_request_info(report=report, actor=official, question="Never sent")
        raise Abort

    # A later, committed change is delivered: the worker is alive and has drained the queue.
    services.report_start_review(report=report, actor=official)
    services.report_request_info(report=report, actor=official, question="Committed question")
    assert wait_for(lambda: "Committed question" in "\n".join(_mail_files(celery_worker_process)))
    contents = "\n".join(_mail_files(celery_worker_process))
    assert "Never sent" not in contents
    assert _mail_count(celery_worker_process) == sent_before + 1
    assert list(report.messages.values_list("body", flat=True)) == ["Committed question"]


@pytest.mark.django_db
def test_in_process_delivery_sends_each_email_once(
    settings, celery_eager, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        report = factories.report_file()

    assert len(mail.outbox) == 1
    assert report.reference in mail.outbox[0].subject
    email = OutboundEmail.objects.get()
    assert email.status == EmailStatus.SENT and email.attempts == 1

    # Delivering again (a retried task, the beat sweep) sends nothing more.
    assert outbox.outbox_deliver(email_id=email.pk) == "skipped"
    assert outbox.outbox_deliver_pending() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failing_mail_server_leaves_the_email_pending_for_retry(
    settings, celery_eager, monkeypatch
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report = factories.report_file()
    email = OutboundEmail.objects.get()

    def refuse(*args: object, **kwargs: object) -> int:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with pytest.raises(outbox.TransientEmailError):
        outbox.outbox_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 1)
    assert "mail server down" in email.last_error

    monkeypatch.undo()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.outbox_deliver_pending() == 1
    assert report.reference in mail.outbox[-1].subject
