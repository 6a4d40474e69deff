"""E-mail content and the outbox: messages are written in the caller's transaction and sent later.

Only public facts reach exporters: the report's own fields, statuses, and the note of a public
status change (a question, a rejection reason). Internal notes, private transitions and
officials' fields are never read here.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

from barriers.accounts.language import PORTAL_LANGUAGES
from barriers.accounts.roles import TRIAGE_OFFICER
from barriers.domain.transitions import MEETING_AGENDA_EDITABLE
from barriers.models import (
    Barrier,
    BarrierStatus,
    Company,
    OutboundEmail,
    Report,
    ReportStatus,
    User,
)
from barriers.selectors import triage_queue

logger = logging.getLogger(__name__)

# A message id, read in the language active when it is turned into text.
StrOrPromise = str | Promise

# The officials who receive the triage digest; a data migration creates the group.
TRIAGE_GROUP = TRIAGE_OFFICER
DIGEST_WINDOW = dt.timedelta(hours=24)
DIGEST_MAX_LINES = 200


# ---------------------------------------------------------------------------------------------
# The outbox
# ---------------------------------------------------------------------------------------------


class PublishPause:
    """After a failed publish, skip the broker for a while instead of failing again per e-mail.

    With the broker unreachable every publish costs up to the connection timeout (2 s); a
    barrier that moves notifies many companies in one request. The outbox row stays pending
    and the beat sweep sends it, so skipping the publish loses nothing.
    """

    seconds = 30.0

    def __init__(self) -> None:
        self._until = 0.0
        self._lock = threading.Lock()

    def active(self) -> bool:
        return time.monotonic() < self._until

    def trip(self) -> None:
        with self._lock:
            self._until = time.monotonic() + self.seconds

    def reset(self) -> None:
        with self._lock:
            self._until = 0.0


publish_pause = PublishPause()


def _enqueue_delivery(email_id: int) -> None:
    """Hand the e-mail to a worker; if the broker is down the beat sweep sends it later.

    Runs after commit, so nothing raised here may reach the request: the change is saved and
    the e-mail is safe in the outbox whatever happens to the publish.
    """
    from barriers.notifications.tasks import outbox_deliver

    if publish_pause.active():
        logger.info("Broker recently unreachable; e-mail %s waits for the outbox sweep", email_id)
        return
    try:
        outbox_deliver.delay(email_id)
    except OperationalError:  # kombu: the broker could not be reached in time
        publish_pause.trip()
        logger.warning("Broker unavailable; e-mail %s stays in the outbox", email_id, exc_info=True)
    except Exception:
        logger.exception(
            "Could not hand e-mail %s to a worker; the outbox sweep will send it", email_id
        )


def email_queue(
    *,
    dedupe_key: str,
    to: Iterable[str],
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
    new_key: bool = False,
) -> OutboundEmail | None:
    """Write one e-mail to the outbox in the current transaction; send it after commit.

    An e-mail whose `dedupe_key` is already in the outbox is not written again. `new_key`: the
    key names a row the caller wrote in this transaction (a new status change), so no e-mail
    can have it yet: it is inserted without looking first.
    """
    recipients = sorted(set(to))
    if not recipients:
        return None
    values = {
        "to": recipients,
        "subject": subject[:250],
        "body": body,
        "headers": headers or {},
    }
    if new_key:
        email, created = OutboundEmail.objects.create(dedupe_key=dedupe_key[:200], **values), True
    else:
        email, created = OutboundEmail.objects.get_or_create(
            dedupe_key=dedupe_key[:200], defaults=values
        )
    if created:
        transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


# ---------------------------------------------------------------------------------------------
# Exporters: their reports and the barriers behind them
# ---------------------------------------------------------------------------------------------

# How the public note of a status change is introduced, where it needs an introduction.
REPORT_NOTE_LABELS: dict[str, StrOrPromise] = {
    ReportStatus.INFO_REQUESTED: _("Question from the officials"),
    ReportStatus.REJECTED: _("Reason"),
}

REPORT_NEXT_STEPS: dict[str, StrOrPromise] = {
    ReportStatus.INFO_REQUESTED: _(
        "Please answer on the report page; you can attach files to your answer. "
        "Officials continue their review as soon as you reply."
    ),
    ReportStatus.ACCEPTED: _(
        "Officials will pursue the barrier behind your report with the EAEU regulator and may "
        "put it on the agenda of a quarterly meeting. We will e-mail you when it is scheduled, "
        "raised at a meeting and resolved."
    ),
    ReportStatus.REJECTED: _(
        "No further action will be taken on this report. If the situation changes or you have "
        "new evidence, you can file a new report."
    ),
}

BARRIER_NEXT_STEPS: dict[str, StrOrPromise] = {
    BarrierStatus.SCHEDULED: _(
        "The barrier will be discussed with the EAEU side at the meeting. We will e-mail you "
        "the outcome."
    ),
    BarrierStatus.RAISED: _(
        "Officials will follow up on what was said at the meeting. We will e-mail you when "
        "action is agreed or the barrier is resolved."
    ),
    BarrierStatus.ACTION_AGREED: _(
        "Officials will follow the agreed actions until they are done. We will e-mail you when "
        "the barrier is resolved."
    ),
    BarrierStatus.RESOLVED: _(
        "Please tell us on the report page whether your shipments are clearing again. If they "
        "are not, answer 'no' with the reason: officials will review the barrier and may "
        "reopen it."
    ),
    BarrierStatus.PARTIALLY_RESOLVED: _(
        "Officials will keep pursuing the rest of the barrier, and it can go on the next "
        "meeting's agenda. Tell us on the report page how your shipments are doing."
    ),
    BarrierStatus.OPEN: _(
        "Officials will pursue the barrier again and may put it on the next meeting's agenda."
    ),
    BarrierStatus.CLOSED_UNRESOLVED: _(
        "Officials will not pursue this barrier further. If the situation changes or you have "
        "new evidence, file a new report and officials can reopen it."
    ),
}


def _company_recipients(company_id: int) -> list[str]:
    return sorted(
        User.objects.filter(company_id=company_id, is_active=True).values_list("email", flat=True)
    )


def _company_recipients_by_language(company_id: int) -> dict[str, list[str]]:
    """The company's people by the language they read the portal in (User.language; English
    when they chose none): each group gets the e-mail in its language."""
    grouped: dict[str, list[str]] = {}
    rows = User.objects.filter(company_id=company_id, is_active=True).values_list(
        "email", "language"
    )
    for email, language in rows:
        language = language if language in PORTAL_LANGUAGES else settings.LANGUAGE_CODE
        grouped.setdefault(language, []).append(email)
    return {language: sorted(grouped[language]) for language in sorted(grouped)}


def _in_language(dedupe_key: str, language: str) -> str:
    """One outbox row per language of an event: English keeps the key it always had."""
    return dedupe_key if language == settings.LANGUAGE_CODE else f"{dedupe_key}:{language}"


def _report_url(report: Report) -> str:
    return f"{settings.SITE_URL}/reports/{report.reference}/"


EXPORTER_FOOTER = _(
    "— India–EAEU barrier tracker\n"
    "This message was sent automatically; please reply on the report page, not by e-mail."
)


def _compose(*paragraphs: StrOrPromise, footer: StrOrPromise = EXPORTER_FOOTER) -> str:
    return "\n\n".join(str(p).strip() for p in (*paragraphs, footer) if p and str(p).strip())


def notify_report_status(*, report: Report, event_id: int, headline: str, detail: str = "") -> None:
    """Tell the company's users that their report changed; `detail` is the public note.

    `headline` (and a standard `detail`) are English message ids (services' *_HEADLINES):
    each person reads them in their own language. `event_id` is the status change the caller
    has just recorded in the same transaction."""
    for language, recipients in _company_recipients_by_language(report.company_id).items():
        with translation.override(language):
            next_steps = REPORT_NEXT_STEPS.get(report.status, "")
            label = REPORT_NOTE_LABELS.get(report.status)
            title = gettext(headline)
            note = gettext(detail) if detail else ""
            body = _compose(
                title,
                gettext("Report: %(reference)s — %(title)s\nStatus: %(status)s")
                % {
                    "reference": report.reference,
                    "title": report.title,
                    "status": report.get_status_display(),
                },
                f"{label}: {note}" if label and note else note,
                gettext("What happens next: %(steps)s") % {"steps": next_steps}
                if next_steps
                else "",
                gettext("See the report: %(url)s") % {"url": _report_url(report)},
            )
            email_queue(
                dedupe_key=_in_language(f"report-status:{event_id}", language),
                to=recipients,
                subject=f"[{report.reference}] {title}",
                body=body,
                new_key=True,  # event_id: the status change just recorded
            )
    if report.filing_association_id is not None:
        _notify_filing_council(report=report, event_id=event_id, headline=headline, detail=detail)


COUNCIL_FOOTER = _(
    "— India–EAEU barrier tracker\n"
    "You receive this because your council filed the report for its member."
)


def _notify_filing_council(*, report: Report, event_id: int, headline: str, detail: str) -> None:
    """Tell the export promotion council that filed the report for a member what happened.

    The same public facts as the member's own e-mail (the public note, never internal ones).
    """
    company = Company.objects.only("name").get(pk=report.company_id)
    council_id: int = report.filing_association_id  # type: ignore[assignment]  # checked by the caller
    for language, recipients in _company_recipients_by_language(council_id).items():
        with translation.override(language):
            label = REPORT_NOTE_LABELS.get(report.status)
            note = gettext(detail) if detail else ""
            status = str(report.get_status_display())
            body = _compose(
                gettext("The report your council filed for %(company)s is now: %(status)s.")
                % {"company": company.name, "status": status.lower()},
                gettext(
                    "Report: %(reference)s — %(title)s\nMember: %(company)s\nStatus: %(status)s"
                )
                % {
                    "reference": report.reference,
                    "title": report.title,
                    "company": company.name,
                    "status": status,
                },
                f"{label}: {note}" if label and note else note,
                gettext("The member has been told by e-mail too."),
                gettext("See the report: %(url)s") % {"url": _report_url(report)},
                footer=COUNCIL_FOOTER,
            )
            email_queue(
                dedupe_key=_in_language(f"report-status:{event_id}:council", language),
                to=recipients,
                subject=f"[{report.reference}] "
                + gettext("%(status)s: report filed for %(company)s")
                % {"status": status, "company": company.name},
                body=body,
            )


def _day(day: dt.date) -> str:
    return formats.date_format(day, "j F Y")


def info_request_reminder_queue(*, report: Report, when: str) -> OutboundEmail | None:
    """Remind the exporter of officials' question: a few working days before it is due
    (`when="before"`), or once it has lapsed and the report went back to officials ("after").
    Returns the English e-mail (or the first one queued)."""
    due_on = report.info_due_on
    assert due_on is not None
    queued: list[OutboundEmail] = []
    for language, recipients in _company_recipients_by_language(report.company_id).items():
        with translation.override(language):
            due = _day(due_on)
            if when == "before":
                headline = gettext("Please answer officials' question by %(due)s") % {"due": due}
                what = gettext(
                    "Officials asked for more information about your report and need your "
                    "answer by %(due)s. Answer on the report page; you can attach files to your "
                    "answer."
                ) % {"due": due}
            else:
                headline = gettext("Officials' question was not answered in time")
                what = gettext(
                    "Officials asked for more information about your report, due by %(due)s, "
                    "and no answer came. The report has gone back to officials, who will decide "
                    "on what they have. You can still answer on the report page; it helps them "
                    "decide."
                ) % {"due": due}
            email = email_queue(
                dedupe_key=_in_language(
                    f"info-request:{report.pk}:{due_on.isoformat()}:{when}", language
                ),
                to=recipients,
                subject=f"[{report.reference}] {headline}",
                body=_compose(
                    headline,
                    gettext("Report: %(reference)s — %(title)s")
                    % {"reference": report.reference, "title": report.title},
                    what,
                    gettext("See the report: %(url)s") % {"url": _report_url(report)},
                ),
            )
            if email is not None:
                queued.append(email)
    return queued[0] if queued else None


def notify_barrier_status(
    *, barrier: Barrier, event_id: int, headline: str, detail: str = ""
) -> None:
    """Tell every company with an accepted report on the barrier that the barrier moved."""
    reports = list(barrier.reports.filter(status=ReportStatus.ACCEPTED).order_by("reference", "pk"))
    by_company: dict[int, list[Report]] = {}
    for report in reports:
        by_company.setdefault(report.company_id, []).append(report)
    for company_id, company_reports in by_company.items():
        refs = ", ".join(r.reference for r in company_reports)
        for language, recipients in _company_recipients_by_language(company_id).items():
            with translation.override(language):
                next_steps = BARRIER_NEXT_STEPS.get(barrier.status, "")
                title = gettext(headline)
                noun = (
                    gettext("Your report") if len(company_reports) == 1 else gettext("Your reports")
                )
                body = _compose(
                    title,
                    f"{noun}: {refs}\n"
                    + gettext("Barrier: %(reference)s — %(title)s\nStatus: %(status)s")
                    % {
                        "reference": barrier.reference,
                        "title": barrier.title,
                        "status": barrier.get_status_display(),
                    },
                    detail,
                    gettext("What happens next: %(steps)s") % {"steps": next_steps}
                    if next_steps
                    else "",
                    gettext("See the report: %(url)s")
                    % {"url": ", ".join(_report_url(r) for r in company_reports)},
                )
                email_queue(
                    dedupe_key=_in_language(
                        f"barrier-status:{event_id}:company:{company_id}", language
                    ),
                    to=recipients,
                    subject=f"[{barrier.reference}] {title}",
                    body=body,
                )


# ---------------------------------------------------------------------------------------------
# Officials: the daily triage digest
# ---------------------------------------------------------------------------------------------


def _triage_recipients() -> list[str]:
    """Active members of the triage officers' group; none if the group does not exist yet."""
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=TRIAGE_GROUP).first()
    if group is None:
        logger.warning("No %r group: the triage digest has no recipients", TRIAGE_GROUP)
        return []
    return sorted(group.user_set.filter(is_active=True).values_list("email", flat=True))


