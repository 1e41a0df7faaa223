"""Dates around the onboarding history: the training window and the days spent in each status.

Pure helpers for the trainee's deadline and the manager's funnel; time is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from .onboarding import Event, EventKind, Status

# The seeds' plan: one month of training, which doubles as the probation period.
TRAINING_WINDOW_DAYS = 30


def training_deadline(starts_on: date | None, joined_on: date) -> date:
    """Last day of the one-month training window: from the cohort's start, else from joining."""
    return (starts_on or joined_on) + timedelta(days=TRAINING_WINDOW_DAYS)


def days_left(deadline: date, today: date) -> int:
    """Days from ``today`` until ``deadline`` (negative once it has passed)."""
    return (deadline - today).days


def days_in_states(
    joined_at: datetime, history: Sequence[Event], now: datetime
) -> list[tuple[Status, float]]:
    """Every stay in a status as (status, days), in order; the last one runs until ``now``.

    Everyone starts in training when they join; each status change ends one stay and starts the next.
    """
    stays: list[tuple[Status, float]] = []
    status, since = Status.TRAINING, joined_at
    for event in history:
        if event.kind is not EventKind.STATUS_CHANGE:
            continue
        stays.append((status, max(0.0, (event.at - since) / timedelta(days=1))))
        status, since = Status(event.data["to"]), event.at
    stays.append((status, max(0.0, (now - since) / timedelta(days=1))))
    return stays


def average_days(stays_per_person: Sequence[Sequence[tuple[Status, float]]]) -> dict[Status, float]:
    """Mean days per stay in each status over everyone (statuses nobody reached are left out)."""
    totals: dict[Status, list[float]] = {}
    for stays in stays_per_person:
        for status, days in stays:
            totals.setdefault(status, []).append(days)
    return {status: sum(days) / len(days) for status, days in totals.items()}
