"""What the exporters are told of an exchange: one fixed public line per kind, never its text.

The counterpart's words are for officials (and the meeting); the exporter's timeline and e-mail
say only what happened, who did it and, for a proposal, by when.
"""

from __future__ import annotations

import datetime as dt

from barriers.models import ExchangeKind

PUBLIC_LINES: dict[str, str] = {
    ExchangeKind.ACKNOWLEDGEMENT: "{regulator} acknowledged the barrier.",
    ExchangeKind.CLARIFICATION: "{regulator} asked India's officials for clarification.",
    ExchangeKind.PROPOSAL: "{regulator} proposed a solution, to be in place by {target}.",
    ExchangeKind.POSITION: "{regulator} stated its position, citing {legal_basis}.",
    ExchangeKind.RESOLVED: "{regulator} reports the barrier resolved.",
    ExchangeKind.REPLY: "India's officials answered {regulator}.",
}
# Kinds the exporters are e-mailed about (a resolved barrier is e-mailed by its status change).
EXPORTER_EMAILED = frozenset({ExchangeKind.PROPOSAL})


def public_line(
    *, kind: str, regulator: str, target_date: dt.date | None = None, legal_basis: str = ""
) -> str:
    """ "The regulator proposed a solution, to be in place by 15 February 2027." """
    target = f"{target_date.day} {target_date:%B %Y}" if target_date else ""
    return PUBLIC_LINES[kind].format(
        regulator=regulator, target=target, legal_basis=legal_basis or "a regulation"
    )
