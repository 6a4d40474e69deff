"""A worker killed in the middle of a task: the task runs again and its effect happens once.

Celery is set up for it (tracker/settings.py): late acknowledgement, rejection when the pool
child is lost, prefetch of one, and a Redis visibility timeout longer than any countdown. The
task here is an outbox delivery whose e-mail backend is slowed down, so the kill lands while
the task holds the e-mail's row lock inside its transaction.

Two ways to die, two ways back (measured figures are printed with -s):
- only the pool child is killed: the parent sees the worker lost and rejects the message with
  requeue, so it runs again at once, visibility timeout or not;
- the parent and the child are killed (SIGKILL, nothing runs on the way out): the message stays
  in Redis' "unacked" set until the visibility timeout passes, then the next worker restores it.
  The test shortens the timeout to 5 s through CELERY_VISIBILITY_TIMEOUT; production keeps 2 h.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.mail.backends import filebased
from django.db import DatabaseError, transaction

from barriers.models import EmailStatus, OutboundEmail
from barriers.tasks import outbox_deliver
from tests.conftest import start_celery_worker, stop_celery_worker, wait_for

QUEUE = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-faults"
SLOW_BACKEND = f"{__name__}.SlowFileBackend"
# The test's visibility timeout (production: 2 h, CELERY_VISIBILITY_TIMEOUT).
VISIBILITY = 5


class SlowFileBackend(filebased.EmailBackend):
    """The file backend, after noting that it started and sleeping FAULTS_MAIL_DELAY seconds."""

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        started = Path(os.environ["FAULTS_MARKER_DIR"]) / f"started-{os.getpid()}"
        started.touch()
        time.sleep(float(os.environ.get("FAULTS_MAIL_DELAY", "0")))
        return super().send_messages(email_messages)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _broker() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


@pytest.fixture
def clean_queue() -> Iterator[None]:
    """This test's queue and the broker's unacked bookkeeping, empty before and after."""

    def clean() -> None:
        client = _broker()
        client.delete(QUEUE, "unacked", "unacked_index", "unacked_mutex")

    clean()
    yield
    clean()


def _pending_email(subject: str) -> OutboundEmail:
    return OutboundEmail.objects.create(
        dedupe_key=subject, to=["exporter@example.com"], subject=subject, body="Hello."
    )


def _mail_files(mail_dir: Path) -> list[str]:
    return [path.read_text() for path in mail_dir.glob("*.log")] if mail_dir.exists() else []


def _sent_once(email: OutboundEmail, mail_dir: Path) -> bool:
    """One file written and the e-mail recorded as sent after one attempt (the file comes first)."""
    email.refresh_from_db()
    return len(_mail_files(mail_dir)) == 1 and (email.status, email.attempts) == (
        EmailStatus.SENT,
        1,
    )


def _row_unlocked(email_id: int) -> bool:
    try:
        with transaction.atomic():
            OutboundEmail.objects.select_for_update(nowait=True).filter(pk=email_id).first()
    except DatabaseError:
        return False
    return True


def _worker(mail_dir: Path, markers: Path, *, delay: float, visibility: int):  # type: ignore[no-untyped-def]
    return start_celery_worker(
        settings.CELERY_BROKER_URL,
        mail_dir,
        pool="prefork",
        concurrency=1,
        queue=QUEUE,
        extra_env={
            "EMAIL_BACKEND": SLOW_BACKEND,
            "FAULTS_MARKER_DIR": str(markers),
            "FAULTS_MAIL_DELAY": str(delay),
            "CELERY_VISIBILITY_TIMEOUT": str(visibility),
        },
    )


def _kill_mid_task(
    email: OutboundEmail, markers: Path, mail_dir: Path, parent: int, *, kill_parent: bool
) -> float:
    """Wait until the task is inside the slowed send and SIGKILL; with the parent gone too,
    check that nothing was sent or recorded."""
    outbox_deliver.apply_async(args=[email.pk], queue=QUEUE)
    assert wait_for(lambda: any(markers.iterdir()), timeout=30), "the task never started"
    children = _children(parent)
    assert children, "no pool child"
    victims = [*children, parent] if kill_parent else children
    for pid in victims:
        os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    for marker in markers.iterdir():
        marker.unlink()
    if not kill_parent:
        # The parent requeues at once and a new child may already hold the row and be sending:
        # what counts is the end state, which the caller checks (one file, one attempt).
        return killed_at
    # The transaction died with the process: nothing sent, nothing recorded, the row free.
    assert wait_for(lambda: _row_unlocked(email.pk), timeout=20)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 0)
    assert _mail_files(mail_dir) == []
    return killed_at


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_killing_worker_and_child_mid_task_delivers_once_after_visibility_timeout(
    tmp_path: Path, clean_queue: None
) -> None:
    mail_dir, markers = tmp_path / "mail", tmp_path / "markers"
    markers.mkdir()
    email = _pending_email("Worker killed: parent and child")
    first = _worker(mail_dir, markers, delay=60, visibility=VISIBILITY)
    try:
        killed_at = _kill_mid_task(email, markers, mail_dir, first.pid, kill_parent=True)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    # The message is still in Redis, reserved by the dead worker.
    assert _broker().zcard("unacked_index") == 1
    # A worker restores reservations older than the visibility timeout when it starts, and
    # after that only every ~100 s (kombu's unacked_restore_interval x unacked_restore_throttle):
    # start the next one once the reservation has expired, as a restarted worker usually does.
    time.sleep(max(0.0, killed_at + VISIBILITY + 1 - time.monotonic()))

    second = _worker(mail_dir, markers, delay=0.5, visibility=VISIBILITY)
    try:
        assert wait_for(lambda: _sent_once(email, mail_dir), timeout=45)
        redelivered_in = time.monotonic() - killed_at
        # Acknowledged this time: past another visibility timeout nothing comes back.
        time.sleep(7)
        assert len(_mail_files(mail_dir)) == 1
        assert _broker().zcard("unacked_index") == 0
    finally:
        stop_celery_worker(second)
    assert "Worker killed: parent and child" in _mail_files(mail_dir)[0]
    print(f"parent+child SIGKILL: delivered once, {redelivered_in:.1f} s after the kill")


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_killing_the_pool_child_requeues_at_once_without_waiting_for_the_timeout(
    tmp_path: Path, clean_queue: None
) -> None:
    mail_dir, markers = tmp_path / "mail", tmp_path / "markers"
    markers.mkdir()
    email = _pending_email("Worker killed: child only")
    # Production's 6-hour visibility timeout: a redelivery here can only come from the rejection.
    worker = _worker(mail_dir, markers, delay=3, visibility=6 * 3600)
    try:
        killed_at = _kill_mid_task(email, markers, mail_dir, worker.pid, kill_parent=False)
        assert wait_for(lambda: _sent_once(email, mail_dir), timeout=30)
        redelivered_in = time.monotonic() - killed_at
        time.sleep(3)
        assert len(_mail_files(mail_dir)) == 1
    finally:
        stop_celery_worker(worker)
    print(f"pool child SIGKILL: requeued and delivered once, {redelivered_in:.1f} s after")
