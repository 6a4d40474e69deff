"""Who may reach which URL: every URL the project serves, for every kind of user.

The URL patterns are read from the resolver (every included pattern, so every ModelAdmin's
changelist, add, change, delete and history pages and the custom admin views too); each one must
have a rule in RULES, with the outcome expected for each actor. A pattern without a rule fails
`test_every_url_has_a_rule`: a new endpoint has to say who may use it before it can land.

One object graph is built once for the module (inside a transaction rolled back at the end):
company A with reports, evidence, messages and an internal note; company B with its own; an
export promotion council with A as a member; a barrier; a meeting with an agenda, action points
and a built export file. URL kwargs always name company A's objects, so exporter B and the
council must get 404 on every one of them.

Two counterpart focal points, signed in with their second factor: focal_a of the regulator
company A's barrier is routed to and shared with (with A's evidence file, and focal_a's request
for clarification with a letter), focal_b of another regulator. Both get nothing of companies,
reports, documents, exports or the admin; focal_a alone reaches the counterpart's operations on
that barrier, focal_b gets 404 there.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from rest_framework.authtoken.models import Token, TokenProxy

from barriers import services
from barriers.accounts.roles import AGENDA_SECRETARY, ANALYST, TRIAGE_OFFICER
from barriers.models import (
    ActionPoint,
    AgendaItem,
    Deadline,
    Document,
    DocumentBuild,
    ExchangeKind,
    ExportFile,
    ExportStatus,
    FixConfirmation,
    FollowEvent,
    IdempotencyKey,
    LegalBasis,
    Message,
    Notification,
    OutboundEmail,
    ReferenceCounter,
    Report,
    RoutingSettings,
    StatusChange,
)
from barriers.notifications.following import unsubscribe_token
from tests import factories
from tests.accounts.test_mfa import current_code
from tests.api_factories import AssociationFactory, pdf_upload
from tests.export_helpers import build_agenda, hold_with_outcomes
from tests.portal_helpers import PortalClient

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "exporter_a",
    "exporter_b",
    "council",
    "triage",
    "secretary",
    "analyst",
    "superuser",
    "focal_a",
    "focal_b",
)
INTERNAL_NOTE = "INTERNAL-NOTE-ONLY-FOR-OFFICIALS-5521"
PUBLIC_MESSAGE = "PUBLIC-MESSAGE-FROM-EXPORTER-A-3318"
OFFICIAL_REPLY = "PUBLIC-REPLY-FROM-OFFICIALS-8842"
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


# ---------------------------------------------------------------------------------------------
# URL patterns, from the resolver
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name ("admin:barriers_report_change"), or the route if it has none
    route: str  # the full route, converters and regexes as written
    name: str | None


def _walk(patterns: list[Any], prefix: str, namespace: str | None) -> Iterator[Pattern]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            name = None
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Pattern(key=name or route, route=route, name=name)


def served_patterns() -> list[Pattern]:
    """Every URL pattern the project serves, admin included (its URLs are built on import)."""
    return list(_walk(get_resolver().url_patterns, "", None))


def admin_registry_urls() -> set[str]:
    """The URL names of every registered ModelAdmin's get_urls(), read from the registry."""
    names: set[str] = set()
    for model_admin in admin.site._registry.values():
        for entry in model_admin.get_urls():
            if entry.name:
                names.add(f"admin:{entry.name}")
    return names


# ---------------------------------------------------------------------------------------------
# The object graph
# ---------------------------------------------------------------------------------------------


@dataclass
class Graph:
    users: dict[str, Any]
    report_a: Report  # accepted onto a barrier; evidence, messages, an internal note
    report_a_open: Report  # submitted: still editable and withdrawable
    report_b: Report
    document_a: Document
    draft_a: Any
    meeting: Any
    item: AgendaItem
    export: ExportFile
    admin_objects: dict[str, Any] = field(default_factory=dict)
    # Company A's barrier, shared with its regulator (focal_a's) with A's evidence file; focal_a
    # asked for clarification, with a letter attached.
    exchange: Any = None
    exchange_document: Any = None
    # A letter on company A's barrier and minutes of the meeting, both shared by an official.
    case_document: Any = None
    meeting_document: Any = None

    def admin_pk(self, app_model: str) -> str:
        return str(self.admin_objects[app_model].pk)


