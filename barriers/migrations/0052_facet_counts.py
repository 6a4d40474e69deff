"""The facet counts (barriers.models.facets): the table, and on PostgreSQL the triggers that keep
it exact and the functions that fold and rebuild it."""

from django.conf import settings
from django.db import migrations, models

# Days are counted in the project's time zone, as the overdue filters count them.
LOCAL = settings.TIME_ZONE.replace("'", "")

# (dimension, expression) of a report `r` of company `c`, and of a barrier `r`. The dimensions
# are the admin filters' field paths, or a condition filter's name; every value is text.
REPORT_DIMS = (
    ("barrier_kind", "r.barrier_kind_id"),
    ("destination_country", "r.destination_country_id"),
    ("regulator", "r.regulator_id"),
    ("company__sector", "c.sector"),
    ("owner", "r.owner_id::text"),
    ("verified", "c.verified::text"),
    ("figures_verified", "(r.figures_verified_at IS NOT NULL)::text"),
    ("lapsed", "(r.info_request_lapsed_at IS NOT NULL)::text"),
    ("decided", "(r.first_decision_at IS NOT NULL)::text"),
    # The local day a report still without a first decision was submitted on (overdue: before
    # the cut-off day, barriers.selectors.reports.overdue_for_first_decision).
    (
        "awaiting_since",
        f"CASE WHEN r.first_decision_at IS NULL "
        f"THEN (r.submitted_at AT TIME ZONE '{LOCAL}')::date::text END",
    ),
)
BARRIER_DIMS = (
    ("barrier_kind", "r.barrier_kind_id"),
    ("destination_country", "r.destination_country_id"),
    ("regulator", "r.regulator_id"),
    ("legal_basis", "r.legal_basis_id"),
    ("sector", "r.sector"),
    ("owner", "r.owner_id::text"),
    ("pending_on", "r.pending_on"),
    ("on_hold", "r.on_hold::text"),
    ("flagged", "(r.review_flagged_at IS NOT NULL)::text"),
    ("decision_due_on", "r.decision_due_on::text"),  # overdue: before today
)


def source(dims, sign, rows, company=None):
    """The rows of `rows` (a table or transition table) with their sign and values."""
    columns = ", ".join(f"{expression} AS d{i}" for i, (_d, expression) in enumerate(dims))
    if company is None:
        return f"SELECT {sign} AS n, r.status, {columns} FROM {rows} r"
    return (
        f"SELECT {sign} AS n, r.status, {columns} FROM {rows} r "
        f"JOIN {company} c ON c.id = r.company_id"
    )


def fill(model, dims, sources):
    pairs = ", ".join(f"('{dim}', s.d{i})" for i, (dim, _e) in enumerate(dims))
    union = " UNION ALL ".join(sources)
    return (
        "INSERT INTO barriers_facetcount (model, status, dim, value, n) "
        f"SELECT '{model}', s.status, v.dim, v.value, SUM(s.n) FROM ({union}) s "
        f"CROSS JOIN LATERAL (VALUES {pairs}) AS v(dim, value) "
        "GROUP BY s.status, v.dim, v.value HAVING SUM(s.n) <> 0;"
    )


def changed(dims, rows, extra=()):
    """The rows of `rows` ("new_rows" or "old_rows") of an UPDATE that changed a dimension:
    most updates change none (a title, a search vector), and cost a join, not a count."""
    expressions = [e for _d, e in dims if "c." not in e] + list(extra)
    old = ", ".join(e.replace("r.", "o.") for e in expressions)
    new = ", ".join(e.replace("r.", "nw.") for e in expressions)
    alias = "nw" if rows == "new_rows" else "o"
    return (
        f"(SELECT {alias}.* FROM new_rows nw JOIN old_rows o ON o.id = nw.id "
        f"WHERE ({old}) IS DISTINCT FROM ({new}))"
    )


R, B, C = "barriers_report", "barriers_barrier", "barriers_company"
REPORT_KEYS = ("r.status", "r.company_id")
BARRIER_KEYS = ("r.status",)
CHANGED_COMPANIES = (
    "(SELECT nw.* FROM new_rows nw JOIN old_rows o ON o.id = nw.id "
    "WHERE (o.sector, o.verified) IS DISTINCT FROM (nw.sector, nw.verified))"
)
CHANGED_COMPANIES_OLD = (
    "(SELECT o.* FROM new_rows nw JOIN old_rows o ON o.id = nw.id "
    "WHERE (o.sector, o.verified) IS DISTINCT FROM (nw.sector, nw.verified))"
)

