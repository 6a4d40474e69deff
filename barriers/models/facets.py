"""Counts of reports and barriers by the values the admin's filters offer (its facet counts).

Each row says: `n` more (or fewer) rows of `model` with this `status` have `value` in `dim`.
PostgreSQL keeps them exact with statement-level triggers on reports, barriers and companies
(migration 0052), which only ever add rows, so that concurrent writes never wait for one
another on a counter; `facet_counts_compact` folds the added rows into one per value (hourly,
and after generate_data). A changelist reads a few hundred rows, whatever the number of reports.
SQLite has no such triggers: there the admin counts the rows live (barriers.admin.filters).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FacetCount(models.Model):
    model = models.CharField(_("model"), max_length=16)
    status = models.CharField(_("status"), max_length=32)
    dim = models.CharField(_("dimension"), max_length=32)
    value = models.CharField(_("value"), max_length=64, null=True, blank=True)
    n = models.IntegerField(_("count"))

    class Meta:
        verbose_name = _("facet count")
        verbose_name_plural = _("facet counts")
        indexes = [models.Index(fields=["model", "status"], name="facetcount_model_idx")]

    def __str__(self) -> str:
        return f"{self.model} {self.status} {self.dim}={self.value}: {self.n}"
