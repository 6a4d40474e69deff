"""The REST API under /api/v1/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from barriers.api import exports, meetings, metrics, views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("reports/", views.ReportListView.as_view(), name="api-report-list"),
    path("reports/<str:reference>/", views.ReportDetailView.as_view(), name="api-report-detail"),
    path(
        "reports/<str:reference>/withdraw/",
        views.ReportWithdrawView.as_view(),
        name="api-report-withdraw",
    ),
    path(
        "reports/<str:reference>/documents/",
        views.DocumentListView.as_view(),
        name="api-report-documents",
    ),
    path(
        "reports/<str:reference>/documents/<int:document_id>/",
        views.DocumentDownloadView.as_view(),
        name="api-report-document-download",
    ),
    path(
        "reports/<str:reference>/messages/",
        views.MessageListView.as_view(),
        name="api-report-messages",
    ),
    path(
        "reports/<str:reference>/timeline/",
        views.TimelineView.as_view(),
        name="api-report-timeline",
    ),
    path("hs-codes/", views.HSCodeListView.as_view(), name="api-hs-codes"),
    path("regulators/", views.RegulatorListView.as_view(), name="api-regulators"),
    path("barrier-kinds/", views.BarrierKindListView.as_view(), name="api-barrier-kinds"),
    path("countries/", views.CountryListView.as_view(), name="api-countries"),
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
    path("barriers/", views.BarrierListView.as_view(), name="api-barrier-list"),
    path("barriers/<str:reference>/", views.BarrierDetailView.as_view(), name="api-barrier-detail"),
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
