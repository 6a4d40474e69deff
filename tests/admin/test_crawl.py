"""Crawl the officials' admin: no page answers 5xx, whatever optional field is empty.

Every ModelAdmin registered on the admin site is discovered (a new one is crawled without
touching this file): its changelist (plain, searched and under its filters' first choices), add
page, change pages, history and delete confirmation pages, and the GET views its get_urls() adds
that take nothing or an object (the steps' forms, the agenda pages), plus the meeting documents.
The data are the demo data set plus, for every model, a copy of one of its rows with every
optional field its constraints allow emptied (nullable foreign keys, dates and numbers None,
blank texts "", blank JSON empty), and the case of issue 12: barriers with no regulator or no
country offered as duplicates of a report under review, and a report accepted into one.

The superuser opens the change page of every object (a sample of reference data, log-like
tables and proxies), the history and own pages of a sample and the delete confirmation of the
emptied rows; each role opens every changelist, the change pages of a sample and every page
of the emptied rows. A page that loads rows one by one (django-zeal, tests/conftest.py) answers
500 here too. Failures are collected and reported at once. About 1,800 pages: under a minute on
SQLite and PostgreSQL on an idle two-core machine.
"""

from __future__ import annotations

import contextlib
import itertools
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, reverse
from zeal import zeal_ignore

from barriers import services
from barriers.accounts.roles import ROLE_GROUPS
from barriers.models import AgendaItem, Barrier, BarrierStatus, ReportStatus, User
from tests import factories

pytestmark = pytest.mark.django_db

# Sample sizes: the superuser sees every object, except of log-like models.
ROLE_SAMPLE = 3
# Choices of each filter of the project's changelists the superuser opens (after "All").
FILTER_CHOICES = 3
LOG_SAMPLE = 5
# Reference data (fixtures/reference.json, not the demo's cases) and proxies of another
# admin's model: the superuser opens the change pages of a sample.
SAMPLED_MODELS = {
    "barriers.hscode",
    "barriers.country",
    "barriers.regulator",
    "barriers.barrierkind",
}
LOG_MODELS = {
    "barriers.statuschange",
    "barriers.auditevent",
    "barriers.outboundemail",
    "barriers.idempotencykey",
    "axes.accesslog",
    "axes.accessattempt",
    "axes.accessfailurelog",
}
# Standard ModelAdmin views, opened explicitly below.
STANDARD_VIEWS = {"changelist", "add", "change", "delete", "history"}
# get_urls() views that are not pages: a GET builds a file (crawled only for the meetings that
# hold emptied rows, below), or they need another object's id.
NOT_PAGES = {"barriers_meeting_export", "barriers_meeting_export_file"}


# ---------------------------------------------------------------------------------------------
# Data: the demo set plus a copy of a row of every model with its optional fields emptied
# ---------------------------------------------------------------------------------------------


def _empty_value(field: models.Field) -> Any:
    """What an optional field holds when nobody filled it in, or a sentinel if it is required."""
    if field.null:
        return None
    if isinstance(field, models.JSONField):
        default = field.get_default()
        return type(default)() if isinstance(default, (dict, list)) else default
    if field.blank and isinstance(field, (models.CharField, models.TextField)):
        return ""
    if field.blank and isinstance(field, models.FileField):
        return ""
    return _REQUIRED


_REQUIRED = object()
_counter = itertools.count(1)


def _unique(field: models.Field, value: Any) -> Any:
    """A value for a unique field that no other row has, in the same shape as `value`."""
    n = next(_counter)
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, (models.IntegerField, models.DecimalField)):
        return 900_000 + n
    if not isinstance(value, str):
        return value
    if "@" in value:
        return f"empty{n}@example.org"
    head = value.rstrip("0123456789")
    if head != value:  # BAR-2026-0012 -> BAR-2026-9xxxx: the check constraints' shape
        digits = len(value) - len(head)
        return f"{head}{9 * 10 ** max(digits, 4) + n}"[: field.max_length]
    if len(value) > 3 and value[-3:-1].isalpha():  # a GSTIN/IEC-like code: change the middle
        return f"{value[:-4]}{n % 10}{value[-3:]}"
    suffix = f"{n:04d}"
    return (value[: (field.max_length or 50) - len(suffix)] + suffix) if value else suffix


