"""Practice mode: untimed questions from a module's current bank, instant feedback, not counted.

Nothing here writes to the database: practice creates no attempts and touches no statistics.
The key and explanation are returned only by :func:`check`, i.e. after an answer was posted.
Questions an exam lists by fixed id (a fixed paper, such as the certification exam) are never
offered: practising them would hand out that exam's key.
While the person has an exam attempt open, practice is refused: the banks are shared with the
exams, and practice must not become a way to look up a key during an exam.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from ..domain.bank_schema import MODULES
from ..domain.questions import Question, QuestionType
from ..extensions import db
from ..models import Attempt, AttemptState
from . import banks, exam_defs

SEEN_LIMIT = 200  # ids remembered per module in the (cookie) session


class PracticeBlocked(Exception):
    """Practice is not available right now (an exam attempt is open)."""


@dataclass(frozen=True)
class ModuleChoice:
    module: str
    title: str
    questions: int


@dataclass(frozen=True)
class Feedback:
    """The verdict on one practice answer."""

    question: Question
    chosen: frozenset[str]
    correct: bool

    @property
    def answer(self) -> tuple[str, ...]:
        return tuple(sorted(self.question.answer))


def _fixed_paper_ids() -> set[str]:
    return {
        qid
        for _exam, spec in exam_defs.exam_specs(active_only=False)
        for section in spec.sections
        for qid in section.fixed_ids
    }


def practice_questions(ids: Sequence[str] | None = None) -> dict[str, Question]:
    """Current questions open to practice: everything but the fixed papers' questions."""
    fixed = _fixed_paper_ids()
    found = banks.current_questions(list(ids) if ids is not None else None)
    return {qid: q for qid, q in found.items() if qid not in fixed}


def module_choices() -> list[ModuleChoice]:
    """The four modules with how many practice questions each has."""
    counts: dict[str, int] = {}
    for question in practice_questions().values():
        counts[question.module] = counts.get(question.module, 0) + 1
    return [ModuleChoice(m, title, counts.get(m, 0)) for m, title in MODULES.items()]


def ensure_allowed(user_id: int) -> None:
    """Raise PracticeBlocked while the person has an exam attempt open."""
    open_attempt = db.session.scalar(
        select(Attempt.id).where(Attempt.user_id == user_id, Attempt.state == AttemptState.OPEN)
    )
    if open_attempt is not None:
        raise PracticeBlocked


def draw(module: str, seen: Sequence[str], rng: random.Random | None = None) -> Question | None:
    """A random current question of the module, preferring ones not yet seen; None if the module is empty."""
    if module not in MODULES:
        raise LookupError(module)
    pool = sorted(
        (q for q in practice_questions().values() if q.module == module), key=lambda q: q.id
    )
    if not pool:
        return None
    unseen = [q for q in pool if q.id not in set(seen)]
    return (rng or random.SystemRandom()).choice(unseen or pool)


def question(question_id: str) -> Question | None:
    """One practice question by id (retired, unknown or on a fixed exam paper: None)."""
    return practice_questions([question_id]).get(question_id)


def remember(seen: Sequence[str], question_id: str) -> list[str]:
    """The seen list with this id added (oldest dropped beyond the limit); restarts when full circle."""
    updated = [qid for qid in seen if qid != question_id] + [question_id]
    return updated[-SEEN_LIMIT:]


def check(question_id: str, chosen: Sequence[str]) -> Feedback | None:
    """Grade one practice answer against the current key; None if the question is unknown."""
    found = question(question_id)
    if found is None:
        return None
    picked = frozenset(key for key in chosen if key in found.option_keys)
    if found.type != QuestionType.MULTIPLE and len(picked) > 1:
        picked = frozenset()  # a single-answer question with two picks is simply wrong
    return Feedback(found, picked, correct=bool(picked) and picked == found.answer)
