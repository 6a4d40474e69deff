"""One exception handler: domain errors become 400/409 in DRF's usual error shape.

409 when the object's state refuses the request (a transition not allowed from its status, a
report no longer editable, a closed agenda); 400 when the request itself breaks a rule.

A view may rename the fields services name in their errors to the API's own field names with a
`domain_error_fields` mapping (the service says `company`, the API field is `company_iec`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from barriers.domain.report_rules import ReportInvalid
from barriers.transitions import DomainError, StateConflict, TransitionNotAllowed


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TransitionNotAllowed | StateConflict):
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ReportInvalid):
        renames = getattr(context.get("view"), "domain_error_fields", {})
        body = {renames.get(name, name): reasons for name, reasons in exc.by_field().items()}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        if exc.field:
            renames = getattr(context.get("view"), "domain_error_fields", {})
            field = renames.get(exc.field, exc.field)
            return Response({field: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {"detail": exc.message, "code": exc.code}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
