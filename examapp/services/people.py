"""What the onboarding pages show: the trainee's home, a person's page, the roster and the funnel.

Reads that also write are explicit here: the trainee's home and a person's page first apply the
events now due (a suspension that has run out ends), through ``onboarding.apply_due``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..domain.discipline import live_warnings
from ..domain.onboarding import ChecklistItem, Event, EventKind, Status, checklist, replay
from ..domain.reading import percent
from ..domain.timeline import average_days, days_in_states, days_left, training_deadline
from ..extensions import db
from ..models import Cohort, OnboardingEvent, Role, User, utcnow
from . import courses, onboarding

EVENT_LABELS = {
    EventKind.STATUS_CHANGE: _l("Status change"),
    EventKind.WARNING: _l("Warning"),
    EventKind.SUSPENSION_STARTED: _l("Suspension started"),
    EventKind.SUSPENSION_ENDED: _l("Suspension ended"),
    EventKind.SIGN_OFF: _l("Trial signed off"),
    EventKind.INCIDENT: _l("Incident"),
}


@dataclass(frozen=True)
class TimelineEntry:
    """One event as the person's page lists it."""

    kind: str
    label: str
    at: datetime
    actor: str  # "" for the system
    reason: str
    rule: str
    detail: str


@dataclass
class Overview:
    """Status, checklist, progress and deadline of one person."""

    user: User
    status: str
    status_label: str
    checklist: list[ChecklistItem]
    modules: list[courses.ModuleProgress]
    done: int
    total: int
    warnings: int
    deadline: date | None  # the training window's last day, while in training
    days_left: int | None
    timeline: list[TimelineEntry] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


@dataclass(frozen=True)
class RosterRow:
    """One trainee in the manager's roster."""

    user: User
    status_label: str
    percent: int
    warnings: int


def _today(now: datetime) -> date:
    return now.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def overview(user: User, now: datetime | None = None, with_timeline: bool = False) -> Overview:
    """Apply what is due, then gather everything the trainee's home or person page shows."""
    now = now or utcnow()
    onboarding.apply_due(user, now)
    rows = onboarding.event_rows(user.id)
    events = [onboarding.to_event(row) for row in rows]
    status = replay(events)
    facts = onboarding.facts_for(user, events)
    policy = onboarding.policy()
    modules = courses.module_progress_for(user.id)
    deadline = remaining = None
    if status is Status.TRAINING:
        cohort_start = user.cohort.starts_on if user.cohort else None
        deadline = training_deadline(cohort_start, _today(user.created_at))
        remaining = days_left(deadline, _today(now))
    return Overview(
        user=user,
        status=status.value,
        status_label=onboarding.status_label(status),
        checklist=checklist(status, facts, policy, now, events),
        modules=modules,
        done=sum(m.done for m in modules),
        total=sum(m.total for m in modules),
        warnings=live_warnings(events, now, policy),
        deadline=deadline,
        days_left=remaining,
        timeline=[_entry(row, event) for row, event in zip(rows, events, strict=True)]
        if with_timeline
        else [],
    )


def trainee(user_id: int) -> User:
    """A trainee by id; LookupError for anyone else (the person pages are for trainees)."""
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.TRAINEE:
        raise LookupError(user_id)
    return user


def _entry(row: OnboardingEvent, event: Event) -> TimelineEntry:
    """Describe an event: what changed, how many warnings, which incident, until when."""
    parts = []
    if event.kind is EventKind.STATUS_CHANGE:
        parts.append(
            f"{onboarding.status_label(event.data.get('from', ''))} → "
            f"{onboarding.status_label(event.data.get('to', ''))}"
        )
    if event.warnings:
        parts.append(str(_l("%(count)s warning(s)", count=event.warnings)))
    if "incident" in event.data:
        parts.append(onboarding.incident_label(event.data["incident"]))
    if "until" in event.data:
        until = datetime.fromisoformat(event.data["until"])
        parts.append(str(_l("until %(day)s", day=_today(until).isoformat())))
    return TimelineEntry(
        kind=event.kind.value,
        label=str(EVENT_LABELS.get(event.kind, event.kind.value)),
        at=event.at,
        actor="" if row.actor_id is None and event.actor == "system" else event.actor,
        reason=event.reason,
        rule=event.rule,
        detail="；".join(parts),
    )


def _histories(user_ids: list[int]) -> dict[int, list[Event]]:
    """Everyone's events in one query, grouped by person."""
    grouped: dict[int, list[Event]] = defaultdict(list)
    if user_ids:
        rows = db.session.scalars(
            select(OnboardingEvent)
            .where(OnboardingEvent.user_id.in_(user_ids))
            .order_by(OnboardingEvent.user_id, OnboardingEvent.at, OnboardingEvent.id)
        )
        for row in rows:
            grouped[row.user_id].append(onboarding.to_event(row))
    return grouped


def cohorts() -> list[Cohort]:
    """Every cohort, newest first, for the roster's filter."""
    return list(db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.name)))


def roster_filters(args: Mapping[str, str]) -> dict:
    """The roster's filters from query parameters (cohort, status, q), invalid ones dropped."""
    cohort = args.get("cohort", "")
    status = args.get("status", "")
    return {
        "cohort_id": int(cohort) if cohort.isdigit() else None,
        "status": status if status in set(Status) else "",
        "search": args.get("q", "")[:80],
    }


def roster_page(args: Mapping[str, str]) -> dict:
    """Everything a roster page shows for these query parameters (rows, filter choices, filters)."""
    filters = roster_filters(args)
    return {
        "rows": roster(**filters),
        "cohorts": cohorts(),
        "statuses": onboarding.status_choices(""),
        "filters": filters,
    }


def roster(
    cohort_id: int | None = None, status: str = "", search: str = "", now: datetime | None = None
) -> list[RosterRow]:
    """Trainees by cohort and status, filtered; progress % and warnings in force for each."""
    now = now or utcnow()
    query = select(User).where(User.role == Role.TRAINEE)
    if cohort_id:
        query = query.where(User.cohort_id == cohort_id)
    if status:
        query = query.where(User.status == status)
    if search.strip():
        like = f"%{search.strip()}%"
        query = query.where(or_(User.display_name.ilike(like), User.username.ilike(like)))
    people = list(
        db.session.scalars(query.outerjoin(Cohort).order_by(Cohort.name, User.status, User.id))
    )
    ids = [p.id for p in people]
    progress = courses.progress_percent_by_user(ids)
    histories = _histories(ids)
    policy = onboarding.policy()
    return [
        RosterRow(
            user=p,
            status_label=onboarding.status_label(p.status),
            percent=progress.get(p.id, 0),
            warnings=live_warnings(histories.get(p.id, []), now, policy),
        )
        for p in people
    ]


@dataclass(frozen=True)
class FunnelRow:
    """How many trainees are in a status now, and the mean days a stay in it lasts."""

    status: str
    label: str
    count: int
    average_days: float | None


def funnel(now: datetime | None = None) -> list[FunnelRow]:
    """Counts per status and mean days per stay (ongoing stays count up to now)."""
    now = now or utcnow()
    people = list(db.session.scalars(select(User).where(User.role == Role.TRAINEE, User.active)))
    histories = _histories([p.id for p in people])
    counts: dict[str, int] = defaultdict(int)
    for person in people:
        counts[person.status] += 1
    averages = average_days(
        [days_in_states(p.created_at, histories.get(p.id, []), now) for p in people]
    )
    return [
        FunnelRow(
            status=s.value,
            label=onboarding.status_label(s),
            count=counts.get(s.value, 0),
            average_days=averages.get(s),
        )
        for s in Status
    ]