def _triage_queue_url() -> str:
    for name in ("admin:barriers_triagequeueentry_changelist", "admin:barriers_report_changelist"):
        try:
            return settings.SITE_URL + reverse(name)
        except NoReverseMatch:
            continue
    return f"{settings.SITE_URL}/admin/"


def _money(value: object) -> str:
    return f"USD {value:,.2f}"


def triage_digest_queue(*, now: dt.datetime) -> OutboundEmail | None:
    """Write one e-mail a day to triage officers: new reports of the last 24 hours, queue size.

    Safe to run again the same day (a retried task): the dedupe key holds one row per date.
    """
    day = timezone.localdate(now)
    with transaction.atomic():
        recipients = _triage_recipients()
        if not recipients:
            return None
        new_reports = list(
            Report.objects.filter(submitted_at__gte=now - DIGEST_WINDOW, submitted_at__lt=now)
            .select_related("company", "barrier_kind", "destination_country", "filing_association")
            .order_by("submitted_at", "pk")
        )
        waiting = triage_queue().count()
        if not new_reports and not waiting:
            return None

        lines = []
        for report in new_reports[:DIGEST_MAX_LINES]:
            company = report.company.name
            if not report.company.verified:
                company += " (company not yet verified)"
            if report.filing_association is not None:
                company += f", filed by {report.filing_association.name}"
            lines.append(
                f"- {report.reference}: {report.title}\n"
                f"  {company} | {report.barrier_kind.name} | "
                f"{report.destination_country.name} | {_money(report.trade_value_usd)}"
            )
        if len(new_reports) > DIGEST_MAX_LINES:
            lines.append(f"… and {len(new_reports) - DIGEST_MAX_LINES} more.")
        total = sum((r.trade_value_usd for r in new_reports), start=0)
        summary = (
            f"New reports in the 24 hours to {timezone.localtime(now):%d %B %Y %H:%M %Z}: "
            f"{len(new_reports)}, with {_money(total)} of trade at stake."
            if new_reports
            else "No new reports in the last 24 hours."
        )
        body = _compose(
            f"Triage digest for {day:%d %B %Y}",
            summary,
            "\n".join(lines),
            f"Waiting for triage (submitted or under review): {waiting}.",
            f"Open the triage queue: {_triage_queue_url()}",
            footer=f"— India–EAEU barrier tracker\nSent each morning to the {TRIAGE_GROUP} group.",
        )
        return email_queue(
            dedupe_key=f"triage-digest:{day.isoformat()}",
            to=recipients,
            subject=(
                f"Triage digest {day.isoformat()}: {len(new_reports)} new, "
                f"{waiting} waiting for triage"
            ),
            body=body,
        )


