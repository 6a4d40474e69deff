"""What a counterpart focal point may read: only barriers shared with their own regulator, and of
those only what the official chose to show.

A barrier is shared with a regulator (services.barrier_share) while its `BarrierShare` has no
`unshared_at`, names the viewer's regulator, and the barrier is still routed to that regulator
(re-routing a barrier takes it away from the old regulator's focal points at once). Everything
else (other regulators' barriers, barriers never shared or taken back, reports, companies) is
simply not found: the selectors return nothing or None, and a door answers 404.

`CounterpartBarrier` is everything a focal point may see of one barrier, built here and nowhere
else: the shared texts in Russian and English, products (HS codes), countries, dates, days
pending, the number of companies and the names of those that consented, and the documents the
official chose. Never internal notes, scores or priorities, trade figures, unconsented names,
exporters' contact details or their messages: none of them is read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from barriers.models import Barrier, BarrierShare, Document, HSCode, Report, ReportStatus, User


@dataclass(frozen=True)
class CounterpartProduct:
    code: str
    description: str
    description_ru: str = ""  # the EAEU's ТН ВЭД name where the project has it


@dataclass(frozen=True)
class CounterpartCountry:
    code: str
    name: str
    name_ru: str


@dataclass(frozen=True)
class CounterpartDocument:
    id: int
    name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class CounterpartBarrier:
    """One shared barrier as its regulator's focal points see it."""

    reference: str
    status: str
    regulator: str  # the regulator's code
    title_ru: str
    title_en: str
    summary_ru: str
    summary_en: str
    ask_ru: str
    ask_en: str
    products: tuple[CounterpartProduct, ...]
    countries: tuple[CounterpartCountry, ...]
    opened_on: dt.date  # when officials opened the barrier
    shared_on: dt.date  # when it was shared with this regulator
    first_applied_on: dt.date | None  # the earliest application among its reports
    days_pending: int  # the longest wait of its reports, to a decision or to today
    companies: int  # companies affected, named or not
    named_companies: tuple[str, ...]  # only those whose every report consents
    documents: tuple[CounterpartDocument, ...] = field(default=())


def _focal_point_regulator(viewer: User | None) -> str | None:
    """The regulator whose barriers the viewer may read, or None for anyone else."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return None
    if viewer.is_staff or viewer.is_superuser or viewer.company_id is not None:
        return None
    return viewer.regulator_id


def _shared_scope(viewer: User | None) -> Q:
    regulator = _focal_point_regulator(viewer)
    if regulator is None:
        return Q(pk__in=[])
    return Q(
        regulator_id=regulator,
        share__regulator_id=regulator,
        share__unshared_at__isnull=True,
    )


def barriers_for_counterpart(*, viewer: User) -> QuerySet[Barrier]:
    """The barriers shared with the viewer's regulator, most recently shared first."""
    return (
        Barrier.objects.filter(_shared_scope(viewer))
        .select_related("share", "destination_country")
        .prefetch_related(Prefetch("hs_codes", queryset=HSCode.objects.order_by("code")))
        .order_by("-share__shared_at", "-pk")
    )


def barrier_get_for_counterpart(*, viewer: User, reference: str) -> Barrier | None:
    """One shared barrier by reference, or None when it is not shared with the viewer."""
    return barriers_for_counterpart(viewer=viewer).filter(reference=reference).first()


def shared_document_get_for_counterpart(
    *, viewer: User, reference: str, document_id: int
) -> Document | None:
    """A document the official shared with the viewer's regulator on that barrier, or None."""
    return (
        Document.objects.filter(
            pk=document_id,
            shares__barrier__reference=reference,
            shares__barrier__in=Barrier.objects.filter(_shared_scope(viewer)),
        )
        .select_related("report")
        .first()
    )


def counterpart_barriers(*, viewer: User) -> list[CounterpartBarrier]:
    """Everything the viewer may see of each barrier shared with their regulator (a fixed
    number of queries for any number of barriers)."""
    return _build(list(barriers_for_counterpart(viewer=viewer)))


def counterpart_barrier(*, viewer: User, reference: str) -> CounterpartBarrier | None:
    """Everything the viewer may see of one shared barrier, or None when it is not shared."""
    barrier = barrier_get_for_counterpart(viewer=viewer, reference=reference)
    if barrier is None:
        return None
    return _build([barrier])[0]


