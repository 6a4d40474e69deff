"""Reference data: countries, regulators, HS codes, barrier kinds, reference counters."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Model
from django.http import HttpRequest

from barriers.admin.base import ReadOnlyAdmin
from barriers.models import BarrierKind, Country, HSCode, ReferenceCounter, Regulator

# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_ru", "alpha3", "currency", "eaeu_member_since")
    search_fields = ("code", "name", "name_ru", "alpha3")


@admin.register(Regulator)
class RegulatorAdmin(admin.ModelAdmin):
    list_display = ("code", "abbreviation", "name", "country", "remit")
    list_filter = ("remit", "country")
    list_select_related = ("country",)
    search_fields = ("code", "name", "name_ru", "abbreviation", "abbreviation_ru")
    autocomplete_fields = ("country",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(HSCode)
class HSCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "description", "sector", "perishable")
    list_filter = ("sector", "perishable")
    search_fields = ("code", "description")


@admin.register(BarrierKind)
class BarrierKindAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "remit", "usual_decision_days", "position")
    list_filter = ("remit",)
    search_fields = ("code", "name", "name_ru")


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(ReadOnlyAdmin):
    """The counters behind references: handed out by services, never reset, never edited."""

    list_display = ("prefix", "year", "last_value")
    list_filter = ("prefix", "year")

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # a deleted counter would hand out used references again
