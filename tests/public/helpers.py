"""A published barrier with a held meeting and outcomes behind it, for the register's tests."""

from __future__ import annotations

from django.core.cache import cache
from django.test import Client

from barriers.models import Barrier, User
from barriers.services import publishing
from tests import factories
from tests.export_helpers import AgendaSetup, build_agenda, hold_with_outcomes

PUBLIC_TITLE = "Delays in listing Indian fish establishments"
PUBLIC_SUMMARY = "Indian seafood establishments wait over a year to be listed for export."


def held_setup() -> tuple[AgendaSetup, User]:
    """2026-Q4 held and closed with outcomes: listing (action agreed, two companies, one of them
    without consent), formula (resolved), phyto (deferred)."""
    officer = factories.triage_officer()
    setup = build_agenda(officer)
    hold_with_outcomes(setup, officer)
    for barrier in (setup.listing, setup.formula, setup.phyto):
        barrier.refresh_from_db()
    return setup, officer


def publish(
    barrier: Barrier,
    officer: User,
    *,
    title: str = PUBLIC_TITLE,
    summary: str = PUBLIC_SUMMARY,
    show_companies: bool = False,
) -> Barrier:
    return publishing.barrier_publish(
        barrier=barrier,
        actor=officer,
        public_title=title,
        public_summary=summary,
        show_companies=show_companies,
    )


def get(path: str, client: Client | None = None, **extra: str) -> tuple[int, str]:
    response = (client or Client()).get(path, **extra)
    return response.status_code, response.content.decode("utf-8-sig")


def fresh() -> None:
    """Forget cached pages (a test that changes rows behind the services' back)."""
    cache.clear()
