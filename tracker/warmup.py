"""Work a web process's first request would do, done when the process starts (tracker/wsgi.py).

A new gunicorn worker otherwise spends its first request on start-up work: importing every view
and serializer (the URL configuration), building the table `reverse()` reads, loading the message
catalogues, registering the tasks and importing the broker's client library for the first task
it hands over, and reading the reference data filing checks against (every HS code). Measured
in-process, the first filing of a new process took 830 ms against 14 ms for the next; through
gunicorn, a worker's first filing took 260 ms before this and 64 ms after (docs/operations.md).
After a deploy or a worker restart the first users would wait for it; this does it before the
worker takes requests.

Nothing here may stop the process starting: a step that fails (the database or the cache not
reachable yet) is logged and left to the first request, as before. Database connections opened
here are closed again, so the module is also safe to import before a fork (gunicorn --preload).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def _views() -> None:
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  # imports every URL module, so every view
    # What reverse() reads, built at its first call once per language prefix; activating each
    # language loads its message catalogues too.
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            resolver.reverse_dict  # noqa: B018


def _tasks() -> None:
    """Register every task and load the result backend; import the broker transport's client
    library (no connection is made: the broker may not be up yet)."""
    from tracker.celery import app

    app.loader.import_default_modules()
    app.finalize(auto=True)
    app.backend  # noqa: B018  # loads its class (results are not kept: the disabled backend)
    if not app.conf.task_always_eager:
        with app.connection_for_write() as connection:
            connection.get_transport_cls()


def _reference_data() -> None:
    """The kinds, countries, regulators and HS codes filing checks against, read once."""
    from barriers.domain import report_rules

    reference = report_rules.shared_reference_data()
    reference.kind("")
    reference.country("")
    reference.regulator("")
    reference.hs_codes_known(())


STEPS: tuple[tuple[str, Callable[[], None]], ...] = (
    ("views, URLs and message catalogues", _views),
    ("tasks and broker client", _tasks),
    ("reference data", _reference_data),
)


def warm_up() -> list[str]:
    """Do each step; the names of those that failed (logged, and left to the first request)."""
    failed = []
    try:
        for name, step in STEPS:
            try:
                step()
            except Exception:
                failed.append(name)
                logger.warning("Warm-up: %s left to the first request", name, exc_info=True)
    finally:
        # Not one a caller's transaction holds (a test's).
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()
    return failed
