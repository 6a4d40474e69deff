"""`manage.py seed_demo`: a deterministic demo data set drawn from real India–EAEU cases.

The cases follow the dated events in DOMAIN.md §5 (Rosselkhoznadzor listings and restrictions, the
Kaliningrad basmati residues, the Uttar Pradesh buffalo-meat FMD restriction, khapra beetle in rice,
SGR and EAC declaration delays). The exporting companies and people are invented; the regulators,
rules and precedents they cite are real. Every status change goes through `barriers.services`, so
the demo has the same history rows and outbox e-mails as real use. Development only.

The cases and the builder live in `devtools.demo`; this command checks that it may run, calls the
builder in one transaction and prints the summary.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from barriers.models import (
    ActionPoint,
    AgendaItem,
    Barrier,
    BarrierShare,
    Company,
    CompanyKind,
    Document,
    Exchange,
    Meeting,
    Message,
    OutboundEmail,
    Report,
    StatusChange,
    User,
)
from devtools.demo.build import DemoBuilder, gstin_for
from devtools.demo.cases import ADMIN_EMAIL, COMPANIES, DEFAULT_PASSWORD, FOCAL_POINTS, OFFICIALS
from devtools.demo.seeds import CompanySeed
from devtools.demo.timeline import ANCHOR

# Also imported from here by generate_data (gstin_for) and the tests (ANCHOR, DEFAULT_PASSWORD).
__all__ = ["ANCHOR", "DEFAULT_PASSWORD", "Command", "gstin_for"]


class Command(BaseCommand):
    help = (
        "Load reference data and build a deterministic demo data set (companies, accounts, "
        "reports, barriers, meetings) from real India–EAEU cases. Refused when DEBUG is off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--send-email",
            action="store_true",
            help=(
                "Deliver the demo's e-mails with the configured backend. By default they are "
                "written to the outbox and handed to an in-memory backend, so the console is not "
                "flooded and nothing reaches the @demo.example addresses."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a known password and is for development only; "
                "it refuses to run with DEBUG off (production settings)."
            )
        self.verbosity = int(options.get("verbosity", 1))
        self.password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD

        self.say("Loading reference data (countries, regulators, HS codes, barrier kinds)…")
        call_command("loaddata", settings.BASE_DIR / "fixtures" / "reference.json", verbosity=0)
        if User.objects.filter(email=ADMIN_EMAIL).exists():
            self.stdout.write("Demo data already present")
            return

        backend = (
            {}
            if options["send_email"]
            else {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        )
        # Each e-mail delivered in process logs a line; keep the output to the progress lines.
        task_log = logging.getLogger("celery.app.trace")
        level = task_log.level
        task_log.setLevel(logging.WARNING)
        try:
            with override_settings(**backend), transaction.atomic():
                # One transaction: a failure leaves no half-built demo; e-mails go after commit.
                DemoBuilder(
                    password=self.password,
                    say=self.say,
                    totp_secret=os.environ.get("DEMO_TOTP_SECRET", ""),
                ).seed()
        finally:
            task_log.setLevel(level)
        self.summary()

    # -- output -------------------------------------------------------------------------------

    def say(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)

    def summary(self) -> None:
        accounts = [(c.email, self._role(c), c.name) for c in COMPANIES]
        accounts += [(o.email, o.role or "Superuser", "—") for o in OFFICIALS]
        accounts += [(f.email, "Focal point (second factor)", f.regulator) for f in FOCAL_POINTS]
        width = max(len(row[0]) for row in accounts)
        self.stdout.write(self.style.SUCCESS("\nDemo data ready. Accounts (password for all):"))
        self.stdout.write(f"  {'e-mail'.ljust(width)}  {'role':<28} company")
        for email, role, company in accounts:
            self.stdout.write(f"  {email.ljust(width)}  {role:<28} {company}")
        self.stdout.write(f"  password: {self.password}\n")

        def by_status(model: Any) -> str:
            counts = Counter(model.objects.values_list("status", flat=True))
            return ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))

        rows = [
            ("Companies", Company.objects.count(), ""),
            ("Users", User.objects.count(), ""),
            ("Reports", Report.objects.count(), by_status(Report)),
            ("Barriers", Barrier.objects.count(), by_status(Barrier)),
            ("Meetings", Meeting.objects.count(), by_status(Meeting)),
            ("Agenda items", AgendaItem.objects.count(), ""),
            ("Action points", ActionPoint.objects.count(), by_status(ActionPoint)),
            ("Messages", Message.objects.count(), ""),
            ("Documents", Document.objects.count(), ""),
            ("Shared barriers", BarrierShare.objects.count(), ""),
            ("Exchanges", Exchange.objects.count(), ""),
            ("Status changes", StatusChange.objects.count(), ""),
            ("Outbound e-mails", OutboundEmail.objects.count(), by_status(OutboundEmail)),
        ]
        for label, count, detail in rows:
            self.stdout.write(f"  {label:<17}{count:>5}  {detail}")

    @staticmethod
    def _role(seed: CompanySeed) -> str:
        if seed.kind == CompanyKind.ASSOCIATION:
            return "Export promotion council"
        return f"Exporter ({seed.sector})"
