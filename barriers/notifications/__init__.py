"""E-mail to exporters and officials, through the outbox.

- `emails`: what each e-mail says and to whom; `email_queue` writes it to the outbox in the
  caller's transaction and hands it to a worker after commit (with a circuit breaker,
  `publish_pause`, when the broker is down).
- `outbox`: delivery of one outbox row, retries and the sweep of pending ones.
- `tasks`: the Celery tasks that deliver (named `barriers.tasks.*` for compatibility).

May import the models, the domain rules, the selectors and the accounts' role names; never the
services or an interface.
"""

from barriers.notifications.counterparts import (
    barrier_moved_counterpart_queue,
    deadline_reminder_queue,
    exchange_posted_queue,
    fix_disputed_queue,
    focal_point_invitation_queue,
)
from barriers.notifications.emails import (
    TRIAGE_GROUP,
    PublishPause,
    action_point_reminders_queue,
    circulation_reminders_queue,
    email_queue,
    info_request_reminder_queue,
    notify_barrier_status,
    notify_report_status,
    publish_pause,
    stale_barriers_digest_queue,
    triage_digest_queue,
)
from barriers.notifications.following import unsubscribe_user_id
from barriers.notifications.following_events import follow_event_queue

__all__ = [
    "TRIAGE_GROUP",
    "PublishPause",
    "action_point_reminders_queue",
    "barrier_moved_counterpart_queue",
    "circulation_reminders_queue",
    "deadline_reminder_queue",
    "email_queue",
    "exchange_posted_queue",
    "fix_disputed_queue",
    "focal_point_invitation_queue",
    "follow_event_queue",
    "info_request_reminder_queue",
    "notify_barrier_status",
    "notify_report_status",
    "publish_pause",
    "stale_barriers_digest_queue",
    "triage_digest_queue",
    "unsubscribe_user_id",
]
