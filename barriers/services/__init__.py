"""Every write of the barrier tracker: one path for the admin, the API, the portal and the tasks.

Each service takes keyword-only arguments and an `actor` (None for the system), runs in one
transaction, locks the row it moves, writes an append-only StatusChange row for every status move,
and leaves side effects (e-mail, tasks) to `transaction.on_commit` through the outbox.

Callers import the package (`from barriers import services; services.report_create(...)`); the
services live in modules named by concept:

- `base`: references (`reference_next`; `reference_last` and `reference_advance` for bulk
  loaders), search text refreshes, the barriers' decision due day
  (`barrier_decision_due_refresh`), history rows (`history_append`, `history_stamp`) and row locks (`row_lock`), for the other service modules
- `reports`: filing, editing, `report_transition` and review moves, messages, evidence, drafts
- `barriers`: opening a barrier (alone or from a report), `barrier_transition`, resolve, reopen
- `meetings`: `meeting_transition`, routing settings, planning meetings and the next quarter's
- `agenda`: drafting (and the beat's due drafts), placing and moving items by hand, freezing
- `companies`: registration and invitations from the portal, verification and edits by officials
- `people`: accounts and access (flags, role groups, permissions, company), each change audited
- `lifecycle`: officials resolve, partially resolve, close unresolved and reopen a barrier by
  hand, and decide on a fix a company disputes (keep resolved)
- `portal`: filing and posting with evidence (all or nothing), confirming a fix (per company;
  a "no" flags the barrier for review)
- `form_tokens`: one-time tokens of the portal's forms (a form posted twice does its work once)
- `triage`: officials' changes to reports and barriers (regulator, owner, moves, fields, priority)
- `records`: reference data kept by hand, and a superuser's deletions in the admin (audited)
- `outcomes`: holding a meeting, recording outcomes, action points (`action_point_transition`)
- `counterparts`: the EAEU side: inviting and deactivating focal points, sharing barriers
- `exchanges`: the exchange on a shared barrier (`exchange_post`, `exchange_forward`), its
  deadlines and their reminders
- `case_documents`: letters, minutes and protocols on barriers and meetings, and sharing them
- `info_requests`: officials' questions to exporters: reminders before the due day, lapsing
  after it (back to the triage queue, flagged)
- `api_tokens`: issuing API tokens (officials': short-lived, opened by a second factor)
- `following`: follows, digest frequency, saved searches, notifications read, and the events
  the barrier services record for followers
- `retention`: deleting rows kept for a while (idempotency keys and form-token claims)

A test that replaces a service must replace it in the module that calls it (for example
`barriers.services.portal.document_attach`); replacing the name on this package reaches only
callers that go through the package.
"""

from barriers import notifications
from barriers.services.agenda import (
    agenda_circulate,
    agenda_draft,
    agenda_freeze,
    agenda_item_move,
    agenda_item_place,
    meetings_draft_due,
)
from barriers.services.api_tokens import (
    api_token_expired,
    api_token_expires_at,
    api_token_issue,
)
from barriers.services.barriers import (
    BARRIER_HEADLINES,
    barrier_create,
    barrier_create_from_report,
    barrier_reopen,
    barrier_resolve,
    barrier_transition,
)
from barriers.services.base import (
    barrier_decision_due_refresh,
    barrier_figures_refresh,
    barrier_search_text_refresh,
    company_reports_search_text_refresh,
    reference_advance,
    reference_last,
    reference_next,
    report_search_text_refresh,
)
from barriers.services.case_documents import case_document_attach, case_document_set_shared
from barriers.services.companies import (
    COMPANY_FIELDS,
    IEC_TAKEN_MESSAGE,
    company_create,
    company_invite,
    company_register,
    company_update,
    company_verify,
)
from barriers.services.counterparts import (
    SHARE_TEXTS,
    barrier_share,
    barrier_unshare,
    focal_point_deactivate,
    focal_point_invitation_resend,
    focal_point_invite,
    focal_point_reactivate,
)
from barriers.services.documents import (
    barrier_documents_changed,
    documents_under_way_changed,
    meeting_documents_build_soon,
    meeting_documents_changed,
    owner_documents_changed,
)
from barriers.services.exchanges import (
    deadline_reminders_send,
    deadline_working_days,
    deadlines_cancel,
    deadlines_open_for_share,
    exchange_forward,
    exchange_post,
    regulator_calendar,
)
from barriers.services.facets import facet_counts_compact, facet_counts_rebuild
from barriers.services.following import (
    FOLLOW_ACTIONS,
    FollowAction,
    FollowActionDone,
    follow_action,
    follow_add,
    follow_frequency_set,
    follow_remove,
    follow_remove_target,
    follow_unsubscribe,
    notifications_mark_read,
    saved_search_create,
    saved_search_delete,
)
from barriers.services.form_tokens import (
    FormResult,
    FormTokenInvalid,
    form_submit_once,
    form_token_issue,
    form_token_replay,
)
from barriers.services.info_requests import info_request_lapse, info_request_reminders_send
from barriers.services.lifecycle import (
    LIFECYCLE_PERMISSION,
    barrier_close_unresolved,
    barrier_keep_resolved,
    barrier_mark_partially_resolved,
    barrier_mark_resolved,
    barrier_reopen_by_official,
    lifecycle_may_move,
)
from barriers.services.meetings import (
    MEETING_FIELDS,
    ROUTING_FIELDS,
    meeting_code_for,
    meeting_create,
    meeting_create_next,
    meeting_dates_check,
    meeting_held_check,
    meeting_transition,
    meeting_update,
    meetings_plan_next,
    routing_settings_check,
    routing_settings_get,
    routing_settings_update,
)
from barriers.services.outcomes import (
    ACTION_POINT_FIELDS,
    AGENDA_ITEM_FIELDS,
    OUTCOME_MOVES,
    action_point_create,
    action_point_fields_check,
    action_point_set_status,
    action_point_transition,
    action_point_update,
    agenda_item_update,
    meeting_close,
    meeting_hold,
    outcome_record,
)
from barriers.services.people import (
    KEEP,
    USER_PROFILE_FIELDS,
    group_create,
    group_delete,
    group_update,
    user_create,
    user_delete,
    user_set_password,
    user_update,
    user_update_access,
)
from barriers.services.portal import barrier_confirm_fix, message_post_with_evidence, report_submit
from barriers.services.records import (
    REFERENCE_MODELS,
    record_delete,
    reference_create,
    reference_update,
)
from barriers.services.reports import (
    REPORT_FIELDS,
    REPORT_HEADLINES,
    document_attach,
    message_post,
    report_accept,
    report_create,
    report_draft_save,
    report_publication_consent_set,
    report_reject,
    report_request_info,
    report_start_review,
    report_transition,
    report_update,
    report_withdraw,
)
from barriers.services.retention import idempotency_keys_purge
from barriers.services.triage import (
    BARRIER_FIELDS,
    BARRIER_SEARCHED_FIELDS,
    barrier_assign_owner,
    barrier_set_priority,
    barrier_update,
    report_assign_owner,
    report_move_to_barrier,
    report_set_regulator,
    report_verify_figures,
)

