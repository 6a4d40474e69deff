"""The EAEU side: officials invite and deactivate counterpart focal points, and share barriers
with the regulator they are routed to (and take them back).

Who sees what once a barrier is shared is `barriers.selectors.counterparts`'s business; here is
every write. Each is an official's decision, checked against a permission the triage officers'
group holds (migration 0022_counterpart_role_permissions), made in one transaction, and on the
record: an access change in the audit log (a person let in or out, a barrier opened to a
regulator or closed to it), an internal note on the barrier, and django-simple-history's row of
the share. The invitation e-mail goes through the outbox after commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from barriers.accounts import audit
from barriers.domain.errors import DomainError
from barriers.domain.transitions import BARRIER_CLOSED
from barriers.models import (
    Barrier,
    BarrierShare,
    Document,
    Regulator,
    ReportStatus,
    User,
)
from barriers.notifications.counterparts import focal_point_invitation_queue
from barriers.services.base import barrier_search_text_refresh, history_stamp, row_lock
from barriers.services.documents import barrier_documents_changed
from barriers.services.exchanges import deadlines_cancel, deadlines_open_for_share
from barriers.services.people import user_update_access
from barriers.services.reports import message_post

INVITE_PERMISSION = "barriers.add_focalpoint"
DEACTIVATE_PERMISSION = "barriers.change_focalpoint"
SHARE_PERMISSION = "barriers.share_barrier"

# The counterpart's texts: (field, label, required). Russian first: the counterpart reads it.
SHARE_TEXTS: tuple[tuple[str, str, bool], ...] = (
    ("title_ru", "title in Russian", True),
    ("summary_ru", "summary in Russian", True),
    ("ask_ru", "ask in Russian", True),
    ("title_en", "title in English", False),
    ("summary_en", "summary in English", False),
    ("ask_en", "ask in English", False),
)
TITLE_MAX_LENGTH = 250
TEXT_MAX_LENGTH = 5000
FULL_NAME_MAX_LENGTH = 150


def _require(actor: User | None, permission: str, what: str) -> User:
    if actor is None or not actor.is_active or not actor.has_perm(permission):
        raise DomainError(f"Only a triage officer can {what}.")
    return actor


def _regulator_name(regulator: Regulator) -> str:
    return regulator.abbreviation or regulator.code


# ---------------------------------------------------------------------------------------------
# Focal points
# ---------------------------------------------------------------------------------------------


def focal_point_invite(
    *, actor: User, regulator: Regulator, email: str, full_name: str, channel: str = "admin"
) -> User:
    """Open an account for a focal point of `regulator` and e-mail them the invitation.

    The account has no usable password: the person chooses one from the invitation, then must
    set up an authenticator app before anything else (barriers.accounts.mfa).
    """
    from allauth.account.models import EmailAddress

    actor = _require(actor, INVITE_PERMISSION, "invite a focal point")
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError("Enter the focal point's e-mail address.", field="email") from exc
    full_name = " ".join(full_name.split())
    if not full_name:
        raise DomainError("Enter the focal point's full name.", field="full_name")
    if len(full_name) > FULL_NAME_MAX_LENGTH:
        raise DomainError(
            f"The full name is at most {FULL_NAME_MAX_LENGTH} characters.", field="full_name"
        )
    taken = DomainError("There is already an account for this e-mail address.", field="email")
    with transaction.atomic():
        if (
            User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()
        ):
            raise taken
        user = User(email=email, full_name=full_name, regulator=regulator)
        user.set_unusable_password()  # chosen through the link the reset page e-mails
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise taken from exc
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        created = audit.record_access_change(
            actor=actor, subject=user, field="account", old="", new="created", channel=channel
        )
        audit.record_access_change(
            actor=actor, subject=user, field="regulator", old="", new=regulator, channel=channel
        )
        focal_point_invitation_queue(
            focal_point=user, regulator=regulator, inviter=actor, audit_event_id=created.pk
        )
    return user


def focal_point_deactivate(*, actor: User, focal_point: User, channel: str = "admin") -> User:
    """Close a focal point's account: they can no longer sign in or use a token (audited)."""
    actor = _require(actor, DEACTIVATE_PERMISSION, "deactivate a focal point")
    with transaction.atomic():
        locked: User = row_lock(User, focal_point.pk)
        if locked.regulator_id is None:
            raise DomainError(f"{locked.email} is not a focal point of a regulator.")
        if not locked.is_active:
            return locked
        user_update_access(user=locked, actor=actor, is_active=False, channel=channel)
    focal_point.is_active = False
    return locked


