"""Meetings and their agendas in the API: officials read them, the agenda secretary drafts."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.api.idempotency import idempotent
from barriers.api.schema import documented
from barriers.domain import routing
from barriers.models import AgendaItem, Barrier, Meeting, signed_in_user

OFFICIALS_ONLY = "Meetings and agendas are for officials."


class IsOfficialWithPermission(BasePermission):
    """Staff users holding `required_permission` (view for reading, change for drafting)."""

    message = OFFICIALS_ONLY

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        needed = getattr(view, "required_permission", "barriers.view_meeting")
        return bool(user and user.is_authenticated and user.is_staff and user.has_perm(needed))


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = [
            "code",
            "date",
            "venue",
            "format",
            "status",
            "cutoff_on",
            "circulate_on",
            "capacity",
        ]


class AgendaBarrierSerializer(serializers.ModelSerializer):
    regulator = serializers.CharField(source="regulator_id", allow_null=True)
    barrier_kind = serializers.CharField(source="barrier_kind_id")

    class Meta:
        model = Barrier
        fields = ["reference", "title", "title_ru", "status", "regulator", "barrier_kind"]


class AgendaItemSerializer(serializers.ModelSerializer):
    barrier = AgendaBarrierSerializer()
    score_breakdown = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField())
    )
    number = serializers.SerializerMethodField(
        help_text="The item's number in agenda order (tracks in order, then position), as the "
        "meeting documents number it; the reserve list is numbered on its own."
    )
    labels = serializers.SerializerMethodField(
        help_text="'carried over', 'previously raised N times', 'escalated': each only when true."
    )

    def get_number(self, obj: AgendaItem) -> int:
        return int(getattr(obj, "number", obj.position))

    def get_labels(self, obj: AgendaItem) -> list[str]:
        return routing.history_labels(
            carry_over=obj.is_carry_over, times_raised=obj.times_raised, escalate=obj.escalate
        )

    class Meta:
        model = AgendaItem
        fields = [
            "number",
            "section",
            "track",
            "position",
            "barrier",
            "score",
            "score_breakdown",
            "reason",
            "is_carry_over",
            "times_raised",
            "escalate",
            "labels",
            "manually_changed",
            "outcome",
        ]


class AgendaItemOutcomeSerializer(AgendaItemSerializer):
    """An agenda item with the outcome recorded for it (officials only: the internal note too)."""

    meeting = serializers.CharField(source="meeting.code", help_text="The meeting's code.")
    outcome_recorded_by = serializers.EmailField(
        source="outcome_recorded_by.email", allow_null=True, default=None
    )

    class Meta(AgendaItemSerializer.Meta):
        fields = [
            "meeting",
            *AgendaItemSerializer.Meta.fields,
            "statement_india",
            "statement_eaeu",
            "counterpart_commitment",
            "internal_note",
            "outcome_recorded_at",
            "outcome_recorded_by",
        ]


class AgendaSerializer(serializers.Serializer):
    meeting = MeetingSerializer()
    agenda = AgendaItemSerializer(many=True)
    reserve = AgendaItemSerializer(many=True)


def _meeting_or_404(code: str) -> Meeting:
    meeting = Meeting.objects.filter(code=code).first()
    if meeting is None:
        raise Http404
    return meeting


def _agenda_payload(meeting: Meeting) -> dict[str, Any]:
    items = list(selectors.agenda_for_meeting(meeting=meeting))
    agenda = sorted(
        (i for i in items if i.section == "agenda"),
        key=lambda i: routing.agenda_sort_key(i.track, i.position, i.pk),
    )
    reserve = [i for i in items if i.section == "reserve"]
    for group in (agenda, reserve):
        for number, item in enumerate(group, start=1):
            item.number = number  # type: ignore[attr-defined]  # AgendaItemSerializer.number
    return AgendaSerializer({"meeting": meeting, "agenda": agenda, "reserve": reserve}).data


class MeetingListView(generics.ListAPIView):
    permission_classes = [IsOfficialWithPermission]
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.order_by("-date")

    @documented(
        summary="List the quarterly meetings, newest first",
        responses={200: MeetingSerializer(many=True)},
        errors=[403, 404],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class MeetingAgendaView(APIView):
    permission_classes = [IsOfficialWithPermission]

    @documented(
        summary="Read a meeting's agenda and reserve list, with scores and reasons",
        responses={200: AgendaSerializer},
        errors=[403, 404],
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(_agenda_payload(_meeting_or_404(code)))


class MeetingDraftView(APIView):
    permission_classes = [IsOfficialWithPermission]
    required_permission = "barriers.change_meeting"

    @documented(
        summary="Draft (or draft again) a meeting's agenda from the routing rules",
        description=(
            "Recomputes the draft; items officials placed or removed by hand stay. Refused with "
            "409 (`agenda_closed`) once the agenda is frozen."
        ),
        request=None,
        responses={200: AgendaSerializer},
        errors=[400, 403, 404, 409],
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, code: str) -> Response:
        meeting = _meeting_or_404(code)
        services.agenda_draft(meeting=meeting, actor=signed_in_user(request.user))
        meeting.refresh_from_db()
        return Response(_agenda_payload(meeting))
