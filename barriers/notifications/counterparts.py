"""E-mail to counterpart focal points: Russian first, then English, through the outbox."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from barriers.domain.exchanges import EXPORTER_EMAILED, public_line
from barriers.models import (
    Barrier,
    BarrierShare,
    BarrierStatus,
    Company,
    Deadline,
    Exchange,
    ExchangeKind,
    OutboundEmail,
    Party,
    Regulator,
    ReportStatus,
    User,
)
from barriers.notifications.emails import (
    _company_recipients,
    _compose,
    _report_url,
    _triage_recipients,
    email_queue,
)

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


# What each exchange is called in the Russian of the e-mails to focal points.
KIND_RU: dict[str, str] = {
    ExchangeKind.ACKNOWLEDGEMENT: "подтверждение получения",
    ExchangeKind.CLARIFICATION: "запрос разъяснений",
    ExchangeKind.PROPOSAL: "предложение по решению",
    ExchangeKind.POSITION: "позиция",
    ExchangeKind.RESOLVED: "сообщение об устранении барьера",
    ExchangeKind.REPLY: "ответ индийской стороны",
}
STAGE_RU: dict[str, str] = {
    "acknowledge": "подтвердить получение",
    "propose": "предложить решение или изложить позицию",
    "answer_clarification": "ответить на запрос разъяснений",
}


def _focal_points(regulator_id: str) -> list[str]:
    return sorted(
        User.objects.filter(regulator_id=regulator_id, is_active=True).values_list(
            "email", flat=True
        )
    )


def _officials_for(owner: User | None) -> list[str]:
    """The barrier's owner, or the triage officers when it has none (or the owner has left)."""
    if owner is not None and owner.is_active:
        return [owner.email]
    return _triage_recipients()


def _counterpart_url(reference: str) -> str:
    try:
        return settings.SITE_URL + reverse("counterpart:barrier", args=[reference])
    except NoReverseMatch:
        return f"{settings.SITE_URL}/counterpart/"


