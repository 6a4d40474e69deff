"""Companies and accounts: export councils' members, IEC and e-mail checks at sign-up."""

from __future__ import annotations

from django.conf import settings
from django.db.models import (
    QuerySet,
)

from barriers.models import (
    Company,
    User,
)


def association_member_get(*, association: Company, iec: str) -> Company | None:
    """The member company with this IEC that `association` may file for, or None."""
    return association.members.filter(iec=iec.strip().upper()).first()


def association_members_for_viewer(*, viewer: User) -> QuerySet[Company]:
    """The member companies an association's user may file for (none for anyone else)."""
    if viewer.company_id is None:
        return Company.objects.none()
    return Company.objects.filter(associations__id=viewer.company_id).order_by("name", "pk")


def company_iec_registered(*, iec: str) -> bool:
    """Whether a company with this IEC is already registered."""
    return Company.objects.filter(iec=iec.strip().upper()).exists()


def user_email_unconfirmed(*, user: User) -> bool:
    """Whether the user signed up but has not yet followed the confirmation link.

    Only when confirmation is mandatory (the default). Accounts that officials opened in the
    admin, and so have no allauth address record, count as confirmed.
    """
    from allauth.account.models import EmailAddress

    if settings.ACCOUNT_EMAIL_VERIFICATION != "mandatory":
        return False
    return bool(EmailAddress.objects.filter(user=user, verified=False, primary=True).exists())
