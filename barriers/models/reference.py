"""Reference data (EAEU countries, regulators, HS codes, barrier kinds) and reference counters."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from barriers.models.choices import LegalBasisKind, Remit, Sector, _choices_check
from barriers.models.validators import validate_hs_code


class Country(models.Model):
    """An EAEU member state (destination of the exports)."""

    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    name_ru = models.CharField(_("name in Russian"), max_length=100)
    alpha3 = models.CharField(_("ISO alpha-3"), max_length=3)
    currency = models.CharField(_("currency code"), max_length=3)
    eaeu_member_since = models.DateField(_("EAEU member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_format"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Regulator(models.Model):
    """An authority on the EAEU side, national or supranational."""

    code = models.SlugField(_("code"), max_length=30, primary_key=True)
    name = models.CharField(_("name"), max_length=250)
    name_ru = models.CharField(_("name in Russian"), max_length=250)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    abbreviation_ru = models.CharField(_("abbreviation in Russian"), max_length=40, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regulators",
        help_text=_("Empty for a body of the Eurasian Economic Union itself."),
    )
    remit = models.CharField(_("remit"), max_length=30, choices=Remit.choices)
    description = models.TextField(_("what it does"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("regulator")
        verbose_name_plural = _("regulators")
        ordering = ["code"]
        constraints = [_choices_check("remit", Remit, "regulator_remit_valid")]

    def __str__(self) -> str:
        # Officials know regulators by abbreviation and English name; the code is internal.
        return f"{self.abbreviation} — {self.name}" if self.abbreviation else self.name

    @property
    def short_name(self) -> str:
        """The abbreviation, or the English name of a regulator that has none."""
        return self.abbreviation or self.name

    @property
    def level(self) -> str:
        return self.country_id or "EAEU"


class HSHeading(models.Model):
    """A chapter (2 digits) or heading (4 digits) of the HS 2022 nomenclature: reference data,
    loaded with the subheadings by migration 0027 from fixtures/hs2022/."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=[(2, _("chapter")), (4, _("heading"))]
    )
    description = models.CharField(_("description"), max_length=300)
    section = models.CharField(_("section"), max_length=5, help_text=_("Roman numeral: I to XXI."))
    chapter = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headings",
        limit_choices_to={"level": 2},
        help_text=_("The chapter of a heading; empty for a chapter."),
    )

    class Meta:
        verbose_name = _("HS chapter or heading")
        verbose_name_plural = _("HS chapters and headings")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level=2, code__regex=r"^[0-9]{2}$", chapter__isnull=True))
                | Q(level=4, code__regex=r"^[0-9]{4}$", chapter__isnull=False),
                name="hsheading_code_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class HSCode(models.Model):
    """A 6-digit Harmonized System subheading: every one of HS 2022 (migration 0027), the
    curated ones of Indian agri and marine exports with a sector, perishability and Russian text."""

    code = models.CharField(
        _("HS code"), max_length=6, primary_key=True, validators=[validate_hs_code]
    )
    description = models.CharField(_("description"), max_length=300)
    description_ru = models.CharField(_("description in Russian"), max_length=300, blank=True)
    heading = models.ForeignKey(
        HSHeading,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subheadings",
        limit_choices_to={"level": 4},
        verbose_name=_("heading"),
    )
    sector = models.CharField(
        _("sector"),
        max_length=20,
        choices=Sector.choices,
        blank=True,
        help_text=_("Empty for goods outside agriculture and fisheries."),
    )
    perishable = models.BooleanField(
        _("perishable"), default=False, help_text=_("Goods that spoil while a shipment waits.")
    )

    class Meta:
        verbose_name = _("HS code")
        verbose_name_plural = _("HS codes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"), name="hscode_six_digits"
            ),
            models.CheckConstraint(
                condition=Q(sector="") | Q(sector__in=Sector.values), name="hscode_sector_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"

    @property
    def chapter_code(self) -> str:
        return self.code[:2]


class BarrierKind(models.Model):
    """A kind of certification or approval step, with its usual decision time."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name = models.CharField(_("name"), max_length=150)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    usual_decision_days = models.PositiveIntegerField(
        _("usual decision time (days)"),
        help_text=_("Calendar days an application of this kind usually takes to decide."),
    )
    remit = models.CharField(_("usual remit"), max_length=30, choices=Remit.choices)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("barrier kind")
        verbose_name_plural = _("barrier kinds")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(usual_decision_days__gt=0), name="barrierkind_decision_days_positive"
            ),
            _choices_check("remit", Remit, "barrierkind_remit_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class LegalBasis(models.Model):
    """A technical regulation or decision a regulator's position rests on (TR CU 021/2011,
    EEC Council Decision 94 ...): reference data, loaded by migration 0024."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    kind = models.CharField(_("kind"), max_length=30, choices=LegalBasisKind.choices)
    number = models.CharField(_("number"), max_length=80, help_text=_("As cited: TR CU 021/2011."))
    number_ru = models.CharField(
        _("number in Russian"), max_length=80, help_text=_("As cited: ТР ТС 021/2011.")
    )
    title = models.CharField(_("title"), max_length=250)
    title_ru = models.CharField(_("title in Russian"), max_length=300)
    adopted_by = models.CharField(_("adopted by"), max_length=200, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["position", "code"]
        constraints = [_choices_check("kind", LegalBasisKind, "legalbasis_kind_valid")]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class ReferenceCounter(models.Model):
    """A prefix and year references are numbered in, so that none is ever handed out twice.

    On SQLite `last_value` is the last number handed out. On PostgreSQL the numbers come from
    the prefix and year's sequence (`sequence_name`), which starts after `last_value` as it was
    when the sequence was made; the admin shows the sequence's value (services/base.py).
    """

    SEQUENCE_PREFIX = "barriers_reference_"

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="referencecounter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}"

    @staticmethod
    def sequence_name(prefix: str, year: int) -> str:
        """The PostgreSQL sequence that numbers `prefix`'s references of `year`."""
        return f"{ReferenceCounter.SEQUENCE_PREFIX}{prefix.lower()}_{year}"