def _official(role: str | None, **extra: Any) -> Any:
    user = factories.OfficialFactory(**extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def build_graph() -> Graph:
    triage = _official(TRIAGE_OFFICER)
    secretary = _official(AGENDA_SECRETARY)
    analyst = _official(ANALYST)
    superuser = _official(None, is_superuser=True)

    # The meeting first: company A's barrier, accepted later, stays off its full agenda.
    setup = build_agenda(secretary)
    meeting = hold_with_outcomes(setup, secretary)

    company_a = factories.CompanyFactory(name="Alpha Shrimp Exports Pvt Ltd")
    company_b = factories.CompanyFactory(name="Bravo Basmati Pvt Ltd")
    exporter_a = factories.ExporterFactory(company=company_a)
    exporter_b = factories.ExporterFactory(company=company_b)
    council_company = AssociationFactory()
    council_company.members.add(company_a)
    council = factories.UserFactory(company=council_company)

    report_a = factories.report_file(actor=exporter_a, title="Alpha plant listing pending")
    document_a = services.document_attach(
        report=report_a, actor=exporter_a, upload=pdf_upload(), name="alpha-listing.pdf"
    )
    services.message_post(actor=exporter_a, report=report_a, body=PUBLIC_MESSAGE)
    services.message_post(actor=triage, report=report_a, body=INTERNAL_NOTE, internal=True)
    services.report_start_review(report=report_a, actor=triage)
    services.message_post(actor=triage, report=report_a, body=OFFICIAL_REPLY)
    services.report_accept(report=report_a, actor=triage)
    report_a.refresh_from_db()
    report_a_open = factories.report_file(actor=exporter_a, title="Alpha EAC declaration")
    # The council files for its member A: the council sees that one, not A's own reports.
    factories.report_file(
        actor=council,
        company=company_a,
        filing_association=council_company,
        title="Filed by the council",
    )

    report_b = factories.report_file(actor=exporter_b, title="Bravo rice consignment held")
    services.document_attach(
        report=report_b, actor=exporter_b, upload=pdf_upload(), name="bravo.pdf"
    )
    services.message_post(actor=triage, report=report_b, body="Bravo internal", internal=True)
    draft_a = services.report_draft_save(actor=exporter_a, data={"title": "Half-typed"})

    item = AgendaItem.objects.filter(meeting=meeting).order_by("pk").first()
    export = ExportFile.objects.create(
        meeting=meeting,
        document="agenda",
        format="csv",
        status=ExportStatus.READY,
        requested_by=secretary,
        file_name="agenda-2026-Q4.csv",
        media_type="text/csv",
        content=b"reference,title\n",
    )

    token = Token.objects.create(user=exporter_a)
    official_token = services.api_token_issue(user=superuser, official=True, second_factor=True)
    interval = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.MINUTES)
    clocked = ClockedSchedule.objects.create(clocked_time=timezone.now())
    crontab = CrontabSchedule.objects.create(minute="0", hour="3")
    solar = SolarSchedule.objects.create(event="sunrise", latitude=28.6, longitude=77.2)
    periodic = PeriodicTask.objects.create(
        name="authz-matrix", task="barriers.tasks.sweep_outbox", interval=interval
    )
    email = EmailAddress.objects.create(
        user=exporter_a, email=exporter_a.email, verified=True, primary=True
    )
    # Not an actor's name: signing the actors in resets their failures (per account).
    attempt = AccessAttempt.objects.create(
        username="someone@example.org",
        ip_address="127.0.0.1",
        user_agent="t",
        failures_since_start=1,
    )
    access_log = AccessLog.objects.create(
        username=exporter_a.email, ip_address="127.0.0.1", user_agent="t"
    )
    failure_log = AccessFailureLog.objects.create(
        username=exporter_a.email, ip_address="127.0.0.1", user_agent="t", locked_out=False
    )
    # Following: exporter A follows its barrier; the triage officer saved a search.
    follow = services.follow_add(actor=exporter_a, kind="barrier", value=report_a.barrier.reference)
    saved_search = services.saved_search_create(
        actor=triage, name="Open barriers", changelist="barrier", query_string="status__exact=open"
    )
    follow_settings = services.follow_frequency_set(actor=exporter_a, frequency="weekly")
    follow_event = FollowEvent.objects.filter(barrier=report_a.barrier).first()
    notification = Notification.objects.create(user=exporter_a, event=follow_event)
    idempotency = IdempotencyKey.objects.create(
        user=exporter_a,
        key=str(uuid.uuid4()),
        method="POST",
        path="/api/v1/reports/",
        request_hash="0" * 64,
    )
    routing = RoutingSettings.objects.first() or RoutingSettings.objects.create()
    authenticator = None
    if apps.is_installed("allauth.mfa"):
        authenticator = apps.get_model("mfa", "Authenticator").objects.create(
            user=superuser, type="recovery_codes", data={"seed": "0" * 40, "used_mask": 0}
        )

    # Counterpart focal points: focal_a of the regulator company A's barrier is routed to (and
    # shared with), focal_b of another regulator.
    focal_a = factories.UserFactory(regulator=report_a.regulator)
    focal_b = factories.UserFactory(
        regulator=factories.RegulatorFactory(
            code="eaeu-eec", name="Eurasian Economic Commission", abbreviation="EEC", country=None
        )
    )
    barrier_share = services.barrier_share(
        actor=triage,
        barrier=report_a.barrier,
        title_ru="Задержка",
        title_en="Delay",
        summary_ru="Кратко",
        summary_en="Briefly",
        ask_ru="Просим",
        ask_en="Please",
        documents=[document_a],
    )
    exchange = services.exchange_post(
        actor=focal_a,
        barrier=report_a.barrier,
        kind="clarification",
        body_ru="Уточните дату заявки.",
        files=[pdf_upload("letter.pdf")],
    )

    graph = Graph(
        users={
            "exporter_a": exporter_a,
            "exporter_b": exporter_b,
            "council": council,
            "triage": triage,
            "secretary": secretary,
            "analyst": analyst,
            "superuser": superuser,
            "focal_a": focal_a,
            "focal_b": focal_b,
        },
        report_a=report_a,
        report_a_open=report_a_open,
        report_b=report_b,
        document_a=document_a,
        draft_a=draft_a,
        meeting=meeting,
        item=item,
        export=export,
        exchange=exchange,
        exchange_document=exchange.documents.get(),
    )
    graph.admin_objects = {
        "auth.group": Group.objects.get(name=ANALYST),
        "authtoken.tokenproxy": TokenProxy.objects.get(key=token.key),
        "django_celery_beat.periodictask": periodic,
        "django_celery_beat.clockedschedule": clocked,
        "django_celery_beat.crontabschedule": crontab,
        "django_celery_beat.solarschedule": solar,
        "django_celery_beat.intervalschedule": interval,
        "account.emailaddress": email,
        "axes.accessattempt": attempt,
        "axes.accesslog": access_log,
        "axes.accessfailurelog": failure_log,
        "barriers.report": report_a,
        "barriers.triagequeueentry": report_a_open,
        "barriers.barrier": report_a.barrier,
        "barriers.user": exporter_a,
        "barriers.focalpoint": focal_a,
        "barriers.barriershare": barrier_share,
        "barriers.company": company_a,
        "barriers.meeting": meeting,
        "barriers.agendaitem": item,
        "barriers.actionpoint": ActionPoint.objects.filter(meeting=meeting).first(),
        "barriers.routingsettings": routing,
        "barriers.country": report_a.destination_country,
        "barriers.regulator": report_a.regulator,
        "barriers.hscode": report_a.hs_codes.first(),
        "barriers.hsheading": report_a.hs_codes.first().heading,
        "barriers.barrierkind": report_a.barrier_kind,
        "barriers.legalbasis": LegalBasis.objects.order_by("position", "code").first(),
        "barriers.referencecounter": ReferenceCounter.objects.first(),
        "barriers.message": Message.objects.get(body=INTERNAL_NOTE),
        "barriers.document": document_a,
        "barriers.statuschange": StatusChange.objects.filter(report=report_a).first(),
        "barriers.outboundemail": OutboundEmail.objects.first(),
        "barriers.reportdraft": draft_a,
        "barriers.idempotencykey": idempotency,
        "barriers.follow": follow,
        "barriers.savedsearch": saved_search,
        "barriers.followsettings": follow_settings,
        "barriers.followevent": follow_event,
        "barriers.notification": notification,
        "barriers.apitokensecondfactor": official_token.second_factor,
        "barriers.exportfile": export,
        "barriers.documentbuild": DocumentBuild.objects.create(
            meeting=meeting,
            document="agenda",
            format="xlsx",
            edition="internal",
            version="0" * 64,
            file_name="agenda-2026-Q4.xlsx",
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            content=b"PK",
            size=2,
        ),
        "barriers.publicstatisticssnapshot": _statistics_snapshot(),
        "mfa.authenticator": authenticator,
    }
    if authenticator is None:
        del graph.admin_objects["mfa.authenticator"]
    # The regulator's answer on the shared barrier, with a letter.
    answer = services.exchange_post(
        actor=graph.admin_objects["barriers.focalpoint"],
        barrier=report_a.barrier,
        kind=ExchangeKind.ACKNOWLEDGEMENT,
        body_ru="Обращение получено.",
        files=[pdf_upload("письмо.pdf")],
    )
    graph.admin_objects["barriers.exchange"] = answer
    graph.admin_objects["barriers.exchangedocument"] = answer.documents.first()
    graph.admin_objects["barriers.deadline"] = Deadline.objects.filter(
        barrier=report_a.barrier
    ).first()
    graph.admin_objects["barriers.fixconfirmation"] = FixConfirmation.objects.create(
        barrier=report_a.barrier, company=report_a.company, fixed=True, answered_by=exporter_a
    )
    try:
        audit = apps.get_model("barriers", "AuditEvent")
    except LookupError:
        pass
    else:
        graph.admin_objects["barriers.auditevent"] = audit.objects.first() or audit.objects.create(
            user=exporter_a, username=exporter_a.email, action=audit.action.field.choices[0][0]
        )
    graph.case_document = services.case_document_attach(
        actor=triage,
        upload=pdf_upload("letter.pdf"),
        name="letter.pdf",
        kind="letter",
        title="Letter to the Service",
        shared=True,
        barrier=report_a.barrier,
    )
    graph.meeting_document = services.case_document_attach(
        actor=superuser,
        upload=pdf_upload("minutes.pdf"),
        name="minutes.pdf",
        kind="minutes",
        title="Signed minutes",
        shared=True,
        meeting=meeting,
    )
    graph.admin_objects["barriers.casedocument"] = graph.case_document
    missing = [label for label, obj in graph.admin_objects.items() if obj is None]
    assert not missing, f"the graph lacks objects for {missing}"
    return graph


