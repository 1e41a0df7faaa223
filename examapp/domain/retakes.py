"""Retakes (补考): may a candidate start another attempt now, and when does the quarterly exam disqualify?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from .timing import require_aware

# Candidates read times in Beijing time; the domain keeps UTC and converts only for the message.
BEIJING = timezone(timedelta(hours=8), "北京时间")


@dataclass(frozen=True)
class RetakeDecision:
    """The answer to "may I start?"; ``reason_code`` is stable for code, ``message`` is for people."""

    allowed: bool
    reason_code: str
    message: str
    next_allowed_at: datetime | None = None


def can_start(
    attempts_allowed: int,
    extra_attempts: int,
    retake_wait_hours: int,
    finished_attempts: Sequence[tuple[datetime, bool]],
    has_open_attempt: bool,
    now: datetime,
    display_tz: tzinfo = BEIJING,
) -> RetakeDecision:
    """Decide whether a new attempt may start; ``finished_attempts`` holds (finished_at, passed)."""
    require_aware(now, *(finished_at for finished_at, _ in finished_attempts))
    if has_open_attempt:
        return RetakeDecision(False, "resume", "你有一次尚未交卷的考试，请继续作答，不能另开一次。")
    if any(passed for _, passed in finished_attempts):
        return RetakeDecision(False, "passed", "你已通过本考试，无需再考。")
    allowed_total = attempts_allowed + extra_attempts
    used = len(finished_attempts)
    if used >= allowed_total:
        return RetakeDecision(
            False,
            "no_attempts_left",
            f"本考试共 {allowed_total} 次机会，你已全部用完。如需再考，请联系培训师。",
        )
    if used == 0:
        return RetakeDecision(True, "first_attempt", "可以开始考试。")
    opens_at = max(finished_at for finished_at, _ in finished_attempts) + timedelta(
        hours=retake_wait_hours
    )
    if now < opens_at:
        local = opens_at.astimezone(display_tz)
        zone = local.tzname() or ""
        return RetakeDecision(
            False,
            "wait",
            f"补考需在上次交卷 {retake_wait_hours} 小时后进行，"
            f"你可在 {local:%Y-%m-%d %H:%M}（{zone}）之后开始。",
            next_allowed_at=opens_at,
        )
    return RetakeDecision(
        True, "retake", f"可以开始补考（第 {used + 1} 次，共 {allowed_total} 次机会）。"
    )


def quarterly_disqualifies(results: Sequence[bool]) -> bool:
    """Did the quarterly exam (季考) end in disqualification: first attempt and its retake both failed?"""
    return len(results) >= 2 and not results[0] and not results[1]
