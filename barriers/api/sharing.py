"""Officials and the EAEU side in the API: share a barrier with its regulator (and take it back),
read the exchange with the counterpart, reply to it, forward its questions to the exporters.

Scoped like the officials' other barrier operations (barriers.api.barriers): officials allowed
to view barriers read; triage officers (`barriers.share_barrier`) share, reply and forward.
Everyone else gets 403.

Views parse the request, call one selector or service and render the result.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.api import exchange_serializers as xs
from barriers.api.barriers import BARRIER_REFERENCE, BARRIER_REFERENCE_PATTERN
from barriers.api.counterparts import (
    EXCHANGE_DOCUMENT_ID,
    FILE_RESPONSES,
    file_download,
    path_id,
)
from barriers.api.documents import PassthroughRenderer
from barriers.api.idempotency import idempotent
from barriers.api.parsers import JSONParser
from barriers.api.permissions import CanReadBarriers, CanShareBarriers
from barriers.api.schema import documented, validation_error_serializer
from barriers.models import Barrier, Document, Exchange, User, signed_in_user

ShareValidationError = validation_error_serializer(
    "ShareValidationError",
    ["title_ru", "summary_ru", "ask_ru", "title_en", "summary_en", "ask_en", "documents"],
)
ReplyValidationError = validation_error_serializer(
    "ReplyValidationError", ["kind", "body_ru", "body_en", "in_reply_to", "documents"]
)
ForwardValidationError = validation_error_serializer("ForwardValidationError", ["body"])

EXCHANGE_ID = OpenApiParameter(
    "exchange_id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="The id of the counterpart's request for clarification.",
)
OFFICIAL_EXCHANGE_DOCUMENTS = "api-barrier-exchange-document-download"


def _viewer(request: Request) -> User:
    return signed_in_user(request.user)


def _barrier(request: Request, reference: str) -> Barrier:
    """The barrier for an official, or 404."""
    if not BARRIER_REFERENCE_PATTERN.fullmatch(reference):
        raise NotFound()
    barrier = selectors.barrier_get_for_official(viewer=_viewer(request), reference=reference)
    if barrier is None:
        raise NotFound()
    return barrier


def _exchange_context(request: Request, reference: str) -> dict[str, Any]:
    return {
        "viewer": _viewer(request),
        "reference": reference,
        "exchange_document_url": OFFICIAL_EXCHANGE_DOCUMENTS,
        "today": timezone.localdate(),
    }


# ---------------------------------------------------------------------------------------------
# Sharing
# ---------------------------------------------------------------------------------------------


class BarrierShareView(APIView):
    """What the barrier's regulator is shown: read it, share (again), stop sharing."""

    parser_classes = (JSONParser,)

    def get_permissions(self) -> list[Any]:
        if self.request.method in ("POST", "DELETE"):
            return [IsAuthenticated(), CanShareBarriers()]
        return [IsAuthenticated(), CanReadBarriers()]

    def _share_response(self, barrier: Barrier) -> Response:
        share = selectors.barrier_share_for_official(barrier=barrier)
        if share is None:
            raise NotFound("The barrier was never shared with a regulator.")
        return Response(xs.ShareSerializer(share).data)

    @documented(
        summary="Read what the barrier's regulator is shown (officials)",
        description="404 when the barrier was never shared; `active` is false once taken back.",
        parameters=[BARRIER_REFERENCE],
        responses={200: xs.ShareSerializer},
        errors=(403, 404),
    )
    def get(self, request: Request, reference: str) -> Response:
        return self._share_response(_barrier(request, reference))

    @documented(
        summary="Share the barrier with its regulator (triage officers)",
        description=(
            "Shares the barrier with the regulator it is routed to, with the counterpart's text "
            "in Russian (required) and English, and the evidence files of its accepted reports "
            "chosen by id. Sharing again replaces the texts and the documents; sharing anew "
            "opens the counterpart's deadlines. Nothing is saved when any field is refused."
        ),
        parameters=[BARRIER_REFERENCE],
        request=xs.ShareInputSerializer,
        responses={200: xs.ShareSerializer},
        validation=ShareValidationError,
        errors=(403, 404, 415),
        idempotent=True,
        examples=[
            OpenApiExample(
                "Share",
                value={
                    "title_ru": "Задержка включения предприятия в реестр",
                    "title_en": "Plant listing delayed",
                    "summary_ru": "Предприятие ожидает включения в реестр более 200 дней.",
                    "summary_en": "The plant has waited for listing for more than 200 days.",
                    "ask_ru": "Просим завершить рассмотрение заявки.",
                    "ask_en": "Please complete the review of the application.",
                    "documents": [12],
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        barrier = _barrier(request, reference)
        serializer = xs.ShareInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        # The service looks the ids up among the barrier's accepted evidence and refuses any
        # other (an unknown id included), naming `documents`.
        documents = [Document(pk=pk) for pk in data.pop("documents")]
        services.barrier_share(
            actor=_viewer(request), barrier=barrier, documents=documents, channel="api", **data
        )
        return self._share_response(barrier)

    @documented(
        summary="Stop sharing the barrier with its regulator (triage officers)",
        description=(
            "Its focal points no longer see it; what is still due from either side is "
            "cancelled. The share stays on record (`active` false). 400 with `detail` when "
            "the barrier is not shared."
        ),
        parameters=[BARRIER_REFERENCE],
        responses={200: xs.ShareSerializer},
        errors=(400, 403, 404),
    )
    def delete(self, request: Request, reference: str) -> Response:
        barrier = _barrier(request, reference)
        services.barrier_unshare(actor=_viewer(request), barrier=barrier, channel="api")
        return self._share_response(barrier)


# ---------------------------------------------------------------------------------------------
# The exchange
# ---------------------------------------------------------------------------------------------


class BarrierExchangesView(APIView):
    """The barrier's exchange with its regulator; India's reply."""

    parser_classes = (JSONParser, MultiPartParser)

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [IsAuthenticated(), CanShareBarriers()]
        return [IsAuthenticated(), CanReadBarriers()]

    @documented(
        summary="Read the exchange with the counterpart (officials)",
        description=(
            "The share (null if the barrier was never shared), every deadline of either side "
            "(open or met) and every exchange with the regulator, oldest first."
        ),
        parameters=[BARRIER_REFERENCE],
        responses={200: xs.BarrierExchangesSerializer},
        errors=(403, 404),
    )
    def get(self, request: Request, reference: str) -> Response:
        barrier = _barrier(request, reference)
        exchanges = selectors.exchanges_for_barriers([barrier.pk]).get(barrier.pk, [])
        deadlines = selectors.deadlines_for_barriers([barrier.pk], open_only=False)
        payload = {
            "reference": barrier.reference,
            "regulator": barrier.regulator_id,
            "pending_on": barrier.pending_on or None,
            "share": selectors.barrier_share_for_official(barrier=barrier),
            "deadlines": deadlines.get(barrier.pk, []),
            "exchanges": exchanges,
        }
        context = _exchange_context(request, reference)
        return Response(xs.BarrierExchangesSerializer(payload, context=context).data)

    @documented(
        summary="Reply to the counterpart (triage officers)",
        description=(
            "India's reply on a shared barrier (`kind` reply), in Russian, English or both, "
            "optionally answering one of the counterpart's exchanges (`in_reply_to`: a request "
            "for clarification meets India's deadline to answer it). JSON, or "
            "`multipart/form-data` with files in `documents`. Nothing is saved when any field "
            "is refused; a barrier that is not shared answers 400 with `detail`."
        ),
        parameters=[BARRIER_REFERENCE],
        request={
            "application/json": xs.ReplyInputSerializer,
            "multipart/form-data": xs.ReplyUploadSerializer,
        },
        responses={201: xs.OfficialExchangeSerializer},
        validation=ReplyValidationError,
        errors=(403, 404, 415),
        idempotent=True,
        examples=[
            OpenApiExample(
                "Reply",
                value={
                    "kind": "reply",
                    "body_ru": "Заявка подана 12 марта; копия приложена.",
                    "body_en": "The application was filed on 12 March; a copy is attached.",
                    "in_reply_to": 41,
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        barrier = _barrier(request, reference)
        multipart = request.content_type.startswith("multipart/")
        serializer_class = xs.ReplyUploadSerializer if multipart else xs.ReplyInputSerializer
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        in_reply_to: Exchange | None = None
        if data["in_reply_to"] is not None:
            in_reply_to = selectors.exchange_get_for_official(
                barrier=barrier, exchange_id=data["in_reply_to"]
            )
            if in_reply_to is None:
                raise ValidationError(
                    {"in_reply_to": ["No exchange of the counterpart on this barrier has this id."]}
                )
        exchange = services.exchange_post(
            actor=_viewer(request),
            barrier=barrier,
            kind=data["kind"],
            body_ru=data["body_ru"],
            body_en=data["body_en"],
            in_reply_to=in_reply_to,
            files=data.get("documents", []),
        )
        data_out = xs.OfficialExchangeSerializer(
            exchange, context=_exchange_context(request, reference)
        ).data
        return Response(data_out, status=status.HTTP_201_CREATED)


class ExchangeForwardView(APIView):
    """Pass the counterpart's request for clarification on to the barrier's exporters."""

    permission_classes = (IsAuthenticated, CanShareBarriers)
    parser_classes = (JSONParser,)

    @documented(
        summary="Forward a request for clarification to the exporters (triage officers)",
        description=(
            "Posts `body` (your wording; the counterpart's text is never shown to exporters) on "
            "the thread of every accepted report of the barrier; the exporters then owe the "
            "next answer. 400 with `detail` when the exchange is not a request for "
            "clarification, was already forwarded, or the barrier has no accepted report."
        ),
        parameters=[BARRIER_REFERENCE, EXCHANGE_ID],
        request=xs.ForwardInputSerializer,
        responses={200: xs.OfficialExchangeSerializer},
        validation=ForwardValidationError,
        errors=(403, 404, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str, exchange_id: str) -> Response:
        barrier = _barrier(request, reference)
        exchange = selectors.exchange_get_for_official(
            barrier=barrier, exchange_id=path_id(exchange_id)
        )
        if exchange is None:
            raise NotFound()
        serializer = xs.ForwardInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.exchange_forward(
            actor=_viewer(request), exchange=exchange, body=serializer.validated_data["body"]
        )
        forwarded = selectors.exchanges_for_barriers([barrier.pk])[barrier.pk]
        data = next(e for e in forwarded if e.pk == exchange.pk)
        return Response(
            xs.OfficialExchangeSerializer(data, context=_exchange_context(request, reference)).data
        )


class BarrierExchangeDocumentDownloadView(APIView):
    """A file attached to an exchange on the barrier, for officials."""

    permission_classes = (IsAuthenticated, CanReadBarriers)
    renderer_classes = (JSONRenderer, PassthroughRenderer)

    @documented(
        summary="Download a file of an exchange (officials)",
        parameters=[BARRIER_REFERENCE, EXCHANGE_DOCUMENT_ID],
        responses=FILE_RESPONSES,
        errors=(403, 404),
    )
    def get(self, request: Request, reference: str, exchange_document_id: str) -> FileResponse:
        barrier = _barrier(request, reference)
        document = selectors.exchange_document_get_for_official(
            document_id=path_id(exchange_document_id)
        )
        if document is not None and document.exchange.barrier_id != barrier.pk:
            document = None
        return file_download(request, document)
