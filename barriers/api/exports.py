"""Meeting documents through the API: the agenda and the outcomes in every export format.

Small documents come back at once as an attachment. From EXPORT_ASYNC_MIN_ITEMS items on, the
answer is 202 with a status URL; a task builds the file, and the status URL then serves it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers.accounts import audit
from barriers.api.meetings import IsOfficialWithPermission
from barriers.api.schema import documented, validation_error_serializer
from barriers.domain.editions import EDITIONS, INTERNAL
from barriers.exports import FORMATS, RENDERERS, renderer_for, services
from barriers.models import ExportFile, ExportStatus, Meeting, signed_in_user

# How the audit log names the joint edition (the internal brief is the default).
JOINT_NOTE = " (joint edition)"
# Seconds a client should wait before asking again about an export being built.
RETRY_AFTER = 5


class AnyTypeRenderer(BaseRenderer):
    """Lets a client that asks for the document's own type reach the view; errors are JSON."""

    media_type = "*/*"
    format = "json"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        return JSONRenderer().render(data)


class ExportStatusSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    meeting = serializers.CharField(help_text="The meeting's code.")
    document = serializers.ChoiceField(choices=["agenda", "outcomes"])
    format = serializers.ChoiceField(choices=list(FORMATS))
    edition = serializers.ChoiceField(choices=list(EDITIONS))
    status = serializers.ChoiceField(choices=ExportStatus.choices)
    file_name = serializers.CharField()
    status_url = serializers.CharField(
        help_text="GET it: 202 while the file is being built, then the file itself."
    )
    created_at = serializers.DateTimeField()


def _status_body(request: Request, export: ExportFile, meeting: Meeting) -> dict[str, Any]:
    return {
        "id": str(export.pk),
        "meeting": meeting.code,
        "document": export.document,
        "format": export.format,
        "edition": export.edition,
        "status": export.status,
        "file_name": export.file_name,
        "status_url": request.build_absolute_uri(
            reverse("api-export-file", kwargs={"export_id": export.pk})
        ),
        "created_at": export.created_at.isoformat(),
    }


def _attachment(content: bytes, file_name: str, media_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Content-Length"] = str(len(content))
    return response


FORMAT_PARAMETER = OpenApiParameter(
    name="export_format",
    type=str,
    location=OpenApiParameter.PATH,
    enum=list(FORMATS),
    description="The file format.",
)
EDITION_PARAMETER = OpenApiParameter(
    name="edition",
    type=str,
    location=OpenApiParameter.QUERY,
    enum=list(EDITIONS),
    default=INTERNAL,
    required=False,
    description=(
        "`internal` (default): the internal brief for officials, with scores, their breakdown, "
        "trade figures and the exchange history. `joint`: the edition circulated to the EAEU "
        "side, without scores, internal notes, trade figures or unconsented company names, "
        "with the Russian text of every item (file names end in `-joint`). The joint edition "
        "is refused with 400 (`russian_text_missing`) naming each item that lacks its Russian "
        "title, summary or ask."
    ),
)


class EditionQuerySerializer(serializers.Serializer):
    edition = serializers.ChoiceField(choices=list(EDITIONS), default=INTERNAL, required=False)


# The 400 of an export: an unknown `edition` (its reasons), or a rule of the whole request
# (`detail` and `code`: a joint edition lacking Russian text, outcomes before the meeting).
EDITION_REFUSED = validation_error_serializer("MeetingExportRefused", ["edition"], query=True)


FILE_RESPONSES = {
    (200, renderer.media_type.split(";")[0]): OpenApiResponse(
        # The JSON document is an object; every other format is a file.
        response=OpenApiTypes.OBJECT if fmt == "json" else OpenApiTypes.BINARY,
        description=f"The document as {fmt.upper()}, as an attachment (`agenda-2026-Q4.{fmt}`).",
    )
    for fmt, renderer in RENDERERS.items()
}
ACCEPTED = OpenApiResponse(
    response=ExportStatusSerializer,
    description=(
        "The document is large: a task builds it. GET `status_url` (also in the Location "
        "header) until it answers with the file."
    ),
)


class MeetingDocumentExportView(APIView):
    """One document of a meeting (`document` is set by the URL) in one format."""

    permission_classes = [IsOfficialWithPermission]
    renderer_classes = (JSONRenderer, AnyTypeRenderer)
    document = "agenda"

    def get(self, request: Request, code: str, export_format: str) -> HttpResponse | Response:
        meeting = Meeting.objects.filter(code=code).first()
        if meeting is None:
            raise Http404
        if renderer_for(export_format) is None:
            raise NotFound(
                f"Unknown format '{export_format}'; use one of: {', '.join(FORMATS)}.",
                code="unknown_format",
            )
        query = EditionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        edition = query.validated_data.get("edition", INTERNAL)
        actor = signed_in_user(request.user)
        download = services.export_download(
            meeting=meeting,
            document=self.document,
            format=export_format,
            actor=actor,
            edition=edition,
        )
        if isinstance(download, ExportFile):
            export = download
            body = _status_body(request, export, meeting)
            audit.record_export(
                request=request,
                what=f"{self.document}{JOINT_NOTE if edition != INTERNAL else ''} of {meeting.code} as "
                f"{export_format} (queued)",
                obj=meeting,
            )
            return Response(
                body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]}
            )
        audit.record_export(request=request, what=download.file_name, obj=meeting)
        return _attachment(download.content, download.file_name, download.media_type)


