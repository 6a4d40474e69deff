"""API tokens: exchanging an e-mail address, password and (for officials) a second-factor code
for a token.

Views parse the request, call one selector or service and render the result.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.accounts import audit, mfa, security
from barriers.api import serializers as s
from barriers.api.authentication import TokenRefusalCode
from barriers.api.parsers import JSONParser
from barriers.api.schema import TokenRefusalSerializer, documented, validation_error_serializer
from barriers.models import (
    AuditAction,
)

TokenValidationError = validation_error_serializer(
    "TokenValidationError", ["email", "password", "otp"]
)


# ---------------------------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------------------------


class SignInLockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = (
        "Too many failed sign-in attempts: signing in is locked for a while. Try again later, "
        "or reset your password in the portal."
    )
    default_code = "locked_out"
    code_in_body = True

    def __init__(self, *, wait: int) -> None:
        super().__init__()
        # DRF's exception handler turns `wait` into the Retry-After header.
        self.wait = wait


class TokenRefused(APIException):
    """401 from the token endpoint itself: a second factor is missing, wrong or not set up.

    Not an AuthenticationFailed: DRF would turn that into 403 on a view without authentication
    classes, and these refusals are about the credentials sent, so they are 401.
    """

    status_code = status.HTTP_401_UNAUTHORIZED
    code_in_body = True


MFA_REQUIRED_DETAIL = (
    "Officials need a second factor: send the 6-digit code your authenticator app shows now as "
    "`otp`, with your e-mail address and password."
)
MFA_SETUP_DETAIL = (
    "Officials need a second factor, and you have not set up an authenticator app yet: sign in "
    "at /admin/login/, set it up (you are taken there), then send its 6-digit code as `otp`."
)
# Focal points of an EAEU regulator sign in on the site, not at the officials' desk.
FOCAL_MFA_REQUIRED_DETAIL = gettext_lazy(
    "Focal points need a second factor: send the 6-digit code your authenticator app shows now "
    "as `otp`, with your e-mail address and password."
)
FOCAL_MFA_SETUP_DETAIL = gettext_lazy(
    "Focal points need a second factor, and you have not set up an authenticator app yet: sign "
    "in at /accounts/login/, set it up (you are taken there), then send its 6-digit code as `otp`."
)
MFA_INVALID_DETAIL = (
    "That code is not the one your authenticator app shows now, or it was already used: wait "
    "for the next code and try again."
)


class TokenView(APIView):
    """Exchange an e-mail address and password (and, for officials, a TOTP code) for a token."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    parser_classes = (JSONParser,)

    @documented(
        summary="Get an API token",
        description=(
            "Send the e-mail address and password you sign in with; use the token as "
            "`Authorization: Token <token>`. Exporters: the same token comes back until it is "
            "revoked. Officials (staff) must also send `otp`, the 6-digit code of their "
            "authenticator app: without it the answer is 401 `mfa_required`, with a wrong code "
            "401 `mfa_invalid`, and an official who has not set up an authenticator app gets "
            "401 `mfa_setup_required`; their token expires after OFFICIALS_API_TOKEN_TTL "
            "(`expires_at`), after which requests with it answer 401 `token_expired`. "
            "Repeated wrong passwords or codes lock the account out for a while (429 with "
            "Retry-After). Safe to retry, so the Idempotency-Key header is not used here."
        ),
        request=s.TokenRequestSerializer,
        responses={
            200: s.TokenSerializer,
            401: OpenApiResponse(
                response=TokenRefusalSerializer,
                description=(
                    "The password was right, but the account is an official's and the second "
                    "factor is missing (`mfa_required`), wrong (`mfa_invalid`) or not set up "
                    "(`mfa_setup_required`). No token is issued."
                ),
            ),
        },
        validation=TokenValidationError,
        errors=(415,),
        authenticated=False,
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = s.TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].lower()
        user = authenticate(
            request=request, email=email, password=serializer.validated_data["password"]
        )
        if getattr(request, "axes_locked_out", False):
            raise SignInLockedOut(wait=security.lockout_seconds(request))
        if user is None:
            raise ValidationError(
                {"non_field_errors": ["That e-mail address and password do not match an account."]}
            )
        if selectors.user_email_unconfirmed(user=user):
            raise ValidationError(
                {
                    "non_field_errors": [
                        "Confirm your e-mail address first: follow the link in the e-mail we sent "
                        "when you signed up (signing in on the portal sends a new one)."
                    ]
                }
            )
        # Officials' and focal points' tokens are bound to a second factor and expire.
        official = mfa.second_factor_applies(user)
        second_factor = False
        if official and mfa.needs_second_factor(user):
            self.check_second_factor(request, user, email, serializer.validated_data.get("otp"))
            second_factor = True
        token = services.api_token_issue(user=user, official=official, second_factor=second_factor)
        # No session login here, so no user_logged_in signal: the audit log is told directly.
        audit.record(
            request=request,
            action=AuditAction.LOGIN,
            user=user,
            what="API token issued" + (" with a second factor" if second_factor else ""),
        )
        expires_at = services.api_token_expires_at(token=token, official=official)
        return Response({"token": token.key, "expires_at": expires_at})

    @staticmethod
    def check_second_factor(request: Request, user: Any, email: str, code: str | None) -> None:
        """Refuse (401) unless `code` is the official's current TOTP code, used once."""
        authenticator = mfa.totp_authenticator(user)
        focal = mfa.is_focal_point(user)
        required = FOCAL_MFA_REQUIRED_DETAIL if focal else MFA_REQUIRED_DETAIL
        setup = FOCAL_MFA_SETUP_DETAIL if focal else MFA_SETUP_DETAIL
        if code is None:
            detail = required if authenticator is not None else setup
            raise TokenRefused(detail, TokenRefusalCode.MFA_REQUIRED)
        if authenticator is None:
            raise TokenRefused(setup, TokenRefusalCode.MFA_SETUP_REQUIRED)
        if not authenticator.wrap().validate_code(code):
            # Counted like a wrong password: the same lock-out stops guessing codes.
            security.sign_in_failed(request, credentials={"email": email})
            audit.record(
                request=request,
                action=AuditAction.LOGIN_FAILED,
                user=user,
                what="wrong second-factor code for an API token",
            )
            raise TokenRefused(MFA_INVALID_DETAIL, TokenRefusalCode.MFA_INVALID)
        authenticator.record_usage()
