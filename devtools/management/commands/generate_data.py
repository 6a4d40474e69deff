"""`manage.py generate_data --reports 100000`: a large, realistic data set for benchmarks.

Companies, exporters and officials; reports across every barrier kind, country and status, with
titles drawn from templates over the reference HS codes and regulators (barriers in English and
Russian, the words in their cases: devtools.generated_text); barriers gathering
several accepted reports each; a status history row for every move; years of quarterly meetings
with agenda items, outcomes and action points; and the next meeting, planned, ready to draft.

It bypasses `barriers.services` on purpose: filing 100,000 reports one service call at a time
would take most of an hour. Rows go in, in one transaction, through devtools.bulk_rows: COPY on
PostgreSQL, bulk_create in batches elsewhere; the reports are made and written a batch at a time
(--copy-batch), so that a million of them never sit in memory at once. On PostgreSQL, when the run
adds many reports (--indexes auto: 50,000 or more, and at least as many as there were), the
indexes of the tables it fills are dropped at the start and created again from their own
definitions at the end, in the same transaction (bulk_rows.indexes_rebuilt), and the tables are
analysed after the commit.

The rows keep the invariants the services keep: accepted reports have a barrier, a decision is
never dated before the application, references follow REP-YYYY-NNNNNN and BAR-YYYY-NNNN and the
services' counters (services.reference_advance) are advanced past them, every report and barrier
has its StatusChange rows and its search text built by `barriers.domain.search_text`. Every
barrier's decision due day and figures (reports, companies, trade value) are worked out while its
reports are made, and its times raised while the agendas are, as
`services.barrier_decision_due_refresh` and `services.barrier_figures_refresh` compute them; the
barrier is written with them after its reports and agenda items (the keys are reserved first,
the foreign keys checked at commit). It does not write simple-history rows, outbox e-mails or evidence files. Running it again adds to the data
already there.

Time on this machine kind (2 cores, PostgreSQL): see README.md, "Benchmarks".
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from tqdm import tqdm

from barriers import services
from barriers.accounts import roles
from barriers.domain import search_text
from barriers.domain.transitions import MEETING_TOOK_PLACE
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierKind,
    BarrierStatus,
    Company,
    CompanyKind,
    Country,
    HSCode,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Outcome,
    Party,
    PendingOn,
    Regulator,
    RejectionReason,
    Report,
    ReportStatus,
    Sector,
    StatusChange,
    User,
)
from devtools import bulk_rows, generated_text
from devtools.management.commands.seed_demo import gstin_for

PASSWORD = "generated-pass-2026"
EMAIL_DOMAIN = "generated.example"

STATES = (
    ("27", "Maharashtra", "Mumbai"),
    ("33", "Tamil Nadu", "Chennai"),
    ("32", "Kerala", "Kochi"),
    ("24", "Gujarat", "Ahmedabad"),
    ("37", "Andhra Pradesh", "Visakhapatnam"),
    ("09", "Uttar Pradesh", "Lucknow"),
    ("29", "Karnataka", "Bengaluru"),
    ("19", "West Bengal", "Kolkata"),
    ("06", "Haryana", "Karnal"),
    ("03", "Punjab", "Amritsar"),
)
NAME_FIRST = (
    "Sagar", "Coastal", "Malabar", "Deccan", "Ganga", "Konkan", "Indus", "Kaveri", "Narmada",
    "Himalayan", "Golden", "Blue Ocean", "Sunrise", "Royal", "Green Valley", "Spice Route",
)  # fmt: skip
NAME_SECOND = (
    "Agro", "Marine", "Seafoods", "Foods", "Exports", "Overseas", "Agritech", "Impex", "Fisheries",
    "Rice Mills", "Frozen Foods", "Spices", "Organics", "Traders",
)  # fmt: skip
NAME_SUFFIX = ("Pvt Ltd", "Ltd", "LLP", "Exports Pvt Ltd", "& Co")
PEOPLE = (
    "Anita", "Rahul", "Priya", "Vikram", "Deepa", "Arjun", "Kavya", "Suresh", "Meera", "Rohan",
    "Lakshmi", "Imran", "Neha", "Manoj", "Farah", "Gopal",
)  # fmt: skip
SURNAMES = (
    "Nair", "Sharma", "Iyer", "Patel", "Reddy", "Menon", "Khan", "Gupta", "Das", "Pillai",
    "Singh", "Rao", "Joshi", "Verma",
)  # fmt: skip

REPORT_TITLES = (
    "{kind} for {goods} pending with {regulator}",
    "Our {item} consignments held: {kind_lower} not issued",
    "Certification of {item} exports to {country} delayed by {regulator}",
    "{regulator} inspectors rejected our {item} certificates",
    "{regulator} has not decided our {kind} application for {goods}",
    "Delay in {kind}: {goods} to {country}",
    "{goods}: {kind} held up by {regulator} for months",
    "Consignments of {goods} stuck awaiting {kind}",
    "{regulator} keeps asking for new documents on {goods}",
)
REPORT_DESCRIPTIONS = (
    "We applied to {regulator} for the {kind} on {applied} (application {number}) for {goods}. "
    "{consignments} consignments worth USD {value} are waiting in {country}.",
    "Our {goods} shipments to {country} need the {kind}. {regulator} acknowledged the "
    "application {number} but has given no decision; buyers are cancelling orders.",
    "Since {applied} {regulator} has asked twice for further laboratory results on {goods}. "
    "The {kind} is still not issued and {consignments} consignments are held.",
    "Each {item} shipment to {country} needs the {kind_lower}. {regulator} certified none of our "
    "last {consignments} consignments, and inspectors who visited the plant have not reported.",
    "{regulator} asks for retesting of every {item} lot although the laboratories' certificates "
    "were sent with application {number} on {applied}; the certificate requirements changed twice.",
    "We applied to {regulator} for the {kind_lower} on {applied} (application {number}). Our buyer "
    "in {country} forwarded the only reply: «Заявка на {asked} для {goods_gen} принята {reg_ins} к "
    "рассмотрению». {consignments} consignments are waiting.",
)
BARRIER_TITLES = (
    "{regulator}: {kind} for {goods} delayed",
    "{kind} for Indian {goods} not granted in {country}",
    "Backlog of {kind} applications for {goods} at {regulator}",
)
# Written as an official of the ministry would title a barrier, the words in their cases.
BARRIER_TITLES_RU = (
    "{reg_nom}: задержка {delay} для {goods_gen} из Индии",
    "Задержка {delay} для {goods_gen} индийского производства {in_country}",
    "{reg_nom} не принимает решения по заявкам на {asked} для {goods_gen} из Индии",
    "Заявки индийских экспортёров {goods_gen} на {asked} не рассматриваются {reg_ins}",
)
BARRIER_SUMMARY_RU = (
    "Индийские экспортёры {goods_gen} (код ТН ВЭД {code}) сообщают, что {reg_nom} рассматривает "
    "заявки на {asked} значительно дольше обычного срока ({days} дн.). Партии ожидают решения "
    "{in_country}, покупатели отказываются от контрактов."
)
# (English, Russian): the same ask in both languages.
ASKS = (
    (
        "Decide the pending applications within the usual time and publish the list of documents.",
        "Рассмотреть поданные заявки в установленный срок и опубликовать перечень необходимых "
        "документов.",
    ),
    (
        "Accept the Indian laboratory reports and lift the enhanced control.",
        "Признавать протоколы испытаний индийских лабораторий и снять усиленный лабораторный "
        "контроль.",
    ),
    (
        "List the Indian establishments already inspected without a further visit.",
        "Включить в реестр уже проинспектированные индийские предприятия без повторной инспекции.",
    ),
)
STATEMENTS_INDIA = (
    "India asked for a decision on the pending applications before the next meeting.",
    "India offered a video inspection and shared the laboratory reports again.",
)
STATEMENTS_EAEU = (
    "The EAEU side will review the files and reply in writing.",
    "The regulator named the missing documents and agreed a date for a decision.",
)
ACTIONS = (
    "Share the list of establishments to be inspected",
    "Reply in writing on the pending applications",
    "Send the laboratory reports of the last six consignments",
    "Agree the date of a video inspection",
)

REPORT_STATUS_WEIGHTS = {
    ReportStatus.ACCEPTED: 55,
    ReportStatus.SUBMITTED: 12,
    ReportStatus.UNDER_REVIEW: 10,
    ReportStatus.INFO_REQUESTED: 5,
    ReportStatus.REJECTED: 13,
    ReportStatus.WITHDRAWN: 5,
}
BARRIER_STATUS_WEIGHTS = {
    BarrierStatus.OPEN: 46,
    BarrierStatus.SCHEDULED: 8,
    BarrierStatus.RAISED: 14,
    BarrierStatus.ACTION_AGREED: 8,
    BarrierStatus.PARTIALLY_RESOLVED: 4,
    BarrierStatus.RESOLVED: 16,
    BarrierStatus.CLOSED_UNRESOLVED: 4,
}
RESOLVED = {BarrierStatus.RESOLVED, BarrierStatus.CLOSED_UNRESOLVED}


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def short_goods(description: str) -> str:
    """`Frozen shrimps and prawns, warm-water (…)` → `frozen shrimps and prawns`."""
    return description.split(",")[0].split("(")[0].split(";")[0].strip().lower()


@dataclass
class Reference:
    kinds: list[BarrierKind]
    countries: list[Country]
    regulators: list[Regulator]
    hs_by_sector: dict[str, list[HSCode]]
    # Agri and marine subheadings outside the curated list (1 subject in 20).
    uncurated: list[HSCode]

    def regulators_for(self, country: Country) -> list[Regulator]:
        return [r for r in self.regulators if r.country_id in (None, country.code)]


@dataclass
class BarrierFigures:
    """A barrier's figures over its reports, as services.barrier_figures_refresh and
    services.barrier_decision_due_refresh work them out, gathered while the reports are made."""

    report_count: int = 0
    companies: set[int] = field(default_factory=set)
    trade_value: Decimal = Decimal("0")
    decision_due_on: dt.date | None = None
    times_raised: int = 0

    def add(self, report: Report) -> None:
        self.report_count += 1
        self.companies.add(report.company_id)
        self.trade_value += report.trade_value_usd or 0
        if report.decision_received_on is None:
            # The earliest applied_on + usual decision days over the reports still waiting.
            due = report.applied_on + dt.timedelta(days=report.barrier_kind.usual_decision_days)
            if self.decision_due_on is None or due < self.decision_due_on:
                self.decision_due_on = due

    def apply(self, barrier: Barrier) -> None:
        barrier.report_count = self.report_count
        barrier.companies_affected = len(self.companies)
        barrier.total_trade_value_usd = self.trade_value
        barrier.decision_due_on = self.decision_due_on
        barrier.times_raised = self.times_raised


class Numbers:
    """Hands out references per prefix and year after the last number the services handed out
    (services.reference_last), and makes the services go on after them."""

    def __init__(self, prefix: str, width: int) -> None:
        self.prefix, self.width = prefix, width
        self.last: dict[int, int] = {}
        self.touched: set[int] = set()

    def next(self, year: int) -> str:
        if year not in self.last:
            self.last[year] = services.reference_last(prefix=self.prefix, year=year)
        value = self.last[year] + 1
        self.last[year] = value
        self.touched.add(year)
        return f"{self.prefix}-{year}-{value:0{self.width}d}"

    def save(self) -> None:
        """Advance the counters so that the services' next reference never collides."""
        for year in sorted(self.touched):
            services.reference_advance(prefix=self.prefix, year=year, last=self.last[year])


