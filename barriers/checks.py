"""System checks for the production profile (`manage.py check --deploy`).

API throttles (DRF) count requests in the default cache. A per-process cache (local memory, the
embedded default) gives every gunicorn worker its own counters: with four workers a client gets
four times the documented rate, and a restart forgets every count. Production must share them
through Redis (CACHE_URL). The sign-in lock-out (django-axes) counts failures with its database
handler, which every process shares; were it switched to the cache handler, the same rule would
apply to the cache it uses.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

# Cache backends whose contents live in one process (or nowhere).
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
AXES_CACHE_HANDLER = "axes.handlers.cache.AxesCacheHandler"


def _backend(alias: str) -> str:
    return str(settings.CACHES.get(alias, {}).get("BACKEND", ""))


@register(Tags.caches, Tags.security, deploy=True)
def shared_rate_limit_state(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """barriers.E001: throttles need a cache all processes share; E002: so does axes' cache."""
    if settings.DEBUG:
        return []
    errors = []
    if _backend("default") in PER_PROCESS_CACHES:
        errors.append(
            Error(
                f"The default cache is {_backend('default').rsplit('.', 1)[-1]}, kept per "
                "process: API throttles would count per worker and reset on every restart.",
                hint="Set CACHE_URL to a Redis shared by all processes, e.g. "
                "redis://127.0.0.1:6379/1.",
                id="barriers.E001",
            )
        )
    if getattr(settings, "AXES_HANDLER", "") == AXES_CACHE_HANDLER:
        alias = getattr(settings, "AXES_CACHE", "default")
        if _backend(alias) in PER_PROCESS_CACHES:
            errors.append(
                Error(
                    f"django-axes counts failed sign-ins in the '{alias}' cache, kept per "
                    "process: the lock-out would be per worker.",
                    hint="Use axes.handlers.database.AxesDatabaseHandler, or a Redis cache.",
                    id="barriers.E002",
                )
            )
    return errors
