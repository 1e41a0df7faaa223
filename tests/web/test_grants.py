"""Grants: extra minutes or an extra attempt for one person, with a reason, recorded and listed."""

from __future__ import annotations

import pytest

from examapp.domain.errors import DomainError
from examapp.extensions import db
from examapp.models import AttemptGrant
from examapp.services import windows
from tests.factories import make_exam, make_user


def test_grants_for_sums_every_grant_of_that_exam_only(app) -> None:
    """Are a person's grants summed per exam, and another exam's grants ignored?"""
    exam, other = make_exam(), make_exam()
    person = make_user()
    assert windows.grants_for(person.id, exam.id) == (0, 0)
    windows.create_grant(exam.id, person.id, extra_minutes=15, reason="视力障碍，需要放大字体")
    windows.create_grant(exam.id, person.id, extra_attempts=1, reason="考试当天断网")
    windows.create_grant(other.id, person.id, extra_minutes=99, reason="另一场考试")
    assert windows.grants_for(person.id, exam.id) == (15, 1)


def test_grant_needs_a_reason_and_something_to_grant(app) -> None:
    """Is a grant without a reason, or granting nothing, refused?"""
    exam, person = make_exam(), make_user()
    with pytest.raises(DomainError):
        windows.create_grant(exam.id, person.id, extra_minutes=10, reason="  ")
    with pytest.raises(DomainError):
        windows.create_grant(exam.id, person.id, reason="没有内容")
    assert db.session.query(AttemptGrant).count() == 0


def test_manager_records_grant_with_who_and_why(app, login_as) -> None:
    """Does the grants page record who granted what to whom and why, and list it?"""
    exam, person = make_exam(), make_user(display_name="赵补考")
    manager = login_as("manager")
    response = manager.form_post(
        f"/manager/exams/{exam.id}/grants",
        {
            "user_id": person.id,
            "extra_minutes": 0,
            "extra_attempts": 1,
            "reason": "停电导致交卷失败",
        },
    )
    assert response.status_code == 302
    grant = db.session.query(AttemptGrant).one()
    assert (grant.user_id, grant.extra_attempts, grant.granted_by) == (
        person.id,
        1,
        manager.user.id,
    )
    assert grant.reason == "停电导致交卷失败" and grant.at is not None
    page = manager.get(f"/manager/exams/{exam.id}/grants").get_data(as_text=True)
    assert "赵补考" in page and "停电导致交卷失败" in page


def test_grant_without_reason_is_refused_on_the_page(app, login_as) -> None:
    """Does the page explain that a reason is required, and store nothing?"""
    exam, person = make_exam(), make_user()
    response = login_as("manager").form_post(
        f"/manager/exams/{exam.id}/grants",
        {"user_id": person.id, "extra_minutes": 10, "extra_attempts": 0, "reason": ""},
    )
    assert response.status_code == 200
    assert "必须填写原因" in response.get_data(as_text=True)
    assert db.session.query(AttemptGrant).count() == 0


def test_extra_attempt_reopens_an_exhausted_exam(app) -> None:
    """After both allowed attempts failed, does a granted extra attempt let the person start again?"""
    from datetime import UTC, datetime

    from examapp.services import attempts
    from tests.factories import make_graded_attempt, make_question_version

    make_question_version("grant-q1", ["A"])
    exam = make_exam(pass_mark=1, total_points=1)  # attempts_allowed 2, no retake wait
    person = make_user()
    make_graded_attempt(person, exam, 0, number=1)
    make_graded_attempt(person, exam, 0, number=2)
    now = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    with pytest.raises(attempts.AttemptError):
        attempts.start_or_resume(person, exam.id, now=now)
    windows.create_grant(exam.id, person.id, extra_attempts=1, reason="第二次考试时系统故障")
    assert attempts.start_or_resume(person, exam.id, now=now).number == 3
