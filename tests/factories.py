"""factory_boy factories for the barrier tracker's models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from barriers import models, services


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = models.Country
        django_get_or_create = ("code",)

    code = "RU"
    name = "Russian Federation"
    name_ru = "Российская Федерация"
    alpha3 = "RUS"
    currency = "RUB"


class RegulatorFactory(DjangoModelFactory):
    class Meta:
        model = models.Regulator
        django_get_or_create = ("code",)

    code = "ru-fsvps"
    name = "Federal Service for Veterinary and Phytosanitary Surveillance"
    name_ru = "Федеральная служба по ветеринарному и фитосанитарному надзору"
    abbreviation = "FSVPS"
    country = factory.SubFactory(CountryFactory)
    remit = models.Remit.VETERINARY


class HSCodeFactory(DjangoModelFactory):
    class Meta:
        model = models.HSCode
        django_get_or_create = ("code",)

    code = "030617"
    description = "Frozen shrimps and prawns"
    sector = models.Sector.MARINE
    perishable = True


class BarrierKindFactory(DjangoModelFactory):
    class Meta:
        model = models.BarrierKind
        django_get_or_create = ("code",)

    code = "establishment_listing"
    name = "Establishment listing in the EAEU register"
    name_ru = "Включение в реестр предприятий третьих стран"
    usual_decision_days = 90
    remit = models.Remit.VETERINARY


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = models.Company

    name = factory.Sequence(lambda n: f"Coastal Seafoods {n} Pvt Ltd")
    # PAN format: five letters, four digits, one letter.
    iec = factory.Sequence(
        lambda n: f"AAB{chr(65 + n // 260 % 26)}{chr(65 + n // 10 % 26)}{n % 10000:04d}F"
    )
    sector = models.Sector.MARINE
    verified = True


class UserFactory(DjangoModelFactory):
    class Meta:
        model = models.User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @classmethod
    def _after_postgeneration(
        cls, instance: models.User, create: bool, results: Any = None
    ) -> None:
        if create:
            instance.save()


class ExporterFactory(UserFactory):
    company = factory.SubFactory(CompanyFactory)


class OfficialFactory(UserFactory):
    email = factory.Sequence(lambda n: f"official{n}@commerce.example")
    is_staff = True


def report_file(
    *,
    company: models.Company | None = None,
    actor: models.User | None = None,
    **overrides: Any,
) -> models.Report:
    """File a report through the service layer, with realistic defaults."""
    if actor is None:
        actor = ExporterFactory(company=company) if company else ExporterFactory()
    company = company or actor.company
    values: dict[str, Any] = {
        "title": "Plant listing pending with Rosselkhoznadzor",
        "description": "Our shrimp processing plant applied for listing in the EAEU register.",
        "barrier_kind": BarrierKindFactory(),
        "destination_country": CountryFactory(),
        "regulator": RegulatorFactory(),
        "hs_codes": [HSCodeFactory()],
        "applied_on": timezone.localdate() - dt.timedelta(days=200),
        "application_number": "FS-2026-0001",
        "consignments_affected": 3,
        "trade_value_usd": Decimal("250000.00"),
        "consent_to_share": True,
    }
    values.update(overrides)
    return services.report_create(actor=actor, company=company, **values)


def triage_officer(**overrides: Any) -> models.User:
    """An official in the triage officer role group (as the role migrations make it)."""
    from django.contrib.auth.models import Group

    from barriers.accounts.roles import TRIAGE_OFFICER

    user = OfficialFactory(**overrides)
    user.groups.add(Group.objects.get(name=TRIAGE_OFFICER))
    return models.User.objects.get(pk=user.pk)  # a fresh permission cache


def report_verify(
    report: models.Report,
    *,
    actor: models.User | None = None,
    trade_value_usd: object = None,
    consignments_affected: object = None,
) -> models.Report:
    """A triage officer verifies the report's figures (as declared unless given)."""
    return services.report_verify_figures(
        report=report,
        actor=actor or triage_officer(),
        trade_value_usd=trade_value_usd,
        consignments_affected=consignments_affected,
    )


def agenda_in_russian(meeting: models.Meeting) -> None:
    """Give every barrier on `meeting`'s agenda a Russian title, summary and ask, as an official
    would before freezing or circulating it (the joint edition needs them)."""
    from barriers.domain.editions import is_russian

    barriers = models.Barrier.objects.filter(
        agenda_items__meeting=meeting, agenda_items__section=models.AgendaSection.AGENDA
    )
    for barrier in barriers:
        fields = {
            "title_ru": "Включение предприятия в реестр ЕАЭС",
            "summary_ru": "Заявка предприятия на включение в реестр ЕАЭС остаётся без ответа.",
            "ask_ru": "Просим рассмотреть заявку и сообщить решение до следующей встречи.",
        }
        models.Barrier.objects.filter(pk=barrier.pk).update(
            **{
                name: value
                for name, value in fields.items()
                if not is_russian(getattr(barrier, name))
            }
        )
