"""Which onboarding statuses may sit which kind of exam.

The quarterly exam (季考) is for staff in service and its failed retake disqualifies, so nobody
still in training may sit it; the trial exam belongs to the trial; nobody disqualified or
blacklisted sits anything. Module tests and certification are open to everyone else.
"""

from __future__ import annotations

from .exams import ExamKind
from .onboarding import STATUS_LABELS, Status

_IN_PROGRAMME = frozenset({Status.TRAINING, Status.TRIAL, Status.ACTIVE, Status.SUSPENDED})
ELIGIBLE: dict[ExamKind, frozenset[Status]] = {
    ExamKind.MODULE: _IN_PROGRAMME,
    ExamKind.CERTIFICATION: _IN_PROGRAMME,
    ExamKind.TRIAL: frozenset({Status.TRIAL}),
    ExamKind.QUARTERLY: frozenset({Status.ACTIVE}),
}


def ineligibility(kind: str, status: str) -> str | None:
    """Why a person in ``status`` may not sit an exam of ``kind`` (Chinese / English), or None."""
    allowed = ELIGIBLE.get(ExamKind(kind), frozenset())
    current = Status(status)
    if current in allowed:
        return None
    names = "、".join(STATUS_LABELS[s][0] for s in sorted(allowed))
    names_en = ", ".join(STATUS_LABELS[s][1] for s in sorted(allowed))
    return (
        f"这场考试只面向「{names}」状态的人员，你当前的状态是「{STATUS_LABELS[current][0]}」。"
        f" / Only for people who are {names_en}; you are {STATUS_LABELS[current][1]}."
    )
