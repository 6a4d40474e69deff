"""The audit history of a model (django-simple-history), without indexes nobody reads.

simple-history copies every field into the historical table and indexes each foreign key and
unique field there (sixteen indexes on the reports' history): every save of a report wrote
them all, and nothing reads the history by those columns. The history is read by object (the
admin's history page: the copied primary key, still indexed) and by date (history_date, indexed
by simple-history itself).
"""

from __future__ import annotations

from typing import Any

from simple_history.models import HistoricalRecords


class AuditHistory(HistoricalRecords):
    """HistoricalRecords whose copied fields carry no index, but the object's own key."""

    def copy_fields(self, model: Any) -> dict[str, Any]:
        fields: dict[str, Any] = super().copy_fields(model)
        for name, field in fields.items():
            if name != model._meta.pk.name:
                field.db_index = False
        return fields
