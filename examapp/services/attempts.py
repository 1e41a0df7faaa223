"""Taking a timed exam: start or resume, autosave with a revision check, submit exactly once.

The server owns time: every function reads ``now`` from :data:`clock` unless a caller passes it,
and nothing a client sends about time is ever read. Tests travel in time by replacing ``clock``
(``monkeypatch.setattr(attempts, "clock", lambda: moment)``). Every accepted answer is committed
before the function returns, so an acknowledged answer survives ``kill -9``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..domain.assembly import assemble
from ..domain.errors import DomainError
from ..domain.timing import accepts_answer, deadline_for, seconds_left
from ..extensions import db
from ..models import Attempt, AttemptItem, AttemptState, QuestionVersion, User, utcnow
from . import attempt_checks, banks, exam_access, exam_views, grading
from .attempt_errors import (
    AttemptClosed,
    AttemptError,
    AttemptNotFound,
    CannotStart,
    DeadlinePassed,
    InvalidAnswer,
    NotGradedYet,
    StaleAnswer,
)
from .exam_access import ExamStatus
from .texts import tr as _

# The one clock the exam services read; tests replace it.
clock = utcnow

__all__ = [
    "AttemptClosed",
    "AttemptError",
    "AttemptNotFound",
    "CannotStart",
    "DeadlinePassed",
    "InvalidAnswer",
    "NotGradedYet",
    "StaleAnswer",
    "available_exams",
    "close_overdue",
    "exam_status",
    "own_attempt",
    "paper",
    "result",
    "save_answer",
    "start_or_resume",
    "submit",
]


@dataclass(frozen=True)
class Saved:
    """An acknowledged answer: its new revision and the time the server says is left."""

    revision: int
    seconds_left: int
    saved_at: datetime


def _now(now: datetime | None) -> datetime:
    return now if now is not None else clock()


def available_exams(user: User, now: datetime | None = None) -> list[ExamStatus]:
    """Every active exam with this person's state (locked, window, attempts, open attempt)."""
    now = _now(now)
    close_overdue(now, user_id=user.id)
    return exam_access.exam_statuses(user, now)


def exam_status(user: User, exam_id: str, now: datetime | None = None) -> ExamStatus:
    """One exam's state for this person; AttemptNotFound when there is no such active exam."""
    now = _now(now)
    close_overdue(now, user_id=user.id)
    status = exam_access.exam_status(user, exam_id, now)
    if status is None:
        raise AttemptNotFound(_("There is no such exam."))
    return status


def own_attempt(user: User, attempt_id: int, now: datetime | None = None) -> Attempt:
    """The person's own attempt (closed first if it ran out); anyone else's is AttemptNotFound."""
    now = _now(now)
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user.id:
        # The same answer for "not yours" and "does not exist": ids reveal nothing.
        raise AttemptNotFound(_("There is no such attempt."))
    if grading.close_if_overdue(attempt, now):
        attempt = db.session.get(Attempt, attempt_id)
    return attempt


def paper(user: User, attempt_id: int, now: datetime | None = None) -> dict:
    """The person's attempt for the exam page and its JSON: questions, saved answers, time left."""
    now = _now(now)
    return exam_views.paper_view(own_attempt(user, attempt_id, now), now)


def result(user: User, attempt_id: int, now: datetime | None = None) -> dict:
    """The graded result, with the review only as the exam's policy allows it now."""
    now = _now(now)
    attempt = own_attempt(user, attempt_id, now)
    if attempt.state != AttemptState.GRADED:
        raise NotGradedYet(_("This exam has not been handed in yet."))
    return exam_views.result_view(attempt, now)


def _open_attempt(user_id: int, exam_id: str) -> Attempt | None:
    return db.session.scalar(
        select(Attempt).where(
            Attempt.user_id == user_id,
            Attempt.exam_id == exam_id,
            Attempt.state == AttemptState.OPEN,
        )
    )


