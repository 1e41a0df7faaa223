"""Exam windows (who may sit an exam when) and grants (extra time or an extra attempt).

Exam-core calls :func:`applicable_window` before starting an attempt (its ``closes_at`` caps the
deadline) and :func:`grants_for` for the extra minutes and attempts a manager granted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, or_, select

from ..domain.errors import DomainError
from ..domain.retakes import BEIJING
from ..domain.timing import window_state
from ..domain.windows import ApplicableState, WindowSpan, choose_window, time_problems
from ..extensions import db
from ..models import Attempt, AttemptGrant, Cohort, Exam, ExamWindow, Role, User, utcnow
from .texts import tr as _

MAX_EXTRA_MINUTES = 600
MAX_EXTRA_ATTEMPTS = 5


@dataclass(frozen=True)
class WindowStatus:
    """Where ``now`` falls for one person and exam; "none" means no window is assigned (open)."""

    state: ApplicableState
    window: ExamWindow | None
    opens_at: datetime | None
    closes_at: datetime | None

    @property
    def may_start(self) -> bool:
        return self.state in ("none", "open")

    def message(self) -> str:
        """What to tell the candidate, with times in Beijing time."""
        if self.state == "not_open":
            return _(
                "This exam opens at %(at)s (Beijing time). Come back then.",
                at=beijing_text(self.opens_at),
            )
        if self.state == "closed":
            return _(
                "This exam closed at %(at)s (Beijing time). Ask your manager for a new window.",
                at=beijing_text(self.closes_at),
            )
        if self.state == "open":
            return _("Open until %(at)s (Beijing time).", at=beijing_text(self.closes_at))
        return ""


def beijing_text(moment: datetime | None) -> str:
    """A UTC moment as Beijing wall-clock text, e.g. 2026-11-20 09:00."""
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if moment else ""


def parse_beijing(value: datetime) -> datetime:
    """A naive wall-clock time entered in Beijing time → aware UTC (aware input is just converted)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=BEIJING)
    return value.astimezone(UTC)


def _windows_for(user: User, exam_id: str) -> list[ExamWindow]:
    targets = [ExamWindow.user_id == user.id]
    if user.cohort_id is not None:
        targets.append(ExamWindow.cohort_id == user.cohort_id)
    return list(
        db.session.scalars(
            select(ExamWindow).where(ExamWindow.exam_id == exam_id, or_(*targets))
        ).all()
    )


def applicable_window(user: User, exam_id: str, now: datetime | None = None) -> WindowStatus:
    """The window that governs this person and exam now (person-specific beats cohort)."""
    now = now or utcnow()
    windows = {w.id: w for w in _windows_for(user, exam_id)}
    spans = [
        WindowSpan(w.id, w.opens_at, w.closes_at, personal=w.user_id is not None)
        for w in windows.values()
    ]
    state, span = choose_window(spans, now)
    if span is None:
        return WindowStatus("none", None, None, None)
    window = windows[span.key]
    return WindowStatus(state, window, window.opens_at, window.closes_at)


# exam-core may call it by either name
window_for = applicable_window


def list_windows(exam_id: str) -> list[ExamWindow]:
    """Every window of an exam, newest opening first."""
    return list(
        db.session.scalars(
            select(ExamWindow)
            .where(ExamWindow.exam_id == exam_id)
            .order_by(ExamWindow.opens_at.desc(), ExamWindow.id.desc())
        ).all()
    )


def create_window(
    exam_id: str,
    opens_at: datetime,
    closes_at: datetime,
    *,
    cohort_id: int | None = None,
    user_id: int | None = None,
    by: User | None = None,
    now: datetime | None = None,
) -> ExamWindow:
    """Assign an exam to one cohort or one person between two aware times; commits."""
    now = now or utcnow()
    if db.session.get(Exam, exam_id) is None:
        raise DomainError(_("Unknown exam %(id)s.", id=exam_id))
    if (cohort_id is None) == (user_id is None):
        raise DomainError(_("Choose either a cohort or a person, not both."))
    if cohort_id is not None and db.session.get(Cohort, cohort_id) is None:
        raise DomainError(_("That cohort does not exist."))
    if user_id is not None and db.session.get(User, user_id) is None:
        raise DomainError(_("That person does not exist."))
    messages = {
        "closes_before_opens": _("The closing time must be later than the opening time."),
        "closes_in_past": _("The closing time has already passed. Choose a time in the future."),
    }
    problems = time_problems(opens_at, closes_at, now)
    if problems:
        raise DomainError(" ".join(messages[p] for p in problems))
    window = ExamWindow(
        exam_id=exam_id,
        cohort_id=cohort_id,
        user_id=user_id,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=by.id if by else None,
        created_at=now,
    )
    db.session.add(window)
    db.session.commit()
    return window


def can_delete(window: ExamWindow, now: datetime | None = None) -> bool:
    """Only windows that have not opened yet may be deleted (the past stays on record)."""
    return (now or utcnow()) < window.opens_at


