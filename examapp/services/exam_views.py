"""What the exam page and the result page may show: the paper without keys, and the review.

The paper view is built from an allow-list of fields: a question's answer and explanation are
never copied into it. The result view adds the key and the explanations only when the exam's
review policy allows it now (see ``domain/review.py``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from ..domain.exam_specs import spec_from_dict
from ..domain.questions import TRUEFALSE_OPTIONS
from ..domain.review import attempts_over, review_released
from ..domain.timing import GRACE_SECONDS, seconds_left
from ..extensions import db
from ..models import Attempt, AttemptItem, AttemptState, ExamWindow
from . import grading, windows


def _option_texts(snapshot: dict) -> dict[str, str]:
    texts = dict(TRUEFALSE_OPTIONS)
    texts.update({key: text for key, text in snapshot.get("options", ())})
    return texts


def _section_titles(attempt: Attempt) -> list[str]:
    return [s.title for s in spec_from_dict(attempt.exam_spec).sections]


def paper_view(attempt: Attempt, now: datetime) -> dict:
    """The attempt as the exam page and its JSON see it: questions, options, saved answers, time."""
    titles = _section_titles(attempt)
    items = db.session.scalars(
        select(AttemptItem)
        .where(AttemptItem.attempt_id == attempt.id)
        .order_by(AttemptItem.position)
        .execution_options(populate_existing=True)
    )
    is_open = attempt.state == AttemptState.OPEN
    spec = attempt.exam_spec
    return {
        "attempt_id": attempt.id,
        "exam_id": attempt.exam_id,
        "title": spec.get("title", attempt.exam_id),
        "state": attempt.state,
        "number": attempt.number,
        "started_at": attempt.started_at.isoformat(),
        "deadline": attempt.deadline.isoformat(),
        "seconds_left": seconds_left(attempt.deadline, now) if is_open else 0,
        "grace_seconds": GRACE_SECONDS,
        "time_limit_minutes": int(spec.get("time_limit_minutes", 0)),
        "items": [_item_view(item, titles) for item in items],
    }


def _item_view(item: AttemptItem, titles: list[str]) -> dict:
    # Allow-list: only what a candidate may see while sitting the exam.
    snapshot = item.version.snapshot
    texts = _option_texts(snapshot)
    index = item.section_index
    return {
        "position": item.position,
        "section_index": index,
        "section_title": titles[index] if index < len(titles) else "",
        "type": snapshot["type"],
        "stem": snapshot["stem"],
        "options": [{"key": key, "text": texts.get(key, key)} for key in item.option_order],
        "points": item.points,
        "chosen": list(item.chosen or []),
        "revision": item.revision,
    }


def review_allowed(attempt: Attempt, now: datetime) -> bool:
    """May this graded attempt's key and explanations be shown to its candidate now?"""
    if attempt.state != AttemptState.GRADED:
        return False
    spec = spec_from_dict(attempt.exam_spec)
    graded = db.session.execute(
        select(
            func.count(Attempt.id), func.count(Attempt.id).filter(Attempt.passed.is_(True))
        ).where(
            Attempt.user_id == attempt.user_id,
            Attempt.exam_id == attempt.exam_id,
            Attempt.state == AttemptState.GRADED,
        )
    ).one()
    _, extra_attempts = windows.grants_for(attempt.user_id, attempt.exam_id)
    over = attempts_over(spec.attempts_allowed, extra_attempts, graded[0], bool(graded[1]))
    closes_at = None
    if attempt.window_id is not None:
        window = db.session.get(ExamWindow, attempt.window_id)
        closes_at = window.closes_at if window is not None else None
    return review_released(spec.review, True, closes_at, over, now)


def result_view(attempt: Attempt, now: datetime) -> dict:
    """Score, pass/fail and sections once graded; questions with key and explanation if allowed."""
    spec = spec_from_dict(attempt.exam_spec)
    view = {
        "attempt_id": attempt.id,
        "exam_id": attempt.exam_id,
        "title": spec.title,
        "kind": str(spec.kind),
        "state": attempt.state,
        "number": attempt.number,
        "closed_reason": attempt.closed_reason,
        "finished_at": attempt.finished_at.isoformat() if attempt.finished_at else None,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "pass_mark": spec.pass_mark,
        "passed": bool(attempt.passed),
        "sections": [
            {"title": s["title"], "points": s["points"], "max_points": s["max_points"]}
            for s in (attempt.result or {}).get("sections", [])
        ],
        "review_policy": str(spec.review),
        "review_available": review_allowed(attempt, now),
    }
    if view["review_available"]:
        view["questions"] = _review_items(attempt)
    return view


def _review_items(attempt: Attempt) -> list[dict]:
    awarded = {r["position"]: r for r in (attempt.result or {}).get("items", [])}
    rows = []
    for item, chosen in grading.paper_items(attempt.id):
        texts = _option_texts(item.snapshot)
        got = awarded.get(item.position, {})
        rows.append(
            {
                "position": item.position,
                "type": item.snapshot["type"],
                "stem": item.snapshot["stem"],
                "options": [{"key": k, "text": texts.get(k, k)} for k in item.option_order],
                "chosen": list(chosen or []),
                "answer": [k for k in item.option_order if k in item.answer],
                "correct": bool(got.get("correct")),
                "points_awarded": got.get("points_awarded", 0.0),
                "max_points": item.points,
                "explanation": item.snapshot.get("explanation", ""),
            }
        )
    return rows
