from django.urls import path

from barriers.portal import views

app_name = "barriers"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", views.language, name="language"),
    path("company/invite/", views.company_invite, name="company_invite"),
    path("following/", views.following, name="following"),
    path("following/notifications/", views.notifications, name="notifications"),
    path(
        "following/unsubscribe/<str:token>/",
        views.following_unsubscribe,
        name="following_unsubscribe",
    ),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/hs-codes/", views.hs_codes, name="hs_codes"),
    path("reports/hs-codes/find/", views.hs_code_finder, name="hs_code_finder"),
    path("reports/drafts/<int:draft_id>/", views.report_new, name="draft"),
    path("reports/<str:reference>/", views.report_detail, name="report_detail"),
    path("reports/<str:reference>/edit/", views.report_edit, name="report_edit"),
    path("reports/<str:reference>/withdraw/", views.report_withdraw, name="report_withdraw"),
    path("reports/<str:reference>/messages/", views.message_new, name="message_new"),
    path("reports/<str:reference>/barrier-fix/", views.barrier_fix, name="barrier_fix"),
    path(
        "reports/<str:reference>/publication-consent/",
        views.report_publication_consent,
        name="report_publication_consent",
    ),
    path(
        "reports/<str:reference>/documents/<int:document_id>/",
        views.document_download,
        name="document_download",
    ),
    path(
        "reports/<str:reference>/barrier-documents/<int:document_id>/",
        views.barrier_document_download,
        name="barrier_document_download",
    ),
]
