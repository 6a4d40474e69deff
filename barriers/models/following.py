"""Following: what a user follows, their e-mail settings, the events and their notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from barriers.models.barriers import Barrier
from barriers.models.choices import BarrierStatus, Outcome, _choices_check
from barriers.models.reference import Country, HSCode, Regulator


class FollowKind(models.TextChoices):
    BARRIER = "barrier", _("Barrier")
    HS_CODE = "hs_code", _("HS code")
    HS_CHAPTER = "hs_chapter", _("HS chapter")
    COUNTRY = "country", _("Country")
    REGULATOR = "regulator", _("Regulator")
    SAVED_SEARCH = "saved_search", _("Saved search")


class DigestFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    NEVER = "never", _("No e-mail (notifications list only)")


class FollowEventKind(models.TextChoices):
    NEW_BARRIER = "new_barrier", _("New barrier")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ON_AGENDA = "on_agenda", _("Put on a meeting agenda")
    OUTCOME_RECORDED = "outcome_recorded", _("Meeting outcome recorded")


class SavedSearchList(models.TextChoices):
    BARRIERS = "barrier", _("Barriers")
    REPORTS = "report", _("Reports")
    TRIAGE = "triage", _("Triage queue")


class SavedSearch(models.Model):
    """An official's admin changelist search (its query string), saved under a name."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    changelist = models.CharField(_("list"), max_length=10, choices=SavedSearchList.choices)
    query_string = models.CharField(_("filters"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="savedsearch_name_unique"),
            _choices_check("changelist", SavedSearchList, "savedsearch_changelist_valid"),
        ]

    def __str__(self) -> str:
        return self.name


# Which target field each kind of follow fills; the others stay empty (a constraint checks it).
FOLLOW_TARGETS: dict[str, str] = {
    FollowKind.BARRIER: "barrier",
    FollowKind.HS_CODE: "hs_code",
    FollowKind.HS_CHAPTER: "hs_chapter",
    FollowKind.COUNTRY: "country",
    FollowKind.REGULATOR: "regulator",
    FollowKind.SAVED_SEARCH: "saved_search",
}


def _one_target(kind: str, field: str) -> Q:
    empty = {
        other: ("" if other == "hs_chapter" else None)
        for other in FOLLOW_TARGETS.values()
        if other != field
    }
    filled = ~Q(hs_chapter="") if field == "hs_chapter" else Q(**{f"{field}__isnull": False})
    return Q(kind=kind) & filled & Q(**empty)