# ---------------------------------------------------------------------------------------------
# Officials: meetings and follow-up
# ---------------------------------------------------------------------------------------------

CIRCULATION_REMINDER_DAYS = 3
ACTION_POINT_WARNING_DAYS = 7
STALE_AFTER_DAYS = 90


def _group_recipients(name: str) -> list[str]:
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=name).first()
    if group is None:
        return []
    return sorted(group.user_set.filter(is_active=True).values_list("email", flat=True))


def _admin_url(name: str, *args: object) -> str:
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        return f"{settings.SITE_URL}/admin/"


def circulation_reminders_queue(*, today: dt.date) -> list[OutboundEmail]:
    """Remind the agenda secretaries of drafted agendas due for circulation within three days."""
    from barriers.accounts.roles import AGENDA_SECRETARY
    from barriers.models import Meeting

    recipients = _group_recipients(AGENDA_SECRETARY)
    meetings = Meeting.objects.filter(
        status__in=MEETING_AGENDA_EDITABLE,
        circulate_on__gte=today,
        circulate_on__lte=today + dt.timedelta(days=CIRCULATION_REMINDER_DAYS),
    ).order_by("date")
    queued = []
    for meeting in meetings:
        days = (meeting.circulate_on - today).days
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        email = email_queue(
            dedupe_key=f"circulation-reminder:{meeting.pk}:{today.isoformat()}",
            to=recipients,
            subject=f"[{meeting.code}] The draft agenda is due for circulation {when}",
            body=_compose(
                f"The draft agenda of the {meeting.code} meeting ({meeting.date:%d %B %Y}, "
                f"{meeting.venue or 'venue to be set'}) is due for circulation on "
                f"{meeting.circulate_on:%d %B %Y}.",
                f"Status: {meeting.get_status_display()}. Review the draft, adjust it and freeze it "
                "so the exporters concerned are told.",
                f"Open the meeting: {_admin_url('admin:barriers_meeting_change', meeting.pk)}",
                footer="— India–EAEU barrier tracker\nSent to the agenda secretaries.",
            ),
        )
        if email is not None:
            queued.append(email)
    return queued


