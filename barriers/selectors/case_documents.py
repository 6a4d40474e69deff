"""Documents on barriers and meetings (letters, minutes, protocols), scoped to who is asking.

Officials see every one. Outside India's side only documents an official marked `shared` are
ever found: an exporter's on the barrier their own accepted report is part of; a counterpart
focal point's on the barriers shared with their regulator and on the meetings their regulator
takes part in. Anything else is simply not found (None, or an empty list), and a door answers 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from barriers.models import Barrier, CaseDocument, Meeting, Report, ReportStatus, User
from barriers.selectors.counterparts import _focal_point_regulator, _shared_scope
from barriers.selectors.reports import _report_scope


def _official(viewer: User | None) -> bool:
    return viewer is not None and viewer.is_active and viewer.is_staff


def case_documents_for_official(
    *, viewer: User, barrier: Barrier | None = None, meeting: Meeting | None = None
) -> QuerySet[CaseDocument]:
    """Every document on the barrier or the meeting, newest first; none for anyone but
    officials."""
    if not _official(viewer):
        return CaseDocument.objects.none()
    documents = CaseDocument.objects.select_related("uploaded_by", "barrier", "meeting")
    if barrier is not None:
        documents = documents.filter(barrier=barrier)
    elif meeting is not None:
        documents = documents.filter(meeting=meeting)
    else:
        return CaseDocument.objects.none()
    return documents.order_by("-dated", "-pk")


def case_document_get_for_official(*, viewer: User, document_id: int) -> CaseDocument | None:
    """One document for an official, or None."""
    if not _official(viewer):
        return None
    return CaseDocument.objects.filter(pk=document_id).select_related("barrier", "meeting").first()


def _exporter_barrier_scope(viewer: User, reference: str | None = None) -> Q:
    """The barriers of accepted reports the exporter may see (by report reference, if given)."""
    if viewer.is_staff or viewer.company_id is None:
        return Q(pk__in=[])
    reports = Report.objects.filter(_report_scope(viewer), status=ReportStatus.ACCEPTED)
    if reference is not None:
        reports = reports.filter(reference=reference)
    return Q(barrier_id__in=reports.values("barrier_id"))


def case_documents_for_report(*, viewer: User, report: Report) -> list[CaseDocument]:
    """The shared documents of the barrier the viewer's accepted report is part of."""
    if report.status != ReportStatus.ACCEPTED or report.barrier_id is None:
        return []
    return list(
        CaseDocument.objects.filter(
            _exporter_barrier_scope(viewer, report.reference),
            barrier_id=report.barrier_id,
            shared=True,
        ).order_by("-dated", "-pk")
    )


def case_document_get_for_exporter(
    *, viewer: User, reference: str, document_id: int
) -> CaseDocument | None:
    """A shared document on the barrier of the viewer's report `reference`, or None."""
    return (
        CaseDocument.objects.filter(
            _exporter_barrier_scope(viewer, reference), pk=document_id, shared=True
        )
        .select_related("barrier")
        .first()
    )


def _counterpart_meeting_scope(viewer: User) -> Q:
    regulator = _focal_point_regulator(viewer)
    if regulator is None:
        return Q(pk__in=[])
    return Q(meeting__eaeu_participants=regulator)


def case_documents_for_counterpart_barrier(*, viewer: User, reference: str) -> list[CaseDocument]:
    """The shared documents of one barrier shared with the viewer's regulator."""
    return list(
        CaseDocument.objects.filter(
            barrier__in=Barrier.objects.filter(_shared_scope(viewer), reference=reference),
            shared=True,
        ).order_by("-dated", "-pk")
    )


def case_documents_for_counterpart_meetings(*, viewer: User) -> list[CaseDocument]:
    """The shared documents of the meetings the viewer's regulator takes part in."""
    return list(
        CaseDocument.objects.filter(_counterpart_meeting_scope(viewer), shared=True)
        .select_related("meeting")
        .distinct()
        .order_by("-meeting__date", "-dated", "-pk")
    )


def case_document_get_for_counterpart(*, viewer: User, document_id: int) -> CaseDocument | None:
    """A shared document on a barrier shared with the viewer's regulator or on a meeting it
    takes part in, or None."""
    on_barrier = Q(barrier__in=Barrier.objects.filter(_shared_scope(viewer)))
    on_meeting = _counterpart_meeting_scope(viewer)
    return (
        CaseDocument.objects.filter(on_barrier | on_meeting, pk=document_id, shared=True)
        .select_related("barrier", "meeting")
        .first()
    )
