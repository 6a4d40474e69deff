"""Role groups, third pass: only triage officers classify barriers and set priority and owner.

Agenda secretaries keep `change_barrier` (the ask and the Russian texts the agenda documents
print), but the barrier's kind, regulator, country, sector, HS codes, pending-on, manual
priority, hold and owner need `triage_barrier`, given to triage officers here. The group name is
repeated from barriers/accounts/roles.py (migrations stay frozen).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = {"Triage officer": ["triage_barrier"]}


def add_permissions(apps, schema_editor):
    using = schema_editor.connection.alias
    # Permissions are normally created by post_migrate, which has not run yet on a fresh database.
    app_config = apps.get_app_config("barriers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=using)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ADDED.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.using(using).filter(
                content_type__app_label="barriers", codename__in=codenames
            )
        )


def remove_permissions(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ADDED.items():
        group = Group.objects.using(using).filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.using(using).filter(
                    content_type__app_label="barriers", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("barriers", "0016_auditevent"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="barrier",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    (
                        "triage_barrier",
                        "Can set a barrier's classification, regulator, priority and owner",
                    )
                ],
                "verbose_name": "barrier",
                "verbose_name_plural": "barriers",
            },
        ),
        migrations.RunPython(add_permissions, remove_permissions),
    ]
