"""The builder: turns the demo cases into rows, as of the dates they happened.

Every status change goes through `barriers.services`, so the demo has the same history rows and
outbox e-mails as real use.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from decimal import Decimal

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from stdnum import luhn
from stdnum.in_ import gstin as stdnum_gstin

from barriers import services
from barriers.models import (
    ActionPointStatus,
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierKind,
    BarrierStatus,
    Company,
    Country,
    Document,
    Exchange,
    ExchangeKind,
    HSCode,
    LegalBasis,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Outcome,
    Party,
    Regulator,
    Report,
    ReportStatus,
    User,
)
from barriers.services import publishing
from barriers.services.base import history_stamp
from devtools.demo.cases import (
    ACTIONS,
    AGENDA,
    BARRIER_NOTES,
    BARRIER_RUSSIAN,
    BARRIERS,
    COMPANIES,
    EXCHANGES,
    FOCAL_POINTS,
    OFFICIALS,
    PARTICIPANTS,
    PUBLISHED,
    REPORTS,
    SHARES,
)
from devtools.demo.evidence import pdf
from devtools.demo.seeds import ExchangeSeed, ReportSeed, ShareSeed
from devtools.demo.timeline import (
    ANCHOR,
    CIRCULATE_DAYS,
    CUTOFF_DAYS,
    MOSCOW,
    NEXT_MEETING_DATE,
    PAST_CUTOFF,
    PAST_MEETING_DATE,
    at,
)

SEED = 2026
GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def gstin_for(state_code: str, pan: str) -> str:
    """A GSTIN with a valid check character: state, PAN, first registration, 'Z', check."""
    first14 = f"{state_code}{pan}1Z"
    value = first14 + luhn.calc_check_digit(first14, alphabet=GSTIN_ALPHABET)
    if not stdnum_gstin.is_valid(value):  # a typo in the seed data, not a runtime condition
        raise CommandError(f"Demo GSTIN {value} is not valid")
    return value


def filed_on(seed: ReportSeed) -> dt.date:
    """When the exporter filed the report: some weeks after applying, before its triage window."""
    latest = PAST_CUTOFF - dt.timedelta(days=12) if seed.applied_on <= PAST_CUTOFF else ANCHOR
    latest -= dt.timedelta(days=2 * len(seed.flow) + 1)
    known = max(seed.applied_on, seed.decided_on or seed.applied_on)  # dates it reports
    return max(known, min(seed.applied_on + dt.timedelta(days=35), latest))


# Accepted reports whose figures the triage officer verified: those filed with evidence and every
# second of the others (in seed order), so the demo agenda shows verified and declared figures.
_ACCEPTED = [seed.key for seed in REPORTS if "accept" in seed.flow]


def figures_note(part: dict[str, str]) -> str:
    from barriers.domain import routing

    return routing.figures_note(int(part["verified_reports"]), int(part["unverified_reports"]))


def figures_verified(seed: ReportSeed) -> bool:
    return bool(seed.evidence) or _ACCEPTED.index(seed.key) % 2 == 0


class DemoBuilder:
    """Builds the demo data set in the caller's transaction: `seed()` runs every step in order."""

    def __init__(self, *, password: str, say: Callable[[str], None], totp_secret: str = "") -> None:
        self.password = password
        self.say = say
        # With a secret, every demo official has an authenticator app set up with it (the API
        # fuzzer signs in as an official with the second factor, as production requires).
        self.totp_secret = totp_secret

    # -- seeding ------------------------------------------------------------------------------

    def seed(self) -> None:
        rng = random.Random(SEED)
        self.kinds = {k.pk: k for k in BarrierKind.objects.all()}
        self.regulators = {r.pk: r for r in Regulator.objects.all()}
        self.countries = {c.pk: c for c in Country.objects.all()}
        self.hs = {h.pk: h for h in HSCode.objects.all()}
        self.barriers: dict[str, Barrier] = {}
        self.reports: dict[str, Report] = {}

        self.say("Creating officials and role groups…")
        self.seed_officials()
        self.say("Creating companies and exporter accounts…")
        self.seed_companies()
        self.confirm_addresses()

        # Variation is drawn once, in a fixed order, so every run gives the same data.
        self.variation = {
            seed.key: (
                Decimal(round(seed.value * rng.uniform(0.85, 1.15), -2)).quantize(Decimal("1")),
                rng.random() < 0.65,
            )
            for seed in REPORTS
        }
        ordered = sorted(REPORTS, key=lambda s: (s.applied_on, s.key))
        self.say(f"Filing {len(ordered)} reports…")
        for seed in ordered:
            with at(filed_on(seed)):
                self.reports[seed.key] = self.file_report(seed)

        self.say("Triaging reports filed before the 2026-Q2 cut-off…")
        for seed in ordered:
            if seed.applied_on <= PAST_CUTOFF:
                self.triage(seed)
        self.say("Holding the 2026-Q2 meeting in Moscow…")
        with at(PAST_CUTOFF):
            self.hold_past_meeting()
        self.say("Triaging later reports…")
        for seed in ordered:
            if seed.applied_on > PAST_CUTOFF:
                self.triage(seed)
        with at(ANCHOR - dt.timedelta(days=4)):
            # Officials enter the Russian text of barriers built from reports.
            for russian in BARRIER_RUSSIAN:
                self.barriers[russian.barrier] = services.barrier_update(
                    barrier=self.barriers[russian.barrier],
                    actor=self.triage_officer,
                    title_ru=russian.title_ru,
                    summary_ru=russian.summary_ru,
                    ask_ru=russian.ask_ru,
                )
        with at(ANCHOR - dt.timedelta(days=3)):
            for note in BARRIER_NOTES:
                services.message_post(
                    actor=self.triage_officer,
                    barrier=self.barriers[note.barrier],
                    body=note.body,
                    internal=True,
                )
        self.say("Sharing barriers with Rosselkhoznadzor and the EEC, and their answers…")
        self.seed_counterparts()
        self.say("Planning the 2026-Q4 meeting in New Delhi…")
        with at(ANCHOR - dt.timedelta(days=1)):
            self.plan_next_meeting()
            self.draft_next_agenda()
        self.say(f"Publishing {len(PUBLISHED)} barriers on the public register…")
        with at(ANCHOR - dt.timedelta(hours=6)):
            for public in PUBLISHED:
                publishing.barrier_publish(
                    barrier=self.barriers[public.barrier],
                    actor=self.triage_officer,
                    public_title=public.public_title,
                    public_summary=public.public_summary,
                    show_companies=public.show_companies,
                )

    def seed_officials(self) -> None:
        self.officials: dict[str, User] = {}
        # The role groups come with the migrations; created here only if someone deleted one.
        names = {official.role for official in OFFICIALS if official.role}
        groups = {group.name: group for group in Group.objects.filter(name__in=names)}
        for missing in names - groups.keys():
            groups[missing] = Group.objects.create(name=missing)
        for official in OFFICIALS:
            # Through the service, so that the demo's audit log says how each got their access.
            user = services.user_create(
                actor=None,
                email=official.email,
                password=self.password,
                full_name=official.name,
                is_staff=True,
                is_superuser=not official.role,
                groups=[groups[official.role]] if official.role else (),
                channel="command",
            )
            if self.totp_secret:
                TOTP.activate(user, self.totp_secret)
            self.officials[official.email] = user
        self.triage_officer = self.officials["triage@demo.example"]
        self.secretary = self.officials["secretary@demo.example"]

    def confirm_addresses(self) -> None:
        """Demo users sign in at once: their e-mail addresses count as confirmed."""
        from allauth.account.models import EmailAddress

        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in [*self.officials.values(), *self.users.values()]
            ]
        )

    def seed_companies(self) -> None:
        self.companies: dict[str, Company] = {}
        self.users: dict[str, User] = {}
        for seed in COMPANIES:
            company = Company(
                name=seed.name,
                iec=seed.pan,
                gstin=gstin_for(seed.state_code, seed.pan),
                apeda_rcmc=seed.apeda_rcmc,
                mpeda_registration=seed.mpeda_registration,
                eic_approval=seed.eic_approval,
                sector=seed.sector,
                kind=seed.kind,
                city=seed.city,
                state=seed.state,
            )
            company.full_clean()
            company.save()
            self.companies[seed.slug] = company
            self.users[seed.slug] = services.user_create(
                actor=None,
                email=seed.email,
                password=self.password,
                full_name=seed.person,
                company=company,
                channel="command",
            )
            if seed.verified:
                services.company_verify(company=company, actor=self.triage_officer)
        council = self.companies["council"]
        council.members.set([c for slug, c in self.companies.items() if slug != "council"])

    def file_report(self, seed: ReportSeed) -> Report:
        value, consent = self.variation[seed.key]
        company = self.companies[seed.company]
        report = services.report_create(
            actor=self.users["council" if seed.via_council else seed.company],
            company=company,
            filing_association=self.companies["council"] if seed.via_council else None,
            title=seed.title,
            description=seed.description,
            barrier_kind=self.kinds[seed.kind],
            destination_country=self.countries[seed.country],
            regulator=self.regulators[seed.regulator] if seed.regulator else None,
            hs_codes=[self.hs[code] for code in seed.hs],
            applied_on=seed.applied_on,
            decision_received_on=seed.decided_on,
            application_number=seed.application_number,
            consignments_affected=seed.consignments,
            trade_value_usd=value,
            consent_to_share=consent,
            consent_to_publish=seed.consent_to_publish,
        )
        if seed.evidence:
            lines = [
                seed.evidence,
                f"{company.name} (IEC {company.iec})",
                f"Report {report.reference}: {seed.title}",
                f"Date: {seed.applied_on.isoformat()}",
                "Demo document generated by seed_demo.",
            ]
            upload = io.BytesIO(pdf(lines))
            services.document_attach(
                report=report,
                actor=report.filed_by,
                upload=upload,
                name=f"{seed.evidence}.pdf",
            )
        return report

    def triage(self, seed: ReportSeed) -> None:
        report = self.reports[seed.key]
        official = self.triage_officer
        filer = report.filed_by
        for number, step in enumerate(seed.flow, start=1):
            with at(filed_on(seed) + dt.timedelta(days=2 * number)):
                report = self._triage_step(seed, report, step, official, filer)
        self.reports[seed.key] = report

    def _triage_step(
        self, seed: ReportSeed, report: Report, step: str, official: User, filer: User
    ) -> Report:
        """One step of a seed's flow, through the service layer; the report as it now stands."""
        if step == "review":
            return services.report_start_review(report=report, actor=official)
        if step == "ask":
            return services.report_request_info(
                report=report, actor=official, question=seed.question
            )
        if step == "answer":
            services.message_post(actor=filer, report=report, body=seed.answer)
            report.refresh_from_db()
            return report
        if step == "accept":
            report = services.report_accept(
                report=report, actor=official, barrier=self.barrier_for(seed)
            )
            self.barriers.setdefault(seed.barrier, report.barrier)
            if figures_verified(seed):
                report = services.report_verify_figures(
                    report=report,
                    actor=official,
                    trade_value_usd=report.trade_value_usd,
                    consignments_affected=report.consignments_affected,
                    note="Checked against the invoices and shipping bills.",
                )
            return report
        if step == "reject":
            return services.report_reject(
                report=report, actor=official, reason=seed.reason, note=seed.note
            )
        if step == "withdraw":
            return services.report_withdraw(report=report, actor=filer, reason=seed.note)
        raise CommandError(f"Unknown step {step!r} in report {seed.key}")  # a typo in the seeds

    def barrier_for(self, seed: ReportSeed) -> Barrier | None:
        """The barrier the report joins; None lets report_accept build one from the report."""
        if seed.barrier in self.barriers:
            return self.barriers[seed.barrier]
        officials_seed = next((b for b in BARRIERS if b.key == seed.barrier), None)
        if officials_seed is None:
            return None
        barrier = services.barrier_create(
            actor=self.triage_officer,
            title=officials_seed.title,
            title_ru=officials_seed.title_ru,
            summary=officials_seed.summary,
            summary_ru=officials_seed.summary_ru,
            ask=officials_seed.ask,
            ask_ru=officials_seed.ask_ru,
            barrier_kind=self.kinds[officials_seed.kind],
            sector=officials_seed.sector,
            regulator=self.regulators[officials_seed.regulator],
            destination_country=self.countries[officials_seed.country],
            hs_codes=[self.hs[code] for code in officials_seed.hs],
            pending_on=officials_seed.pending_on,
            manual_priority=officials_seed.manual_priority,
            owner=self.triage_officer,
        )
        self.barriers[seed.barrier] = barrier
        return barrier

    # -- the EAEU side ------------------------------------------------------------------------

    def seed_counterparts(self) -> None:
        """Focal points invited as an official invites them (then given the demo password and,
        with DEMO_TOTP_SECRET, its authenticator), barriers shared, and the exchange since."""
        from allauth.account.models import EmailAddress

        self.focal_points: dict[str, User] = {}
        for seed in FOCAL_POINTS:
            with at(seed.invited_on):
                person = services.focal_point_invite(
                    actor=self.triage_officer,
                    regulator=self.regulators[seed.regulator],
                    email=seed.email,
                    full_name=seed.name,
                    channel="command",
                )
                services.user_set_password(
                    user=person, actor=None, password=self.password, channel="command"
                )
                # Demo users sign in at once: the invited address counts as confirmed.
                EmailAddress.objects.filter(user=person).update(verified=True)
                if self.totp_secret:
                    TOTP.activate(person, self.totp_secret)
            self.focal_points[seed.email] = person
        for share in SHARES:
            with at(share.shared_on):
                self.share(share)
        for exchange in EXCHANGES:
            # The counterpart writes from Moscow, India from New Delhi.
            when = dt.datetime.combine(exchange.on, dt.time(11), tzinfo=MOSCOW)
            with at(when if exchange.by else exchange.on):
                self.exchange(exchange)

    def share(self, seed: ShareSeed) -> None:
        official = self.triage_officer
        barrier = self.barriers[seed.barrier]
        if seed.regulator:
            barrier = services.barrier_update(
                barrier=barrier, actor=official, regulator=self.regulators[seed.regulator]
            )
        # The Russian texts the barrier lacks are the ones the official wrote for the counterpart.
        missing = {
            field: getattr(seed, field)
            for field in ("title_ru", "summary_ru", "ask_ru")
            if getattr(seed, field) and not getattr(barrier, field)
        }
        ask_ru = missing.pop("ask_ru", "")
        if ask_ru and "ask_ru" in services.BARRIER_FIELDS:
            missing["ask_ru"] = ask_ru
            ask_ru = ""
        if missing:
            barrier = services.barrier_update(barrier=barrier, actor=official, **missing)
        if ask_ru:
            # Until barrier_update takes the Russian ask: saved as it would, with its history row.
            barrier.ask_ru = ask_ru
            history_stamp(barrier, actor=official, reason="Russian ask for the counterpart")
            barrier.save(update_fields=["ask_ru"])
        services.barrier_share(
            actor=official,
            barrier=barrier,
            title_ru=seed.title_ru or barrier.title_ru,
            title_en=seed.title_en or barrier.title,
            summary_ru=seed.summary_ru or barrier.summary_ru,
            summary_en=seed.summary_en or barrier.summary,
            ask_ru=seed.ask_ru,
            ask_en=seed.ask_en or barrier.ask,
            # The evidence of its accepted reports: the letters the counterpart needs to see.
            documents=Document.objects.filter(
                report__barrier=barrier, report__status=ReportStatus.ACCEPTED
            ).order_by("pk"),
            channel="command",
        )
        barrier.refresh_from_db()
        self.barriers[seed.barrier] = barrier

    def exchange(self, seed: ExchangeSeed) -> None:
        barrier = self.barriers[seed.barrier]
        in_reply_to = None
        if seed.kind == ExchangeKind.REPLY:
            in_reply_to = (
                Exchange.objects.filter(barrier=barrier, party=Party.EAEU)
                .order_by("-created_at", "-pk")
                .first()
            )
        files = []
        if seed.letter:
            lines = [
                seed.letter,
                f"{barrier.reference}: {barrier.title}",
                f"Date: {seed.on.isoformat()}",
                "Demo document generated by seed_demo.",
            ]
            files.append(
                SimpleUploadedFile(f"{seed.letter}.pdf", pdf(lines), content_type="application/pdf")
            )
        services.exchange_post(
            actor=self.focal_points[seed.by] if seed.by else self.triage_officer,
            barrier=barrier,
            kind=seed.kind,
            body_ru=seed.body_ru,
            body_en=seed.body_en,
            target_date=seed.target_date,
            legal_basis=LegalBasis.objects.get(pk=seed.legal_basis) if seed.legal_basis else None,
            in_reply_to=in_reply_to,
            files=files,
        )
        barrier.refresh_from_db()

    # -- meetings -----------------------------------------------------------------------------

    def _participants(self, meeting: Meeting) -> None:
        meeting.eaeu_participants.set([self.regulators[code] for code in PARTICIPANTS.eaeu])

    def _score(self, barrier: Barrier, on: dt.date) -> tuple[Decimal, dict[str, dict[str, str]]]:
        """The routing rules' own score and breakdown, as of the cut-off date `on`."""
        from barriers.domain import routing
        from barriers.selectors import declared_caps

        reports = list(barrier.reports.filter(status=ReportStatus.ACCEPTED))
        pending = [r.applied_on for r in reports if r.decision_received_on is None]
        usual = barrier.barrier_kind.usual_decision_days
        cap, _ = declared_caps()
        verified = [r for r in reports if r.figures_verified_at is not None]
        declared = [r for r in reports if r.figures_verified_at is None]
        candidate = routing.Candidate(
            barrier_id=barrier.pk,
            reference=barrier.reference,
            created_at=barrier.created_at,
            track=barrier.regulator.remit if barrier.regulator else barrier.barrier_kind.remit,
            trade_value_usd=sum(
                (r.verified_trade_value_usd or Decimal(0) for r in verified), Decimal(0)
            )
            + sum((min(r.trade_value_usd, cap) for r in declared), Decimal(0)),
            trade_value_verified_usd=sum(
                (r.verified_trade_value_usd or Decimal(0) for r in verified), Decimal(0)
            ),
            trade_value_declared_usd=sum((r.trade_value_usd for r in declared), Decimal(0)),
            verified_reports=len(verified),
            unverified_reports=len(declared),
            declared_cap_usd=cap,
            companies=len({r.company_id for r in reports}),
            days_overdue=max((on - min(pending)).days - usual, 0) if pending else 0,
            perishable=barrier.hs_codes.filter(perishable=True).exists(),
            manual_priority=barrier.manual_priority,
        )
        return routing.score(candidate, routing.Weights())

    def hold_past_meeting(self) -> None:
        secretary = self.secretary
        meeting = Meeting.objects.create(
            code="2026-Q2",
            date=PAST_MEETING_DATE,
            venue="Moscow",
            format=MeetingFormat.HYBRID,
            india_participants=PARTICIPANTS.india,
            cutoff_on=PAST_CUTOFF,
            circulate_on=PAST_MEETING_DATE - dt.timedelta(days=CIRCULATE_DAYS),
            capacity=len([a for a in AGENDA if a.outcome]),  # a one-day hybrid session
            notes="Kazakhstan, Kyrgyzstan, Armenia and Belarus joined by video conference.",
        )
        self._participants(meeting)
        meeting = services.meeting_transition(
            meeting=meeting,
            to=MeetingStatus.AGENDA_DRAFT,
            actor=secretary,
            note="Agenda drafted at the cut-off.",
        )

        items: dict[str, AgendaItem] = {}
        scored = []
        for seed in AGENDA:
            barrier = self.barriers[seed.barrier]
            score, breakdown = self._score(barrier, PAST_CUTOFF)
            scored.append((seed, barrier, score, breakdown))
        # Agenda first, then the reserve list; within each, tracks in order, highest score first.
        scored.sort(key=lambda x: (x[0].outcome == "", x[0].track, -x[2]))
        for position, (seed, barrier, score, breakdown) in enumerate(scored, start=1):
            on_agenda = bool(seed.outcome)
            items[seed.barrier] = AgendaItem.objects.create(
                meeting=meeting,
                barrier=barrier,
                section=AgendaSection.AGENDA if on_agenda else AgendaSection.RESERVE,
                track=seed.track,
                position=position,
                score=score,
                score_breakdown=breakdown,
                reason=seed.manual_reason
                or (
                    f"Score {score}: USD {Decimal(breakdown['trade_value']['value']):,.0f} at "
                    f"stake{figures_note(breakdown['trade_value'])}, "
                    f"{breakdown['companies']['value']} company(ies), "
                    f"{breakdown['days_overdue']['value']} days overdue."
                ),
                manually_changed=bool(seed.manual_reason),
                escalate=seed.escalate,
                ask=barrier.ask,
            )

        with at(PAST_MEETING_DATE - dt.timedelta(days=CIRCULATE_DAYS)):
            meeting = services.meeting_transition(
                meeting=meeting,
                to=MeetingStatus.AGENDA_FROZEN,
                actor=secretary,
                note="Agenda agreed with the EEC secretariat and frozen.",
            )
            for seed in AGENDA:
                if seed.outcome:
                    services.barrier_transition(
                        barrier=self.barriers[seed.barrier],
                        to=BarrierStatus.SCHEDULED,
                        actor=secretary,
                        note="On the frozen agenda of the 2026-Q2 meeting.",
                    )
        with at(PAST_MEETING_DATE, hour=18):
            meeting = services.meeting_transition(
                meeting=meeting,
                to=MeetingStatus.HELD,
                actor=secretary,
                note="Held in Moscow on 2026-06-17.",
            )
        self._record_past_outcomes(meeting, items)

    def _record_past_outcomes(self, meeting: Meeting, items: dict[str, AgendaItem]) -> None:
        secretary = self.secretary

        recorded_at = dt.datetime(2026, 6, 18, 17, 0, tzinfo=MOSCOW)
        with at(recorded_at):
            self._record_items(meeting, items, recorded_at)
        with at(PAST_MEETING_DATE + dt.timedelta(days=8)):
            services.meeting_transition(
                meeting=meeting,
                to=MeetingStatus.CLOSED,
                actor=secretary,
                note="Minutes agreed by both sides; outcomes sent to exporters.",
            )

    def _record_items(
        self, meeting: Meeting, items: dict[str, AgendaItem], recorded_at: dt.datetime
    ) -> None:
        secretary = self.secretary
        for seed in AGENDA:
            if not seed.outcome:
                continue
            item = items[seed.barrier]
            item.outcome = seed.outcome
            item.statement_india = seed.statement_india
            item.statement_eaeu = seed.statement_eaeu
            item.counterpart_commitment = seed.commitment
            item.outcome_recorded_at = recorded_at
            item.outcome_recorded_by = secretary
            item.save()
            for status in seed.path:
                note = (
                    "Raised at the 2026-Q2 meeting."
                    if status == BarrierStatus.RAISED
                    else f"2026-Q2 outcome: {Outcome(seed.outcome).label.lower()}. "
                    f"{seed.commitment}".strip()
                )
                self.barriers[seed.barrier] = services.barrier_transition(
                    barrier=self.barriers[seed.barrier], to=status, actor=secretary, note=note
                )

        for seed in ACTIONS:
            point = services.action_point_create(
                meeting=meeting,
                barrier=self.barriers[seed.barrier],
                description=seed.description,
                party=seed.party,
                owner_agency=seed.owner_agency,
                regulator=self.regulators[seed.regulator] if seed.regulator else None,
                owner=secretary if seed.party == Party.INDIA else None,
                due_on=seed.due_on,
                actor=secretary,
            )
            if seed.completed_on:
                # Marked done on the day it was done, so its status history says when.
                with at(seed.completed_on):
                    services.action_point_transition(
                        action_point=point,
                        to=ActionPointStatus.DONE,
                        actor=secretary,
                        completed_on=seed.completed_on,
                        evidence=seed.evidence,
                    )

    def plan_next_meeting(self) -> None:
        meeting = Meeting.objects.create(
            code="2026-Q4",
            date=NEXT_MEETING_DATE,
            venue="New Delhi (Vanijya Bhawan)",
            format=MeetingFormat.HYBRID,
            india_participants=PARTICIPANTS.india,
            cutoff_on=NEXT_MEETING_DATE - dt.timedelta(days=CUTOFF_DAYS),
            circulate_on=NEXT_MEETING_DATE - dt.timedelta(days=CIRCULATE_DAYS),
            capacity=20,
            notes="Items deferred at 2026-Q2 (grapes to Kazakhstan, pomegranates) carry over.",
        )
        self._participants(meeting)

    def draft_next_agenda(self) -> None:
        """The secretary drafts the 2026-Q4 agenda from the routing rules: the barriers shared
        with the EAEU side are on it, with the counterpart's latest answers."""
        meeting = Meeting.objects.get(code="2026-Q4")
        services.agenda_draft(meeting=meeting, actor=self.secretary)
