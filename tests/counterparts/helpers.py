"""Two regulators, their focal points, a triage officer and shared barriers, for the EAEU side."""

from __future__ import annotations

from typing import Any

from barriers import services
from barriers.models import Barrier, BarrierShare, Regulator, Remit, User
from tests import factories

INTERNAL_NOTE = "INTERNAL-NOTE-FOR-OFFICIALS-ONLY-7731"
EXPORTER_MESSAGE = "EXPORTER-MESSAGE-NOT-FOR-THE-COUNTERPART-4410"
UNCONSENTED = "Hidden Prawns Pvt Ltd"
CONSENTED = "Open Rice Exports Pvt Ltd"


def regulator_a() -> Regulator:
    return factories.RegulatorFactory()  # ru-fsvps (Rosselkhoznadzor)


def regulator_b() -> Regulator:
    return factories.RegulatorFactory(
        code="eaeu-eec",
        name="Eurasian Economic Commission",
        name_ru="Евразийская экономическая комиссия",
        abbreviation="EEC",
        country=None,
        remit=Remit.TECHNICAL_REGULATION,
    )


def focal_point(regulator: Regulator, **extra: Any) -> User:
    return factories.UserFactory(regulator=regulator, **extra)


def accepted_barrier(
    regulator: Regulator, *, official: User, companies: tuple[tuple[str, bool], ...]
) -> Barrier:
    """A barrier routed to `regulator` gathering one accepted report per (company, consent)."""
    barrier: Barrier | None = None
    for name, consent in companies:
        company = factories.CompanyFactory(name=name)
        report = factories.report_file(
            company=company, regulator=regulator, consent_to_share=consent
        )
        services.message_post(actor=report.filed_by, report=report, body=EXPORTER_MESSAGE)
        services.report_start_review(report=report, actor=official)
        services.report_accept(report=report, actor=official, barrier=barrier)
        report.refresh_from_db()
        barrier = report.barrier
    assert barrier is not None
    barrier.refresh_from_db()
    services.barrier_update(barrier=barrier, actor=official, regulator=regulator)
    services.message_post(actor=official, barrier=barrier, body=INTERNAL_NOTE, internal=True)
    services.barrier_set_priority(barrier=barrier, actor=official, priority=4)
    return barrier


def share(barrier: Barrier, official: User, **extra: Any) -> BarrierShare:
    texts = {
        "title_ru": "Задержка включения предприятия в реестр",
        "title_en": "Plant listing delayed",
        "summary_ru": "Предприятие ожидает включения в реестр более 200 дней.",
        "summary_en": "The plant has waited for listing for more than 200 days.",
        "ask_ru": "Просим завершить рассмотрение заявки.",
        "ask_en": "Please complete the review of the application.",
    }
    texts.update(extra)
    return services.barrier_share(actor=official, barrier=barrier, **texts)