class MeetingAgendaExportView(MeetingDocumentExportView):
    document = "agenda"

    @documented(
        summary="Export a meeting's agenda (PDF, DOCX, XLSX, CSV, iCalendar or JSON)",
        description=(
            "Headings and labels in English and Russian. An unknown format answers 404 with the "
            f"list of formats; an agenda of {settings.EXPORT_ASYNC_MIN_ITEMS} items or more "
            "(EXPORT_ASYNC_MIN_ITEMS) answers 202 and is built by a task."
        ),
        parameters=[FORMAT_PARAMETER, EDITION_PARAMETER],
        responses={**FILE_RESPONSES, 202: ACCEPTED},
        errors=[400, 403, 404],
        validation=EDITION_REFUSED,
    )
    def get(self, request: Request, code: str, export_format: str) -> HttpResponse | Response:
        return super().get(request, code, export_format)


class MeetingOutcomesExportView(MeetingDocumentExportView):
    document = "outcomes"

    @documented(
        summary="Export a held meeting's outcomes and action points",
        description=(
            "Per item the outcome, the public statements and the action points, with a summary. "
            "Refused with 400 before the meeting is held."
        ),
        parameters=[FORMAT_PARAMETER, EDITION_PARAMETER],
        responses={**FILE_RESPONSES, 202: ACCEPTED},
        errors=[400, 403, 404],
        validation=EDITION_REFUSED,
    )
    def get(self, request: Request, code: str, export_format: str) -> HttpResponse | Response:
        return super().get(request, code, export_format)


class ExportFileView(APIView):
    """A document built by a task: its status while being built, then the file."""

    permission_classes = [IsOfficialWithPermission]
    renderer_classes = (JSONRenderer, AnyTypeRenderer)

    @documented(
        summary="Download a large meeting document once it is built",
        description=(
            "202 with the status while the task builds the file (wait the seconds in "
            "Retry-After), then the file itself. 409 if building it failed: ask for it again."
        ),
        responses={**FILE_RESPONSES, 202: ACCEPTED},
        errors=[403, 404, 409],
    )
    def get(self, request: Request, export_id: str) -> HttpResponse | Response:
        export = services.export_file_get(export_id=export_id)
        if export is None:
            raise Http404
        if export.status == ExportStatus.READY:
            services.export_file_downloaded(export=export, actor=signed_in_user(request.user))
            audit.record_export(
                request=request, what=export.file_name, obj=export.meeting, download=True
            )
            return _attachment(bytes(export.content), export.file_name, export.media_type)
        if export.status == ExportStatus.FAILED:
            return Response(
                {"detail": export.error, "code": "export_failed"}, status=status.HTTP_409_CONFLICT
            )
        return Response(
            _status_body(request, export, export.meeting),
            status=status.HTTP_202_ACCEPTED,
            headers={"Retry-After": str(RETRY_AFTER)},
        )
