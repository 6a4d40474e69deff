"""On PostgreSQL, a sequence for each prefix and year that references are numbered in.

References were numbered by incrementing the ReferenceCounter row in the filing's transaction,
which held the row's lock until the filing committed: concurrent filings waited for each other.
services.reference_next now takes the number from the prefix and year's sequence, which holds no
lock and is never rolled back (a failed filing leaves a gap; no number is ever reused). Each
sequence made here continues after its counter row's last value; sequences of later years are
made when first needed. The counter table is locked while this runs, so a filing of the old code
still in flight is counted first.

Reversed, each counter row takes its sequence's last value and the sequences are dropped, so the
old code goes on numbering after the last reference handed out. SQLite keeps its counter rows.
"""

from django.db import migrations

SEQUENCE_PREFIX = "barriers_reference_"  # ReferenceCounter.SEQUENCE_PREFIX
TABLE = "barriers_referencecounter"


def sequence_name(prefix, year):
    return f"{SEQUENCE_PREFIX}{prefix.lower()}_{year}"


def sequences_make(apps, schema_editor):
    """A sequence for each counter row, starting after its last value."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {TABLE} IN EXCLUSIVE MODE")
        cursor.execute(f"SELECT prefix, year, last_value FROM {TABLE} ORDER BY prefix, year")
        for prefix, year, last_value in cursor.fetchall():
            name = sequence_name(prefix, year)
            cursor.execute(f'CREATE SEQUENCE IF NOT EXISTS "{name}" AS bigint MINVALUE 1 NO CYCLE')
            if last_value > 0:
                cursor.execute(
                    "SELECT setval(%s::regclass, greatest(%s, "
                    "coalesce(pg_sequence_last_value(%s::regclass), 0)))",
                    [name, last_value, name],
                )


def sequences_drop(apps, schema_editor):
    """Each counter row takes its sequence's last value; the sequences go."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {TABLE} IN EXCLUSIVE MODE")
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences "
            "WHERE schemaname = current_schema() AND sequencename LIKE %s",
            [SEQUENCE_PREFIX.replace("_", r"\_") + "%"],
        )
        for name, last_value in cursor.fetchall():
            prefix, year = name.removeprefix(SEQUENCE_PREFIX).rsplit("_", 1)
            if last_value is not None:
                cursor.execute(
                    f"INSERT INTO {TABLE} (prefix, year, last_value) VALUES (%s, %s, %s) "
                    "ON CONFLICT (prefix, year) DO UPDATE "
                    f"SET last_value = greatest({TABLE}.last_value, excluded.last_value)",
                    [prefix.upper(), int(year), last_value],
                )
            cursor.execute(f'DROP SEQUENCE "{name}"')


class Migration(migrations.Migration):
    dependencies = [("barriers", "0049_barrier_figures")]

    operations = [migrations.RunPython(sequences_make, sequences_drop)]
