"""Three reports of one company that differ in everything an exporter finds reports by: words,
status, destination, kind, filing date and days pending (tests of My reports and the API list)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from barriers import services
from barriers.models import Company, HSCode, Report, User
from tests import factories


@dataclass
class ThreeReports:
    shrimp: Report  # submitted, Russia, listing, filed 300 days ago, 200 days pending
    sugar: Report  # under review, Russia, conformity, filed 200 days ago, 100 days pending
    grapes: Report  # withdrawn, Kazakhstan, phyto, filed 100 days ago, 30 days pending

    def filed_on(self, report: Report) -> dt.date:
        return timezone.localdate(report.created_at)


def kazakhstan():
    return factories.CountryFactory(
        code="KZ", name="Kazakhstan", name_ru="Казахстан", alpha3="KAZ", currency="KZT"
    )


def three_reports(actor: User, company: Company | None = None) -> ThreeReports:
    """The three reports, filed by `actor` (for `company`, when a council files for a member)."""
    today = timezone.localdate()
    extra = {"company": company, "filing_association": actor.company} if company else {}
    shrimp = factories.report_file(
        actor=actor,
        title="Shrimp plant listing pending",
        description="Our shrimp processing plant applied for listing in the EAEU register.",
        applied_on=today - dt.timedelta(days=200),
        **extra,
    )
    sugar = factories.report_file(
        actor=actor,
        title="Raw cane sugar conformity certificate refused",
        description="The certification body refused the declaration for our raw cane sugar.",
        barrier_kind=factories.BarrierKindFactory(
            code="eac_conformity", name="EAC conformity", remit="technical_regulation"
        ),
        regulator=None,
        hs_codes=[HSCode.objects.get(code="170114")],
        applied_on=today - dt.timedelta(days=400),
        decision_received_on=today - dt.timedelta(days=300),
        **extra,
    )
    grapes = factories.report_file(
        actor=actor,
        title="Grapes held at the border",
        description="Phytosanitary certificate questioned at the border post, consignment held.",
        barrier_kind=factories.BarrierKindFactory(
            code="phyto_certificate", name="Phytosanitary certificate", remit="phytosanitary"
        ),
        destination_country=kazakhstan(),
        regulator=None,
        hs_codes=[HSCode.objects.get(code="080610")],
        applied_on=today - dt.timedelta(days=30),
        **extra,
    )
    official = factories.OfficialFactory()
    services.report_start_review(report=sugar, actor=official)
    services.report_withdraw(report=grapes, actor=actor)
    now = timezone.now()
    for report, days in ((shrimp, 300), (sugar, 200), (grapes, 100)):
        Report.objects.filter(pk=report.pk).update(created_at=now - dt.timedelta(days=days))
        report.refresh_from_db()
    return ThreeReports(shrimp=shrimp, sugar=sugar, grapes=grapes)
