from django.contrib import admin
from django.urls import include, path

from barriers.accounts.mfa import admin_login
from barriers.admin.following import following_view, notifications_view
from barriers.dashboard.views import dashboard_view
from barriers.portal.views import PortalSignupView
from barriers.public.views import robots_txt

admin.site.site_header = "India–EAEU barrier tracker"
admin.site.site_title = "Barrier tracker"
admin.site.index_title = "Officials' desk"

# RequestDataTooBig (Django's multipart parser, a form's fields too large) answers 413.
handler400 = "barriers.platform.request_limits.bad_request"

urlpatterns = [
    # Before admin.site.urls, whose catch-all would take the path. admin_view sends anyone who
    # is not active staff to the admin login; the view itself asks for view_report.
    path("admin/dashboard/", admin.site.admin_view(dashboard_view), name="admin_dashboard"),
    # The admin's sign-in continues in allauth's login stages (second factor): barriers/accounts/mfa.py.
    path(
        "admin/following/",
        admin.site.admin_view(following_view),
        name="admin_following",
    ),
    path(
        "admin/following/notifications/",
        admin.site.admin_view(notifications_view),
        name="admin_following_notifications",
    ),
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("barriers.api.urls")),
    # Before allauth's own: sign-up turns a lost race for an IEC into a form error.
    path("accounts/signup/", PortalSignupView.as_view(), name="account_signup"),
    path("accounts/", include("allauth.urls")),
    # The EAEU focal points' pages (namespace "counterpart").
    path("counterpart/", include("barriers.counterpart.urls")),
    # The public register: no sign-in (namespace "public"), and robots.txt naming its sitemap.
    path("public/", include("barriers.public.urls")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("barriers.portal.urls")),
]
