"""A barrier's lifecycle by hand: the Resolve, Partially resolve, Close unresolved, Reopen and
Keep resolved steps on the barrier's page, each a confirmation page saying what will happen and
who is told, then one call to services.lifecycle."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from barriers import selectors, services
from barriers.admin import forms as step_forms
from barriers.admin.actions import Step
from barriers.domain.transitions import BARRIER_OFFICIAL_MOVES
from barriers.models import Barrier, BarrierStatus
from barriers.services import publishing

B = BarrierStatus

# What follows each move, said on the confirmation page.
AFTERWARDS: dict[str, str] = {
    B.RESOLVED: (
        "The companies are asked whether their shipments clear again; a company that says no "
        "flags the barrier for your review."
    ),
    B.PARTIALLY_RESOLVED: (
        "The barrier stays active for the rest of the problem and can go on the next agenda."
    ),
    B.CLOSED_UNRESOLVED: (
        "Nothing more is pursued: open deadlines are cancelled and no report can join it until "
        "it is reopened."
    ),
    B.OPEN: (
        "The barrier is pursued again and can go on the next agenda; a review flag is cleared."
    ),
}


def _preview(to: str | None) -> Any:
    def preview(barrier: Barrier) -> dict[str, Any]:
        audience = selectors.barrier_lifecycle_audience(barrier=barrier)
        tally = selectors.barrier_fix_tally(barrier=barrier)
        context: dict[str, Any] = {
            "companies": audience.companies,
            "regulator": audience.regulator,
            "focal_points": audience.focal_points,
            "tally": tally if barrier.status == B.RESOLVED else None,
            "flagged_at": barrier.review_flagged_at,
        }
        if to is None:  # keep resolved: no move, nobody e-mailed
            context["what"] = _(
                "%(reference)s stays resolved and its review flag is cleared; your reason is "
                "kept as an internal note."
            ) % {"reference": barrier.reference}
            context["silent"] = True
            return context
        context["what"] = _("%(reference)s moves from %(from)s to %(to)s.") % {
            "reference": barrier.reference,
            "from": barrier.get_status_display().lower(),
            "to": B(to).label.lower(),
        }
        context["afterwards"] = AFTERWARDS[to]
        return context

    return preview


def _done(text: str) -> Any:
    return lambda barrier: text % {"reference": barrier.reference, "title": barrier.title}


BARRIER_LIFECYCLE_STEPS: tuple[Step, ...] = (
    Step(
        name="resolve",
        label=_("Resolve"),
        run=lambda barrier, actor, data: services.barrier_mark_resolved(
            barrier=barrier, actor=actor, note=data.get("note", "")
        ),
        done=("%d barrier resolved.", "%d barriers resolved."),
        done_message=_done("%(reference)s “%(title)s” is now resolved; its companies are told."),
        form=step_forms.LifecycleNoteForm,
        statuses=BARRIER_OFFICIAL_MOVES[B.RESOLVED],
        preview=_preview(B.RESOLVED),
        bulk=False,
        errors_on_form=True,
    ),
    Step(
        name="partially_resolve",
        label=_("Partially resolve"),
        run=lambda barrier, actor, data: services.barrier_mark_partially_resolved(
            barrier=barrier, actor=actor, note=data.get("note", "")
        ),
        done=("%d barrier partially resolved.", "%d barriers partially resolved."),
        done_message=_done(
            "%(reference)s “%(title)s” is now partially resolved; its companies are told."
        ),
        form=step_forms.LifecycleNoteForm,
        statuses=BARRIER_OFFICIAL_MOVES[B.PARTIALLY_RESOLVED],
        preview=_preview(B.PARTIALLY_RESOLVED),
        bulk=False,
        errors_on_form=True,
    ),
    Step(
        name="close_unresolved",
        label=_("Close unresolved"),
        run=lambda barrier, actor, data: services.barrier_close_unresolved(
            barrier=barrier, actor=actor, reason=data["reason"], note=data.get("note", "")
        ),
        done=("%d barrier closed unresolved.", "%d barriers closed unresolved."),
        done_message=_done(
            "%(reference)s “%(title)s” is closed unresolved; its companies are told."
        ),
        form=step_forms.CloseUnresolvedForm,
        statuses=BARRIER_OFFICIAL_MOVES[B.CLOSED_UNRESOLVED],
        preview=_preview(B.CLOSED_UNRESOLVED),
        bulk=False,
        errors_on_form=True,
    ),
    Step(
        name="reopen",
        label=_("Reopen"),
        run=lambda barrier, actor, data: services.barrier_reopen_by_official(
            barrier=barrier, actor=actor, reason=data["reason"]
        ),
        done=("%d barrier reopened.", "%d barriers reopened."),
        done_message=_done("%(reference)s “%(title)s” is open again; its companies are told."),
        form=step_forms.ReopenForm,
        statuses=BARRIER_OFFICIAL_MOVES[B.OPEN],
        preview=_preview(B.OPEN),
        bulk=False,
        errors_on_form=True,
    ),
    Step(
        name="keep_resolved",
        label=_("Keep resolved"),
        run=lambda barrier, actor, data: services.barrier_keep_resolved(
            barrier=barrier, actor=actor, note=data["note"]
        ),
        done=("%d barrier kept resolved.", "%d barriers kept resolved."),
        done_message=_done("%(reference)s “%(title)s” stays resolved; the review flag is cleared."),
        form=step_forms.KeepResolvedForm,
        statuses=frozenset({B.RESOLVED}),
        when=lambda barrier: barrier.review_flagged_at is not None,
        preview=_preview(None),
        bulk=False,
        errors_on_form=True,
    ),
)


def _publish_initial(barrier: Barrier) -> dict[str, Any]:
    return {
        "public_title": barrier.public_title,
        "public_summary": barrier.public_summary,
        "show_companies": barrier.public_show_companies,
    }


def _publish_run(barrier: Barrier, actor: Any, data: dict[str, Any]) -> Barrier:
    return publishing.barrier_publish(
        barrier=barrier,
        actor=actor,
        public_title=data.get("public_title", ""),
        public_summary=data.get("public_summary", ""),
        show_companies=bool(data.get("show_companies")),
    )


PUBLISH_INTRO = _(
    "Anyone can read the public register: it shows these texts, the products, the country, the "
    "regulator, the status, the meetings the barrier was on with their outcome and the number "
    "of companies affected; never the internal texts, notes, figures or the counterpart's texts."
)

BARRIER_PUBLISHING_STEPS: tuple[Step, ...] = (
    Step(
        name="publish",
        label=_("Publish"),
        run=_publish_run,
        done=("%d barrier published.", "%d barriers published."),
        done_message=_done("%(reference)s is on the public register."),
        form=step_forms.PublishForm,
        initial=_publish_initial,
        when=lambda barrier: barrier.published_at is None,
        intro=PUBLISH_INTRO,
        permission=publishing.PUBLISH_PERMISSION,
        bulk=False,
        errors_on_form=True,
    ),
    Step(
        name="edit_public_text",
        label=_("Edit the public text"),
        run=_publish_run,
        done=("%d public text changed.", "%d public texts changed."),
        done_message=_done("The public text of %(reference)s is changed."),
        form=step_forms.PublishForm,
        initial=_publish_initial,
        when=lambda barrier: barrier.published_at is not None,
        intro=PUBLISH_INTRO,
        permission=publishing.PUBLISH_PERMISSION,
        bulk=False,
        errors_on_form=True,
    ),
    Step(
        name="unpublish",
        label=_("Take off the public register"),
        run=lambda barrier, actor, data: publishing.barrier_unpublish(
            barrier=barrier, actor=actor, note=data.get("note", "")
        ),
        done=("%d barrier taken off the register.", "%d barriers taken off the register."),
        done_message=_done("%(reference)s is no longer on the public register."),
        form=step_forms.UnpublishForm,
        when=lambda barrier: barrier.published_at is not None,
        intro=_("The barrier's public page, and its rows in the downloads, go at once."),
        permission=publishing.PUBLISH_PERMISSION,
        bulk=False,
        errors_on_form=True,
    ),
)
