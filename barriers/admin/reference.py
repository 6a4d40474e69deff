"""Reference data: countries, regulators, HS codes, barrier kinds, legal bases, reference counters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from barriers import services
from barriers.admin.base import ReadOnlyAdmin, adopt
from barriers.domain.errors import DomainError
from barriers.models import (
    BarrierKind,
    Country,
    HSCode,
    LegalBasis,
    ReferenceCounter,
    Regulator,
    signed_in_user,
)


class ReferenceDataAdmin(admin.ModelAdmin):
    """Saves through reference_create / reference_update; deletes through record_delete."""

    def save_model(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        if not change:
            fields = {name: data[name] for name in form.fields if name in data}
            adopt(
                obj,
                services.reference_create(
                    model=type(obj), actor=signed_in_user(request.user), **fields
                ),
            )
            return
        fields = {name: data[name] for name in form.changed_data if name in data}
        if fields:
            adopt(
                obj,
                services.reference_update(
                    instance=obj, actor=signed_in_user(request.user), **fields
                ),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.record_delete(obj=obj, actor=signed_in_user(request.user), channel="admin")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            services.record_delete(obj=obj, actor=signed_in_user(request.user), channel="admin")

    def _changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None,
        form_url: str,
        extra_context: dict[str, Any] | None,
    ) -> HttpResponse:
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]  # private to Django: not in the stubs
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------


@admin.register(Country)
class CountryAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "name_ru", "alpha3", "currency", "eaeu_member_since")
    search_fields = ("code", "name", "name_ru", "alpha3")


@admin.register(Regulator)
class RegulatorAdmin(ReferenceDataAdmin):
    list_display = ("code", "abbreviation", "name", "country", "remit")
    list_filter = ("remit", "country")
    list_select_related = ("country",)
    search_fields = ("code", "name", "name_ru", "abbreviation", "abbreviation_ru")
    autocomplete_fields = ("country",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(HSCode)
class HSCodeAdmin(ReferenceDataAdmin):
    list_display = ("code", "description", "sector", "perishable")
    list_filter = ("sector", "perishable")
    search_fields = ("code", "description")


@admin.register(BarrierKind)
class BarrierKindAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "remit", "usual_decision_days", "position")
    list_filter = ("remit",)
    search_fields = ("code", "name", "name_ru")


@admin.register(LegalBasis)
class LegalBasisAdmin(ReferenceDataAdmin):
    """The technical regulations and decisions a counterpart's position may cite."""

    list_display = ("number", "number_ru", "title", "kind", "adopted_on", "position")
    list_filter = ("kind",)
    search_fields = ("code", "number", "number_ru", "title", "title_ru")
    ordering = ("position", "code")


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(ReadOnlyAdmin):
    """The counters behind references: handed out by services, never reset, never edited."""

    list_display = ("prefix", "year", "last_value")
    list_filter = ("prefix", "year")

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # a deleted counter would hand out used references again