class Command(BaseCommand):
    help = (
        "Add a large realistic data set with bulk inserts (development and benchmarks only): "
        "companies, reports, barriers, history, years of meetings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reports", type=int, default=1000, help="reports to add (1000)")
        parser.add_argument("--barriers", type=int, help="barriers to add (default reports/5)")
        parser.add_argument("--companies", type=int, help="companies to add (default reports/200)")
        parser.add_argument("--years", type=int, default=4, help="years of history (4)")
        parser.add_argument("--seed", type=int, default=8, help="random seed (8)")
        parser.add_argument("--batch-size", type=int, default=2000, help="rows per bulk_create")
        parser.add_argument(
            "--copy-batch",
            type=int,
            default=50_000,
            help="reports made and written at a time (50,000)",
        )
        parser.add_argument(
            "--indexes",
            choices=("auto", "keep", "rebuild"),
            default="auto",
            help="PostgreSQL: drop the filled tables' indexes and build them again at the end "
            "(auto: when adding 50,000 reports or more, and at least as many as there were)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "generate_data fills the database with made-up data; it runs with DEBUG on only "
                "(pass --force to run it anyway, never against production)."
            )
        reports = options["reports"]
        if reports < 1:
            raise CommandError("--reports must be at least 1.")
        self.rng = random.Random(options["seed"])
        self.batch = options["batch_size"]
        self.copy_batch = max(options["copy_batch"], 1)
        self.now = timezone.now().replace(microsecond=0)
        self.start = self.now - dt.timedelta(days=365 * options["years"])
        barriers = options["barriers"] if options["barriers"] is not None else max(reports // 5, 1)
        companies = options["companies"] or max(reports // 200, 5)
        if not BarrierKind.objects.exists():
            call_command("loaddata", "fixtures/reference.json", verbosity=0)
        self.ref = self.reference_data()
        self.password = make_password(PASSWORD)
        self.bar = tqdm(
            total=companies + barriers + reports,
            unit="row",
            desc="generate_data",
            disable=options["no_progress"] or options["verbosity"] == 0,
            file=self.stderr._out,
        )
        rebuild = options["indexes"] == "rebuild" or (
            options["indexes"] == "auto" and reports >= 50_000 and reports >= Report.objects.count()
        )
        filled: list[type[models.Model]] = [
            Report,
            Report.hs_codes.through,
            Barrier,
            Barrier.hs_codes.through,
            StatusChange,
        ]
        with transaction.atomic(), bulk_rows.indexes_rebuilt(filled, enabled=rebuild):
            self.officials = self.make_officials()
            self.make_companies(companies)
            barrier_rows = self.plan_barriers(barriers)
            figures = self.make_reports(reports, barrier_rows)
            for pk, times in self.make_meetings(barrier_rows).items():
                figures[pk].times_raised = times
            self.write_barriers(barrier_rows, figures)
            if rebuild:
                self.bar.set_description("generate_data: building indexes")
            # The triggers counted every row for the admin's facets; fold their rows.
            services.facet_counts_compact()
        self.bar.close()
        if bulk_rows.is_postgresql():
            # What autovacuum would do after the load: statistics for the planner.
            with connection.cursor() as cursor:
                for model in filled:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        if options["verbosity"]:
            self.stdout.write(
                f"Added {companies} companies, {barriers} barriers, {reports} reports. Now: "
                f"{Report.objects.count()} reports, {Barrier.objects.count()} barriers, "
                f"{Meeting.objects.count()} meetings."
            )

    # -----------------------------------------------------------------------------------------

    def reference_data(self) -> Reference:
        # Mostly the curated codes of Indian agri and marine exports (their words are in
        # generated_text); the other subheadings of those sectors now and then.
        hs_by_sector: dict[str, list[HSCode]] = defaultdict(list)
        uncurated = []
        for code in HSCode.objects.exclude(sector="").order_by("code"):
            if code.code in generated_text.GOODS:
                hs_by_sector[code.sector].append(code)
            else:
                uncurated.append(code)
        if not hs_by_sector:
            for code in uncurated:
                hs_by_sector[code.sector].append(code)
        if not hs_by_sector:
            raise CommandError("No HS code has a sector: load fixtures/reference.json first.")
        return Reference(
            uncurated=uncurated,
            kinds=list(BarrierKind.objects.order_by("code")),
            countries=list(Country.objects.order_by("code")),
            regulators=list(Regulator.objects.order_by("code")),
            hs_by_sector=dict(hs_by_sector),
        )

    def when(self, earliest: dt.datetime | None = None) -> dt.datetime:
        """A moment between `earliest` (default the start of the history) and now."""
        low = (earliest or self.start).timestamp()
        return dt.datetime.fromtimestamp(
            self.rng.uniform(low, self.now.timestamp()), tz=dt.UTC
        ).replace(microsecond=0)

    def insert(self, model: type, rows: list, *, count: bool = False) -> list:
        """Write `rows` (bulk_rows.write: COPY on PostgreSQL, bulk_create elsewhere), in parts
        of --copy-batch rows so that the progress bar moves."""
        for start in range(0, len(rows), self.copy_batch):
            chunk = rows[start : start + self.copy_batch]
            bulk_rows.with_ids(model, chunk)
            bulk_rows.write(model, chunk, batch_size=self.batch)
            if count:
                self.bar.update(len(chunk))
        return rows

    def make_officials(self) -> list[User]:
        offset = (User.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        users = [
            User(
                email=f"official-{offset + i}@{EMAIL_DOMAIN}",
                full_name=f"{self.rng.choice(PEOPLE)} {self.rng.choice(SURNAMES)}",
                password=self.password,
            )
            for i in range(6)
        ]
        self.insert(User, users)
        group, _ = Group.objects.get_or_create(name=roles.TRIAGE_OFFICER)
        # Access through the service: each official's staff flag and group is in the audit log.
        for user in users:
            services.user_update_access(
                user=user, actor=None, is_staff=True, groups=[group], channel="command"
            )
        return users

    def make_companies(self, count: int) -> None:
        iecs = set(Company.objects.values_list("iec", flat=True))
        companies = []
        for _ in range(count):
            while True:
                letters = "".join(self.rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=5))
                pan = letters[:3] + self.rng.choice("CFH") + letters[4]
                # 0001-9999: a PAN's number is never 0000 (stdnum and the model reject it).
                pan += f"{self.rng.randrange(1, 10000):04d}" + self.rng.choice("ABCDEFGHJKLMNPRZ")
                if pan not in iecs:
                    iecs.add(pan)
                    break
            state_code, state, city = self.rng.choice(STATES)
            sector = self.rng.choices(Sector.values, weights=(60, 40))[0]
            name = (
                f"{self.rng.choice(NAME_FIRST)} {self.rng.choice(NAME_SECOND)} "
                f"{self.rng.choice(NAME_SUFFIX)}"
            )
            companies.append(
                Company(
                    name=name,
                    iec=pan,
                    gstin=gstin_for(state_code, pan),
                    sector=sector,
                    kind=CompanyKind.EXPORTER,
                    city=city,
                    state=state,
                    verified=self.rng.random() < 0.8,
                    created_at=self.when() - dt.timedelta(days=30),
                )
            )
        for company in companies:
            if company.verified:
                company.verified_at = company.created_at + dt.timedelta(days=2)
                company.verified_by = self.rng.choice(self.officials)
        self.insert(Company, companies, count=True)
        offset = (User.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        users = []
        for company in companies:
            for _ in range(self.rng.choice((1, 1, 2, 3))):
                users.append(
                    User(
                        email=f"exporter-{offset + len(users)}@{EMAIL_DOMAIN}",
                        full_name=f"{self.rng.choice(PEOPLE)} {self.rng.choice(SURNAMES)}",
                        password=self.password,
                        company=company,
                    )
                )
        self.insert(User, users)
        by_company: dict[int, list[User]] = defaultdict(list)
        for user in users:
            by_company[user.company_id].append(user)
        # A few companies file most reports (Zipf-like): cumulative weights per sector.
        self.companies: dict[str, tuple[list[Company], list[float]]] = {}
        for sector in Sector.values:
            members = [c for c in companies if c.sector == sector] or companies
            weights = list(
                itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(members)))
            )
            self.companies[sector] = (members, weights)
        self.users = by_company

    def pick_company(self, sector: str) -> Company:
        members, weights = self.companies[sector]
        return members[bisect.bisect(weights, self.rng.random() * weights[-1])]

    def subject(self) -> dict[str, Any]:
        """A coherent kind, country, regulator, sector and HS codes for a barrier or report."""
        rng, ref = self.rng, self.ref
        kind = rng.choice(ref.kinds)
        country = rng.choices(
            ref.countries, weights=[5 if c.code == "RU" else 1 for c in ref.countries]
        )[0]
        regulators = ref.regulators_for(country)
        regulator = rng.choice(regulators) if regulators and rng.random() < 0.9 else None
        sectors = sorted(ref.hs_by_sector)  # agricultural, marine
        sector = rng.choices(sectors, weights=[60, 40][: len(sectors)])[0]
        codes = rng.sample(
            ref.hs_by_sector[sector],
            k=min(rng.choice((1, 1, 1, 2, 3)), len(ref.hs_by_sector[sector])),
        )
        if ref.uncurated and rng.random() < 0.05:
            # Goods the curated list never covered (raw cane sugar, oilseeds...).
            codes = [rng.choice(ref.uncurated)]
            sector = codes[0].sector
        return {
            "kind": kind,
            "country": country,
            "regulator": regulator,
            "sector": sector,
            "codes": codes,
        }

    def words(self, subject: dict[str, Any]) -> dict[str, str]:
        """The placeholders of every template, English and Russian, for one subject."""
        regulator = subject["regulator"]
        return {
            "kind": subject["kind"].name,
            "kind_lower": subject["kind"].name.lower(),
            "goods": short_goods(subject["codes"][0].description),
            "item": generated_text.goods(subject["codes"][0]).item,
            "regulator": (regulator.abbreviation or regulator.name) if regulator else "the EEC",
            "country": subject["country"].name,
            "days": str(subject["kind"].usual_decision_days),
            **generated_text.russian_words(
                codes=subject["codes"],
                kind=subject["kind"],
                regulator=regulator,
                country=subject["country"],
            ),
        }

    def plan_barriers(self, count: int) -> list[tuple[Barrier, dict[str, Any]]]:
        """The barriers with their keys, not written yet (write_barriers, after their reports)."""
        numbers = Numbers("BAR", 4)
        statuses, weights = zip(*BARRIER_STATUS_WEIGHTS.items(), strict=True)
        rows = []
        for _ in range(count):
            subject = self.subject()
            words = self.words(subject)
            created = self.when(self.start + dt.timedelta(days=30))
            status = self.rng.choices(statuses, weights=weights)[0]
            regulator = subject["regulator"]
            ask, ask_ru = self.rng.choice(ASKS)
            barrier = Barrier(
                reference=numbers.next(created.year),
                title=self.rng.choice(BARRIER_TITLES).format(**words)[:200],
                title_ru=_capitalized(self.rng.choice(BARRIER_TITLES_RU).format(**words))[:250],
                summary=(
                    f"Indian exporters of {words['goods']} report that {words['regulator']} "
                    f"takes far longer than the usual {words['days']} days "
                    f"to issue the {words['kind_lower']}."
                ),
                summary_ru=BARRIER_SUMMARY_RU.format(**words),
                ask=ask,
                ask_ru=ask_ru,
                barrier_kind=subject["kind"],
                regulator=regulator,
                destination_country=subject["country"],
                sector=subject["sector"],
                status=status,
                pending_on=self.rng.choices(PendingOn.values, weights=(2, 7, 1))[0],
                manual_priority=self.rng.choice((0, 0, 0, 0, 1, 2, -1, 3)),
                on_hold=self.rng.random() < 0.03,
                owner=self.rng.choice(self.officials),
                created_by=self.rng.choice(self.officials),
                created_at=created,
                updated_at=created,
                resolved_at=self.when(created) if status in RESOLVED else None,
            )
            barrier.search_text = search_text.barrier_search_text(barrier, subject["codes"])
            rows.append((barrier, subject))
        numbers.save()
        bulk_rows.with_ids(Barrier, [b for b, _ in rows])
        return rows

    def write_barriers(
        self, rows: list[tuple[Barrier, dict[str, Any]]], figures: dict[int, BarrierFigures]
    ) -> None:
        """Write the barriers with the figures and decision due day of their reports, their HS
        codes and their status history."""
        for barrier, _subject in rows:
            figures[barrier.pk].apply(barrier)
        self.insert(Barrier, [b for b, _ in rows], count=True)
        through = Barrier.hs_codes.through
        self.insert(
            through,
            [through(barrier_id=b.pk, hscode_id=c.code) for b, s in rows for c in s["codes"]],
        )
        history = []
        for barrier, _ in rows:
            history.append(
                StatusChange(
                    barrier=barrier,
                    to_status=BarrierStatus.OPEN,
                    actor=barrier.created_by,
                    created_at=barrier.created_at,
                    note="Created from a report.",
                )
            )
            if barrier.status != BarrierStatus.OPEN:
                history.append(
                    StatusChange(
                        barrier=barrier,
                        from_status=BarrierStatus.OPEN,
                        to_status=barrier.status,
                        actor=barrier.owner,
                        created_at=barrier.resolved_at or self.when(barrier.created_at),
                    )
                )
        self.insert(StatusChange, history)

    def make_reports(
        self, count: int, barrier_rows: list[tuple[Barrier, dict[str, Any]]]
    ) -> dict[int, BarrierFigures]:
        """Make and write the reports, --copy-batch at a time, with their HS codes and status
        history; return each new barrier's figures over its reports."""
        rng = self.rng
        statuses, weights = zip(*REPORT_STATUS_WEIGHTS.items(), strict=True)
        chosen = rng.choices(statuses, weights=weights, k=count)
        accepted = sum(1 for s in chosen if s == ReportStatus.ACCEPTED)
        # Every new barrier gathers at least one accepted report.
        for i in range(count):
            if accepted >= len(barrier_rows):
                break
            if chosen[i] != ReportStatus.ACCEPTED:
                chosen[i] = ReportStatus.ACCEPTED
                accepted += 1
        if barrier_rows:
            targets = list(range(len(barrier_rows)))
            targets += [
                rng.randrange(len(barrier_rows)) for _ in range(max(accepted - len(targets), 0))
            ]
            rng.shuffle(targets)
        elif accepted:
            raise CommandError("Accepted reports need barriers: pass --barriers of at least 1.")
        numbers = Numbers("REP", 6)
        plans = []
        for status in chosen:
            barrier, subject = (None, None)
            if status == ReportStatus.ACCEPTED:
                barrier, subject = barrier_rows[targets.pop()]
                created = self.when(barrier.created_at - dt.timedelta(days=60))
                subject = {
                    **subject,
                    "codes": subject["codes"][: rng.choice((1, len(subject["codes"])))],
                }
            else:
                subject = self.subject()
                created = self.when()
            plans.append((created, status, barrier, subject))
        # References in the order the reports were filed, within each year.
        plans.sort(key=lambda plan: plan[0])
        figures = {barrier.pk: BarrierFigures() for barrier, _subject in barrier_rows}
        for start in range(0, len(plans), self.copy_batch):
            reports = self.write_reports(plans[start : start + self.copy_batch], numbers)
            for report in reports:
                if report.barrier_id is not None:
                    figures[report.barrier_id].add(report)
        numbers.save()
        return figures

    def write_reports(
        self, plans: list[tuple[dt.datetime, str, Barrier | None, dict[str, Any]]], numbers: Numbers
    ) -> list[Report]:
        """Make the reports of `plans` and write them with their HS codes and history."""
        rng = self.rng
        reports, codes_of = [], []
        for created, status, barrier, subject in plans:
            words = self.words(subject)
            company = self.pick_company(subject["sector"])
            applied = created.date() - dt.timedelta(days=rng.randint(5, 240))
            decision = None
            if rng.random() < 0.25:
                decision = applied + dt.timedelta(
                    days=rng.randint(0, (created.date() - applied).days)
                )
            number = f"{rng.choice(('FSVPS', 'EAC', 'APP', 'RU'))}/{applied.year}/{rng.randint(1000, 99999)}"
            consignments = rng.choice((1, 2, 3, 4, 6, 10, 15))
            value = Decimal(rng.randint(5, 2500) * 1000)
            triaged = status not in (ReportStatus.SUBMITTED, ReportStatus.WITHDRAWN)
            first_decision = (
                min(created + dt.timedelta(days=rng.randint(1, 20)), self.now)
                if status
                in (ReportStatus.ACCEPTED, ReportStatus.REJECTED, ReportStatus.INFO_REQUESTED)
                else None
            )
            report = Report(
                reference=numbers.next(created.year),
                company=company,
                filed_by=rng.choice(self.users[company.pk]),
                title=_capitalized(rng.choice(REPORT_TITLES).format(**words))[:200],
                description=rng.choice(REPORT_DESCRIPTIONS).format(
                    **words,
                    applied=applied.isoformat(),
                    number=number,
                    consignments=consignments,
                    value=f"{value:,.0f}",
                ),
                barrier_kind=subject["kind"],
                destination_country=subject["country"],
                regulator=subject["regulator"],
                application_number=number,
                applied_on=applied,
                decision_received_on=decision,
                consignments_affected=consignments,
                trade_value_usd=value,
                consent_to_share=rng.random() < 0.6,
                status=status,
                barrier=barrier,
                rejection_reason=(
                    rng.choice(RejectionReason.values) if status == ReportStatus.REJECTED else ""
                ),
                owner=rng.choice(self.officials) if triaged else None,
                created_at=created,
                updated_at=first_decision or created,
                submitted_at=created,
                first_decision_at=first_decision,
            )
            codes = [c.code for c in subject["codes"]]
            report.search_text = search_text.report_search_text(report, subject["codes"])
            reports.append(report)
            codes_of.append(codes)
        self.insert(Report, reports, count=True)
        through = Report.hs_codes.through
        self.insert(
            through,
            [
                through(report_id=report.pk, hscode_id=code)
                for report, codes in zip(reports, codes_of, strict=True)
                for code in codes
            ],
        )
        history = []
        for report in reports:
            history.append(
                StatusChange(
                    report=report,
                    to_status=ReportStatus.SUBMITTED,
                    actor=report.filed_by,
                    created_at=report.created_at,
                )
            )
            if report.status == ReportStatus.SUBMITTED:
                continue
            if report.status == ReportStatus.WITHDRAWN:
                history.append(
                    StatusChange(
                        report=report,
                        from_status=ReportStatus.SUBMITTED,
                        to_status=report.status,
                        actor=report.filed_by,
                        created_at=self.when(report.created_at),
                        note="No longer needed.",
                    )
                )
                continue
            review_at = min(
                report.created_at + dt.timedelta(hours=rng.randint(2, 72)),
                report.first_decision_at or self.now,
            )
            history.append(
                StatusChange(
                    report=report,
                    from_status=ReportStatus.SUBMITTED,
                    to_status=ReportStatus.UNDER_REVIEW,
                    actor=report.owner,
                    created_at=review_at,
                )
            )
            if report.status != ReportStatus.UNDER_REVIEW:
                history.append(
                    StatusChange(
                        report=report,
                        from_status=ReportStatus.UNDER_REVIEW,
                        to_status=report.status,
                        actor=report.owner,
                        created_at=report.first_decision_at,
                    )
                )
        self.insert(StatusChange, history)
        return reports

    def make_meetings(self, barrier_rows: list[tuple[Barrier, dict[str, Any]]]) -> Counter[int]:
        """Quarterly meetings over the history (held, older ones closed) and the next one, with
        agenda items for the new barriers (not written yet); returns the times each barrier was
        raised, counted as services.barrier_figures_refresh counts them."""
        rng = self.rng
        today = self.now.date()
        existing = {m.code: m for m in Meeting.objects.all()}
        dates = []
        day = dt.date(self.start.year, 2, 15)
        while day <= today + dt.timedelta(days=92):
            if day >= self.start.date():
                dates.append(day)
            month = day.month + 3
            day = dt.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 15)
        regulators = [r for r in self.ref.regulators]
        new = []
        for date in dates:
            code = f"{date.year}-Q{(date.month - 1) // 3 + 1}"
            if code in existing:
                continue
            if date > today:
                status = MeetingStatus.PLANNED
            else:
                status = (
                    MeetingStatus.HELD
                    if date > today - dt.timedelta(days=92)
                    else MeetingStatus.CLOSED
                )
            new.append(
                Meeting(
                    code=code,
                    date=date,
                    venue=rng.choice(("New Delhi", "Moscow", "Video conference")),
                    format=rng.choice(MeetingFormat.values),
                    india_participants="Department of Commerce; APEDA; MPEDA; EIC",
                    cutoff_on=date - dt.timedelta(days=20),
                    circulate_on=date - dt.timedelta(days=15),
                    capacity=20,
                    status=status,
                    created_at=min(
                        self.now,
                        dt.datetime.combine(
                            date - dt.timedelta(days=90), dt.time(9), tzinfo=dt.UTC
                        ),
                    ),
                )
            )
        self.insert(Meeting, new)
        through = Meeting.eaeu_participants.through
        self.insert(
            through,
            [
                through(meeting_id=m.pk, regulator_id=r.code)
                for m in new
                for r in rng.sample(regulators, k=min(4, len(regulators)))
            ],
        )
        self.insert(
            StatusChange,
            [
                StatusChange(
                    meeting=m,
                    from_status=MeetingStatus.AGENDA_FROZEN,
                    to_status=MeetingStatus.HELD,
                    created_at=dt.datetime.combine(m.date, dt.time(18), tzinfo=dt.UTC),
                )
                for m in new
                if m.status != MeetingStatus.PLANNED
            ],
        )
        # Agenda items for the barriers added this run, on the meetings held since they appeared.
        held = sorted(
            (
                m
                for m in [*existing.values(), *new]
                if m.status in (MeetingStatus.HELD, MeetingStatus.CLOSED)
            ),
            key=lambda m: m.date,
        )
        if not held or not barrier_rows:
            return Counter()
        positions = defaultdict(int)
        for row in AgendaItem.objects.values("meeting_id", "section").annotate(
            last=Max("position")
        ):
            positions[(row["meeting_id"], row["section"])] = row["last"]
        by_date = sorted(barrier_rows, key=lambda row: row[0].created_at)
        created = [b.created_at.date() for b, _ in by_date]
        share = max(len(barrier_rows) // (len(held) * 5), 1)
        items, actions = [], []
        outcomes = Outcome.values
        for meeting in held:
            eligible = bisect.bisect(created, meeting.cutoff_on)
            if not eligible:
                continue
            picked = rng.sample(range(eligible), k=min(eligible, min(share, 30)))
            for n, index in enumerate(picked):
                barrier, subject = by_date[index]
                section = AgendaSection.AGENDA if n < 20 else AgendaSection.RESERVE
                positions[(meeting.pk, section)] += 1
                outcome = rng.choice(outcomes) if section == AgendaSection.AGENDA else ""
                remit = barrier.regulator.remit if barrier.regulator else subject["kind"].remit
                item = AgendaItem(
                    meeting=meeting,
                    barrier=barrier,
                    section=section,
                    track=remit,
                    position=positions[(meeting.pk, section)],
                    score=Decimal(rng.randint(10_000, 90_000)) / 1000,
                    reason="Generated: high trade value and days overdue.",
                    ask=barrier.ask,
                    outcome=outcome,
                    statement_india=rng.choice(STATEMENTS_INDIA) if outcome else "",
                    statement_eaeu=rng.choice(STATEMENTS_EAEU) if outcome else "",
                    outcome_recorded_at=(
                        dt.datetime.combine(meeting.date, dt.time(18), tzinfo=dt.UTC)
                        if outcome
                        else None
                    ),
                    outcome_recorded_by=rng.choice(self.officials) if outcome else None,
                )
                items.append(item)
        self.insert(AgendaItem, items)
        for item in items:
            if item.outcome not in (Outcome.ACTION_AGREED, Outcome.PARTIALLY_RESOLVED):
                continue
            for _ in range(rng.choice((1, 2))):
                due = item.meeting.date + dt.timedelta(days=rng.choice((30, 60, 90)))
                status = (
                    rng.choice(ActionPointStatus.values) if due < today else ActionPointStatus.OPEN
                )
                actions.append(
                    ActionPoint(
                        meeting=item.meeting,
                        agenda_item=item,
                        barrier=item.barrier,
                        description=rng.choice(ACTIONS),
                        party=rng.choice(Party.values),
                        regulator=item.barrier.regulator,
                        owner=rng.choice(self.officials),
                        due_on=due,
                        status=status,
                        completed_on=due if status == ActionPointStatus.DONE else None,
                        created_at=item.outcome_recorded_at,
                    )
                )
        self.insert(ActionPoint, actions)
        # Their status history, as action_point_transition would have written it.
        history = []
        for point in actions:
            history.append(
                StatusChange(
                    action_point=point,
                    to_status=ActionPointStatus.OPEN,
                    actor=point.owner,
                    created_at=point.created_at,
                    is_public=False,
                )
            )
            if point.status != ActionPointStatus.OPEN:
                history.append(
                    StatusChange(
                        action_point=point,
                        from_status=ActionPointStatus.OPEN,
                        to_status=point.status,
                        actor=point.owner,
                        created_at=self.when(point.created_at),
                        is_public=False,
                    )
                )
        self.insert(StatusChange, history)
        return Counter(
            item.barrier_id
            for item in items
            if item.section == AgendaSection.AGENDA
            and item.meeting.status in MEETING_TOOK_PLACE
            and item.outcome not in ("", Outcome.DEFERRED)
        )
