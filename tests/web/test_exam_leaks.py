"""Does anything give the key away before the review policy allows it? Checked on the raw bytes."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from examapp.extensions import db
from examapp.models import AttemptItem, QuestionVersion
from examapp.services import windows
from tests.web import exam_helpers
from tests.web.exam_helpers import EXAM_ID, START, get_json, save, set_spec, start, submit

clock = exam_helpers.clock
sample_exam = exam_helpers.sample_exam

# JSON keys and HTML markers that would carry a key, a verdict or a score.
FORBIDDEN_KEYS = (b'"answer"', b'"correct"', b'"explanation"', b'"points_awarded"', b'"score"')
FORBIDDEN_MARKERS = (b"is-key", b"data-correct", b"data-answer=", b"review-item")


def _snapshots(attempt_id: int) -> list[dict]:
    rows = db.session.scalars(
        db.select(QuestionVersion.snapshot)
        .join(AttemptItem, AttemptItem.question_version_id == QuestionVersion.id)
        .where(AttemptItem.attempt_id == attempt_id)
    )
    return list(rows)


def _assert_no_key(raw: bytes, snapshots: list[dict], where: str) -> None:
    """Neither any explanation (as text or JSON-escaped) nor a key/verdict marker is in ``raw``."""
    for snapshot in snapshots:
        explanation = snapshot["explanation"]
        escaped = json.dumps(explanation)[1:-1].encode()
        assert explanation.encode() not in raw, f"{where}: explanation of {snapshot['id']}"
        assert escaped not in raw, f"{where}: escaped explanation of {snapshot['id']}"
    for marker in FORBIDDEN_KEYS + FORBIDDEN_MARKERS:
        assert marker not in raw, f"{where}: {marker!r}"


def _responses_while_open(trainee, attempt_id: int, paper: dict) -> dict[str, bytes]:
    item = paper["items"][0]
    first, second = item["options"][0]["key"], item["options"][1]["key"]
    return {
        "start": start(trainee).data,
        "exam page": trainee.get(f"/learn/attempts/{attempt_id}").data,
        "attempt json": get_json(trainee, f"/learn/api/attempts/{attempt_id}").data,
        "save": save(trainee, attempt_id, 1, [first], 0).data,
        "stale save": save(trainee, attempt_id, 1, [second], 0).data,
        "invalid save": save(trainee, attempt_id, 1, ["Z"], 1).data,
        "result before submit": get_json(trainee, f"/learn/api/attempts/{attempt_id}/result").data,
        "exam list": trainee.get("/learn/exams").data,
        "exam intro": trainee.get(f"/learn/exams/{EXAM_ID}").data,
        "exam.js": trainee.get("/static/js/exam.js").data,
    }


def test_nothing_before_hand_in_carries_a_key_or_explanation(login_as, sample_exam, clock):
    """Do the exam page, exam.js and every JSON response while sitting the exam hold no key?"""
    trainee = login_as("trainee")
    paper = json.loads(start(trainee).data)
    snapshots = _snapshots(paper["attempt_id"])
    assert len(snapshots) == len(paper["items"]) == 6
    for where, raw in _responses_while_open(trainee, paper["attempt_id"], paper).items():
        _assert_no_key(raw, snapshots, where)


@pytest.mark.parametrize("policy", ["after_close", "never"])
def test_graded_result_withholds_the_key_until_the_policy_allows(
    login_as, sample_exam, clock, policy
):
    """With review after_close (attempts left) or never, do the result page and JSON hold no key?"""
    set_spec(EXAM_ID, review=policy)
    trainee = login_as("trainee")
    attempt_id = start(trainee).get_json()["attempt_id"]
    snapshots = _snapshots(attempt_id)
    submitted = submit(trainee, attempt_id)
    result_json = get_json(trainee, f"/learn/api/attempts/{attempt_id}/result")
    page = trainee.get(f"/learn/attempts/{attempt_id}/result")
    for where, raw in {"submit": submitted.data, "result json": result_json.data}.items():
        assert b'"questions"' not in raw, where
        for snapshot in snapshots:
            assert snapshot["explanation"].encode() not in raw
            assert json.dumps(snapshot["explanation"])[1:-1].encode() not in raw
    assert result_json.get_json()["review_available"] is False
    _assert_no_key(page.data, snapshots, "result page")


def test_review_immediately_shows_key_and_explanations(login_as, sample_exam, clock):
    """With review immediately, does the result show each question's key and explanation?"""
    trainee = login_as("trainee")
    attempt_id = start(trainee).get_json()["attempt_id"]
    snapshots = _snapshots(attempt_id)
    result = submit(trainee, attempt_id).get_json()
    assert result["review_available"] is True
    assert {q["explanation"] for q in result["questions"]} == {s["explanation"] for s in snapshots}
    page = trainee.get(f"/learn/attempts/{attempt_id}/result").get_data(as_text=True)
    assert all(s["explanation"] in page for s in snapshots)


def test_after_close_review_waits_for_the_window_and_the_last_attempt(login_as, sample_exam, clock):
    """With review after_close, is the key shown only once the window has closed and no attempt is left?"""
    set_spec(EXAM_ID, review="after_close", attempts_allowed=1)
    trainee = login_as("trainee")
    closes = START + timedelta(minutes=30)
    windows.create_window(EXAM_ID, START, closes, user_id=trainee.user.id, now=START)
    attempt_id = start(trainee).get_json()["attempt_id"]
    submit(trainee, attempt_id)
    url = f"/learn/api/attempts/{attempt_id}/result"
    assert get_json(trainee, url).get_json()["review_available"] is False  # window still open
    clock.now = closes
    body = get_json(trainee, url).get_json()
    assert body["review_available"] is True and len(body["questions"]) == 6
