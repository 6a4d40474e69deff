"""API authentication: tokens and sessions, with officials' second factor at both.

Nearly every exporter request reads `request.user.company` (scoping, filing), and every
official's request checks a model permission (api/permissions.py); DRF's own token class loads
the token with its user only, and Django's ModelBackend then reads the permissions in two more
queries. So the token is loaded with the user, the company, its second-factor proof and the
user's permission names at once, and those names fill the user's permission cache
(`_perm_cache`, which ModelBackend reads before querying): one query per request.

Officials see every company's data, so both classes refuse them unless a second factor was
given (barriers/accounts/mfa.py): a session must hold allauth's record of the code, a token must have
been issued with one (`ApiTokenSecondFactor`) and be younger than `OFFICIALS_API_TOKEN_TTL`.
Each refusal is a 401 with a stable `code` in the body (barriers/api/errors.py).
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import Exists, OuterRef, TextField
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from barriers import services
from barriers.accounts import mfa
from barriers.models import User


class AuthErrorCode(models.TextChoices):
    """The `code` of a 401 from an authenticated operation."""

    NOT_AUTHENTICATED = "not_authenticated", "no credentials were sent"
    AUTHENTICATION_FAILED = "authentication_failed", "the token or session is not valid"
    TOKEN_EXPIRED = "token_expired", "an official's token has expired: ask for a new one"
    MFA_REQUIRED = "mfa_required", "an official must give a second factor first"


class TokenRefusalCode(models.TextChoices):
    """The `code` of a 401 from `POST /api/v1/auth/token/`."""

    MFA_REQUIRED = "mfa_required", "send the code from your authenticator app as `otp`"
    MFA_INVALID = "mfa_invalid", "the code is wrong or was already used"
    MFA_SETUP_REQUIRED = "mfa_setup_required", "set up an authenticator app first"


TOKEN_EXPIRED_DETAIL = (
    "This token has expired: officials' tokens last a limited time. Ask for a new one at "
    "/api/v1/auth/token/ with your password and the code from your authenticator app."
)
TOKEN_NEEDS_MFA_DETAIL = (
    "This token was issued without a second factor, which officials need. Ask for a new one at "
    "/api/v1/auth/token/ with your password and the code from your authenticator app (otp)."
)
SESSION_NEEDS_MFA_DETAIL = (
    "Officials must give the code from their authenticator app before using the API: sign in "
    "again at /admin/login/ and enter the code, or use a token issued with one."
)

FOCAL_SESSION_NEEDS_MFA_DETAIL = _(
    "Focal points must give the code from their authenticator app before using the API: sign "
    "in again at /accounts/login/ and enter the code, or use a token issued with one."
)


def _permission_names() -> RawSQL:
    """The token's user's permissions, "app_label.codename" joined by commas (NULL when none):
    their own and their groups', as ModelBackend.get_all_permissions reads them, one indexed
    lookup by user each.

    Raw SQL because the same subquery built with the ORM cost about 1.2 ms of CPU per request to
    compile (measured), more than the two queries it saves; this costs next to nothing to add.
    """
    q = connection.ops.quote_name
    joined = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    user = f"{q(Token._meta.db_table)}.{q('user_id')}"
    sql = (
        f"SELECT {joined}(ct.app_label || '.' || p.codename, ',')"
        f" FROM {q(Permission._meta.db_table)} p"
        f" JOIN {q(ContentType._meta.db_table)} ct ON ct.id = p.content_type_id"
        f" WHERE p.id IN (SELECT permission_id FROM"
        f" {q(User.user_permissions.through._meta.db_table)} WHERE user_id = {user})"
        f" OR p.id IN (SELECT gp.permission_id FROM {q(Group.permissions.through._meta.db_table)} gp"
        f" JOIN {q(User.groups.through._meta.db_table)} ug ON ug.group_id = gp.group_id"
        f" WHERE ug.user_id = {user})"
    )
    return RawSQL(sql, [], output_field=TextField())


class CompanyTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        model = self.get_model()
        token = (
            model._default_manager.select_related("user", "user__company", "second_factor")
            .annotate(
                user_has_totp=Exists(
                    Authenticator.objects.filter(
                        user=OuterRef("user"), type=Authenticator.Type.TOTP
                    )
                ),
                user_permission_names=_permission_names(),
            )
            .filter(key=key)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if not user.is_superuser:
            # What ModelBackend would cache on its first has_perm (a superuser's are all of them,
            # which has_perm does not read).
            user._perm_cache = set(filter(None, (token.user_permission_names or "").split(",")))
        if mfa.second_factor_applies(user):
            if services.api_token_expired(token=token, official=True):
                raise exceptions.AuthenticationFailed(
                    TOKEN_EXPIRED_DETAIL, code=AuthErrorCode.TOKEN_EXPIRED
                )
            proven = getattr(token, "second_factor", None) is not None
            if not proven and mfa.needs_second_factor(user, has_totp=token.user_has_totp):
                raise exceptions.AuthenticationFailed(
                    TOKEN_NEEDS_MFA_DETAIL, code=AuthErrorCode.MFA_REQUIRED
                )
        return (user, token)


class SecondFactorSessionAuthentication(SessionAuthentication):
    """DRF's session authentication, refusing officials whose session gave no second factor."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if not mfa.session_may_act(request._request, user):
            detail = (
                FOCAL_SESSION_NEEDS_MFA_DETAIL
                if mfa.is_focal_point(user)
                else SESSION_NEEDS_MFA_DETAIL
            )
            raise exceptions.AuthenticationFailed(detail, code=AuthErrorCode.MFA_REQUIRED)
        return result
