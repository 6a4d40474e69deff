"""Who may use which API operation (which objects they may see is the selectors' business)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

OFFICIALS_DO_NOT_FILE = (
    "Officials read reports through the API but do not file, edit or withdraw them: reports are "
    "filed by exporters and export promotion councils. Use the admin to triage them."
)
NO_COMPANY = (
    "Your account does not belong to a company, so it cannot file reports. Ask a colleague to "
    "invite you to your company's account."
)


class CanFileReports(BasePermission):
    """Reading is for every signed-in user; filing, editing and withdrawing for company users."""

    message = OFFICIALS_DO_NOT_FILE
    code = "not_a_filer"

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        if user.is_staff:
            self.message = OFFICIALS_DO_NOT_FILE
            return False
        if getattr(user, "company_id", None) is None:
            self.message = str(NOT_FOR_FOCAL_POINTS) if is_focal_point(user) else NO_COMPANY
            return False
        return True


OFFICIALS_ONLY_BARRIERS = (
    "Only officials allowed to view barriers may list and read them through the API."
)


class CanReadBarriers(BasePermission):
    """Staff officials holding `barriers.view_barrier`; exporters and councils get 403."""

    message = OFFICIALS_ONLY_BARRIERS
    code = "not_an_official"

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.is_staff
            and user.is_active
            and user.has_perm("barriers.view_barrier")
        )


SHARING_OFFICIALS_ONLY = (
    "Only officials allowed to share barriers with their regulator (triage officers) may share "
    "them, stop sharing them, reply to the counterpart or forward its questions."
)


class CanShareBarriers(CanReadBarriers):
    """Officials who read barriers and hold `barriers.share_barrier` (triage officers)."""

    message = SHARING_OFFICIALS_ONLY
    code = "not_a_sharing_official"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            self.message, self.code = OFFICIALS_ONLY_BARRIERS, CanReadBarriers.code
            return False
        return bool(request.user.has_perm("barriers.share_barrier"))


CHANGING_OFFICIALS_ONLY = (
    "Only officials allowed to change barriers (triage officers and agenda secretaries) may "
    "resolve, partially resolve, close or reopen them."
)


class CanChangeBarriers(CanReadBarriers):
    """Officials who read barriers and hold `barriers.change_barrier`, as the admin asks to
    change one (triage officers, agenda secretaries)."""

    message = CHANGING_OFFICIALS_ONLY
    code = "not_a_changing_official"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            self.message, self.code = OFFICIALS_ONLY_BARRIERS, CanReadBarriers.code
            return False
        return bool(request.user.has_perm("barriers.change_barrier"))


TRIAGE_OFFICIALS_ONLY = (
    "Only officials allowed to classify barriers (triage officers) may change a barrier's "
    "regulator, classification or legal basis."
)


class CanTriageBarriers(CanReadBarriers):
    """Officials who read barriers and hold `barriers.triage_barrier` (triage officers)."""

    message = TRIAGE_OFFICIALS_ONLY
    code = "not_a_triage_official"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            self.message, self.code = OFFICIALS_ONLY_BARRIERS, CanReadBarriers.code
            return False
        return bool(request.user.has_perm("barriers.triage_barrier"))


FOCAL_POINTS_ONLY = gettext_lazy(
    "These operations are for the focal points of an EAEU regulator: the barriers India shared "
    "with their regulator, and their answers."
)
NOT_FOR_FOCAL_POINTS = gettext_lazy(
    "Reports are India's case file. Focal points of an EAEU regulator read the barriers shared "
    "with their regulator at /api/v1/counterpart/barriers/."
)


def is_focal_point(user: Any) -> bool:
    """An active person of an EAEU regulator (never an official or a company's user)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and getattr(user, "regulator_id", None) is not None
        and not user.is_staff
        and not user.is_superuser
        and getattr(user, "company_id", None) is None
    )


class IsFocalPoint(BasePermission):
    """Counterpart focal points; exporters, councils and officials get 403."""

    message = FOCAL_POINTS_ONLY
    code = "not_a_focal_point"

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_focal_point(request.user)


class NotForFocalPoints(BasePermission):
    """India's lists (reports) are not the counterpart's: focal points get 403."""

    message = NOT_FOR_FOCAL_POINTS
    code = "focal_point"

    def has_permission(self, request: Request, view: Any) -> bool:
        return not is_focal_point(request.user)


# What each role may do is the admin's rule: the same model permission its page checks.
OFFICIAL_STEP_REFUSED = (
    "Only officials whose role may do this step in the admin may do it through the API."
)


class IsOfficialAllowedTo(BasePermission):
    """Active staff officials holding the view's `required_permission`.

    That is the permission the admin checks for the same step (`change_report` for triage,
    `change_meeting` for outcomes and new action points, `change_actionpoint` for changing
    them), so a role may do a step through the API exactly when it may in the admin. A view may
    set `required_permissions` per HTTP method; exporters, councils and focal points get 403.
    """

    message = OFFICIAL_STEP_REFUSED
    code = "not_allowed"

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        by_method = getattr(view, "required_permissions", {})
        needed = by_method.get(request.method, getattr(view, "required_permission", None))
        self.message = getattr(view, "refused_message", OFFICIAL_STEP_REFUSED)
        return bool(
            needed
            and user
            and user.is_authenticated
            and user.is_active
            and user.is_staff
            and user.has_perm(needed)
        )
