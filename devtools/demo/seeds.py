"""The shape of each kind of demo case: one frozen dataclass per object the builder creates.

The cases themselves are data files in `data/`, read by `devtools.demo.cases`: a table's keys are
a dataclass's fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from barriers.models import CompanyKind, PendingOn


@dataclass(frozen=True)
class CompanySeed:
    slug: str
    name: str
    pan: str
    state_code: str
    city: str
    state: str
    sector: str
    email: str
    person: str
    kind: str = CompanyKind.EXPORTER
    verified: bool = True
    apeda_rcmc: str = ""
    mpeda_registration: str = ""
    eic_approval: str = ""


@dataclass(frozen=True)
class OfficialSeed:
    email: str
    name: str
    role: str = ""  # the role group; empty for the superuser


@dataclass(frozen=True)
class BarrierSeed:
    key: str
    title: str
    title_ru: str
    summary: str
    summary_ru: str
    ask: str
    kind: str
    regulator: str
    country: str
    sector: str
    hs: tuple[str, ...]
    pending_on: str = PendingOn.EAEU
    manual_priority: int = 0
    ask_ru: str = ""


@dataclass(frozen=True)
class PublicSeed:
    """A barrier an official publishes on the public register, with its reviewed public text."""

    barrier: str
    public_title: str
    public_summary: str
    show_companies: bool = False


@dataclass(frozen=True)
class RussianSeed:
    """The Russian title, summary and ask an official enters on a barrier built from a report
    (the joint edition of the agenda needs them)."""

    barrier: str
    title_ru: str
    summary_ru: str
    ask_ru: str


@dataclass(frozen=True)
class NoteSeed:
    """An internal note officials keep on a barrier (never shown to exporters)."""

    barrier: str
    body: str


# The steps of a report's `flow`, in the words the builder acts on.
FLOW_STEPS = ("review", "ask", "answer", "accept", "reject", "withdraw")


@dataclass(frozen=True)
class ReportSeed:
    """One report and what officials and the exporter did with it.

    `flow` steps: review, ask, answer, accept, reject, withdraw. `barrier` names the barrier an
    accepted report joins (a BarrierSeed key, or a new key: the first such report creates it).
    """

    key: str
    company: str
    title: str
    description: str
    kind: str
    country: str
    regulator: str
    hs: tuple[str, ...]
    applied_on: dt.date
    value: int
    consignments: int = 0
    application_number: str = ""
    flow: tuple[str, ...] = ()
    barrier: str = ""
    question: str = ""
    answer: str = ""
    reason: str = ""
    note: str = ""
    via_council: bool = False
    # The exporter agreed to be named on the public register.
    consent_to_publish: bool = False
    decided_on: dt.date | None = None
    evidence: str = ""


@dataclass(frozen=True)
class AgendaSeed:
    barrier: str
    track: str
    outcome: str = ""  # empty on the reserve list
    path: tuple[str, ...] = ()  # barrier statuses after "raised" (or none if not raised)
    statement_india: str = ""
    statement_eaeu: str = ""
    commitment: str = ""
    escalate: bool = False
    manual_reason: str = ""  # set when the secretariat moved the item by hand


@dataclass(frozen=True)
class ParticipantsSeed:
    """Who attends the meetings: the Indian delegation as text, the EAEU regulators' codes."""

    india: str
    eaeu: tuple[str, ...]


@dataclass(frozen=True)
class ActionSeed:
    barrier: str
    description: str
    party: str
    owner_agency: str
    due_on: dt.date
    regulator: str = ""
    completed_on: dt.date | None = None
    evidence: str = ""


@dataclass(frozen=True)
class FocalPointSeed:
    """A counterpart focal point: a person at an EAEU regulator who answers for it."""

    email: str
    name: str
    regulator: str
    invited_on: dt.date


@dataclass(frozen=True)
class ShareSeed:
    """A barrier an official shared with its regulator, with the counterpart's texts.

    A text left empty is the barrier's own. `regulator`, when set, is where the official routes
    the barrier before sharing it (the EEC for a question of how a technical regulation applies).
    """

    barrier: str
    shared_on: dt.date
    ask_ru: str
    title_ru: str = ""  # empty: the barrier's own
    summary_ru: str = ""
    title_en: str = ""
    summary_en: str = ""
    ask_en: str = ""
    regulator: str = ""


@dataclass(frozen=True)
class ExchangeSeed:
    """One answer or question on a shared barrier: from a focal point (`by` their e-mail) or,
    for a reply, from the triage officer. A reply answers the barrier's latest message from the
    counterpart; `letter` attaches a small PDF of that name."""

    barrier: str
    kind: str
    on: dt.date
    body_ru: str = ""
    body_en: str = ""
    by: str = ""
    target_date: dt.date | None = None
    legal_basis: str = ""
    letter: str = ""
