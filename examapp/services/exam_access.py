"""Which exams a trainee may sit now, and why not: status, modules, windows, attempts, retake wait.

Windows: an exam with a window assigned to the person or their cohort can be started only inside
that window (``services.windows.applicable_window`` picks which one governs); an exam without any
window for the person is not restricted and is always open. One status object per exam feeds both
the exam list and the start rule, so the page never promises what the server would refuse.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..domain.bank_schema import MODULES
from ..domain.eligibility import barred_statuses
from ..domain.exam_specs import spec_from_dict
from ..domain.exams import ExamSpec
from ..domain.retakes import RetakeDecision, can_start
from ..domain.review import attempts_over
from ..domain.timing import cut_short
from ..extensions import db
from ..models import Attempt, AttemptState, Exam, User
from . import courses, onboarding, windows
from .texts import tr as _


@dataclass(frozen=True)
class ExamStatus:
    """One exam as one trainee sees it at one moment."""

    exam: Exam
    spec: ExamSpec
    ineligible: str | None  # why this person's onboarding status bars the exam, if it does
    missing_modules: tuple[str, ...]  # required modules whose lessons are not all read
    window: windows.WindowStatus
    decision: RetakeDecision
    attempts_used: int  # graded attempts
    attempts_allowed: int  # the exam's attempts plus granted extra attempts
    extra_minutes: int
    extra_attempts: int
    open_attempt: Attempt | None
    last_attempt: Attempt | None  # the latest graded attempt
    minutes_if_started_now: int
    cut_short: bool  # the window closes before the full time limit would run out
    passed: bool

    @property
    def locked(self) -> bool:
        return bool(self.missing_modules)

    @property
    def can_start(self) -> bool:
        """May a NEW attempt start now (modules done, inside the window, attempts and wait OK)?"""
        return (
            not self.ineligible
            and not self.locked
            and self.window.may_start
            and self.decision.allowed
        )

    @property
    def attempts_left(self) -> int:
        return max(0, self.attempts_allowed - self.attempts_used)

    @property
    def attempts_over(self) -> bool:
        """Passed, or no attempt left: the exam is over for this person."""
        return attempts_over(self.attempts_allowed, 0, self.attempts_used, self.passed)

    @property
    def missing_module_titles(self) -> list[str]:
        return [MODULES.get(m, m) for m in self.missing_modules]


def _ineligibility(kind: str, status: str) -> str | None:
    allowed = barred_statuses(kind, status)
    if allowed is None:
        return None
    return _(
        "This exam is only for people whose status is %(allowed)s; yours is %(current)s.",
        allowed="、".join(onboarding.status_label(s) for s in allowed),
        current=onboarding.status_label(status),
    )


def _module_progress(user: User) -> set[str]:
    return courses.completed_modules(user.id)


def _attempts_by_exam(user_id: int) -> dict[str, list[Attempt]]:
    rows = db.session.scalars(
        select(Attempt).where(Attempt.user_id == user_id).order_by(Attempt.number, Attempt.id)
    )
    grouped: dict[str, list[Attempt]] = {}
    for attempt in rows:
        grouped.setdefault(attempt.exam_id, []).append(attempt)
    return grouped


def _status(
    user: User, exam: Exam, attempts: list[Attempt], done_modules: set[str], now: datetime
) -> ExamStatus:
    spec = spec_from_dict(exam.spec)
    graded = [a for a in attempts if a.state == AttemptState.GRADED]
    open_attempt = next((a for a in attempts if a.state == AttemptState.OPEN), None)
    extra_minutes, extra_attempts = windows.grants_for(user.id, exam.id)
    decision = can_start(
        spec.attempts_allowed,
        extra_attempts,
        spec.retake_wait_hours,
        [(a.finished_at or a.deadline, bool(a.passed)) for a in graded],
        open_attempt is not None,
        now,
    )
    window = windows.applicable_window(user, exam.id, now)
    full = spec.time_limit_minutes + extra_minutes
    short = cut_short(now, spec.time_limit_minutes, extra_minutes, window.closes_at)
    minutes = full
    if short and window.closes_at is not None:
        minutes = max(0, math.floor((window.closes_at - now).total_seconds() / 60))
    return ExamStatus(
        exam=exam,
        spec=spec,
        ineligible=_ineligibility(spec.kind, user.status),
        missing_modules=tuple(m for m in spec.requires_modules if m not in done_modules),
        window=window,
        decision=decision,
        attempts_used=len(graded),
        attempts_allowed=spec.attempts_allowed + extra_attempts,
        extra_minutes=extra_minutes,
        extra_attempts=extra_attempts,
        open_attempt=open_attempt,
        last_attempt=graded[-1] if graded else None,
        minutes_if_started_now=minutes,
        cut_short=short,
        passed=any(a.passed for a in graded),
    )


def exam_statuses(user: User, now: datetime) -> list[ExamStatus]:
    """Every active exam with its state for this person, certification first."""
    exams = db.session.scalars(select(Exam).where(Exam.active.is_(True)).order_by(Exam.id))
    by_exam = _attempts_by_exam(user.id)
    done = _module_progress(user)
    order = {"certification": 0, "trial": 1, "module": 2, "quarterly": 3}
    statuses = [_status(user, e, by_exam.get(e.id, []), done, now) for e in exams]
    return sorted(statuses, key=lambda s: (order.get(s.exam.kind, 9), s.exam.id))


def exam_status(user: User, exam_id: str, now: datetime) -> ExamStatus | None:
    """One active exam's state for this person, or None when there is no such exam."""
    exam = db.session.get(Exam, exam_id)
    if exam is None or not exam.active:
        return None
    attempts = _attempts_by_exam(user.id).get(exam_id, [])
    return _status(user, exam, attempts, _module_progress(user), now)
