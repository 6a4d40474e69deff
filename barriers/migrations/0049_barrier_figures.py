"""Barrier.report_count, companies_affected, total_trade_value_usd and times_raised: the figures
the officials' barrier list and page show, stored instead of four correlated subqueries per
barrier on every request (issue 18: 46% of the barrier page's CPU built and ran that query).

The columns are added at zero and filled for the existing barriers in one UPDATE (the same rule
as services.barrier_figures_refresh, repeated here: migrations stay frozen). Reversing drops them.
"""

from decimal import Decimal

from django.db import migrations, models

FILL = """
UPDATE "barriers_barrier" SET
    "report_count" = COALESCE((
        SELECT COUNT(*) FROM "barriers_report" r WHERE r."barrier_id" = "barriers_barrier"."id"
    ), 0),
    "companies_affected" = COALESCE((
        SELECT COUNT(DISTINCT r."company_id") FROM "barriers_report" r
        WHERE r."barrier_id" = "barriers_barrier"."id"
    ), 0),
    "total_trade_value_usd" = COALESCE((
        SELECT SUM(r."trade_value_usd") FROM "barriers_report" r
        WHERE r."barrier_id" = "barriers_barrier"."id"
    ), 0),
    "times_raised" = COALESCE((
        SELECT COUNT(*) FROM "barriers_agendaitem" i
        JOIN "barriers_meeting" m ON m."id" = i."meeting_id"
        WHERE i."barrier_id" = "barriers_barrier"."id" AND i."section" = 'agenda'
            AND m."status" IN ('held', 'closed') AND i."outcome" NOT IN ('', 'deferred')
    ), 0)
"""


def fill_barrier_figures(apps, schema_editor):
    """Every barrier's figures from its reports and agenda items."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL)


class Migration(migrations.Migration):

    dependencies = [
        ("barriers", "0048_document_build"),
    ]

    operations = [
        migrations.AddField(
            model_name="barrier",
            name="report_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="reports"),
        ),
        migrations.AddField(
            model_name="barrier",
            name="companies_affected",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="companies affected"
            ),
        ),
        migrations.AddField(
            model_name="barrier",
            name="total_trade_value_usd",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0"),
                editable=False,
                max_digits=16,
                verbose_name="total trade value (USD)",
            ),
        ),
        migrations.AddField(
            model_name="barrier",
            name="times_raised",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="times raised"
            ),
        ),
        migrations.RunPython(fill_barrier_figures, migrations.RunPython.noop),
    ]
