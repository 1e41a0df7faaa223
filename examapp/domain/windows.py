"""Which exam window applies to a person now: person-specific windows beat cohort windows.

A person may have several windows for one exam (a cohort's sitting, a personal make-up sitting).
The rule, in order:
1. an open window, personal before cohort (a personal window carries its own closing time);
2. otherwise the next window still to open, personal before cohort, earliest first;
3. otherwise the window that closed last.
No window at all means the exam is not restricted ("none": always open).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .timing import require_aware, window_state

ApplicableState = Literal["none", "not_open", "open", "closed"]


@dataclass(frozen=True)
class WindowSpan:
    """One window's times and whether it was set for the person (rather than their cohort)."""

    key: int
    opens_at: datetime
    closes_at: datetime
    personal: bool


def choose_window(
    spans: Sequence[WindowSpan], now: datetime
) -> tuple[ApplicableState, WindowSpan | None]:
    """Pick the window that governs ``now`` and say where ``now`` falls in it."""
    require_aware(now)
    if not spans:
        return "none", None
    by_state: dict[str, list[WindowSpan]] = {"open": [], "not_open": [], "closed": []}
    for span in spans:
        by_state[window_state(span.opens_at, span.closes_at, now)].append(span)
    if by_state["open"]:
        # Personal first; among equals the one that stays open longest is the kindest reading.
        best = min(by_state["open"], key=lambda s: (not s.personal, -s.closes_at.timestamp()))
        return "open", best
    if by_state["not_open"]:
        best = min(by_state["not_open"], key=lambda s: (not s.personal, s.opens_at))
        return "not_open", best
    best = max(by_state["closed"], key=lambda s: (s.closes_at, s.personal))
    return "closed", best


def time_problems(opens_at: datetime, closes_at: datetime, now: datetime) -> list[str]:
    """Codes for what is wrong with a new window's times ("closes_before_opens", "closes_in_past")."""
    require_aware(opens_at, closes_at, now)
    problems = []
    if closes_at <= opens_at:
        problems.append("closes_before_opens")
    if closes_at <= now:
        problems.append("closes_in_past")
    return problems
