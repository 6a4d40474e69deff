"""Counterpart focal points: invited by a triage officer, signed up with a second factor,
deactivated; every change of their access on the record."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from barriers import services
from barriers.domain.errors import DomainError
from barriers.models import AuditEvent, OutboundEmail, User
from barriers.notifications.outbox import outbox_deliver
from tests import factories
from tests.accounts.test_mfa import activate_totp
from tests.counterparts.helpers import focal_point, regulator_a
from tests.portal_helpers import fresh_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(fresh_cache.__name__)]

PASSWORD = "Tr0ubador-and-a-long-phrase"


def _invite(official: User, email: str = "Ivanova@FSVPS.example.ru") -> User:
    return services.focal_point_invite(
        actor=official, regulator=regulator_a(), email=email, full_name="Анна Иванова"
    )


def test_an_invitation_opens_an_account_of_the_regulator_and_queues_the_email(
    django_capture_on_commit_callbacks,
) -> None:
    official = factories.triage_officer()
    with django_capture_on_commit_callbacks() as callbacks:
        user = _invite(official)

    assert user.email == "ivanova@fsvps.example.ru" and user.regulator_id == "ru-fsvps"
    assert not user.has_usable_password() and not user.is_staff and user.company_id is None
    email = OutboundEmail.objects.get()
    assert email.to == [user.email] and len(callbacks) == 1
    assert "Приглашение" in email.subject and "Invitation" in email.subject
    assert "Здравствуйте" in email.body and "Hello" in email.body
    assert "/accounts/password/reset/" in email.body
    assert "/key/" not in email.body  # no key that opens the account is stored
    fields = set(AuditEvent.objects.filter(subject=user).values_list("field", "new_value"))
    assert {("account", "created"), ("regulator", str(regulator_a()))} <= fields


def test_only_a_triage_officer_invites_and_an_address_is_used_once() -> None:
    with pytest.raises(DomainError):
        _invite(factories.OfficialFactory())
    official = factories.triage_officer()
    _invite(official)
    with pytest.raises(DomainError) as refused:
        _invite(official, email="ivanova@fsvps.example.ru")
    assert refused.value.field == "email"
    with pytest.raises(DomainError) as refused:
        _invite(official, email="not an address")
    assert refused.value.field == "email"
    assert User.objects.filter(regulator__isnull=False).count() == 1


def test_the_invited_person_sets_a_password_and_must_set_up_a_second_factor(
    client: Client,
) -> None:
    official = factories.triage_officer()
    user = _invite(official)
    outbox_deliver(email_id=OutboundEmail.objects.get().pk)
    assert mail.outbox[-1].to == [user.email]

    # The invitation's link: the person asks for their set-password key.
    client.post(reverse("account_reset_password"), {"email": user.email})
    key_mail = mail.outbox[-1].body
    link = re.search(r"http://[^\s]+/accounts/password/reset/key/[^\s]+", key_mail)
    assert link is not None, key_mail
    path = "/" + link.group(0).split("/", 3)[3]
    page = client.get(path, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    done = client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302

    signed_in = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    # Every page sends a focal point without a second factor to set one up.
    response = client.get("/reports/")
    assert response.status_code == 302 and response.url == "/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before an authenticator is added.
    again = client.get("/accounts/2fa/totp/activate/")
    if again.status_code == 302 and again.url.startswith("/accounts/reauthenticate/"):
        assert client.post(again.url, {"password": PASSWORD}).status_code == 302
    activate_totp(client)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    # Now the session has given the factor: the portal sends them to their own pages.
    page = client.get("/reports/", follow=True)
    assert page.redirect_chain[-1][0] == "/counterpart/"
    assert "Барьеры, переданные вашему ведомству" in page.content.decode()


def test_a_focal_point_always_needs_the_second_factor_whatever_the_setting(settings) -> None:
    from barriers.accounts import mfa

    settings.OFFICIALS_REQUIRE_MFA = False
    person = focal_point(regulator_a())
    assert mfa.needs_second_factor(person) and mfa.needs_mfa_setup(person)
    assert not mfa.needs_second_factor(factories.ExporterFactory())


def test_deactivation_closes_the_account_and_is_audited() -> None:
    official = factories.triage_officer()
    user = _invite(official)

    services.focal_point_deactivate(actor=official, focal_point=user)

    user.refresh_from_db()
    assert not user.is_active
    event = AuditEvent.objects.get(subject=user, field="is_active")
    assert (event.old_value, event.new_value, event.user) == ("yes", "no", official)
    with pytest.raises(DomainError):
        services.focal_point_deactivate(actor=official, focal_point=factories.ExporterFactory())
    with pytest.raises(DomainError):
        services.focal_point_deactivate(actor=factories.OfficialFactory(), focal_point=user)


def test_a_focal_point_cannot_become_an_official_or_join_a_company() -> None:
    person = focal_point(regulator_a())
    with pytest.raises(DomainError):
        services.user_update_access(user=person, actor=None, is_staff=True)
    with pytest.raises(DomainError):
        services.user_update_access(user=person, actor=None, company=factories.CompanyFactory())
    person.refresh_from_db()
    assert not person.is_staff and person.company_id is None


@pytest.mark.postgres
def test_the_database_refuses_a_person_on_both_sides() -> None:
    person = focal_point(regulator_a())
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=person.pk).update(company=factories.CompanyFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=person.pk).update(is_staff=True)


# --- the admin ---------------------------------------------------------------------------------


def test_a_triage_officer_invites_and_deactivates_in_the_admin(client: Client) -> None:
    official = factories.triage_officer()
    client.force_login(official)
    add = reverse("admin:barriers_focalpoint_add")
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {"regulator": regulator_a().pk, "email": "Petrov@fsvps.example.ru", "full_name": "Пётр"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="petrov@fsvps.example.ru")
    assert user.regulator_id == "ru-fsvps" and OutboundEmail.objects.count() == 1

    changelist = client.get(reverse("admin:barriers_focalpoint_changelist"))
    assert user.email in changelist.content.decode()
    change = client.get(reverse("admin:barriers_focalpoint_change", args=[user.pk]))
    step = reverse("admin:barriers_focalpoint_step", args=[user.pk, "deactivate"])
    assert step in change.content.decode()
    assert client.post(step).status_code == 302
    user.refresh_from_db()
    assert not user.is_active
