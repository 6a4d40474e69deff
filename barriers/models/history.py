"""The audit history of a model (django-simple-history), without indexes nobody reads.

simple-history copies every field into the historical table and indexes each foreign key and
unique field there (sixteen indexes on the reports' history): every save of a report wrote
them all, and nothing reads the history by those columns. The history is read by object (the
admin's history page: the copied primary key, still indexed) and by date (history_date, indexed
by simple-history itself).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords


class _HistoryDescriptor(HistoryDescriptor):
    """simple-history's `instance.history`, with its manager class made once.

    The library's descriptor builds a new manager class (Manager.from_queryset, which inspects
    every queryset method) at each access, and it reads `instance.history` for every historical
    record it writes: about a quarter of a millisecond of each save of a report.
    """

    @cached_property
    def manager_type(self) -> type[Any]:
        return self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance: Any, owner: Any) -> Any:
        return self.manager_type(self.model, instance)


class AuditHistory(HistoricalRecords):
    """HistoricalRecords whose copied fields carry no index, but the object's own key, and whose
    `history` manager class is made once."""

    def finalize(self, sender: Any, **kwargs: Any) -> None:
        super().finalize(sender, **kwargs)
        name: str = getattr(sender._meta, "simple_history_manager_attribute", "")
        descriptor = sender.__dict__.get(name) if name else None
        if isinstance(descriptor, HistoryDescriptor) and not isinstance(
            descriptor, _HistoryDescriptor
        ):
            setattr(
                sender,
                name,
                _HistoryDescriptor(
                    descriptor.model,
                    manager=descriptor.manager_class,
                    queryset=descriptor.queryset_class,
                ),
            )

    def copy_fields(self, model: Any) -> dict[str, Any]:
        fields: dict[str, Any] = super().copy_fields(model)
        for name, field in fields.items():
            if name != model._meta.pk.name:
                field.db_index = False
        return fields
