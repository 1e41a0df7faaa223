"""Closing and grading attempts, exactly once, from the frozen paper and the saved answers.

Exactly once is the database's job, not Python's: the grade is written by
``UPDATE attempts ... WHERE id = :id AND state = 'open'`` and only the caller whose statement
changed a row (rowcount 1) ran the after-grading hooks. Before reading the answers the closer
takes the attempt's write lock (a no-op UPDATE), so no autosave can slip in between reading the
answers and closing: a save either committed before (and is graded) or sees the attempt graded
(and is refused).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..domain.assembly import PaperItem
from ..domain.exam_specs import spec_from_dict
from ..domain.exams import Scoring
from ..domain.grading import GradeResult, grade_paper
from ..domain.timing import GRACE_SECONDS, is_overdue
from ..extensions import db
from ..models import Attempt, AttemptItem, AttemptState, QuestionVersion, User
from . import onboarding

log = logging.getLogger(__name__)

# Called as hook(attempt, now) after a grade is committed, once per attempt (certificates, etc.).
AFTER_GRADING: list[Callable[[Attempt, datetime], None]] = []

SUBMITTED = "submitted"
TIMEOUT = "timeout"


def paper_items(attempt_id: int) -> list[tuple[PaperItem, list[str] | None]]:
    """The attempt's frozen paper with each saved answer, read fresh from the database."""
    rows = db.session.execute(
        select(
            AttemptItem.position,
            AttemptItem.section_index,
            AttemptItem.points,
            AttemptItem.scoring,
            AttemptItem.option_order,
            AttemptItem.chosen,
            QuestionVersion.question_id,
            QuestionVersion.content_hash,
            QuestionVersion.snapshot,
        )
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .where(AttemptItem.attempt_id == attempt_id)
        .order_by(AttemptItem.position)
    ).all()
    return [
        (
            PaperItem(
                position=r.position,
                section_index=r.section_index,
                question_id=r.question_id,
                version=r.content_hash,
                points=r.points,
                scoring=Scoring(r.scoring),
                option_order=tuple(r.option_order),
                snapshot=dict(r.snapshot),
            ),
            r.chosen,
        )
        for r in rows
    ]


def grade_attempt(attempt_id: int, exam_spec: dict) -> GradeResult:
    """Grade the attempt's saved answers against the keys frozen in its paper."""
    spec = spec_from_dict(exam_spec)
    paper = paper_items(attempt_id)
    responses = {item.position: frozenset(chosen or ()) for item, chosen in paper}
    return grade_paper(
        spec.pass_mark, [item for item, _ in paper], responses, [s.title for s in spec.sections]
    )


def result_json(grade: GradeResult, question_ids: dict[int, str]) -> dict:
    """The stored result: per section and per item (item statistics read this)."""
    return {
        "sections": [
            {
                "section_index": s.section_index,
                "title": s.title,
                "points": s.points,
                "max_points": s.max_points,
            }
            for s in grade.sections
        ],
        "items": [
            {
                "position": i.position,
                "question_id": question_ids[i.position],
                "points_awarded": i.points_awarded,
                "max_points": i.max_points,
                "correct": i.correct,
                "partially": i.partially,
            }
            for i in grade.items
        ],
    }


def close_attempt(attempt_id: int, now: datetime, reason: str = SUBMITTED) -> bool:
    """Grade and close an open attempt; True only for the one call that closed it."""
    # The write lock first (see the module docstring); on SQLite it also starts the transaction.
    db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt_id)
        .values(state=Attempt.state)
        .execution_options(synchronize_session=False)
    )
    row = db.session.execute(
        select(Attempt.state, Attempt.exam_spec, Attempt.deadline).where(Attempt.id == attempt_id)
    ).one_or_none()
    if row is None or row.state != AttemptState.OPEN:
        db.session.rollback()
        return False
    grade = grade_attempt(attempt_id, row.exam_spec)
    ids = {item.position: item.question_id for item, _ in paper_items(attempt_id)}
    # A timed-out attempt ended at its deadline, however late the clean-up ran (retake waits).
    finished = min(now, row.deadline) if reason == TIMEOUT else now
    changed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt_id, Attempt.state == AttemptState.OPEN)
        .values(
            state=AttemptState.GRADED,
            finished_at=finished,
            closed_reason=reason,
            score=grade.total,
            max_score=grade.max_points,
            passed=grade.passed,
            result=result_json(grade, ids),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        return False
    db.session.commit()
    _after_grading(attempt_id, now)
    return True


def _after_grading(attempt_id: int, now: datetime) -> None:
    """Onboarding consequences and registered hooks; the grade is already committed."""
    attempt = db.session.get(Attempt, attempt_id)
    db.session.refresh(attempt)
    for hook in (_onboarding_outcome, *AFTER_GRADING):
        try:
            hook(attempt, now)
        except Exception:  # the grade stands; a failing follow-up is logged, not shown
            db.session.rollback()
            log.exception("after-grading hook failed for attempt %s", attempt_id)


def _onboarding_outcome(attempt: Attempt, now: datetime) -> None:
    """A failed quarterly retake disqualifies; onboarding decides, from the stored attempts."""
    user = db.session.get(User, attempt.user_id)
    onboarding.exam_outcome(
        user, attempt.exam.kind, bool(attempt.passed), now, exam_id=attempt.exam_id
    )


def close_if_overdue(attempt: Attempt, now: datetime) -> bool:
    """Close an open attempt whose deadline and grace have passed; True if this call closed it."""
    if attempt.state != AttemptState.OPEN or not is_overdue(attempt.deadline, now):
        return False
    closed = close_attempt(attempt.id, now, TIMEOUT)
    db.session.expire_all()
    return closed


def overdue_ids(now: datetime, user_id: int | None = None) -> list[int]:
    """Open attempts past deadline + grace (of one person, or everyone's)."""
    stmt = select(Attempt.id).where(
        Attempt.state == AttemptState.OPEN,
        Attempt.deadline < now - timedelta(seconds=GRACE_SECONDS),
    )
    if user_id is not None:
        stmt = stmt.where(Attempt.user_id == user_id)
    return list(db.session.scalars(stmt.order_by(Attempt.id)))
