"""The onboarding state machine: training -> trial -> active, suspensions, and the terminal states.

Every change is an append-only ``Event``; ``replay`` derives the status from them, so a stored status
can always be checked against its history. Time is passed in; nothing here reads the clock. The
statuses, events and facts themselves are defined in ``onboarding_states`` and re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from .discipline_policy import Policy
from .errors import DomainError
from .onboarding_states import (
    ALLOWED,
    SYSTEM_ACTOR,
    ChecklistItem,
    Event,
    EventKind,
    OnboardingFacts,
    Status,
    label,
)


def status_change(
    old: Status, new: Status, at: datetime, actor: str, reason: str, rule: str
) -> Event:
    """Build the STATUS_CHANGE event for ``old`` -> ``new``."""
    return Event(
        EventKind.STATUS_CHANGE,
        at,
        actor,
        reason,
        rule,
        data={"from": Status(old).value, "to": Status(new).value},
    )


def check_request(history: Sequence[Event], at: datetime, actor: str, reason: str) -> None:
    """Refuse a change without who and why, or one dated before the last event (the log is in time order)."""
    if not actor.strip():
        raise DomainError("缺少操作人")
    if not reason.strip():
        raise DomainError("请填写原因")
    if history and at < history[-1].at:
        raise DomainError("记录时间不能早于上一条记录")


def entered_at(history: Sequence[Event], status: Status) -> datetime | None:
    """When the person last entered ``status`` (None if never)."""
    for event in reversed(history):
        if event.kind is EventKind.STATUS_CHANGE and event.data.get("to") == status:
            return event.at
    return None


def suspension_ends_at(history: Sequence[Event], policy: Policy) -> datetime | None:
    """When the running suspension ends, or None if no suspension is running."""
    for event in reversed(history):
        if event.kind is EventKind.SUSPENSION_ENDED:
            return None
        if event.kind is EventKind.SUSPENSION_STARTED:
            return event.at + timedelta(days=policy.suspension_days)
    return None


def start_suspension(
    history: Sequence[Event],
    at: datetime,
    actor: str,
    reason: str,
    rule: str,
    cause: str,
    policy: Policy,
) -> list[Event]:
    """Suspend an active person; if this is the Nth suspension within the window, disqualify too."""
    until = at + timedelta(days=policy.suspension_days)
    events = [
        Event(
            EventKind.SUSPENSION_STARTED,
            at,
            actor,
            reason,
            rule,
            data={"cause": cause, "until": until.isoformat()},
        ),
        status_change(Status.ACTIVE, Status.SUSPENDED, at, actor, reason, rule),
    ]
    window = timedelta(days=policy.suspension_window_days)
    earlier = sum(
        1 for e in history if e.kind is EventKind.SUSPENSION_STARTED and at - e.at < window
    )
    if earlier + 1 >= policy.suspensions_for_disqualification:
        why = f"{window.days} 天内第 {earlier + 1} 次停止服务"
        events.append(
            status_change(
                Status.SUSPENDED,
                Status.DISQUALIFIED,
                at,
                SYSTEM_ACTOR,
                why,
                "suspension.for_disqualification",
            )
        )
    return events


def _days_left(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now) / timedelta(days=1)))


def _guard_problems(
    status: Status,
    target: Status,
    history: Sequence[Event],
    at: datetime,
    facts: OnboardingFacts,
    policy: Policy,
) -> list[str]:
    """Why the guarded move ``status`` -> ``target`` cannot happen yet (empty when it can)."""
    problems: list[str] = []
    if (status, target) == (Status.TRAINING, Status.TRIAL):
        missing = sorted(facts.required_modules - facts.modules_done)
        if missing:
            problems.append(f"还有 {len(missing)} 个必修模块未完成（{'、'.join(missing)}）")
        if not facts.certification_passed:
            problems.append("认证考试尚未通过")
    elif (status, target) == (Status.TRIAL, Status.ACTIVE) and not facts.trial_exam_passed:
        problems.extend(_sign_off_path_problems(facts, at, policy))
    elif (status, target) == (Status.SUSPENDED, Status.ACTIVE):
        until = suspension_ends_at(history, policy)
        if until is not None and at < until:
            problems.append(
                f"停止服务到 {until:%Y-%m-%d %H:%M} 才期满（还剩 {_days_left(until, at)} 天）"
            )
    return problems


def _sign_off_path_problems(facts: OnboardingFacts, at: datetime, policy: Policy) -> list[str]:
    """Without a passed trial exam, what the mentor sign-off path still lacks (empty if nothing)."""
    problems = []
    if facts.entered_trial_at is None:
        problems.append("没有进入试岗的记录")
    else:
        ready = facts.entered_trial_at + timedelta(days=policy.trial_days)
        if at < ready:
            problems.append(f"试岗未满 {policy.trial_days} 天（还差 {_days_left(ready, at)} 天）")
    if not facts.signed_off:
        problems.append("带教老师尚未签字确认")
    return ["试岗考试尚未通过", *problems] if problems else []


def transition(
    status: Status,
    target: Status,
    history: Sequence[Event],
    at: datetime,
    actor: str,
    reason: str,
    facts: OnboardingFacts,
    policy: Policy,
) -> list[Event]:
    """Check a manual status change and return the events to append; DomainError says why not."""
    status, target = Status(status), Status(target)  # the service may pass the stored strings
    check_request(history, at, actor, reason)
    if target == status:
        raise DomainError(f"已经是「{label(status)}」")
    if status is Status.BLACKLISTED:
        raise DomainError("「黑名单」不能撤销")
    if target not in ALLOWED[status]:
        raise DomainError(f"不能从「{label(status)}」直接转为「{label(target)}」")
    problems = _guard_problems(status, target, history, at, facts, policy)
    if problems:
        raise DomainError("；".join(problems))
    if target is Status.SUSPENDED:
        return start_suspension(history, at, actor, reason, "manual", "manual", policy)
    events = []
    if status is Status.SUSPENDED and target is Status.ACTIVE:
        events.append(Event(EventKind.SUSPENSION_ENDED, at, actor, reason, "manual"))
    events.append(status_change(status, target, at, actor, reason, "manual"))
    return events


def sign_off(
    status: Status, history: Sequence[Event], at: datetime, actor: str, reason: str, policy: Policy
) -> list[Event]:
    """Record a mentor's sign-off, allowed only in trial once the trial days have passed."""
    check_request(history, at, actor, reason)
    if status != Status.TRIAL:
        raise DomainError(f"只有「试岗」的人员才能签字确认，当前是「{label(status)}」")
    since = entered_at(history, Status.TRIAL)
    if since is None:
        raise DomainError("没有进入试岗的记录")
    ready = since + timedelta(days=policy.trial_days)
    if at < ready:
        raise DomainError(
            f"试岗满 {policy.trial_days} 天后才能签字确认（还差 {_days_left(ready, at)} 天）"
        )
    return [Event(EventKind.SIGN_OFF, at, actor, reason, "trial.days")]


