"""A report's evidence files: listing, attaching and downloading them.

Views parse the request, call one selector or service and render the result.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.api import serializers as s
from barriers.api.idempotency import idempotent
from barriers.api.pagination import PageError, Pagination
from barriers.api.reports import REFERENCE, REFERENCE_PATTERN, ScopedReportMixin
from barriers.api.schema import documented, validation_error_serializer
from barriers.evidence.downloads import evidence_download
from barriers.evidence.files import ALLOWED_TYPES
from barriers.models import (
    Document,
    signed_in_user,
)

DOCUMENT_ID = OpenApiParameter(
    "document_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The evidence file's id."
)
DocumentValidationError = validation_error_serializer(
    "DocumentValidationError", ["file", "message"]
)


# ---------------------------------------------------------------------------------------------
# Evidence
# ---------------------------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="List a report's evidence files",
        parameters=[REFERENCE],
        responses={200: s.DocumentSerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class DocumentListView(ScopedReportMixin, generics.ListAPIView):
    """A report's evidence files; attach another."""

    serializer_class = s.DocumentSerializer
    parser_classes = (MultiPartParser,)
    pagination_class = Pagination
    filter_backends = ()

    def get_queryset(self) -> QuerySet[Document]:
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        self._report = self.viewer_report()
        return selectors.documents_for_viewer(
            viewer=signed_in_user(self.request.user), report=self._report
        )

    @documented(
        summary="Attach an evidence file",
        description=(
            "Send `multipart/form-data` with the file in the field `file`. PDF, JPEG, PNG, DOCX "
            "and XLSX only, recognised by content rather than by name; at most 10 MB."
        ),
        parameters=[REFERENCE],
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={201: s.DocumentSerializer},
        validation=DocumentValidationError,
        errors=(404, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        self._report = self.viewer_report()
        serializer = s.DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        document = services.document_attach(
            report=self._report, actor=signed_in_user(request.user), upload=upload, name=upload.name
        )
        data = s.DocumentSerializer(document, context=self.get_serializer_context()).data
        return Response(
            data, status=status.HTTP_201_CREATED, headers={"Location": data["download_url"]}
        )


class PassthroughRenderer(BaseRenderer):
    """Lets a client that asks for the file's own type (or anything) reach the download."""

    media_type = "*/*"
    format = "json"  # what it renders is an error body, always JSON

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        # Only errors are rendered here (the file itself is streamed by FileResponse).
        return JSONRenderer().render(data)


class DocumentDownloadView(APIView):
    """Stream one evidence file to someone who may see its report."""

    renderer_classes = (JSONRenderer, PassthroughRenderer)

    @documented(
        summary="Download an evidence file",
        parameters=[REFERENCE, DOCUMENT_ID],
        responses={
            (200, media_type): OpenApiResponse(
                response=OpenApiTypes.BINARY,
                description="The file, as an attachment with its original (sanitised) name.",
            )
            for media_type in ALLOWED_TYPES
        },
        errors=(404,),
    )
    def get(self, request: Request, reference: str, document_id: int) -> FileResponse:
        if not REFERENCE_PATTERN.fullmatch(reference):
            raise NotFound()
        document = selectors.document_get_for_viewer(
            viewer=signed_in_user(request.user), document_id=document_id
        )
        if document is None or document.report.reference != reference:
            raise NotFound()
        try:
            return evidence_download(request=request, document=document)
        except FileNotFoundError as exc:
            raise NotFound("The file is no longer available.") from exc