FORWARD = f"""
CREATE FUNCTION barriers_report_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {fill("report", REPORT_DIMS, [source(REPORT_DIMS, 1, "new_rows", C)])}
  ELSIF TG_OP = 'DELETE' THEN
    {fill("report", REPORT_DIMS, [source(REPORT_DIMS, -1, "old_rows", C)])}
  ELSE
    {fill("report", REPORT_DIMS, [source(REPORT_DIMS, 1, changed(REPORT_DIMS, "new_rows", REPORT_KEYS), C), source(REPORT_DIMS, -1, changed(REPORT_DIMS, "old_rows", REPORT_KEYS), C)])}
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER barriers_report_facets_insert AFTER INSERT ON {R}
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION barriers_report_facets();
CREATE TRIGGER barriers_report_facets_update AFTER UPDATE ON {R}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION barriers_report_facets();
CREATE TRIGGER barriers_report_facets_delete AFTER DELETE ON {R}
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION barriers_report_facets();

CREATE FUNCTION barriers_company_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {fill("report", REPORT_DIMS, [source(REPORT_DIMS, 1, R, CHANGED_COMPANIES), source(REPORT_DIMS, -1, R, CHANGED_COMPANIES_OLD)])}
  RETURN NULL;
END $$;
CREATE TRIGGER barriers_company_facets_update AFTER UPDATE ON {C}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION barriers_company_facets();

CREATE FUNCTION barriers_barrier_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {fill("barrier", BARRIER_DIMS, [source(BARRIER_DIMS, 1, "new_rows")])}
  ELSIF TG_OP = 'DELETE' THEN
    {fill("barrier", BARRIER_DIMS, [source(BARRIER_DIMS, -1, "old_rows")])}
  ELSE
    {fill("barrier", BARRIER_DIMS, [source(BARRIER_DIMS, 1, changed(BARRIER_DIMS, "new_rows", BARRIER_KEYS)), source(BARRIER_DIMS, -1, changed(BARRIER_DIMS, "old_rows", BARRIER_KEYS))])}
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER barriers_barrier_facets_insert AFTER INSERT ON {B}
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION barriers_barrier_facets();
CREATE TRIGGER barriers_barrier_facets_update AFTER UPDATE ON {B}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION barriers_barrier_facets();
CREATE TRIGGER barriers_barrier_facets_delete AFTER DELETE ON {B}
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION barriers_barrier_facets();

-- Fold the added rows into one per value. Rows added meanwhile by other transactions are not
-- in this statement's snapshot, so they are neither deleted nor counted twice.
CREATE FUNCTION barriers_facet_counts_compact() RETURNS void LANGUAGE sql AS $$
  WITH gone AS (DELETE FROM barriers_facetcount RETURNING model, status, dim, value, n)
  INSERT INTO barriers_facetcount (model, status, dim, value, n)
  SELECT model, status, dim, value, SUM(n) FROM gone
  GROUP BY model, status, dim, value HAVING SUM(n) <> 0;
$$;

-- Count everything again from the reports and barriers (after bulk loads that bypass nothing,
-- this gives the same counts as the triggers, in fewer rows).
CREATE FUNCTION barriers_facet_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM barriers_facetcount;
  {fill("report", REPORT_DIMS, [source(REPORT_DIMS, 1, R, C)])}
  {fill("barrier", BARRIER_DIMS, [source(BARRIER_DIMS, 1, B)])}
END $$;
SELECT barriers_facet_counts_rebuild();
"""

BACKWARD = f"""
DROP TRIGGER barriers_report_facets_insert ON {R};
DROP TRIGGER barriers_report_facets_update ON {R};
DROP TRIGGER barriers_report_facets_delete ON {R};
DROP TRIGGER barriers_company_facets_update ON {C};
DROP TRIGGER barriers_barrier_facets_insert ON {B};
DROP TRIGGER barriers_barrier_facets_update ON {B};
DROP TRIGGER barriers_barrier_facets_delete ON {B};
DROP FUNCTION barriers_report_facets();
DROP FUNCTION barriers_company_facets();
DROP FUNCTION barriers_barrier_facets();
DROP FUNCTION barriers_facet_counts_compact();
DROP FUNCTION barriers_facet_counts_rebuild();
"""


def triggers_make(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def triggers_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("barriers", "0050_reference_sequences"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("model", models.CharField(max_length=16, verbose_name="model")),
                ("status", models.CharField(max_length=32, verbose_name="status")),
                ("dim", models.CharField(max_length=32, verbose_name="dimension")),
                (
                    "value",
                    models.CharField(blank=True, max_length=64, null=True, verbose_name="value"),
                ),
                ("n", models.IntegerField(verbose_name="count")),
            ],
            options={
                "verbose_name": "facet count",
                "verbose_name_plural": "facet counts",
                "indexes": [models.Index(fields=["model", "status"], name="facetcount_model_idx")],
            },
        ),
        migrations.RunPython(triggers_make, triggers_drop),
    ]
