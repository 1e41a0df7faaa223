"""Which onboarding statuses may sit which kind of exam.

The quarterly exam (季考) is for staff in service and its failed retake disqualifies, so nobody
still in training may sit it; the trial exam belongs to the trial; nobody disqualified or
blacklisted sits anything. Module tests and certification are open to everyone else.
"""

from __future__ import annotations

from .exams import ExamKind
from .onboarding import Status

_IN_PROGRAMME = (Status.TRAINING, Status.TRIAL, Status.ACTIVE, Status.SUSPENDED)
ELIGIBLE: dict[ExamKind, tuple[Status, ...]] = {
    ExamKind.MODULE: _IN_PROGRAMME,
    ExamKind.CERTIFICATION: _IN_PROGRAMME,
    ExamKind.TRIAL: (Status.TRIAL,),
    ExamKind.QUARTERLY: (Status.ACTIVE,),
}


def barred_statuses(kind: str, status: str) -> tuple[Status, ...] | None:
    """None when ``status`` may sit an exam of ``kind``; else the statuses that may."""
    allowed = ELIGIBLE.get(ExamKind(kind), ())
    return None if Status(status) in allowed else allowed
