"""Who may use which API operation (which objects they may see is the selectors' business)."""

from __future__ import annotations

from typing import Any

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
            self.message = NO_COMPANY
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