def action_point_reminders_queue(*, today: dt.date) -> list[OutboundEmail]:
    """Remind owners on the India side and the agenda secretaries of action points due soon or late.

    One e-mail per recipient per day (a retried task sends nothing more).
    """
    from barriers.accounts.roles import AGENDA_SECRETARY
    from barriers.models import ActionPoint, ActionPointStatus, Party

    points = list(
        ActionPoint.objects.filter(
            status=ActionPointStatus.OPEN,
            due_on__lte=today + dt.timedelta(days=ACTION_POINT_WARNING_DAYS),
        )
        .select_related("meeting", "barrier", "owner", "regulator")
        .order_by("due_on", "pk")
    )
    if not points:
        return []

    def line(point: ActionPoint) -> str:
        late = (today - point.due_on).days
        due = f"OVERDUE by {late} days" if late > 0 else f"due {point.due_on:%d %B %Y}"
        owner = point.owner_agency or (point.regulator.abbreviation if point.regulator else "")
        return (
            f"- {point.barrier.reference} ({point.meeting.code}): {point.description}\n"
            f"  {point.get_party_display()}{', ' + owner if owner else ''} | {due}"
        )

    per_recipient: dict[str, list[ActionPoint]] = {}
    for email in _group_recipients(AGENDA_SECRETARY):
        per_recipient.setdefault(email, []).extend(points)
    for point in points:
        if point.party == Party.INDIA and point.owner is not None and point.owner.is_active:
            bucket = per_recipient.setdefault(point.owner.email, [])
            if point not in bucket:
                bucket.append(point)
    queued: list[OutboundEmail] = []
    for recipient, mine in sorted(per_recipient.items()):
        overdue = sum(1 for p in mine if p.due_on < today)
        queued_email = email_queue(
            dedupe_key=f"action-points:{today.isoformat()}:{recipient}",
            to=[recipient],
            subject=f"Action points: {overdue} overdue, {len(mine) - overdue} due within a week",
            body=_compose(
                f"Action points agreed at India–EAEU meetings that need attention ({today:%d %B %Y}):",
                "\n".join(line(p) for p in mine),
                f"All open action points: {_admin_url('admin:barriers_actionpoint_changelist')}",
                footer="— India–EAEU barrier tracker\nSent each morning while action points are due.",
            ),
        )
        if queued_email is not None:
            queued.append(queued_email)
    return queued


