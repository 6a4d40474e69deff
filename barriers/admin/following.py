"""The officials' following pages: what they follow, their saved searches, their notifications.

Reached through `admin_view` (active staff only); every read is the signed-in official's own.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from barriers import selectors, services
from barriers.admin.base import ReadOnlyAdmin
from barriers.domain.errors import DomainError
from barriers.models import (
    DigestFrequency,
    Follow,
    FollowEvent,
    FollowKind,
    FollowSettings,
    Notification,
    SavedSearch,
    SavedSearchList,
    signed_in_user,
)
from barriers.platform.redirects import safe_next

NOTIFICATIONS_PER_PAGE = 50


class FollowForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What to follow"),
        choices=[
            (FollowKind.REGULATOR, gettext_lazy("Regulator")),
            (FollowKind.COUNTRY, gettext_lazy("Country")),
            (FollowKind.HS_CODE, gettext_lazy("HS code")),
            (FollowKind.HS_CHAPTER, gettext_lazy("HS chapter")),
            (FollowKind.BARRIER, gettext_lazy("Barrier")),
        ],
    )
    value = forms.CharField(
        label=gettext_lazy("Code, reference or name"),
        max_length=200,
        help_text=gettext_lazy("For example Rosselkhoznadzor, KZ, 080450, 08 or BAR-0001."),
    )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=gettext_lazy("E-mail digest"), choices=DigestFrequency.choices
    )


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the search"), max_length=100)
    changelist = forms.ChoiceField(
        label=gettext_lazy("List"), choices=SavedSearchList.choices, widget=forms.HiddenInput
    )
    query_string = forms.CharField(
        label=gettext_lazy("Filters"), max_length=1000, required=False, widget=forms.HiddenInput
    )


def _form_error(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@require_http_methods(["GET", "POST"])
def following_view(request: HttpRequest) -> HttpResponse:
    """Follow regulators, countries, HS codes and barriers; saved searches; e-mail frequency."""
    user = signed_in_user(request.user)
    here = reverse("admin_following")
    follow_form = FollowForm(prefix="follow")
    frequency_form = FrequencyForm(
        prefix="digest", initial={"frequency": selectors.follow_frequency(user=user)}
    )
    search_form = None
    if request.GET.get("save_list") in SavedSearchList.values:
        search_form = SavedSearchForm(
            prefix="search",
            initial={
                "changelist": request.GET["save_list"],
                "query_string": request.GET.get("filters", ""),
            },
        )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "save_search":
                search_form = SavedSearchForm(request.POST, prefix="search")
                if search_form.is_valid():
                    services.saved_search_create(actor=user, **search_form.cleaned_data)
                    messages.success(request, _("The search is saved and followed."))
                    return redirect(here)
            elif action == "delete_search":
                search_id = request.POST.get("search", "")
                services.saved_search_delete(
                    actor=user, search_id=int(search_id) if search_id.isdigit() else 0
                )
                messages.success(request, _("The saved search is deleted."))
                return redirect(here)
            elif action in services.FOLLOW_ACTIONS:
                # Forms check what they can show beside a field; follow_action does the rest.
                form: forms.Form | None = None
                if action == services.FollowAction.ADD:
                    form = follow_form = FollowForm(request.POST, prefix="follow")
                elif action == services.FollowAction.FREQUENCY:
                    form = frequency_form = FrequencyForm(request.POST, prefix="digest")
                if form is None or form.is_valid():
                    done = services.follow_action(
                        actor=user,
                        action=action,
                        data=form.cleaned_data if form else request.POST,
                    )
                    messages.success(request, done.message)
                    return redirect(safe_next(request, here))
            else:
                messages.error(request, _("Choose what to do."))
        except DomainError as error:
            if action == "save_search" and search_form is not None:
                _form_error(search_form, error)
            elif action == services.FollowAction.ADD:
                _form_error(follow_form, error)
            else:
                messages.error(request, error.message)
        status = 400
    context: dict[str, Any] = {
        **admin.site.each_context(request),
        "title": _("Following"),
        "follows": selectors.follows_for_viewer(viewer=user),
        "searches": selectors.saved_searches_for_viewer(viewer=user),
        "follow_form": follow_form,
        "frequency_form": frequency_form,
        "search_form": search_form,
        "unread": selectors.notifications_unread_count(viewer=user),
        "changelists": {
            SavedSearchList.BARRIERS: reverse("admin:barriers_barrier_changelist"),
            SavedSearchList.REPORTS: reverse("admin:barriers_report_changelist"),
            SavedSearchList.TRIAGE: reverse("admin:barriers_triagequeueentry_changelist"),
        },
    }
    return TemplateResponse(request, "admin/barriers/following.html", context, status=status)


@require_http_methods(["GET", "POST"])
def notifications_view(request: HttpRequest) -> HttpResponse:
    """The official's notifications, newest first; mark them read."""
    user = signed_in_user(request.user)
    if request.method == "POST":
        services.notifications_mark_read(actor=user)
        messages.success(request, _("All notifications are marked read."))
        return redirect("admin_following_notifications")
    page = Paginator(selectors.notifications_for_viewer(viewer=user), NOTIFICATIONS_PER_PAGE)
    context: dict[str, Any] = {
        **admin.site.each_context(request),
        "title": _("Notifications"),
        "page": page.get_page(request.GET.get("page")),
        "unread": selectors.notifications_unread_count(viewer=user),
    }
    return TemplateResponse(request, "admin/barriers/notifications.html", context)


# ---------------------------------------------------------------------------------------------
# The rows behind following, for support: read-only, and only for superusers (no role group has
# their view permission) — each official sees their own on the pages above.
# ---------------------------------------------------------------------------------------------


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "target", "created_at")
    list_filter = ("kind",)
    list_select_related = ("user", "barrier", "hs_code", "country", "regulator", "saved_search")
    search_fields = ("user__email",)
    fields = (
        "user",
        "kind",
        "barrier",
        "hs_code",
        "hs_chapter",
        "country",
        "regulator",
        "saved_search",
        "created_at",
    )

    @admin.display(description=gettext_lazy("what"))
    def target(self, obj: Follow) -> str:
        return obj.target_label


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "changelist", "query_string", "created_at")
    list_select_related = ("user",)
    search_fields = ("name", "user__email")
    fields = ("user", "name", "changelist", "query_string", "created_at")


@admin.register(FollowSettings)
class FollowSettingsAdmin(ReadOnlyAdmin):
    list_display = ("user", "frequency", "updated_at")
    list_filter = ("frequency",)
    list_select_related = ("user",)
    search_fields = ("user__email",)
    fields = ("user", "frequency", "updated_at")


@admin.register(FollowEvent)
class FollowEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "text", "fanned_out_at")
    list_filter = ("kind",)
    search_fields = ("text",)
    fields = ("barrier", "kind", "text", "created_at", "fanned_out_at")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "event", "read_at", "emailed_at")
    list_select_related = ("user", "event")
    search_fields = ("user__email",)
    fields = ("user", "event", "created_at", "read_at", "emailed_at")
