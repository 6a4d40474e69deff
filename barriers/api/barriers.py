"""Barriers for officials: the list with filters and one barrier's page.

Views parse the request, call one selector or service and render the result.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors
from barriers.api import serializers as s
from barriers.api.filters import BarrierFilter
from barriers.api.pagination import NewestFirstCursorPagination
from barriers.api.permissions import CanReadBarriers
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
        barrier = selectors.barrier_get_for_official(
            viewer=signed_in_user(request.user), reference=reference
        )
        if barrier is None:
            raise NotFound()
        return Response(s.BarrierSerializer(barrier).data)
