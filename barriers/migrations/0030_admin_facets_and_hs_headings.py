"""Indexes for the admin's counts beside the filters (barriers.admin.filters), and every role
may view the HS chapters and headings (their admin is new; read-only reference data).

- report_facets_idx: the columns of the report filters' conditions (stage, overdue for a first
  decision, figures verified, verified company, meeting), so that their counts over every report
  are read from the index alone (an index-only scan) instead of the whole table.
- report_waiting_idx, on PostgreSQL only (a partial index, like 0008's): the reports still
  waiting for a decision and in a barrier, by kind and application date, which the barriers'
  "overdue" filter reads once for all the barriers of the list.
Group names are repeated from barriers/accounts/roles.py (migrations stay frozen).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ADDED = {
    "Triage officer": ["view_hsheading"],
    "Agenda secretary": ["view_hsheading"],
    "Analyst": ["view_hsheading"],
}

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


def _permissions(apps, using, codenames):
    Permission = apps.get_model("auth", "Permission")
    found = list(
        Permission.objects.using(using).filter(
            content_type__app_label="barriers", codename__in=codenames
        )
    )
    missing = set(codenames) - {permission.codename for permission in found}
    if missing:
        raise RuntimeError(f"Permissions not found: {sorted(missing)}")
    return found


def add_permissions(apps, schema_editor):
    using = schema_editor.connection.alias
    # Permissions are normally created by post_migrate, which has not run yet on a fresh database.
    app_config = apps.get_app_config("barriers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=using)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    for name, codenames in ADDED.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*_permissions(apps, using, codenames))


def remove_permissions(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    for name, codenames in ADDED.items():
        group = Group.objects.using(using).filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, using, codenames))


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
        migrations.RunPython(add_permissions, remove_permissions),
    ]
