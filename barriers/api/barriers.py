"""Barriers for officials: the list with filters and one barrier's page.

Views parse the request, call one selector or service and render the result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.api import serializers as s
from barriers.api.filters import BarrierFilter
from barriers.api.pagination import NewestFirstCursorPagination
from barriers.api.parsers import JSONParser
from barriers.api.permissions import CanReadBarriers, CanTriageBarriers
from barriers.api.schema import documented, validation_error_serializer
from barriers.models import (
    Barrier,
    signed_in_user,
)

BarrierFilterError = validation_error_serializer(
    "BarrierFilterError",
    [
        "status",
        "regulator",
        "destination_country",
        "barrier_kind",
        "sector",
        "legal_basis",
        "search",
        "page_size",
    ],
    query=True,
)


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
        return selectors.barriers_for_official(viewer=signed_in_user(self.request.user))


BarrierChangeError = validation_error_serializer("BarrierChangeError", ["legal_basis"])


class BarrierDetailView(APIView):
    permission_classes = (IsAuthenticated, CanReadBarriers)
    # JSON only, like the officials' other steps: a form field cannot say null, and an empty
    # one would clear the legal basis unasked.
    parser_classes = (JSONParser,)

    def get_permissions(self) -> Sequence[Any]:
        if self.request.method == "PATCH":
            return [IsAuthenticated(), CanTriageBarriers()]
        return super().get_permissions()

    @documented(
        summary="Read a barrier (officials)",
        parameters=[BARRIER_REFERENCE],
        responses={200: s.BarrierSerializer},
        errors=(403, 404),
    )
    def get(self, request: Request, reference: str) -> Response:
        if not BARRIER_REFERENCE_PATTERN.fullmatch(reference):
            raise NotFound()
        barrier = selectors.barrier_page_for_official(
            viewer=signed_in_user(request.user), reference=reference
        )
        if barrier is None:
            raise NotFound()
        return Response(s.BarrierSerializer(barrier).data)

    @documented(
        summary="Set a barrier's legal basis (triage officers)",
        description=(
            "The technical regulation or EEC decision at issue, by its code from "
            "/api/v1/legal-bases/ (the list the counterpart's positions cite); null clears it. "
            "Through the same service as the admin, with a history row. Setting it again to "
            "the same value changes nothing."
        ),
        parameters=[BARRIER_REFERENCE],
        request=s.BarrierChangeSerializer,
        responses={200: s.BarrierSerializer},
        validation=BarrierChangeError,
        errors=(403, 404, 415),
    )
    def patch(self, request: Request, reference: str) -> Response:
        if not BARRIER_REFERENCE_PATTERN.fullmatch(reference):
            raise NotFound()
        viewer = signed_in_user(request.user)
        barrier = selectors.barrier_get_for_official(viewer=viewer, reference=reference)
        if barrier is None:
            raise NotFound()
        serializer = s.BarrierChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.barrier_update(barrier=barrier, actor=viewer, **serializer.validated_data)
        changed = selectors.barrier_page_for_official(viewer=viewer, reference=reference)
        return Response(s.BarrierSerializer(changed).data)
