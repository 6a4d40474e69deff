"""Indexes for the admin's counts beside the filters (barriers.admin.filters).

- report_facets_idx: the columns of the report filters' conditions (stage, overdue for a first
  decision, figures verified, verified company, meeting), so that their counts over every report
  are read from the index alone (an index-only scan) instead of the whole table.
- report_waiting_idx, on PostgreSQL only (a partial index, like 0008's): the reports still
  waiting for a decision and in a barrier, by kind and application date, which the barriers'
  "overdue" filter reads once for all the barriers of the list.
"""

from django.db import migrations, models

WAITING = (
    'CREATE INDEX IF NOT EXISTS "report_waiting_idx" ON "barriers_report" '
    '("barrier_kind_id", "applied_on", "barrier_id") '
    'WHERE "decision_received_on" IS NULL AND "barrier_id" IS NOT NULL'
)


def create_waiting_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(WAITING)
    schema_editor.execute('ANALYZE "barriers_report"')


def drop_waiting_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute('DROP INDEX IF EXISTS "report_waiting_idx"')


class Migration(migrations.Migration):
    dependencies = [
        ("barriers", "0029_search_text_in_two_languages"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=[
                    "status",
                    "first_decision_at",
                    "submitted_at",
                    "figures_verified_at",
                    "company",
                    "barrier",
                ],
                name="report_facets_idx",
            ),
        ),
        migrations.RunPython(create_waiting_index, drop_waiting_index),
    ]
