"""The REST API under /api/v1/."""

from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView

from barriers.api import (
    barriers,
    case_documents,
    counterparts,
    documents,
    exports,
    following,
    lifecycle,
    meetings,
    metrics,
    outcomes,
    reference,
    reports,
    sharing,
    tokens,
    triage,
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
        "reports/<str:reference>/publication-consent/",
        reports.ReportPublicationConsentView.as_view(),
        name="api-report-publication-consent",
    ),
    # Triage by officials: the admin's steps, through the same services.
    path(
        "reports/<str:reference>/start-review/",
        triage.ReportStartReviewView.as_view(),
        name="api-report-start-review",
    ),
    path(
        "reports/<str:reference>/request-info/",
        triage.ReportRequestInfoView.as_view(),
        name="api-report-request-info",
    ),
    path(
        "reports/<str:reference>/accept/",
        triage.ReportAcceptView.as_view(),
        name="api-report-accept",
    ),
    path(
        "reports/<str:reference>/reject/",
        triage.ReportRejectView.as_view(),
        name="api-report-reject",
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
    # After the meeting: outcomes of agenda items (by the barrier's reference) and action points.
    path(
        "meetings/<str:code>/items/<str:reference>/outcome/",
        outcomes.OutcomeView.as_view(),
        name="api-meeting-item-outcome",
    ),
    path(
        "meetings/<str:code>/items/<str:reference>/action-points/",
        outcomes.ActionPointCreateView.as_view(),
        name="api-meeting-item-action-points",
    ),
    path(
        "action-points/<str:action_point_id>/",
        outcomes.ActionPointDetailView.as_view(),
        name="api-action-point",
    ),
    path(
        "action-points/<str:action_point_id>/done/",
        outcomes.ActionPointDoneView.as_view(),
        name="api-action-point-done",
    ),
    path(
        "action-points/<str:action_point_id>/drop/",
        outcomes.ActionPointDropView.as_view(),
        name="api-action-point-drop",
    ),
    path(
        "action-points/<str:action_point_id>/reopen/",
        outcomes.ActionPointReopenView.as_view(),
        name="api-action-point-reopen",
    ),
    path("exports/<uuid:export_id>/", exports.ExportFileView.as_view(), name="api-export-file"),
    path(
        "meetings/<str:code>/documents/",
        case_documents.MeetingDocumentListView.as_view(),
        name="api-meeting-documents",
    ),
    path(
        "meetings/<str:code>/documents/<str:document_id>/",
        case_documents.MeetingDocumentDetailView.as_view(),
        name="api-meeting-document",
    ),
    path(
        "meetings/<str:code>/documents/<str:document_id>/download/",
        case_documents.MeetingDocumentDownloadView.as_view(),
        name="api-meeting-document-download",
    ),
    path(
        "barriers/<str:reference>/documents/",
        case_documents.BarrierDocumentListView.as_view(),
        name="api-barrier-documents",
    ),
    path(
        "barriers/<str:reference>/documents/<str:document_id>/",
        case_documents.BarrierDocumentDetailView.as_view(),
        name="api-barrier-document",
    ),
    path(
        "barriers/<str:reference>/documents/<str:document_id>/download/",
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
        "barriers/<str:reference>/resolve/",
        lifecycle.BarrierResolveView.as_view(),
        name="api-barrier-resolve",
    ),
    path(
        "barriers/<str:reference>/partially-resolve/",
        lifecycle.BarrierPartiallyResolveView.as_view(),
        name="api-barrier-partially-resolve",
    ),
    path(
        "barriers/<str:reference>/close/",
        lifecycle.BarrierCloseView.as_view(),
        name="api-barrier-close",
    ),
    path(
        "barriers/<str:reference>/reopen/",
        lifecycle.BarrierReopenView.as_view(),
        name="api-barrier-reopen",
    ),
    path(
        "barriers/<str:reference>/keep-resolved/",
        lifecycle.BarrierKeepResolvedView.as_view(),
        name="api-barrier-keep-resolved",
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
    # Following: the signed-in user's own follows, digest frequency and notifications.
    path("follows/", following.FollowListView.as_view(), name="api-follow-list"),
    path(
        "follows/<str:follow_id>/", following.FollowDetailView.as_view(), name="api-follow-detail"
    ),
    path(
        "following/settings/",
        following.FollowSettingsView.as_view(),
        name="api-following-settings",
    ),
    path("notifications/", following.NotificationListView.as_view(), name="api-notification-list"),
    path(
        "notifications/read/",
        following.NotificationsReadView.as_view(),
        name="api-notifications-read",
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
