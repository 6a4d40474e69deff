"""People and companies: the exporting companies and the users who sign in with an e-mail."""

from __future__ import annotations

from typing import ClassVar, cast

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barriers.models.choices import CompanyKind, Sector, _choices_check
from barriers.models.history import AuditHistory
from barriers.models.validators import validate_gstin, validate_iec


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        """A superuser, as `manage.py createsuperuser` makes one; its access is audited.

        The services open every other account (barriers.services.user_create); Django's own
        command comes here, so the audit log says when and how each superuser appeared.
        """
        from django.db import transaction

        from barriers.models.system import AuditEvent

        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        with transaction.atomic(using=self._db):
            user = self._create_user(email, password, **extra)
            for field in ("is_staff", "is_superuser"):
                if getattr(user, field):
                    AuditEvent.objects.access_change(
                        actor=None,
                        subject=user,
                        field=field,
                        old=False,
                        new=True,
                        channel="command",
                    )
        return user


class Company(models.Model):
    """An Indian exporting firm (or an export promotion council filing for its members)."""

    name = models.CharField(_("name"), max_length=200)
    iec = models.CharField(
        _("IEC"),
        max_length=10,
        unique=True,
        validators=[validate_iec],
        help_text=_("Import Export Code: 10 characters, the company's PAN."),
    )
    gstin = models.CharField(_("GSTIN"), max_length=15, blank=True, validators=[validate_gstin])
    apeda_rcmc = models.CharField(_("APEDA RCMC number"), max_length=40, blank=True)
    mpeda_registration = models.CharField(_("MPEDA registration number"), max_length=40, blank=True)
    eic_approval = models.CharField(_("EIC approval number"), max_length=40, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CompanyKind.choices, default=CompanyKind.EXPORTER
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="associations",
        help_text=_("For an association: the member companies it may file for."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=100, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = AuditHistory()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(iec__regex=r"^[A-Z0-9]{10}$"), name="company_iec_format"
            ),
            models.CheckConstraint(
                condition=Q(gstin="") | Q(gstin__regex=r"^[0-9]{2}[A-Z0-9]{13}$"),
                name="company_gstin_format",
            ),
            _choices_check("sector", Sector, "company_sector_valid"),
            _choices_check("kind", CompanyKind, "company_kind_valid"),
        ]
        indexes = [models.Index(fields=["verified"], name="company_verified_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.iec})"


class User(AbstractUser):
    """A person who signs in with an e-mail address; exporters belong to one company.

    A counterpart focal point belongs to one EAEU regulator (`regulator`). That is a column on
    the user rather than a profile table because it is the same kind of fact as `company` (whose
    side the person is on, which decides every read they make): one nullable foreign key each,
    read with the user on every request without a join, and the database itself refuses a
    person who is both, or a focal point who is an official (the two check constraints below).
    A regulator may have several focal points; each belongs to exactly one regulator.
    """

    username = None  # type: ignore[assignment]  # no username: people sign in by e-mail
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Exporters and council staff belong to one company; officials to none."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    regulator = models.ForeignKey(
        "barriers.Regulator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_points",
        verbose_name=_("regulator"),
        help_text=_("Counterpart focal points belong to one EAEU regulator; nobody else does."),
    )
    # The portal's and the e-mails' language the person chose ("" = none yet: the browser's).
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        default="",
        choices=[("en", "English"), ("hi", "हिन्दी")],
        help_text=_("The language of the portal and of the e-mails for this person."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]  # e-mail based, not auth's UserManager

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(condition=Q(email=Lower("email")), name="user_email_lowercase"),
            # One side only: an exporter's company or a counterpart's regulator, never both.
            models.CheckConstraint(
                condition=Q(company__isnull=True) | Q(regulator__isnull=True),
                name="user_company_or_regulator",
            ),
            # A focal point is never an official: officials see every company's data.
            models.CheckConstraint(
                condition=Q(regulator__isnull=True) | Q(is_staff=False, is_superuser=False),
                name="user_focal_point_not_official",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_official(self) -> bool:
        return self.is_staff

    @property
    def is_focal_point(self) -> bool:
        return self.regulator_id is not None


def signed_in_user(user: User | AnonymousUser) -> User:
    """A request's user behind a sign-in check, typed as the account it is (for `actor=`).

    For the admin (staff only), the API (authenticated only) and the portal's signed-in pages,
    where the request's user is never anonymous; nothing is checked again at run time.
    """
    return cast(User, user)