def _emptied_copy(
    model: type[models.Model], overrides: dict[str, Any] | None = None
) -> models.Model | None:
    """A new row of `model` copied from an existing one, with as many optional fields empty as
    its constraints allow (one at a time, each kept only if the database accepts it)."""
    source = model._base_manager.order_by("pk").first()
    if source is None:
        return None
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key and (field.auto_created or isinstance(field, models.AutoField)):
            continue
        value = getattr(source, field.attname)
        if field.is_relation and field.unique:  # a one-to-one: no free row to point at
            if not field.null:
                return None
            value = None
        elif field.primary_key or field.unique:
            value = _unique(field, value)
        values[field.attname] = value
    values.update(overrides or {})

    def insertable(candidate: dict[str, Any]) -> bool:
        try:
            with transaction.atomic():
                model._base_manager.bulk_create([model(**candidate)])
                raise _Rollback
        except _Rollback:
            return True
        except (IntegrityError, ValueError, TypeError):
            return False

    if not insertable(values):
        return None
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname not in values or field.attname in (overrides or {}):
            continue
        empty = _empty_value(field)
        if empty is _REQUIRED or values[field.attname] == empty:
            continue
        candidate = {**values, field.attname: empty}
        if insertable(candidate):
            values = candidate
    (row,) = model._base_manager.bulk_create([model(**values)])
    if row.pk is None:  # a backend that does not return ids
        row = model._base_manager.order_by("-pk").first()
    return row


class _Rollback(Exception):
    pass


def _seed_demo(settings: Any, tmp_path: Path) -> None:
    debug = settings.DEBUG
    settings.DEBUG = True  # the command refuses to run in the production profile
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = debug  # the pages are opened as pytest-django runs them: DEBUG off


def _issue_12_case(actor: User) -> dict[str, list[models.Model]]:
    """Barriers with no regulator / no country as duplicate candidates of a report under review,
    and a report with no regulator accepted into one of them."""
    report = factories.report_file(title="Shrimp plant listing stalled at the regulator")
    services.report_start_review(report=report, actor=actor)
    report.refresh_from_db()
    no_regulator = Barrier.objects.create(
        reference="BAR-2026-98001",
        title=report.title,
        barrier_kind=report.barrier_kind,
        regulator=None,
        destination_country=report.destination_country,
        sector=report.company.sector,
        status=BarrierStatus.OPEN,
    )
    no_country = Barrier.objects.create(
        reference="BAR-2026-98002",
        title=report.title,
        barrier_kind=report.barrier_kind,
        regulator=report.regulator,
        destination_country=None,
        sector=report.company.sector,
        status=BarrierStatus.OPEN,
    )
    # Filed with nothing optional: no regulator, no application number, no trade value; one is
    # left submitted (its page offers the barrier with no regulator), one accepted into it.
    bare = {"regulator": None, "application_number": "", "trade_value_usd": None}
    submitted = factories.report_file(**bare)
    accepted = factories.report_file(**bare)
    services.report_start_review(report=accepted, actor=actor)
    services.report_accept(report=accepted, barrier=no_regulator, actor=actor)
    accepted.refresh_from_db()
    assert accepted.status == ReportStatus.ACCEPTED and accepted.barrier == no_regulator
    return {
        "barriers.barrier": [no_regulator, no_country],
        "barriers.report": [report, accepted, submitted],
    }


