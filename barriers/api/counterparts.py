"""The counterpart's API: an EAEU regulator's focal points read the barriers India shared with
their regulator, answer on them, and download the documents shared and exchanged.

Only focal points use these operations (exporters, councils and officials get 403, as for every
operation of another role). A barrier not shared with the viewer's own regulator answers 404
exactly like one that does not exist, and so do its documents; scoping lives in the selectors
(barriers.selectors.counterparts and .exchanges).

Views parse the request, call one selector or service and render the result.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.api import exchange_serializers as xs
from barriers.api.barriers import BARRIER_REFERENCE, BARRIER_REFERENCE_PATTERN
from barriers.api.documents import PassthroughRenderer
from barriers.api.idempotency import idempotent
from barriers.api.pagination import PageError, Pagination
from barriers.api.parsers import JSONParser
from barriers.api.permissions import IsFocalPoint
from barriers.api.schema import documented, validation_error_serializer
from barriers.evidence.downloads import evidence_download
from barriers.evidence.files import ALLOWED_TYPES
from barriers.models import Barrier, Document, ExchangeDocument, User, signed_in_user

ExchangeValidationError = validation_error_serializer(
    "ExchangeValidationError",
    ["kind", "body_ru", "body_en", "target_date", "legal_basis", "in_reply_to", "documents"],
)

DOCUMENT_ID = OpenApiParameter(
    "document_id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="The id of a document India's officials shared with your regulator.",
)
EXCHANGE_DOCUMENT_ID = OpenApiParameter(
    "exchange_document_id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="The id of a file attached to an exchange on the barrier.",
)
FILE_RESPONSES = {
    (200, media_type): OpenApiResponse(
        response=OpenApiTypes.BINARY,
        description="The file, as an attachment with its original (sanitised) name.",
    )
    for media_type in ALLOWED_TYPES
}

EXCHANGE_EXAMPLES = [
    OpenApiExample(
        "Acknowledge",
        value={"kind": "acknowledgement", "body_ru": "Заявка получена, рассматривается."},
        request_only=True,
    ),
    OpenApiExample(
        "Propose a solution",
        value={
            "kind": "proposal",
            "body_ru": "Предлагаем провести инспекцию предприятия.",
            "body_en": "We propose an inspection of the plant.",
            "target_date": "2027-02-15",
        },
        request_only=True,
    ),
    OpenApiExample(
        "State the position",
        value={
            "kind": "position",
            "body_ru": "Продукция должна соответствовать требованиям ТР ТС 021/2011.",
            "legal_basis": "tr-cu-021-2011",
        },
        request_only=True,
    ),
]


def _shared_reference(reference: str) -> str:
    """A reference worth looking up; anything else answers 404 without a query."""
    if not BARRIER_REFERENCE_PATTERN.fullmatch(reference):
        raise NotFound()
    return reference


# An id in a path: digits, within PostgreSQL's integer.
MAX_ID = 2**31 - 1


def path_id(value: str) -> int:
    """An object id from the path, or 404 for anything that is not one."""
    if not (value.isascii() and value.isdigit() and len(value) <= 10 and int(value) <= MAX_ID):
        raise NotFound()
    return int(value)


def _viewer(request: Request) -> User:
    return signed_in_user(request.user)


# ---------------------------------------------------------------------------------------------
# Shared barriers
# ---------------------------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="List the barriers shared with your regulator (focal points)",
        description=(
            "The barriers India's officials shared with your regulator, most recently shared "
            "first, a page at a time, each with what is still due (`deadlines`, counted in "
            "working days on the country's public holidays) and `overdue` when an answer due "
            "from your regulator is late. For focal points of an EAEU regulator only."
        ),
        responses={200: xs.CounterpartBarrierSerializer(many=True)},
        validation=PageError,
        errors=(403, 404),
    )
)
class CounterpartBarrierListView(generics.ListAPIView):
    serializer_class = xs.CounterpartBarrierSerializer
    permission_classes = (IsAuthenticated, IsFocalPoint)
    pagination_class = Pagination
    filter_backends = ()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        viewer = _viewer(request)
        page = self.paginate_queryset(selectors.counterpart_barriers(viewer=viewer))
        assert page is not None  # the view always pages
        deadlines = selectors.deadlines_for_counterpart(
            viewer=viewer, references=[barrier.reference for barrier in page]
        )
        context = {"deadlines": deadlines, "today": timezone.localdate(), "request": request}
        data = xs.CounterpartBarrierSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)


class CounterpartBarrierDetailView(APIView):
    permission_classes = (IsAuthenticated, IsFocalPoint)

    @documented(
        summary="Read a barrier shared with your regulator, with its exchange (focal points)",
        description=(
            "The barrier as India's officials shared it, what is due, and every exchange "
            "between your regulator and India's officials, oldest first, with the files "
            "attached. A barrier not shared with your regulator answers 404."
        ),
        parameters=[BARRIER_REFERENCE],
        responses={200: xs.CounterpartBarrierDetailSerializer},
        errors=(403, 404),
    )
    def get(self, request: Request, reference: str) -> Response:
        viewer = _viewer(request)
        barrier = selectors.counterpart_barrier(
            viewer=viewer, reference=_shared_reference(reference)
        )
        exchanges = selectors.exchanges_for_counterpart(viewer=viewer, reference=reference)
        if barrier is None or exchanges is None:
            raise NotFound()
        context = {
            "deadlines": selectors.deadlines_for_counterpart(viewer=viewer, references=[reference]),
            "exchanges": exchanges,
            "today": timezone.localdate(),
            "viewer": viewer,
            "request": request,
        }
        return Response(xs.CounterpartBarrierDetailSerializer(barrier, context=context).data)


class CounterpartExchangeView(APIView):
    """Answer on a barrier shared with your regulator."""

    permission_classes = (IsAuthenticated, IsFocalPoint)
    parser_classes = (JSONParser, MultiPartParser)

    @documented(
        summary="Answer on a shared barrier (focal points)",
        description=(
            "Acknowledge the barrier, ask India's officials for clarification, propose a "
            "solution with its `target_date`, state your position with its `legal_basis` "
            "(see /api/v1/legal-bases/), or report it resolved. Write the text in Russian, "
            "English or both. Send JSON, or `multipart/form-data` with files in the field "
            "`documents` (the evidence file checks apply). Nothing is saved when any field is "
            "refused; an answer the barrier's status no longer takes answers 400 with `detail`."
        ),
        parameters=[BARRIER_REFERENCE],
        request={
            "application/json": xs.ExchangeInputSerializer,
            "multipart/form-data": xs.ExchangeUploadSerializer,
        },
        responses={201: xs.ExchangeSerializer},
        validation=ExchangeValidationError,
        errors=(403, 404, 415),
        idempotent=True,
        examples=EXCHANGE_EXAMPLES,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        viewer = _viewer(request)
        barrier: Barrier | None = selectors.barrier_get_for_counterpart(
            viewer=viewer, reference=_shared_reference(reference)
        )
        if barrier is None:
            raise NotFound()
        multipart = request.content_type.startswith("multipart/")
        serializer_class = xs.ExchangeUploadSerializer if multipart else xs.ExchangeInputSerializer
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        exchange = services.exchange_post(
            actor=viewer,
            barrier=barrier,
            kind=data["kind"],
            body_ru=data["body_ru"],
            body_en=data["body_en"],
            target_date=data["target_date"],
            legal_basis=data["legal_basis"],
            files=data.get("documents", []),
        )
        context = {
            "viewer": viewer,
            "reference": reference,
            "exchange_document_url": "api-counterpart-exchange-document-download",
        }
        return Response(
            xs.ExchangeSerializer(exchange, context=context).data, status=status.HTTP_201_CREATED
        )


# ---------------------------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------------------------


def file_download(request: Request, document: Document | ExchangeDocument | None) -> FileResponse:
    """The file (through the evidence download, audited), or 404 when there is none to give."""
    if document is None:
        raise NotFound()
    try:
        return evidence_download(request=request, document=document)
    except FileNotFoundError as exc:
        raise NotFound("The file is no longer available.") from exc


class CounterpartDocumentDownloadView(APIView):
    """A document India's officials shared with the viewer's regulator on that barrier."""

    permission_classes = (IsAuthenticated, IsFocalPoint)
    renderer_classes = (JSONRenderer, PassthroughRenderer)

    @documented(
        summary="Download a document shared with your regulator (focal points)",
        parameters=[BARRIER_REFERENCE, DOCUMENT_ID],
        responses=FILE_RESPONSES,
        errors=(403, 404),
    )
    def get(self, request: Request, reference: str, document_id: str) -> FileResponse:
        document = selectors.shared_document_get_for_counterpart(
            viewer=_viewer(request),
            reference=_shared_reference(reference),
            document_id=path_id(document_id),
        )
        return file_download(request, document)


class CounterpartExchangeDocumentDownloadView(APIView):
    """A file attached to an exchange on a barrier shared with the viewer's regulator."""

    permission_classes = (IsAuthenticated, IsFocalPoint)
    renderer_classes = (JSONRenderer, PassthroughRenderer)

    @documented(
        summary="Download a file of an exchange (focal points)",
        parameters=[BARRIER_REFERENCE, EXCHANGE_DOCUMENT_ID],
        responses=FILE_RESPONSES,
        errors=(403, 404),
    )
    def get(self, request: Request, reference: str, exchange_document_id: str) -> FileResponse:
        document = selectors.exchange_document_get_for_counterpart(
            viewer=_viewer(request),
            reference=_shared_reference(reference),
            document_id=path_id(exchange_document_id),
        )
        return file_download(request, document)