@dataclass
class _Facts:
    companies: dict[int, str] = field(default_factory=dict)
    consenting: dict[int, bool] = field(default_factory=dict)
    countries: dict[str, CounterpartCountry] = field(default_factory=dict)
    products: dict[str, CounterpartProduct] = field(default_factory=dict)
    first_applied_on: dt.date | None = None
    days_pending: int = 0


def _build(barriers: list[Barrier]) -> list[CounterpartBarrier]:
    """The counterpart's view of `barriers` (already scoped): four queries for any number."""
    if not barriers:
        return []
    ids = [barrier.pk for barrier in barriers]
    today = timezone.localdate()
    facts: dict[int, _Facts] = defaultdict(_Facts)
    # Accepted reports only: a report still in triage, rejected or withdrawn is India's alone.
    # Company names are read to be counted and, with consent, named; nothing else of them.
    accepted = Report.objects.filter(barrier_id__in=ids, status=ReportStatus.ACCEPTED)
    for row in accepted.values(
        "barrier_id",
        "company_id",
        "company__name",
        "consent_to_share",
        "applied_on",
        "decision_received_on",
        "destination_country_id",
        "destination_country__name",
        "destination_country__name_ru",
    ).order_by("pk"):
        f = facts[row["barrier_id"]]
        f.companies[row["company_id"]] = row["company__name"]
        f.consenting[row["company_id"]] = (
            f.consenting.get(row["company_id"], True) and row["consent_to_share"]
        )
        applied: dt.date = row["applied_on"]
        end: dt.date = row["decision_received_on"] or today
        f.days_pending = max(f.days_pending, (end - applied).days)
        if f.first_applied_on is None or applied < f.first_applied_on:
            f.first_applied_on = applied
        code = row["destination_country_id"]
        f.countries[code] = CounterpartCountry(
            code, row["destination_country__name"], row["destination_country__name_ru"]
        )
    # Products named on the reports, for barriers whose own HS codes officials have not set.
    through = Report.hs_codes.through.objects.filter(
        report__barrier_id__in=ids, report__status=ReportStatus.ACCEPTED
    )
    for hs in through.values(
        "report__barrier_id", "hscode_id", "hscode__description", "hscode__description_ru"
    ):
        facts[hs["report__barrier_id"]].products[hs["hscode_id"]] = CounterpartProduct(
            hs["hscode_id"], hs["hscode__description"], hs["hscode__description_ru"]
        )
    shared: dict[int, list[CounterpartDocument]] = defaultdict(list)
    documents = BarrierShare.documents.through.objects.filter(
        barriershare__barrier_id__in=ids
    ).order_by("document__created_at", "document_id")
    for file in documents.values(
        "barriershare__barrier_id",
        "document_id",
        "document__original_name",
        "document__content_type",
        "document__size",
    ):
        shared[file["barriershare__barrier_id"]].append(
            CounterpartDocument(
                file["document_id"],
                file["document__original_name"],
                file["document__content_type"],
                file["document__size"],
            )
        )
    return [_view(barrier, facts[barrier.pk], shared[barrier.pk]) for barrier in barriers]


def _view(
    barrier: Barrier, facts: _Facts, documents: list[CounterpartDocument]
) -> CounterpartBarrier:
    share: BarrierShare = barrier.share
    own = [
        CounterpartProduct(code.code, code.description, code.description_ru)
        for code in barrier.hs_codes.all()
    ]
    products = own or sorted(facts.products.values(), key=lambda product: product.code)
    countries = dict(facts.countries)
    country = barrier.destination_country
    if country is not None:
        countries[country.code] = CounterpartCountry(country.code, country.name, country.name_ru)
    named = sorted(
        name for company, name in facts.companies.items() if facts.consenting.get(company)
    )
    return CounterpartBarrier(
        reference=barrier.reference,
        status=barrier.status,
        regulator=share.regulator_id,
        title_ru=share.title_ru,
        title_en=share.title_en,
        summary_ru=share.summary_ru,
        summary_en=share.summary_en,
        ask_ru=share.ask_ru,
        ask_en=share.ask_en,
        products=tuple(products),
        countries=tuple(sorted(countries.values(), key=lambda c: c.code)),
        opened_on=timezone.localdate(barrier.created_at),
        shared_on=timezone.localdate(share.shared_at),
        first_applied_on=facts.first_applied_on,
        days_pending=max(facts.days_pending, 0),
        companies=len(facts.companies),
        named_companies=tuple(named),
        documents=tuple(documents),
    )
