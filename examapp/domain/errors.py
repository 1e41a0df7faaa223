"""Errors the domain raises, and the problem record used for every validation report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class DomainError(Exception):
    """A rule was broken; the message is safe to show to the person who asked."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located well enough for a trainer to fix it."""

    file: str
    line: int
    question_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.question_id or '-'}: {self.field or '-'}: {self.message}"


class ValidationFailed(DomainError):
    """Raised with every problem found at once, never only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# Builds a Problem at a line for a field: at(line, field, message).
ProblemAt = Callable[[int, str, str], Problem]
