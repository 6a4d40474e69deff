"""The meeting documents in the admin: download buttons on a meeting's change page.

`export_urls(model_admin)` adds two admin URLs to MeetingAdmin: one that builds a document (or
queues it when large) and one that serves a document a task has built.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from barriers.accounts import audit
from barriers.domain.editions import EDITIONS, INTERNAL, JOINT
from barriers.domain.errors import DomainError
from barriers.domain.transitions import MEETING_TOOK_PLACE
from barriers.exports import DOCUMENTS, FORMATS, services
from barriers.models import ExportFile, ExportStatus, Meeting, signed_in_user

# How the audit log names the joint edition (the internal brief is the default).
JOINT_NOTE = " (joint edition)"
EXPORT_URL = "barriers_meeting_export"
EXPORT_FILE_URL = "barriers_meeting_export_file"
FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "csv": "CSV",
    "ics": "iCalendar",
    "json": "JSON",
}


def _attachment(content: bytes, file_name: str, media_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


# The joint edition's formats: the calendar file is the same for both editions.
JOINT_FORMATS = tuple(fmt for fmt in FORMATS if fmt != "ics")


def export_links(meeting: Meeting, *, site_name: str = "admin") -> list[dict[str, Any]]:
    """The change page's buttons: the agenda always, the outcomes once the meeting is held,
    each as the internal brief and as the joint edition for the EAEU side."""

    groups = [
        ("agenda", INTERNAL, _("Agenda: internal brief")),
        ("agenda", JOINT, _("Agenda: joint edition (for the EAEU side)")),
    ]
    if meeting.status in MEETING_TOOK_PLACE:
        groups += [
            ("outcomes", INTERNAL, _("Outcomes: internal brief")),
            ("outcomes", JOINT, _("Outcomes: joint edition (for the EAEU side)")),
        ]

    def url(document: str, fmt: str, edition: str) -> str:
        base = reverse(f"{site_name}:{EXPORT_URL}", args=[meeting.pk, document, fmt])
        return f"{base}?edition={edition}" if edition != INTERNAL else base

    return [
        {
            "label": label,
            "edition": edition,
            "links": [
                {"format": fmt, "name": FORMAT_NAMES[fmt], "url": url(document, fmt, edition)}
                for fmt in (JOINT_FORMATS if edition == JOINT else FORMATS)
            ],
        }
        for document, edition, label in groups
    ]


def export_urls(model_admin: admin.ModelAdmin) -> list[Any]:
    """The admin URLs that build and serve meeting documents, for MeetingAdmin.get_urls()."""
    site = model_admin.admin_site

    def change_page(meeting_id: Any) -> str:
        return reverse(f"{site.name}:barriers_meeting_change", args=[meeting_id])

    def export_view(
        request: HttpRequest, object_id: str, document: str, export_format: str
    ) -> HttpResponse:
        meeting = model_admin.get_object(request, object_id)
        if meeting is None or document not in DOCUMENTS or export_format not in FORMATS:
            raise Http404
        if not model_admin.has_view_permission(request, meeting):
            raise PermissionDenied
        edition = request.GET.get("edition") or INTERNAL
        if edition not in EDITIONS:
            messages.error(
                request,
                _("Unknown edition '%(edition)s'; use one of: %(editions)s.")
                % {"edition": edition[:20], "editions": ", ".join(EDITIONS)},
            )
            return HttpResponseRedirect(change_page(meeting.pk))
        actor = signed_in_user(request.user)
        try:
            download = services.export_download(
                meeting=meeting,
                document=document,
                format=export_format,
                actor=actor,
                edition=edition,
            )
            if isinstance(download, ExportFile):
                export = download
                url = reverse(f"{site.name}:{EXPORT_FILE_URL}", args=[export.pk])
                audit.record_export(
                    request=request,
                    what=f"{document}{JOINT_NOTE if edition != INTERNAL else ''} of {meeting.code} as "
                    f"{export_format} (queued)",
                    obj=meeting,
                )
                messages.info(
                    request,
                    format_html(
                        _(
                            '{name} is large and is being built. <a href="{url}">Download it</a> '
                            "when it is ready."
                        ),
                        name=export.file_name,
                        url=url,
                    ),
                )
                return HttpResponseRedirect(change_page(meeting.pk))
        except DomainError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(change_page(meeting.pk))
        audit.record_export(request=request, what=download.file_name, obj=meeting)
        return _attachment(download.content, download.file_name, download.media_type)

    def export_file_view(request: HttpRequest, export_id: str) -> HttpResponse:
        export = services.export_file_get(export_id=export_id)
        if export is None:
            raise Http404
        if not model_admin.has_view_permission(request, export.meeting):
            raise PermissionDenied
        if export.status == ExportStatus.READY:
            services.export_file_downloaded(export=export, actor=signed_in_user(request.user))
            audit.record_export(
                request=request, what=export.file_name, obj=export.meeting, download=True
            )
            return _attachment(bytes(export.content), export.file_name, export.media_type)
        if export.status == ExportStatus.FAILED:
            messages.error(request, export.error)
        else:
            messages.info(
                request,
                _("%(name)s is still being built; try again in a moment.")
                % {"name": export.file_name},
            )
        return HttpResponseRedirect(change_page(export.meeting_id))

    return [
        path(
            "<path:object_id>/export/<str:document>/<str:export_format>/",
            site.admin_view(export_view),
            name=EXPORT_URL,
        ),
        path(
            "export-files/<uuid:export_id>/",
            site.admin_view(export_file_view),
            name=EXPORT_FILE_URL,
        ),
    ]