def focal_point_reactivate(*, actor: User, focal_point: User, channel: str = "admin") -> User:
    """Open a deactivated focal point's account again (audited, like the deactivation)."""
    actor = _require(actor, DEACTIVATE_PERMISSION, "reactivate a focal point")
    with transaction.atomic():
        locked: User = row_lock(User, focal_point.pk)
        if locked.regulator_id is None:
            raise DomainError(f"{locked.email} is not a focal point of a regulator.")
        if locked.is_active:
            return locked
        user_update_access(user=locked, actor=actor, is_active=True, channel=channel)
    focal_point.is_active = True
    return locked


def focal_point_invitation_resend(
    *, actor: User, focal_point: User, channel: str = "admin"
) -> User:
    """E-mail the invitation again to a focal point who has not signed in yet (lost or expired
    mail). Audited: the invitation is how the person gets in."""
    actor = _require(actor, INVITE_PERMISSION, "resend an invitation")
    with transaction.atomic():
        locked: User = row_lock(User, focal_point.pk)
        if locked.regulator_id is None:
            raise DomainError(f"{locked.email} is not a focal point of a regulator.")
        if not locked.is_active:
            raise DomainError("The account is deactivated: reactivate it first.")
        if locked.last_login is not None:
            raise DomainError(
                "They have signed in already; a forgotten password is reset from the sign-in page."
            )
        regulator = Regulator.objects.get(pk=locked.regulator_id)
        event = audit.record_access_change(
            actor=actor, subject=locked, field="invitation", old="", new="resent", channel=channel
        )
        focal_point_invitation_queue(
            focal_point=locked, regulator=regulator, inviter=actor, audit_event_id=event.pk
        )
    return locked


# ---------------------------------------------------------------------------------------------
# Sharing barriers
# ---------------------------------------------------------------------------------------------


