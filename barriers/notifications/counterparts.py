"""E-mail to counterpart focal points: Russian first, then English, through the outbox."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from barriers.models import OutboundEmail, Regulator, User
from barriers.notifications.emails import email_queue

COUNTERPART_FOOTER = (
    "— Трекер барьеров Индия–ЕАЭС / India–EAEU barrier tracker\n"
    "Это письмо отправлено автоматически. / This message was sent automatically."
)


def focal_point_invitation_queue(
    *, focal_point: User, regulator: Regulator, inviter: User, audit_event_id: int
) -> OutboundEmail | None:
    """Invite a new focal point to set a password and an authenticator app, in Russian and
    English.

    The link leads to the page where they choose a password: that page e-mails them a one-time
    key. The invitation itself carries no key, so the outbox (a table officials can read)
    never holds anything that opens the account.
    """
    set_password_url = f"{settings.SITE_URL}{reverse('account_reset_password')}"
    sign_in_url = f"{settings.SITE_URL}{reverse('account_login')}"
    inviter_name = inviter.full_name or inviter.email
    name = focal_point.full_name or focal_point.email
    regulator_ru = regulator.abbreviation_ru or regulator.name_ru
    regulator_en = regulator.abbreviation or regulator.name
    russian = (
        f"Здравствуйте, {name}!\n\n"
        f"{inviter_name} приглашает вас как контактное лицо ({regulator.name_ru}) в трекер "
        "барьеров Индия–ЕАЭС. В нём вы увидите барьеры, которые индийская сторона передала "
        "вашему ведомству, и сможете ответить на них до очередной встречи регуляторов.\n\n"
        "Чтобы начать:\n"
        f"1. Откройте {set_password_url} и введите адрес {focal_point.email}: мы пришлём "
        "ссылку для выбора пароля.\n"
        f"2. Войдите на {sign_in_url} и подключите приложение-аутентификатор (TOTP): без "
        "второго фактора вход для контактных лиц невозможен."
    )
    english = (
        f"Hello {name},\n\n"
        f"{inviter_name} invites you to the India–EAEU barrier tracker as a focal point of "
        f"{regulator.name}. There you will see the barriers India has shared with your "
        "authority and can answer them before the next regulators' meeting.\n\n"
        "To start:\n"
        f"1. Open {set_password_url} and enter {focal_point.email}: we will e-mail you a link "
        "to choose your password.\n"
        f"2. Sign in at {sign_in_url} and set up an authenticator app (TOTP): focal points "
        "cannot sign in without this second factor."
    )
    return email_queue(
        dedupe_key=f"focal-point-invitation:{audit_event_id}",
        to=[focal_point.email],
        subject=(
            f"Приглашение в трекер барьеров Индия–ЕАЭС ({regulator_ru}) / "
            f"Invitation to the India–EAEU barrier tracker ({regulator_en})"
        ),
        body="\n\n".join((russian, "* * *", english, COUNTERPART_FOOTER)),
    )
