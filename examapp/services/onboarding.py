"""A person's onboarding status and its append-only history, joined to the domain's state machine.

Every action (an incident, a status change, a trial sign-off, the time-driven end of a suspension)
asks the domain for the events to append, then writes them and the cached ``User.status`` in ONE
commit: on a DomainError nothing is written. The status is replayed from the history, the stored
column is its cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from ..domain.discipline import apply_incident, due_events
from ..domain.discipline_policy import Incident, Policy, load_policy
from ..domain.errors import DomainError
from ..domain.exams import ExamKind
from ..domain.onboarding import (
    SYSTEM_ACTOR,
    ChecklistItem,
    Event,
    EventKind,
    OnboardingFacts,
    Status,
    checklist,
    entered_at,
    replay,
    sign_off,
    signed_off,
    transition,
)
from ..domain.retakes import quarterly_disqualifies
from ..extensions import db
from ..models import Attempt, AttemptState, CourseModule, Exam, OnboardingEvent, Role, User, utcnow
from . import courses
from .onboarding_labels import incident_choices as incident_choices
from .onboarding_labels import incident_label as incident_label
from .onboarding_labels import status_choices as status_choices
from .onboarding_labels import status_label as status_label

_POLICY_KEY = "kefu_onboarding_policy"

Action = Callable[[Status, list[Event]], list[Event]]


def policy() -> Policy:
    """The discipline policy of this app, read once from POLICY_FILE (re-read if the path changes)."""
    path = str(current_app.config["POLICY_FILE"])
    cached = current_app.extensions.get(_POLICY_KEY)
    if cached is None or cached[0] != path:
        cached = (path, load_policy(path))
        current_app.extensions[_POLICY_KEY] = cached
    return cached[1]


# --- reading the history -----------------------------------------------------------------------


def event_rows(user_id: int) -> list[OnboardingEvent]:
    """The person's stored events in time order (ties in the order they were written)."""
    return list(
        db.session.scalars(
            select(OnboardingEvent)
            .where(OnboardingEvent.user_id == user_id)
            .order_by(OnboardingEvent.at, OnboardingEvent.id)
        )
    )


def to_event(row: OnboardingEvent) -> Event:
    """A stored row as the domain's Event."""
    return Event(
        kind=EventKind(row.kind),
        at=row.at,
        actor=row.actor_name,
        reason=row.reason,
        rule=row.rule,
        warnings=row.warnings,
        data=dict(row.data or {}),
    )


def history(user: User) -> list[Event]:
    """The person's history as domain Events, oldest first."""
    return [to_event(row) for row in event_rows(user.id)]


def _passed_exam_of_kind(user_id: int, kind: str) -> bool:
    found = db.session.scalar(
        select(Attempt.id)
        .join(Exam, Exam.id == Attempt.exam_id)
        .where(
            Attempt.user_id == user_id,
            Attempt.state == AttemptState.GRADED,
            Attempt.passed.is_(True),
            Exam.kind == kind,
        )
        .limit(1)
    )
    return found is not None


def facts_for(user: User, events: Sequence[Event] | None = None) -> OnboardingFacts:
    """What the guards need to know about a person, gathered from the database."""
    events = history(user) if events is None else events
    # Modules are named by title: the guard's message and the checklist show these names.
    titles = dict(db.session.execute(select(CourseModule.id, CourseModule.title)).tuples().all())
    required = db.session.scalars(select(CourseModule.id).where(CourseModule.required))
    return OnboardingFacts(
        required_modules=frozenset(titles[m] for m in required),
        modules_done=frozenset(titles[m] for m in courses.completed_modules(user.id)),
        certification_passed=_passed_exam_of_kind(user.id, ExamKind.CERTIFICATION),
        trial_exam_passed=_passed_exam_of_kind(user.id, ExamKind.TRIAL),
        entered_trial_at=entered_at(events, Status.TRIAL),
        signed_off=signed_off(events),
    )


def checklist_for(user: User, now: datetime | None = None) -> list[ChecklistItem]:
    """What stands between the person and their next status."""
    events = history(user)
    return checklist(replay(events), facts_for(user, events), policy(), now or utcnow(), events)


# --- writing: one transaction per action -------------------------------------------------------


def _actor_name(actor: User | None) -> str:
    return actor.display_name if actor is not None else SYSTEM_ACTOR


def _after(status: Status, events: Sequence[Event]) -> Status:
    for event in events:
        if event.kind is EventKind.STATUS_CHANGE:
            status = Status(event.data["to"])
    return status


