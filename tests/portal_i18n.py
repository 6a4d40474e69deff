"""What the exporter portal and its e-mails say, as message ids, and where it is said.

The portal's templates (barriers/templates/barriers, but the counterpart pages and the
officials' export documents; and the project's versions of django-allauth's account pages and
e-mails in tracker/templates/account), the Python modules that give the portal and the
exporters' e-mails their words, and the message ids of django-allauth and Django that an
exporter meets when signing up or in (neither has them in Hindi). tests/i18n reads them: every
visible string of a template goes through Django's translation, and every message id has a
Hindi translation.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "barriers" / "templates" / "barriers"
# allauth's sign-in, sign-up, password reset and confirmation pages and their e-mails.
ACCOUNT_TEMPLATES = ROOT / "tracker" / "templates" / "account"
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
    "barriers/services/companies.py",
    "barriers/models/validators.py",
)
# Message ids of django-allauth and Django an exporter meets on the account pages: field labels,
# errors, the notices after signing in or out, allauth's second-factor page (exporters may add an
# authenticator app), and the password rules. Translated in locale/hi, which Django searches
# before the libraries' own catalogues.
LIBRARY_MSGIDS = {
    "The email address and/or password you specified are not correct.",
    "A user is already registered with this email address.",
    "You must type the same password each time.",
    "Too many failed login attempts. Try again later.",
    "Please type your current password.",
    "Incorrect code.",
    "Password",
    "Password (again)",
    "Current Password",
    "New Password",
    "New Password (again)",
    "Code",
    "Successfully signed in as %(name)s.",
    "You have signed out.",
    "Confirmation email sent to %(email)s.",
    "You have confirmed %(email)s.",
    "Password successfully changed.",
    "Password successfully set.",
    "Sign In",
    "Two-Factor Authentication",
    "Your account is protected by two-factor authentication. Please enter an authenticator code:",
    "Cancel",
    "Your password can’t be too similar to your other personal information.",
    "Your password can’t be a commonly used password.",
    "Your password can’t be entirely numeric.",
    "This password is too common.",
    "This password is entirely numeric.",
    "The password is too similar to the %(verbose_name)s.",
    "This password is too short. It must contain at least %d character.",
    "Your password must contain at least %(min_length)d character.",
}
LIBRARY_PLURALS = {
    "This password is too short. It must contain at least %d character.": (
        "This password is too short. It must contain at least %d characters."
    ),
    "Your password must contain at least %(min_length)d character.": (
        "Your password must contain at least %(min_length)d characters."
    ),
}
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}


def portal_templates() -> list[Path]:
    portal = [
        path
        for path in TEMPLATES.rglob("*")
        if path.suffix in (".html", ".txt")
        and path.relative_to(TEMPLATES).parts[0] not in NOT_PORTAL
    ]
    accounts = [path for path in ACCOUNT_TEMPLATES.rglob("*") if path.suffix in (".html", ".txt")]
    return sorted(portal + accounts)


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
    plurals: dict[str, str] = dict(LIBRARY_PLURALS)
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
    """The statuses the portal and the e-mails name, and the sectors of sign-up (the models'
    choices)."""
    from barriers.models import BarrierStatus, ReportStatus, Sector

    with translation.override("en"):
        labels = (*ReportStatus.labels, *BarrierStatus.labels, *Sector.labels)
        return {str(label) for label in labels}


def portal_msgids() -> set[str]:
    found = choice_msgids() | LIBRARY_MSGIDS
    for path in portal_templates():
        found |= template_msgids(path)
    for relative in PORTAL_PYTHON:
        found |= python_msgids(relative)
    return found
