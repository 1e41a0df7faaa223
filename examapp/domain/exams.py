"""Exam definitions: what an exam draws, how it scores, how long it runs and what it gates."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .questions import QuestionType


class Scoring(StrEnum):
    ALL_OR_NOTHING = "all_or_nothing"  # multiple choice: exactly the right set, else 0
    PARTIAL = "partial"  # any wrong pick scores 0; otherwise points x (right picks / right keys)


class ReviewPolicy(StrEnum):
    IMMEDIATELY = "immediately"  # answers and explanations on the result page at once
    AFTER_CLOSE = "after_close"  # only once the exam window has closed
    NEVER = "never"  # score and pass/fail only


class ExamKind(StrEnum):
    CERTIFICATION = "certification"  # gates training -> trial
    TRIAL = "trial"  # gates trial -> active
    QUARTERLY = "quarterly"  # 季考: failing the retake disqualifies
    MODULE = "module"  # a module test that gates nothing


@dataclass(frozen=True)
class SectionSpec:
    """Draw ``count`` questions matching the filters (or exactly ``fixed_ids``), each worth ``points``."""

    title: str
    count: int
    points: float
    banks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    type: QuestionType | None = None
    difficulty: tuple[int, ...] = ()
    modules: tuple[str, ...] = ()
    fixed_ids: tuple[str, ...] = ()
    scoring: Scoring = Scoring.ALL_OR_NOTHING

    @property
    def total_points(self) -> float:
        return self.count * self.points


@dataclass(frozen=True)
class ExamSpec:
    id: str
    title: str
    kind: ExamKind
    sections: tuple[SectionSpec, ...]
    time_limit_minutes: int
    pass_mark: float
    total_points: float
    attempts_allowed: int = 1
    retake_wait_hours: int = 0
    shuffle_questions: bool = True
    shuffle_options: bool = True
    review: ReviewPolicy = ReviewPolicy.IMMEDIATELY
    module: str | None = None
    requires_modules: tuple[str, ...] = ()
    description: str = ""
    source_file: str = ""
    source_line: int = 0
