"""JSON: the document's data as the API gives it, with each label in English and Russian."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from barriers.exports import labels, layout
from barriers.exports.data import JOINT_WITHHELD, ExportData

# Enumerated values that get their bilingual label beside the code.
_LABELLED = {
    "track": labels.track,
    "outcome": labels.outcome,
    "party": labels.party,
    "format": labels.meeting_format,
    "section": labels.section,
}


def _plain(value: Any, key: str = "") -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name), f.name) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")  # as DRF gives decimals: exact, as a string
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _withhold(node: Any) -> Any:
    """The joint edition's tree: India's scores, reasons, figures and exchange left out."""
    if isinstance(node, list):
        return [_withhold(v) for v in node]
    if isinstance(node, dict):
        return {k: _withhold(v) for k, v in node.items() if k not in JOINT_WITHHELD}
    return node


def _with_labels(node: Any) -> Any:
    if isinstance(node, list):
        return [_with_labels(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        out[key] = _with_labels(value)
        label = _LABELLED.get(key)
        if label is not None and isinstance(value, str):
            out[f"{key}_label"] = label(value)._asdict()
    return out


class JsonRenderer:
    """The data object as JSON: codes, recorded texts, and labels in both languages."""

    format = "json"
    media_type = "application/json"
    file_extension = "json"

    def render(self, data: ExportData) -> bytes:
        """UTF-8 JSON, Cyrillic kept as characters."""
        tree = _plain(data)
        if data.is_joint:
            tree = _withhold(tree)
            tree.pop("reserve", None)
        body = {
            "document": data.document,
            "title": labels.document_title(data.document, data.meeting)._asdict(),
            "edition_label": layout.edition_line(data.is_joint)._asdict(),
            **_with_labels(tree),
        }
        return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")
