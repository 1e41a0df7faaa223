"""Which exam window governs a person now (pure rule, injected time)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from examapp.domain.windows import WindowSpan, choose_window, time_problems

T0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def span(key: int, opens: datetime, closes: datetime, personal: bool = False) -> WindowSpan:
    return WindowSpan(key, opens, closes, personal)


def test_no_window_means_unrestricted() -> None:
    """Is an exam without any window reported as "none" (always open)?"""
    assert choose_window([], T0) == ("none", None)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (T0 - timedelta(seconds=1), "not_open"),
        (T0, "open"),
        (T0 + 2 * HOUR - timedelta(seconds=1), "open"),
        (T0 + 2 * HOUR, "closed"),
    ],
)
def test_window_boundaries(now: datetime, state: str) -> None:
    """Is the opening instant inside the window and the closing instant outside it?"""
    assert choose_window([span(1, T0, T0 + 2 * HOUR)], now)[0] == state


def test_personal_open_window_beats_cohort_open_window() -> None:
    """When both are open, does the person's own window (and its closing time) govern?"""
    cohort = span(1, T0, T0 + 5 * HOUR)
    personal = span(2, T0, T0 + 2 * HOUR, personal=True)
    assert choose_window([cohort, personal], T0 + HOUR) == ("open", personal)


def test_open_cohort_window_beats_a_personal_window_still_to_come() -> None:
    """Can a person with a later make-up window still sit the cohort's open window?"""
    cohort = span(1, T0, T0 + 2 * HOUR)
    personal = span(2, T0 + 10 * HOUR, T0 + 12 * HOUR, personal=True)
    assert choose_window([cohort, personal], T0 + HOUR) == ("open", cohort)


def test_personal_makeup_window_is_announced_after_cohort_window_closed() -> None:
    """After the cohort window closed, is the coming personal window the one reported?"""
    cohort = span(1, T0, T0 + 2 * HOUR)
    personal = span(2, T0 + 10 * HOUR, T0 + 12 * HOUR, personal=True)
    assert choose_window([cohort, personal], T0 + 3 * HOUR) == ("not_open", personal)


def test_all_closed_reports_the_latest_closing() -> None:
    """With every window past, is the one that closed last reported?"""
    early = span(1, T0, T0 + HOUR)
    late = span(2, T0, T0 + 3 * HOUR)
    assert choose_window([early, late], T0 + 5 * HOUR) == ("closed", late)


def test_time_problems() -> None:
    """Are a closing time before the opening and a closing time in the past both reported?"""
    assert time_problems(T0, T0 + HOUR, T0 - HOUR) == []
    assert time_problems(T0, T0, T0 - HOUR) == ["closes_before_opens"]
    assert time_problems(T0 - 3 * HOUR, T0 - 2 * HOUR, T0) == ["closes_in_past"]


def test_naive_now_is_refused() -> None:
    """Does a naive datetime raise instead of silently shifting by eight hours?"""
    with pytest.raises(ValueError):
        choose_window([span(1, T0, T0 + HOUR)], datetime(2026, 11, 20, 1, 0))
