"""People and companies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from barriers import services
from barriers.admin.actions import COMPANY_STEPS, StepsAdminMixin
from barriers.admin.base import HistoryAdmin
from barriers.admin.forms import UserChangeAdminForm, UserCreationAdminForm
from barriers.models import Company, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "first_name", "last_name", "phone")}),
        (_("Company"), {"fields": ("company",)}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "company",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("email", "full_name", "company", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    list_select_related = ("company",)
    search_fields = (
        "email",
        "full_name",
        "first_name",
        "last_name",
        "company__name",
        "company__iec",
    )
    ordering = ("email",)
    autocomplete_fields = ("company",)
    readonly_fields = ("last_login", "date_joined")


@admin.register(Company)
class CompanyAdmin(StepsAdminMixin, HistoryAdmin):
    change_form_template = "admin/barriers/change_form_steps.html"
    steps = COMPANY_STEPS
    list_display = ("name", "iec", "sector", "kind", "city", "state", "verified", "verified_at")
    list_filter = ("verified", "sector", "kind", "state")
    show_facets = admin.ShowFacets.NEVER
    search_fields = ("name", "iec", "gstin", "apeda_rcmc", "mpeda_registration")
    autocomplete_fields = ("members",)
    readonly_fields = ("verified", "verified_at", "verified_by", "created_at")
    fieldsets = (
        (None, {"fields": ("name", "iec", "gstin", "sector", "kind", "city", "state")}),
        (
            _("Registrations"),
            {"fields": ("apeda_rcmc", "mpeda_registration", "eic_approval")},
        ),
        (_("Council members"), {"fields": ("members",)}),
        (_("Verification"), {"fields": ("verified", "verified_at", "verified_by", "created_at")}),
    )

    class Media:
        css = {"all": ("barriers/admin.css",)}

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if obj is not None:
            extra_context["page_steps"] = self.page_steps(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(
        self, request: HttpRequest, obj: Company, form: forms.ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change and {"name", "iec"} & set(form.changed_data):
            # Reports carry their company's name and IEC in their search text.
            services.company_reports_search_text_refresh(company=obj)
