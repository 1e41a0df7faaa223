"""Regrade an exam after a key fix: a dry run by default, then apply to affected attempts only.

Applying re-points each re-keyed item to the fixed question version (so the review shows the
right key), stores the new score, pass/fail and per-item result, records a RegradeRun (who, when,
why, every change) and then re-checks what depends on a result:
- onboarding: the training → trial checklist reads passed attempts, so it reflects the new result
  at once; nothing transitions automatically (a manager still moves the person). A quarterly exam
  whose retake is now failed applies the disqualification rule via ``onboarding.exam_outcome``;
  a disqualification already applied is not undone by a regrade (a manager decides that).
- certificates: an attempt that now passes a certification exam gets one; one that no longer
  passes has its certificate revoked with the regrade's reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from ..domain.errors import DomainError
from ..domain.exam_specs import spec_from_dict
from ..domain.regrading import AttemptRegrade, CurrentKey, regrade_attempt
from ..extensions import db
from ..models import Attempt, AttemptItem, AttemptState, Exam, RegradeRun, User, utcnow
from . import banks, certificates, onboarding
from .grading import paper_items, result_json
from .texts import tr as _


@dataclass(frozen=True)
class AttemptChange:
    """One affected attempt: who, old and new score and pass/fail, the questions re-keyed."""

    attempt_id: int
    user_id: int
    username: str
    number: int
    old_score: float
    new_score: float
    old_passed: bool
    new_passed: bool
    question_ids: tuple[str, ...]
    regrade: AttemptRegrade

    @property
    def pass_changed(self) -> bool:
        return self.old_passed != self.new_passed

    def record(self) -> dict:
        """The JSON kept in the RegradeRun."""
        return {
            "attempt_id": self.attempt_id,
            "user_id": self.user_id,
            "username": self.username,
            "number": self.number,
            "old_score": self.old_score,
            "new_score": self.new_score,
            "old_passed": self.old_passed,
            "new_passed": self.new_passed,
            "question_ids": list(self.question_ids),
        }


@dataclass(frozen=True)
class RegradePlan:
    exam: Exam
    checked: int  # graded attempts looked at
    changes: list[AttemptChange]


def plan(exam_id: str) -> RegradePlan:
    """The dry run: every graded attempt of the exam regraded in memory; nothing is written."""
    exam = db.session.get(Exam, exam_id)
    if exam is None:
        raise DomainError(_("Unknown exam %(id)s.", id=exam_id))
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.exam_id == exam_id, Attempt.state == AttemptState.GRADED)
        .order_by(Attempt.id)
    ).all()
    names = dict(db.session.execute(select(User.id, User.username)).tuples().all())
    changes = []
    for attempt in attempts:
        paper = paper_items(attempt.id)
        ids = {item.question_id for item, _ in paper}
        current = {
            qid: CurrentKey(v.content_hash, v.snapshot)
            for qid, v in banks.current_versions(ids).items()
        }
        spec = spec_from_dict(attempt.exam_spec)
        outcome = regrade_attempt(
            spec.pass_mark,
            [item for item, _ in paper],
            {item.position: frozenset(chosen or ()) for item, chosen in paper},
            current,
            [s.title for s in spec.sections],
        )
        if not outcome.affected:
            continue
        by_position = {item.position: item.question_id for item, _ in paper}
        changes.append(
            AttemptChange(
                attempt_id=attempt.id,
                user_id=attempt.user_id,
                username=names.get(attempt.user_id, "?"),
                number=attempt.number,
                old_score=float(attempt.score or 0),
                new_score=outcome.new.total,
                old_passed=bool(attempt.passed),
                new_passed=outcome.new.passed,
                question_ids=tuple(by_position[p] for p in outcome.rekeyed),
                regrade=outcome,
            )
        )
    return RegradePlan(exam, len(attempts), changes)


def apply(exam_id: str, by: str, reason: str, now: datetime | None = None) -> RegradeRun:
    """Apply the plan to the affected attempts only, record the run, then re-check dependants."""
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required to apply a regrade."))
    result = plan(exam_id)
    for change in result.changes:
        _store(change)
    run = RegradeRun(
        exam_id=exam_id,
        at=now,
        by=by[:80],
        reason=reason,
        changes=[c.record() for c in result.changes],
    )
    db.session.add(run)
    db.session.commit()
    for change in result.changes:
        _recheck(result.exam, change, reason, now)
    return run


def _store(change: AttemptChange) -> None:
    """Write one attempt's new grade and point its re-keyed items at the fixed versions."""
    outcome = change.regrade
    rekeyed = set(outcome.rekeyed)
    for item in outcome.items:
        if item.position not in rekeyed:
            continue
        version = banks.version_for(item.question_id, item.version)
        db.session.execute(
            update(AttemptItem)
            .where(
                AttemptItem.attempt_id == change.attempt_id, AttemptItem.position == item.position
            )
            .values(question_version_id=version.id)
        )
    ids = {item.position: item.question_id for item in outcome.items}
    db.session.execute(
        update(Attempt)
        .where(Attempt.id == change.attempt_id, Attempt.state == AttemptState.GRADED)
        .values(
            score=outcome.new.total,
            max_score=outcome.new.max_points,
            passed=outcome.new.passed,
            result=result_json(outcome.new, ids),
        )
    )


def _recheck(exam: Exam, change: AttemptChange, reason: str, now: datetime) -> None:
    """Onboarding and certificates follow the new result (see the module docstring)."""
    db.session.expire_all()
    attempt = db.session.get(Attempt, change.attempt_id)
    user = db.session.get(User, change.user_id)
    if change.pass_changed:
        onboarding.exam_outcome(user, exam.kind, change.new_passed, now, exam_id=exam.id)
        if change.new_passed:
            certificates.issue_for_attempt(attempt, now)
        else:
            certificates.revoke_for_attempt(
                attempt.id, _("Regraded: %(reason)s", reason=reason), now
            )


def list_runs(exam_id: str | None = None) -> list[RegradeRun]:
    """Recorded regrade runs, newest first."""
    query = select(RegradeRun).order_by(RegradeRun.at.desc(), RegradeRun.id.desc())
    if exam_id is not None:
        query = query.where(RegradeRun.exam_id == exam_id)
    return list(db.session.scalars(query))
