"""The manager's exam list and window pages: Beijing-time input, validation, deletion."""

from __future__ import annotations

from datetime import UTC, datetime

from examapp.extensions import db
from examapp.models import ExamWindow
from tests.factories import make_cohort, make_exam, make_user


def test_exam_list_shows_exams_with_links(app, login_as) -> None:
    """Does /manager/exams list each exam with links to its windows, grants and results?"""
    exam = make_exam(title="沟通认证")
    page = login_as("manager").get("/manager/exams").get_data(as_text=True)
    assert "沟通认证" in page
    for part in ("windows", "grants", "results"):
        assert f"/manager/exams/{exam.id}/{part}" in page


def test_window_entered_in_beijing_time_is_stored_in_utc(app, login_as) -> None:
    """Is a window typed as 2030-01-05 09:00 (Beijing) stored as 01:00 UTC for the cohort?"""
    exam = make_exam()
    cohort = make_cohort()
    client = login_as("manager")
    response = client.form_post(
        f"/manager/exams/{exam.id}/windows",
        {
            "target": "cohort",
            "cohort_id": cohort.id,
            "user_id": 0,
            "opens_at": "2030-01-05T09:00",
            "closes_at": "2030-01-05T11:30",
        },
    )
    assert response.status_code == 302
    window = db.session.query(ExamWindow).one()
    assert window.cohort_id == cohort.id and window.user_id is None
    assert window.opens_at == datetime(2030, 1, 5, 1, 0, tzinfo=UTC)
    assert window.closes_at == datetime(2030, 1, 5, 3, 30, tzinfo=UTC)
    page = client.get(f"/manager/exams/{exam.id}/windows").get_data(as_text=True)
    assert "2030-01-05 09:00" in page and cohort.name in page


def test_window_for_one_person(app, login_as) -> None:
    """Can a manager assign the exam to one person instead of a cohort?"""
    exam = make_exam()
    person = make_user()
    response = login_as("manager").form_post(
        f"/manager/exams/{exam.id}/windows",
        {
            "target": "person",
            "cohort_id": 0,
            "user_id": person.id,
            "opens_at": "2030-01-05T09:00",
            "closes_at": "2030-01-05T10:00",
        },
    )
    assert response.status_code == 302
    assert db.session.query(ExamWindow).one().user_id == person.id


def test_closing_before_opening_is_explained_and_not_stored(app, login_as) -> None:
    """Does a window that closes before it opens get a clear message and no row?"""
    exam = make_exam()
    cohort = make_cohort()
    response = login_as("manager").form_post(
        f"/manager/exams/{exam.id}/windows",
        {
            "target": "cohort",
            "cohort_id": cohort.id,
            "user_id": 0,
            "opens_at": "2030-01-05T11:00",
            "closes_at": "2030-01-05T09:00",
        },
    )
    assert response.status_code == 200
    assert "关闭时间必须晚于开放时间" in response.get_data(as_text=True)
    assert db.session.query(ExamWindow).count() == 0


def test_missing_cohort_is_explained(app, login_as) -> None:
    """Is a cohort window without a chosen cohort refused with a message?"""
    exam = make_exam()
    response = login_as("manager").form_post(
        f"/manager/exams/{exam.id}/windows",
        {
            "target": "cohort",
            "cohort_id": 0,
            "user_id": 0,
            "opens_at": "2030-01-05T09:00",
            "closes_at": "2030-01-05T10:00",
        },
    )
    assert response.status_code == 200
    assert "请选择批次" in response.get_data(as_text=True)
    assert db.session.query(ExamWindow).count() == 0


def test_future_window_can_be_deleted_from_the_page(app, login_as) -> None:
    """Does the delete button remove a window that has not opened yet?"""
    exam = make_exam()
    cohort = make_cohort()
    client = login_as("manager")
    client.form_post(
        f"/manager/exams/{exam.id}/windows",
        {
            "target": "cohort",
            "cohort_id": cohort.id,
            "user_id": 0,
            "opens_at": "2030-01-05T09:00",
            "closes_at": "2030-01-05T10:00",
        },
    )
    window = db.session.query(ExamWindow).one()
    response = client.form_post(f"/manager/exams/{exam.id}/windows/{window.id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.query(ExamWindow).count() == 0


def test_unknown_exam_windows_page_is_404(app, login_as) -> None:
    """Is the windows page of an exam that does not exist a 404?"""
    assert login_as("manager").get("/manager/exams/no-such-exam/windows").status_code == 404


def test_trainee_cannot_add_windows(app, login_as) -> None:
    """Is the window form closed to trainees (403) and nothing stored?"""
    exam = make_exam()
    response = login_as("trainee").form_post(
        f"/manager/exams/{exam.id}/windows",
        {
            "target": "cohort",
            "cohort_id": make_cohort().id,
            "opens_at": "2030-01-05T09:00",
            "closes_at": "2030-01-05T10:00",
        },
    )
    assert response.status_code == 403
    assert db.session.query(ExamWindow).count() == 0
