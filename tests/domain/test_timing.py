"""Timing: deadlines with extra time and windows, the grace boundary, and window states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from examapp.domain.timing import (
    GRACE_SECONDS,
    accepts_answer,
    cut_short,
    deadline_for,
    is_overdue,
    seconds_left,
    window_state,
)

START = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)


def at(**delta: float) -> datetime:
    return START + timedelta(**delta)


def test_is_the_deadline_start_plus_limit_plus_extra_time():
    assert deadline_for(START, 60) == at(minutes=60)
    assert deadline_for(START, 60, extra_minutes=15) == at(minutes=75)


def test_does_the_window_closing_cut_the_deadline_short():
    assert deadline_for(START, 60, 15, window_closes_at=at(minutes=40)) == at(minutes=40)
    assert deadline_for(START, 60, 0, window_closes_at=at(hours=3)) == at(minutes=60)


def test_does_a_deadline_in_another_zone_compare_by_the_instant():
    beijing = timezone(timedelta(hours=8))
    closes = datetime(2024, 5, 6, 17, 30, tzinfo=beijing)  # 09:30 UTC
    assert deadline_for(START, 60, window_closes_at=closes) == at(minutes=30)


def test_does_the_countdown_floor_and_never_go_negative():
    deadline = at(minutes=60)
    assert seconds_left(deadline, START) == 3600
    assert seconds_left(deadline, at(minutes=59, seconds=0.9)) == 59
    assert seconds_left(deadline, at(minutes=61)) == 0


def test_is_an_answer_at_deadline_plus_15s_accepted_and_plus_16s_refused():
    deadline = at(minutes=60)
    assert GRACE_SECONDS == 15
    assert accepts_answer(deadline, deadline)
    assert accepts_answer(deadline, deadline + timedelta(seconds=15))
    assert not accepts_answer(deadline, deadline + timedelta(seconds=16))
    assert not is_overdue(deadline, deadline + timedelta(seconds=15), GRACE_SECONDS)
    assert is_overdue(deadline, deadline + timedelta(seconds=16), GRACE_SECONDS)


def test_can_the_grace_be_set_to_zero():
    deadline = at(minutes=60)
    assert accepts_answer(deadline, deadline, grace=0)
    assert not accepts_answer(deadline, deadline + timedelta(seconds=1), grace=0)


def test_does_the_window_open_at_its_start_and_close_at_its_end():
    opens, closes = at(hours=1), at(hours=2)
    assert window_state(opens, closes, at(minutes=59)) == "not_open"
    assert window_state(opens, closes, opens) == "open"
    assert window_state(opens, closes, at(minutes=119)) == "open"
    assert window_state(opens, closes, closes) == "closed"
    assert window_state(None, None, START) == "open"
    assert window_state(None, closes, at(hours=5)) == "closed"


def test_is_a_candidate_warned_when_the_window_would_cut_their_time():
    closes = at(minutes=90)
    assert not cut_short(START, 60, 0, closes)
    assert not cut_short(at(minutes=30), 60, 0, closes)  # ends exactly at the close
    assert cut_short(at(minutes=31), 60, 0, closes)
    assert cut_short(START, 60, 45, closes)  # extra time pushes past the close
    assert not cut_short(START, 600, 0, None)


@pytest.mark.parametrize(
    "call",
    [
        lambda naive: deadline_for(naive, 60),
        lambda naive: deadline_for(START, 60, window_closes_at=naive),
        lambda naive: seconds_left(START, naive),
        lambda naive: accepts_answer(naive, START),
        lambda naive: window_state(naive, None, START),
        lambda naive: cut_short(naive, 60, 0, None),
    ],
)
def test_are_naive_datetimes_refused(call):
    with pytest.raises(ValueError, match="时区"):
        call(datetime(2024, 5, 6, 9, 0))