def delete_window(exam_id: str, window_id: int, now: datetime | None = None) -> None:
    """Delete a window that has not opened yet; commits."""
    window = db.session.get(ExamWindow, window_id)
    if window is None or window.exam_id != exam_id:
        raise DomainError(_("That window does not exist."))
    if not can_delete(window, now):
        raise DomainError(_("Only windows that have not opened yet can be deleted."))
    used = db.session.scalar(select(func.count(Attempt.id)).where(Attempt.window_id == window.id))
    if used:
        raise DomainError(_("Attempts were started in this window; it cannot be deleted."))
    db.session.execute(delete(ExamWindow).where(ExamWindow.id == window.id))
    db.session.commit()


# --- grants -------------------------------------------------------------------------------------


def grants_for(user_id: int, exam_id: str) -> tuple[int, int]:
    """(extra minutes, extra attempts) granted to this person for this exam, summed over grants."""
    minutes, attempts = db.session.execute(
        select(
            func.coalesce(func.sum(AttemptGrant.extra_minutes), 0),
            func.coalesce(func.sum(AttemptGrant.extra_attempts), 0),
        ).where(AttemptGrant.user_id == user_id, AttemptGrant.exam_id == exam_id)
    ).one()
    return int(minutes), int(attempts)


def list_grants(exam_id: str) -> list[AttemptGrant]:
    """Every grant for an exam, newest first."""
    return list(
        db.session.scalars(
            select(AttemptGrant)
            .where(AttemptGrant.exam_id == exam_id)
            .order_by(AttemptGrant.at.desc(), AttemptGrant.id.desc())
        ).all()
    )


def create_grant(
    exam_id: str,
    user_id: int,
    *,
    extra_minutes: int = 0,
    extra_attempts: int = 0,
    reason: str,
    by: User | None = None,
    now: datetime | None = None,
) -> AttemptGrant:
    """Record extra time and/or an extra attempt for one person, with the reason; commits."""
    reason = (reason or "").strip()
    if db.session.get(Exam, exam_id) is None:
        raise DomainError(_("Unknown exam %(id)s.", id=exam_id))
    person = db.session.get(User, user_id)
    if person is None:
        raise DomainError(_("That person does not exist."))
    if not reason:
        raise DomainError(_("A reason is required: say why this person gets more."))
    if not (0 <= extra_minutes <= MAX_EXTRA_MINUTES and 0 <= extra_attempts <= MAX_EXTRA_ATTEMPTS):
        raise DomainError(
            _(
                "Extra minutes must be 0-%(m)s and extra attempts 0-%(a)s.",
                m=MAX_EXTRA_MINUTES,
                a=MAX_EXTRA_ATTEMPTS,
            )
        )
    if extra_minutes == 0 and extra_attempts == 0:
        raise DomainError(_("Grant at least one extra minute or one extra attempt."))
    grant = AttemptGrant(
        user_id=person.id,
        exam_id=exam_id,
        extra_minutes=extra_minutes,
        extra_attempts=extra_attempts,
        reason=reason[:500],
        granted_by=by.id if by else None,
        at=now or utcnow(),
    )
    db.session.add(grant)
    db.session.commit()
    return grant


# --- what the manager's pages list ----------------------------------------------------------


@dataclass(frozen=True)
class WindowRow:
    """A window with its target's name, its state now and whether it may still be deleted."""

    window: ExamWindow
    target: str
    personal: bool
    state: str
    deletable: bool


def window_rows(exam_id: str, now: datetime | None = None) -> list[WindowRow]:
    """The exam's windows as the manager's page lists them."""
    now = now or utcnow()
    cohorts = {c.id: c.name for c in db.session.scalars(select(Cohort))}
    rows = []
    for window in list_windows(exam_id):
        if window.user_id is not None:
            person = db.session.get(User, window.user_id)
            target = f"{person.display_name} ({person.username})" if person else "?"
        else:
            target = cohorts.get(window.cohort_id, "?")
        rows.append(
            WindowRow(
                window=window,
                target=target,
                personal=window.user_id is not None,
                state=window_state(window.opens_at, window.closes_at, now),
                deletable=can_delete(window, now),
            )
        )
    return rows


def cohort_choices() -> list[tuple[int, str]]:
    """(id, name) of every cohort, for a select."""
    return [(c.id, c.name) for c in db.session.scalars(select(Cohort).order_by(Cohort.name))]


def trainee_choices() -> list[tuple[int, str]]:
    """(id, "name (username)") of every active trainee, for a select."""
    people = db.session.scalars(
        select(User).where(User.role == Role.TRAINEE, User.active).order_by(User.username)
    )
    return [(u.id, f"{u.display_name} ({u.username})") for u in people]


@dataclass(frozen=True)
class GrantRow:
    grant: AttemptGrant
    person: str
    granted_by: str


def grant_rows(exam_id: str) -> list[GrantRow]:
    """The exam's grants with who received and who gave them."""
    names = {u.id: f"{u.display_name} ({u.username})" for u in db.session.scalars(select(User))}
    return [
        GrantRow(g, names.get(g.user_id, "?"), names.get(g.granted_by, ""))
        for g in list_grants(exam_id)
    ]
