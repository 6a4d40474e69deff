"""Companies: registration and invitations from the exporters' portal; verification by officials."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from barriers.accounts import audit
from barriers.domain.errors import DomainError
from barriers.models import Company, CompanyKind, Report, ReportStatus, User
from barriers.services.base import company_reports_search_text_refresh, history_stamp, row_lock
from barriers.services.documents import barrier_documents_changed

# Marked for translation: the sign-up form shows it in the exporter's language (gettext there).
IEC_TAKEN_MESSAGE = gettext_noop(
    "A company with this IEC is already registered. Ask a colleague who already uses the "
    "tracker to invite you: they can do it from “Invite a colleague”."
)


def company_register(
    *,
    actor: User,
    name: str,
    iec: str,
    sector: str,
    gstin: str = "",
    apeda_rcmc: str = "",
    mpeda_registration: str = "",
    eic_approval: str = "",
) -> Company:
    """Register a new, unverified company with `actor` (who just signed up) as its first user."""
    if actor.company_id is not None or actor.is_staff:
        raise DomainError("This account already belongs to a company.")
    if actor.regulator_id is not None:
        raise DomainError("A counterpart focal point cannot register a company.")
    company = Company(
        name=name.strip(),
        iec=iec.strip().upper(),
        gstin=gstin.strip().upper(),
        apeda_rcmc=apeda_rcmc.strip(),
        mpeda_registration=mpeda_registration.strip(),
        eic_approval=eic_approval.strip(),
        sector=sector,
        kind=CompanyKind.EXPORTER,
        verified=False,
    )
    try:
        company.full_clean(validate_unique=False)
    except ValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise DomainError(errors[0], field=field) from exc
    with transaction.atomic():
        # Never attach a newcomer to an existing company: that would show them its reports.
        if Company.objects.filter(iec=company.iec).exists():
            raise DomainError(IEC_TAKEN_MESSAGE, field="iec")
        try:
            with transaction.atomic():
                company.save()
        except IntegrityError as exc:  # registered by someone else a moment ago
            raise DomainError(IEC_TAKEN_MESSAGE, field="iec") from exc
        actor.company = company
        actor.save(update_fields=["company"])
        audit.record_access_change(
            actor=actor, subject=actor, field="company", old="", new=company, channel="portal"
        )
    return company


def company_invite(*, actor: User, email: str) -> User:
    """Open an account for a colleague in the actor's company; e-mail them a set-password link."""
    from allauth.account.models import EmailAddress

    if actor.company_id is None or actor.is_staff:
        raise DomainError("Only members of a company can invite colleagues.")
    email = email.strip().lower()
    if not email or "@" not in email:
        raise DomainError("Enter the colleague's e-mail address.", field="email")
    taken = DomainError(
        "There is already an account for this e-mail address. If it is your colleague's, they "
        "can sign in, or use “Forgotten your password?” on the sign-in page.",
        field="email",
    )
    with transaction.atomic():
        if (
            User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()
        ):
            raise taken
        user = User(email=email, company_id=actor.company_id)
        user.set_unusable_password()  # they choose one through the link
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise taken from exc
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        # A colleague joins the inviter's company: who let them in is on the record.
        audit.record_access_change(
            actor=actor, subject=user, field="account", old="", new="created", channel="portal"
        )
        audit.record_access_change(
            actor=actor,
            subject=user,
            field="company",
            old="",
            new=Company.objects.get(pk=actor.company_id),
            channel="portal",
        )
        # Sent directly after commit rather than through the outbox: the link carries a
        # password-reset token, which must not be stored in the database.
        transaction.on_commit(
            lambda: _invitation_send(user_id=user.pk, inviter_id=actor.pk), robust=True
        )
    return user


