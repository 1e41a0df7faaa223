"""Checking what a candidate sends and explaining every refusal while an exam is taken.

This module owns the answer-side rules of ``attempts``: which option letters a saved answer may
hold (``checked_choice``), and the messages and errors that say why a start was refused
(``refusal``) or why a save was refused (``raise_closed``, ``raise_conflict``: the attempt closed
meanwhile, or another tab saved a newer answer). It never commits; ``attempts`` owns the write path.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from ..domain.questions import QuestionType
from ..extensions import db
from ..models import Attempt, AttemptItem, AttemptState
from . import grading
from .attempt_errors import AttemptClosed, DeadlinePassed, InvalidAnswer, StaleAnswer
from .exam_access import ExamStatus
from .texts import tr as _


def refusal(status: ExamStatus) -> str:
    """Why this person may not start the exam now, in words they can act on."""
    if status.ineligible:
        return status.ineligible
    if status.locked:
        return _(
            "Finish the lessons of these modules first: %(modules)s.",
            modules="、".join(status.missing_module_titles),
        )
    if not status.window.may_start:
        return status.window.message()
    return status.decision.message


def checked_choice(item: AttemptItem, chosen: object) -> list[str]:
    """The chosen keys, validated against this item's options and type."""
    if not isinstance(chosen, Sequence) or isinstance(chosen, str | bytes):
        raise InvalidAnswer(_("The answer must be a list of option letters."))
    keys = list(chosen)
    if any(not isinstance(k, str) for k in keys) or len(set(keys)) != len(keys):
        raise InvalidAnswer(_("The answer must be a list of distinct option letters."))
    unknown = [k for k in keys if k not in item.option_order]
    if unknown:
        raise InvalidAnswer(_("This question has no option %(keys)s.", keys=", ".join(unknown)))
    kind = QuestionType(item.version.snapshot["type"])
    if kind != QuestionType.MULTIPLE and len(keys) > 1:
        raise InvalidAnswer(_("Choose exactly one option for this question."))
    # Stored in the order shown, so the review lists them as the candidate saw them.
    return [k for k in item.option_order if k in keys]


def raise_closed(closed_reason: str) -> None:
    """Refuse an answer to a closed attempt: DeadlinePassed after a timeout, else AttemptClosed."""
    if closed_reason == grading.TIMEOUT:
        raise DeadlinePassed(
            _(
                "Time is up: this answer was not saved. Your exam was handed in with the answers saved before the deadline."
            )
        )
    raise AttemptClosed(_("This exam has been handed in; answers can no longer be changed."))


def raise_conflict(attempt_id: int, item_id: int) -> None:
    """Explain a refused save: the attempt closed meanwhile, or another tab saved a newer answer."""
    state, reason = db.session.execute(
        select(Attempt.state, Attempt.closed_reason).where(Attempt.id == attempt_id)
    ).one()
    if state != AttemptState.OPEN:
        raise_closed(reason)
    current = db.session.execute(
        select(AttemptItem.chosen, AttemptItem.revision).where(AttemptItem.id == item_id)
    ).one()
    raise StaleAnswer(
        _("A newer answer was saved from another tab or device; it is shown now."),
        chosen=current.chosen or [],
        revision=current.revision,
    )
