"""When may a candidate see the questions, their answers, the key and the explanations of an attempt?

The policy comes from the exam definition (``review:``):

- ``immediately``: as soon as the attempt is graded.
- ``after_close``: once the exam is closed *for this person*: the window the attempt was taken in
  (if any) has closed, and the person can sit no further attempt (passed, or every attempt they are
  allowed, grants included, used). Without both, the key could reach a retake or a cohort mate
  still inside the window.
- ``never``: score, pass/fail and section scores only.

The score itself is shown once an attempt is graded, whatever the policy; nothing is shown before.
"""

from __future__ import annotations

from datetime import datetime

from .exams import ReviewPolicy
from .timing import require_aware


def attempts_over(attempts_allowed: int, extra_attempts: int, finished: int, passed: bool) -> bool:
    """Can the person start no further attempt of this exam (passed, or out of attempts)?"""
    return passed or finished >= attempts_allowed + extra_attempts


def review_released(
    policy: ReviewPolicy | str,
    graded: bool,
    window_closes_at: datetime | None,
    no_more_attempts: bool,
    now: datetime,
) -> bool:
    """May the answers, the key and the explanations of a graded attempt be shown at ``now``?"""
    require_aware(window_closes_at, now)
    if not graded:
        return False
    policy = ReviewPolicy(policy)
    if policy == ReviewPolicy.IMMEDIATELY:
        return True
    if policy == ReviewPolicy.NEVER:
        return False
    window_closed = window_closes_at is None or now >= window_closes_at
    return window_closed and no_more_attempts
