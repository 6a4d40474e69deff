"""The Celery app and its beat schedule.

Without CELERY_BROKER_URL tasks run eagerly in the web process (the embedded default).
Run exactly one beat process in production: the schedule lives in the database
(django-celery-beat) and two beats would send every entry twice. The configured scheduler,
barriers.platform.beat.SingleBeatScheduler, enforces it with a PostgreSQL advisory lock: a second beat
stops at start. Times are UTC (CELERY_TIMEZONE). Delivery guarantees: docs/operations.md.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Every minute: deliver e-mail left in the outbox (also the safety net when a publish failed).
    "deliver-outbox": {
        "task": "barriers.tasks.outbox_deliver_pending",
        "schedule": 60.0,
    },
    # Every minute: fan out follow events whose hand-over to a worker failed (broker down).
    "follow-events-fan-out": {
        "task": "barriers.tasks.follow_events_fan_out_pending",
        "schedule": 60.0,
    },
    # Hourly: the public register's statistics (days pending grow with the date); a change of
    # the register also asks for them at once.
    "public-statistics-rebuild": {
        "task": "barriers.tasks.public_statistics_rebuild",
        "schedule": 60.0 * 60,
        "kwargs": {"force": True},
    },
    # Hourly: fold the rows the admin's facet-count triggers added (barriers.models.facets), so
    # that a changelist reads a few hundred rows of counts.
    "facet-counts-compact": {
        "task": "barriers.tasks.facet_counts_compact",
        "schedule": 60.0 * 60,
    },
    # 02:45 UTC = 08:15 in India: the daily digest of what people follow.
    "follow-digests-daily": {
        "task": "barriers.tasks.follow_digests_send",
        "schedule": crontab(hour=2, minute=45),
        "args": ("daily",),
    },
    # Mondays 02:50 UTC: the weekly digest of what people follow.
    "follow-digests-weekly": {
        "task": "barriers.tasks.follow_digests_send",
        "schedule": crontab(hour=2, minute=50, day_of_week="mon"),
        "args": ("weekly",),
    },
    # 02:30 UTC = 08:00 in India: triage officers start the day with the last 24 hours' reports.
    "triage-digest": {
        "task": "barriers.tasks.triage_digest_send",
        "schedule": crontab(hour=2, minute=30),
    },
    # 18:35 UTC = 00:05 in India: a new day changes the documents (the date, the days pending),
    # so the meetings under way have theirs built again before the secretariat downloads them.
    "meeting-documents-rebuild": {
        "task": "barriers.tasks.meeting_documents_build_under_way",
        "schedule": crontab(hour=18, minute=35),
    },
    # 00:30 UTC = 06:00 in India: draft the agenda of meetings whose cut-off date has come.
    "meetings-cutoff-draft": {
        "task": "barriers.tasks.meetings_cutoff_draft",
        "schedule": crontab(hour=0, minute=30),
    },
    # 01:00 UTC: once a meeting has been held, plan the next quarter's.
    "meetings-plan-next": {
        "task": "barriers.tasks.meetings_plan_next",
        "schedule": crontab(hour=1, minute=0),
    },
    # 03:00 UTC = 08:30 in India: remind secretaries of agendas due for circulation in 3 days.
    "circulation-reminders": {
        "task": "barriers.tasks.circulation_reminders_send",
        "schedule": crontab(hour=3, minute=0),
    },
    # 03:15 UTC: action points due within a week or overdue, to India-side owners and secretaries.
    "action-point-reminders": {
        "task": "barriers.tasks.action_point_reminders_send",
        "schedule": crontab(hour=3, minute=15),
    },
    # 05:00 UTC = 08:00 in Moscow: reminders of answers due on shared barriers, or overdue.
    "deadline-reminders": {
        "task": "barriers.tasks.deadline_reminders_send",
        "schedule": crontab(hour=5, minute=0),
    },
    # 03:45 UTC = 09:15 in India: exporters' answers due soon, and requests past their day lapse.
    "info-request-reminders": {
        "task": "barriers.tasks.info_request_reminders_send",
        "schedule": crontab(hour=3, minute=45),
    },
    # Mondays 03:30 UTC: active barriers with no activity for 90 days.
    "stale-barriers-digest": {
        "task": "barriers.tasks.stale_barriers_digest_send",
        "schedule": crontab(hour=3, minute=30, day_of_week="mon"),
    },
    # 21:30 UTC = 03:00 in India, the quietest hour: drop API idempotency keys older than 48 h.
    "purge-idempotency-keys": {
        "task": "barriers.tasks.idempotency_keys_purge",
        "schedule": crontab(hour=21, minute=30),
    },
}
