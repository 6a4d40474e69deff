"""Reads of following: a user's follows, saved searches and notifications (only their own), and
who follows a barrier (only people allowed to see it)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from django.core.exceptions import FieldError, ValidationError
from django.db.models import Q, QuerySet

from barriers.models import (
    Barrier,
    DigestFrequency,
    Follow,
    FollowKind,
    FollowSettings,
    Notification,
    Report,
    ReportStatus,
    SavedSearch,
    SavedSearchList,
    User,
)

# The changelist parameters a saved search is matched on when a barrier changes: the list
# filters both changelists share, by their query-string names (`status__exact`,
# `regulator__code__exact`...), and the search box (`q`). Other parameters are not matched.
SAVED_SEARCH_LOOKUP = re.compile(
    r"^(status|sector|pending_on"
    r"|(barrier_kind|destination_country|regulator|legal_basis|owner)__[a-z]+)__exact$"
)


def follows_for_viewer(*, viewer: User) -> QuerySet[Follow]:
    """The follows of `viewer` (never anyone else's), with what the preferences page shows."""
    return (
        Follow.objects.filter(user=viewer)
        .select_related("barrier", "hs_code", "country", "regulator", "saved_search")
        .order_by("kind", "created_at", "pk")
    )


def follow_get_for_viewer(*, viewer: User, follow_id: int) -> Follow | None:
    """One of `viewer`'s follows, or None (another user's follow is as good as missing)."""
    return Follow.objects.filter(user=viewer, pk=follow_id).first()


def followed_keys(*, viewer: User) -> set[str]:
    """What `viewer` follows, as "barrier:BAR-0001" / "hs_code:080450" keys for follow buttons."""
    keys: set[str] = set()
    for kind, reference, code in Follow.objects.filter(
        user=viewer, kind__in=[FollowKind.BARRIER, FollowKind.HS_CODE]
    ).values_list("kind", "barrier__reference", "hs_code__code"):
        keys.add(f"{kind}:{reference or code}")
    return keys


def follow_frequency(*, user: User) -> str:
    """How often `user`'s digest goes out (immediately for someone who never chose)."""
    row = FollowSettings.objects.filter(user=user).values_list("frequency", flat=True).first()
    return row or DigestFrequency.IMMEDIATELY


def saved_searches_for_viewer(*, viewer: User) -> QuerySet[SavedSearch]:
    """The saved searches of `viewer`, by name, with their follow (if followed)."""
    return SavedSearch.objects.filter(user=viewer).select_related("follow").order_by("name", "pk")


def notifications_for_viewer(*, viewer: User) -> QuerySet[Notification]:
    """The notifications of `viewer`, newest first."""
    return (
        Notification.objects.filter(user=viewer)
        .select_related("event", "event__barrier")
        .order_by("-created_at", "-pk")
    )


def notifications_unread_count(*, viewer: User) -> int:
    """How many of `viewer`'s notifications are unread."""
    return Notification.objects.filter(user=viewer, read_at__isnull=True).count()


def exporter_barriers(*, viewer: User) -> QuerySet[Barrier]:
    """The barriers an exporter (or council) may see: those behind their accepted reports."""
    if viewer.company_id is None:
        return Barrier.objects.none()
    reports = Report.objects.filter(
        Q(company_id=viewer.company_id) | Q(filing_association_id=viewer.company_id),
        status=ReportStatus.ACCEPTED,
        barrier__isnull=False,
    )
    return Barrier.objects.filter(pk__in=reports.values("barrier_id"))


def saved_search_lookups(query_string: str) -> tuple[dict[str, str], str]:
    """The filters of a saved search that following matches on, and its search text."""
    lookups: dict[str, str] = {}
    text = ""
    for key, value in parse_qsl(query_string.lstrip("?"), keep_blank_values=False):
        if key == "q":
            text = value.strip().lower()
        elif SAVED_SEARCH_LOOKUP.match(key):
            lookups[key] = value
    return lookups, text


def saved_search_matches(*, search: SavedSearch, barrier: Barrier) -> bool:
    """Whether `barrier` (or, for a report or triage queue search, one of its reports) meets
    the search."""
    lookups, text = saved_search_lookups(search.query_string)
    rows: QuerySet[Barrier] | QuerySet[Report]
    # A triage queue search is matched as a report search: a report has a barrier only once it
    # is accepted, out of the queue, so the barrier its matching reports went to is what its
    # follower hears about (the queue's own filters, stage or overdue, are not matched).
    if search.changelist in {SavedSearchList.REPORTS, SavedSearchList.TRIAGE}:
        rows = Report.objects.filter(barrier=barrier)
    else:
        rows = Barrier.objects.filter(pk=barrier.pk)
    try:
        rows = rows.filter(**lookups)
        if text:
            rows = rows.filter(search_text__icontains=text)
        return rows.exists()
    except (FieldError, ValidationError, ValueError):
        return False


def barrier_followers(*, barrier: Barrier, public: bool = False) -> dict[int, bool]:
    """The active users who follow `barrier` or something it belongs to and may hear of it, each
    with whether they read the public text only: officials and the companies (and their
    councils) behind an accepted report read the text officials write; when the event has a
    public text (`public`: the barrier was published), the other exporters and councils read it."""
    codes = list(barrier.hs_codes.values_list("pk", "code"))
    chapters = {code[:2] for _pk, code in codes}
    wanted = Q(kind=FollowKind.BARRIER, barrier=barrier)
    if codes:
        wanted |= Q(kind=FollowKind.HS_CODE, hs_code_id__in=[pk for pk, _code in codes])
        wanted |= Q(kind=FollowKind.HS_CHAPTER, hs_chapter__in=chapters)
    if barrier.destination_country_id is not None:
        wanted |= Q(kind=FollowKind.COUNTRY, country_id=barrier.destination_country_id)
    if barrier.regulator_id is not None:
        wanted |= Q(kind=FollowKind.REGULATOR, regulator_id=barrier.regulator_id)
    rows: set[tuple[int, bool, int | None]] = set(
        Follow.objects.filter(wanted, user__is_active=True).values_list(
            "user_id", "user__is_staff", "user__company_id"
        )
    )
    searches = Follow.objects.filter(
        kind=FollowKind.SAVED_SEARCH, user__is_active=True, user__is_staff=True
    ).select_related("saved_search")
    for follow in searches:
        assert follow.saved_search is not None  # the follow_one_target constraint
        if saved_search_matches(search=follow.saved_search, barrier=barrier):
            rows.add((follow.user_id, True, None))
    companies: set[int] = set()
    for company_id, association_id in Report.objects.filter(
        barrier=barrier, status=ReportStatus.ACCEPTED
    ).values_list("company_id", "filing_association_id"):
        companies.add(company_id)
        if association_id is not None:
            companies.add(association_id)
    followers: dict[int, bool] = {}
    for user_id, is_staff, user_company in sorted(rows, key=lambda row: row[0]):
        involved = is_staff or (user_company is not None and user_company in companies)
        if involved:
            followers[user_id] = False
        elif public:
            followers.setdefault(user_id, True)
    return followers
