"""The errors a domain rule raises: every door (admin, API, portal, tasks) turns them into its
own answer (a form error, HTTP 400/409, a log line). Pure Python."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken; the message says which, in plain language."""

    code = "domain_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"


class StateConflict(DomainError):
    """The request is well formed, but the object's current state refuses it (HTTP 409).

    Asking again will not help until the state changes: a report under review cannot be edited,
    a frozen agenda cannot be drafted.
    """

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code
