"""The discipline rules: incidents, warnings, suspensions and what they lead to.

Every threshold comes from ``policy/onboarding.yaml`` through ``discipline_policy.load_policy``
(the incident kinds and the ``Policy`` itself are defined there); the rules here only
count events with an injected time. Windows are half-open: an event exactly ``window_days`` old has
aged out (a warning 182 days old counts, one 183 days old does not).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from .discipline_policy import Incident, Outcome, Policy
from .errors import DomainError
from .onboarding import (
    SYSTEM_ACTOR,
    Event,
    EventKind,
    Status,
    check_request,
    label,
    start_suspension,
    status_change,
    suspension_ends_at,
)


def live_warnings(history: Sequence[Event], at: datetime, policy: Policy) -> int:
    """Warnings that still count at ``at``: inside the window and not consumed by a suspension.

    A suspension caused by warnings consumes every warning recorded before it; a manual
    suspension (for a serious fault) consumes none.
    """
    start = 0
    for index, event in enumerate(history):
        if event.kind is EventKind.SUSPENSION_STARTED and event.data.get("cause") == "warnings":
            start = index + 1
    window = timedelta(days=policy.warning_window_days)
    return sum(
        e.warnings for e in history[start:] if e.kind is EventKind.WARNING and at - e.at < window
    )


def apply_incident(
    status: Status,
    history: Sequence[Event],
    incident: Incident,
    at: datetime,
    actor: str,
    reason: str,
    policy: Policy,
) -> list[Event]:
    """Work out what an incident leads to and return the new events to append, in order."""
    status, incident = Status(status), Incident(incident)  # the service may pass stored strings
    check_request(history, at, actor, reason)
    consequence = policy.incidents[incident]
    rule = f"incidents.{incident}"
    data = {"incident": incident.value}
    if status is Status.BLACKLISTED:
        raise DomainError("已列入「黑名单」，不再记录处分")
    if consequence.outcome is Outcome.BLACKLIST:
        return [
            Event(EventKind.INCIDENT, at, actor, reason, rule, data=data),
            status_change(status, Status.BLACKLISTED, at, actor, reason, rule),
        ]
    if status is Status.DISQUALIFIED:
        raise DomainError("已「取消资格」，只能再记入「黑名单」")
    if consequence.outcome is Outcome.DISQUALIFY:
        return [
            Event(EventKind.INCIDENT, at, actor, reason, rule, data=data),
            status_change(status, Status.DISQUALIFIED, at, actor, reason, rule),
        ]
    if status is Status.TRAINING:
        raise DomainError(f"「{label(status)}」的学员还没有排班，不适用警告")
    events = [Event(EventKind.WARNING, at, actor, reason, rule, consequence.warnings, data)]
    # Warnings earned in trial or while suspended are kept; only an active person can be suspended.
    total = live_warnings(history, at, policy) + consequence.warnings
    if status is Status.ACTIVE and total >= policy.warnings_for_suspension:
        why = f"{policy.warning_window_days} 天内累计 {total} 次警告"
        events += start_suspension(
            history, at, SYSTEM_ACTOR, why, "warnings.for_suspension", "warnings", policy
        )
    return events


def due_events(
    status: Status, history: Sequence[Event], now: datetime, policy: Policy
) -> list[Event]:
    """Time-driven consequences due by ``now``: a suspension that has run its days ends by itself.

    The events are dated when the suspension ended (or at the last event, if something was recorded
    since), so call this before recording anything else for the person.
    """
    until = suspension_ends_at(history, policy)
    if status != Status.SUSPENDED or until is None or now < until:
        return []
    at = max(until, history[-1].at)
    why = f"停止服务满 {policy.suspension_days} 天，自动恢复上岗"
    return [
        Event(EventKind.SUSPENSION_ENDED, at, SYSTEM_ACTOR, why, "suspension.days"),
        status_change(Status.SUSPENDED, Status.ACTIVE, at, SYSTEM_ACTOR, why, "suspension.days"),
    ]


def classify_leave(
    requested_at: datetime, shift_starts_at: datetime, policy: Policy
) -> Incident | None:
    """Is a leave request late? None when on time; a shift already under way cannot be left."""
    if requested_at >= shift_starts_at:
        raise DomainError("班次已经开始，不能再请假")
    if shift_starts_at - requested_at < timedelta(hours=policy.leave_min_notice_hours):
        return Incident.LATE_LEAVE
    return None


def service_lapsed(last_service_at: datetime, now: datetime, policy: Policy) -> bool:
    """Has the person gone ``max_idle_days`` (or more) without a service record?"""
    return now - last_service_at >= timedelta(days=policy.max_idle_days)
