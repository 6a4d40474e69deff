"""Notifications are never lost: with the broker stopped while reports are filed, every e-mail
is delivered once it is back, and none twice.

The integration test runs its own redis-server on a free port, so that stopping it disturbs no
other test, and a real Celery worker pointed at it.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from redis.backoff import NoBackoff
from redis.retry import Retry

from barriers import notifications, services
from barriers.models import EmailStatus, OutboundEmail
from barriers.notifications import outbox
from barriers.tasks import outbox_deliver, outbox_deliver_pending
from tests import factories
from tests.api_factories import client_for, report_payload
from tests.conftest import start_celery_worker, stop_celery_worker, wait_for


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own, which can be stopped and started on the same port."""

    def __init__(self, directory: Path) -> None:
        self.port = _free_port()
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def client(self) -> redis.Redis:
        # No retries: redis-py's default would back off for seconds on a refused connection.
        return redis.Redis(port=self.port, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0))

    def _answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        server = shutil.which("redis-server")
        if server is None:
            pytest.fail("redis-server is not installed")
        self.proc = subprocess.Popen(
            [
                server,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
                *("--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self._answers, timeout=10, interval=0.05), "redis-server did not start"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None
        assert not self._answers()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _forget_broker_connections(app) -> None:
    # The producer pools hold connections to the broker they were created for. kombu keeps its
    # pools in a registry keyed by connection: clear it too, or the next user of the original
    # broker gets the closed pool back ("Acquire on closed pool").
    from kombu import pools

    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


# The keys Celery reads the broker from; the CELERY_BROKER_URL environment variable outranks
# `broker_url`, not `broker_write_url`, which is what publishing uses.
BROKER_KEYS = ("broker_url", "broker_write_url", "broker_read_url", "task_always_eager")


@pytest.fixture
def app_on_private_redis(private_redis: PrivateRedis) -> Iterator[PrivateRedis]:
    """Publish this test's tasks to the private Redis (Celery read its settings at import)."""
    from tracker.celery import app

    saved = {key: app.conf.get(key) for key in BROKER_KEYS}
    _forget_broker_connections(app)
    for key in BROKER_KEYS[:-1]:
        app.conf[key] = private_redis.url
    app.conf["task_always_eager"] = False
    notifications.publish_pause.reset()
    try:
        assert app.connection_for_write().as_uri().endswith(f":{private_redis.port}/0")
        yield private_redis
    finally:
        _forget_broker_connections(app)
        app.conf.update(saved)
        notifications.publish_pause.reset()


@pytest.fixture
def private_worker(
    django_db_setup: None, private_redis: PrivateRedis, tmp_path: Path
) -> Iterator[Path]:
    """A real worker on the private Redis, four processes so that deliveries can overlap."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    proc = start_celery_worker(private_redis.url, mail_dir, pool="prefork", concurrency=4)
    try:
        yield mail_dir
    finally:
        stop_celery_worker(proc)


def _delivered_subjects(mail_dir: Path) -> Counter[str]:
    """Subjects of every message the file backend wrote (several may share one file)."""
    text = "\n".join(p.read_text() for p in sorted(mail_dir.glob("*.log")))
    return Counter(re.findall(r"^Subject: (.+)$", text, flags=re.MULTILINE))


def _worker_log(mail_dir: Path) -> str:
    log = mail_dir.parent / "worker.log"
    return log.read_text()[-4000:] if log.exists() else "(no worker log)"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_emails_queued_while_the_broker_is_down_are_delivered_once_when_it_is_back(
    app_on_private_redis: PrivateRedis, private_worker: Path
) -> None:
    broker = app_on_private_redis
    official = factories.OfficialFactory()
    exporter = factories.ExporterFactory()

    # Broker up: the worker delivers at once.
    first = factories.report_file(actor=exporter)
    assert wait_for(
        lambda: any(first.reference in s for s in _delivered_subjects(private_worker)), 30
    ), _worker_log(private_worker)

    broker.stop()
    durations = []
    for _ in range(3):
        started = time.monotonic()
        factories.report_file()
        durations.append(time.monotonic() - started)
    started = time.monotonic()
    response = client_for(exporter).post(
        "/api/v1/reports/", report_payload(), format="json", HTTP_IDEMPOTENCY_KEY="broker-down-1"
    )
    durations.append(time.monotonic() - started)
    assert response.status_code == 201, response.content
    started = time.monotonic()
    services.report_start_review(report=first, actor=official)
    services.report_request_info(report=first, actor=official, question="Which plant number?")
    durations.append(time.monotonic() - started)

    # Every request succeeded quickly and its e-mail waits in the outbox.
    assert max(durations) < 2.0, durations
    pending = list(OutboundEmail.objects.filter(status=EmailStatus.PENDING))
    assert len(pending) == 5
    assert OutboundEmail.objects.count() == 6

    broker.start()
    # What beat does every minute, twice, racing the per-e-mail tasks a retried publish would
    # have queued (also twice): four worker processes deliver at once.
    for email in pending:
        outbox_deliver.delay(email.pk)
    outbox_deliver_pending.delay()
    for email in pending:
        outbox_deliver.delay(email.pk)
    outbox_deliver_pending.delay()

    assert wait_for(
        lambda: not OutboundEmail.objects.filter(status=EmailStatus.PENDING).exists(), 45
    ), _worker_log(private_worker)
    emails = list(OutboundEmail.objects.all())
    assert {(e.status, e.attempts) for e in emails} == {(EmailStatus.SENT, 1)}
    # Let any task still in the queue finish, then count what left: each e-mail exactly once.
    assert wait_for(lambda: broker_queue_empty(broker), 20)
    delivered = _delivered_subjects(private_worker)
    assert delivered == Counter(e.subject for e in emails), _worker_log(private_worker)
    assert "Which plant number?" in "".join(p.read_text() for p in private_worker.glob("*.log"))


def broker_queue_empty(broker: PrivateRedis) -> bool:
    from django.conf import settings

    client = broker.client()
    queued = client.llen(settings.CELERY_TASK_DEFAULT_QUEUE)
    unacked = client.hlen("unacked")
    return queued == 0 and unacked == 0


# ---------------------------------------------------------------------------------------------
# Two deliveries of the same e-mail at once (a retried task, the sweep): one sends, one skips
# ---------------------------------------------------------------------------------------------


def _outbox_row() -> OutboundEmail:
    # Written directly: filing a report would also publish a delivery task after commit.
    return OutboundEmail.objects.create(
        dedupe_key="test:concurrent",
        to=["exporter@example.org"],
        subject="[REP-2026-000001] We have received your report",
        body="Report: REP-2026-000001",
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_deliveries_of_one_email_send_it_once(monkeypatch) -> None:
    email = _outbox_row()
    sending, release = threading.Event(), threading.Event()
    send = locmem.EmailBackend.send_messages

    def slow_send(self, messages):
        sending.set()
        assert release.wait(20)
        return send(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", slow_send)
    results: dict[str, str] = {}

    def deliver(name: str) -> None:
        try:
            results[name] = outbox.outbox_deliver(email_id=email.pk)
        finally:
            connection.close()

    first = threading.Thread(target=deliver, args=("first",))
    first.start()
    assert sending.wait(20)  # the first delivery holds the row lock, mid-send
    second = threading.Thread(target=deliver, args=("second",))
    second.start()
    second.join(20)
    release.set()
    first.join(20)

    assert results == {"first": "sent", "second": "skipped"}
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)


@pytest.mark.django_db
def test_a_delivery_that_crashed_mid_way_is_retried_and_sends_once(monkeypatch) -> None:
    email = _outbox_row()
    send = locmem.EmailBackend.send_messages

    def crash(self, messages):
        raise SystemExit("worker killed while talking to the mail server")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", crash)
    with pytest.raises(SystemExit):
        outbox.outbox_deliver(email_id=email.pk)
    email.refresh_from_db()
    # The crash rolled the attempt back: the row is still pending, for the retry or the sweep.
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 0)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send)
    assert outbox.outbox_deliver(email_id=email.pk) == "sent"
    assert outbox.outbox_deliver(email_id=email.pk) == "skipped"
    assert outbox.outbox_deliver_pending() == 0
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
