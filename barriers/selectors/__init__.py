"""Every read with a rule in it, scoped to who is asking. Views and serializers never filter.

One module per resource; the package re-exports them, so callers write `selectors.triage_queue(...)`.
"""

from __future__ import annotations

from barriers.selectors.agenda import (
    agenda_candidate_rows,
    agenda_candidates,
    agenda_for_meeting,
    agenda_for_meeting_page,
    agenda_joint_texts,
    agenda_russian_check,
    joint_text,
    meeting_previous,
    routing_weights,
)
from barriers.selectors.barriers import (
    barrier_duplicate_candidates,
    barrier_figures,
    barrier_fix_confirmed_at,
    barrier_get_for_official,
    barrier_public_summary,
    barriers_for_official,
)
from barriers.selectors.companies import (
    association_member_get,
    association_members_for_viewer,
    company_iec_registered,
    user_email_unconfirmed,
)
from barriers.selectors.counterparts import (
    CounterpartBarrier,
    barrier_get_for_counterpart,
    barriers_for_counterpart,
    counterpart_barrier,
    counterpart_barriers,
    shared_document_get_for_counterpart,
)
from barriers.selectors.desk import WorkWaiting, work_waiting
from barriers.selectors.duplicates import (
    report_duplicate_candidates,
)
from barriers.selectors.exchanges import (
    LatestAnswer,
    PublicExchange,
    barrier_share_for_official,
    barriers_overdue,
    deadlines_for_barriers,
    deadlines_for_counterpart,
    exchange_document_get_for_counterpart,
    exchange_document_get_for_official,
    exchange_get_for_official,
    exchanges_for_barriers,
    exchanges_for_counterpart,
    latest_answers,
    legal_bases,
    public_exchanges,
)
from barriers.selectors.reference import (
    hs_codes_search,
)
from barriers.selectors.report_finder import (
    RELEVANCE,
    REPORT_SORT_CHOICES,
    REPORT_SORTS,
    ReportFilterSet,
    reports_sorted,
)
from barriers.selectors.reports import (
    counted_figures,
    declared_caps,
    document_get_for_viewer,
    documents_for_viewer,
    messages_for_viewer,
    report_draft_get_for_viewer,
    report_drafts_for_viewer,
    report_get_for_viewer,
    reports_for_viewer,
    reports_overdue_for_first_decision,
    timeline_for_viewer,
    triage_queue,
)
from barriers.selectors.search import (
    barriers_search,
    reports_search,
)

__all__ = [
    "RELEVANCE",
    "REPORT_SORTS",
    "REPORT_SORT_CHOICES",
    "CounterpartBarrier",
    "LatestAnswer",
    "PublicExchange",
    "ReportFilterSet",
    "WorkWaiting",
    "agenda_candidate_rows",
    "agenda_candidates",
    "agenda_for_meeting",
    "agenda_for_meeting_page",
    "agenda_joint_texts",
    "agenda_russian_check",
    "association_member_get",
    "association_members_for_viewer",
    "barrier_duplicate_candidates",
    "barrier_figures",
    "barrier_fix_confirmed_at",
    "barrier_get_for_counterpart",
    "barrier_get_for_official",
    "barrier_public_summary",
    "barrier_share_for_official",
    "barriers_for_counterpart",
    "barriers_for_official",
    "barriers_overdue",
    "barriers_search",
    "company_iec_registered",
    "counted_figures",
    "counterpart_barrier",
    "counterpart_barriers",
    "deadlines_for_barriers",
    "deadlines_for_counterpart",
    "declared_caps",
    "document_get_for_viewer",
    "documents_for_viewer",
    "exchange_document_get_for_counterpart",
    "exchange_document_get_for_official",
    "exchange_get_for_official",
    "exchanges_for_barriers",
    "exchanges_for_counterpart",
    "hs_codes_search",
    "joint_text",
    "latest_answers",
    "legal_bases",
    "meeting_previous",
    "messages_for_viewer",
    "public_exchanges",
    "report_draft_get_for_viewer",
    "report_drafts_for_viewer",
    "report_duplicate_candidates",
    "report_get_for_viewer",
    "reports_for_viewer",
    "reports_overdue_for_first_decision",
    "reports_search",
    "reports_sorted",
    "routing_weights",
    "shared_document_get_for_counterpart",
    "timeline_for_viewer",
    "triage_queue",
    "user_email_unconfirmed",
    "work_waiting",
]
