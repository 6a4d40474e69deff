"""Barrier.decision_due_on: the earliest day a decision is due on one of the barrier's reports
still waiting for one (applied_on + its kind's usual_decision_days), which the admin's "overdue"
filter reads instead of the reports (at 100,000 reports it read ~40,000 waiting reports on every
page view: 40 to 70 ms of a 240 ms page).

The column is added empty, filled for the existing barriers in one UPDATE (the same rule as
services.barrier_decision_due_refresh, repeated here: migrations stay frozen), then indexed:
barrier_decision_due_idx for the filtered list, and barrier_facets_idx gains the column so that
the condition filters' counts still read that index alone.
"""

from django.db import migrations, models

# Dates plus days: PostgreSQL adds an integer to a date; SQLite keeps dates as ISO text.
DUE = {
    "postgresql": 'r."applied_on" + k."usual_decision_days"',
    "sqlite": "date(r.\"applied_on\", '+' || k.\"usual_decision_days\" || ' days')",
}

FILL = """
UPDATE "barriers_barrier" SET "decision_due_on" = (
    SELECT MIN({due})
    FROM "barriers_report" r
    JOIN "barriers_barrierkind" k ON k."code" = r."barrier_kind_id"
    WHERE r."barrier_id" = "barriers_barrier"."id" AND r."decision_received_on" IS NULL
)
WHERE "id" IN (
    SELECT "barrier_id" FROM "barriers_report"
    WHERE "decision_received_on" IS NULL AND "barrier_id" IS NOT NULL
)
"""


def fill_decision_due_on(apps, schema_editor):
    """Every barrier's decision due day from its waiting reports (the others stay empty)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(FILL.format(due=DUE[connection.vendor]))


class Migration(migrations.Migration):

    dependencies = [
        ("barriers", "0040_facet_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="barrier",
            name="decision_due_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="decision due on"
            ),
        ),
        migrations.RunPython(fill_decision_due_on, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="barrier",
            name="barrier_facets_idx",
        ),
        migrations.AddIndex(
            model_name="barrier",
            index=models.Index(
                fields=["id", "review_flagged_at", "decision_due_on"], name="barrier_facets_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="barrier",
            index=models.Index(fields=["decision_due_on"], name="barrier_decision_due_idx"),
        ),
    ]
