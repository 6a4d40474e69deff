"""E-mail about the joint agenda to the EAEU side's focal points: Russian first, then English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, translation

from barriers.models import Meeting, OutboundEmail, Regulator, User
from barriers.notifications.emails import email_queue

FOOTER = (
    "— Трекер барьеров Индия–ЕАЭС / India–EAEU barrier tracker\n"
    "Это письмо отправлено автоматически. / This message was sent automatically."
)


@dataclass(frozen=True)
class CirculatedItem:
    """An item of the joint agenda as the e-mail names it (its joint-edition title)."""

    number: int
    reference: str
    title_ru: str
    title_en: str
    regulator_id: str | None


def _counterpart_url() -> str:
    """The focal points' work list (their pages), where they answer before the meeting."""
    for name in ("counterpart:work_list", "counterpart:home", "counterpart:barriers"):
        try:
            return settings.SITE_URL + reverse(name)
        except NoReverseMatch:
            continue
    return f"{settings.SITE_URL}/counterpart/"


def _date_ru(day: dt.date) -> str:
    with translation.override("ru"):
        return dateformat.format(day, "j E Y")


def _lines(items: Sequence[CirculatedItem], *, russian: bool) -> str:
    lines = []
    for item in items:
        title = item.title_ru if russian else (item.title_en or item.title_ru)
        lines.append(f"  {item.number}. {item.reference} — {title}")
    return "\n".join(lines)


def joint_agenda_circulated_queue(
    *,
    meeting: Meeting,
    items: Sequence[CirculatedItem],
    circulated_at: dt.datetime,
    actor: User,
) -> list[OutboundEmail]:
    """Tell the active focal points of each participating regulator that the joint agenda is
    circulated, naming the items routed to their regulator, with a link to their pages.

    One e-mail per regulator (its focal points together); a regulator without an active focal
    point gets none.
    """
    link = _counterpart_url()
    sent: list[OutboundEmail] = []
    regulators = sorted(meeting.eaeu_participants.all(), key=lambda r: r.code)
    people = User.objects.filter(
        regulator__in=regulators, is_active=True, is_staff=False
    ).values_list("regulator_id", "email")
    recipients: dict[str, list[str]] = {}
    for regulator_id, address in people:
        recipients.setdefault(regulator_id, []).append(address)
    for regulator in regulators:
        to = recipients.get(regulator.pk)
        if not to:
            continue
        email = email_queue(
            dedupe_key=f"joint-agenda:{meeting.pk}:{regulator.pk}:{circulated_at.isoformat()}",
            to=to,
            subject=(
                f"Совместная повестка дня встречи {meeting.code} / "
                f"Joint agenda of the {meeting.code} meeting"
            ),
            body=_body(meeting=meeting, regulator=regulator, items=items, link=link),
        )
        if email is not None:
            sent.append(email)
    return sent


def _body(
    *, meeting: Meeting, regulator: Regulator, items: Sequence[CirculatedItem], link: str
) -> str:
    theirs = [item for item in items if item.regulator_id == regulator.pk]
    date_en = f"{meeting.date.day} {meeting.date:%B %Y}"
    venue = f", {meeting.venue}" if meeting.venue else ""
    russian = [
        "Здравствуйте!",
        f"Индийская сторона направляет совместную редакцию повестки дня встречи регуляторов "
        f"Индия–ЕАЭС {meeting.code} ({_date_ru(meeting.date)}{venue}). Вопросов в повестке: "
        f"{len(items)}.",
    ]
    if theirs:
        russian.append(
            f"Вопросы, относящиеся к ведомству {regulator.abbreviation_ru or regulator.name_ru}:\n"
            + _lines(theirs, russian=True)
        )
    russian.append(
        "Просим до встречи сообщить позицию или предложить решение по этим вопросам в трекере: "
        f"{link}"
    )
    english = [
        "Hello,",
        f"The Indian side circulates the joint edition of the agenda of the India–EAEU "
        f"regulators' meeting {meeting.code} ({date_en}{venue}). Items on the agenda: "
        f"{len(items)}.",
    ]
    if theirs:
        english.append(
            f"Items for {regulator.abbreviation or regulator.name}:\n"
            + _lines(theirs, russian=False)
        )
    english.append(
        "Please state your position or propose a solution on these items in the tracker "
        f"before the meeting: {link}"
    )
    return "\n\n".join(["\n\n".join(russian), "* * *", "\n\n".join(english), FOOTER])
