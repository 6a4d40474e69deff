from django.urls import path

from barriers.counterpart import views

app_name = "counterpart"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.language, name="language"),
    path("barriers/<str:reference>/", views.barrier_detail, name="barrier"),
    path("barriers/<str:reference>/respond/<str:kind>/", views.respond, name="respond"),
    path(
        "barriers/<str:reference>/documents/<int:document_id>/",
        views.document_download,
        name="document",
    ),
    path(
        "barriers/<str:reference>/exchange-documents/<int:document_id>/",
        views.exchange_document_download,
        name="exchange_document",
    ),
    path("documents/<int:document_id>/", views.case_document_download, name="case_document"),
]
