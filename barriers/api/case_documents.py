"""Documents on barriers and meetings for officials: list, upload, mark shared, download.

Views parse the request, call one selector or service and render the result. Reading needs the
officials' view permission on the barrier or the meeting; uploading and sharing, the change
permission (the admin's inline follows the same rule).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.api.barriers import BARRIER_REFERENCE, BARRIER_REFERENCE_PATTERN
from barriers.api.documents import PassthroughRenderer
from barriers.api.fields import StrictBooleanField
from barriers.api.idempotency import idempotent
from barriers.api.schema import documented, validation_error_serializer
from barriers.evidence.downloads import evidence_download
from barriers.evidence.files import ALLOWED_TYPES
from barriers.models import Barrier, CaseDocument, CaseDocumentKind, Meeting, signed_in_user

OFFICIALS_ONLY = (
    "Only officials allowed to view a barrier or meeting read its documents; filing and sharing "
    "them needs the permission to change it."
)
MEETING_CODE = OpenApiParameter(
    "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="The meeting's code: 2026-Q2."
)
DOCUMENT_ID = OpenApiParameter(
    "document_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The document's id."
)
CaseDocumentValidationError = validation_error_serializer(
    "CaseDocumentValidationError", ["file", "kind", "title", "dated", "shared"]
)


class CaseDocumentSerializer(serializers.ModelSerializer):
    """A letter, minutes, protocol or other document; the file itself is at `download_url`."""

    name = serializers.CharField(source="original_name", help_text="The file's name, sanitised.")
    uploaded_by = serializers.EmailField(source="uploaded_by.email", help_text="Who filed it.")
    download_url = serializers.SerializerMethodField(help_text="Where to download the file.")

    class Meta:
        model = CaseDocument
        fields = [
            "id",
            "kind",
            "title",
            "dated",
            "shared",
            "name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "created_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document: CaseDocument) -> str:
        return _url(document, "download")


class CaseDocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A PDF, JPEG, PNG, DOCX or XLSX file, recognised by its content, at most 10 MB.",
        error_messages={
            "required": "Attach a file in the multipart field 'file'.",
            "empty": "The file is empty.",
            "invalid": "Send the file as multipart/form-data in the field 'file'.",
        },
    )
    kind = serializers.ChoiceField(choices=CaseDocumentKind.choices)
    title = serializers.CharField(max_length=200)
    dated = serializers.DateField(required=False, help_text="The document's date; default today.")
    shared = serializers.BooleanField(
        default=False,
        help_text="Show it to the barrier's exporters and the counterpart's focal points.",
    )


class CaseDocumentShareSerializer(serializers.Serializer):
    # JSON only (the detail views parse nothing else): true or false, not 0, 1 or "yes".
    shared = StrictBooleanField(
        help_text="Show it to the barrier's exporters and the counterpart's focal points."
    )


def _url(document: CaseDocument, what: str) -> str:
    suffix = "-download" if what == "download" else ""
    if document.barrier is not None:
        return reverse(
            f"api-barrier-document{suffix}",
            kwargs={"reference": document.barrier.reference, "document_id": document.pk},
        )
    return reverse(
        f"api-meeting-document{suffix}",
        kwargs={"code": document.meeting.code, "document_id": document.pk},  # type: ignore[union-attr]  # on a meeting when not on a barrier
    )


class CanHandleCaseDocuments(BasePermission):
    """Active officials: view permission on the parent to read, change permission to write."""

    message = OFFICIALS_ONLY

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_staff and user.is_active):
            return False
        verb = "view" if request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return bool(user.has_perm(f"barriers.{verb}_{view.parent_model._meta.model_name}"))


class _CaseDocumentsView(APIView):
    permission_classes = (IsAuthenticated, CanHandleCaseDocuments)
    parent_model: type[Model] = Barrier

    def parent(self, key: str) -> Barrier | Meeting:
        if self.parent_model is Barrier:
            if not BARRIER_REFERENCE_PATTERN.fullmatch(key):
                raise NotFound()
            found: Barrier | Meeting | None = Barrier.objects.filter(reference=key).first()
        else:
            found = Meeting.objects.filter(code=key).first()
        if found is None:
            raise NotFound()
        return found

    def documents(self, parent: Barrier | Meeting) -> list[CaseDocument]:
        on = {"barrier": parent} if isinstance(parent, Barrier) else {"meeting": parent}
        return list(
            selectors.case_documents_for_official(viewer=signed_in_user(self.request.user), **on)
        )

    def document(self, key: str, document_id: str) -> CaseDocument:
        # A path that is not a document's number answers the API's own 404 (JSON), not the
        # site's page: the route takes any text and the number is checked here.
        if not (document_id.isascii() and document_id.isdigit()) or len(document_id) > 18:
            raise NotFound()
        parent = self.parent(key)
        document = selectors.case_document_get_for_official(
            viewer=signed_in_user(self.request.user), document_id=int(document_id)
        )
        field = "barrier_id" if isinstance(parent, Barrier) else "meeting_id"
        if document is None or getattr(document, field) != parent.pk:
            raise NotFound()
        return document

    def list_response(self, key: str) -> Response:
        documents = self.documents(self.parent(key))
        return Response(CaseDocumentSerializer(documents, many=True).data)

    def upload_response(self, request: Request, key: str) -> Response:
        parent = self.parent(key)
        serializer = CaseDocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data["file"]
        on = {"barrier": parent} if isinstance(parent, Barrier) else {"meeting": parent}
        document = services.case_document_attach(
            actor=signed_in_user(request.user),
            upload=upload,
            name=upload.name,
            kind=data["kind"],
            title=data["title"],
            dated=data.get("dated"),
            shared=data["shared"],
            **on,
        )
        body = CaseDocumentSerializer(document).data
        return Response(
            body, status=status.HTTP_201_CREATED, headers={"Location": _url(document, "")}
        )

    def share_response(self, request: Request, key: str, document_id: str) -> Response:
        document = self.document(key, document_id)
        serializer = CaseDocumentShareSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.case_document_set_shared(
            document=document,
            actor=signed_in_user(request.user),
            shared=serializer.validated_data["shared"],
        )
        return Response(CaseDocumentSerializer(document).data)

    def download_response(self, request: Request, key: str, document_id: str) -> FileResponse:
        document = self.document(key, document_id)
        try:
            return evidence_download(request=request, document=document)
        except FileNotFoundError as exc:
            raise NotFound("The file is no longer available.") from exc


LIST: dict[str, Any] = {"responses": {200: CaseDocumentSerializer(many=True)}, "errors": (403, 404)}
UPLOAD: dict[str, Any] = {
    "description": (
        "Send `multipart/form-data` with the file in the field `file`, its `kind` (letter, "
        "minutes, protocol, other), `title`, optional `dated` and `shared`. The file passes the "
        "evidence checks: PDF, JPEG, PNG, DOCX and XLSX only, recognised by content; at most "
        "10 MB."
    ),
    "request": {"multipart/form-data": CaseDocumentUploadSerializer},
    "responses": {201: CaseDocumentSerializer},
    "validation": CaseDocumentValidationError,
    "errors": (403, 404, 415),
    "idempotent": True,
}
DETAIL: dict[str, Any] = {"responses": {200: CaseDocumentSerializer}, "errors": (403, 404)}
SHARE: dict[str, Any] = {
    "request": CaseDocumentShareSerializer,
    "responses": {200: CaseDocumentSerializer},
    "validation": CaseDocumentValidationError,
    "errors": (403, 404),
}
DOWNLOAD: dict[str, Any] = {
    "responses": {
        (200, media_type): OpenApiResponse(
            response=OpenApiTypes.BINARY, description="The file, as an attachment."
        )
        for media_type in ALLOWED_TYPES
    },
    "errors": (403, 404),
}


class BarrierDocumentListView(_CaseDocumentsView):
    """A barrier's letters, minutes and protocols; file another."""

    parser_classes = (MultiPartParser,)

    @documented(
        summary="List a barrier's documents (officials)", parameters=[BARRIER_REFERENCE], **LIST
    )
    def get(self, request: Request, reference: str) -> Response:
        return self.list_response(reference)

    @documented(
        summary="File a document on a barrier (officials)", parameters=[BARRIER_REFERENCE], **UPLOAD
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        return self.upload_response(request, reference)


class BarrierDocumentDetailView(_CaseDocumentsView):
    parser_classes = (JSONParser,)

    @documented(
        summary="Read a barrier's document (officials)",
        parameters=[BARRIER_REFERENCE, DOCUMENT_ID],
        **DETAIL,
    )
    def get(self, request: Request, reference: str, document_id: str) -> Response:
        return Response(CaseDocumentSerializer(self.document(reference, document_id)).data)

    @documented(
        summary="Share a barrier's document with exporters and the counterpart, or stop (officials)",
        parameters=[BARRIER_REFERENCE, DOCUMENT_ID],
        **SHARE,
    )
    def patch(self, request: Request, reference: str, document_id: str) -> Response:
        return self.share_response(request, reference, document_id)


class BarrierDocumentDownloadView(_CaseDocumentsView):
    renderer_classes = (JSONRenderer, PassthroughRenderer)

    @documented(
        summary="Download a barrier's document (officials)",
        parameters=[BARRIER_REFERENCE, DOCUMENT_ID],
        **DOWNLOAD,
    )
    def get(self, request: Request, reference: str, document_id: str) -> FileResponse:
        return self.download_response(request, reference, document_id)


class MeetingDocumentListView(_CaseDocumentsView):
    """A meeting's minutes, protocols and letters; file another."""

    parent_model = Meeting
    parser_classes = (MultiPartParser,)

    @documented(summary="List a meeting's documents (officials)", parameters=[MEETING_CODE], **LIST)
    def get(self, request: Request, code: str) -> Response:
        return self.list_response(code)

    @documented(
        summary="File a document on a meeting (officials)", parameters=[MEETING_CODE], **UPLOAD
    )
    @idempotent
    def post(self, request: Request, code: str) -> Response:
        return self.upload_response(request, code)


class MeetingDocumentDetailView(_CaseDocumentsView):
    parent_model = Meeting
    parser_classes = (JSONParser,)

    @documented(
        summary="Read a meeting's document (officials)",
        parameters=[MEETING_CODE, DOCUMENT_ID],
        **DETAIL,
    )
    def get(self, request: Request, code: str, document_id: str) -> Response:
        return Response(CaseDocumentSerializer(self.document(code, document_id)).data)

    @documented(
        summary="Share a meeting's document with the counterpart, or stop (officials)",
        parameters=[MEETING_CODE, DOCUMENT_ID],
        **SHARE,
    )
    def patch(self, request: Request, code: str, document_id: str) -> Response:
        return self.share_response(request, code, document_id)


class MeetingDocumentDownloadView(_CaseDocumentsView):
    parent_model = Meeting
    renderer_classes = (JSONRenderer, PassthroughRenderer)

    @documented(
        summary="Download a meeting's document (officials)",
        parameters=[MEETING_CODE, DOCUMENT_ID],
        **DOWNLOAD,
    )
    def get(self, request: Request, code: str, document_id: str) -> FileResponse:
        return self.download_response(request, code, document_id)
