"""Practice mode: one question at a time, the key only after an answer is posted, nothing counted."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from examapp.extensions import db
from examapp.models import Attempt
from examapp.services import banks, practice
from tests.factories import load_sample_bank, make_exam, make_graded_attempt

QUESTION_ID = re.compile(r'name="question_id" value="([^"]+)"')


@pytest.fixture
def bank(app):
    load_sample_bank()
    return banks.current_questions()


def test_practice_home_lists_modules_with_counts(bank, login_as) -> None:
    """Does /learn/practice offer each module with its number of questions?"""
    page = login_as("trainee").get("/learn/practice").get_data(as_text=True)
    count = sum(1 for q in bank.values() if q.module == "communication")
    assert "沟通与服务规范" in page and f"{count} 道题" in page
    assert "/learn/practice/communication" in page


def test_question_page_holds_no_key_or_explanation(bank, login_as) -> None:
    """Before answering, does the page hold the stem but no explanation of any question?"""
    page = login_as("trainee").get("/learn/practice/communication").get_data(as_text=True)
    shown = bank[QUESTION_ID.search(page).group(1)]
    assert shown.stem in page
    for question in bank.values():
        assert question.explanation not in page
    assert "正确答案" not in page


def test_posting_an_answer_reveals_key_and_explanation(bank, login_as) -> None:
    """After posting the right answer, does the page say correct and show the explanation?"""
    question = bank["sample-s-001"]
    client = login_as("trainee")
    response = client.form_post(
        "/learn/practice/communication", {"question_id": question.id, "chosen": ["B"]}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "回答正确" in page and question.explanation in page


def test_wrong_answer_shows_the_correct_one(bank, login_as) -> None:
    """Does a wrong answer get "not quite", the correct key and the explanation?"""
    question = bank["sample-s-001"]
    page = (
        login_as("trainee")
        .form_post("/learn/practice/communication", {"question_id": question.id, "chosen": ["A"]})
        .get_data(as_text=True)
    )
    assert "回答错误" in page and question.explanation in page
    assert re.search(r'class="answer">\s*B\s*<', page)


def test_practice_creates_no_attempts(bank, login_as) -> None:
    """Is practice not counted: no Attempt rows after viewing and answering?"""
    client = login_as("trainee")
    client.get("/learn/practice/communication")
    client.form_post(
        "/learn/practice/communication", {"question_id": "sample-s-001", "chosen": "B"}
    )
    assert db.session.query(Attempt).count() == 0


def test_single_question_link_from_lessons(bank, login_as) -> None:
    """Does /learn/practice/q/<id> show that question and grade an answer to it?"""
    client = login_as("trainee")
    page = client.get("/learn/practice/q/sample-s-002").get_data(as_text=True)
    assert bank["sample-s-002"].stem in page
    assert bank["sample-s-002"].explanation not in page
    feedback = client.form_post("/learn/practice/q/sample-s-002", {"chosen": "C"})
    assert "回答正确" in feedback.get_data(as_text=True)


def test_unknown_question_and_module_are_404(bank, login_as) -> None:
    """Are an unknown question id and an unknown module both 404?"""
    client = login_as("trainee")
    assert client.get("/learn/practice/q/no-such-question").status_code == 404
    assert client.get("/learn/practice/no-such-module").status_code == 404


def test_draw_prefers_unseen_questions(bank) -> None:
    """With all but one question seen, is the unseen one drawn every time?"""
    ids = sorted(q.id for q in bank.values() if q.module == "communication")
    for seed in range(10):
        drawn = practice.draw("communication", ids[1:], random.Random(seed))
        assert drawn.id == ids[0]


def test_session_remembers_seen_questions(bank, login_as) -> None:
    """Does a practice session go through every question before repeating one?"""
    client = login_as("trainee")
    count = sum(1 for q in bank.values() if q.module == "communication")
    seen = []
    for _ in range(count):
        page = client.get("/learn/practice/communication").get_data(as_text=True)
        qid = QUESTION_ID.search(page).group(1)
        seen.append(qid)
        client.form_post("/learn/practice/communication", {"question_id": qid, "chosen": "A"})
    assert len(set(seen)) == count


def test_practice_is_refused_during_an_open_exam(bank, login_as) -> None:
    """While an exam attempt is open, is practice refused (no key lookup mid-exam)?"""
    client = login_as("trainee")
    attempt = make_graded_attempt(client.user, make_exam(), 0)
    attempt.state = "open"
    db.session.commit()
    response = client.form_post(
        "/learn/practice/communication", {"question_id": "sample-s-001", "chosen": "B"}
    )
    assert response.status_code == 409
    assert bank["sample-s-001"].explanation not in response.get_data(as_text=True)


def test_fixed_exam_paper_questions_are_not_open_to_practice(app, login_as) -> None:
    """Can a trainee look up the certification paper's key through practice mode? (They must not.)"""
    from examapp.services.banks import import_paths

    import_paths([Path(app.config["QUESTION_BANKS_DIR"])])
    trainee = login_as("trainee")
    assert trainee.get("/learn/practice/q/tr-s-001").status_code == 404
    assert trainee.get("/learn/practice/q/pr-001").status_code == 200
