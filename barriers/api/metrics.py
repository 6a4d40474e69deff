"""What the meetings achieve, and the public-safe summary of a barrier: for officials."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors
from barriers.api.meetings import IsOfficialWithPermission
from barriers.api.schema import documented
from barriers.dashboard import figures as dashboard
from barriers.models import Barrier


class ResolutionDaysSerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    regulator = serializers.CharField(allow_null=True)
    first_report_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField()
    days = serializers.FloatField()


class MeetingMetricsSerializer(serializers.Serializer):
    meeting = serializers.CharField()
    date = serializers.DateField()
    status = serializers.CharField()
    items = serializers.IntegerField()
    raised = serializers.IntegerField()
    resolved = serializers.IntegerField()
    partially_resolved = serializers.IntegerField()
    carried_over = serializers.IntegerField()
    action_points = serializers.IntegerField()
    action_points_on_time = serializers.IntegerField()


class RegulatorQuarterSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    regulator = serializers.CharField()
    open = serializers.IntegerField()
    median_days_pending = serializers.FloatField(allow_null=True)
    resolved = serializers.IntegerField()
    resolution_rate = serializers.FloatField(allow_null=True)


class MetricsSerializer(serializers.Serializer):
    resolution_days = ResolutionDaysSerializer(many=True)
    meetings = MeetingMetricsSerializer(many=True)
    regulators_by_quarter = RegulatorQuarterSerializer(many=True)


class PublicSummaryRegulatorSerializer(serializers.Serializer):
    name = serializers.CharField()
    name_ru = serializers.CharField()
    abbreviation = serializers.CharField()


class PublicSummaryMeetingSerializer(serializers.Serializer):
    meeting = serializers.CharField()
    date = serializers.DateField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    statement_india = serializers.CharField()
    statement_eaeu = serializers.CharField()
    counterpart_commitment = serializers.CharField()


class BarrierPublicSummarySerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    title_ru = serializers.CharField()
    status = serializers.CharField()
    regulator = PublicSummaryRegulatorSerializer(allow_null=True)
    country = serializers.CharField(allow_null=True)
    kind = serializers.CharField()
    hs_codes = serializers.ListField(child=serializers.CharField())
    companies = serializers.IntegerField()
    named_companies = serializers.ListField(
        child=serializers.CharField(),
        help_text="Only companies whose accepted report consents to sharing their name.",
    )
    trade_value_usd = serializers.DecimalField(max_digits=16, decimal_places=2)
    longest_days_pending = serializers.IntegerField()
    meetings = PublicSummaryMeetingSerializer(many=True)


class MetricsView(APIView):
    permission_classes = [IsOfficialWithPermission]
    required_permission = "barriers.view_barrier"

    @documented(
        summary="What the meetings achieve: resolution times, per meeting, per regulator",
        description=(
            "Three blocks: days from first report to resolution per resolved barrier; per held "
            "meeting the items raised, resolved, partially resolved, carried over and action "
            "points done on time; per regulator and quarter the open barriers, median days "
            "pending and resolution rate."
        ),
        responses={200: MetricsSerializer},
        errors=[403],
    )
    def get(self, request: Request) -> Response:
        return Response(MetricsSerializer(dashboard.metrics()).data)


class BarrierSummaryView(APIView):
    permission_classes = [IsOfficialWithPermission]
    required_permission = "barriers.view_barrier"

    @documented(
        summary="A barrier's public-safe summary (no internal notes, companies only with consent)",
        responses={200: BarrierPublicSummarySerializer},
        errors=[403, 404],
    )
    def get(self, request: Request, reference: str) -> Response:
        barrier = Barrier.objects.filter(reference=reference).first()
        if barrier is None:
            raise Http404
        summary: dict[str, Any] = selectors.barrier_public_summary(barrier=barrier)
        return Response(BarrierPublicSummarySerializer(summary).data)
