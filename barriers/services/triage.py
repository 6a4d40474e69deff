"""Triage by officials (the admin's actions; the same rules for every interface)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from barriers.domain import report_rules
from barriers.domain.errors import DomainError
from barriers.domain.transitions import BARRIER_CLOSED, REPORT_CLOSED
from barriers.models import Barrier, HSCode, Regulator, Report, ReportStatus, User
from barriers.services.barriers import barrier_create_from_report
from barriers.services.base import (
    barrier_decision_due_refresh,
    barrier_figures_refresh,
    barrier_search_text_refresh,
    history_stamp,
    report_search_text_refresh,
    row_lock,
)
from barriers.services.documents import barrier_documents_changed
from barriers.services.exchanges import deadlines_cancel
from barriers.services.publishing import barrier_public_search_text_refresh
from barriers.services.reports import message_post

# What an official may change on a barrier's page; status moves go through barrier_transition.
BARRIER_FIELDS = (
    "title",
    "summary",
    "title_ru",
    "summary_ru",
    "ask",
    "ask_ru",
    "barrier_kind",
    "regulator",
    "destination_country",
    "sector",
    "legal_basis",
    "pending_on",
    "manual_priority",
    "on_hold",
    "owner",
)


# What the public register shows of a published barrier besides its public texts.
PUBLIC_FIELDS = frozenset({"regulator", "destination_country", "barrier_kind", "sector"})


# What the search text is made of (barriers.domain.search_text.barrier_search_text).
BARRIER_SEARCHED_FIELDS = frozenset(
    {
        "title",
        "summary",
        "title_ru",
        "summary_ru",
        "ask",
        "ask_ru",
        "regulator",
        "destination_country",
        "barrier_kind",
    }
)


def _check_official(user: User | None, *, field: str = "owner") -> None:
    if user is not None and not (user.is_staff and user.is_active):
        raise DomainError(f"{user} is not an official: only officials can own cases.", field=field)


def _check_priority(priority: int) -> None:
    if not -5 <= int(priority) <= 5:
        raise DomainError("The manual priority runs from -5 to 5.", field="manual_priority")


def report_set_regulator(*, report: Report, actor: User, regulator: Regulator | None) -> Report:
    """Name the EAEU authority responsible for the report's delay (or clear it)."""
    with transaction.atomic():
        report = row_lock(Report, report.pk)
        if report.status in REPORT_CLOSED:
            raise DomainError(
                f"The report is {report.get_status_display().lower()}; it is no longer triaged."
            )
        report_rules.check_regulator_country(regulator, report.destination_country_id)
        if report.regulator_id == (regulator.pk if regulator else None):
            return report
        report.regulator = regulator
        report.updated_at = timezone.now()
        name = regulator.short_name if regulator else "none"
        history_stamp(report, actor=actor, reason=f"Regulator set to {name}")
        report.save(update_fields=["regulator", "updated_at"])
        report_search_text_refresh(report=report)  # the regulator's names are searched
    return report


VERIFY_FIGURES_PERMISSION = "barriers.verify_report_figures"


def report_verify_figures(
    *,
    report: Report,
    actor: User,
    trade_value_usd: object = None,
    consignments_affected: object = None,
    note: str = "",
) -> Report:
    """A triage officer has checked the report's trade value and consignments: record the figures
    found (which may differ from what the exporter declared; a figure not given is confirmed as
    declared).

    The agenda score counts a report's declared trade value only up to the cap in the settings
    (DECLARED_TRADE_VALUE_CAP_USD); a verified figure counts in full. The values follow the same
    field rules as filing. Verifying again replaces the figures. Needs `verify_report_figures`
    (triage officers); withdrawn and rejected reports are not verified.
    """
    if actor is None or not actor.is_active or not actor.has_perm(VERIFY_FIGURES_PERMISSION):
        raise DomainError("Only a triage officer can verify a report's figures.")
    errors: list[report_rules.FieldRuleError] = []
    value: Decimal | None = None
    consignments: int | None = None
    try:
        if trade_value_usd is not None:
            value = report_rules.clean_trade_value_usd(trade_value_usd)
    except report_rules.FieldRuleError as exc:
        errors.append(exc)
    try:
        if consignments_affected is not None:
            consignments = report_rules.clean_consignments_affected(consignments_affected)
    except report_rules.FieldRuleError as exc:
        errors.append(exc)
    if errors:
        raise report_rules.ReportInvalid(errors)
    with transaction.atomic():
        report = row_lock(Report, report.pk)
        if report.status in REPORT_CLOSED:
            raise DomainError(
                f"The report is {report.get_status_display().lower()}; its figures are not "
                "verified."
            )
        if value is None:
            value = report.trade_value_usd
        if consignments is None:
            consignments = report.consignments_affected
        unchanged = (
            report.figures_verified_at is not None
            and report.verified_trade_value_usd == value
            and report.verified_consignments_affected == consignments
        )
        now = timezone.now()
        report.verified_trade_value_usd = value
        report.verified_consignments_affected = consignments
        report.figures_verified_at = now
        report.figures_verified_by = actor
        report.updated_at = now
        history_stamp(
            report,
            actor=actor,
            reason=f"Figures verified: USD {value:,.2f}, {consignments} consignments",
        )
        report.save(
            update_fields=[
                "verified_trade_value_usd",
                "verified_consignments_affected",
                "figures_verified_at",
                "figures_verified_by",
                "updated_at",
            ]
        )
        if not unchanged or note.strip():
            declared = (
                f"declared USD {report.trade_value_usd:,.2f}, "
                f"{report.consignments_affected} consignments"
            )
            why = f" {note.strip()}" if note.strip() else ""
            message_post(
                actor=actor,
                report=report,
                internal=True,
                body=(
                    f"Figures verified: USD {value:,.2f}, {consignments} consignments "
                    f"({declared}).{why}"
                ),
            )
    return report