def stale_barriers_digest_queue(*, today: dt.date) -> OutboundEmail | None:
    """Weekly: active barriers with no activity for 90 days, to triage officers and secretaries."""
    from django.db.models import Max

    from barriers.accounts.roles import AGENDA_SECRETARY
    from barriers.domain.transitions import BARRIER_ACTIVE
    from barriers.models import Barrier

    cutoff = timezone.now() - dt.timedelta(days=STALE_AFTER_DAYS)
    stale = list(
        Barrier.objects.filter(status__in=BARRIER_ACTIVE, updated_at__lt=cutoff)
        .annotate(last_change=Max("status_changes__created_at"))
        .filter(last_change__lt=cutoff)
        .select_related("regulator")
        .order_by("updated_at")[:DIGEST_MAX_LINES]
    )
    recipients = _triage_recipients() + _group_recipients(AGENDA_SECRETARY)
    if not stale or not recipients:
        return None
    year, week, _ = today.isocalendar()
    lines = [
        f"- {b.reference}: {b.title} ({b.get_status_display()}, "
        f"{b.regulator.abbreviation if b.regulator else 'regulator not set'}), "
        f"no activity since {timezone.localtime(b.updated_at):%d %B %Y}"
        for b in stale
    ]
    return email_queue(
        dedupe_key=f"stale-barriers:{year}-W{week:02d}",
        to=recipients,
        subject=f"{len(stale)} barriers with no activity for {STALE_AFTER_DAYS} days",
        body=_compose(
            f"These barriers are still open but nothing has happened on them for "
            f"{STALE_AFTER_DAYS} days or more:",
            "\n".join(lines),
            footer="— India–EAEU barrier tracker\nSent every Monday.",
        ),
    )