def _rows_the_demo_lacks(superuser: User) -> None:
    """A row of the models the demo data has none of, so that their pages are crawled too."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from barriers.models import DocumentBuild, ExportFile, IdempotencyKey, Meeting

    exporter = User.objects.filter(company__isnull=False).order_by("pk").first()
    services.report_draft_save(actor=exporter, data={"title": "Rice consignment held"})
    ExportFile.objects.create(
        meeting=Meeting.objects.order_by("pk").first(), document="agenda", format="pdf"
    )
    DocumentBuild.objects.create(
        meeting=Meeting.objects.order_by("pk").first(),
        document="agenda",
        format="xlsx",
        edition="internal",
        version="0" * 64,
        file_name="agenda.xlsx",
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        content=b"PK",
        size=2,
    )
    IdempotencyKey.objects.create(
        user=exporter, key="k-1", method="POST", path="/api/v1/reports/", request_hash="0"
    )
    services.api_token_issue(user=superuser, official=True, second_factor=True)
    web = {"user_agent": "Firefox", "http_accept": "*/*", "path_info": "/admin/login/"}
    AccessAttempt.objects.create(
        username="x",
        ip_address="10.0.0.1",
        get_data="",
        post_data="",
        failures_since_start=1,
        **web,
    )
    AccessLog.objects.create(username="x", ip_address="10.0.0.1", **web)
    AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1", **web)


def _overrides(model: type[models.Model], case: dict[str, list[models.Model]]) -> dict[str, Any]:
    """Values the copy of a row of `model` needs to pass its constraints."""
    return {
        # The code formats of the check constraints; codes no demo row has.
        "barriers.meeting": {"code": "2099-Q4"},
        "barriers.country": {"code": "ZZ"},
        # One agenda item per meeting and barrier: the barrier of the issue 12 case has none.
        "barriers.agendaitem": {"barrier_id": case["barriers.barrier"][0].pk},
        "barriers.idempotencykey": {"key": "k-2"},
        "axes.accessattempt": {"username": "y"},
    }.get(model._meta.label_lower, {})


# ---------------------------------------------------------------------------------------------
# URLs
# ---------------------------------------------------------------------------------------------


def _admins() -> list[tuple[type[models.Model], admin.ModelAdmin]]:
    return sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label_lower)


def _url_name(model: type[models.Model], view: str) -> str:
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"


def _custom_object_urls(
    model: type[models.Model], model_admin: admin.ModelAdmin, pk: Any
) -> Iterator[str]:
    """The GET pages get_urls() adds beyond the standard ones, for the object `pk`."""
    prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
    standard = {prefix + view for view in STANDARD_VIEWS}
    for pattern in model_admin.get_urls():
        if not isinstance(pattern, URLPattern) or not pattern.name:
            continue
        if pattern.name in standard or pattern.name in NOT_PAGES:
            continue
        params = set(pattern.pattern.converters)
        if params == {"object_id", "step_name"}:
            for step in getattr(model_admin, "steps", ()):
                yield reverse(f"admin:{pattern.name}", args=[pk, step.name])
        elif params == {"object_id"}:
            yield reverse(f"admin:{pattern.name}", args=[pk])
        elif params == {"object_id", "item_id"}:  # a meeting's agenda items: the newest few
            items = AgendaItem.objects.filter(meeting_id=pk).order_by("-pk")
            for item_id in items.values_list("pk", flat=True)[:ROLE_SAMPLE]:
                yield reverse(f"admin:{pattern.name}", args=[pk, item_id])


def _custom_plain_urls(model_admin: admin.ModelAdmin) -> Iterator[str]:
    for pattern in model_admin.get_urls():
        if isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            if pattern.name.rsplit("_", 1)[-1] in STANDARD_VIEWS:
                continue
            try:
                yield reverse(f"admin:{pattern.name}")
            except NoReverseMatch:
                continue


def _object_urls(
    model: type[models.Model],
    model_admin: admin.ModelAdmin,
    pk: Any,
    *,
    every_view: bool,
    delete: bool,
) -> list[str]:
    """The change page of `pk`; with `every_view`, also its history page (and delete
    confirmation, with `delete`) and the admin's own GET pages for it."""
    urls = [reverse(_url_name(model, "change"), args=[pk])]
    if not every_view:
        return urls
    for view in ("history", "delete") if delete else ("history",):
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(_url_name(model, view), args=[pk]))
    urls.extend(_custom_object_urls(model, model_admin, pk))
    return urls


