"""People, groups and companies.

Every save here calls a service: a person's details (`user_update`), their access (flags, role
groups, permissions, company: `user_update_access`, each change an audit event), a group's
members and permissions (`group_update`), a company's details (`company_update`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from barriers import services
from barriers.accounts.roles import ROLE_GROUPS
from barriers.admin.actions import COMPANY_STEPS, FOCAL_POINT_STEPS, StepsAdminMixin
from barriers.admin.base import HistoryAdmin, ModelAdminMixin, adopt
from barriers.admin.forms import (
    FocalPointInviteForm,
    GroupAdminForm,
    PasswordAdminForm,
    UserChangeAdminForm,
    UserCreationAdminForm,
    password_actor,
)
from barriers.domain.errors import DomainError
from barriers.models import Company, FocalPoint, User, signed_in_user

# The user form's fields that are a person's access, and the service argument each one is.
ACCESS_FIELDS = ("is_active", "is_staff", "is_superuser", "company", "groups", "user_permissions")
CHANNEL = "admin"


class ServiceRefusalsAsMessages(ModelAdminMixin):
    """A service's refusal during a save comes back to the form's page as a message.

    The forms check what they can beforehand; this catches what only the service can tell (a
    row changed by someone else meanwhile), so the official never sees an error page.
    """

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


@admin.register(User)
class UserAdmin(ServiceRefusalsAsMessages, BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    change_password_form = PasswordAdminForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "first_name", "last_name", "phone")}),
        (_("Company or regulator"), {"fields": ("company", "regulator")}),
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
    # A focal point's regulator is set by an invitation (the Focal points page), never here.
    readonly_fields = ("last_login", "date_joined", "regulator")

    def save_model(
        self, request: HttpRequest, obj: User, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        if not change:
            user = services.user_create(
                actor=signed_in_user(request.user),
                email=data["email"],
                password=data.get("password1") if data.get("set_usable_password") else None,
                full_name=data.get("full_name", ""),
                company=data.get("company"),
                channel=CHANNEL,
            )
            adopt(obj, user)
            return
        profile = {
            name: data[name] for name in form.changed_data if name in services.USER_PROFILE_FIELDS
        }
        if profile:
            services.user_update(user=obj, actor=signed_in_user(request.user), **profile)
        access = {name: data[name] for name in form.changed_data if name in ACCESS_FIELDS}
        if access:
            services.user_update_access(
                user=obj, actor=signed_in_user(request.user), channel=CHANNEL, **access
            )

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        # Groups and permissions were set by user_update_access (a raw save_m2m would set them
        # again with no record of who did it).
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        token = password_actor.set(signed_in_user(request.user))
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            password_actor.reset(token)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        services.user_delete(user=obj, actor=signed_in_user(request.user), channel=CHANNEL)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.user_delete(user=user, actor=signed_in_user(request.user), channel=CHANNEL)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ServiceRefusalsAsMessages, BaseGroupAdmin):
    """Groups, with their members: joining or leaving a group is audited like the user page."""

    form = GroupAdminForm
    fields = ("name", "permissions", "members")
    list_display = ("name", "member_count")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        from django.db.models import Count

        return super().get_queryset(request).annotate(members_total=Count("user", distinct=True))

    @admin.display(description=_("members"), ordering="members_total")
    def member_count(self, obj: Group) -> int:
        return obj.members_total  # type: ignore[attr-defined]  # annotated by get_queryset

    def has_delete_permission(self, request: HttpRequest, obj: Group | None = None) -> bool:
        # The officials' role groups come with the migrations and the code relies on them.
        if obj is not None and obj.name in ROLE_GROUPS:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: Group, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        if not change:
            group = services.group_create(
                actor=signed_in_user(request.user),
                name=data["name"],
                permissions=data.get("permissions") or (),
                members=data.get("members") or (),
                channel=CHANNEL,
            )
            adopt(obj, group)
            return
        services.group_update(
            group=obj,
            actor=signed_in_user(request.user),
            name=data["name"] if "name" in form.changed_data else None,
            permissions=data["permissions"] if "permissions" in form.changed_data else None,
            members=data["members"] if "members" in form.changed_data else None,
            channel=CHANNEL,
        )

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        pass  # permissions and members were set by the service

    def delete_model(self, request: HttpRequest, obj: Group) -> None:
        services.group_delete(group=obj, actor=signed_in_user(request.user), channel=CHANNEL)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Group]) -> None:
        for group in queryset:
            try:
                services.group_delete(
                    group=group, actor=signed_in_user(request.user), channel=CHANNEL
                )
            except DomainError as exc:
                self.message_user(request, exc.message, level=messages.ERROR)


@admin.register(Company)
class CompanyAdmin(ServiceRefusalsAsMessages, StepsAdminMixin, HistoryAdmin):
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

    def has_delete_permission(self, request: HttpRequest, obj: Company | None = None) -> bool:
        return False  # its users, reports and history refer to it

    def save_model(
        self, request: HttpRequest, obj: Company, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        if not change:
            fields = {
                name: data[name]
                for name in services.COMPANY_FIELDS
                if name in data and name not in {"name", "iec", "sector"}
            }
            company = services.company_create(
                actor=signed_in_user(request.user),
                name=data["name"],
                iec=data["iec"],
                sector=data["sector"],
                members=data.get("members") or (),
                **fields,
            )
            adopt(obj, company)
            return
        fields = {name: data[name] for name in form.changed_data if name in services.COMPANY_FIELDS}
        members = data["members"] if "members" in form.changed_data else None
        if fields or members is not None:
            company = services.company_update(
                company=obj, actor=signed_in_user(request.user), members=members, **fields
            )
            adopt(obj, company)

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        pass  # the members were set by the service


@admin.register(FocalPoint)
class FocalPointAdmin(StepsAdminMixin, admin.ModelAdmin):
    """Counterpart focal points: invited (focal_point_invite) and deactivated
    (focal_point_deactivate) here, never edited or deleted: their access is on the record."""

    form = FocalPointInviteForm
    change_form_template = "admin/barriers/change_form_steps.html"
    steps = FOCAL_POINT_STEPS
    list_display = ("email", "full_name", "regulator", "is_active", "last_login")
    list_filter = ("regulator", "is_active")
    list_select_related = ("regulator",)
    search_fields = ("email", "full_name")
    ordering = ("regulator", "email")
    add_fieldsets = ((None, {"fields": ("regulator", "email", "full_name")}),)
    fieldsets = (
        (None, {"fields": ("email", "full_name", "regulator", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return ("email", "full_name", "regulator", "is_active", "last_login", "date_joined")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

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
        self, request: HttpRequest, obj: FocalPoint, form: forms.ModelForm, change: bool
    ) -> None:
        if change:
            return  # nothing on the page is editable; deactivation is a step
        user = services.focal_point_invite(
            actor=signed_in_user(request.user),
            regulator=form.cleaned_data["regulator"],
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            channel=CHANNEL,
        )
        adopt(obj, user)

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        pass  # the service wrote everything
