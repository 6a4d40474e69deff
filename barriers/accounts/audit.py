"""The audit log: sign-ins (and failed ones), exports of personal data and changes to people's
access, as `AuditEvent` rows.

Access changes (staff, superuser and active flags, role groups, permissions, company) are written
by the services in barriers/services/people.py through `record_access_change`, in the
transaction of the change.

Sign-ins are caught with Django's `user_logged_in` / `user_login_failed` signals, whichever door
was used (portal, admin, API token), plus allauth's signal for a wrong second-factor code. Exports
are recorded by the views that hand out files: meeting documents (API and admin buttons), evidence
files (portal, API and admin) and the admin's list exports (`AuditedExportMixin`, for
django-import-export's ModelAdmins).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from barriers.accounts import security
from barriers.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    # What AuditedExportMixin is mixed into (django-import-export's admin mixins, which are
    # untyped), for the type checker only.
    from import_export.admin import ExportMixin as _ExportMixin
else:
    _ExportMixin = object

ADMIN_PREFIX = "/admin/"
API_PREFIX = "/api/"
MFA_PREFIX = "/accounts/2fa/"


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: the same one lock-outs count against (barriers.accounts.security)."""
    return security.client_ip(request)


def channel_for(request: HttpRequest | None) -> str:
    path = getattr(request, "path", "") or ""
    if path.startswith(ADMIN_PREFIX):
        return "admin"
    if path.startswith(API_PREFIX):
        return "api"
    if path.startswith(MFA_PREFIX):
        return "mfa"
    return "portal" if path else ""


def record(
    *,
    request: HttpRequest | None,
    action: str,
    user: Any = None,
    username: str = "",
    channel: str | None = None,
    what: str = "",
    obj: Model | None = None,
) -> AuditEvent:
    """Append one event; `user` may be None (a failed sign-in for an unknown name)."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEvent.objects.create(
        user=user,
        username=(username or getattr(user, "email", "") or "")[:254],
        action=action,
        channel=channel if channel is not None else channel_for(request),
        what=what[:300],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=client_ip(request),
        path=(getattr(request, "path", "") or "")[:300],
    )


def record_access_change(
    *,
    actor: Any,
    subject: Any,
    field: str,
    old: Any,
    new: Any,
    channel: str = "",
    obj: Model | None = None,
) -> AuditEvent:
    """Append one change to who may do what: `actor` changed `field` of `subject`, old to new.

    `subject` is the person changed (None for a change to a group itself, then `obj` is the
    group); `actor` None means the system or a command run on the server.
    """
    return AuditEvent.objects.access_change(
        actor=actor, subject=subject, field=field, old=old, new=new, channel=channel, obj=obj
    )


def record_export(
    *, request: HttpRequest, what: str, obj: Model | None = None, download: bool = False
) -> AuditEvent:
    return record(
        request=request,
        action=AuditAction.DOWNLOAD if download else AuditAction.EXPORT,
        user=getattr(request, "user", None),
        what=what,
        obj=obj,
    )


def record_evidence_download(*, request: HttpRequest, document: Any) -> AuditEvent:
    """Who opened which evidence file, through whichever door (portal, API, admin, counterpart).

    A report's evidence names its report; a file attached to an exchange names its barrier;
    a document on a barrier or a meeting names it.
    """
    report = getattr(document, "report", None)
    if report is not None:
        owner = report.reference
    elif hasattr(document, "exchange"):
        owner = document.exchange.barrier.reference
    elif getattr(document, "barrier_id", None) is not None:  # a document on a barrier
        owner = document.barrier.reference
    else:  # a document on a meeting
        owner = f"meeting {document.meeting.code}"
    return record_export(
        request=request,
        what=f"evidence file {document.original_name} of {owner}",
        obj=document,
        download=True,
    )


# ---------------------------------------------------------------------------------------------
# Sign-ins
# ---------------------------------------------------------------------------------------------


def on_user_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(request=request, action=AuditAction.LOGIN, user=user, what="signed in")


def on_user_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    name = security.axes_username(request, credentials) if request is not None else None
    name = name or str(credentials.get("email") or credentials.get("username") or "")
    user = get_user_model().objects.filter(email__iexact=name).first() if name else None
    record(
        request=request,
        action=AuditAction.LOGIN_FAILED,
        user=user,
        username=name,
        what="wrong e-mail address or password, or locked out",
    )


def on_mfa_failed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(
        request=request,
        action=AuditAction.LOGIN_FAILED,
        user=user,
        channel="mfa",
        what="wrong second-factor code",
    )


def connect() -> None:
    """Called once from BarriersConfig.ready()."""
    from allauth.mfa.signals import authentication_failed

    user_logged_in.connect(on_user_logged_in, dispatch_uid="barriers.accounts.audit.logged_in")
    user_login_failed.connect(
        on_user_login_failed, dispatch_uid="barriers.accounts.audit.login_failed"
    )
    authentication_failed.connect(on_mfa_failed, dispatch_uid="barriers.accounts.audit.mfa_failed")


# ---------------------------------------------------------------------------------------------
# Admin list exports (django-import-export)
# ---------------------------------------------------------------------------------------------


class AuditedExportMixin(_ExportMixin):
    """Put before ExportActionMixin / ExportMixin: every list export is written to the log."""

    def get_valid_export_item_pks(self, request: HttpRequest) -> Any:
        # django-import-export's default offers every pk in the table as a form choice (100,000
        # barriers, for an export of three selected rows) and is deprecated. Only the rows
        # posted, and visible to this official, are valid.
        posted = [pk for pk in request.POST.getlist("export_items") if pk.isdigit()]
        return self.get_queryset(request).filter(pk__in=posted).values_list("pk", flat=True)

    def get_data_for_export(self, request: HttpRequest, queryset: QuerySet, **kwargs: Any) -> Any:
        data = super().get_data_for_export(request, queryset, **kwargs)
        # Read by get_export_data below, on the same request.
        request._audit_export_rows = len(data)  # type: ignore[attr-defined]  # our own note
        return data

    def get_export_data(
        self, file_format: Any, request: HttpRequest, queryset: QuerySet, **kwargs: Any
    ) -> Any:
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        rows = getattr(request, "_audit_export_rows", None)
        name = queryset.model._meta.verbose_name_plural
        record_export(
            request=request,
            what=f"{name}: {rows if rows is not None else '?'} rows as {file_format.get_title()}",
        )
        return data
