"""Exactly one `celery beat`: a second one refuses to run while the first holds the lock, and a
beat that was killed leaves the lock free for its replacement."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.conf import settings

from tests.conftest import ROOT, _test_database_url, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Whatever the beats send goes to a queue of this test's own, emptied afterwards.
QUEUE = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-beat"
LOCK_TAKEN = "Beat lock taken"
STARTED = "beat: Starting..."
REFUSED = "Another celery beat is already running on this database"


class Beat:
    def __init__(self, log: Path) -> None:
        self.log = log
        celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
        env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        }
        with open(log, "wb") as out:
            self.proc = subprocess.Popen(
                [celery, "-A", "tracker", "beat", "--loglevel=INFO"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def beats(tmp_path: Path) -> Iterator[list[Beat]]:
    started: list[Beat] = []
    yield started
    for beat in started:
        beat.stop(signal.SIGKILL)
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(QUEUE)


def test_a_second_beat_refuses_to_run_and_a_killed_beat_frees_the_lock(
    tmp_path: Path, beats: list[Beat]
) -> None:
    first = Beat(tmp_path / "beat-1.log")
    beats.append(first)
    assert wait_for(lambda: LOCK_TAKEN in first.output(), timeout=60), first.output()

    second = Beat(tmp_path / "beat-2.log")
    beats.append(second)
    assert wait_for(lambda: second.proc.poll() is not None, timeout=60), second.output()
    assert second.proc.returncode != 0
    assert REFUSED in second.output()
    assert first.proc.poll() is None, "the first beat must keep running"

    # A crash (SIGKILL: no clean-up code runs) ends the lock's database session with it.
    first.stop(signal.SIGKILL)
    third = Beat(tmp_path / "beat-3.log")
    beats.append(third)
    assert wait_for(lambda: LOCK_TAKEN in third.output(), timeout=60), third.output()
    # Its signal handlers are in place once it says it is starting: then SIGTERM is a clean stop.
    assert wait_for(lambda: STARTED in third.output(), timeout=30), third.output()
    assert third.proc.poll() is None
    assert REFUSED not in third.output()
