"""Item statistics for trainers: p-value, discrimination and flags per exam from graded attempts.

``Attempt.result`` is written by grading as ``{"items": [{position, question_id, points_awarded,
max_points, correct}], "sections": [...]}``. It is read defensively: an attempt whose result is
missing or malformed is skipped, never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from ..domain.stats import AttemptRecord, ItemStats, item_analysis
from ..extensions import db
from ..models import Attempt, AttemptState, Exam, QuestionRecord
from .banks import current_questions

# "Too few answers to judge" is a flag, but not a sign of a bad question: list those after.
WEAK_FLAGS = frozenset({"few_responses"})


def attempt_record(result: object, score: float | None = None) -> AttemptRecord | None:
    """One graded attempt as an AttemptRecord, or None when its stored result is unusable."""
    if not isinstance(result, Mapping) or not isinstance(result.get("items"), list):
        return None
    items: dict[str, bool] = {}
    awarded: dict[str, float] = {}
    for item in result["items"]:
        if not isinstance(item, Mapping) or not isinstance(item.get("question_id"), str):
            continue
        try:
            points = float(item.get("points_awarded") or 0)
            full = float(item["max_points"]) if item.get("max_points") is not None else None
        except (TypeError, ValueError):
            continue
        correct = item.get("correct")
        if not isinstance(correct, bool):
            # Older or partial results: full marks is "right".
            correct = full is not None and full > 0 and points >= full
        qid = item["question_id"]
        items[qid], awarded[qid] = correct, awarded.get(qid, 0.0) + points
    if not items:
        return None
    total = float(score) if isinstance(score, int | float) else sum(awarded.values())
    return AttemptRecord(total_score=total, items=items, awarded=awarded)


@dataclass(frozen=True)
class ItemRow:
    stats: ItemStats
    stem: str
    bank: str
    exists: bool  # False when the question id is no longer stored (cannot link to it)

    @property
    def flagged(self) -> bool:
        """Does a flag say something about the question itself (not just too few answers)?"""
        return bool(set(self.stats.flags) - WEAK_FLAGS)


@dataclass(frozen=True)
class ExamItems:
    exam: Exam
    attempts: int
    rows: list[ItemRow]  # flagged first, then too few answers, then the rest

    @property
    def flagged(self) -> int:
        return sum(1 for row in self.rows if row.flagged)


def _sort_key(row: ItemRow) -> tuple:
    weak_only = bool(row.stats.flags) and not row.flagged
    return (not row.flagged, not weak_only, row.stats.p_value, row.stats.question_id)


def exam_item_stats(exam_id: str | None = None) -> list[ExamItems]:
    """Per exam (or one exam), item analysis over its graded attempts; exams without any skipped."""
    stmt = select(Exam).order_by(Exam.kind, Exam.id)
    if exam_id:
        stmt = stmt.where(Exam.id == exam_id)
    exams = list(db.session.scalars(stmt))
    attempts = db.session.execute(
        select(Attempt.exam_id, Attempt.result, Attempt.score).where(
            Attempt.state == AttemptState.GRADED, Attempt.exam_id.in_([e.id for e in exams])
        )
    ).all()
    records: dict[str, list[AttemptRecord]] = {}
    for row in attempts:
        record = attempt_record(row.result, row.score)
        if record is not None:
            records.setdefault(row.exam_id, []).append(record)
    seen = {qid for rs in records.values() for r in rs for qid in r.items}
    questions = current_questions(seen)
    stored = set(db.session.scalars(select(QuestionRecord.id).where(QuestionRecord.id.in_(seen))))
    result = []
    for exam in exams:
        if exam.id not in records:
            continue
        rows = []
        for stats in item_analysis(records[exam.id]):
            q = questions.get(stats.question_id)
            stem, bank = (q.stem, q.bank) if q else ("", "")
            rows.append(ItemRow(stats, stem, bank, stats.question_id in stored))
        result.append(ExamItems(exam, len(records[exam.id]), sorted(rows, key=_sort_key)))
    return result
