"""Course pages and reading progress: loading, lesson pages, the server-side "read to the end"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from examapp.domain.errors import DomainError
from examapp.extensions import db
from examapp.models import CourseModule, Lesson, LessonProgress
from examapp.services import courses
from tests import factories

T0 = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)


@pytest.fixture
def loaded(app):
    """The shipped courses in the database."""
    factories.load_courses()
    return courses.modules()


def _first_lesson(module: CourseModule) -> Lesson:
    return module.lessons[0]


def _progress(user_id: int, lesson_id: int) -> LessonProgress | None:
    db.session.expire_all()
    return db.session.scalar(
        select(LessonProgress).where(
            LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id
        )
    )


def test_empty_database_still_renders_the_home(app, login_as) -> None:
    """With no course loaded, does the trainee's home page still render and say so?"""
    client = login_as("trainee")
    page = client.get("/learn/")
    assert page.status_code == 200
    assert "还没有载入课程模块" in page.get_data(as_text=True)


def test_lesson_page_records_first_opening_only(app, login_as, loaded) -> None:
    """Does serving a lesson start the reading clock once, without restarting it later?"""
    client = login_as("trainee")
    module = loaded[0]
    lesson = _first_lesson(module)
    page = client.get(f"/learn/modules/{module.id}/{lesson.slug}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert lesson.title in body and "我已读完" in body and 'name="csrf_token"' in body
    first = _progress(client.user.id, lesson.id).opened_at
    client.get(f"/learn/modules/{module.id}/{lesson.slug}")
    assert _progress(client.user.id, lesson.id).opened_at == first
    assert _progress(client.user.id, lesson.id).completed_at is None


def test_lesson_page_shows_key_facts_and_links_to_the_next(app, login_as, loaded) -> None:
    """Does the lesson show its key-facts box and a link to the following lesson?"""
    client = login_as("trainee")
    module = loaded[0]
    first, second = module.lessons[0], module.lessons[1]
    body = client.get(f"/learn/modules/{module.id}/{first.slug}").get_data(as_text=True)
    assert "要点" in body
    assert first.key_facts[0] in body
    assert f'href="/learn/modules/{module.id}/{second.slug}"' in body


def test_completion_refused_too_soon_and_accepted_after_the_minimum(app, login_as, loaded) -> None:
    """Is "I have read this" refused right after opening and accepted once the minimum passed?"""
    app.config["LESSON_MIN_READ_SECONDS"] = 60
    client = login_as("trainee")
    module = loaded[0]
    lesson = _first_lesson(module)
    url = f"/learn/modules/{module.id}/{lesson.slug}"
    client.get(url)
    refused = client.form_post(url + "/done", follow_redirects=True)
    assert "还没读完" in refused.get_data(as_text=True)
    assert _progress(client.user.id, lesson.id).completed_at is None
    row = _progress(client.user.id, lesson.id)
    row.opened_at = row.opened_at - timedelta(seconds=61)  # as if the reader stayed a minute
    db.session.commit()
    accepted = client.form_post(url + "/done", follow_redirects=True)
    assert "已标记为读完" in accepted.get_data(as_text=True)
    assert _progress(client.user.id, lesson.id).completed_at is not None


def test_reading_time_is_checked_with_injected_time(app, loaded) -> None:
    """With time injected: refused 1 s before the threshold, accepted at it, kept when repeated?"""
    app.config["LESSON_MIN_READ_SECONDS"] = 60
    user = factories.make_user()
    module = loaded[0]
    lesson = _first_lesson(module)  # 6 minutes: 40 % is 144 s, capped at 60 s
    courses.open_lesson(user.id, module.id, lesson.slug, now=T0)
    with pytest.raises(DomainError, match="1 秒"):
        courses.complete_lesson(user.id, module.id, lesson.slug, now=T0 + timedelta(seconds=59))
    courses.complete_lesson(user.id, module.id, lesson.slug, now=T0 + timedelta(seconds=60))
    courses.complete_lesson(user.id, module.id, lesson.slug, now=T0 + timedelta(hours=2))
    assert _progress(user.id, lesson.id).completed_at == T0 + timedelta(seconds=60)


def test_completing_an_unopened_lesson_starts_the_clock(app, loaded) -> None:
    """A POST for a lesson never served: refused, and the clock starts from that moment?"""
    app.config["LESSON_MIN_READ_SECONDS"] = 30
    user = factories.make_user()
    module = loaded[1]
    lesson = _first_lesson(module)
    with pytest.raises(DomainError):
        courses.complete_lesson(user.id, module.id, lesson.slug, now=T0)
    assert _progress(user.id, lesson.id).opened_at == T0
    courses.complete_lesson(user.id, module.id, lesson.slug, now=T0 + timedelta(seconds=30))
    assert _progress(user.id, lesson.id).completed_at is not None


def test_home_shows_progress_numbers(app, login_as, loaded) -> None:
    """After reading one whole module, does the home page show it 100 % and the overall share?"""
    client = login_as("trainee")
    module = loaded[0]
    factories.read_module(client.user, module.id, at=T0)
    total = db.session.scalar(select(func.count(Lesson.id)))
    done = len(module.lessons)
    body = client.get("/learn/").get_data(as_text=True)
    assert f"{done}/{total}" in body
    assert f"{done * 100 // total}%" in body
    assert f'{done}/{done} · <span class="module-percent">100%</span>' in body
    assert courses.completed_modules(client.user.id) == {module.id}


def test_module_page_marks_read_lessons(app, login_as, loaded) -> None:
    """Does the module page mark exactly the lessons the person has finished?"""
    client = login_as("trainee")
    module = loaded[0]
    lesson = _first_lesson(module)
    courses.open_lesson(client.user.id, module.id, lesson.slug, now=T0)
    courses.complete_lesson(client.user.id, module.id, lesson.slug, now=T0 + timedelta(hours=1))
    body = client.get(f"/learn/modules/{module.id}").get_data(as_text=True)
    assert body.count("lesson-done") == 1


def test_unknown_module_or_lesson_is_404(app, login_as, loaded) -> None:
    """Do made-up module and lesson addresses answer 404, for pages and the POST alike?"""
    client = login_as("trainee")
    assert client.get("/learn/modules/nope").status_code == 404
    assert client.get(f"/learn/modules/{loaded[0].id}/nope").status_code == 404
    assert client.form_post(f"/learn/modules/{loaded[0].id}/nope/done").status_code == 404


def test_completion_needs_the_csrf_token(app, login_as, loaded) -> None:
    """Is a completion POST without the form's CSRF token refused?"""
    app.config["LESSON_MIN_READ_SECONDS"] = 0
    client = login_as("trainee")
    module = loaded[0]
    lesson = _first_lesson(module)
    assert client.post(f"/learn/modules/{module.id}/{lesson.slug}/done").status_code == 400
    assert _progress(client.user.id, lesson.id) is None


def test_other_roles_cannot_open_lessons(app, login_as, loaded) -> None:
    """Are the lesson pages closed to a manager (they belong to trainees)?"""
    client = login_as("manager")
    module = loaded[0]
    assert client.get(f"/learn/modules/{module.id}/{_first_lesson(module).slug}").status_code == 403
