"""Rebuild every report's and barrier's search text with what issue 15 adds to it: regulator,
country and kind in English and Russian, HS descriptions, a barrier's asks and counterpart text
(barriers.domain.search_text). On PostgreSQL the trigger of 0028 rebuilds each search_vector as
the text is written.

The builders are pure functions of attributes the historical models have too, so they are used
as they are; reversal leaves the text (0007's reversal clears it).
"""

from django.db import migrations
from django.db.models import Prefetch

from barriers.domain import search_text

BATCH = 500


def fill(apps, schema_editor):
    using = schema_editor.connection.alias
    Report = apps.get_model("barriers", "Report")
    Barrier = apps.get_model("barriers", "Barrier")
    HSCode = apps.get_model("barriers", "HSCode")
    BarrierShare = apps.get_model("barriers", "BarrierShare")
    Exchange = apps.get_model("barriers", "Exchange")
    ordered_codes = Prefetch("hs_codes", queryset=HSCode.objects.using(using).order_by("code"))

    reports = (
        Report.objects.using(using)
        .select_related("company", "regulator", "destination_country", "barrier_kind")
        .prefetch_related(ordered_codes)
        .order_by("pk")
    )
    batch = []
    for report in reports.iterator(chunk_size=BATCH):
        report.search_text = search_text.report_search_text(report, report.hs_codes.all())
        batch.append(report)
        if len(batch) >= BATCH:
            Report.objects.using(using).bulk_update(batch, ["search_text"])
            batch = []
    Report.objects.using(using).bulk_update(batch, ["search_text"])

    texts: dict[int, list[str]] = {}
    for barrier_id, *parts in BarrierShare.objects.using(using).values_list(
        "barrier_id", "title_ru", "title_en", "summary_ru", "summary_en", "ask_ru", "ask_en"
    ):
        texts.setdefault(barrier_id, []).extend(part for part in parts if part)
    for barrier_id, *parts in (
        Exchange.objects.using(using).order_by("pk").values_list("barrier_id", "body_ru", "body_en")
    ):
        texts.setdefault(barrier_id, []).extend(part for part in parts if part)
    barriers = (
        Barrier.objects.using(using)
        .select_related("regulator", "destination_country", "barrier_kind")
        .prefetch_related(ordered_codes)
        .order_by("pk")
    )
    batch = []
    for barrier in barriers.iterator(chunk_size=BATCH):
        barrier.search_text = search_text.barrier_search_text(
            barrier, barrier.hs_codes.all(), texts.get(barrier.pk, [])
        )
        batch.append(barrier)
        if len(batch) >= BATCH:
            Barrier.objects.using(using).bulk_update(batch, ["search_text"])
            batch = []
    Barrier.objects.using(using).bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("barriers", "0028_search_vector_triggers")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