def _admin_barrier_url(barrier_id: int) -> str:
    try:
        return settings.SITE_URL + reverse("admin:barriers_barrier_change", args=[barrier_id])
    except NoReverseMatch:
        return f"{settings.SITE_URL}/admin/"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _day_ru(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def exchange_posted_queue(*, exchange_id: int) -> list[OutboundEmail]:
    """After an exchange: officials hear of the counterpart's answer, focal points of India's
    reply, and the exporters of a proposed solution (the public line only)."""
    exchange = Exchange.objects.select_related(
        "barrier", "barrier__owner", "regulator", "legal_basis"
    ).get(pk=exchange_id)
    barrier = exchange.barrier
    regulator = exchange.regulator
    name = regulator.abbreviation or regulator.name
    line = public_line(
        kind=exchange.kind,
        regulator=name,
        target_date=exchange.target_date,
        legal_basis=exchange.legal_basis.number if exchange.legal_basis else "",
    )
    queued: list[OutboundEmail | None] = []
    if exchange.party == Party.EAEU:
        queued.append(
            email_queue(
                dedupe_key=f"exchange:{exchange.pk}:officials",
                to=_officials_for(barrier.owner),
                subject=f"[{barrier.reference}] {line}",
                body=_compose(
                    line,
                    f"Barrier: {barrier.reference} — {barrier.title}",
                    f"{exchange.get_kind_display()}:\n{exchange.body}",
                    "Answer or forward it from the barrier's page: "
                    + _admin_barrier_url(barrier.pk),
                    footer="— India–EAEU barrier tracker\nSent to the barrier's owner.",
                ),
            )
        )
    else:
        share = getattr(barrier, "share", None)
        title_ru = share.title_ru if share is not None else barrier.title
        queued.append(
            email_queue(
                dedupe_key=f"exchange:{exchange.pk}:focal-points",
                to=_focal_points(regulator.pk),
                subject=(f"[{barrier.reference}] Ответ индийской стороны / Reply from India"),
                body="\n\n".join(
                    (
                        f"Индийская сторона направила {KIND_RU[exchange.kind]} по барьеру "
                        f"{barrier.reference} «{title_ru}».",
                        f"Открыть барьер: {_counterpart_url(barrier.reference)}",
                        "* * *",
                        f"India's officials replied on barrier {barrier.reference}.",
                        f"Open the barrier: {_counterpart_url(barrier.reference)}",
                        COUNTERPART_FOOTER,
                    )
                ),
            )
        )
    if exchange.kind in EXPORTER_EMAILED:
        reports = barrier.reports.filter(status=ReportStatus.ACCEPTED).order_by("reference")
        by_company: dict[int, list[str]] = {}
        for report in reports:
            by_company.setdefault(report.company_id, []).append(_report_url(report))
        for company_id, urls in by_company.items():
            queued.append(
                email_queue(
                    dedupe_key=f"exchange:{exchange.pk}:company:{company_id}",
                    to=_company_recipients(company_id),
                    subject=f"[{barrier.reference}] {line}",
                    body=_compose(
                        line,
                        f"Barrier: {barrier.reference} — {barrier.title}",
                        "India's officials will weigh the proposal and tell you what comes "
                        "next. You do not need to do anything now.",
                        "See your report: " + ", ".join(urls),
                    ),
                )
            )
    return [email for email in queued if email is not None]


def deadline_reminder_queue(*, deadline_id: int, when: str, today: dt.date) -> OutboundEmail | None:
    """Remind whoever owes an answer: focal points in Russian (then English), or officials."""
    deadline = Deadline.objects.select_related("barrier", "barrier__owner", "regulator").get(
        pk=deadline_id
    )
    barrier = deadline.barrier
    overdue = when == "after"
    if deadline.party == Party.EAEU:
        share = getattr(barrier, "share", None)
        title_ru = share.title_ru if share is not None else barrier.title
        title_en = (share.title_en if share is not None else "") or barrier.title
        if overdue:
            ru = (
                f"Срок истёк {_day_ru(deadline.due_on)}: по барьеру {barrier.reference} "
                f"«{title_ru}» необходимо {STAGE_RU[deadline.stage]}."
            )
            en = (
                f"The deadline passed on {_day(deadline.due_on)}: barrier {barrier.reference} "
                f"({title_en}) awaits your answer ({deadline.get_stage_display().lower()})."
            )
            subject = f"[{barrier.reference}] Срок истёк / Deadline passed"
        else:
            ru = (
                f"Напоминаем: до {_day_ru(deadline.due_on)} по барьеру {barrier.reference} "
                f"«{title_ru}» необходимо {STAGE_RU[deadline.stage]}."
            )
            en = (
                f"Reminder: by {_day(deadline.due_on)}, barrier {barrier.reference} "
                f"({title_en}) needs your answer ({deadline.get_stage_display().lower()})."
            )
            subject = f"[{barrier.reference}] Напоминание о сроке / Deadline reminder"
        url = _counterpart_url(barrier.reference)
        to = _focal_points(deadline.regulator_id)
        if overdue:
            to += _officials_for(barrier.owner)
        return email_queue(
            dedupe_key=f"deadline:{deadline.pk}:{when}",
            to=to,
            subject=subject,
            body="\n\n".join(
                (
                    ru,
                    f"Открыть барьер: {url}",
                    "* * *",
                    en,
                    f"Open the barrier: {url}",
                    COUNTERPART_FOOTER,
                )
            ),
        )
    what = deadline.get_stage_display().lower()
    state = "was due" if overdue else "is due"
    return email_queue(
        dedupe_key=f"deadline:{deadline.pk}:{when}",
        to=_officials_for(barrier.owner),
        subject=f"[{barrier.reference}] India's answer {state} {_day(deadline.due_on)}",
        body=_compose(
            f"India's answer to {deadline.regulator.abbreviation or deadline.regulator.name} "
            f"({what}) {state} on {_day(deadline.due_on)}.",
            f"Barrier: {barrier.reference} — {barrier.title}",
            f"Open the barrier: {_admin_barrier_url(barrier.pk)}",
            footer="— India–EAEU barrier tracker\nSent to the barrier's owner.",
        ),
    )


# How a barrier's move by officials reads to the counterpart (Russian, English).
MOVE_WORDS: dict[str, tuple[str, str]] = {
    BarrierStatus.RESOLVED: ("признан урегулированным", "considered resolved"),
    BarrierStatus.PARTIALLY_RESOLVED: ("признан частично урегулированным", "partially resolved"),
    BarrierStatus.CLOSED_UNRESOLVED: ("закрыт без решения", "closed without a solution"),
    BarrierStatus.OPEN: ("вновь открыт", "reopened"),
}


def barrier_moved_counterpart_queue(*, barrier: Barrier, event_id: int) -> OutboundEmail | None:
    """Tell the focal points of the regulator a barrier is shared with that India's officials
    resolved, partially resolved, closed or reopened it (Russian first, then English)."""
    words = MOVE_WORDS.get(barrier.status)
    share = BarrierShare.objects.filter(barrier=barrier, unshared_at__isnull=True).first()
    if words is None or share is None:
        return None
    url = _counterpart_url(barrier.reference)
    title_en = share.title_en or barrier.title
    return email_queue(
        dedupe_key=f"barrier-status:{event_id}:focal-points",
        to=_focal_points(share.regulator_id),
        subject=f"[{barrier.reference}] Статус барьера изменён / Barrier status changed",
        body="\n\n".join(
            (
                f"Индийская сторона сообщает: барьер {barrier.reference} «{share.title_ru}» "
                f"{words[0]}.",
                f"Открыть барьер: {url}",
                "* * *",
                f"India's officials report that barrier {barrier.reference} ({title_en}) is "
                f"{words[1]}.",
                f"Open the barrier: {url}",
                COUNTERPART_FOOTER,
            )
        ),
    )


def fix_disputed_queue(
    *, barrier: Barrier, company: Company, note: str, event_key: str
) -> OutboundEmail | None:
    """Tell the barrier's owner (or the triage officers) that a company says the fix of a
    resolved barrier does not hold: the barrier waits for their decision."""
    owner = User.objects.filter(pk=barrier.owner_id).first() if barrier.owner_id else None
    return email_queue(
        dedupe_key=f"fix-disputed:{event_key}",
        to=_officials_for(owner),
        subject=f"[{barrier.reference}] A company says the fix does not hold",
        body=_compose(
            f"{company.name} ({company.iec}) says shipments are still not clearing on resolved "
            f"barrier {barrier.reference} — {barrier.title}.",
            f"What still goes wrong: {note}",
            "The barrier stays resolved and is flagged for review: reopen it or keep it "
            "resolved from its page: " + _admin_barrier_url(barrier.pk),
            footer="— India–EAEU barrier tracker\nSent to the barrier's owner.",
        ),
    )
