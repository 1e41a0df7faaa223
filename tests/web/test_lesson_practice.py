"""Practice after each lesson: the shipped lesson → question links, and what the lesson page shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import url_for

from examapp.domain.banks import load_catalog
from examapp.domain.courses import load_courses
from examapp.extensions import db
from examapp.models import QuestionRecord
from examapp.services import banks, courses
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
CERTIFICATION_PREFIX = "tr-"  # the certification exam's questions: practising them would leak it


def _shipped_lessons():
    return [lesson for module in load_courses(ROOT / "courses") for lesson in module.lessons]


def test_do_shipped_practice_ids_exist_in_the_lessons_own_module() -> None:
    """Is every practice id of every lesson a shipped question of that lesson's module, not a tr- one?"""
    questions = load_catalog([ROOT / "question_banks"]).questions
    checked = 0
    for lesson in _shipped_lessons():
        for qid in lesson.practice:
            where = f"{lesson.source_file}: {qid}"
            assert qid in questions, f"{where} is not in question_banks/"
            assert questions[qid].module == lesson.module_id, f"{where} is from another module"
            assert not qid.startswith(CERTIFICATION_PREFIX), f"{where} is a certification question"
            checked += 1
    assert checked > 0


def test_does_every_lesson_offer_two_or_three_practice_questions() -> None:
    """Does each lesson end with 2–3 practice questions?"""
    for lesson in _shipped_lessons():
        assert 2 <= len(lesson.practice) <= 3, lesson.source_file


@pytest.fixture
def shipped(app):
    """The shipped courses and question banks in the database."""
    factories.load_courses()
    banks.load_question_banks()
    return courses.modules()


def test_lesson_page_links_to_practice_without_keys(app, login_as, shipped) -> None:
    """Does each lesson page link its practice questions by stem, with no explanation in the bytes?"""
    client = login_as("trainee")
    stored = banks.current_questions()
    pages = 0
    for module in shipped:
        for lesson in module.lessons:
            if not lesson.practice:
                continue
            body = client.get(f"/learn/modules/{module.id}/{lesson.slug}").get_data(as_text=True)
            assert "课后练习" in body
            with app.test_request_context():
                hrefs = [
                    url_for("learner.practice_question", question_id=q) for q in lesson.practice
                ]
            for qid, href in zip(lesson.practice, hrefs, strict=True):
                question = stored[qid]
                assert f'href="{href}"' in body
                assert question.stem[:10] in body  # the label is the stem, not the raw id
                assert question.explanation not in body
            pages += 1
    assert pages >= 19


def test_lesson_page_without_banks_has_no_practice_section(app, login_as) -> None:
    """With courses loaded but no bank, does the lesson still render, silently without practice?"""
    factories.load_courses()
    module = courses.modules()[0]
    lesson = module.lessons[0]
    assert lesson.practice  # the shipped lesson lists questions that are simply not in the DB
    page = login_as("trainee").get(f"/learn/modules/{module.id}/{lesson.slug}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and lesson.title in body
    assert "/learn/practice/q/" not in body and "课后练习" not in body


def test_retired_practice_question_is_left_out(app, login_as, shipped) -> None:
    """When one listed question is retired, does the page link only the others?"""
    module = shipped[0]
    lesson = module.lessons[0]
    gone, *kept = lesson.practice
    db.session.get(QuestionRecord, gone).retired = True
    db.session.commit()
    body = (
        login_as("trainee").get(f"/learn/modules/{module.id}/{lesson.slug}").get_data(as_text=True)
    )
    assert f"/learn/practice/q/{gone}" not in body
    assert all(f"/learn/practice/q/{qid}" in body for qid in kept)
