"""Reads of the exchange on shared barriers: its history, what is due, the latest answer of the
counterpart, and the public lines exporters see. Each takes many barriers at once and runs a
fixed number of queries, so lists and documents stay flat.

Who may read is decided by the caller's scope: the counterpart's selectors below go through
`barriers_for_counterpart` (the viewer's own regulator's shared barriers only); the officials'
take barrier ids the caller already scoped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Prefetch
from django.utils import timezone

from barriers.domain.exchanges import public_line
from barriers.models import (
    Barrier,
    BarrierShare,
    Deadline,
    Document,
    Exchange,
    ExchangeDocument,
    ExchangeKind,
    LegalBasis,
    Party,
    User,
)
from barriers.selectors.counterparts import barriers_for_counterpart

# The counterpart's answers on the substance, the latest of which goes on the agenda.
SUBSTANTIVE = (ExchangeKind.PROPOSAL, ExchangeKind.POSITION, ExchangeKind.RESOLVED)


def _exchanges(barrier_ids: Iterable[int]) -> list[Exchange]:
    return list(
        Exchange.objects.filter(barrier_id__in=list(barrier_ids))
        .select_related("regulator", "legal_basis", "author")
        .prefetch_related(
            Prefetch("documents", queryset=ExchangeDocument.objects.order_by("created_at", "pk"))
        )
        .order_by("created_at", "pk")
    )


def exchanges_for_barriers(barrier_ids: Iterable[int]) -> dict[int, list[Exchange]]:
    """Every exchange of each barrier, oldest first, with its documents (officials' view)."""
    grouped: dict[int, list[Exchange]] = defaultdict(list)
    for exchange in _exchanges(barrier_ids):
        grouped[exchange.barrier_id].append(exchange)
    return grouped


def exchanges_for_counterpart(*, viewer: User, reference: str) -> list[Exchange] | None:
    """The exchange on one barrier shared with the viewer's regulator, or None when it is not
    shared with them. Only exchanges with the viewer's own regulator: an earlier regulator's
    answers (before the barrier was re-routed) are not theirs."""
    barrier = (
        barriers_for_counterpart(viewer=viewer)
        .filter(reference=reference)
        .values("pk", "regulator_id")
        .first()
    )
    if barrier is None:
        return None
    return [e for e in _exchanges([barrier["pk"]]) if e.regulator_id == barrier["regulator_id"]]


def exchange_document_get_for_counterpart(
    *, viewer: User, reference: str, document_id: int
) -> ExchangeDocument | None:
    """A file attached to an exchange on a barrier shared with the viewer's regulator."""
    return (
        ExchangeDocument.objects.filter(
            pk=document_id,
            exchange__barrier__reference=reference,
            exchange__barrier__in=barriers_for_counterpart(viewer=viewer),
            exchange__regulator_id=viewer.regulator_id,
        )
        .select_related("exchange")
        .first()
    )


def exchange_document_get_for_official(*, document_id: int) -> ExchangeDocument | None:
    """A file attached to an exchange, for officials (who see every shared barrier)."""
    return (
        ExchangeDocument.objects.filter(pk=document_id).select_related("exchange__barrier").first()
    )


def deadlines_for_barriers(
    barrier_ids: Iterable[int], *, open_only: bool = True
) -> dict[int, list[Deadline]]:
    """What is due on each barrier (open deadlines by default), soonest first."""
    rows = Deadline.objects.filter(barrier_id__in=list(barrier_ids))
    if open_only:
        rows = rows.filter(met_at__isnull=True)
    grouped: dict[int, list[Deadline]] = defaultdict(list)
    for deadline in rows.order_by("due_on", "pk"):
        grouped[deadline.barrier_id].append(deadline)
    return grouped


def barriers_overdue(*, party: str | None = None, today: dt.date | None = None) -> set[int]:
    """Ids of barriers with an answer overdue (from `party`, or from either side)."""
    today = today or timezone.localdate()
    rows = Deadline.objects.filter(met_at__isnull=True, due_on__lt=today)
    if party is not None:
        rows = rows.filter(party=party)
    return set(rows.values_list("barrier_id", flat=True))


@dataclass(frozen=True)
class LatestAnswer:
    """The counterpart's latest answer on the substance of a barrier, for the agenda."""

    kind: str
    kind_label: str
    created_at: dt.datetime
    body_ru: str
    body_en: str
    target_date: dt.date | None
    legal_basis: LegalBasis | None
    regulator: str


def latest_answers(barrier_ids: Iterable[int]) -> dict[int, LatestAnswer]:
    """Per barrier, the counterpart's latest proposal, position or report of resolution."""
    latest: dict[int, LatestAnswer] = {}
    rows = (
        Exchange.objects.filter(
            barrier_id__in=list(barrier_ids), party=Party.EAEU, kind__in=SUBSTANTIVE
        )
        .select_related("legal_basis", "regulator")
        .order_by("created_at", "pk")
    )
    for exchange in rows:
        latest[exchange.barrier_id] = LatestAnswer(
            kind=exchange.kind,
            kind_label=str(ExchangeKind(exchange.kind).label),
            created_at=exchange.created_at,
            body_ru=exchange.body_ru,
            body_en=exchange.body_en,
            target_date=exchange.target_date,
            legal_basis=exchange.legal_basis,
            regulator=exchange.regulator.abbreviation or exchange.regulator.name,
        )
    return latest


@dataclass(frozen=True)
class PublicExchange:
    """What an exporter sees of one exchange: when, and a fixed line (never its text)."""

    at: dt.datetime
    line: str


def public_exchanges(barrier_ids: Iterable[int]) -> dict[int, list[PublicExchange]]:
    """The exporters' timeline entries for the exchange on each barrier (India's replies are
    not shown: they answer the counterpart, not the exporter)."""
    grouped: dict[int, list[PublicExchange]] = defaultdict(list)
    rows = (
        Exchange.objects.filter(barrier_id__in=list(barrier_ids), party=Party.EAEU)
        .select_related("regulator", "legal_basis")
        .order_by("created_at", "pk")
    )
    for exchange in rows:
        grouped[exchange.barrier_id].append(
            PublicExchange(
                at=exchange.created_at,
                line=public_line(
                    kind=exchange.kind,
                    regulator=exchange.regulator.abbreviation or exchange.regulator.name,
                    target_date=exchange.target_date,
                    legal_basis=exchange.legal_basis.number if exchange.legal_basis else "",
                ),
            )
        )
    return grouped


def legal_bases() -> list[LegalBasis]:
    """The technical regulations and decisions a position may cite, in their order."""
    return list(LegalBasis.objects.order_by("position", "code"))


# ---------------------------------------------------------------------------------------------
# For the API: what is due on the counterpart's barriers, a share and an exchange for officials
# ---------------------------------------------------------------------------------------------


def deadlines_for_counterpart(
    *, viewer: User, references: Iterable[str]
) -> dict[str, list[Deadline]]:
    """What is still due on each of these barriers shared with the viewer's regulator, by
    reference, soonest first (one query; barriers not shared with the viewer have none)."""
    rows = (
        Deadline.objects.filter(
            barrier__in=barriers_for_counterpart(viewer=viewer).filter(
                reference__in=list(references)
            ),
            regulator_id=viewer.regulator_id,
            met_at__isnull=True,
        )
        .annotate(barrier_reference=F("barrier__reference"))
        .order_by("due_on", "pk")
    )
    grouped: dict[str, list[Deadline]] = defaultdict(list)
    for deadline in rows:
        grouped[deadline.barrier_reference].append(deadline)
    return grouped


def barrier_share_for_official(*, barrier: Barrier) -> BarrierShare | None:
    """The barrier's share (active or taken back), with its documents, for officials."""
    return (
        BarrierShare.objects.filter(barrier=barrier)
        .select_related("regulator", "shared_by", "unshared_by")
        .prefetch_related(Prefetch("documents", queryset=Document.objects.order_by("pk")))
        .first()
    )


def exchange_get_for_official(*, barrier: Barrier, exchange_id: int) -> Exchange | None:
    """One exchange of the barrier by id, or None (officials' barriers are not scoped further)."""
    return Exchange.objects.filter(pk=exchange_id, barrier=barrier).first()
