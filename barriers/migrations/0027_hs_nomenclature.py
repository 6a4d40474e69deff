"""The whole HS 2022 nomenclature as reference data: 96 chapters, 1,228 headings, 5,612
subheadings, from fixtures/hs2022/harmonized-system.csv (public domain; its README says where
from).

Subheadings already here (the curated ones of fixtures/reference.json) keep their description,
sector and perishability and only gain their heading; the others get the nomenclature's English
description, a sector from their chapter or heading (agricultural: chapters 01-24 and the other
headings of the WTO Agreement on Agriculture's Annex 1; marine: fish, crustaceans and molluscs;
empty for other goods) and perishability for live, fresh and chilled goods of chapters 01-04, 06,
07 and 08. `load` is also what the test suite calls after a flush empties the tables.
Reversal removes the subheadings no report or barrier uses and every chapter and heading.
"""

import csv
from pathlib import Path

from django.db import migrations

SOURCE = Path(__file__).resolve().parents[2] / "fixtures" / "hs2022" / "harmonized-system.csv"

MARINE_HEADINGS = {"0508", "1504", "1603", "1604", "1605"}
MARINE_SUBHEADINGS = {"230120"}
# Annex 1 of the WTO Agreement on Agriculture, beyond chapters 01-24 (headings only; its few
# subheadings elsewhere, such as 290543, are left out).
AGRICULTURAL_HEADINGS = {
    "3301", "3501", "3502", "3503", "3504", "3505", "4101", "4102", "4103", "4301",
    "5001", "5002", "5003", "5101", "5102", "5103", "5201", "5202", "5203", "5301", "5302",
}  # fmt: skip
PERISHABLE_CHAPTERS = {"01", "02", "03", "04", "06", "07", "08"}
NOT_PERISHABLE_WORDS = ("dried", "dry", "preserved", "salted", "smoked", "in brine", "flour")


def sector_of(code: str) -> str:
    if code[:2] == "03" or code[:4] in MARINE_HEADINGS or code in MARINE_SUBHEADINGS:
        return "marine"
    if int(code[:2]) <= 24 or code[:4] in AGRICULTURAL_HEADINGS:
        return "agricultural"
    return ""


def perishable(code: str, description: str) -> bool:
    if code[:2] not in PERISHABLE_CHAPTERS:
        return False
    text = description.lower()
    return not any(word in text for word in NOT_PERISHABLE_WORDS)


def rows() -> list[dict[str, str]]:
    """The nomenclature's rows, without UN Comtrade's own aggregates (section TOTAL: chapter 99
    "Commodities not specified according to kind" and the grand total), which no customs
    declaration uses."""
    with SOURCE.open(encoding="utf-8-sig", newline="") as source:
        return [row for row in csv.DictReader(source) if row["section"] != "TOTAL"]


def load(apps, schema_editor):
    HSHeading = apps.get_model("barriers", "HSHeading")
    HSCode = apps.get_model("barriers", "HSCode")
    data = rows()
    for level in ("2", "4"):
        HSHeading.objects.bulk_create(
            [
                HSHeading(
                    code=row["hscode"],
                    level=int(level),
                    description=row["description"][:300],
                    section=row["section"],
                    chapter_id=None if level == "2" else row["parent"],
                )
                for row in data
                if row["level"] == level
            ],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["description", "section", "chapter"],
            batch_size=500,
        )
    # A curated subheading keeps what the project wrote about it: only its heading is updated.
    HSCode.objects.bulk_create(
        [
            HSCode(
                code=row["hscode"],
                description=row["description"][:300],
                heading_id=row["parent"],
                sector=sector_of(row["hscode"]),
                perishable=perishable(row["hscode"], row["description"]),
            )
            for row in data
            if row["level"] == "6"
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["heading"],
        batch_size=500,
    )


def unload(apps, schema_editor):
    HSHeading = apps.get_model("barriers", "HSHeading")
    HSCode = apps.get_model("barriers", "HSCode")
    HSCode.objects.filter(reports__isnull=True, barriers__isnull=True).exclude(
        description_ru__gt=""
    ).delete()
    HSCode.objects.update(heading=None)
    HSHeading.objects.filter(level=4).delete()
    HSHeading.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("barriers", "0026_hs_headings_and_search_vectors")]

    operations = [migrations.RunPython(load, unload)]
