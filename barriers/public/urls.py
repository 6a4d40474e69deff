from django.contrib.sitemaps.views import sitemap
from django.urls import path

from barriers.public import views
from barriers.public.feeds import RegisterChangesFeed
from barriers.public.sitemaps import SITEMAPS

app_name = "public"

urlpatterns = [
    path("", views.register_list, name="register"),
    path("statistics/", views.statistics, name="statistics"),
    path("language/", views.language, name="language"),
    path("data/", views.open_data, name="open_data"),
    path("data/register.csv", views.download_csv, name="download_csv"),
    path("data/register.json", views.download_json, name="download_json"),
    path("feed.atom", RegisterChangesFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("barriers/<str:reference>/", views.barrier_detail, name="barrier"),
]