def _invitation_send(*, user_id: int, inviter_id: int) -> None:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    user = User.objects.select_related("company").get(pk=user_id)
    inviter = User.objects.get(pk=inviter_id)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    context = {
        "company": user.company,
        "inviter": inviter,
        "set_password_url": f"{settings.SITE_URL}{path}",
        "sign_in_url": f"{settings.SITE_URL}{reverse('account_login')}",
    }
    EmailMessage(
        subject=render_to_string("barriers/email/invitation_subject.txt", context).strip(),
        body=render_to_string("barriers/email/invitation_message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    ).send()


def company_verify(*, company: Company, actor: User) -> Company:
    """An official has checked the company's IEC: mark it verified."""
    with transaction.atomic():
        company = row_lock(Company, company.pk)
        if company.verified:
            return company
        company.verified = True
        company.verified_at = timezone.now()
        company.verified_by = actor
        company._change_reason = "IEC verified"  # type: ignore[attr-defined]  # simple-history's own attribute
        company.save(update_fields=["verified", "verified_at", "verified_by"])
    return company


# What an official may change on a company's page (verification goes through company_verify).
COMPANY_FIELDS = (
    "name",
    "iec",
    "gstin",
    "sector",
    "kind",
    "city",
    "state",
    "apeda_rcmc",
    "mpeda_registration",
    "eic_approval",
)


def _company_check(company: Company) -> None:
    try:
        company.full_clean(validate_unique=False, exclude=["members"])
    except ValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise DomainError(errors[0], field=None if field == "__all__" else field) from exc
    if Company.objects.filter(iec=company.iec).exclude(pk=company.pk).exists():
        raise DomainError("A company with this IEC is already registered.", field="iec")


def _members_check(company: Company, members: list[Company]) -> None:
    if members and company.kind != CompanyKind.ASSOCIATION:
        raise DomainError(
            "Only an export promotion council or association has member companies.",
            field="members",
        )
    if any(member.pk == company.pk for member in members):
        raise DomainError("A company cannot be its own member.", field="members")


def company_create(
    *,
    actor: User,
    name: str,
    iec: str,
    sector: str,
    members: Iterable[Company] = (),
    **fields: str,
) -> Company:
    """An official registers a company (unverified until someone verifies its IEC)."""
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise DomainError(f"{', '.join(sorted(unknown))} cannot be set here.")
    company = Company(name=name.strip(), iec=iec.strip().upper(), sector=sector, **fields)
    members = list(members)
    _company_check(company)
    _members_check(company, members)
    with transaction.atomic():
        history_stamp(company, actor=actor, reason="Company registered by an official")
        try:
            with transaction.atomic():
                company.save()
        except IntegrityError as exc:
            raise DomainError(
                "A company with this IEC is already registered.", field="iec"
            ) from exc
        company.members.set(members)
    return company


def company_update(
    *,
    company: Company,
    actor: User,
    members: Iterable[Company] | None = None,
    **fields: object,
) -> Company:
    """Change a company's details or an association's members; reports' search text follows."""
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise DomainError(f"{', '.join(sorted(unknown))} cannot be changed here.")
    if "iec" in fields:
        fields["iec"] = str(fields["iec"]).strip().upper()
    with transaction.atomic():
        locked: Company = row_lock(Company, company.pk)
        names = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in names:
            setattr(locked, name, fields[name])
        _company_check(locked)
        if members is not None:
            members = list(members)
            _members_check(locked, members)
        elif "kind" in names and locked.kind != CompanyKind.ASSOCIATION:
            _members_check(locked, list(locked.members.all()))
        if names:
            history_stamp(locked, actor=actor, reason="Company details changed")
            try:
                with transaction.atomic():
                    locked.save(update_fields=names)
            except IntegrityError as exc:
                raise DomainError(
                    "A company with this IEC is already registered.", field="iec"
                ) from exc
        if members is not None:
            locked.members.set(members)
        if {"name", "iec"} & set(names):
            # Reports carry their company's name and IEC in their search text.
            company_reports_search_text_refresh(company=locked)
        if "name" in names:
            # The agenda documents name the companies that consented.
            barrier_documents_changed(
                barrier_ids=Report.objects.filter(company=locked, status=ReportStatus.ACCEPTED)
                .values_list("barrier_id", flat=True)
                .distinct()
            )
    return locked