__all__ = [
    "ACTION_POINT_FIELDS",
    "AGENDA_ITEM_FIELDS",
    "BARRIER_FIELDS",
    "BARRIER_HEADLINES",
    "BARRIER_SEARCHED_FIELDS",
    "COMPANY_FIELDS",
    "FOLLOW_ACTIONS",
    "IEC_TAKEN_MESSAGE",
    "KEEP",
    "LIFECYCLE_PERMISSION",
    "MEETING_FIELDS",
    "OUTCOME_MOVES",
    "REFERENCE_MODELS",
    "REPORT_FIELDS",
    "REPORT_HEADLINES",
    "ROUTING_FIELDS",
    "SHARE_TEXTS",
    "USER_PROFILE_FIELDS",
    "FollowAction",
    "FollowActionDone",
    "FormResult",
    "FormTokenInvalid",
    "action_point_create",
    "action_point_fields_check",
    "action_point_set_status",
    "action_point_transition",
    "action_point_update",
    "agenda_circulate",
    "agenda_draft",
    "agenda_freeze",
    "agenda_item_move",
    "agenda_item_place",
    "agenda_item_update",
    "api_token_expired",
    "api_token_expires_at",
    "api_token_issue",
    "barrier_assign_owner",
    "barrier_close_unresolved",
    "barrier_confirm_fix",
    "barrier_create",
    "barrier_create_from_report",
    "barrier_decision_due_refresh",
    "barrier_documents_changed",
    "barrier_figures_refresh",
    "barrier_keep_resolved",
    "barrier_mark_partially_resolved",
    "barrier_mark_resolved",
    "barrier_reopen",
    "barrier_reopen_by_official",
    "barrier_resolve",
    "barrier_search_text_refresh",
    "barrier_set_priority",
    "barrier_share",
    "barrier_transition",
    "barrier_unshare",
    "barrier_update",
    "case_document_attach",
    "case_document_set_shared",
    "company_create",
    "company_invite",
    "company_register",
    "company_reports_search_text_refresh",
    "company_update",
    "company_verify",
    "deadline_reminders_send",
    "deadline_working_days",
    "deadlines_cancel",
    "deadlines_open_for_share",
    "document_attach",
    "documents_under_way_changed",
    "exchange_forward",
    "exchange_post",
    "facet_counts_compact",
    "facet_counts_rebuild",
    "focal_point_deactivate",
    "focal_point_invitation_resend",
    "focal_point_invite",
    "focal_point_reactivate",
    "follow_action",
    "follow_add",
    "follow_frequency_set",
    "follow_remove",
    "follow_remove_target",
    "follow_unsubscribe",
    "form_submit_once",
    "form_token_issue",
    "form_token_replay",
    "group_create",
    "group_delete",
    "group_update",
    "idempotency_keys_purge",
    "info_request_lapse",
    "info_request_reminders_send",
    "lifecycle_may_move",
    "meeting_close",
    "meeting_code_for",
    "meeting_create",
    "meeting_create_next",
    "meeting_dates_check",
    "meeting_documents_build_soon",
    "meeting_documents_changed",
    "meeting_held_check",
    "meeting_hold",
    "meeting_transition",
    "meeting_update",
    "meetings_draft_due",
    "meetings_plan_next",
    "message_post",
    "message_post_with_evidence",
    "notifications",
    "notifications_mark_read",
    "outcome_record",
    "owner_documents_changed",
    "record_delete",
    "reference_advance",
    "reference_create",
    "reference_last",
    "reference_next",
    "reference_update",
    "regulator_calendar",
    "report_accept",
    "report_assign_owner",
    "report_create",
    "report_draft_save",
    "report_move_to_barrier",
    "report_publication_consent_set",
    "report_reject",
    "report_request_info",
    "report_search_text_refresh",
    "report_set_regulator",
    "report_start_review",
    "report_submit",
    "report_transition",
    "report_update",
    "report_verify_figures",
    "report_withdraw",
    "routing_settings_check",
    "routing_settings_get",
    "routing_settings_update",
    "saved_search_create",
    "saved_search_delete",
    "user_create",
    "user_delete",
    "user_set_password",
    "user_update",
    "user_update_access",
]
