"""The choices of every status and kind, and the constraint that keeps a column to them.

Statuses are `TextChoices` with string values; `_choices_check` builds the `CheckConstraint` each
model puts on such a column.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    AGRICULTURAL = "agricultural", _("Agricultural")
    MARINE = "marine", _("Marine")


class CompanyKind(models.TextChoices):
    EXPORTER = "exporter", _("Exporting company")
    ASSOCIATION = "association", _("Export promotion council or association")


class Remit(models.TextChoices):
    """A regulator's remit; also the agenda track its barriers are grouped in."""

    VETERINARY = "veterinary", _("Veterinary")
    PHYTOSANITARY = "phytosanitary", _("Phytosanitary")
    FOOD_SAFETY = "food_safety", _("Food safety")
    TECHNICAL_REGULATION = "technical_regulation", _("Technical regulation")
    CUSTOMS = "customs", _("Customs")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    INFO_REQUESTED = "info_requested", _("Information requested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RejectionReason(models.TextChoices):
    NOT_A_BARRIER = "not_a_barrier", _("Not a market-access barrier")
    DUPLICATE = "duplicate", _("Duplicate")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")
    OUTSIDE_EAEU = "outside_eaeu", _("Outside the EAEU")
    OTHER = "other", _("Other")


class BarrierStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SCHEDULED = "scheduled", _("Scheduled")
    RAISED = "raised", _("Raised")
    ACTION_AGREED = "action_agreed", _("Action agreed")
    RESOLVED = "resolved", _("Resolved")
    PARTIALLY_RESOLVED = "partially_resolved", _("Partially resolved")
    CLOSED_UNRESOLVED = "closed_unresolved", _("Closed unresolved")


class ClosureReason(models.TextChoices):
    """Why officials closed a barrier without a solution."""

    WITHDRAWN_BY_EXPORTERS = "withdrawn_by_exporters", _("Withdrawn by the exporters")
    REGULATOR_POSITION_FINAL = "regulator_position_final", _("The regulator's position is final")
    SUPERSEDED = "superseded", _("Superseded by another barrier or a new rule")
    NO_LONGER_TRADED = "no_longer_traded", _("The goods are no longer traded")
    OTHER = "other", _("Other")


class PendingOn(models.TextChoices):
    INDIA = "india", _("India side")
    EAEU = "eaeu", _("EAEU side")
    EXPORTER = "exporter", _("Exporter")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGENDA_DRAFT = "agenda_draft", _("Agenda drafted")
    AGENDA_FROZEN = "agenda_frozen", _("Agenda frozen")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video conference")
    HYBRID = "hybrid", _("Hybrid")


class AgendaSection(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    RESERVE = "reserve", _("Reserve list")
    # Taken off by an official: kept so that drafting again does not put it back.
    REMOVED = "removed", _("Removed by hand")


class Outcome(models.TextChoices):
    DISCUSSED = "discussed", _("Discussed, no change")
    ACTION_AGREED = "action_agreed", _("Action agreed")
    RESOLVED = "resolved", _("Resolved")
    PARTIALLY_RESOLVED = "partially_resolved", _("Partially resolved")
    DEFERRED = "deferred", _("Deferred")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Party(models.TextChoices):
    INDIA = "india", _("India side")
    EAEU = "eaeu", _("EAEU side")


class ActionPointStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class MessageVisibility(models.TextChoices):
    PUBLIC = "public", _("Visible to the exporter")
    INTERNAL = "internal", _("Internal note")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class IdempotencyStatus(models.TextChoices):
    IN_FLIGHT = "in_flight", _("In flight")
    COMPLETED = "completed", _("Completed")


class ExportDocument(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    OUTCOMES = "outcomes", _("Outcomes")


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"
    ICS = "ics", "iCalendar"
    JSON = "json", "JSON"


class ExportEdition(models.TextChoices):
    """Who a meeting document is for: India's officials, or circulation to the EAEU side."""

    INTERNAL = "internal", _("Internal brief")
    JOINT = "joint", _("Joint edition")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class AuditAction(models.TextChoices):
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login_failed", _("sign-in failed")
    EXPORT = "export", _("exported")
    DOWNLOAD = "download", _("downloaded")
    # A person's role groups, staff, superuser or active flag, permissions or company changed.
    ACCESS_CHANGED = "access_changed", _("changed access")
    # A superuser deleted a row in the admin (an evidence file, a message, an outbox e-mail...).
    DELETED = "deleted", _("deleted")


def _choices_check(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class ExchangeKind(models.TextChoices):
    """One answer or question on a shared barrier (the glossary's "exchange")."""

    # From the counterpart (the EAEU side).
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    CLARIFICATION = "clarification", _("Request for clarification")
    PROPOSAL = "proposal", _("Proposed solution")
    POSITION = "position", _("Position")
    RESOLVED = "resolved", _("Reported resolved")
    # From India's officials: the answer to a request for clarification, or a note to the
    # counterpart.
    REPLY = "reply", _("Reply from India")


class DeadlineStage(models.TextChoices):
    """What is due, from whom. The EAEU side acknowledges and proposes; India answers."""

    ACKNOWLEDGE = "acknowledge", _("Acknowledge the barrier")
    PROPOSE = "propose", _("Propose a solution or state the position")
    ANSWER_CLARIFICATION = "answer_clarification", _("Answer the request for clarification")


class LegalBasisKind(models.TextChoices):
    TECHNICAL_REGULATION = "technical_regulation", _("Technical regulation")
    DECISION = "decision", _("Decision")


class CaseDocumentKind(models.TextChoices):
    """What a document on a barrier or a meeting is."""

    LETTER = "letter", _("Letter")
    MINUTES = "minutes", _("Minutes")
    PROTOCOL = "protocol", _("Protocol")
    OTHER = "other", _("Other")