@pytest.fixture(scope="module")
def graph(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Graph]:
    """The object graph, built once; everything is rolled back after the module."""
    media = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("authz-media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_graph()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    media.disable()


@pytest.fixture(scope="module")
def clients(graph: Graph) -> dict[str, Client]:
    result = {"anonymous": Client()}
    for actor, user in graph.users.items():
        client = PortalClient()  # a browser: portal forms carry their page's one-time token
        if user.regulator_id is not None:
            sign_in_with_second_factor(client, user)
        else:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        result[actor] = client
    return result


def sign_in_with_second_factor(client: Client, user: Any) -> None:
    """A focal point signs in as one must: password, then the code of their authenticator app."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    cache.clear()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/"), response
    response = client.post(response.url, {"code": current_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]


# ---------------------------------------------------------------------------------------------
# Requests and outcomes
# ---------------------------------------------------------------------------------------------

LOGIN = "→ portal login"
ADMIN_LOGIN = "→ admin login"
ADMIN = "→ admin"
CHANGE_PAGE = "→ admin change page"
MY_REPORTS = "→ my reports"
REPORT_PAGE = "→ report page"


def outcome(response: Any) -> int | str:
    """The status code, or where a redirect sends the user."""
    if response.status_code not in (301, 302, 303):
        return response.status_code
    location = response["Location"]
    if location.startswith("/accounts/login/"):
        return LOGIN
    if location.startswith("/admin/login/"):
        return ADMIN_LOGIN
    path = location.split("?")[0].split("#")[0]
    if path == "/admin/":
        return ADMIN
    if path.startswith("/admin/") and path.endswith("/change/"):
        return CHANGE_PAGE
    if path == "/reports/":
        return MY_REPORTS
    if re.fullmatch(r"/reports/[A-Z]+-\d{4}-\d+/", path):
        return REPORT_PAGE
    return re.sub(r"/\d+(?=/)", "/N", path)


def fill(route: str, graph: Graph) -> str:
    """A concrete path for `route`, naming company A's objects."""
    model_match = re.match(r"admin/(\w+)/(\w+)/", route)
    needs_object = model_match is not None and "object_id" in route
    object_id = graph.admin_pk(".".join(model_match.groups())) if needs_object else ""
    values = {
        "object_id": object_id,
        "reference": graph.report_a.reference,
        "document_id": str(graph.document_a.pk),
        "draft_id": str(graph.draft_a.pk),
        "code": graph.meeting.code,
        "export_format": "csv",
        "export_id": str(graph.export.pk),
        "item_id": str(graph.item.pk),
        "document": "agenda",
        "id": str(graph.users["exporter_a"].pk),
        "exchange_id": str(graph.exchange.pk),
        "exchange_document_id": str(graph.exchange_document.pk),
    }
    if route.startswith(("api/v1/barriers/", "api/v1/counterpart/barriers/")):
        values["reference"] = graph.report_a.barrier.reference
    if route.startswith("api/v1/meetings/") and "/items/" in route:
        values["reference"] = graph.item.barrier.reference
    if "action_point_id" in route:
        values["action_point_id"] = graph.admin_pk("barriers.actionpoint")
    if "step_name" in route:
        values["step_name"] = STEP_NAMES[route.split("/")[2]]
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
    return "/" + path


# A step of each admin with steps whose page (or redirect) the step URL shows.
STEP_NAMES = {
    "report": "request_info",
    "triagequeueentry": "request_info",
    "barrier": "set_priority",
    "company": "verify",
    "actionpoint": "mark_done",
    "focalpoint": "deactivate",
}


def _simple_history_version(app_model: str) -> Callable[[Graph], str]:
    def path(graph: Graph) -> str:
        obj = graph.admin_objects[app_model]
        version = obj.history.order_by("history_id").first()
        model = app_model.split(".")[1]
        return f"/admin/barriers/{model}/{obj.pk}/history/{version.history_id}/"

    return path


def _view_on_site(graph: Graph) -> str:
    content_type = ContentType.objects.get_for_model(Report)
    return f"/admin/r/{content_type.pk}/{graph.report_a.pk}/"


# ---------------------------------------------------------------------------------------------
# The rules: for every URL, what each actor gets
# ---------------------------------------------------------------------------------------------

Outcomes = tuple[int | str, ...]  # in ACTORS order


@dataclass(frozen=True)
class Rule:
    outcomes: Outcomes
    method: str = "get"
    data: dict[str, Any] | None = None
    path: Callable[[Graph], str] | None = None  # default: fill(route) with company A's objects


AL = ADMIN_LOGIN


# What a focal point (signed in with the second factor) gets on an exporters' portal page:
# sent to their own pages, never shown India's.
FOCAL_PORTAL = "/counterpart/"
# Where signing in (or the home page) sends both focal points: the portal's landing page, which
# sends them on to /counterpart/.
FOCAL_HOME = (MY_REPORTS, MY_REPORTS)


def staff(triage: int | str, secretary: int | str, analyst: int | str, su: int | str) -> Outcomes:
    """An admin URL: anyone not staff (focal points too) is sent to the admin login."""
    return (AL, AL, AL, AL, triage, secretary, analyst, su, AL, AL)


def portal(a: int | str, b: int | str, council: int | str) -> Outcomes:
    """A portal page for company users: anonymous to the login, officials to the admin."""
    return (LOGIN, a, b, council, ADMIN, ADMIN, ADMIN, ADMIN, FOCAL_PORTAL, FOCAL_PORTAL)


def api(
    a: Any,
    b: Any,
    council: Any,
    t: Any,
    s: Any,
    an: Any,
    su: Any,
    focal_a: Any = 403,
    focal_b: Any = 403,
) -> Outcomes:
    """An API endpoint: 401 without credentials. Focal points get 403 on another role's
    operations unless the rule says otherwise."""
    return (401, a, b, council, t, s, an, su, focal_a, focal_b)


EVERY_ROLE = staff(200, 200, 200, 200)
SUPERUSER = staff(403, 403, 403, 200)
NOBODY = staff(403, 403, 403, 403)
TRIAGE = staff(200, 403, 403, 200)
SECRETARY = staff(403, 200, 403, 200)
CLOSED_MEETING = staff(403, 403, 403, 403)
CHANGE_PAGES = staff(CHANGE_PAGE, CHANGE_PAGE, CHANGE_PAGE, CHANGE_PAGE)
OFFICIALS_API = api(403, 403, 403, 200, 200, 200, 200)
# Reference data (HS codes, regulators, legal bases...): anyone signed in, focal points too.
SIGNED_IN_API = api(200, 200, 200, 200, 200, 200, 200, 200, 200)
# The counterpart's own operations: focal_a's regulator has the barrier; focal_b's does not.
COUNTERPART_API = api(403, 403, 403, 403, 403, 403, 403, 200, 404)
ANYONE = (200,) * len(ACTORS)


def _statistics_snapshot() -> Any:
    from barriers.models import PublicStatisticsSnapshot
    from barriers.services import publishing

    publishing.public_statistics_rebuild()
    return PublicStatisticsSnapshot.objects.get()


def admin_model(
    app_model: str,
    *,
    changelist: Outcomes = EVERY_ROLE,
    add: Outcomes,
    history: Outcomes = EVERY_ROLE,
    delete: Outcomes,
    change: Outcomes = EVERY_ROLE,
    **custom: Outcomes | Rule,
) -> dict[str, Rule]:
    """The standard URLs of one ModelAdmin, plus its custom ones (`custom`: URL name suffix)."""
    app, model = app_model.split(".")
    prefix = f"admin:{app}_{model}"
    rules = {
        f"{prefix}_changelist": Rule(changelist),
        f"{prefix}_add": Rule(add),
        f"{prefix}_history": Rule(history),
        f"{prefix}_delete": Rule(delete),
        f"{prefix}_change": Rule(change),
        # Django's redirect from the old change URL (no name).
        f"admin/{app}/{model}/<path:object_id>/": Rule(CHANGE_PAGES),
    }
    for suffix, rule in custom.items():
        if suffix == "simple_history":
            rules[f"{prefix}_simple_history"] = Rule(
                rule if isinstance(rule, tuple) else rule.outcomes,
                path=_simple_history_version(app_model),
            )
            continue
        rules[f"{prefix}_{suffix.rstrip('_')}"] = rule if isinstance(rule, Rule) else Rule(rule)
    return rules


SUPERUSER_ONLY_MODEL = {
    "add": SUPERUSER,
    "delete": SUPERUSER,
    "changelist": SUPERUSER,
    "history": SUPERUSER,
    "change": SUPERUSER,
}
REFERENCE_DATA = {"add": SUPERUSER, "delete": SUPERUSER}
WRITTEN_BY_THE_SYSTEM = {"add": NOBODY, "delete": NOBODY}
HIDDEN_FROM_ROLES = {**SUPERUSER_ONLY_MODEL, "add": NOBODY}
AXES_LOG = {**SUPERUSER_ONLY_MODEL, "add": NOBODY}


def _open_report(graph: Graph, suffix: str = "") -> str:
    return f"/reports/{graph.report_a_open.reference}/{suffix}"


def _api_open_report(graph: Graph, suffix: str = "") -> str:
    return f"/api/v1/reports/{graph.report_a_open.reference}/{suffix}"


def _counterpart(suffix: str = "") -> Callable[[Graph], str]:
    def path(graph: Graph) -> str:
        return f"/counterpart/barriers/{graph.report_a.barrier.reference}/{suffix}"

    return path


def counterpart(
    anonymous: int | str = LOGIN, focal_a: int | str = 200, focal_b: int | str = 404
) -> Outcomes:
    """A counterpart page: anonymous to the login, everyone but focal points 404; focal_a has
    company A's barrier (shared with their regulator), focal_b does not."""
    return (anonymous, *(404,) * 7, focal_a, focal_b)


COUNTERPART_RULES: dict[str, Rule] = {
    "counterpart:home": Rule(counterpart(focal_b=200)),
    "counterpart:language": Rule(
        counterpart(focal_a="/counterpart/", focal_b="/counterpart/"),
        method="post",
        data={"language": "en"},
    ),
    "counterpart:barrier": Rule(counterpart(), path=_counterpart()),
    "counterpart:respond": Rule(counterpart(), path=_counterpart("respond/clarification/")),
    "counterpart:document": Rule(
        counterpart(), path=lambda g: _counterpart(f"documents/{g.document_a.pk}/")(g)
    ),
    # A letter an official shared on company A's barrier (focal_a's regulator's).
    "counterpart:case_document": Rule(
        counterpart(), path=lambda g: f"/counterpart/documents/{g.case_document.pk}/"
    ),
    "counterpart:exchange_document": Rule(
        counterpart(),
        path=lambda g: _counterpart(f"exchange-documents/{g.exchange_document.pk}/")(g),
    ),
}


RULES: dict[str, Rule] = {
    # -- the officials' desk: site-wide pages ---------------------------------------------------
    "admin_dashboard": Rule(EVERY_ROLE),
    # Following: every official has their own follows, saved searches and notifications.
    "admin_following": Rule(EVERY_ROLE),
    "admin_following_notifications": Rule(EVERY_ROLE),
    "admin:index": Rule(EVERY_ROLE),
    "admin:login": Rule((200, 200, 200, 200, ADMIN, ADMIN, ADMIN, ADMIN, 200, 200)),
    # Signing out takes a POST; a GET by someone not staff goes to the (login-guarded) index.
    "admin:logout": Rule((ADMIN, ADMIN, ADMIN, ADMIN, 405, 405, 405, 405, ADMIN, ADMIN)),
    "admin:password_change": Rule(EVERY_ROLE),
    "admin:password_change_done": Rule(EVERY_ROLE),
    # Without a field to complete the autocomplete view refuses everyone.
    "admin:autocomplete": Rule(staff(403, 403, 403, 403)),
    "admin:jsi18n": Rule(EVERY_ROLE),
    # Reports have no public page to jump to.
    "admin:view_on_site": Rule(staff(404, 404, 404, 404), path=_view_on_site),
    "admin:app_list": Rule(EVERY_ROLE, path=lambda g: "/admin/barriers/"),
    "admin/(?P<url>.*)$": Rule(staff(404, 404, 404, 404), path=lambda g: "/admin/no-such-page/"),
    # -- third-party models: the superuser's alone ----------------------------------------------
    # The group checked is a role group: the code relies on it, so nobody deletes it.
    **admin_model("auth.group", **{**SUPERUSER_ONLY_MODEL, "delete": NOBODY}),
    **admin_model("authtoken.tokenproxy", **SUPERUSER_ONLY_MODEL),
    **admin_model("django_celery_beat.periodictask", **SUPERUSER_ONLY_MODEL),
    **admin_model("django_celery_beat.clockedschedule", **SUPERUSER_ONLY_MODEL),
    **admin_model("django_celery_beat.crontabschedule", **SUPERUSER_ONLY_MODEL),
    **admin_model("django_celery_beat.solarschedule", **SUPERUSER_ONLY_MODEL),
    **admin_model("django_celery_beat.intervalschedule", **SUPERUSER_ONLY_MODEL),
    **admin_model("account.emailaddress", **SUPERUSER_ONLY_MODEL),
    **admin_model("axes.accessattempt", **AXES_LOG),
    **admin_model("axes.accesslog", **AXES_LOG),
    **admin_model("axes.accessfailurelog", **AXES_LOG),
    # -- the case file --------------------------------------------------------------------------
    **admin_model(
        "barriers.report",
        add=NOBODY,  # reports are filed by exporters (or imported), never typed in the admin
        delete=staff(403, 403, 403, 200),
        step=TRIAGE,
        import_=TRIAGE,
        # An empty import form comes back with its errors for whoever may import.
        process_import=Rule(TRIAGE, method="post"),
        export=EVERY_ROLE,
        simple_history=EVERY_ROLE,
    ),
    **admin_model(
        "barriers.triagequeueentry",
        add=NOBODY,
        delete=NOBODY,
        history=staff(*("/admin/barriers/report/N/history/",) * 4),
        step=TRIAGE,
        import_=SUPERUSER,
        process_import=Rule(staff(403, 403, 403, 200), method="post"),
        export=EVERY_ROLE,
        simple_history=staff(*("/admin/barriers/report/N/history/N/",) * 4),
    ),
    **admin_model(
        "barriers.barrier",
        add=TRIAGE,
        delete=SUPERUSER,
        step=staff(200, 403, 403, 200),
        export=EVERY_ROLE,
        simple_history=EVERY_ROLE,
        # A file of the exchange with the counterpart: officials who may view barriers.
        exchange_document_download=Rule(
            EVERY_ROLE,
            path=lambda g: (
                "/admin/barriers/barrier/exchange-document/"
                f"{g.admin_objects['barriers.exchangedocument'].pk}/download/"
            ),
        ),
    ),
    # Documents on barriers and meetings live on their pages; the download is for officials who
    # may view the barrier (or meeting).
    **admin_model(
        "barriers.casedocument",
        add=NOBODY,
        delete=NOBODY,
        download=Rule(
            EVERY_ROLE,
            path=lambda g: f"/admin/barriers/casedocument/{g.case_document.pk}/download/",
        ),
    ),
    **admin_model("barriers.user", add=SUPERUSER, delete=SUPERUSER),
    # Counterpart focal points: triage officers invite (add) and deactivate (a step without a
    # form: a GET goes back to the change page); nobody deletes one, their access is on record.
    **admin_model(
        "barriers.focalpoint",
        changelist=TRIAGE,
        add=TRIAGE,
        history=TRIAGE,
        delete=NOBODY,
        change=TRIAGE,
        step=staff(CHANGE_PAGE, 403, 403, CHANGE_PAGE),
    ),
    # What each regulator is shown: read by triage officers, written by the barrier's steps.
    **admin_model(
        "barriers.barriershare",
        changelist=TRIAGE,
        add=NOBODY,
        history=TRIAGE,
        delete=NOBODY,
        change=TRIAGE,
        simple_history=TRIAGE,
    ),
    "admin:auth_user_password_change": Rule(SUPERUSER),
    **admin_model(
        "barriers.company",
        add=SUPERUSER,
        delete=NOBODY,
        # "Verify" has no form: a GET goes back to the change page, where its button posts.
        step=staff(CHANGE_PAGE, 403, 403, CHANGE_PAGE),
        simple_history=EVERY_ROLE,
    ),
    **admin_model(
        "barriers.meeting",
        add=SECRETARY,
        delete=NOBODY,
        export=EVERY_ROLE,
        export_file=EVERY_ROLE,
        # The graph's meeting is closed (every item has its outcome): a closed meeting is the
        # record of what was decided, read-only for everyone, so none of its desk's buttons or
        # pages answer (tests/admin/test_desk.py has them on a held meeting).
        draft=CLOSED_MEETING,
        freeze=CLOSED_MEETING,
        circulate=CLOSED_MEETING,
        hold=CLOSED_MEETING,
        close=CLOSED_MEETING,
        add_barrier=CLOSED_MEETING,
        place=CLOSED_MEETING,
        outcome=CLOSED_MEETING,
        outcomes=CLOSED_MEETING,
        action_point=CLOSED_MEETING,
        simple_history=EVERY_ROLE,
    ),
    **admin_model("barriers.agendaitem", add=NOBODY, delete=NOBODY, simple_history=EVERY_ROLE),
    **admin_model(
        "barriers.actionpoint",
        add=NOBODY,
        delete=NOBODY,
        step=SECRETARY,
        simple_history=EVERY_ROLE,
    ),
    **admin_model("barriers.routingsettings", add=NOBODY, delete=NOBODY, simple_history=EVERY_ROLE),
    **admin_model("barriers.country", **REFERENCE_DATA),
    **admin_model("barriers.regulator", **REFERENCE_DATA),
    **admin_model("barriers.hscode", **REFERENCE_DATA),
    # The nomenclature's chapters and headings: read-only, for everyone (migration 0027 loads it).
    **admin_model("barriers.hsheading", add=NOBODY, delete=NOBODY),
    **admin_model("barriers.barrierkind", **REFERENCE_DATA),
    # No role group holds a permission on legal bases yet (that takes a migration): the
    # superuser keeps them.
    **admin_model("barriers.legalbasis", **SUPERUSER_ONLY_MODEL),
    **admin_model("barriers.referencecounter", **WRITTEN_BY_THE_SYSTEM),
    # The exchange with the counterpart as records (officials read it on the barrier's page):
    # append-only, and no role group holds a permission on them yet.
    **admin_model("barriers.exchange", **{**SUPERUSER_ONLY_MODEL, "add": NOBODY, "delete": NOBODY}),
    **admin_model(
        "barriers.exchangedocument", **{**SUPERUSER_ONLY_MODEL, "add": NOBODY, "delete": NOBODY}
    ),
    **admin_model("barriers.deadline", **{**SUPERUSER_ONLY_MODEL, "add": NOBODY, "delete": NOBODY}),
    # The companies' answers to "is it fixed?" (officials read the tally on the barrier's page).
    **admin_model(
        "barriers.fixconfirmation", **{**SUPERUSER_ONLY_MODEL, "add": NOBODY, "delete": NOBODY}
    ),
    **admin_model("barriers.message", add=TRIAGE, delete=SUPERUSER),
    **admin_model("barriers.document", add=TRIAGE, delete=SUPERUSER, download=EVERY_ROLE),
    **admin_model("barriers.statuschange", **WRITTEN_BY_THE_SYSTEM),
    **admin_model("barriers.outboundemail", add=NOBODY, delete=SUPERUSER),
    # Sign-ins and exports of personal data: append-only.
    **admin_model("barriers.auditevent", **{**HIDDEN_FROM_ROLES, "delete": NOBODY}),
    # Exporters' unfiled drafts, API idempotency keys and built files: no role reads them.
    **admin_model("barriers.reportdraft", **HIDDEN_FROM_ROLES),
    **admin_model("barriers.idempotencykey", **HIDDEN_FROM_ROLES),
    # Officials' API tokens opened by a second factor: the superuser may revoke one.
    **admin_model("barriers.apitokensecondfactor", **HIDDEN_FROM_ROLES),
    **admin_model("barriers.exportfile", **HIDDEN_FROM_ROLES),
    **admin_model("barriers.documentbuild", **HIDDEN_FROM_ROLES),
    # The public statistics as last worked out: the superuser's, for support.
    **admin_model("barriers.publicstatisticssnapshot", **HIDDEN_FROM_ROLES),
    # Following's rows, for support: each official reads their own on admin_following.
    **admin_model("barriers.follow", **HIDDEN_FROM_ROLES),
    **admin_model("barriers.savedsearch", **HIDDEN_FROM_ROLES),
    **admin_model("barriers.followsettings", **HIDDEN_FROM_ROLES),
    **admin_model("barriers.followevent", **HIDDEN_FROM_ROLES),
    **admin_model("barriers.notification", **HIDDEN_FROM_ROLES),
    # -- the API --------------------------------------------------------------------------------
    "api-token": Rule(
        (400,) * len(ACTORS), method="post", data={"email": "nobody@example.org", "password": "x"}
    ),
    # Following: each user's own (exporter A follows its barrier); focal points get 403.
    "api-follow-list": Rule(api(200, 200, 200, 200, 200, 200, 200)),
    "api-follow-detail": Rule(
        api(200, 404, 404, 404, 404, 404, 404),
        path=lambda g: f"/api/v1/follows/{g.admin_pk('barriers.follow')}/",
    ),
    "api-following-settings": Rule(api(200, 200, 200, 200, 200, 200, 200)),
    "api-notification-list": Rule(api(200, 200, 200, 200, 200, 200, 200)),
    "api-notifications-read": Rule(api(200, 200, 200, 200, 200, 200, 200), method="post"),
    # India's case file: focal points get 403 on its list and 404 on any report in it.
    "api-report-list": Rule(api(200, 200, 200, 200, 200, 200, 200)),
    "api-report-detail": Rule(api(200, 404, 404, 200, 200, 200, 200, 404, 404)),
    "api-report-withdraw": Rule(
        api(200, 404, 404, 403, 403, 403, 403),
        method="post",
        data={"reason": "Filed twice by mistake."},
        path=lambda g: _api_open_report(g, "withdraw/"),
    ),
    # Consent to be named publicly: the company's own users, in any status; officials 403.
    "api-report-publication-consent": Rule(
        api(200, 404, 404, 403, 403, 403, 403),
        method="post",
        data={"consent_to_publish": True},
    ),
    "api-report-documents": Rule(api(200, 404, 404, 200, 200, 200, 200, 404, 404)),
    # Shared with focal_a's regulator, A's evidence file is still India's at this URL.
    "api-report-document-download": Rule(api(200, 404, 404, 200, 200, 200, 200, 404, 404)),
    "api-report-messages": Rule(api(200, 404, 404, 200, 200, 200, 200, 404, 404)),
    "api-report-timeline": Rule(api(200, 404, 404, 200, 200, 200, 200, 404, 404)),
    "api-hs-codes": Rule(SIGNED_IN_API),
    "api-regulators": Rule(SIGNED_IN_API),
    "api-barrier-kinds": Rule(SIGNED_IN_API),
    "api-countries": Rule(SIGNED_IN_API),
    "api-legal-bases": Rule(SIGNED_IN_API),
    "api-meetings": Rule(OFFICIALS_API),
    "api-meeting-agenda": Rule(OFFICIALS_API),
    # The meeting is held: the secretary may draft, but a held meeting's agenda is final.
    "api-meeting-draft": Rule(api(403, 403, 403, 403, 409, 403, 409), method="post"),
    "api-meeting-agenda-export": Rule(OFFICIALS_API),
    "api-meeting-outcomes-export": Rule(OFFICIALS_API),
    "api-export-file": Rule(OFFICIALS_API),
    "api-metrics": Rule(OFFICIALS_API),
    "api-barrier-list": Rule(OFFICIALS_API),
    "api-barrier-detail": Rule(OFFICIALS_API),
    "api-barrier-summary": Rule(OFFICIALS_API),
    # Documents on barriers and meetings: officials read; a GET is what this matrix sends.
    "api-barrier-documents": Rule(OFFICIALS_API),
    "api-barrier-document": Rule(
        OFFICIALS_API,
        path=lambda g: (
            f"/api/v1/barriers/{g.report_a.barrier.reference}/documents/{g.case_document.pk}/"
        ),
    ),
    "api-barrier-document-download": Rule(
        OFFICIALS_API,
        path=lambda g: (
            f"/api/v1/barriers/{g.report_a.barrier.reference}/documents/"
            f"{g.case_document.pk}/download/"
        ),
    ),
    "api-meeting-documents": Rule(OFFICIALS_API),
    "api-meeting-document": Rule(
        OFFICIALS_API,
        path=lambda g: f"/api/v1/meetings/{g.meeting.code}/documents/{g.meeting_document.pk}/",
    ),
    "api-meeting-document-download": Rule(
        OFFICIALS_API,
        path=lambda g: (
            f"/api/v1/meetings/{g.meeting.code}/documents/{g.meeting_document.pk}/download/"
        ),
    ),
    # Officials and the EAEU side: all officials read, triage officers (and the superuser) write.
    "api-barrier-share": Rule(OFFICIALS_API),
    "api-barrier-exchanges": Rule(OFFICIALS_API),
    "api-barrier-exchange-document-download": Rule(OFFICIALS_API),
    # The lifecycle by hand: officials allowed to change barriers (triage officers, agenda
    # secretaries); A's barrier is open, so only resolving and closing are allowed moves.
    "api-barrier-resolve": Rule(api(403, 403, 403, 200, 200, 403, 200), method="post"),
    "api-barrier-partially-resolve": Rule(api(403, 403, 403, 409, 409, 403, 409), method="post"),
    "api-barrier-close": Rule(
        api(403, 403, 403, 200, 200, 403, 200), method="post", data={"reason": "superseded"}
    ),
    "api-barrier-reopen": Rule(
        api(403, 403, 403, 409, 409, 403, 409), method="post", data={"reason": "Held again"}
    ),
    "api-barrier-keep-resolved": Rule(
        api(403, 403, 403, 409, 409, 403, 409), method="post", data={"note": "A labelling fault"}
    ),
    # The officials' triage steps (triage officers): A's report is accepted already, so every
    # step is a move its status refuses (409) for those allowed to try.
    "api-report-start-review": Rule(api(403, 403, 403, 409, 403, 403, 409), method="post"),
    "api-report-request-info": Rule(
        api(403, 403, 403, 409, 403, 403, 409), method="post", data={"question": "Which plant?"}
    ),
    "api-report-accept": Rule(api(403, 403, 403, 409, 403, 403, 409), method="post", data={}),
    "api-report-reject": Rule(
        api(403, 403, 403, 409, 403, 403, 409), method="post", data={"reason": "duplicate"}
    ),
    # The meeting's steps (agenda secretaries); the test meeting is closed.
    "api-meeting-item-outcome": Rule(
        api(403, 403, 403, 403, 400, 403, 400), method="post", data={"outcome": "discussed"}
    ),
    "api-meeting-item-action-points": Rule(
        api(403, 403, 403, 403, 400, 403, 400),
        method="post",
        data={"description": "Send the plant list", "party": "eaeu", "due_on": "2027-01-15"},
    ),
    "api-action-point": Rule(OFFICIALS_API),
    "api-action-point-done": Rule(api(403, 403, 403, 403, 200, 403, 200), method="post"),
    "api-action-point-drop": Rule(api(403, 403, 403, 403, 200, 403, 200), method="post"),
    "api-action-point-reopen": Rule(api(403, 403, 403, 403, 409, 403, 409), method="post"),
    "api-barrier-exchange-forward": Rule(
        api(403, 403, 403, 200, 403, 403, 200),
        method="post",
        data={"body": "The regulator asks when you applied."},
    ),
    # The counterpart: company A's barrier is shared with focal_a's regulator only.
    "api-counterpart-barrier-list": Rule(api(403, 403, 403, 403, 403, 403, 403, 200, 200)),
    "api-counterpart-barrier-detail": Rule(COUNTERPART_API),
    "api-counterpart-exchanges": Rule(
        api(403, 403, 403, 403, 403, 403, 403, 201, 404),
        method="post",
        data={"kind": "clarification", "body_ru": "Просим уточнить номер предприятия."},
    ),
    "api-counterpart-document-download": Rule(COUNTERPART_API),
    "api-counterpart-exchange-document-download": Rule(COUNTERPART_API),
    # The schema and its docs describe the API, no data: public.
    "api-schema": Rule(ANYONE),
    "api-docs": Rule(ANYONE),
    # -- portal accounts (django-allauth) -------------------------------------------------------
    "account_login": Rule((200, *(MY_REPORTS,) * 7, *FOCAL_HOME)),
    "account_signup": Rule((200, *(MY_REPORTS,) * 7, *FOCAL_HOME)),
    "account_logout": Rule(("/", *(200,) * 9)),
    "account_inactive": Rule(ANYONE),
    "account_reauthenticate": Rule((LOGIN, *(200,) * 9)),
    "account_email": Rule((LOGIN, *(200,) * 9)),
    "account_email_verification_sent": Rule(ANYONE),
    "account_change_password": Rule((LOGIN, *(200,) * 9)),
    "account_set_password": Rule((LOGIN, *("/accounts/password/change/",) * 9)),
    "account_reset_password": Rule(ANYONE),
    "account_confirm_login_code": Rule((LOGIN, *(MY_REPORTS,) * 7, *FOCAL_HOME)),
    # A wrong key shows the "link expired" page.
    "account_confirm_email": Rule(ANYONE, path=lambda g: "/accounts/confirm-email/bogus-key/"),
    "account_reset_password_from_key_done": Rule(ANYONE),
    "account_reset_password_from_key": Rule(
        ANYONE, path=lambda g: "/accounts/password/reset/key/1-set-password/"
    ),
    "account_reset_password_done": Rule(ANYONE),
    # -- second factor (allauth.mfa) -----------------------------------------------------------
    **admin_model("mfa.authenticator", **SUPERUSER_ONLY_MODEL),
    "admin_login": Rule((200, 200, 200, 200, ADMIN, ADMIN, ADMIN, ADMIN, 200, 200)),
    "mfa_index": Rule((LOGIN, *(200,) * 9)),
    "mfa_authenticate": Rule((LOGIN, *(MY_REPORTS,) * 7, *FOCAL_HOME)),
    # The superuser has recovery codes (the graph's authenticator); nobody else has a factor.
    # Focal points have TOTP: they may give its code again.
    "mfa_reauthenticate": Rule((LOGIN, *("/accounts/reauthenticate/",) * 6, 200, 200, 200)),
    "mfa_activate_totp": Rule((LOGIN, *("/accounts/reauthenticate/",) * 9)),
    "mfa_deactivate_totp": Rule((LOGIN, *(404,) * 7, *("/accounts/reauthenticate/",) * 2)),
    "mfa_view_recovery_codes": Rule((LOGIN, *(404,) * 6, "/accounts/reauthenticate/", 404, 404)),
    "mfa_generate_recovery_codes": Rule((LOGIN, *("/accounts/reauthenticate/",) * 9)),
    "mfa_download_recovery_codes": Rule(
        (LOGIN, *(404,) * 6, "/accounts/reauthenticate/", 404, 404)
    ),
    # -- the exporters' portal ------------------------------------------------------------------
    "barriers:home": Rule(
        (200, MY_REPORTS, MY_REPORTS, MY_REPORTS, ADMIN, ADMIN, ADMIN, ADMIN, *FOCAL_HOME)
    ),
    "barriers:healthz": Rule(ANYONE),
    # Anyone may switch the portal's language; it only goes back to a page of this site.
    "barriers:language": Rule(("/",) * 10, method="post", data={"language": "hi", "next": "/"}),
    "barriers:company_invite": Rule(portal(200, 200, 200)),
    "barriers:report_list": Rule(portal(200, 200, 200)),
    "barriers:report_new": Rule(portal(200, 200, 200)),
    "barriers:hs_codes": Rule(portal(200, 200, 200)),
    "barriers:hs_code_finder": Rule(portal(200, 200, 200)),
    "barriers:draft": Rule(portal(200, 404, 404)),
    "barriers:report_detail": Rule(portal(200, 404, 404)),
    "barriers:report_edit": Rule(portal(200, 404, 404), path=lambda g: _open_report(g, "edit/")),
    "barriers:report_withdraw": Rule(
        portal(200, 404, 404), path=lambda g: _open_report(g, "withdraw/")
    ),
    "barriers:message_new": Rule(
        portal(REPORT_PAGE, 404, 404), method="post", data={"body": "Any news on the listing?"}
    ),
    "barriers:barrier_fix": Rule(portal(200, 404, 404), method="post", data={}),
    "barriers:report_publication_consent": Rule(
        portal(REPORT_PAGE, 404, 404), method="post", data={"consent_to_publish": "yes"}
    ),
    "barriers:document_download": Rule(portal(200, 404, 404)),
    # The letter shared on the barrier company A's accepted report is part of.
    "barriers:barrier_document_download": Rule(
        portal(200, 404, 404),
        path=lambda g: f"/reports/{g.report_a.reference}/barrier-documents/{g.case_document.pk}/",
    ),
    # -- the public register (barriers/public/): anyone, signed in or not -----------------------
    "public:register": Rule(ANYONE),
    "public:statistics": Rule(ANYONE),
    "public:open_data": Rule(ANYONE),
    "public:download_csv": Rule(ANYONE),
    "public:download_json": Rule(ANYONE),
    "public:feed": Rule(ANYONE),
    "public:sitemap": Rule(ANYONE),
    "robots_txt": Rule(ANYONE),
    # Anyone may read the register in another language; it only goes back to a register page.
    "public:language": Rule(
        ("/public/statistics/",) * len(ACTORS),
        method="post",
        data={"language": "ru", "next": "/public/statistics/"},
    ),
    # Company A's barrier is not published: nobody finds it there, officials neither.
    "public:barrier": Rule(
        (404,) * len(ACTORS),
        path=lambda g: f"/public/barriers/{g.report_a.barrier.reference}/",
    ),
    # -- the counterpart focal points' pages (barriers/counterpart/) ----------------------------
    # Only focal points get in; everyone else signed in gets 404, never a hint. The paths name
    # company A's barrier (shared with focal_a's regulator), A's evidence file (shared with it)
    # and the letter of focal_a's request for clarification: focal_b gets 404 on all of them.
    # -- following (barriers/portal/views.py): each company user their own ------------------
    "barriers:following": Rule(portal(200, 200, 200)),
    "barriers:notifications": Rule(portal(200, 200, 200)),
    # The one-click unsubscribe of exporter A's digest: no sign-in; GET only shows the button.
    "barriers:following_unsubscribe": Rule(
        ANYONE,
        path=lambda g: f"/following/unsubscribe/{unsubscribe_token(user=g.users['exporter_a'])}/",
    ),
    **COUNTERPART_RULES,
}


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------


def test_every_url_has_a_rule() -> None:
    """A URL pattern without a rule is a new endpoint nobody has said who may use: it fails."""
    served = {pattern.key: pattern for pattern in served_patterns()}
    # The walk reaches every URL of every registered ModelAdmin.
    assert admin_registry_urls() <= set(served)
    without_rule = sorted(f"{key}  ({served[key].route})" for key in set(served) - set(RULES))
    assert not without_rule, "New endpoints without a rule in RULES:\n" + "\n".join(without_rule)
    stale = sorted(set(RULES) - set(served))
    assert not stale, f"Rules for URLs no longer served: {stale}"


def request_as(client: Client, rule: Rule, path: str) -> Any:
    """One request, its writes rolled back; N+1 checks are other tests' business here."""
    from zeal import zeal_ignore

    cache.clear()  # throttles and lock-outs stay out of the picture
    with transaction.atomic(), zeal_ignore():
        if rule.method == "post" and path.startswith("/api/"):
            response = client.post(path, rule.data or {}, content_type="application/json")
        elif rule.method == "post":
            response = client.post(path, rule.data or {})
        else:
            response = client.get(path)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("key", sorted(RULES))
def test_who_gets_what(key: str, graph: Graph, clients: dict[str, Client]) -> None:
    rule = RULES[key]
    served = {pattern.key: pattern for pattern in served_patterns()}
    if key not in served:
        pytest.fail(f"{key} is no longer served: remove its rule")
    path = rule.path(graph) if rule.path else fill(served[key].route, graph)
    got = tuple(outcome(request_as(clients[actor], rule, path)) for actor in ACTORS)
    wrong = {
        actor: {"expected": expected, "got": actual}
        for actor, expected, actual in zip(ACTORS, rule.outcomes, got, strict=True)
        if expected != actual
    }
    assert not wrong, f"{rule.method.upper()} {path}: {wrong}"


# ---------------------------------------------------------------------------------------------
# What the pages say: internal notes and other companies' reports
# ---------------------------------------------------------------------------------------------

OFFICIALS = ("triage", "secretary", "analyst", "superuser")


def _text(client: Client, path: str) -> str:
    response = request_as(client, Rule(()), path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("actor", ["exporter_a", *OFFICIALS])
def test_internal_notes_only_for_officials(
    actor: str, graph: Graph, clients: dict[str, Client]
) -> None:
    reference = graph.report_a.reference
    if actor == "exporter_a":
        pages = [f"/reports/{reference}/", f"/api/v1/reports/{reference}/messages/"]
    else:
        pages = [
            f"/api/v1/reports/{reference}/messages/",
            f"/admin/barriers/report/{graph.report_a.pk}/change/",
        ]
    for path in pages:
        text = _text(clients[actor], path)
        assert PUBLIC_MESSAGE in text and OFFICIAL_REPLY in text, path
        assert (INTERNAL_NOTE in text) == (actor != "exporter_a"), path
    if actor == "exporter_a":
        detail = _text(clients[actor], f"/api/v1/reports/{reference}/")
        assert INTERNAL_NOTE not in detail


@pytest.mark.parametrize("actor", ["exporter_a", "exporter_b", "council"])
def test_lists_show_only_what_the_company_may_see(
    actor: str, graph: Graph, clients: dict[str, Client]
) -> None:
    own = {"exporter_a": graph.report_a, "exporter_b": graph.report_b}.get(actor)
    foreign = [graph.report_a, graph.report_b] if actor == "council" else [
        r for r in (graph.report_a, graph.report_b) if r is not own
    ]  # fmt: skip
    for path in ("/reports/", "/api/v1/reports/"):
        text = _text(clients[actor], path)
        if own is not None:
            assert own.reference in text, path
        for report in foreign:
            assert report.reference not in text, (path, report.reference)
    # The council sees the report it filed for its member, and nothing else of that member.
    if actor == "council":
        assert "Filed by the council" in _text(clients[actor], "/api/v1/reports/")


@pytest.mark.parametrize("actor", ["focal_a", "focal_b"])
def test_a_focal_point_sees_only_what_is_shared_with_its_regulator(
    actor: str, graph: Graph, clients: dict[str, Client]
) -> None:
    barrier = graph.report_a.barrier
    text = _text(clients[actor], "/api/v1/counterpart/barriers/")
    assert (barrier.reference in text) == (actor == "focal_a")
    if actor == "focal_a":
        text += _text(clients[actor], f"/api/v1/counterpart/barriers/{barrier.reference}/")
    for secret in (INTERNAL_NOTE, PUBLIC_MESSAGE, OFFICIAL_REPLY, graph.report_a.reference):
        assert secret not in text, secret
