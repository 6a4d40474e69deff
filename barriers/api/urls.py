"""The REST API under /api/v1/."""

from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView

from barriers.api import (
    barriers,
    case_documents,
    counterparts,
    documents,
    exports,
    meetings,
    metrics,
    reference,
    reports,
    sharing,
    tokens,
)
from barriers.api.schema import SchemaView

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
    path("legal-bases/", reference.LegalBasisListView.as_view(), name="api-legal-bases"),
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
    path(
        "meetings/<str:code>/documents/",
        case_documents.MeetingDocumentListView.as_view(),
        name="api-meeting-documents",
    ),
    path(
        "meetings/<str:code>/documents/<int:document_id>/",
        case_documents.MeetingDocumentDetailView.as_view(),
        name="api-meeting-document",
    ),
    path(
        "meetings/<str:code>/documents/<int:document_id>/download/",
        case_documents.MeetingDocumentDownloadView.as_view(),
        name="api-meeting-document-download",
    ),
    path(
        "barriers/<str:reference>/documents/",
        case_documents.BarrierDocumentListView.as_view(),
        name="api-barrier-documents",
    ),
    path(
        "barriers/<str:reference>/documents/<int:document_id>/",
        case_documents.BarrierDocumentDetailView.as_view(),
        name="api-barrier-document",
    ),
    path(
        "barriers/<str:reference>/documents/<int:document_id>/download/",
        case_documents.BarrierDocumentDownloadView.as_view(),
        name="api-barrier-document-download",
    ),
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
    path(
        "barriers/<str:reference>/share/",
        sharing.BarrierShareView.as_view(),
        name="api-barrier-share",
    ),
    path(
        "barriers/<str:reference>/exchanges/",
        sharing.BarrierExchangesView.as_view(),
        name="api-barrier-exchanges",
    ),
    path(
        "barriers/<str:reference>/exchanges/<str:exchange_id>/forward/",
        sharing.ExchangeForwardView.as_view(),
        name="api-barrier-exchange-forward",
    ),
    path(
        "barriers/<str:reference>/exchange-documents/<str:exchange_document_id>/",
        sharing.BarrierExchangeDocumentDownloadView.as_view(),
        name="api-barrier-exchange-document-download",
    ),
    # The counterpart: focal points of an EAEU regulator. Ids in these paths are matched as text
    # and read by the views, so that a malformed one answers the API's JSON 404, not a page.
    path(
        "counterpart/barriers/",
        counterparts.CounterpartBarrierListView.as_view(),
        name="api-counterpart-barrier-list",
    ),
    path(
        "counterpart/barriers/<str:reference>/",
        counterparts.CounterpartBarrierDetailView.as_view(),
        name="api-counterpart-barrier-detail",
    ),
    path(
        "counterpart/barriers/<str:reference>/exchanges/",
        counterparts.CounterpartExchangeView.as_view(),
        name="api-counterpart-exchanges",
    ),
    path(
        "counterpart/barriers/<str:reference>/documents/<str:document_id>/",
        counterparts.CounterpartDocumentDownloadView.as_view(),
        name="api-counterpart-document-download",
    ),
    path(
        "counterpart/barriers/<str:reference>/exchange-documents/<str:exchange_document_id>/",
        counterparts.CounterpartExchangeDocumentDownloadView.as_view(),
        name="api-counterpart-exchange-document-download",
    ),
    path("schema/", SchemaView.as_view(), name="api-schema"),
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
