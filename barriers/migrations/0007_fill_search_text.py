"""Fill the search text of existing reports and barriers (schema in 0006, index in 0008).

The text is built as services.report_search_text_build and barrier_search_text_build build it,
repeated here because a migration stays frozen while the services move on.
"""

from django.db import migrations

BATCH = 1000


def _normalize(parts):
    return " ".join(" ".join(parts).split()).lower()


def fill_search_text(apps, schema_editor):
    using = schema_editor.connection.alias
    Report = apps.get_model("barriers", "Report")
    Barrier = apps.get_model("barriers", "Barrier")

    reports = (
        Report.objects.using(using)
        .select_related("company")
        .prefetch_related("hs_codes")
        .order_by("pk")
    )
    batch = []
    for report in reports.iterator(chunk_size=BATCH):
        codes = sorted(code.code for code in report.hs_codes.all())
        report.search_text = _normalize(
            [
                report.reference,
                report.company.iec,
                *codes,
                report.company.name,
                report.application_number,
                report.title,
                report.description,
            ]
        )
        batch.append(report)
        if len(batch) >= BATCH:
            Report.objects.using(using).bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Report.objects.using(using).bulk_update(batch, ["search_text"])

    barriers = Barrier.objects.using(using).prefetch_related("hs_codes").order_by("pk")
    batch = []
    for barrier in barriers.iterator(chunk_size=BATCH):
        codes = sorted(code.code for code in barrier.hs_codes.all())
        barrier.search_text = _normalize(
            [barrier.reference, *codes, barrier.title, barrier.title_ru, barrier.summary]
        )
        batch.append(barrier)
        if len(batch) >= BATCH:
            Barrier.objects.using(using).bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Barrier.objects.using(using).bulk_update(batch, ["search_text"])


def clear_search_text(apps, schema_editor):
    using = schema_editor.connection.alias
    apps.get_model("barriers", "Report").objects.using(using).update(search_text="")
    apps.get_model("barriers", "Barrier").objects.using(using).update(search_text="")


class Migration(migrations.Migration):
    dependencies = [("barriers", "0006_report_barrier_search_text")]

    operations = [migrations.RunPython(fill_search_text, clear_search_text)]
