"""On PostgreSQL, the database itself refuses to edit or delete status history rows."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION barriers_statuschange_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'status history is append-only: ' || TG_OP || ' refused on barriers_statuschange',
        ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER barriers_statuschange_append_only
    BEFORE UPDATE OR DELETE ON barriers_statuschange
    FOR EACH ROW EXECUTE FUNCTION barriers_statuschange_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS barriers_statuschange_append_only ON barriers_statuschange;
DROP FUNCTION IF EXISTS barriers_statuschange_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("barriers", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
