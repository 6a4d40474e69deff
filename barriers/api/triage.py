"""Triage through the API: officials start a review, ask the exporter, accept or reject a report.

Each step calls the service the admin's button calls (barriers.admin.actions.REPORT_STEPS) and
needs the permission the admin checks for it (`barriers.change_report`: triage officers), so
both doors give the same result, the same status history and the same e-mails. A move the
report's status does not allow answers 409, a refused value 400 naming the field; nothing is
changed either way. Every step honours the Idempotency-Key header.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.api import serializers as s
from barriers.api.fields import StrictCharField
from barriers.api.idempotency import idempotent
from barriers.api.parsers import JSONParser
from barriers.api.permissions import IsOfficialAllowedTo
from barriers.api.reports import REFERENCE, ScopedReportMixin
from barriers.api.schema import documented, validation_error_serializer
from barriers.domain.transitions import BARRIER_ACTIVE
from barriers.models import Barrier, RejectionReason, Report, signed_in_user

TRIAGE_PERMISSION = "barriers.change_report"
TRIAGE_REFUSED = (
    "Only officials who may triage reports (triage officers) may start a review, request "
    "information, accept or reject a report."
)
STATUS_CONFLICT = (
    " A report whose status does not allow the step answers 409 with the code "
    "`transition_not_allowed`, and nothing changes."
)


class RequestInfoSerializer(serializers.Serializer):
    question = StrictCharField(
        help_text=(
            "The question for the exporter: posted on the report's thread and sent to the "
            "exporter by e-mail."
        ),
    )


class AcceptSerializer(serializers.Serializer):
    barrier = serializers.SlugRelatedField(
        slug_field="reference",
        queryset=Barrier.objects.filter(status__in=BARRIER_ACTIVE),
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "The reference of an active barrier to accept the report into (a merge), such as "
            "BAR-2026-0042; null or left out to open a new barrier from the report."
        ),
        error_messages={
            "does_not_exist": "Choose an active barrier: {value} is not one.",
            "invalid": "Give a barrier reference (a JSON string) or null.",
        },
    )


class RejectSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=RejectionReason.choices, help_text="Why the report is rejected."
    )
    note = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The explanation the exporter sees; required when the reason is `other`.",
    )


RequestInfoValidationError = validation_error_serializer("RequestInfoValidationError", ["question"])
AcceptValidationError = validation_error_serializer("AcceptValidationError", ["barrier"])
RejectValidationError = validation_error_serializer("RejectValidationError", ["reason", "note"])


class ReportStepView(ScopedReportMixin, APIView):
    """A triage step on /reports/{reference}/<step>/: the report as it is after the step."""

    permission_classes = (IsAuthenticated, IsOfficialAllowedTo)
    required_permission = TRIAGE_PERMISSION
    refused_message = TRIAGE_REFUSED
    parser_classes = (JSONParser,)

    def report_after(self, report: Report) -> Response:
        fresh = selectors.report_get_for_viewer(
            viewer=signed_in_user(self.request.user), reference=report.reference
        )
        return Response(s.ReportSerializer(fresh).data)


class ReportStartReviewView(ReportStepView):
    @documented(
        summary="Start reviewing a report (officials)",
        description=(
            "A submitted report is picked up: its status becomes `under_review`, with a status "
            "history row. For triage officers." + STATUS_CONFLICT
        ),
        parameters=[REFERENCE],
        request=None,
        responses={200: s.ReportSerializer},
        errors=(400, 403, 404, 409),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        report = services.report_start_review(
            report=self.viewer_report(), actor=signed_in_user(request.user)
        )
        return self.report_after(report)


class ReportRequestInfoView(ReportStepView):
    @documented(
        summary="Ask the exporter for information (officials)",
        description=(
            "From `under_review`: the status becomes `info_requested`, the question goes on "
            "the report's thread and to the exporter by e-mail. For triage officers."
            + STATUS_CONFLICT
        ),
        parameters=[REFERENCE],
        request=RequestInfoSerializer,
        responses={200: s.ReportSerializer},
        validation=RequestInfoValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
        examples=[
            OpenApiExample(
                "A question",
                value={"question": "Please attach the FSVPS acknowledgement of your application."},
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        report = self.viewer_report()
        serializer = RequestInfoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_request_info(
            report=report,
            actor=signed_in_user(request.user),
            question=serializer.validated_data["question"],
        )
        return self.report_after(report)


class ReportAcceptView(ReportStepView):
    @documented(
        summary="Accept a report into a barrier (officials)",
        description=(
            "From `under_review`: the report is accepted into the active barrier given (a "
            "merge: the barrier gains the report's HS codes), or, without one, as a new "
            "barrier built from its facts. The exporter is told by e-mail. For triage officers. "
            "A barrier that is not active answers 400 naming `barrier`." + STATUS_CONFLICT
        ),
        parameters=[REFERENCE],
        request=AcceptSerializer,
        responses={200: s.ReportSerializer},
        validation=AcceptValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        report = self.viewer_report()
        serializer = AcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_accept(
            report=report,
            actor=signed_in_user(request.user),
            barrier=serializer.validated_data["barrier"],
        )
        return self.report_after(report)


class ReportRejectView(ReportStepView):
    @documented(
        summary="Reject a report (officials)",
        description=(
            "From `under_review` or `info_requested`: the report is rejected with a reason from "
            "the list and, for `other`, an explanation; the exporter is told both by e-mail. "
            "For triage officers." + STATUS_CONFLICT
        ),
        parameters=[REFERENCE],
        request=RejectSerializer,
        responses={200: s.ReportSerializer},
        validation=RejectValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        report = self.viewer_report()
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_reject(
            report=report,
            actor=signed_in_user(request.user),
            reason=serializer.validated_data["reason"],
            note=serializer.validated_data["note"],
        )
        return self.report_after(report)
