"""Reference data kept by hand, and the rare deletion a superuser makes in the admin.

Reference data (countries, regulators, HS codes, barrier kinds, legal bases) has no lifecycle: an official
corrects a name or adds a regulator. The write still goes through here, so that it is checked
by the model's own validators (a form error, never a database error) and saved field by field.
A deletion leaves an audit event naming who deleted what.

A barrier kind's new usual decision time moves the decision due day of the barriers whose
waiting reports are of that kind; deleting a report on a barrier moves its barrier's.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from barriers.accounts import audit
from barriers.domain.errors import DomainError
from barriers.models import (
    ActionPoint,
    AgendaItem,
    AuditAction,
    Barrier,
    BarrierKind,
    Country,
    Document,
    Exchange,
    HSCode,
    LegalBasis,
    Meeting,
    Regulator,
    Report,
    ReportStatus,
    User,
)
from barriers.services.base import barrier_decision_due_refresh, barrier_figures_refresh
from barriers.services.documents import (
    barrier_documents_changed,
    documents_under_way_changed,
    meeting_documents_changed,
)

REFERENCE_MODELS: tuple[type[Model], ...] = (Country, Regulator, HSCode, BarrierKind, LegalBasis)


def _reference_check(instance: Model) -> None:
    if type(instance) not in REFERENCE_MODELS:
        raise DomainError(f"{instance._meta.verbose_name} is not reference data.")
    try:
        instance.full_clean()
    except ValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise DomainError(errors[0], field=None if field == "__all__" else field) from exc


def reference_create(*, model: type[Model], actor: User, **fields: Any) -> Model:
    """Add a row of reference data (a country, regulator, HS code, barrier kind, legal basis)."""
    instance = model(**fields)
    _reference_check(instance)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise DomainError(f"This {model._meta.verbose_name} exists already.") from exc
    return instance


def reference_update(*, instance: Model, actor: User, **fields: Any) -> Model:
    """Correct a row of reference data; only the fields given are written."""
    model = type(instance)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=instance.pk)
        names = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in names:
            setattr(locked, name, fields[name])
        _reference_check(locked)
        if names:
            try:
                with transaction.atomic():
                    locked.save(update_fields=names)
            except IntegrityError as exc:
                raise DomainError(f"This {model._meta.verbose_name} exists already.") from exc
        if names:
            # Names of regulators, countries, kinds, legal bases and HS codes are in the
            # documents of any meeting.
            documents_under_way_changed()
        if isinstance(locked, BarrierKind) and "usual_decision_days" in names:
            waiting = Report.objects.filter(
                barrier_kind=locked, decision_received_on__isnull=True, barrier__isnull=False
            )
            barrier_decision_due_refresh(barrier_ids=waiting.values("barrier_id"))
    return locked


def record_delete(*, obj: Model, actor: User | None, channel: str = "") -> None:
    """Delete one row a superuser chose to delete, leaving an audit event that says so.

    A deleted evidence file is also removed from storage, once the deletion has committed.
    """
    label = obj._meta.verbose_name
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        audit.record(
            request=None,
            action=AuditAction.DELETED,
            user=actor,
            channel=channel,
            what=f"deleted {label} {locked}",
            obj=locked,
        )
        stored = (locked.file.name or "") if isinstance(locked, Document) else ""
        storage = locked.file.storage if isinstance(locked, Document) and stored else None
        # The barriers whose stored figures count the row (a meeting: through its items).
        counted: list[int | None] = []
        if isinstance(locked, Report | AgendaItem):
            counted = [locked.barrier_id]
        elif isinstance(locked, Meeting):
            counted = list(
                AgendaItem.objects.filter(meeting=locked).values_list("barrier_id", flat=True)
            )
        locked.delete()
        _documents_changed(locked)
        if isinstance(locked, Report) and locked.barrier_id is not None:
            barrier_decision_due_refresh(barrier_ids=[locked.barrier_id])
        barrier_figures_refresh(barrier_ids=counted)
        if storage is not None:
            transaction.on_commit(lambda: storage.delete(stored), robust=True)


def _documents_changed(deleted: Model) -> None:
    """Ask for the meeting documents that showed a deleted row to be built again: an agenda
    item's or action point's meeting; the meetings listing a report's or exchange's barrier (a
    report counts only once accepted); every meeting under way for a meeting (the last one
    held, before theirs) or a barrier (the annex of barriers resolved)."""
    if isinstance(deleted, AgendaItem | ActionPoint):
        meeting_documents_changed(meeting=deleted.meeting_id)
    elif isinstance(deleted, Exchange) or (
        isinstance(deleted, Report) and deleted.status == ReportStatus.ACCEPTED
    ):
        barrier_documents_changed(barrier_ids=[deleted.barrier_id])
    elif isinstance(deleted, Meeting | Barrier):
        documents_under_way_changed()
