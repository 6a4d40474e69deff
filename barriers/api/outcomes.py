"""After the meeting, through the API: outcomes of agenda items and the action points agreed.

Each operation calls the service the admin calls and needs the permission the admin checks:
recording an outcome and adding an action point are buttons of the meeting's page
(`barriers.change_meeting`: agenda secretaries); changing an action point and moving its status
(done, dropped, open again) are the action point's page and steps (`barriers.change_actionpoint`).
A refused value answers 400 naming the field, a status move the table does not allow 409;
nothing is changed either way. Every POST honours the Idempotency-Key header.
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.api.barriers import BARRIER_REFERENCE_PATTERN
from barriers.api.fields import StrictCharField
from barriers.api.idempotency import idempotent
from barriers.api.meetings import AgendaItemOutcomeSerializer
from barriers.api.parsers import JSONParser
from barriers.api.permissions import IsOfficialAllowedTo
from barriers.api.schema import documented, validation_error_serializer
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    Outcome,
    Party,
    Regulator,
    User,
    signed_in_user,
)

# A meeting code as officials write it (2026-Q4): any text without control characters.
MEETING_CODE_TEXT = re.compile(r"[^\x00-\x1f\x7f]{1,100}")
MEETING_PERMISSION = "barriers.change_meeting"
ACTION_POINT_PERMISSION = "barriers.change_actionpoint"
MEETING_REFUSED = (
    "Only officials who may run meetings (agenda secretaries) may record outcomes and add "
    "action points."
)
ACTION_POINT_REFUSED = (
    "Only officials who may change action points (agenda secretaries) may change them or move "
    "their status; every official may read them."
)

MEETING_CODE = OpenApiParameter(
    "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="The meeting's code: 2026-Q4."
)
ITEM_REFERENCE = OpenApiParameter(
    "reference",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The reference of the barrier on the meeting's agenda, such as BAR-2026-0042.",
)
ACTION_POINT_ID = OpenApiParameter(
    "action_point_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The action point's id."
)


# ---------------------------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------------------------


class ActionPointSerializer(serializers.ModelSerializer):
    """Something a party agreed to do at a meeting, and where it stands."""

    meeting = serializers.CharField(source="meeting.code", help_text="The meeting's code.")
    barrier = serializers.CharField(
        source="barrier.reference", help_text="The barrier's reference."
    )
    regulator = serializers.CharField(
        source="regulator_id", allow_null=True, help_text="The regulator's code, or null."
    )
    owner = serializers.EmailField(
        source="owner.email",
        allow_null=True,
        default=None,
        help_text="The e-mail address of the official who follows it up, or null.",
    )

    class Meta:
        model = ActionPoint
        fields = [
            "id",
            "meeting",
            "barrier",
            "description",
            "party",
            "owner_agency",
            "regulator",
            "owner",
            "due_on",
            "status",
            "completed_on",
            "evidence",
            "created_at",
        ]
        read_only_fields = fields


class OutcomeInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, help_text="What the meeting decided; the barrier moves with it."
    )
    statement_india = StrictCharField(required=False, allow_blank=True, default="")
    statement_eaeu = StrictCharField(required=False, allow_blank=True, default="")
    counterpart_commitment = StrictCharField(required=False, allow_blank=True, default="")
    internal_note = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Officials only: never shown to exporters or the EAEU side.",
    )


def _official_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="email",
        queryset=User.objects.filter(is_staff=True, is_active=True),
        allow_null=True,
        help_text="The e-mail address of an active official who follows it up, or null.",
        error_messages={"does_not_exist": "{value} is not an active official."},
        **kwargs,
    )


def _regulator_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Regulator.objects.all(),
        allow_null=True,
        error_messages={"does_not_exist": "There is no regulator {value}."},
        **kwargs,
    )


class ActionPointInputSerializer(serializers.Serializer):
    """A new action point; `regulator` left out is the barrier's (as the admin's form offers)."""

    description = StrictCharField(help_text="What was agreed.")
    party = serializers.ChoiceField(choices=Party.choices, help_text="Who is to do it.")
    due_on = serializers.DateField(help_text="By when; not before the meeting.")
    owner_agency = StrictCharField(required=False, allow_blank=True, default="", max_length=200)
    regulator = _regulator_field(
        required=False,
        help_text="The regulator's code, or null; left out: the barrier's regulator.",
    )
    owner = _official_field(required=False, default=None)


class ActionPointChangeSerializer(serializers.Serializer):
    """What an action point says; send only the fields to change."""

    description = StrictCharField(required=False)
    party = serializers.ChoiceField(choices=Party.choices, required=False)
    due_on = serializers.DateField(required=False)
    owner_agency = StrictCharField(required=False, allow_blank=True, max_length=200)
    regulator = _regulator_field(required=False, help_text="The regulator's code, or null.")
    owner = _official_field(required=False)


class ActionPointDoneSerializer(serializers.Serializer):
    completed_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The day it was done (today when left out); never in the future.",
    )
    evidence = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="What shows it was done (a letter, a listing, a certificate).",
    )


class ActionPointNoteSerializer(serializers.Serializer):
    note = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why: kept in the action point's status history.",
    )


OutcomeValidationError = validation_error_serializer(
    "OutcomeValidationError", list(OutcomeInputSerializer().fields)
)
ActionPointValidationError = validation_error_serializer(
    "ActionPointValidationError", list(ActionPointInputSerializer().fields)
)
ActionPointDoneValidationError = validation_error_serializer(
    "ActionPointDoneValidationError", ["completed_on", "evidence"]
)
ActionPointNoteValidationError = validation_error_serializer(
    "ActionPointNoteValidationError", ["note"]
)


# ---------------------------------------------------------------------------------------------
# Agenda items: the outcome, new action points
# ---------------------------------------------------------------------------------------------


class AgendaItemStepView(APIView):
    permission_classes = (IsAuthenticated, IsOfficialAllowedTo)
    required_permission = MEETING_PERMISSION
    refused_message = MEETING_REFUSED
    parser_classes = (JSONParser,)

    def agenda_item(self, code: str, reference: str) -> AgendaItem:
        # What is not a barrier reference or a meeting code is not looked up.
        if not BARRIER_REFERENCE_PATTERN.fullmatch(reference) or not MEETING_CODE_TEXT.fullmatch(
            code
        ):
            raise NotFound()
        item = selectors.agenda_item_get(meeting_code=code, barrier_reference=reference)
        if item is None:
            raise NotFound()
        return item


class OutcomeView(AgendaItemStepView):
    @documented(
        summary="Record the outcome of an agenda item (officials)",
        description=(
            "Once the meeting is held: what it decided on the barrier, with the statements of "
            "both sides. The barrier moves with the outcome (raised, action agreed, resolved...) "
            "and the companies behind it are told the public statements by e-mail. The meeting "
            "stays held (action points can still be added) until a secretary closes it in the "
            "admin. For agenda secretaries. An outcome "
            "already recorded, or a meeting not held yet, answers 400 naming `outcome`."
        ),
        parameters=[MEETING_CODE, ITEM_REFERENCE],
        request=OutcomeInputSerializer,
        responses={200: AgendaItemOutcomeSerializer},
        validation=OutcomeValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, code: str, reference: str) -> Response:
        item = self.agenda_item(code, reference)
        serializer = OutcomeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.outcome_record(
            item=item, actor=signed_in_user(request.user), **serializer.validated_data
        )
        return Response(AgendaItemOutcomeSerializer(self.agenda_item(code, reference)).data)


class ActionPointCreateView(AgendaItemStepView):
    @documented(
        summary="Add an action point agreed on an agenda item (officials)",
        description=(
            "Something a party agreed to do at the meeting about this barrier, with a due date "
            "(not before the meeting) and, if you like, an owner agency, a regulator and an "
            "official who follows it up. For agenda secretaries."
        ),
        parameters=[MEETING_CODE, ITEM_REFERENCE],
        request=ActionPointInputSerializer,
        responses={201: ActionPointSerializer},
        validation=ActionPointValidationError,
        errors=(403, 404, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, code: str, reference: str) -> Response:
        item = self.agenda_item(code, reference)
        serializer = ActionPointInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "regulator" not in data:
            data["regulator"] = item.barrier.regulator
        point = services.action_point_create(
            meeting=item.meeting, barrier=item.barrier, actor=signed_in_user(request.user), **data
        )
        location = reverse("api-action-point", kwargs={"action_point_id": point.pk})
        return Response(
            ActionPointSerializer(selectors.action_point_get(pk=point.pk)).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


# ---------------------------------------------------------------------------------------------
# Action points: read, change, move
# ---------------------------------------------------------------------------------------------


class ActionPointMixin:
    def action_point(self, action_point_id: str) -> ActionPoint:
        # Matched as text in the URL so that a malformed id answers the API's 404.
        if not action_point_id.isdigit() or len(action_point_id) > 12:
            raise NotFound()
        point = selectors.action_point_get(pk=int(action_point_id))
        if point is None:
            raise NotFound()
        return point

    def rendered(self, point: ActionPoint) -> Response:
        return Response(ActionPointSerializer(selectors.action_point_get(pk=point.pk)).data)


class ActionPointDetailView(ActionPointMixin, APIView):
    permission_classes = (IsAuthenticated, IsOfficialAllowedTo)
    required_permissions = {
        "GET": "barriers.view_actionpoint",
        "HEAD": "barriers.view_actionpoint",
        "OPTIONS": "barriers.view_actionpoint",
        "PATCH": ACTION_POINT_PERMISSION,
    }
    refused_message = ACTION_POINT_REFUSED
    parser_classes = (JSONParser,)

    @documented(
        summary="Read an action point (officials)",
        parameters=[ACTION_POINT_ID],
        responses={200: ActionPointSerializer},
        errors=(403, 404),
    )
    def get(self, request: Request, action_point_id: str) -> Response:
        return Response(ActionPointSerializer(self.action_point(action_point_id)).data)

    @documented(
        summary="Change an action point (officials)",
        description=(
            "What was agreed, by whom and by when; send only the fields to change. Its status "
            "moves with done, drop and reopen. For agenda secretaries."
        ),
        parameters=[ACTION_POINT_ID],
        request=ActionPointChangeSerializer,
        responses={200: ActionPointSerializer},
        validation=ActionPointValidationError,
        errors=(403, 404, 415),
    )
    def patch(self, request: Request, action_point_id: str) -> Response:
        point = self.action_point(action_point_id)
        serializer = ActionPointChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        point = services.action_point_update(
            action_point=point, actor=signed_in_user(request.user), **serializer.validated_data
        )
        return self.rendered(point)


class ActionPointStepView(ActionPointMixin, APIView):
    permission_classes = (IsAuthenticated, IsOfficialAllowedTo)
    required_permission = ACTION_POINT_PERMISSION
    refused_message = ACTION_POINT_REFUSED
    parser_classes = (JSONParser,)


STATUS_CONFLICT = (
    " A status the move is not allowed from answers 409 with the code "
    "`transition_not_allowed`, and nothing changes."
)


class ActionPointDoneView(ActionPointStepView):
    @documented(
        summary="Mark an action point done (officials)",
        description=(
            "From open: done on the day given (today when left out, never in the future), with "
            "what shows it; a status history row. For agenda secretaries." + STATUS_CONFLICT
        ),
        parameters=[ACTION_POINT_ID],
        request=ActionPointDoneSerializer,
        responses={200: ActionPointSerializer},
        validation=ActionPointDoneValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, action_point_id: str) -> Response:
        point = self.action_point(action_point_id)
        serializer = ActionPointDoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        point = services.action_point_transition(
            action_point=point,
            to=ActionPointStatus.DONE,
            actor=signed_in_user(request.user),
            completed_on=serializer.validated_data["completed_on"],
            evidence=serializer.validated_data["evidence"],
        )
        return self.rendered(point)


class ActionPointDropView(ActionPointStepView):
    @documented(
        summary="Drop an action point (officials)",
        description=(
            "From open: no longer pursued, with the reason in its status history. For agenda "
            "secretaries." + STATUS_CONFLICT
        ),
        parameters=[ACTION_POINT_ID],
        request=ActionPointNoteSerializer,
        responses={200: ActionPointSerializer},
        validation=ActionPointNoteValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, action_point_id: str) -> Response:
        return self._move(request, action_point_id, ActionPointStatus.DROPPED)

    def _move(self, request: Request, action_point_id: str, to: str) -> Response:
        point = self.action_point(action_point_id)
        serializer = ActionPointNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        point = services.action_point_transition(
            action_point=point,
            to=to,
            actor=signed_in_user(request.user),
            note=serializer.validated_data["note"],
        )
        return self.rendered(point)


class ActionPointReopenView(ActionPointDropView):
    @documented(
        summary="Reopen an action point (officials)",
        description=(
            "From done or dropped: open again, with the reason in its status history; the "
            "completion date is cleared. For agenda secretaries." + STATUS_CONFLICT
        ),
        parameters=[ACTION_POINT_ID],
        request=ActionPointNoteSerializer,
        responses={200: ActionPointSerializer},
        validation=ActionPointNoteValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, action_point_id: str) -> Response:
        return self._move(request, action_point_id, ActionPointStatus.OPEN)
