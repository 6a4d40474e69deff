"""Reference data: countries, regulators, HS codes, barrier kinds, legal bases, reference counters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.db import models
from django.db.models import Case, IntegerField, Model, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _

from barriers import selectors, services
from barriers.admin.base import ReadOnlyAdmin, adopt
from barriers.admin.filters import BooleanFacets, ChoicesFacets, FacetsAdminMixin, HSChapterFilter
from barriers.domain.errors import DomainError
from barriers.models import (
    BarrierKind,
    Country,
    HSCode,
    HSHeading,
    LegalBasis,
    ReferenceCounter,
    Regulator,
    signed_in_user,
)

# How much of a chapter's or heading's description a list cell shows (all of it on hover).
HS_DESCRIPTION_SHOWN = 48
# How many subheadings a search by words lists, best first.
HS_WORDS_SHOWN = 200


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


def hs_heading_cell(heading: HSHeading | None) -> str:
    """A chapter or heading as a list cell: its code and the start of its description, the
    whole description on hover."""
    if heading is None:
        return "—"
    return format_html(
        '<span title="{}">{} {}</span>',
        heading.description,
        heading.code,
        Truncator(heading.description).chars(HS_DESCRIPTION_SHOWN),
    )


@admin.register(HSHeading)
class HSHeadingAdmin(ReadOnlyAdmin):
    """The chapters and headings of HS 2022: reference data loaded by migration 0027."""

    list_display = ("code", "description", "level", "chapter_cell", "section")
    list_filter = (("level", ChoicesFacets),)
    list_select_related = ("chapter",)
    # "^code": a code prefix ("03", "0306"); the description by its words.
    search_fields = ("^code", "description")
    search_help_text = _("A code or its first digits, or words of the description.")

    @admin.display(description=_("chapter"), ordering="chapter")
    def chapter_cell(self, obj: HSHeading) -> str:
        return hs_heading_cell(obj.chapter)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # subheadings and reports point to them


@admin.register(HSCode)
class HSCodeAdmin(FacetsAdminMixin, ReferenceDataAdmin):
    """Every HS 2022 subheading (5,613), with its heading and chapter; the curated agri and
    marine ones carry a sector, perishability and Russian text."""

    list_display = ("code", "description", "heading_cell", "chapter_cell", "sector", "perishable")
    list_select_related = ("heading__chapter",)
    list_filter = (("sector", ChoicesFacets), HSChapterFilter, ("perishable", BooleanFacets))
    # The search itself is selectors.hs_codes_search (see get_search_results).
    search_fields = ("code",)
    search_help_text = format_lazy(
        _(
            "A code or its first digits (0306), or words of the description, its heading's or "
            "chapter's, in English or Russian (the best {shown} matches)."
        ),
        shown=HS_WORDS_SHOWN,
    )
    autocomplete_fields = ("heading",)

    @admin.display(description=_("heading"), ordering="heading")
    def heading_cell(self, obj: HSCode) -> str:
        return hs_heading_cell(obj.heading)

    @admin.display(description=_("chapter"), ordering="heading__chapter")
    def chapter_cell(self, obj: HSCode) -> str:
        return hs_heading_cell(obj.heading.chapter if obj.heading is not None else None)

    def codes_found(self, request: HttpRequest, text: str) -> list[str]:
        """The codes selectors.hs_codes_search finds, best first, once per request (the list and
        each filter's counts ask again)."""
        found: dict[str, list[str]] = request.__dict__.setdefault("hs_codes_found", {})
        if text not in found:
            codes = selectors.hs_codes_search(text=text, limit=HS_WORDS_SHOWN)
            found[text] = [code.code for code in codes]
        return found[text]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[HSCode], search_term: str
    ) -> tuple[QuerySet[HSCode], bool]:
        digits = "".join(search_term.split())
        if not digits:
            return queryset, False
        if digits.isdigit():
            # Every subheading under a chapter or heading, in code order (the list's own).
            return queryset.filter(code__startswith=digits[:6]), False
        found = self.codes_found(request, search_term)
        queryset = queryset.filter(pk__in=found)
        if ORDER_VAR not in request.GET:
            # Best match first, as the selector ranked them.
            queryset = queryset.order_by(
                Case(
                    *[When(pk=code, then=Value(rank)) for rank, code in enumerate(found)],
                    output_field=IntegerField(),
                )
            )
        return queryset, False


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
    """The counters behind references: handed out by services, never reset, never edited.

    The last number handed out is the counter's sequence's on PostgreSQL
    (selectors.reference_counters); numbers may be skipped, never reused.
    """

    list_display = ("prefix", "year", "last_handed_out")
    list_filter = ("prefix", "year")
    fields = readonly_fields = ("prefix", "year", "last_handed_out")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReferenceCounter]:
        return selectors.reference_counters()

    @admin.display(description=_("last number handed out"), ordering="last_handed_out")
    def last_handed_out(self, obj: ReferenceCounter) -> int:
        return obj.last_handed_out  # type: ignore[attr-defined]  # annotated by the selector

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # a deleted counter would hand out used references again
