"""The REST API under /api/v1/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from barriers.api import barriers, documents, exports, meetings, metrics, reference, reports, tokens

urlpatterns = [
    path("auth/token/", tokens.TokenView.as_view(), name="api-token"),
    path("reports/", reports.ReportListView.as_view(), name="api-report-list"),
    path("reports/<str:reference>/", reports.ReportDetailView.as_view(), name="api-report-detail"),
    path(
        "reports/<str:reference>/withdraw/",
        reports.ReportWithdrawView.as_view(),
        name="api-report-withdraw",
    ),
    path(
        "reports/<str:reference>/documents/",
        documents.DocumentListView.as_view(),
        name="api-report-documents",
    ),
    path(
        "reports/<str:reference>/documents/<int:document_id>/",
        documents.DocumentDownloadView.as_view(),
        name="api-report-document-download",
    ),
    path(
        "reports/<str:reference>/messages/",
        reports.MessageListView.as_view(),
        name="api-report-messages",
    ),
    path(
        "reports/<str:reference>/timeline/",
        reports.TimelineView.as_view(),
        name="api-report-timeline",
    ),
    path("hs-codes/", reference.HSCodeListView.as_view(), name="api-hs-codes"),
    path("regulators/", reference.RegulatorListView.as_view(), name="api-regulators"),
    path("barrier-kinds/", reference.BarrierKindListView.as_view(), name="api-barrier-kinds"),
    path("countries/", reference.CountryListView.as_view(), name="api-countries"),
    path("meetings/", meetings.MeetingListView.as_view(), name="api-meetings"),
    path(
        "meetings/<str:code>/agenda/",
        meetings.MeetingAgendaView.as_view(),
        name="api-meeting-agenda",
    ),
    path(
        "meetings/<str:code>/draft/", meetings.MeetingDraftView.as_view(), name="api-meeting-draft"
    ),
    path(
        "meetings/<str:code>/agenda/export/<str:export_format>/",
        exports.MeetingAgendaExportView.as_view(),
        name="api-meeting-agenda-export",
    ),
    path(
        "meetings/<str:code>/outcomes/export/<str:export_format>/",
        exports.MeetingOutcomesExportView.as_view(),
        name="api-meeting-outcomes-export",
    ),
    path("exports/<uuid:export_id>/", exports.ExportFileView.as_view(), name="api-export-file"),
    path("metrics/", metrics.MetricsView.as_view(), name="api-metrics"),
    path("barriers/", barriers.BarrierListView.as_view(), name="api-barrier-list"),
    path(
        "barriers/<str:reference>/", barriers.BarrierDetailView.as_view(), name="api-barrier-detail"
    ),
    path(
        "barriers/<str:reference>/summary/",
        metrics.BarrierSummaryView.as_view(),
        name="api-barrier-summary",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's setup script as a file (docs/?script=), not inline, so
    # the page works under the Content-Security-Policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="barriers/api/swagger_ui.html"
        ),
        name="api-docs",
    ),
]
