"""The onboarding vocabulary: the statuses, their names, the legal moves and the event record.

This module owns the plain data the state machine speaks in: ``Status`` and its Chinese/English
labels, ``ALLOWED`` (every legal change), ``EventKind`` and the append-only ``Event``, plus the
``OnboardingFacts`` the guards read and the ``ChecklistItem`` they produce. It holds no rules; the
moves themselves (transition, sign-off, suspension, replay) live in ``onboarding``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

SYSTEM_ACTOR = "system"  # the actor of time-driven events


class Status(StrEnum):
    TRAINING = "training"
    TRIAL = "trial"  # 试岗
    ACTIVE = "active"  # 上岗
    SUSPENDED = "suspended"  # 停止服务
    DISQUALIFIED = "disqualified"  # 取消资格
    BLACKLISTED = "blacklisted"  # 黑名单


STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.TRAINING: ("培训中", "Training"),
    Status.TRIAL: ("试岗", "Trial"),
    Status.ACTIVE: ("上岗", "Active"),
    Status.SUSPENDED: ("停止服务", "Suspended"),
    Status.DISQUALIFIED: ("取消资格", "Disqualified"),
    Status.BLACKLISTED: ("黑名单", "Blacklisted"),
}

_NON_TERMINAL = (Status.TRAINING, Status.TRIAL, Status.ACTIVE, Status.SUSPENDED)

# Every legal change, manual or automatic. disqualified can only get worse; blacklisted is final.
ALLOWED: dict[Status, frozenset[Status]] = {
    Status.TRAINING: frozenset({Status.TRIAL, Status.DISQUALIFIED, Status.BLACKLISTED}),
    Status.TRIAL: frozenset({Status.ACTIVE, Status.DISQUALIFIED, Status.BLACKLISTED}),
    Status.ACTIVE: frozenset({Status.SUSPENDED, Status.DISQUALIFIED, Status.BLACKLISTED}),
    Status.SUSPENDED: frozenset({Status.ACTIVE, Status.DISQUALIFIED, Status.BLACKLISTED}),
    Status.DISQUALIFIED: frozenset({Status.BLACKLISTED}),
    Status.BLACKLISTED: frozenset(),
}


class EventKind(StrEnum):
    STATUS_CHANGE = "status_change"  # data: from, to
    WARNING = "warning"  # warnings: how many; data: incident
    SUSPENSION_STARTED = "suspension_started"  # data: cause (warnings | manual), until
    SUSPENSION_ENDED = "suspension_ended"
    SIGN_OFF = "sign_off"  # a mentor confirmed the trial
    INCIDENT = "incident"  # data: incident (one that disqualifies or blacklists)


@dataclass(frozen=True)
class Event:
    """One appended fact about a person; ``rule`` names the policy key (or "manual") behind it."""

    kind: EventKind
    at: datetime
    actor: str
    reason: str
    rule: str
    warnings: int = 0
    data: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OnboardingFacts:
    """What the service layer knows about a person's progress, gathered for the guards."""

    required_modules: frozenset[str] = frozenset()
    modules_done: frozenset[str] = frozenset()
    certification_passed: bool = False
    trial_exam_passed: bool = False
    entered_trial_at: datetime | None = None
    signed_off: bool = False


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the trainee's "what is left" list."""

    label: str
    done: bool
    detail: str = ""


def label(status: Status) -> str:
    """The Chinese name of a status, as the pages show it."""
    return STATUS_LABELS[status][0]