class Follow(models.Model):
    """A user follows one thing: a barrier, an HS code or chapter, a country, a regulator or a
    saved search. Exactly one target field is filled, the one of its kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FollowKind.choices)
    barrier = models.ForeignKey(
        Barrier, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    hs_code = models.ForeignKey(
        HSCode, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    hs_chapter = models.CharField(_("HS chapter"), max_length=2, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    regulator = models.ForeignKey(
        Regulator, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    saved_search = models.OneToOneField(
        SavedSearch, on_delete=models.CASCADE, null=True, blank=True, related_name="follow"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["kind", "pk"]
        constraints = [
            _choices_check("kind", FollowKind, "follow_kind_valid"),
            models.CheckConstraint(
                condition=(
                    _one_target(FollowKind.BARRIER, "barrier")
                    | _one_target(FollowKind.HS_CODE, "hs_code")
                    | _one_target(FollowKind.HS_CHAPTER, "hs_chapter")
                    | _one_target(FollowKind.COUNTRY, "country")
                    | _one_target(FollowKind.REGULATOR, "regulator")
                    | _one_target(FollowKind.SAVED_SEARCH, "saved_search")
                ),
                name="follow_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", field],
                    condition=Q(kind=kind),
                    name=f"follow_{kind}_unique",
                )
                for kind, field in FOLLOW_TARGETS.items()
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.kind == FollowKind.HS_CHAPTER:
            return str(_("chapter %(chapter)s")) % {"chapter": self.hs_chapter}
        target = getattr(self, FOLLOW_TARGETS[self.kind])
        if isinstance(target, Barrier):
            # A published barrier is named by its public title: whoever follows it may read that
            # (an exporter follows other companies' barriers only once they are published).
            if target.published_at is not None and target.public_title:
                return f"{target.reference} — {target.public_title}"
            return f"{target.reference} — {target.title}"
        if isinstance(target, HSCode):
            return f"{target.code} — {target.description}"
        return str(target)


class FollowSettings(models.Model):
    """How often a user's digest e-mail goes out (a user without a row: immediately)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_settings"
    )
    frequency = models.CharField(
        _("e-mail digest"),
        max_length=12,
        choices=DigestFrequency.choices,
        default=DigestFrequency.IMMEDIATELY,
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("following settings")
        verbose_name_plural = _("following settings")
        constraints = [_choices_check("frequency", DigestFrequency, "followsettings_freq_valid")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"


class FollowEvent(models.Model):
    """Something followers hear about, written in the transaction of the change (like the
    outbox): a task fans it out to notifications after commit; the beat sweep catches up."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="follow_events")
    kind = models.CharField(_("kind"), max_length=20, choices=FollowEventKind.choices)
    # Built only from fields every follower may read (reference, title, statuses, meeting code,
    # outcome label): never internal notes or company data.
    text = models.CharField(_("text"), max_length=500)
    # The same line from the barrier's public title, when the barrier was published at the time:
    # what exporters and councils without a report on the barrier read (empty: they hear nothing).
    public_text = models.CharField(_("public text"), max_length=500, blank=True, default="")
    # What happened, for reading in each follower's language (FollowEvent.line): "what" (a key of
    # EVENT_LINES) and its values, with the barrier's label and public label.
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    fanned_out_at = models.DateTimeField(_("fanned out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow event")
        verbose_name_plural = _("follow events")
        ordering = ["created_at", "pk"]
        constraints = [_choices_check("kind", FollowEventKind, "followevent_kind_valid")]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(fanned_out_at__isnull=True),
                name="followevent_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return self.text


# The lines of FollowEvent.detail["what"], translated when read (the values are filled in then).
EVENT_LINES = {
    "new": _("new barrier"),
    "published": _("published on the public register"),
    "status": _("status %(from)s → %(to)s"),
    "agenda": _("on the agenda of the %(meeting)s meeting on %(date)s"),
    "outcome": _("outcome at %(meeting)s: %(outcome)s"),
}


def _label_of(choices: type[models.TextChoices], value: object) -> str:
    try:
        return str(choices(str(value)).label)
    except ValueError:
        return str(value)


def event_line(detail: dict[str, object], *, public: bool) -> str:
    """An event's line in the active language, or "" when `detail` cannot say it."""
    line = EVENT_LINES.get(str(detail.get("what", "")))
    label = detail.get("public_label" if public else "label")
    if line is None or not label:
        return ""
    values: dict[str, str] = {
        "from": _label_of(BarrierStatus, detail.get("from", "")),
        "to": _label_of(BarrierStatus, detail.get("to", "")),
        "meeting": str(detail.get("meeting", "")),
        "outcome": _label_of(Outcome, detail.get("outcome", "")),
        "date": str(detail.get("date", "")),
    }
    day = parse_date(values["date"]) if values["date"] else None
    if day is not None:
        values["date"] = formats.date_format(day, "DATE_FORMAT")
    text = str(line)  # translated now, into the active language
    return f"{label}: {text % values if '%(' in text else text}"


class Notification(models.Model):
    """One follow event for one user: listed in the portal or the admin, e-mailed in a digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(FollowEvent, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # The follower reads the event's public text (an exporter or council with no report on a
    # published barrier), not the text officials and the barrier's companies read.
    public = models.BooleanField(_("public text only"), default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="notification_once_per_user")
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unsent_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.event}"

    @property
    def text(self) -> str:
        """The event's line as this follower may read it, in the active language (events
        written before lines were kept by kind read as they were written, in English)."""
        line = event_line(self.event.detail or {}, public=self.public)
        if line:
            return line
        return self.event.public_text if self.public else self.event.text
