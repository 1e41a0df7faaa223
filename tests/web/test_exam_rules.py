"""Who may start an exam when: modules, windows, attempts, the retake wait, grants, and the messages."""

from __future__ import annotations

from datetime import timedelta

from examapp.extensions import db
from examapp.models import Attempt
from examapp.services import windows
from tests.factories import make_cohort, make_user
from tests.web import exam_helpers
from tests.web.exam_helpers import EXAM_ID, START, set_spec, start, submit

clock = exam_helpers.clock
sample_exam = exam_helpers.sample_exam


def _state_text(client) -> str:
    return client.get("/learn/exams").get_data(as_text=True)


def test_empty_database_lists_no_exams_with_a_clear_message(login_as):
    """Does the exam list work before any exam was imported, and say so?"""
    page = login_as("trainee").get("/learn/exams")
    assert page.status_code == 200
    assert "目前还没有发布考试" in page.get_data(as_text=True)


def test_exam_is_locked_until_its_modules_are_read(login_as, sample_exam, clock):
    """Is an exam that requires a module refused, naming the module, until its lessons are read?"""
    set_spec(EXAM_ID, requires_modules=["communication"])
    trainee = login_as("trainee")
    assert "沟通与服务规范" in _state_text(trainee)
    refused = start(trainee)
    assert refused.status_code == 409
    assert refused.get_json()["reason"] == "cannot_start"
    assert "沟通与服务规范" in refused.get_json()["message"]
    assert db.session.query(Attempt).count() == 0


def test_closed_window_refuses_a_start(login_as, sample_exam, clock):
    """Once the cohort's window has closed, can the exam still be started? No, with the closing time."""
    cohort = make_cohort()
    trainee_user = make_user(cohort=cohort)
    windows.create_window(
        EXAM_ID,
        START - timedelta(hours=2),
        START - timedelta(hours=1),
        cohort_id=cohort.id,
        now=START - timedelta(hours=3),
    )
    from flask import current_app

    client = current_app.test_client()
    client.login(trainee_user.username)
    assert "08:00" in _state_text(client)  # closes_at in Beijing time
    refused = start(client)
    assert refused.status_code == 409 and refused.get_json()["reason"] == "cannot_start"
    assert db.session.query(Attempt).count() == 0


def test_window_not_yet_open_says_when_it_opens(login_as, sample_exam, clock):
    """Before a personal window opens, does the list say when (Beijing time) and refuse the start?"""
    trainee = login_as("trainee")
    windows.create_window(
        EXAM_ID,
        START + timedelta(hours=1),
        START + timedelta(hours=2),
        user_id=trainee.user.id,
        now=START,
    )
    assert "10:00" in _state_text(trainee)
    assert start(trainee).status_code == 409
    clock.advance(hours=1)
    response = start(trainee)
    assert response.status_code == 200, response.get_json()


def test_window_closing_early_is_announced_and_caps_the_deadline(login_as, sample_exam, clock):
    """When the window closes before the time limit runs out, is the candidate told before starting,
    and is the deadline the closing time?"""
    trainee = login_as("trainee")
    closes = START + timedelta(minutes=4)
    windows.create_window(
        EXAM_ID, START - timedelta(hours=1), closes, user_id=trainee.user.id, now=START
    )
    intro = trainee.get(f"/learn/exams/{EXAM_ID}").get_data(as_text=True)
    assert "09:04" in intro and "state-warn" in intro
    paper = start(trainee).get_json()
    assert paper["deadline"] == closes.isoformat() and paper["seconds_left"] == 4 * 60


def test_retake_waits_and_says_when_the_next_attempt_opens(login_as, sample_exam, clock):
    """After a failed attempt, is a retake refused until the wait is over, with the Beijing time?"""
    trainee = login_as("trainee")
    attempt_id = start(trainee).get_json()["attempt_id"]
    assert submit(trainee, attempt_id).get_json()["passed"] is False  # nothing answered
    text = _state_text(trainee)
    assert "10:00" in text  # retake_wait_hours: 1 → 09:00 + 1 h Beijing time
    assert "下一次考试机会将于 2026-11-20 10:00（北京时间）开放" in text
    refused = start(trainee)
    assert refused.status_code == 409
    assert refused.get_json()["next_allowed_at"] == (START + timedelta(hours=1)).isoformat()
    clock.advance(hours=1)
    retake = start(trainee).get_json()
    assert retake["number"] == 2


def test_no_attempts_left_until_a_manager_grants_one(login_as, sample_exam, clock):
    """After every attempt is used, is the start refused, and does a recorded grant reopen it?"""
    set_spec(EXAM_ID, attempts_allowed=1)
    trainee = login_as("trainee")
    submit(trainee, start(trainee).get_json()["attempt_id"])
    clock.advance(hours=2)
    refused = start(trainee)
    assert refused.status_code == 409 and "1" in refused.get_json()["message"]
    windows.create_grant(
        EXAM_ID, trainee.user.id, extra_attempts=1, extra_minutes=5, reason="病假补考", now=clock()
    )
    paper = start(trainee).get_json()
    assert paper["number"] == 2
    assert paper["deadline"] == (clock() + timedelta(minutes=15)).isoformat()  # 10 + 5 granted


def test_list_shows_attempts_used_and_left(login_as, sample_exam, clock):
    """Does the list say how many attempts are used and left?"""
    trainee = login_as("trainee")
    submit(trainee, start(trainee).get_json()["attempt_id"])
    text = _state_text(trainee)
    assert "已用考试机会：1 / 2 次" in text and "剩余 1 次" in text


def test_passing_ends_the_exam_for_the_candidate(login_as, sample_exam, clock):
    """After passing, is a further start refused?"""
    set_spec(EXAM_ID, pass_mark=0)
    trainee = login_as("trainee")
    assert submit(trainee, start(trainee).get_json()["attempt_id"]).get_json()["passed"] is True
    clock.advance(hours=2)
    assert start(trainee).get_json()["reason"] == "cannot_start"


def test_quarterly_exam_is_refused_to_people_still_in_training(login_as, sample_exam, clock):
    """Can a new hire in training sit the quarterly exam, whose failed retake disqualifies? No."""
    set_spec(EXAM_ID, kind="quarterly")
    trainee = login_as("trainee")
    response = start(trainee)
    assert response.status_code == 409
    assert "只面向状态为「上岗」" in response.get_json()["message"]
    assert db.session.query(Attempt).count() == 0
    assert "只面向状态为「上岗」" in _state_text(trainee)


def test_trial_exam_opens_once_the_person_is_on_trial(app, login_as, sample_exam, clock):
    """Is the trial exam closed in training and open once the person has moved to trial?"""
    from examapp.services import onboarding
    from tests.factories import make_exam, make_graded_attempt

    set_spec(EXAM_ID, kind="trial")
    trainee = login_as("trainee")
    assert start(trainee).status_code == 409
    make_graded_attempt(
        trainee.user,
        make_exam(kind="certification"),
        score=100,
        started_at=START - timedelta(days=2),
    )
    manager = make_user(role="manager")
    onboarding.change_status(
        trainee.user, "trial", manager, "认证考试通过", now=START - timedelta(days=1)
    )
    response = start(trainee)
    assert response.status_code == 200, response.get_json()
