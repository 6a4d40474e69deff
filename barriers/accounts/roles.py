"""The officials' role groups, created by migration 0003_role_groups.

The migration repeats these names as literals (migrations stay frozen); keep the two in step.
"""

from __future__ import annotations

TRIAGE_OFFICER = "Triage officer"
AGENDA_SECRETARY = "Agenda secretary"
ANALYST = "Analyst"

ROLE_GROUPS: tuple[str, ...] = (TRIAGE_OFFICER, AGENDA_SECRETARY, ANALYST)