def report_assign_owner(*, report: Report, actor: User, owner: User | None) -> Report:
    """Make an official responsible for the report (or nobody)."""
    _check_official(owner)
    with transaction.atomic():
        report = row_lock(Report, report.pk)
        if report.owner_id == (owner.pk if owner else None):
            return report
        report.owner = owner
        report.updated_at = timezone.now()
        history_stamp(report, actor=actor, reason=f"Owner set to {owner or 'nobody'}")
        report.save(update_fields=["owner", "updated_at"])
    return report


def report_move_to_barrier(
    *, report: Report, barrier: Barrier | None, actor: User, note: str = ""
) -> Report:
    """Move an accepted report to another barrier (a split), or to a new one when `barrier` is None.

    Both barriers get an internal note and the report's field history says why.
    """
    with transaction.atomic():
        report = row_lock(Report, report.pk)
        if report.status != ReportStatus.ACCEPTED or report.barrier_id is None:
            raise DomainError(
                f"Only an accepted report can be moved; {report.reference} is "
                f"{report.get_status_display().lower()}."
            )
        source = row_lock(Barrier, report.barrier_id)
        if barrier is None:
            target = barrier_create_from_report(report=report, actor=actor)
        else:
            target = row_lock(Barrier, barrier.pk)
            if target.pk == source.pk:
                raise DomainError(
                    f"{report.reference} is already part of {target.reference}.", field="barrier"
                )
            if target.status in BARRIER_CLOSED:
                raise DomainError(
                    f"Barrier {target.reference} is {target.get_status_display().lower()}; "
                    "reopen it before moving reports to it.",
                    field="barrier",
                )
            target.hs_codes.add(*report.hs_codes.all())
            barrier_search_text_refresh(barrier=target)
        why = f" {note.strip()}" if note.strip() else ""
        report.barrier = target
        report.updated_at = timezone.now()
        history_stamp(
            report, actor=actor, reason=f"Moved from {source.reference} to {target.reference}"
        )
        report.save(update_fields=["barrier", "updated_at"])
        barrier_decision_due_refresh(barrier_ids=[source.pk, target.pk])
        barrier_figures_refresh(barrier_ids=[source.pk, target.pk])
        # The report's company and figures leave one barrier's agenda entry for the other's.
        barrier_documents_changed(barrier_ids=[source.pk, target.pk])
        message_post(
            actor=actor,
            barrier=source,
            internal=True,
            body=f"Report {report.reference} moved to {target.reference}.{why}",
        )
        message_post(
            actor=actor,
            barrier=target,
            internal=True,
            body=f"Report {report.reference} moved here from {source.reference}.{why}",
        )
    return report


def barrier_update(
    *, barrier: Barrier, actor: User, hs_codes: Iterable[HSCode] | None = None, **fields: Any
) -> Barrier:
    """Change what officials know about a barrier (never its status: see barrier_transition)."""
    unknown = set(fields) - set(BARRIER_FIELDS)
    if unknown:
        raise DomainError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    if "title" in fields and not str(fields["title"]).strip():
        raise DomainError("A barrier needs a title.", field="title")
    if "manual_priority" in fields:
        _check_priority(fields["manual_priority"])
    if "owner" in fields:
        _check_official(fields["owner"])
    with transaction.atomic():
        barrier = row_lock(Barrier, barrier.pk)
        changed = [name for name, value in fields.items() if getattr(barrier, name) != value]
        for name in changed:
            setattr(barrier, name, fields[name])
        if changed:
            barrier.updated_at = timezone.now()
            history_stamp(barrier, actor=actor, reason=f"Changed {', '.join(changed)}")
            barrier.save(update_fields=[*changed, "updated_at"])
        if "regulator" in changed:
            # Re-routed: the old regulator's focal points no longer see it (selectors), so
            # nothing stays due from them; sharing with the new regulator opens its own.
            deadlines_cancel(barrier=barrier)
        if hs_codes is not None:
            barrier.hs_codes.set(list(hs_codes))
        if hs_codes is not None or BARRIER_SEARCHED_FIELDS & set(changed):
            barrier_search_text_refresh(barrier=barrier)
        if hs_codes is not None or PUBLIC_FIELDS & set(changed):
            barrier_public_search_text_refresh(barrier=barrier)
        if changed or hs_codes is not None:
            barrier_documents_changed(barrier_ids=[barrier.pk])
    return barrier


def barrier_set_priority(*, barrier: Barrier, actor: User, priority: int) -> Barrier:
    """Officials' own weighting of a barrier for the agenda, from -5 to 5."""
    _check_priority(priority)
    return barrier_update(barrier=barrier, actor=actor, manual_priority=int(priority))


def barrier_assign_owner(*, barrier: Barrier, actor: User, owner: User | None) -> Barrier:
    """Make an official responsible for the barrier (or nobody)."""
    return barrier_update(barrier=barrier, actor=actor, owner=owner)
