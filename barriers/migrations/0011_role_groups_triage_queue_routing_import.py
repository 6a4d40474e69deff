"""Role groups, second pass: the triage queue, routing settings and bulk import of reports.

- Every role may view the triage queue (a proxy of reports) and the routing settings.
- Triage officers may work the queue and import reports for associations (`add_report`: the
  admin itself never adds a report by hand; import runs every row through report_create).
- Agenda secretaries may change the routing weights and meeting defaults.
Group names are repeated from barriers/accounts/roles.py (migrations stay frozen). No delete permission.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EVERY_ROLE = ["view_triagequeueentry", "view_routingsettings", "view_historicalroutingsettings"]

ADDED = {
    "Triage officer": [*EVERY_ROLE, "change_triagequeueentry", "add_report"],
    "Agenda secretary": [*EVERY_ROLE, "change_routingsettings"],
    "Analyst": EVERY_ROLE,
}


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
        ("barriers", "0010_pg_trgm_for_duplicate_suggestions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