def _share_texts(texts: dict[str, str]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for field, label, required in SHARE_TEXTS:
        value = (texts.get(field) or "").strip()
        if required and not value:
            raise DomainError(f"Enter the {label}: the counterpart reads it.", field=field)
        limit = TITLE_MAX_LENGTH if field.startswith("title") else TEXT_MAX_LENGTH
        if len(value) > limit:
            raise DomainError(f"The {label} is at most {limit} characters.", field=field)
        cleaned[field] = value
    return cleaned


def _shareable_documents(barrier: Barrier, documents: Iterable[Document]) -> list[Document]:
    """Evidence of the barrier's accepted reports only: nothing else may be shown."""
    wanted = {document.pk for document in documents}
    if not wanted:
        return []
    found = list(
        Document.objects.filter(
            pk__in=wanted, report__barrier=barrier, report__status=ReportStatus.ACCEPTED
        ).order_by("pk")
    )
    if len(found) != len(wanted):
        raise DomainError(
            "Only evidence of this barrier's accepted reports can be shared.", field="documents"
        )
    return found


def barrier_share(
    *,
    actor: User,
    barrier: Barrier,
    title_ru: str,
    title_en: str,
    summary_ru: str,
    summary_en: str,
    ask_ru: str,
    ask_en: str,
    documents: Iterable[Document] = (),
    channel: str = "admin",
) -> BarrierShare:
    """Share the barrier with the regulator it is routed to, with the counterpart's texts and
    the documents chosen; sharing again replaces them."""
    actor = _require(actor, SHARE_PERMISSION, "share a barrier with its regulator")
    texts = _share_texts(
        {
            "title_ru": title_ru,
            "title_en": title_en,
            "summary_ru": summary_ru,
            "summary_en": summary_en,
            "ask_ru": ask_ru,
            "ask_en": ask_en,
        }
    )
    documents = list(documents)
    with transaction.atomic():
        # Only the barrier's row is locked (its regulator is on the nullable side of the join).
        barrier = (
            Barrier.objects.select_for_update(of=("self",))
            .select_related("regulator")
            .get(pk=barrier.pk)
        )
        regulator = barrier.regulator
        if regulator is None:
            raise DomainError(
                "Set the barrier's regulator first: a barrier is shared with its regulator.",
                field="regulator",
            )
        if barrier.status in BARRIER_CLOSED:
            raise DomainError(
                f"The barrier is {barrier.get_status_display().lower()}; it is no longer shared."
            )
        chosen = _shareable_documents(barrier, documents)
        share = BarrierShare.objects.select_for_update().filter(barrier=barrier).first()
        before = share.regulator_id if share is not None and share.is_active else None
        now = timezone.now()
        if share is None:
            share = BarrierShare(barrier=barrier)
        share.regulator = regulator
        for field, value in texts.items():
            setattr(share, field, value)
        if before != regulator.pk:
            share.shared_by = actor
            share.shared_at = now
        share.unshared_at = None
        share.unshared_by = None
        history_stamp(share, actor=actor, reason=f"Shared with {_regulator_name(regulator)}")
        share.save()
        # Through the join table, not the relation's manager: a bulk share runs this per row.
        through = BarrierShare.documents.through
        through.objects.filter(barriershare_id=share.pk).delete()
        through.objects.bulk_create(
            [through(barriershare_id=share.pk, document_id=document.pk) for document in chosen]
        )
        if before != regulator.pk:
            # Newly shared with this regulator: its acknowledgement and its answer fall due.
            deadlines_cancel(barrier=barrier)
            deadlines_open_for_share(barrier=barrier, regulator=regulator)
            audit.record_access_change(
                actor=actor,
                subject=None,
                field="shared_with",
                old=before or "",
                new=regulator.pk,
                channel=channel,
                obj=barrier,
            )
        barrier_search_text_refresh(barrier=barrier)
        files = f" with {len(chosen)} document{'s' if len(chosen) != 1 else ''}" if chosen else ""
        verb = "Counterpart text updated for" if before == regulator.pk else "Shared with"
        message_post(
            actor=actor,
            barrier=barrier,
            internal=True,
            body=f"{verb} {_regulator_name(regulator)}{files}.",
        )
        # The shared text is what the joint edition of the agenda shows.
        barrier_documents_changed(barrier_ids=[barrier.pk])
    return share


def barrier_unshare(
    *, actor: User, barrier: Barrier, note: str = "", channel: str = "admin"
) -> BarrierShare:
    """Take the barrier back from its regulator's focal points (the share stays on record)."""
    actor = _require(actor, SHARE_PERMISSION, "stop sharing a barrier")
    with transaction.atomic():
        barrier = row_lock(Barrier, barrier.pk)
        share = (
            BarrierShare.objects.select_for_update(of=("self",))
            .select_related("regulator")
            .filter(barrier=barrier)
            .first()
        )
        if share is None or not share.is_active:
            raise DomainError("The barrier is not shared with a regulator.")
        share.unshared_at = timezone.now()
        share.unshared_by = actor
        name = _regulator_name(share.regulator)
        history_stamp(share, actor=actor, reason=f"No longer shared with {name}")
        share.save(update_fields=["unshared_at", "unshared_by"])
        deadlines_cancel(barrier=barrier)
        audit.record_access_change(
            actor=actor,
            subject=None,
            field="shared_with",
            old=share.regulator_id,
            new="",
            channel=channel,
            obj=barrier,
        )
        why = f" {note.strip()}" if note.strip() else ""
        message_post(
            actor=actor, barrier=barrier, internal=True, body=f"No longer shared with {name}.{why}"
        )
        # The joint edition of the agenda goes back to the barrier's own text.
        barrier_documents_changed(barrier_ids=[barrier.pk])
    return share
