"""The officials' role groups and their permissions (names repeated from barriers/accounts/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# The case file: every role may view these (historical* are django-simple-history's copies).
# Exporters' unfiled report drafts and API idempotency keys are left out on purpose.
VIEWABLE = [
    "user",
    "company",
    "country",
    "regulator",
    "hscode",
    "barrierkind",
    "referencecounter",
    "report",
    "barrier",
    "meeting",
    "agendaitem",
    "actionpoint",
    "message",
    "document",
    "statuschange",
    "outboundemail",
    "historicalcompany",
    "historicalreport",
    "historicalbarrier",
    "historicalmeeting",
    "historicalagendaitem",
    "historicalactionpoint",
]

ROLES = {
    "Triage officer": [
        *(f"view_{model}" for model in VIEWABLE),
        "change_report",
        "change_barrier",
        "change_company",
        "change_message",
        "change_document",
        "add_barrier",
        "add_message",
        "add_document",
    ],
    "Agenda secretary": [
        *(f"view_{model}" for model in VIEWABLE),
        "add_meeting",
        "change_meeting",
        "add_agendaitem",
        "change_agendaitem",
        "add_actionpoint",
        "change_actionpoint",
        "change_barrier",
    ],
    "Analyst": [f"view_{model}" for model in VIEWABLE],
}


def create_role_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    # Permissions are normally created by post_migrate, which has not run yet on a fresh database.
    app_config = apps.get_app_config("barriers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=using)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        permissions = list(
            Permission.objects.using(using).filter(
                content_type__app_label="barriers", codename__in=codenames
            )
        )
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise RuntimeError(f"Permissions not found for {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def delete_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("barriers", "0003_report_association_drafts_idempotency"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, delete_role_groups)]
