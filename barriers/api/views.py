"""REST API views: parse the request, call one selector or service, render the result.

Reports another company owns answer 404 exactly like references that do not exist, so
references cannot be probed; scoping itself lives in `barriers.selectors`.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django.http import FileResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import audit, mfa, security, selectors, services
from barriers.api import serializers as s
from barriers.api.authentication import TokenRefusalCode
from barriers.api.filters import BarrierFilter, ReportFilter
from barriers.api.idempotency import idempotent
from barriers.api.parsers import JSONParser
from barriers.api.permissions import CanFileReports, CanReadBarriers
from barriers.api.schema import TokenRefusalSerializer, documented, validation_error_serializer
from barriers.evidence import ALLOWED_TYPES, evidence_download
from barriers.models import (
    AuditAction,
    Barrier,
    BarrierKind,
    Country,
    Document,
    HSCode,
    Message,
    Regulator,
    Report,
    StatusChange,
)

HS_CODE_SEARCH_LIMIT = 200
# What a report reference looks like; anything else is not looked up (and answers 404).
REFERENCE_PATTERN = re.compile(r"REP-[0-9]{4}-[0-9]{6,12}")

REFERENCE = OpenApiParameter(
    "reference",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The report's reference, such as REP-2026-000123.",
)
DOCUMENT_ID = OpenApiParameter(
    "document_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The evidence file's id."
)

ReportValidationError = validation_error_serializer(
    "ReportValidationError",
    [*s.ReportCreateSerializer().fields, "company"],
)
ReportFilterError = validation_error_serializer(
    "ReportFilterError",
    ["status", "destination_country", "barrier_kind", "search", "page_size"],
    query=True,
)
BarrierFilterError = validation_error_serializer(
    "BarrierFilterError",
    [
        "status",
        "regulator",
        "destination_country",
        "barrier_kind",
        "sector",
        "search",
        "page_size",
    ],
    query=True,
)
WithdrawValidationError = validation_error_serializer("WithdrawValidationError", ["reason"])
DocumentValidationError = validation_error_serializer(
    "DocumentValidationError", ["file", "message"]
)
MessageValidationError = validation_error_serializer("MessageValidationError", ["body", "internal"])
TokenValidationError = validation_error_serializer(
    "TokenValidationError", ["email", "password", "otp"]
)
PageError = validation_error_serializer("PageError", ["page", "page_size"], query=True)


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int:
        # DRF quietly ignores a page size it cannot read; tell the client instead.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) > 0):
            raise ValidationError(
                {self.page_size_query_param: ["Give the page size as a whole number from 1."]}
            )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters


class NewestFirstCursorPagination(CursorPagination):
    """Newest first, in pages that cost the same at any depth.

    The cursor holds the position (`created_at`) of the last row shown, so a deep page is read
    from the ("-created_at", "-id") index like the first, never by skipping rows with OFFSET;
    `id` breaks ties between rows created in the same microsecond.
    """

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-created_at", "-id")
    invalid_cursor_message = (
        "This cursor is not valid: follow the `next` or `previous` link of the list instead of "
        "writing a cursor yourself."
    )

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Give the page size as a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return int(raw)

    def decode_cursor(self, request: Request) -> Any:
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            # The position is compared with a timestamp column: anything else would be a 500.
            try:
                valid = parse_datetime(cursor.position) is not None
            except ValueError:
                valid = False
            if not valid:
                raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            else:
                parameter["description"] = (
                    "Where the page starts: copy it from the `next` or `previous` link."
                )
        return parameters


class ScopedReportMixin:
    """For views under /reports/{reference}/: the report, if the viewer may see it, else 404."""

    request: Request
    kwargs: dict[str, Any]

    def viewer_report(self) -> Report:
        reference = self.kwargs["reference"]
        if not REFERENCE_PATTERN.fullmatch(reference):
            raise NotFound()
        report = selectors.report_get_for_viewer(viewer=self.request.user, reference=reference)
        if report is None:
            raise NotFound()
        return report

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        # Set once the view has looked the report up (not for OPTIONS or the schema).
        context["report"] = getattr(self, "_report", None)
        return context


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
        official = mfa.is_official(user)
        second_factor = False
        if official and mfa.official_needs_second_factor(user):
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
        if code is None:
            detail = MFA_REQUIRED_DETAIL if authenticator is not None else MFA_SETUP_DETAIL
            raise TokenRefused(detail, TokenRefusalCode.MFA_REQUIRED)
        if authenticator is None:
            raise TokenRefused(MFA_SETUP_DETAIL, TokenRefusalCode.MFA_SETUP_REQUIRED)
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


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="List your reports",
        description=(
            "Exporters see their company's reports, councils the reports they filed, officials "
            "all reports; newest first, a page at a time: follow `next` (or `previous`) for the "
            "following page. A cursor that was not taken from those links answers 404."
        ),
        responses={200: s.ReportSerializer(many=True)},
        validation=ReportFilterError,
        errors=(404,),
    )
)
class ReportListView(generics.ListAPIView):
    """List the viewer's reports; file a new one."""

    serializer_class = s.ReportSerializer
    permission_classes = (IsAuthenticated, CanFileReports)
    parser_classes = (JSONParser,)
    pagination_class = NewestFirstCursorPagination
    filterset_class = ReportFilter
    domain_error_fields = {"company": "company_iec"}

    def get_queryset(self) -> QuerySet[Report]:
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        return selectors.reports_for_viewer(viewer=self.request.user)

    @documented(
        summary="File a report",
        description=(
            "An exporter files for its own company; an export promotion council names the member "
            "company by `company_iec`. Nothing is saved when any field is refused."
        ),
        request=s.ReportCreateSerializer,
        responses={201: s.ReportSerializer},
        validation=ReportValidationError,
        errors=(403, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = s.ReportCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        report = services.report_create(actor=request.user, **serializer.validated_data)
        location = reverse("api-report-detail", kwargs={"reference": report.reference})
        return Response(
            s.ReportSerializer(report).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


class ReportDetailView(ScopedReportMixin, APIView):
    """One report: read it; change its facts while it may still be edited."""

    permission_classes = (IsAuthenticated, CanFileReports)
    parser_classes = (JSONParser,)

    @documented(
        summary="Read a report",
        parameters=[REFERENCE],
        responses={200: s.ReportSerializer},
        errors=(404,),
    )
    def get(self, request: Request, reference: str) -> Response:
        return Response(s.ReportSerializer(self.viewer_report()).data)

    @documented(
        summary="Change a report",
        description=(
            "Send only the fields to change. Allowed while the report is submitted or "
            "information is requested; otherwise 409 with `detail` and the code "
            "`report_not_editable`."
        ),
        parameters=[REFERENCE],
        request=s.ReportInputSerializer(partial=True),
        responses={200: s.ReportSerializer},
        validation=ReportValidationError,
        errors=(403, 404, 409, 415),
    )
    def patch(self, request: Request, reference: str) -> Response:
        report = self.viewer_report()
        serializer = s.ReportInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        hs_codes = changes.pop("hs_codes", None)
        report = services.report_update(
            report=report, actor=request.user, hs_codes=hs_codes, **changes
        )
        return Response(s.ReportSerializer(report).data)


class ReportWithdrawView(ScopedReportMixin, APIView):
    """Take a report back before it is accepted."""

    permission_classes = (IsAuthenticated, CanFileReports)
    parser_classes = (JSONParser,)

    @documented(
        summary="Withdraw a report",
        description="Possible until the report is accepted or rejected; otherwise 409.",
        parameters=[REFERENCE],
        request=s.ReportWithdrawSerializer,
        responses={200: s.ReportSerializer},
        validation=WithdrawValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        report = self.viewer_report()
        serializer = s.ReportWithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_withdraw(
            report=report, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(s.ReportSerializer(report).data)


# ---------------------------------------------------------------------------------------------
# Barriers (officials)
# ---------------------------------------------------------------------------------------------

BARRIER_REFERENCE = OpenApiParameter(
    "reference",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The barrier's reference, such as BAR-2026-0042.",
)
# What a barrier reference looks like; anything else is not looked up (and answers 404).
BARRIER_REFERENCE_PATTERN = re.compile(r"BAR-[0-9]{4}-[0-9]{4,12}")


@extend_schema_view(
    get=documented(
        summary="List barriers (officials)",
        description=(
            "Every barrier with its reports' figures, newest first, a page at a time: follow "
            "`next` (or `previous`). For officials allowed to view barriers; internal notes are "
            "never included. A cursor that was not taken from those links answers 404."
        ),
        responses={200: s.BarrierSerializer(many=True)},
        validation=BarrierFilterError,
        errors=(403, 404),
    )
)
class BarrierListView(generics.ListAPIView):
    serializer_class = s.BarrierSerializer
    permission_classes = (IsAuthenticated, CanReadBarriers)
    pagination_class = NewestFirstCursorPagination
    filterset_class = BarrierFilter

    def get_queryset(self) -> QuerySet[Barrier]:
        if getattr(self, "swagger_fake_view", False):
            return Barrier.objects.none()
        return selectors.barriers_for_official(viewer=self.request.user)


class BarrierDetailView(APIView):
    permission_classes = (IsAuthenticated, CanReadBarriers)

    @documented(
        summary="Read a barrier (officials)",
        parameters=[BARRIER_REFERENCE],
        responses={200: s.BarrierSerializer},
        errors=(403, 404),
    )
    def get(self, request: Request, reference: str) -> Response:
        if not BARRIER_REFERENCE_PATTERN.fullmatch(reference):
            raise NotFound()
        barrier = selectors.barrier_get_for_official(viewer=request.user, reference=reference)
        if barrier is None:
            raise NotFound()
        return Response(s.BarrierSerializer(barrier).data)


# ---------------------------------------------------------------------------------------------
# Evidence
# ---------------------------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="List a report's evidence files",
        parameters=[REFERENCE],
        responses={200: s.DocumentSerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class DocumentListView(ScopedReportMixin, generics.ListAPIView):
    """A report's evidence files; attach another."""

    serializer_class = s.DocumentSerializer
    parser_classes = (MultiPartParser,)
    pagination_class = Pagination
    filter_backends = ()

    def get_queryset(self) -> QuerySet[Document]:
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        self._report = self.viewer_report()
        return selectors.documents_for_viewer(viewer=self.request.user, report=self._report)

    @documented(
        summary="Attach an evidence file",
        description=(
            "Send `multipart/form-data` with the file in the field `file`. PDF, JPEG, PNG, DOCX "
            "and XLSX only, recognised by content rather than by name; at most 10 MB."
        ),
        parameters=[REFERENCE],
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={201: s.DocumentSerializer},
        validation=DocumentValidationError,
        errors=(404, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        self._report = self.viewer_report()
        serializer = s.DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        document = services.document_attach(
            report=self._report, actor=request.user, upload=upload, name=upload.name
        )
        data = s.DocumentSerializer(document, context=self.get_serializer_context()).data
        return Response(
            data, status=status.HTTP_201_CREATED, headers={"Location": data["download_url"]}
        )


class PassthroughRenderer(BaseRenderer):
    """Lets a client that asks for the file's own type (or anything) reach the download."""

    media_type = "*/*"
    format = "json"  # what it renders is an error body, always JSON

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        # Only errors are rendered here (the file itself is streamed by FileResponse).
        return JSONRenderer().render(data)


class DocumentDownloadView(APIView):
    """Stream one evidence file to someone who may see its report."""

    renderer_classes = (JSONRenderer, PassthroughRenderer)

    @documented(
        summary="Download an evidence file",
        parameters=[REFERENCE, DOCUMENT_ID],
        responses={
            (200, media_type): OpenApiResponse(
                response=OpenApiTypes.BINARY,
                description="The file, as an attachment with its original (sanitised) name.",
            )
            for media_type in ALLOWED_TYPES
        },
        errors=(404,),
    )
    def get(self, request: Request, reference: str, document_id: int) -> FileResponse:
        if not REFERENCE_PATTERN.fullmatch(reference):
            raise NotFound()
        document = selectors.document_get_for_viewer(viewer=request.user, document_id=document_id)
        if document is None or document.report.reference != reference:
            raise NotFound()
        try:
            return evidence_download(request=request, document=document)
        except FileNotFoundError as exc:
            raise NotFound("The file is no longer available.") from exc


# ---------------------------------------------------------------------------------------------
# Messages and timeline
# ---------------------------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="Read a report's message thread",
        description="Oldest first. Exporters see the messages between them and the officials.",
        parameters=[REFERENCE],
        responses={200: s.MessageSerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class MessageListView(ScopedReportMixin, generics.ListAPIView):
    """A report's thread with the officials; post to it."""

    serializer_class = s.MessageSerializer
    parser_classes = (JSONParser,)
    pagination_class = Pagination
    filter_backends = ()

    def get_queryset(self) -> QuerySet[Message]:
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        self._report = self.viewer_report()
        return selectors.messages_for_viewer(viewer=self.request.user, report=self._report)

    @documented(
        summary="Post a message",
        description=(
            "An exporter's answer to the officials' question puts the report back under review. "
            "Officials may post an internal note with `internal: true`."
        ),
        parameters=[REFERENCE],
        request=s.MessageInputSerializer,
        responses={201: s.MessageSerializer},
        validation=MessageValidationError,
        errors=(404, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        self._report = self.viewer_report()
        serializer = s.MessageInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_post(
            actor=request.user,
            report=self._report,
            body=serializer.validated_data["body"],
            internal=serializer.validated_data["internal"],
        )
        data = s.MessageSerializer(message, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=documented(
        summary="Read a report's timeline",
        description=(
            "Every public status change of the report and, once it is accepted, of the barrier "
            "it belongs to; oldest first."
        ),
        parameters=[REFERENCE],
        responses={200: s.TimelineEntrySerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class TimelineView(ScopedReportMixin, generics.ListAPIView):
    serializer_class = s.TimelineEntrySerializer
    pagination_class = Pagination
    filter_backends = ()

    def get_queryset(self) -> list[StatusChange]:  # type: ignore[override]
        if getattr(self, "swagger_fake_view", False):
            return StatusChange.objects.none()  # type: ignore[return-value]
        self._report = self.viewer_report()
        return selectors.timeline_for_viewer(viewer=self.request.user, report=self._report)


# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="Find HS codes",
        description=(
            f"HS codes whose code starts with, or whose description contains, `search` "
            f"(at most {HS_CODE_SEARCH_LIMIT} matches)."
        ),
        parameters=[
            OpenApiParameter(
                "search",
                OpenApiTypes.STR,
                description="Digits the code starts with, or words of the description.",
            )
        ],
        responses={200: s.HSCodeSerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class HSCodeListView(generics.ListAPIView):
    serializer_class = s.HSCodeSerializer
    pagination_class = Pagination
    filter_backends = ()

    def get_queryset(self) -> QuerySet[HSCode]:
        # PostgreSQL text cannot hold NUL characters.
        text = self.request.query_params.get("search", "")[:200].replace("\x00", "")
        return selectors.hs_codes_search(text=text, limit=HS_CODE_SEARCH_LIMIT)


@extend_schema_view(
    get=documented(
        summary="List the EAEU regulators",
        responses={200: s.RegulatorSerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class RegulatorListView(generics.ListAPIView):
    queryset = Regulator.objects.all()
    serializer_class = s.RegulatorSerializer
    pagination_class = Pagination
    filter_backends = ()


@extend_schema_view(
    get=documented(
        summary="List the barrier kinds and their usual decision times",
        responses={200: s.BarrierKindSerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class BarrierKindListView(generics.ListAPIView):
    queryset = BarrierKind.objects.all()
    serializer_class = s.BarrierKindSerializer
    pagination_class = Pagination
    filter_backends = ()


@extend_schema_view(
    get=documented(
        summary="List the destination countries (EAEU member states)",
        responses={200: s.CountrySerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class CountryListView(generics.ListAPIView):
    queryset = Country.objects.all()
    serializer_class = s.CountrySerializer
    pagination_class = Pagination
    filter_backends = ()
