"""Shared steps of the following tests."""

from __future__ import annotations

from barriers import services
from barriers.models import Barrier, BarrierStatus, Report, User
from tests import factories


def accepted_barrier(*, company_user: User | None = None, official: User | None = None) -> Barrier:
    """File a report (as `company_user`) and accept it as a new barrier."""
    official = official or factories.OfficialFactory()
    report = factories.report_file(actor=company_user) if company_user else factories.report_file()
    services.report_start_review(report=report, actor=official)
    services.report_accept(report=report, actor=official)
    report = Report.objects.get(pk=report.pk)
    assert report.barrier is not None
    return report.barrier


def schedule(barrier: Barrier, official: User) -> None:
    services.barrier_transition(barrier=barrier, to=BarrierStatus.SCHEDULED, actor=official)
