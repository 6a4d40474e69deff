"""Exactly one `celery beat`: the database scheduler behind a PostgreSQL advisory lock.

Two beats would send every periodic task twice (two digests, two reminders). The first beat to
start takes a session-level advisory lock on a connection of its own and keeps it for its
lifetime; a second beat finds the lock taken and stops at once with a clear message. PostgreSQL
releases the lock when the holder's connection ends, so a beat that is killed or crashes frees it
for its replacement without anyone cleaning up. If the lock connection is lost (the database
restarted), the beat sends nothing until it holds the lock again, and stops if another beat
took it meanwhile.

On SQLite (the embedded development setup) there is no lock; a warning says so.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any

from django.db import DatabaseError, connections
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

# pg_try_advisory_lock(key1, key2): advisory locks are per database, so one deployment's beat
# never blocks another's on a shared server.
LOCK_KEYS = (0x42415252, 0x42454154)  # "BARR", "BEAT"
# While the lock is lost and cannot be taken back, look again after this many seconds.
RETRY_SECONDS = 5.0


class BeatAlreadyRunning(RuntimeError):
    """Another `celery beat` holds the lock on this database."""

    def __init__(self) -> None:
        super().__init__(
            "Another celery beat is already running on this database (it holds the beat lock); "
            "run exactly one beat process. This one stops without sending anything."
        )


class BeatLock:
    """A session-level PostgreSQL advisory lock on a connection Django's request cycle never closes."""

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias
        self.connection: Any = None
        self.enabled = connections[alias].vendor == "postgresql"

    def acquire(self) -> bool:
        """Take the lock on a fresh connection; False when another process holds it."""
        if not self.enabled:
            logger.warning(
                "The single-beat lock needs PostgreSQL; on %s nothing stops a second beat.",
                connections[self.alias].vendor,
            )
            return True
        self.release()
        connection = connections.create_connection(self.alias)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", LOCK_KEYS)
            held = bool(cursor.fetchone()[0])
        if not held:
            connection.close()
            return False
        self.connection = connection
        logger.info("Beat lock taken (pid of the lock session %s)", self._backend_pid())
        return True

    def _backend_pid(self) -> int | None:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    def alive(self) -> bool:
        """True while the connection holding the lock still answers."""
        if not self.enabled:
            return True
        if self.connection is None:
            return False
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            self.release()
            return False
        return True

    def release(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(DatabaseError):
                self.connection.close()  # ending the session releases the lock
            self.connection = None


# One lock per process: `celery beat` may build its scheduler more than once (a lazy one for the
# banner, and the pidbox thread can race the main one to the cached attribute).
_process_lock: BeatLock | None = None
_process_lock_guard = threading.Lock()


def process_beat_lock() -> BeatLock:
    """This process's beat lock, taken on first use; BeatAlreadyRunning if another holds it."""
    global _process_lock
    with _process_lock_guard:
        if _process_lock is None:
            lock = BeatLock()
            if not lock.acquire():
                logger.critical("%s", BeatAlreadyRunning())
                raise BeatAlreadyRunning()
            _process_lock = lock
        return _process_lock


class SingleBeatScheduler(DatabaseScheduler):
    """django-celery-beat's DatabaseScheduler that refuses to run beside another beat.

    The lock is held until the process ends (its database session ends with it).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.beat_lock = process_beat_lock()
        super().__init__(*args, **kwargs)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        if not self.beat_lock.alive():
            logger.warning("Beat lock lost (database connection ended); taking it again")
            try:
                held = self.beat_lock.acquire()
            except DatabaseError as exc:
                logger.warning("Database unreachable, sending nothing for now: %s", exc)
                return RETRY_SECONDS
            if not held:
                raise BeatAlreadyRunning()
        return super().tick(*args, **kwargs)
