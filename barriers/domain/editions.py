"""The two editions of a meeting document, and the rule the joint edition's Russian text follows.

The internal brief is for India's officials. The joint edition is circulated to the EAEU side:
no scores, no internal notes, no unconsented names, no trade figures, and every item in Russian.
An item lacks Russian text when its title, summary or ask has no Russian version, or the
"Russian" version has no Russian word (an English text in the Russian field): the joint edition
would then print an English-only line in the Russian column, so it is refused with the list of
what is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from barriers.domain.errors import DomainError
from barriers.models import ExportEdition

INTERNAL = ExportEdition.INTERNAL.value
JOINT = ExportEdition.JOINT.value
EDITIONS: tuple[str, ...] = (INTERNAL, JOINT)

# The Russian texts every item of a joint agenda has, and how the list of what is missing names
# them.
RUSSIAN_FIELDS: tuple[str, ...] = ("title", "summary", "ask")
_RUSSIAN_WORD = re.compile(r"[А-Яа-яЁё]{2,}")


def is_russian(text: str) -> bool:
    """Whether `text` is Russian rather than English-only: it has at least one Russian word.

    A Russian line may name a company or cite `EIC` in Latin letters; a line without a single
    Cyrillic word (an English title copied into the Russian field, a blank) is not Russian.
    """
    return bool(_RUSSIAN_WORD.search(text or ""))


@dataclass(frozen=True)
class RussianTexts:
    """The Russian title, summary and ask an item of the joint edition shows."""

    reference: str
    title: str
    summary: str
    ask: str

    def missing(self) -> tuple[str, ...]:
        return tuple(name for name in RUSSIAN_FIELDS if not is_russian(getattr(self, name)))


@dataclass(frozen=True)
class MissingRussian:
    reference: str
    fields: tuple[str, ...]

    def line(self) -> str:
        return f"{self.reference}: {', '.join(self.fields)}"


def russian_missing(items: Iterable[RussianTexts]) -> list[MissingRussian]:
    """The items whose Russian title, summary or ask is missing, with the fields missing."""
    return [
        MissingRussian(item.reference, missing) for item in items if (missing := item.missing())
    ]


class RussianTextMissing(DomainError):
    """A joint agenda with items lacking Russian text: refused, naming each barrier and field."""

    code = "russian_text_missing"

    def __init__(self, missing: list[MissingRussian], *, action: str) -> None:
        self.missing = missing
        lines = "; ".join(m.line() for m in missing)
        super().__init__(
            f"The joint agenda cannot be {action}: {len(missing)} item"
            f"{'s lack' if len(missing) != 1 else ' lacks'} Russian text (title, summary, ask) "
            f"— {lines}. Enter the Russian text on the barrier (or its share with the regulator) "
            "and try again."
        )


def check_russian(items: Iterable[RussianTexts], *, action: str) -> None:
    """Refuse (`action`: circulated, frozen, built) when an item lacks Russian text."""
    missing = russian_missing(items)
    if missing:
        raise RussianTextMissing(missing, action=action)


@dataclass(frozen=True)
class JointText:
    """What the joint edition says of one barrier, in English and in Russian."""

    title_en: str
    title_ru: str
    summary_en: str
    summary_ru: str
    ask_en: str
    ask_ru: str
    shared: bool  # from the text the official shared with the regulator

    def russian(self, reference: str) -> RussianTexts:
        return RussianTexts(reference, self.title_ru, self.summary_ru, self.ask_ru)


def joint_text(
    *,
    title: str,
    title_ru: str,
    summary: str,
    summary_ru: str,
    ask: str,
    ask_ru: str,
    item_ask: str = "",
    item_ask_ru: str = "",
    share: JointText | None = None,
) -> JointText:
    """The counterpart-facing text of a barrier: the shared text while it is shared with its
    regulator, else the barrier's own (the agenda item's ask first)."""
    if share is not None:
        return share
    return JointText(
        title_en=title,
        title_ru=title_ru,
        summary_en=summary,
        summary_ru=summary_ru,
        ask_en=item_ask or ask,
        ask_ru=item_ask_ru or ask_ru,
        shared=False,
    )
