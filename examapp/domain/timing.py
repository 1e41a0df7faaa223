"""Exam timing: the server-owned deadline, the stated grace, and exam windows. ``now`` is passed in."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Literal

# Answers arriving this many seconds after the deadline still count: they were given in time and
# spent the rest on the network. Shown to candidates on the exam's start page.
GRACE_SECONDS = 15

WindowState = Literal["not_open", "open", "closed"]


def require_aware(*moments: datetime | None) -> None:
    """Raise ValueError on naive datetimes: mixed with UTC ones they silently shift deadlines."""
    for moment in moments:
        if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
            raise ValueError(f"需要带时区的时间（UTC），收到了无时区时间：{moment.isoformat()}")


def deadline_for(
    started_at: datetime,
    time_limit_minutes: int,
    extra_minutes: int = 0,
    window_closes_at: datetime | None = None,
) -> datetime:
    """When the attempt ends: start + limit + extra time, but never after the window closes."""
    require_aware(started_at, window_closes_at)
    deadline = started_at + timedelta(minutes=time_limit_minutes + extra_minutes)
    if window_closes_at is not None:
        deadline = min(deadline, window_closes_at)
    return deadline


def seconds_left(deadline: datetime, now: datetime) -> int:
    """Whole seconds until the deadline, never negative (for the countdown)."""
    require_aware(deadline, now)
    return max(0, math.floor((deadline - now).total_seconds()))


def accepts_answer(deadline: datetime, now: datetime, grace: int = GRACE_SECONDS) -> bool:
    """May an answer arriving at ``now`` still be saved? Up to and including deadline + grace."""
    require_aware(deadline, now)
    return now <= deadline + timedelta(seconds=grace)


def is_overdue(deadline: datetime, now: datetime, grace: int = GRACE_SECONDS) -> bool:
    """Is the attempt past deadline + grace, so it must close itself?"""
    return not accepts_answer(deadline, now, grace)


def window_state(
    opens_at: datetime | None, closes_at: datetime | None, now: datetime
) -> WindowState:
    """Where ``now`` falls in the exam window; a missing bound means open on that side."""
    require_aware(opens_at, closes_at, now)
    if opens_at is not None and now < opens_at:
        return "not_open"
    if closes_at is not None and now >= closes_at:
        return "closed"
    return "open"


def cut_short(
    now: datetime, time_limit_minutes: int, extra_minutes: int, closes_at: datetime | None
) -> bool:
    """Would starting at ``now`` leave less than the full time before the window closes?"""
    require_aware(now, closes_at)
    full_end = now + timedelta(minutes=time_limit_minutes + extra_minutes)
    return closes_at is not None and closes_at < full_end