def _seen_question_ids(user_id: int, exam_id: str) -> frozenset[str]:
    rows = db.session.scalars(
        select(QuestionVersion.question_id)
        .join(AttemptItem, AttemptItem.question_version_id == QuestionVersion.id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(Attempt.user_id == user_id, Attempt.exam_id == exam_id)
    )
    return frozenset(rows)


def start_or_resume(user: User, exam_id: str, now: datetime | None = None) -> Attempt:
    """Resume the person's open attempt, or start a new one if the rules allow it now."""
    now = _now(now)
    status = exam_status(user, exam_id, now)  # closes an overdue open attempt first
    if status.open_attempt is not None:
        return status.open_attempt
    if not status.can_start:
        raise CannotStart(
            attempt_checks.refusal(status), next_allowed_at=status.decision.next_allowed_at
        )
    seed = secrets.randbelow(2**31 - 1)  # fits PostgreSQL's INTEGER
    try:
        paper = assemble(
            status.spec,
            banks.current_questions(),
            seed,
            _seen_question_ids(user.id, exam_id),
        )
    except DomainError as exc:
        raise CannotStart(
            _("This exam cannot be put together right now: %(why)s Tell your trainer.", why=exc)
        ) from exc
    attempt = Attempt(
        user_id=user.id,
        exam_id=exam_id,
        window_id=status.window.window.id if status.window.window is not None else None,
        number=status.attempts_used + 1,
        seed=seed,
        state=AttemptState.OPEN,
        started_at=now,
        deadline=deadline_for(
            now, status.spec.time_limit_minutes, status.extra_minutes, status.window.closes_at
        ),
        exam_spec=dict(status.exam.spec),
    )
    for item in paper:
        version = banks.version_for(item.question_id, item.version)
        if version is None:  # current_questions() only returns stored versions
            raise CannotStart(_("The question bank changed while the exam started. Try again."))
        attempt.items.append(
            AttemptItem(
                position=item.position,
                section_index=item.section_index,
                question_version_id=version.id,
                points=item.points,
                scoring=str(item.scoring),
                option_order=list(item.option_order),
                chosen=None,
                revision=0,
            )
        )
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request (a double click, a second tab) started it first: use that one.
        db.session.rollback()
        existing = _open_attempt(user.id, exam_id)
        if existing is None:
            raise
        return existing
    return attempt


def save_answer(
    user: User,
    attempt_id: int,
    position: int,
    chosen: object,
    revision: object,
    now: datetime | None = None,
) -> Saved:
    """Save one answer if ``revision`` is the one the client last saw; commits before returning."""
    now = _now(now)
    attempt = own_attempt(user, attempt_id, now)
    if attempt.state != AttemptState.OPEN:
        attempt_checks.raise_closed(attempt.closed_reason)
    if not accepts_answer(attempt.deadline, now):  # only reachable if the close above lost a race
        raise DeadlinePassed(_("Time is up: answers are no longer accepted."))
    item = db.session.scalar(
        select(AttemptItem)
        .options(selectinload(AttemptItem.version))
        .where(AttemptItem.attempt_id == attempt.id, AttemptItem.position == position)
    )
    if item is None:
        raise AttemptNotFound(_("This exam has no question %(n)s.", n=position))
    keys = attempt_checks.checked_choice(item, chosen)
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 0:
        raise InvalidAnswer(_("The revision must be a whole number."))
    # PostgreSQL: wait for a submit in progress, then see its outcome (SQLite ignores FOR SHARE).
    state = db.session.scalar(
        select(Attempt.state).where(Attempt.id == attempt.id).with_for_update(read=True)
    )
    still_open = exists().where(Attempt.id == attempt.id, Attempt.state == AttemptState.OPEN)
    changed = db.session.execute(
        update(AttemptItem)
        .where(AttemptItem.id == item.id, AttemptItem.revision == revision, still_open)
        .values(chosen=keys, revision=revision + 1, saved_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if state != AttemptState.OPEN or changed != 1:
        db.session.rollback()
        attempt_checks.raise_conflict(attempt.id, item.id)
    db.session.commit()
    return Saved(revision + 1, seconds_left(attempt.deadline, now), now)


def submit(user: User, attempt_id: int, now: datetime | None = None) -> Attempt:
    """Hand in the attempt (idempotent): grade it once, then return it with its result."""
    now = _now(now)
    attempt = own_attempt(user, attempt_id, now)  # an overdue attempt is closed as a timeout
    if attempt.state == AttemptState.OPEN:
        grading.close_attempt(attempt.id, now, grading.SUBMITTED)
        db.session.expire_all()
        attempt = db.session.get(Attempt, attempt_id)
    return attempt


def hand_in(
    user: User,
    attempt_id: int,
    answers: dict[int, tuple[list[str], int]],
    now: datetime | None = None,
) -> Attempt:
    """The page's plain form (no JavaScript): save changed answers, then submit."""
    now = _now(now)
    for position, (chosen, revision) in sorted(answers.items()):
        try:
            save_answer(user, attempt_id, position, chosen, revision, now)
        except (StaleAnswer, InvalidAnswer):
            continue  # the newer answer from another tab stands; a forged field is ignored
        except (AttemptClosed, DeadlinePassed):
            break
    return submit(user, attempt_id, now)


def close_overdue(now: datetime | None = None, user_id: int | None = None) -> int:
    """Grade every open attempt past deadline + grace (cron, and lazily on requests); how many."""
    now = _now(now)
    closed = 0
    for attempt_id in grading.overdue_ids(now, user_id):
        closed += grading.close_attempt(attempt_id, now, grading.TIMEOUT)
    if closed:
        db.session.expire_all()
    return closed
