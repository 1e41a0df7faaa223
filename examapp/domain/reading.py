"""When a lesson counts as read to the end: a minimum reading time since the server first served it.

The server records when a person first opened a lesson; the "I have read this" button is only
accepted once a share of the lesson's stated reading time has passed, capped so long lessons do
not hold anyone for minutes. Time is passed in.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

# Skimming is fine, but not skipping: 40 % of the stated minutes, never more than a minute.
READ_SHARE = 0.4
DEFAULT_CAP_SECONDS = 60


def min_read_seconds(minutes: int, cap_seconds: int = DEFAULT_CAP_SECONDS) -> int:
    """Seconds a lesson of ``minutes`` must stay open before it can be marked read."""
    if cap_seconds <= 0 or minutes <= 0:
        return 0
    return min(cap_seconds, math.ceil(minutes * 60 * READ_SHARE))


def seconds_to_wait(opened_at: datetime, now: datetime, required_seconds: int) -> int:
    """Whole seconds still to read before completion is accepted (0 when it is accepted)."""
    ready = opened_at + timedelta(seconds=required_seconds)
    if now >= ready:
        return 0
    return max(1, math.ceil((ready - now).total_seconds()))


def percent(done: int, total: int) -> int:
    """Progress as a whole percentage; an empty course is 0 % (nothing to show as done)."""
    if total <= 0:
        return 0
    return done * 100 // total
