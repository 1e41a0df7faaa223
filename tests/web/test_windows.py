"""Exam windows: which one applies to a person, and the manager's pages that set them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from examapp.domain.errors import DomainError
from examapp.extensions import db
from examapp.models import ExamWindow
from examapp.services import windows
from tests.factories import make_cohort, make_exam, make_user

T0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)  # 09:00 Beijing time
HOUR = timedelta(hours=1)


def _window(exam, opens, closes, cohort=None, user=None) -> ExamWindow:
    return windows.create_window(
        exam.id,
        opens,
        closes,
        cohort_id=cohort.id if cohort else None,
        user_id=user.id if user else None,
        now=T0 - 24 * HOUR,
    )


def test_without_window_exam_is_always_open(app) -> None:
    """Does an exam with no window assigned report "none" and allow starting?"""
    exam = make_exam()
    status = windows.applicable_window(make_user(), exam.id, T0)
    assert status.state == "none" and status.may_start and status.window is None


@pytest.mark.parametrize(
    ("offset", "state", "may_start"),
    [(-HOUR, "not_open", False), (HOUR, "open", True), (3 * HOUR, "closed", False)],
)
def test_cohort_window_states(app, offset, state, may_start) -> None:
    """Before, during and after a cohort's window: is the state and start permission right?"""
    cohort = make_cohort()
    exam = make_exam()
    window = _window(exam, T0, T0 + 2 * HOUR, cohort=cohort)
    status = windows.applicable_window(make_user(cohort=cohort), exam.id, T0 + offset)
    assert (status.state, status.may_start) == (state, may_start)
    assert status.window.id == window.id
    assert (status.opens_at, status.closes_at) == (T0, T0 + 2 * HOUR)


def test_other_cohorts_window_does_not_apply(app) -> None:
    """Is a person outside the cohort unaffected by its window?"""
    exam = make_exam()
    _window(exam, T0, T0 + HOUR, cohort=make_cohort())
    assert windows.applicable_window(make_user(cohort=make_cohort()), exam.id, T0).state == "none"


def test_personal_window_beats_cohort_window(app) -> None:
    """With a cohort and a personal window both open, does the personal one govern?"""
    cohort = make_cohort()
    exam = make_exam()
    person = make_user(cohort=cohort)
    _window(exam, T0, T0 + 5 * HOUR, cohort=cohort)
    mine = _window(exam, T0, T0 + 2 * HOUR, user=person)
    status = windows.applicable_window(person, exam.id, T0 + HOUR)
    assert status.window.id == mine.id and status.closes_at == T0 + 2 * HOUR


def test_messages_use_beijing_time(app) -> None:
    """Does a window still to open tell the time in Beijing time (UTC+8)?"""
    exam = make_exam()
    person = make_user()
    _window(exam, T0, T0 + HOUR, user=person)
    with app.test_request_context():
        message = windows.applicable_window(person, exam.id, T0 - HOUR).message()
    assert "2026-11-20 09:00" in message


def test_create_window_rejects_closing_before_opening(app) -> None:
    """Is a window that closes before it opens refused with a clear message, and not stored?"""
    exam = make_exam()
    with pytest.raises(DomainError, match="later than the opening"):
        windows.create_window(exam.id, T0, T0 - HOUR, cohort_id=make_cohort().id, now=T0 - HOUR)
    assert db.session.query(ExamWindow).count() == 0


def test_create_window_needs_exactly_one_target(app) -> None:
    """Is a window for both a cohort and a person (or neither) refused?"""
    exam = make_exam()
    with pytest.raises(DomainError):
        windows.create_window(exam.id, T0, T0 + HOUR, now=T0 - HOUR)
    with pytest.raises(DomainError):
        windows.create_window(
            exam.id,
            T0,
            T0 + HOUR,
            cohort_id=make_cohort().id,
            user_id=make_user().id,
            now=T0 - HOUR,
        )


def test_only_future_windows_can_be_deleted(app) -> None:
    """Can a window that has not opened be deleted, and an opened one not?"""
    exam = make_exam()
    cohort = make_cohort()
    future = _window(exam, T0 + HOUR, T0 + 2 * HOUR, cohort=cohort)
    started = _window(exam, T0 - HOUR, T0 + HOUR, cohort=cohort)
    windows.delete_window(exam.id, future.id, now=T0)
    with pytest.raises(DomainError):
        windows.delete_window(exam.id, started.id, now=T0)
    assert [w.id for w in windows.list_windows(exam.id)] == [started.id]


def test_parse_beijing_converts_wall_clock_to_utc() -> None:
    """Is 09:00 entered in Beijing time stored as 01:00 UTC?"""
    assert windows.parse_beijing(datetime(2026, 11, 20, 9, 0)) == T0


# --- with exam-core's start: the window and grants shape a real attempt ----------------------


def _startable_exam():
    from tests.factories import make_question_version

    make_question_version("win-q1", ["A"])
    return make_exam(pass_mark=1, total_points=1)  # one 30-minute, one-question section


def test_window_closing_early_cuts_the_deadline_short(app) -> None:
    """Starting 10 minutes before a window closes: is the deadline the closing time, not +30 min?"""
    from examapp.services import attempts

    exam = _startable_exam()
    person = make_user()
    _window(exam, T0, T0 + HOUR, user=person)
    attempt = attempts.start_or_resume(person, exam.id, now=T0 + 50 * timedelta(minutes=1))
    assert attempt.deadline == T0 + HOUR
    assert attempt.window_id is not None


def test_exam_cannot_start_outside_its_window(app) -> None:
    """Is a start before the window opens, or after it closes, refused?"""
    from examapp.services import attempts

    exam = _startable_exam()
    person = make_user()
    _window(exam, T0, T0 + HOUR, user=person)
    for moment in (T0 - timedelta(seconds=1), T0 + HOUR):
        with pytest.raises(attempts.AttemptError):
            attempts.start_or_resume(person, exam.id, now=moment)


def test_granted_extra_minutes_lengthen_the_deadline(app) -> None:
    """Does a 15-minute grant give a 45-minute attempt on a 30-minute exam?"""
    from examapp.services import attempts

    exam = _startable_exam()
    person = make_user()
    windows.create_grant(exam.id, person.id, extra_minutes=15, reason="听障考生需要更多时间")
    attempt = attempts.start_or_resume(person, exam.id, now=T0)
    assert attempt.deadline == T0 + timedelta(minutes=45)
