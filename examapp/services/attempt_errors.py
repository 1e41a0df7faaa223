"""Why an exam action was refused: one exception per reason, with the HTTP status to answer."""

from __future__ import annotations

from ..domain.errors import DomainError


class AttemptError(DomainError):
    """An exam action that cannot be done; ``status`` is the HTTP status, ``data`` extra JSON."""

    status = 409
    reason = "conflict"

    def __init__(self, message: str, **data: object) -> None:
        super().__init__(message)
        self.data = data


class AttemptNotFound(AttemptError):
    status, reason = 404, "not_found"


class CannotStart(AttemptError):
    reason = "cannot_start"


class InvalidAnswer(AttemptError):
    status, reason = 400, "invalid"


class StaleAnswer(AttemptError):
    reason = "stale"


class DeadlinePassed(AttemptError):
    reason = "deadline"


class AttemptClosed(AttemptError):
    reason = "closed"


class NotGradedYet(AttemptError):
    reason = "not_graded"
