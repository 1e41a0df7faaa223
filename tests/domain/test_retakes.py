"""Retakes: open attempts, passes, used-up attempts, the wait boundary and the quarterly rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from examapp.domain.retakes import can_start, quarterly_disqualifies

FINISHED = datetime(2024, 5, 6, 2, 0, tzinfo=UTC)  # 10:00 Beijing time
WAIT = 24


def decide(finished=(), *, allowed=2, extra=0, open_attempt=False, now=FINISHED):
    return can_start(allowed, extra, WAIT, list(finished), open_attempt, now)


def test_may_a_newcomer_start_their_first_attempt():
    decision = decide()
    assert (decision.allowed, decision.reason_code, decision.next_allowed_at) == (
        True,
        "first_attempt",
        None,
    )


def test_is_an_open_attempt_resumed_rather_than_a_new_one_started():
    decision = decide(open_attempt=True)
    assert (decision.allowed, decision.reason_code) == (False, "resume")


def test_is_a_candidate_who_passed_refused_another_attempt():
    decision = decide([(FINISHED, True)], now=FINISHED + timedelta(days=3))
    assert (decision.allowed, decision.reason_code) == (False, "passed")


def test_is_the_retake_refused_one_second_before_the_wait_ends_and_says_when():
    opens = FINISHED + timedelta(hours=WAIT)
    decision = decide([(FINISHED, False)], now=opens - timedelta(seconds=1))
    assert (decision.allowed, decision.reason_code) == (False, "wait")
    assert decision.next_allowed_at == opens
    assert "2024-05-07 10:00" in decision.message and "北京时间" in decision.message


def test_is_the_retake_allowed_exactly_when_the_wait_ends():
    decision = decide([(FINISHED, False)], now=FINISHED + timedelta(hours=WAIT))
    assert (decision.allowed, decision.reason_code) == (True, "retake")


def test_does_the_wait_count_from_the_latest_attempt_in_any_order():
    later = FINISHED + timedelta(days=2)
    decision = decide(
        [(later, False), (FINISHED, False)], allowed=3, now=later + timedelta(hours=1)
    )
    assert decision.reason_code == "wait"
    assert decision.next_allowed_at == later + timedelta(hours=WAIT)


def test_are_used_up_attempts_refused_until_a_trainer_grants_extra():
    failures = [(FINISHED, False), (FINISHED + timedelta(days=2), False)]
    much_later = FINISHED + timedelta(days=30)
    assert decide(failures, now=much_later).reason_code == "no_attempts_left"
    granted = decide(failures, extra=1, now=much_later)
    assert (granted.allowed, granted.reason_code) == (True, "retake")


def test_does_a_zero_hour_wait_allow_an_immediate_retake():
    decision = can_start(2, 0, 0, [(FINISHED, False)], False, FINISHED)
    assert decision.allowed


def test_are_naive_times_refused():
    with pytest.raises(ValueError):
        decide(now=datetime(2024, 5, 6, 9, 0))


@pytest.mark.parametrize(
    ("results", "disqualified"),
    [
        ([], False),
        ([False], False),  # the retake is still ahead
        ([True], False),
        ([False, True], False),
        ([False, False], True),
        ([False, False, True], True),  # a later pass cannot undo the rule
    ],
)
def test_does_failing_the_quarterly_exam_and_its_retake_disqualify(results, disqualified):
    assert quarterly_disqualifies(results) is disqualified