def _model_urls(model: type[models.Model], model_admin: admin.ModelAdmin) -> list[str]:
    changelist = reverse(_url_name(model, "changelist"))
    urls = [changelist, reverse(_url_name(model, "add"))]
    if model_admin.search_fields:
        urls.append(f"{changelist}?q=x")
    urls.extend(_custom_plain_urls(model_admin))
    return urls


def _filter_urls(client: Client, model: type[models.Model]) -> list[str]:
    """The changelist under each choice of each of its filters (the first few of each)."""
    changelist = reverse(_url_name(model, "changelist"))
    response = client.get(changelist)
    if response.status_code != 200 or response.context is None or "cl" not in response.context:
        return []
    cl = response.context["cl"]
    urls = []
    for spec in cl.filter_specs:
        choices = [choice.get("query_string") for choice in spec.choices(cl)]
        urls += [f"{changelist}{query}" for query in choices[1:FILTER_CHOICES] if query]
    return urls


def _sample(
    model: type[models.Model], emptied: Iterable[models.Model], limit: int | None
) -> list[Any]:
    pks = [obj.pk for obj in emptied]
    queryset = model._default_manager.exclude(pk__in=pks).order_by("pk")
    if model._meta.label_lower in LOG_MODELS:
        limit = LOG_SAMPLE if limit is None else min(limit, LOG_SAMPLE)
    if limit is not None:
        # First and last rows, and some in between: older and newer shapes of the data.
        total = queryset.count()
        step = max(total // max(limit, 1), 1)
        rows = list(queryset.values_list("pk", flat=True)[::step][:limit]) if total else []
    else:
        rows = list(queryset.values_list("pk", flat=True))
    return pks + rows


def _crawl(client: Client, urls: Iterable[str], failures: list[str], who: str) -> int:
    count = 0
    for url in urls:
        count += 1
        if url.endswith("/delete/"):
            # Django's delete confirmation lists every related row by its __str__: N+1 by
            # design, and not what this test looks for.
            with zeal_ignore():
                response = client.get(url)
        else:
            response = client.get(url)
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            reason = f"{type(exc[1]).__name__}: {exc[1]}" if exc else ""
            failures.append(f"{who} GET {url} -> {response.status_code} {reason}"[:400])
    return count


# ---------------------------------------------------------------------------------------------
# The crawl
# ---------------------------------------------------------------------------------------------


def test_no_admin_page_answers_5xx(settings: Any, tmp_path: Path) -> None:
    started, cpu_started = time.perf_counter(), time.process_time()
    settings.OFFICIALS_REQUIRE_MFA = False
    _seed_demo(settings, tmp_path)
    superuser = User.objects.filter(is_superuser=True).first() or factories.UserFactory(
        is_staff=True, is_superuser=True
    )

    _rows_the_demo_lacks(superuser)
    case = _issue_12_case(superuser)
    emptied: dict[str, list[models.Model]] = {label: list(rows) for label, rows in case.items()}
    concrete = {model._meta.concrete_model for model, _ in _admins()}
    not_copied = []
    for model in sorted(concrete, key=lambda m: m._meta.label_lower):
        row = _emptied_copy(model, _overrides(model, case))
        if row is None:
            not_copied.append(model._meta.label)
        else:
            emptied.setdefault(model._meta.label_lower, []).append(row)
    # Proxy models (the triage queue is a proxy of reports) see their concrete model's rows.
    for model, _ in _admins():
        label = model._meta.label_lower
        concrete_label = model._meta.concrete_model._meta.label_lower
        if label != concrete_label:
            emptied[label] = [
                model._base_manager.get(pk=row.pk) for row in emptied.get(concrete_label, [])
            ]

    actors: list[tuple[str, User, int | None]] = [("superuser", superuser, None)]
    for role in ROLE_GROUPS:
        user = factories.OfficialFactory()
        user.groups.add(Group.objects.get(name=role))
        actors.append((role, user, ROLE_SAMPLE))

    failures: list[str] = []
    pages = 0
    timings: list[str] = [f"data {time.perf_counter() - started:.1f}s"]
    for who, user, limit in actors:
        actor_started, actor_pages = time.perf_counter(), pages
        client = Client(raise_request_exception=False)
        client.force_login(user)
        pages += _crawl(client, [reverse("admin:index"), reverse("admin_dashboard")], failures, who)
        for model, model_admin in _admins():
            pages += _crawl(client, _model_urls(model, model_admin), failures, who)
            if limit is None and model._meta.app_label == "barriers":
                pages += _crawl(client, _filter_urls(client, model), failures, who)
            rows = emptied.get(model._meta.label_lower, [])
            # History, delete confirmation and the admin's own pages: the superuser opens them
            # for a sample, a role for the emptied rows only.
            sample = _sample(model, rows, ROLE_SAMPLE) if limit is None else [r.pk for r in rows]
            sampled = model._meta.proxy or model._meta.label_lower in SAMPLED_MODELS
            every = _sample(model, rows, ROLE_SAMPLE if sampled else limit)
            emptied_pks = {row.pk for row in rows}
            urls = itertools.chain.from_iterable(
                _object_urls(
                    model,
                    model_admin,
                    pk,
                    every_view=pk in sample,
                    delete=limit is None and pk in emptied_pks,
                )
                for pk in every
            )
            pages += _crawl(client, urls, failures, who)
        timings.append(f"{who} {pages - actor_pages} in {time.perf_counter() - actor_started:.1f}s")

    # Meeting documents of the meetings that hold emptied rows, in every format.
    from barriers.exports import FORMATS
    from barriers.exports.data import DOCUMENTS

    started_exports = time.perf_counter()
    meetings = {row.pk for row in emptied.get("barriers.meeting", [])} | {
        row.meeting_id
        for label in ("barriers.agendaitem", "barriers.actionpoint")
        for row in emptied.get(label, [])
    }
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    downloads = [
        reverse("admin:barriers_meeting_export", args=[pk, document, export_format])
        for pk in sorted(meetings)
        for document in DOCUMENTS
        for export_format in FORMATS
    ]
    pages += _crawl(client, downloads, failures, "superuser")
    timings.append(f"{len(downloads)} downloads in {time.perf_counter() - started_exports:.1f}s")

    print(
        f"\nadmin crawl: {pages} pages, {len(_admins())} admins, actors {len(actors)}; "
        f"{time.perf_counter() - started:.1f}s, CPU {time.process_time() - cpu_started:.1f}s "
        f"({', '.join(timings)}); "
        f"not copied: {', '.join(not_copied) or 'none'}"
    )
    assert not failures, f"{len(failures)} admin pages answered 5xx:\n" + "\n".join(failures)


def test_crawl_data_includes_the_issue_12_case(settings: Any) -> None:
    """The duplicates table of a report under review lists barriers with no regulator and no
    country (the page once answered 500 for them); the reports with no regulator open too."""
    settings.OFFICIALS_REQUIRE_MFA = False
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    case = _issue_12_case(superuser)
    client = Client()
    client.force_login(superuser)
    no_regulator, no_country = case["barriers.barrier"]
    report, accepted, submitted = case["barriers.report"]

    response = client.get(reverse("admin:barriers_report_change", args=[report.pk]))
    assert response.status_code == 200
    listed = {barrier.pk for barrier in response.context["duplicates"]}
    assert {no_regulator.pk, no_country.pk} <= listed
    response = client.get(reverse("admin:barriers_report_change", args=[submitted.pk]))
    assert response.status_code == 200
    assert no_regulator.pk in {barrier.pk for barrier in response.context["duplicates"]}

    assert accepted.barrier == no_regulator
    for url in (
        reverse("admin:barriers_report_change", args=[accepted.pk]),
        reverse("admin:barriers_barrier_change", args=[no_regulator.pk]),
        reverse("admin:barriers_barrier_change", args=[no_country.pk]),
    ):
        assert client.get(url).status_code == 200, url
