"""The smallest authenticated API request, for `manage.py bench` only (issue 18).

`GET /bench/reference/<pk>/` reads one barrier by primary key and answers its reference: the
project's token authentication, DRF's default permission and throttles, the same middleware and
nothing else. The bench shows each API row also as a multiple of it, so that a row's cost says
how much more than a minimal DRF request it takes.

It exists only in this urlconf, which the bench installs (in process through override_settings,
in the gunicorn it starts through devtools.bench_wsgi); tracker.urls never includes it, and
devtools/ is not part of the installed package (tests/system/test_packaging.py).
"""

from __future__ import annotations

from django.urls import path
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers.models import Barrier
from tracker.urls import handler400  # noqa: F401
from tracker.urls import urlpatterns as product_urlpatterns


class ReferenceView(APIView):
    """One primary-key read behind the API's default authentication and permission."""

    def get(self, request: Request, pk: int) -> Response:
        reference = Barrier.objects.filter(pk=pk).values_list("reference", flat=True).first()
        if reference is None:
            raise NotFound()
        return Response({"reference": reference})


urlpatterns = [
    path("bench/reference/<int:pk>/", ReferenceView.as_view(), name="bench_reference"),
    *product_urlpatterns,
]