def signed_off(history: Sequence[Event]) -> bool:
    """Whether a mentor signed off since the person last entered trial."""
    since = entered_at(history, Status.TRIAL)
    return since is not None and any(
        e.kind is EventKind.SIGN_OFF and e.at >= since for e in history
    )


def checklist(
    status: Status,
    facts: OnboardingFacts,
    policy: Policy,
    now: datetime,
    history: Sequence[Event] = (),
) -> list[ChecklistItem]:
    """What stands between the person and their next status (empty when nothing is next)."""
    status = Status(status)
    if status is Status.TRAINING:
        done = facts.required_modules & facts.modules_done
        missing = sorted(facts.required_modules - facts.modules_done)
        detail = f"已完成 {len(done)}/{len(facts.required_modules)}"
        if missing:
            detail += f"；未完成：{'、'.join(missing)}"
        return [
            ChecklistItem("完成全部必修模块", not missing, detail),
            ChecklistItem("通过认证考试", facts.certification_passed),
        ]
    if status is Status.TRIAL:
        if facts.entered_trial_at is None:
            days_done, days_detail = False, "没有进入试岗的记录"
        else:
            ready = facts.entered_trial_at + timedelta(days=policy.trial_days)
            days_done = now >= ready
            days_detail = "已满" if days_done else f"还差 {_days_left(ready, now)} 天"
        return [
            ChecklistItem("通过试岗考试（满足即可上岗）", facts.trial_exam_passed),
            ChecklistItem(f"或：试岗满 {policy.trial_days} 天", days_done, days_detail),
            ChecklistItem("并且：带教老师签字确认", facts.signed_off),
        ]
    if status is Status.SUSPENDED:
        until = suspension_ends_at(history, policy)
        if until is None:
            return [
                ChecklistItem(
                    f"停止服务满 {policy.suspension_days} 天", False, "期满后自动恢复上岗"
                )
            ]
        return [
            ChecklistItem(
                f"停止服务满 {policy.suspension_days} 天",
                now >= until,
                f"{until:%Y-%m-%d %H:%M} 自动恢复上岗",
            )
        ]
    return []


def replay(history: Sequence[Event]) -> Status:
    """Derive the status from the events, refusing a history with an impossible change."""
    status = Status.TRAINING
    for event in history:
        if event.kind is not EventKind.STATUS_CHANGE:
            continue
        old, new = event.data.get("from"), event.data.get("to")
        if old != status or new not in ALLOWED[status]:
            raise DomainError(
                f"历史记录不一致：{event.at:%Y-%m-%d %H:%M} 从 {old} 到 {new}，当时状态为 {status}"
            )
        status = Status(new)
    return status
