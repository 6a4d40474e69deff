"""Role groups, fifth pass: triage officers invite and deactivate counterpart focal points and
share barriers with their regulator.

Adds `share_barrier`, `view_barriershare` (the list of shared barriers) and the focal points' page (`view_`, `add_` and `change_focalpoint`; the
add is an invitation, the change a deactivation) to the triage officer group, as
0017_barrier_triage_permission does. The group name is repeated from barriers/accounts/roles.py
(migrations stay frozen).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = {
    "Triage officer": [
        "share_barrier",
        "view_barriershare",
        "view_focalpoint",
        "add_focalpoint",
        "change_focalpoint",
    ]
}


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
        ("barriers", "0021_counterpart_focal_points_and_shares"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
