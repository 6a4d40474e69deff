"""The demo cases, read from the TOML files in `data/` into the dataclasses of `seeds`.

Each file holds arrays of tables (`[[report]]`, ...) whose keys are a dataclass's fields. The
loader checks what a typo would otherwise turn into a confusing failure halfway through the
build: unknown or missing keys, a value of the wrong type, a choice that is not one of the model's
choices. It does not check references to other rows (HS codes, regulators, barrier keys): the
tests do (tests/devtools/test_demo_cases.py). The files sit beside this module, so they are
found in a development (editable) install; like the rest of `devtools`, they are not in the
built package.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from barriers.accounts import roles
from barriers.models import (
    BarrierStatus,
    CompanyKind,
    ExchangeKind,
    Outcome,
    Party,
    PendingOn,
    RejectionReason,
    Remit,
    Sector,
)
from devtools.demo.seeds import (
    FLOW_STEPS,
    ActionSeed,
    AgendaSeed,
    BarrierSeed,
    CompanySeed,
    ExchangeSeed,
    FocalPointSeed,
    NoteSeed,
    OfficialSeed,
    ParticipantsSeed,
    PublicSeed,
    ReportSeed,
    RussianSeed,
    ShareSeed,
)

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_PASSWORD = "demo-pass-2026"

Seed = TypeVar("Seed")

# Fields whose values must be one of a set: a model's choices (the value becomes the choice's
# member, as `Sector.MARINE` in code) or a plain tuple. An empty value is the "none" default.
CHOICES: dict[tuple[type, str], Any] = {
    (CompanySeed, "kind"): CompanyKind,
    (CompanySeed, "sector"): Sector,
    (OfficialSeed, "role"): roles.ROLE_GROUPS,
    (BarrierSeed, "sector"): Sector,
    (BarrierSeed, "pending_on"): PendingOn,
    (ReportSeed, "flow"): FLOW_STEPS,
    (ReportSeed, "reason"): RejectionReason,
    (AgendaSeed, "track"): Remit,
    (AgendaSeed, "outcome"): Outcome,
    (AgendaSeed, "path"): BarrierStatus,
    (ActionSeed, "party"): Party,
    (ExchangeSeed, "kind"): ExchangeKind,
}


class DemoDataError(ValueError):
    """A demo data file that does not match the shape of its cases."""


def read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{path}: not valid TOML: {error}") from None


def rows(document: Mapping[str, Any], name: str, seed: type[Seed], path: Path) -> tuple[Seed, ...]:
    """The `[[name]]` tables of a parsed file, each checked and made into a `seed`."""
    tables = document.get(name)
    if not isinstance(tables, list) or not tables:
        raise DemoDataError(f"{path}: no [[{name}]] tables")
    return tuple(
        build(seed, table, f"{path.name}, [[{name}]] no. {number}{label(table)}")
        for number, table in enumerate(tables, start=1)
    )


def label(table: Mapping[str, Any]) -> str:
    """How a table names its case, for error messages: " (key)", or nothing."""
    name = next((table[k] for k in ("key", "slug", "email", "barrier") if k in table), "")
    return f" ({name})" if name else ""


def build(seed: type[Seed], table: Mapping[str, Any], where: str) -> Seed:
    fields = {f.name: f for f in dataclasses.fields(seed)}  # type: ignore[arg-type]
    hints = typing.get_type_hints(seed)
    unknown = sorted(table.keys() - fields.keys())
    if unknown:
        raise DemoDataError(f"{where}: unknown key(s) {', '.join(unknown)}")
    missing = [
        name
        for name, f in fields.items()
        if name not in table
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise DemoDataError(f"{where}: missing key(s) {', '.join(missing)}")
    values = {
        name: convert(value, hints[name], CHOICES.get((seed, name)), f"{where}, {name}")
        for name, value in table.items()
    }
    return seed(**values)


def convert(value: Any, hint: Any, choices: Any, where: str) -> Any:
    """`value` as the field's type (a list becomes a tuple), or a DemoDataError saying why not."""
    if typing.get_origin(hint) is tuple:
        if not isinstance(value, list):
            raise DemoDataError(f"{where}: expected a list, got {value!r}")
        return tuple(convert(item, typing.get_args(hint)[0], choices, where) for item in value)
    allowed = tuple(t for t in typing.get_args(hint) or (hint,) if t is not type(None))
    # TOML tells integers from booleans and dates from date-times; Python's isinstance does not.
    if not isinstance(value, allowed) or (
        (isinstance(value, bool) and bool not in allowed)
        or (isinstance(value, dt.datetime) and dt.datetime not in allowed)
    ):
        names = " or ".join(t.__name__ for t in allowed)
        raise DemoDataError(f"{where}: expected {names}, got {value!r}")
    if choices is None or value == "":
        return value
    options = choices.values if hasattr(choices, "values") else choices
    if value not in options:
        raise DemoDataError(f"{where}: {value!r} is not one of {', '.join(options)}")
    return choices(value) if hasattr(choices, "values") else value


_companies, _barriers, _reports, _meetings, _counterparts = (
    read(DATA / f"{name}.toml")
    for name in ("companies", "barriers", "reports", "meetings", "counterparts")
)
COMPANIES = rows(_companies, "company", CompanySeed, DATA / "companies.toml")
OFFICIALS = rows(_companies, "official", OfficialSeed, DATA / "companies.toml")
ADMIN_EMAIL = next(official.email for official in OFFICIALS if not official.role)
BARRIERS = rows(_barriers, "barrier", BarrierSeed, DATA / "barriers.toml")
BARRIER_NOTES = rows(_barriers, "note", NoteSeed, DATA / "barriers.toml")
BARRIER_RUSSIAN = rows(_barriers, "russian", RussianSeed, DATA / "barriers.toml")
PUBLISHED = rows(_barriers, "public", PublicSeed, DATA / "barriers.toml")
# In file order: the builder draws each report's variation (trade value, consent) in it.
REPORTS = rows(_reports, "report", ReportSeed, DATA / "reports.toml")
AGENDA = rows(_meetings, "agenda", AgendaSeed, DATA / "meetings.toml")
ACTIONS = rows(_meetings, "action", ActionSeed, DATA / "meetings.toml")
_participants = _meetings.get("participants")
if not isinstance(_participants, dict):
    raise DemoDataError(f"{DATA / 'meetings.toml'}: no [participants] table")
PARTICIPANTS = build(ParticipantsSeed, _participants, "meetings.toml, [participants]")
# The EAEU side: focal points, the barriers shared with them and the exchange since, in order.
FOCAL_POINTS = rows(_counterparts, "focal_point", FocalPointSeed, DATA / "counterparts.toml")
SHARES = rows(_counterparts, "share", ShareSeed, DATA / "counterparts.toml")
EXCHANGES = rows(_counterparts, "exchange", ExchangeSeed, DATA / "counterparts.toml")
