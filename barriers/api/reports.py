"""Reports: filing, listing, reading and withdrawing them, their messages and timeline.

Reports another company owns answer 404 exactly like references that do not exist, so
references cannot be probed; scoping itself lives in `barriers.selectors`.

Views parse the request, call one selector or service and render the result.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.api import serializers as s
from barriers.api.filters import ReportFilter
from barriers.api.idempotency import idempotent
from barriers.api.pagination import ListOrderCursorPagination, PageError, Pagination
from barriers.api.parsers import JSONParser
from barriers.api.permissions import CanFileReports, NotForFocalPoints
from barriers.api.schema import documented, validation_error_serializer
from barriers.models import (
    Message,
    Report,
    StatusChange,
    signed_in_user,
)

# What a report reference looks like; anything else is not looked up (and answers 404).
REFERENCE_PATTERN = re.compile(r"REP-[0-9]{4}-[0-9]{6,12}")

REFERENCE = OpenApiParameter(
    "reference",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The report's reference, such as REP-2026-000123.",
)

ReportValidationError = validation_error_serializer(
    "ReportValidationError",
    [*s.ReportCreateSerializer().fields, "company"],
)
ReportFilterError = validation_error_serializer(
    "ReportFilterError",
    [*ReportFilter.base_filters, "page_size"],
    query=True,
)
WithdrawValidationError = validation_error_serializer("WithdrawValidationError", ["reason"])
PublicationConsentValidationError = validation_error_serializer(
    "PublicationConsentValidationError", ["consent_to_publish"]
)
MessageValidationError = validation_error_serializer("MessageValidationError", ["body", "internal"])


if TYPE_CHECKING:
    # What ScopedReportMixin is mixed into (a view), for the type checker only.
    _ViewMixin = APIView
else:
    _ViewMixin = object


class ScopedReportMixin(_ViewMixin):
    """For views under /reports/{reference}/: the report, if the viewer may see it, else 404."""

    def viewer_report(self) -> Report:
        reference = self.kwargs["reference"]
        if not REFERENCE_PATTERN.fullmatch(reference):
            raise NotFound()
        report = selectors.report_get_for_viewer(
            viewer=signed_in_user(self.request.user), reference=reference
        )
        if report is None:
            raise NotFound()
        return report

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]  # on the generic views only
        # Set once the view has looked the report up (not for OPTIONS or the schema).
        context["report"] = getattr(self, "_report", None)
        return context


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="List your reports",
        description=(
            "Exporters see their company's reports, councils the reports they filed (`member` "
            "narrows them to one member company), officials all reports. Find reports by words "
            "(`search`), status, destination country, kind and filing dates; sort them with "
            "`ordering` (newest filed first by default, best match first when searching). A "
            "value that is not valid answers 400 naming the parameter and the reason.\n\n"
            "A page at a time: follow `next` (or `previous`) for the following page, with the "
            "same filters and `ordering` (the links keep them). The cursor holds where the page "
            "ends in the chosen order: the values the order compares (the filing time, days "
            "pending, the status or the search rank, then the filing time and id that break "
            "ties) of its last report, so pages never skip or repeat a report, forwards or "
            "backwards, even when many reports share a status or a number of days. Days pending "
            "count to today, so a cursor of that order is meant for the next request, not to "
            "keep. A cursor that was not taken "
            "from those links answers 404. Focal points of an EAEU regulator get 403: reports "
            "are India's case file."
        ),
        responses={200: s.ReportSerializer(many=True)},
        validation=ReportFilterError,
        errors=(403, 404),
    )
)
class ReportListView(generics.ListAPIView):
    """List the viewer's reports; file a new one."""

    serializer_class = s.ReportSerializer
    permission_classes = (IsAuthenticated, NotForFocalPoints, CanFileReports)
    parser_classes = (JSONParser,)
    pagination_class = ListOrderCursorPagination
    filterset_class = ReportFilter
    domain_error_fields = {"company": "company_iec"}

    def get_queryset(self) -> QuerySet[Report]:
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        return selectors.reports_for_viewer(viewer=signed_in_user(self.request.user))

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
        report = services.report_create(
            actor=signed_in_user(request.user), **serializer.validated_data
        )
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
            "`report_not_editable`. The consent to be named on the public register can be "
            "changed in any status: POST `/reports/{reference}/publication-consent/`."
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
            report=report, actor=signed_in_user(request.user), hs_codes=hs_codes, **changes
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
            report=report,
            actor=signed_in_user(request.user),
            reason=serializer.validated_data["reason"],
        )
        return Response(s.ReportSerializer(report).data)


class ReportPublicationConsentView(ScopedReportMixin, APIView):
    """Give or withdraw the company's consent to be named on the public register."""

    permission_classes = (IsAuthenticated, CanFileReports)
    parser_classes = (JSONParser,)

    @documented(
        summary="Give or withdraw consent to be named on the public register",
        description=(
            "Possible in any status of the report, for the users of its company and of the "
            "council that filed it. The public register names a company only when every one of "
            "its accepted reports on a published barrier has consent and the officials chose "
            "to name the barrier's companies; otherwise it only counts it. A withdrawn consent "
            "takes the name off the register's pages at once. Sending the current value changes "
            "nothing. Officials get 403."
        ),
        parameters=[REFERENCE],
        request=s.PublicationConsentSerializer,
        responses={200: s.ReportSerializer},
        validation=PublicationConsentValidationError,
        errors=(403, 404, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        report = self.viewer_report()
        serializer = s.PublicationConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_publication_consent_set(
            report=report,
            actor=signed_in_user(request.user),
            consent=serializer.validated_data["consent_to_publish"],
        )
        return Response(s.ReportSerializer(report).data)


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
        return selectors.messages_for_viewer(
            viewer=signed_in_user(self.request.user), report=self._report
        )

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
            actor=signed_in_user(request.user),
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

    def get_queryset(self) -> QuerySet[StatusChange] | list[StatusChange]:  # type: ignore[override]  # a list: two histories merged
        if getattr(self, "swagger_fake_view", False):
            return StatusChange.objects.none()
        self._report = self.viewer_report()
        return selectors.timeline_for_viewer(
            viewer=signed_in_user(self.request.user), report=self._report
        )
