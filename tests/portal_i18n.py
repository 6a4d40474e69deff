"""What the exporter portal and its e-mails say, as message ids, and where it is said.

The portal's templates (barriers/templates/barriers, but the counterpart pages and the
officials' export documents) and the Python modules that give the portal and the exporters'
e-mails their words. tests/i18n reads them: every visible string of a template goes through
Django's translation, and every message id has a Hindi translation.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "barriers" / "templates" / "barriers"
# The counterpart pages (Russian and English) and the officials' documents are not the portal.
NOT_PORTAL = ("counterpart", "exports", "api")

PORTAL_PYTHON = (
    "barriers/portal/forms.py",
    "barriers/portal/views.py",
    "barriers/notifications/emails.py",
    "barriers/selectors/report_finder.py",
    "barriers/services/reports.py",
    "barriers/services/barriers.py",
    "barriers/public/views.py",
    "barriers/public/forms.py",
    "barriers/public/feeds.py",
    "barriers/notifications/following.py",
)
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}


def portal_templates() -> list[Path]:
    return sorted(
        path
        for path in TEMPLATES.rglob("*")
        if path.suffix in (".html", ".txt")
        and path.relative_to(TEMPLATES).parts[0] not in NOT_PORTAL
    )


_QUOTED = r"""u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_CALL = re.compile(rf"\b(n?p?gettext|_)\({_QUOTED}(?:,\s*{_QUOTED})?")


def template_msgids(path: Path) -> set[str]:
    """The message ids of one template (singular and plural forms), as makemessages sees them."""
    found: set[str] = set()
    for match in _CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        for literal in match.group(2, 3):
            if literal:
                found.add(ast.literal_eval(literal))
    return found


def portal_plurals() -> dict[str, str]:
    """The singular message ids of the counted texts (templates and ngettext calls of the
    portal's Python), with their plurals."""
    plurals: dict[str, str] = {}
    for relative in PORTAL_PYTHON:
        for node in ast.walk(ast.parse((ROOT / relative).read_text(encoding="utf-8"))):
            name = isinstance(node, ast.Call) and (
                getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            )
            if name in ("ngettext", "ngettext_lazy") and len(node.args) >= 2:  # type: ignore[union-attr]
                singular, plural = node.args[:2]  # type: ignore[union-attr]
                if isinstance(singular, ast.Constant) and isinstance(plural, ast.Constant):
                    plurals[singular.value] = plural.value
    for path in portal_templates():
        text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for match in _CALL.finditer(text):
            if match.group(1) == "ngettext" and match.group(3):
                plurals[ast.literal_eval(match.group(2))] = ast.literal_eval(match.group(3))
    return plurals


def python_msgids(relative: str) -> set[str]:
    found: set[str] = set()
    tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_NAMES:
            continue
        count = 2 if name.startswith("ngettext") else 1
        for arg in node.args[:count]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def choice_msgids() -> set[str]:
    """The statuses the portal and the e-mails name (the models' choices)."""
    from barriers.models import BarrierStatus, ReportStatus

    with translation.override("en"):
        return {str(label) for label in (*ReportStatus.labels, *BarrierStatus.labels)}


def portal_msgids() -> set[str]:
    found = choice_msgids()
    for path in portal_templates():
        found |= template_msgids(path)
    for relative in PORTAL_PYTHON:
        found |= python_msgids(relative)
    return found
