"""Nothing unpublished, internal or unconsented reaches the public register: every internal field
of a published barrier, and of every row linked to it, holds a marker; no public page, download,
feed or sitemap carries one. Taken down, the barrier is gone from all of them."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, models, transaction
from django.test import Client
from django.utils import timezone

from barriers.models import (
    ActionPoint,
    AgendaItem,
    Barrier,
    BarrierShare,
    CaseDocument,
    Company,
    Deadline,
    Document,
    Exchange,
    FixConfirmation,
    Meeting,
    Message,
    Report,
    StatusChange,
    User,
)
from barriers.services import publishing
from tests.public.helpers import PUBLIC_SUMMARY, PUBLIC_TITLE, fresh, held_setup, publish

pytestmark = pytest.mark.django_db

# What the public may see of these rows (everything else gets a marker).
PUBLIC_FIELDS: dict[type[models.Model], set[str]] = {
    Barrier: {"reference", "public_title", "public_summary", "public_search_text"},
    Meeting: {"code"},
}
_numbers = itertools.count(1)


def _marker() -> str:
    return f"zqmark{next(_numbers):04d}x"


def fill_with_markers(rows: models.QuerySet, markers: list[str]) -> None:
    """Every text field of every row (not a choice, long enough) gets a marker of its own; a
    field the database keeps to a format (references, codes) keeps its value."""
    model = rows.model
    public = PUBLIC_FIELDS.get(model, set())
    for pk in list(rows.values_list("pk", flat=True)):
        for field in model._meta.concrete_fields:
            if (
                not isinstance(field, models.CharField | models.TextField)
                or field.choices
                or field.primary_key
                or field.name in public
                or (field.max_length or 100) < 12
            ):
                continue
            marker = _marker()
            try:
                with transaction.atomic():
                    model.objects.filter(pk=pk).update(**{field.name: marker})
            except (IntegrityError, DataError):
                continue
            markers.append(marker)


def public_outputs(barrier: Barrier) -> dict[str, tuple[int, str]]:
    client = Client()
    paths = [
        "/public/",
        f"/public/?q={barrier.reference}",
        f"/public/?regulator={barrier.regulator_id}",
        f"/public/barriers/{barrier.reference}/",
        "/public/statistics/",
        "/public/data/",
        "/public/data/register.csv",
        "/public/data/register.json",
        "/public/feed.atom",
        "/public/sitemap.xml",
        "/robots.txt",
    ]
    outputs = {}
    for path in paths:
        response = client.get(path)
        outputs[path] = (response.status_code, response.content.decode("utf-8-sig"))
    return outputs


@pytest.fixture
def marked():
    setup, officer = held_setup()
    barrier = setup.listing
    now = timezone.now()
    # Rows of every kind linked to the barrier, besides those the meeting made.
    share = BarrierShare.objects.create(
        barrier=barrier,
        regulator=barrier.regulator,
        title_ru="x",
        summary_ru="x",
        ask_ru="x",
        shared_by=officer,
    )
    Exchange.objects.create(
        barrier=barrier,
        regulator=barrier.regulator,
        kind="clarification",
        party="eaeu",
        author=officer,
        body_ru="x",
        body_en="x",
    )
    Deadline.objects.create(
        barrier=barrier,
        stage="acknowledge",
        party="eaeu",
        regulator=barrier.regulator,
        calendar="RU",
        opened_on=now.date(),
        due_on=now.date() + dt.timedelta(days=30),
    )
    report = barrier.reports.first()
    FixConfirmation.objects.create(barrier=barrier, company=report.company, fixed=False, note="x")
    Message.objects.create(barrier=barrier, author=officer, visibility="internal", body="x")
    CaseDocument.objects.create(
        barrier=barrier,
        kind=CaseDocument._meta.get_field("kind").choices[0][0],
        title="x",
        file="case/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=officer,
    )
    Barrier.objects.filter(pk=barrier.pk).update(owner=officer, on_hold=False)
    publish(barrier, officer)  # show_companies stays off: no company is named
    markers: list[str] = []
    reports = Report.objects.filter(barrier=barrier)
    fill_with_markers(Barrier.objects.filter(pk=barrier.pk), markers)
    fill_with_markers(reports, markers)
    fill_with_markers(Company.objects.filter(reports__barrier=barrier).distinct(), markers)
    fill_with_markers(
        User.objects.filter(
            models.Q(filed_reports__barrier=barrier) | models.Q(pk=officer.pk)
        ).distinct(),
        markers,
    )
    fill_with_markers(
        Message.objects.filter(models.Q(barrier=barrier) | models.Q(report__barrier=barrier)),
        markers,
    )
    fill_with_markers(Document.objects.filter(report__barrier=barrier), markers)
    fill_with_markers(AgendaItem.objects.filter(barrier=barrier), markers)
    fill_with_markers(ActionPoint.objects.filter(barrier=barrier), markers)
    fill_with_markers(StatusChange.objects.filter(barrier=barrier), markers)
    fill_with_markers(StatusChange.objects.filter(report__barrier=barrier), markers)
    fill_with_markers(BarrierShare.objects.filter(pk=share.pk), markers)
    fill_with_markers(Exchange.objects.filter(barrier=barrier), markers)
    fill_with_markers(Deadline.objects.filter(barrier=barrier), markers)
    fill_with_markers(FixConfirmation.objects.filter(barrier=barrier), markers)
    fill_with_markers(CaseDocument.objects.filter(barrier=barrier), markers)
    fill_with_markers(Meeting.objects.filter(agenda_items__barrier=barrier).distinct(), markers)
    # Figures per company: numbers that appear nowhere else.
    reports.update(
        trade_value_usd=Decimal("987654.32"),
        consignments_affected=424242,
        verified_trade_value_usd=None,
    )
    markers += ["987654", "987,654", "424242", "424,242"]
    fresh()  # the rows were changed behind the services' back
    barrier.refresh_from_db()
    return barrier, officer, markers


def test_no_internal_marker_reaches_any_public_output(marked) -> None:
    barrier, _officer, markers = marked
    assert len(markers) > 60  # every model linked to the barrier was marked
    outputs = public_outputs(barrier)
    for path, (status, text) in outputs.items():
        assert status == 200, path
        lowered = text.lower()
        leaked = [marker for marker in markers if marker.lower() in lowered]
        assert not leaked, f"{path} shows {leaked}"
    page = outputs[f"/public/barriers/{barrier.reference}/"][1]
    assert PUBLIC_TITLE in page and PUBLIC_SUMMARY in page  # the public text is shown
    for path in (
        "/public/",
        "/public/data/register.csv",
        "/public/feed.atom",
        "/public/sitemap.xml",
    ):
        assert barrier.reference in outputs[path][1], path


def test_a_search_for_an_internal_marker_finds_nothing(marked) -> None:
    barrier, _officer, markers = marked
    client = Client()
    for marker in markers[:20]:
        html = client.get("/public/", {"q": marker}).content.decode()
        assert barrier.reference not in html, marker


def test_unpublished_the_barrier_is_gone_from_every_output(marked) -> None:
    barrier, officer, _markers = marked
    public_outputs(barrier)  # cached
    publishing.barrier_unpublish(barrier=barrier, actor=officer)
    outputs = public_outputs(barrier)
    assert outputs[f"/public/barriers/{barrier.reference}/"][0] == 404
    searched = f"/public/?q={barrier.reference}"
    assert "No published barrier matches" in outputs.pop(searched)[1]  # the box echoes it
    for path, (status, text) in outputs.items():
        if status == 200:
            assert barrier.reference not in text, path
            assert PUBLIC_TITLE not in text, path


@pytest.mark.postgres
def test_no_marker_on_postgresql_either(marked) -> None:
    test_no_internal_marker_reaches_any_public_output(marked)
