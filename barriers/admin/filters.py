"""Changelist filters that are computed in the database with a fixed number of queries.

Plain field filters are kept to columns with few distinct values; these cover the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barriers import selectors
from barriers.models import AgendaItem, AgendaSection, BarrierKind, Deadline, Meeting, Party, Report

# How many meetings the meeting filter offers, newest first.
MEETINGS_LISTED = 8


class YesNoFilter(admin.SimpleListFilter):
    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        return (("yes", _("Yes")), ("no", _("No")))


class OverdueForFirstDecisionFilter(YesNoFilter):
    """Reports still without a first decision after the target number of working days."""

    title = _("overdue for first decision")
    parameter_name = "overdue"

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if self.value() not in {"yes", "no"}:
            return None
        overdue = selectors.reports_overdue_for_first_decision(queryset=queryset.model.objects)
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue.values("pk"))
        return queryset.exclude(pk__in=overdue.values("pk"))


class VerifiedCompanyFilter(YesNoFilter):
    title = _("verified company")
    parameter_name = "verified"

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if self.value() not in {"yes", "no"}:
            return None
        return queryset.filter(company__verified=self.value() == "yes")


class FiguresVerifiedFilter(YesNoFilter):
    """Reports whose trade value and consignments a triage officer has verified."""

    title = _("figures verified")
    parameter_name = "figures_verified"

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if self.value() not in {"yes", "no"}:
            return None
        return queryset.filter(figures_verified_at__isnull=self.value() == "no")


class BarrierOverdueFilter(YesNoFilter):
    """Barriers with a report still waiting beyond its kind's usual decision time."""

    title = _("overdue")
    parameter_name = "overdue"

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if self.value() not in {"yes", "no"}:
            return None
        today = timezone.localdate()
        # Kinds are a short reference list: one cut-off date per kind, worked out here.
        late = Q(pk__in=[])
        for code, days in BarrierKind.objects.values_list("code", "usual_decision_days"):
            late |= Q(barrier_kind_id=code, applied_on__lt=today - dt.timedelta(days=days))
        waiting = Report.objects.filter(
            late, barrier_id=OuterRef("pk"), decision_received_on__isnull=True
        )
        return queryset.filter(Exists(waiting) if self.value() == "yes" else ~Exists(waiting))


class AnswerOverdueFilter(admin.SimpleListFilter):
    """Barriers with an answer past its deadline, by the side that owes it.

    One EXISTS on the open deadlines (met_at empty, due_on before today): the index on
    (met_at, due_on) serves it.
    """

    title = _("answer overdue")
    parameter_name = "answer_overdue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        return (
            (Party.EAEU, _("EAEU side")),
            (Party.INDIA, _("India side")),
            ("none", _("None")),
        )

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        value = self.value()
        if value not in {Party.EAEU, Party.INDIA, "none"}:
            return None
        late = Deadline.objects.filter(
            barrier_id=OuterRef("pk"), met_at__isnull=True, due_on__lt=timezone.localdate()
        )
        if value == "none":
            return queryset.filter(~Exists(late))
        return queryset.filter(Exists(late.filter(party=value)))


class MeetingFilter(admin.SimpleListFilter):
    """Barriers on a meeting's agenda (for reports: reports whose barrier is on it)."""

    title = _("meeting")
    parameter_name = "meeting"
    barrier_path = "barrier_id"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        meetings = Meeting.objects.order_by("-date").values_list("pk", "code")[:MEETINGS_LISTED]
        return [(str(pk), code) for pk, code in meetings]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        value = self.value()
        if not value or not value.isdigit():
            return None
        on_agenda = AgendaItem.objects.filter(
            meeting_id=int(value),
            section=AgendaSection.AGENDA,
            barrier_id=OuterRef(self.barrier_path),
        )
        return queryset.filter(Exists(on_agenda))


class BarrierMeetingFilter(MeetingFilter):
    barrier_path = "pk"


class RegulatorFilter(admin.RelatedFieldListFilter):
    """Regulators by abbreviation: their full names are too long for the sidebar."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        from barriers.models import Regulator

        return [
            (code, abbreviation or code)
            for code, abbreviation in Regulator.objects.order_by("country_id", "code").values_list(
                "code", "abbreviation"
            )
        ]


class QueueStatusFilter(admin.SimpleListFilter):
    """Where a waiting report stands: new, being reviewed, or back with the exporter's answer."""

    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> Any:
        return (
            ("new", _("New (submitted)")),
            ("review", _("Under review")),
            ("answered", _("Information received back")),
        )

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        from barriers.models import ReportStatus

        if self.value() == "new":
            return queryset.filter(status=ReportStatus.SUBMITTED)
        if self.value() == "review":
            return queryset.filter(status=ReportStatus.UNDER_REVIEW, first_decision_at__isnull=True)
        if self.value() == "answered":
            return queryset.filter(
                status=ReportStatus.UNDER_REVIEW, first_decision_at__isnull=False
            )
        return None
