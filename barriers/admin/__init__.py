"""The officials' desk: the Django admin for every model of the barrier tracker.

An interface only: status moves, new barriers and new messages go through `barriers.services`;
status fields are read-only here, and status history can be read but never written. Importing
the submodules registers their ModelAdmins with the default admin site.
"""

from django.contrib import admin

from barriers.admin import (  # noqa: F401
    barriers,
    case_documents,
    companies,
    exchanges,
    following,
    home,
    meetings,
    reference,
    reports,
    system,
)

# The triage lists are wide; the page's full width serves officials better than the app sidebar.
admin.site.enable_nav_sidebar = False
# The home page starts with the work waiting; tables in the order of the work (admin/home.py).
home.install()
