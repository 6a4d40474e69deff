"""Officials move a barrier by hand through the API: resolve, partially resolve, close
unresolved, reopen, and keep a flagged barrier resolved.

The same services (services.lifecycle) and permission (`barriers.change_barrier`: triage
officers and agenda secretaries) as the admin's buttons; exporters, councils, focal points and
analysts get 403. A move the barrier's status does not allow answers 409; a refused field 400.
Each POST takes an Idempotency-Key; the answer is the barrier as the barrier API shows it.

Views parse the request, call one service and render the barrier.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.api import serializers as s
from barriers.api.barriers import BARRIER_REFERENCE, BARRIER_REFERENCE_PATTERN
from barriers.api.fields import StrictCharField
from barriers.api.idempotency import idempotent
from barriers.api.parsers import JSONParser
from barriers.api.permissions import CanChangeBarriers
from barriers.api.schema import documented, validation_error_serializer
from barriers.models import Barrier, ClosureReason, User, signed_in_user

TEXT_MAX_LENGTH = 2000  # services.lifecycle.NOTE_MAX_LENGTH

NoteValidationError = validation_error_serializer("BarrierNoteValidationError", ["note"])
CloseValidationError = validation_error_serializer(
    "BarrierCloseValidationError", ["reason", "note"]
)
ReopenValidationError = validation_error_serializer("BarrierReopenValidationError", ["reason"])


class BarrierNoteInputSerializer(serializers.Serializer):
    note = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=TEXT_MAX_LENGTH,
        help_text="Shown to the barrier's companies on their timeline and in the e-mail.",
    )


class BarrierCloseInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=ClosureReason.choices, help_text="Why the barrier is closed without a solution."
    )
    note = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=TEXT_MAX_LENGTH,
        help_text="The explanation the companies read; required when `reason` is `other`.",
    )


class BarrierReopenInputSerializer(serializers.Serializer):
    reason = StrictCharField(
        max_length=TEXT_MAX_LENGTH,
        help_text="Why the barrier is reopened; the companies read it.",
    )


class BarrierKeepResolvedInputSerializer(serializers.Serializer):
    note = StrictCharField(
        max_length=TEXT_MAX_LENGTH,
        help_text="Why the barrier stays resolved; kept as an internal note.",
    )


def _viewer(request: Request) -> User:
    return signed_in_user(request.user)


def _barrier(request: Request, reference: str) -> Barrier:
    if not BARRIER_REFERENCE_PATTERN.fullmatch(reference):
        raise NotFound()
    barrier = selectors.barrier_get_for_official(viewer=_viewer(request), reference=reference)
    if barrier is None:
        raise NotFound()
    return barrier


class _BarrierMoveView(APIView):
    permission_classes = (IsAuthenticated, CanChangeBarriers)
    parser_classes = (JSONParser,)
    input_serializer: type[serializers.Serializer]

    def move(self, barrier: Barrier, actor: User, data: dict[str, Any]) -> object:
        raise NotImplementedError

    def _run(self, request: Request, reference: str) -> Response:
        barrier = _barrier(request, reference)
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.move(barrier, _viewer(request), dict(serializer.validated_data))
        moved = _barrier(request, reference)
        return Response(s.BarrierSerializer(moved).data)


COMMON = (
    " The same step as the admin's button on the barrier's page, for triage officers and agenda "
    "secretaries. Each company with an accepted report is e-mailed; so are the focal points of "
    "the regulator the barrier is shared with. 409 when the barrier's status does not allow "
    "the move."
)


class BarrierResolveView(_BarrierMoveView):
    input_serializer = BarrierNoteInputSerializer

    def move(self, barrier: Barrier, actor: User, data: dict[str, Any]) -> object:
        return services.barrier_mark_resolved(barrier=barrier, actor=actor, note=data["note"])

    @documented(
        summary="Resolve a barrier (officials)",
        description="The barrier is resolved; its companies are asked whether the fix holds."
        + COMMON,
        parameters=[BARRIER_REFERENCE],
        request=BarrierNoteInputSerializer,
        responses={200: s.BarrierSerializer},
        validation=NoteValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
        examples=[
            OpenApiExample(
                "Resolve",
                value={"note": "The plants were listed on 20 November."},
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        return self._run(request, reference)


class BarrierPartiallyResolveView(_BarrierMoveView):
    input_serializer = BarrierNoteInputSerializer

    def move(self, barrier: Barrier, actor: User, data: dict[str, Any]) -> object:
        return services.barrier_mark_partially_resolved(
            barrier=barrier, actor=actor, note=data["note"]
        )

    @documented(
        summary="Partially resolve a barrier (officials)",
        description="Part of the problem is solved; the barrier stays active for the rest "
        "(from raised or action agreed)." + COMMON,
        parameters=[BARRIER_REFERENCE],
        request=BarrierNoteInputSerializer,
        responses={200: s.BarrierSerializer},
        validation=NoteValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        return self._run(request, reference)


class BarrierCloseView(_BarrierMoveView):
    input_serializer = BarrierCloseInputSerializer

    def move(self, barrier: Barrier, actor: User, data: dict[str, Any]) -> object:
        return services.barrier_close_unresolved(
            barrier=barrier, actor=actor, reason=data["reason"], note=data["note"]
        )

    @documented(
        summary="Close a barrier unresolved (officials)",
        description="Officials stop pursuing the barrier without a solution, for a reason from "
        "the list; open deadlines are cancelled." + COMMON,
        parameters=[BARRIER_REFERENCE],
        request=BarrierCloseInputSerializer,
        responses={200: s.BarrierSerializer},
        validation=CloseValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
        examples=[
            OpenApiExample(
                "Close",
                value={
                    "reason": "regulator_position_final",
                    "note": "The regulator confirmed the ban in writing.",
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        return self._run(request, reference)


class BarrierReopenView(_BarrierMoveView):
    input_serializer = BarrierReopenInputSerializer

    def move(self, barrier: Barrier, actor: User, data: dict[str, Any]) -> object:
        return services.barrier_reopen_by_official(
            barrier=barrier, actor=actor, reason=data["reason"]
        )

    @documented(
        summary="Reopen a barrier (officials)",
        description="A resolved or closed barrier is open again, with the reason; a review "
        "flag is cleared." + COMMON,
        parameters=[BARRIER_REFERENCE],
        request=BarrierReopenInputSerializer,
        responses={200: s.BarrierSerializer},
        validation=ReopenValidationError,
        errors=(403, 404, 409, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        return self._run(request, reference)


class BarrierKeepResolvedView(_BarrierMoveView):
    input_serializer = BarrierKeepResolvedInputSerializer

    def move(self, barrier: Barrier, actor: User, data: dict[str, Any]) -> object:
        return services.barrier_keep_resolved(barrier=barrier, actor=actor, note=data["note"])

    @documented(
        summary="Keep a flagged barrier resolved (officials)",
        description=(
            "After a company said the fix does not hold (`review_flagged_at`), an official "
            "decides the barrier stays resolved: the flag is cleared and the note kept "
            "internally; nobody is e-mailed. 409 when the barrier is not flagged."
        ),
        parameters=[BARRIER_REFERENCE],
        request=BarrierKeepResolvedInputSerializer,
        responses={200: s.BarrierSerializer},
        validation=validation_error_serializer("BarrierKeepResolvedValidationError", ["note"]),
        errors=(403, 404, 409, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        return self._run(request, reference)