def _run(
    user: User, actor: User | None, now: datetime | None, action: Action | None
) -> list[Event]:
    """Apply what is due, then ``action``; append all events and the new status in one commit."""
    now = now or utcnow()
    events = history(user)
    status = replay(events)
    try:
        new = due_events(status, events, now, policy())
        if action is not None:
            new += action(_after(status, new), events + new)
    except DomainError:
        db.session.rollback()
        raise
    for event in new:
        db.session.add(
            OnboardingEvent(
                user_id=user.id,
                kind=event.kind.value,
                at=event.at,
                actor_id=actor.id if actor is not None and event.actor != SYSTEM_ACTOR else None,
                actor_name=event.actor[:80],
                reason=event.reason[:500],
                rule=event.rule,
                warnings=event.warnings,
                data=dict(event.data),
                recorded_at=utcnow(),
            )
        )
    final = _after(status, new)
    if new or user.status != final:
        if user.status != final:
            user.status = final.value
            user.status_changed_at = _last_change(events + new) or user.status_changed_at
        db.session.commit()
    return new


def _last_change(events: Sequence[Event]) -> datetime | None:
    changes = [e.at for e in events if e.kind is EventKind.STATUS_CHANGE]
    return changes[-1] if changes else None


def apply_due(user: User, now: datetime | None = None) -> list[Event]:
    """Append the time-driven events now due (a suspension that has run its days ends)."""
    return _run(user, None, now, None)


def record_incident(
    user: User, incident: str, actor: User | None, reason: str, now: datetime | None = None
) -> list[Event]:
    """Record an incident and its consequences (warnings, suspension, disqualification...)."""
    try:
        kind = Incident(incident)
    except ValueError:
        raise DomainError(f"未知的违规类型 {incident!r}，请从列表中选择") from None
    name, at = _actor_name(actor), now or utcnow()
    return _run(
        user,
        actor,
        at,
        lambda status, events: apply_incident(status, events, kind, at, name, reason, policy()),
    )


def change_status(
    user: User, target: str, actor: User, reason: str, now: datetime | None = None
) -> list[Event]:
    """A manager's status change, checked by the state machine and its guards."""
    try:
        goal = Status(target)
    except ValueError:
        raise DomainError(f"未知的状态 {target!r}，请从列表中选择") from None
    name, at = _actor_name(actor), now or utcnow()

    def action(status: Status, events: list[Event]) -> list[Event]:
        facts = facts_for(user, events)
        return transition(status, goal, events, at, name, reason, facts, policy())

    return _run(user, actor, at, action)


def sign_off_trial(
    user: User, actor: User, reason: str, now: datetime | None = None
) -> list[Event]:
    """A mentor's sign-off of the trial (allowed once the trial days have passed)."""
    name, at = _actor_name(actor), now or utcnow()
    return _run(
        user,
        actor,
        at,
        lambda status, events: sign_off(status, events, at, name, reason, policy()),
    )


def exam_outcome(
    user: User,
    exam_kind: str,
    passed: bool,
    now: datetime | None = None,
    exam_id: str | None = None,
) -> list[Event]:
    """Consequences of a graded exam: a failed quarterly retake disqualifies (actor "system").

    Call after the attempt is graded and flushed or committed: the quarterly results are read
    from the person's graded attempts of ``exam_id`` (default: their latest quarterly exam);
    ``passed`` stands in only when none is stored yet.
    """
    if exam_kind != ExamKind.QUARTERLY:
        return []
    if user.status in (Status.DISQUALIFIED, Status.BLACKLISTED):
        return []
    results = _quarterly_results(user.id, exam_id) or [passed]
    if not quarterly_disqualifies(results):
        return []
    reason = "季度考核及其补考均未通过"
    return record_incident(user, Incident.QUARTERLY_RETAKE_FAILED, None, reason, now)


def _quarterly_results(user_id: int, exam_id: str | None) -> list[bool]:
    graded = (
        select(Attempt)
        .join(Exam, Exam.id == Attempt.exam_id)
        .where(
            Attempt.user_id == user_id,
            Attempt.state == AttemptState.GRADED,
            Exam.kind == ExamKind.QUARTERLY,
        )
    )
    if exam_id is None:
        latest = db.session.scalars(
            graded.order_by(Attempt.finished_at.desc(), Attempt.id.desc()).limit(1)
        ).first()
        if latest is None:
            return []
        exam_id = latest.exam_id
    rows = db.session.scalars(
        graded.where(Attempt.exam_id == exam_id).order_by(Attempt.number, Attempt.id)
    )
    return [bool(a.passed) for a in rows]


def tick(now: datetime | None = None) -> str:
    """Apply due events for every trainee (cron); a one-line summary."""
    now = now or utcnow()
    people = db.session.scalars(select(User).where(User.role == Role.TRAINEE).order_by(User.id))
    checked = changed = appended = 0
    for person in people:
        checked += 1
        events = apply_due(person, now)
        if events:
            changed += 1
            appended += len(events)
    return f"onboarding tick: {checked} people checked, {changed} changed, {appended} events added"
