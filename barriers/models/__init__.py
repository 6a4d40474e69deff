"""The barrier tracker's data: fields, choices, constraints and indexes.

No behaviour hides here: every write goes through `barriers.services`.

Callers import from the package (`from barriers.models import Barrier`); the models live in
modules named by concept:

- `choices`: every `TextChoices` (statuses, kinds, formats) and `_choices_check`, the constraint
  that keeps a column to its choices
- `people`: `Company`, `User` and its `UserManager`; `signed_in_user` (a request's user behind a
  sign-in check, as a `User`)
- `reference`: `Country`, `Regulator`, `HSHeading`, `HSCode`, `BarrierKind`, `LegalBasis`, and the `ReferenceCounter`
  that numbers reports and barriers
- `barriers`: `Barrier` and the companies' `FixConfirmation`s
- `reports`: `Report` (and its `TriageQueueEntry` proxy), `ReportDraft`, `Message`, `Document`
  and `evidence_upload_to`
- `meetings`: `Meeting`, `RoutingSettings`, `AgendaItem`, `ActionPoint`
- `case_documents`: `CaseDocument` (a letter, minutes or protocol on a barrier or a meeting)
- `status_changes`: `StatusChange`, for reports, barriers, meetings and action points alike
- `system`: `OutboundEmail`, `IdempotencyKey`, `ExportFile`, `DocumentBuild`,
  `PublicStatisticsSnapshot`, `AuditEvent`, `ApiTokenSecondFactor`
- `counterparts`: `FocalPoint` (a proxy of `User`: the people of an EAEU regulator) and
  `BarrierShare` (a barrier shared with its regulator, with the counterpart's texts),
  `Exchange` and its `ExchangeDocument`s, `Deadline` (what is due from which side, by when)

The modules are imported below in the order their models were declared when this was one
module, so the app registry keeps that order (only `ReportDraft`, `Message` and `Document` now
come before the meetings). django-simple-history makes each `Historical...` model in the module
of the model it tracks; they are re-exported here as they were reachable here before.
"""

from __future__ import annotations

from barriers.models.choices import (
    ActionPointStatus,
    AgendaSection,
    AuditAction,
    BarrierStatus,
    CaseDocumentKind,
    ClosureReason,
    CompanyKind,
    DeadlineStage,
    EmailStatus,
    ExchangeKind,
    ExportDocument,
    ExportEdition,
    ExportFormat,
    ExportStatus,
    IdempotencyStatus,
    LegalBasisKind,
    MeetingFormat,
    MeetingStatus,
    MessageVisibility,
    Outcome,
    Party,
    PendingOn,
    RejectionReason,
    Remit,
    ReportStatus,
    Sector,
)

# Declaration order (see above), not alphabetical: it is the app registry's order.
# isort: off
from barriers.models.people import (  # type: ignore[attr-defined]  # Historical*: made by simple-history at load
    Company,
    HistoricalCompany,
    User,
    UserManager,
    signed_in_user,
)
from barriers.models.reference import (
    BarrierKind,
    Country,
    HSCode,
    HSHeading,
    LegalBasis,
    ReferenceCounter,
    Regulator,
)
from barriers.models.barriers import Barrier, FixConfirmation, HistoricalBarrier  # type: ignore[attr-defined]  # Historical*: made by simple-history at load
from barriers.models.reports import (  # type: ignore[attr-defined]  # Historical*: made by simple-history at load
    Document,
    HistoricalReport,
    Message,
    Report,
    ReportDraft,
    TriageQueueEntry,
    evidence_upload_to,
)
from barriers.models.meetings import (  # type: ignore[attr-defined]  # Historical*: made by simple-history at load
    ActionPoint,
    AgendaItem,
    HistoricalActionPoint,
    HistoricalAgendaItem,
    HistoricalMeeting,
    HistoricalRoutingSettings,
    Meeting,
    RoutingSettings,
)
from barriers.models.case_documents import CaseDocument, case_document_upload_to
from barriers.models.status_changes import StatusChange
from barriers.models.facets import FacetCount
from barriers.models.system import (
    ApiTokenSecondFactor,
    AuditEvent,
    DocumentBuild,
    ExportFile,
    IdempotencyKey,
    OutboundEmail,
    PublicStatisticsSnapshot,
)
from barriers.models.counterparts import (  # type: ignore[attr-defined]  # Historical*: made by simple-history at load
    EAEU_EXCHANGES,
    BarrierShare,
    Deadline,
    Exchange,
    ExchangeDocument,
    FocalPoint,
    HistoricalBarrierShare,
)
from barriers.models.following import (
    DigestFrequency,
    Follow,
    FollowEvent,
    FollowEventKind,
    FollowKind,
    FollowSettings,
    Notification,
    SavedSearch,
    SavedSearchList,
)
# isort: on

__all__ = [
    "EAEU_EXCHANGES",
    "ActionPoint",
    "ActionPointStatus",
    "AgendaItem",
    "AgendaSection",
    "ApiTokenSecondFactor",
    "AuditAction",
    "AuditEvent",
    "Barrier",
    "BarrierKind",
    "BarrierShare",
    "BarrierStatus",
    "CaseDocument",
    "CaseDocumentKind",
    "ClosureReason",
    "Company",
    "CompanyKind",
    "Country",
    "Deadline",
    "DeadlineStage",
    "DigestFrequency",
    "Document",
    "DocumentBuild",
    "EmailStatus",
    "Exchange",
    "ExchangeDocument",
    "ExchangeKind",
    "ExportDocument",
    "ExportEdition",
    "ExportFile",
    "ExportFormat",
    "ExportStatus",
    "FacetCount",
    "FixConfirmation",
    "FocalPoint",
    "Follow",
    "FollowEvent",
    "FollowEventKind",
    "FollowKind",
    "FollowSettings",
    "HSCode",
    "HSHeading",
    "HistoricalActionPoint",
    "HistoricalAgendaItem",
    "HistoricalBarrier",
    "HistoricalBarrierShare",
    "HistoricalCompany",
    "HistoricalMeeting",
    "HistoricalReport",
    "HistoricalRoutingSettings",
    "IdempotencyKey",
    "IdempotencyStatus",
    "LegalBasis",
    "LegalBasisKind",
    "Meeting",
    "MeetingFormat",
    "MeetingStatus",
    "Message",
    "MessageVisibility",
    "Notification",
    "OutboundEmail",
    "Outcome",
    "Party",
    "PendingOn",
    "PublicStatisticsSnapshot",
    "ReferenceCounter",
    "Regulator",
    "RejectionReason",
    "Remit",
    "Report",
    "ReportDraft",
    "ReportStatus",
    "RoutingSettings",
    "SavedSearch",
    "SavedSearchList",
    "Sector",
    "StatusChange",
    "TriageQueueEntry",
    "User",
    "UserManager",
    "case_document_upload_to",
    "evidence_upload_to",
    "signed_in_user",
]

# django-simple-history gives each history model the app's name ("barriers") as its module when
# the tracked model lives in a submodule, and "barriers.HistoricalReport" cannot be imported.
# This module re-exports them, so name it: `manage.py shell` imports them again, and they pickle.
for _history_model in (
    HistoricalActionPoint,
    HistoricalAgendaItem,
    HistoricalBarrier,
    HistoricalBarrierShare,
    HistoricalCompany,
    HistoricalMeeting,
    HistoricalReport,
    HistoricalRoutingSettings,
):
    _history_model.__module__ = __name__
del _history_model
