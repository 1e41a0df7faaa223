"""Taking a timed exam through the JSON API and the pages: time, autosave, hand-in, ownership."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from examapp.extensions import db
from examapp.models import Attempt, AttemptItem
from examapp.services import attempts
from tests.web import exam_helpers
from tests.web.exam_helpers import EXAM_ID, START, first_option, get_json, save, start, submit

# Fixtures shared by the exam tests (pytest finds them by name in this module).
clock = exam_helpers.clock
sample_exam = exam_helpers.sample_exam


def _item(attempt_id: int, position: int) -> AttemptItem:
    db.session.expire_all()
    return db.session.scalar(
        select(AttemptItem).where(
            AttemptItem.attempt_id == attempt_id, AttemptItem.position == position
        )
    )


def test_starting_twice_resumes_the_same_attempt_and_deadline(login_as, sample_exam, clock):
    """Does a second start (another tab, later) resume the open attempt with its first deadline?"""
    trainee = login_as("trainee")
    first = start(trainee).get_json()
    clock.advance(minutes=3)
    again = start(trainee).get_json()
    assert again["attempt_id"] == first["attempt_id"]
    assert again["deadline"] == first["deadline"] == (START + timedelta(minutes=10)).isoformat()
    assert again["seconds_left"] == 7 * 60
    assert db.session.query(Attempt).count() == 1


def test_client_supplied_start_or_elapsed_time_is_ignored(login_as, sample_exam, clock):
    """Can a client buy time by sending its own start time or elapsed time? No."""
    trainee = login_as("trainee")
    forged = {
        "started_at": "2030-01-01T00:00:00+00:00",
        "elapsed_seconds": -3600,
        "deadline": "2030-01-01T00:00:00Z",
    }
    paper = trainee.json_post(f"/learn/api/exams/{EXAM_ID}/attempts", forged).get_json()
    assert paper["deadline"] == (START + timedelta(minutes=10)).isoformat()
    clock.advance(minutes=4)
    reply = save(trainee, paper["attempt_id"], 1, first_option(paper["items"][0]), 0, **forged)
    assert reply.status_code == 200
    assert reply.get_json()["seconds_left"] == 6 * 60
    attempt = db.session.get(Attempt, paper["attempt_id"])
    assert attempt.started_at == START and attempt.deadline == START + timedelta(minutes=10)


def test_answer_within_grace_is_saved(login_as, sample_exam, clock):
    """Is an answer arriving exactly at deadline + grace still saved (the stated 15 seconds)?"""
    trainee = login_as("trainee")
    paper = start(trainee).get_json()
    clock.advance(minutes=10, seconds=paper["grace_seconds"])
    reply = save(trainee, paper["attempt_id"], 1, first_option(paper["items"][0]), 0)
    assert reply.status_code == 200
    assert _item(paper["attempt_id"], 1).chosen == first_option(paper["items"][0])


def test_answer_after_deadline_and_grace_is_refused_and_not_stored(login_as, sample_exam, clock):
    """Is an answer one second past deadline + grace refused with 409, not stored, and the attempt closed?"""
    trainee = login_as("trainee")
    paper = start(trainee).get_json()
    attempt_id = paper["attempt_id"]
    assert save(trainee, attempt_id, 1, first_option(paper["items"][0]), 0).status_code == 200
    clock.advance(minutes=10, seconds=paper["grace_seconds"] + 1)
    late = save(trainee, attempt_id, 2, first_option(paper["items"][1]), 0)
    assert late.status_code == 409
    body = late.get_json()
    assert body["reason"] == "deadline"
    assert body["result_url"].endswith(f"/learn/attempts/{attempt_id}/result")
    assert _item(attempt_id, 2).chosen is None and _item(attempt_id, 2).revision == 0
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.state == "graded" and attempt.closed_reason == "timeout"
    assert attempt.finished_at == attempt.deadline  # ended at its deadline, not when noticed


def test_autosave_after_submit_is_refused_and_changes_nothing(login_as, sample_exam, clock):
    """After handing in, is a late autosave (a stale tab) refused without touching the answer or grade?"""
    trainee = login_as("trainee")
    paper = start(trainee).get_json()
    attempt_id = paper["attempt_id"]
    options = paper["items"][0]["options"]
    assert save(trainee, attempt_id, 1, [options[0]["key"]], 0).status_code == 200
    graded = submit(trainee, attempt_id)
    assert graded.status_code == 200
    before = db.session.get(Attempt, attempt_id)
    score, result = before.score, before.result
    late = save(trainee, attempt_id, 1, [options[1]["key"]], 1)
    assert late.status_code == 409 and late.get_json()["reason"] == "closed"
    item = _item(attempt_id, 1)
    assert item.chosen == [options[0]["key"]] and item.revision == 1
    after = db.session.get(Attempt, attempt_id)
    assert (after.score, after.result) == (score, result)


def test_submit_twice_returns_the_same_result(login_as, sample_exam, clock):
    """Is submitting again harmless: same result, no second grading?"""
    trainee = login_as("trainee")
    attempt_id = start(trainee).get_json()["attempt_id"]
    first = submit(trainee, attempt_id).get_json()
    clock.advance(minutes=1)
    second = submit(trainee, attempt_id).get_json()
    assert first == second
    assert first["state"] == "graded" and first["finished_at"] == START.isoformat()


def test_stale_revision_is_refused_with_the_newer_answer(login_as, sample_exam, clock):
    """Can a stale tab overwrite a newer answer? No: 409 with the answer and revision on the server."""
    trainee = login_as("trainee")
    paper = start(trainee).get_json()
    attempt_id = paper["attempt_id"]
    keys = [o["key"] for o in paper["items"][0]["options"]]
    assert save(trainee, attempt_id, 1, [keys[0]], 0).get_json()["revision"] == 1  # tab A
    assert save(trainee, attempt_id, 1, [keys[1]], 1).get_json()["revision"] == 2  # tab A again
    stale = save(trainee, attempt_id, 1, [keys[2]], 1)  # tab B still thinks revision 1
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["reason"] == "stale" and body["chosen"] == [keys[1]] and body["revision"] == 2
    assert _item(attempt_id, 1).chosen == [keys[1]]


def test_answers_must_name_options_of_the_question(login_as, sample_exam, clock):
    """Are unknown options, two picks on a single-choice question and non-lists refused (400)?"""
    trainee = login_as("trainee")
    paper = start(trainee).get_json()
    attempt_id = paper["attempt_id"]
    single = next(i for i in paper["items"] if i["type"] == "single")
    keys = [o["key"] for o in single["options"]]
    for chosen in (["Z"], keys[:2], "A", [1]):
        reply = save(trainee, attempt_id, single["position"], chosen, 0)
        assert reply.status_code == 400, chosen
        assert reply.get_json()["reason"] == "invalid"
    assert save(trainee, attempt_id, 99, ["A"], 0).status_code == 404
    assert _item(attempt_id, single["position"]).revision == 0


def test_multiple_choice_saves_several_options_and_can_be_cleared(login_as, sample_exam, clock):
    """Does a multiple-choice answer keep several picks (in the order shown) and clear to none?"""
    trainee = login_as("trainee")
    paper = start(trainee).get_json()
    multiple = next(i for i in paper["items"] if i["type"] == "multiple")
    keys = [o["key"] for o in multiple["options"]]
    reply = save(trainee, paper["attempt_id"], multiple["position"], [keys[2], keys[0]], 0)
    assert reply.status_code == 200
    assert _item(paper["attempt_id"], multiple["position"]).chosen == [keys[0], keys[2]]
    assert save(trainee, paper["attempt_id"], multiple["position"], [], 1).status_code == 200
    assert _item(paper["attempt_id"], multiple["position"]).chosen == []


def test_another_trainee_gets_404_for_every_read_and_write(login_as, sample_exam, clock):
    """Can trainee B read, save to or submit trainee A's attempt? Every route answers 404."""
    owner, other = login_as("trainee"), login_as("trainee")
    paper = start(owner).get_json()
    attempt_id = paper["attempt_id"]
    base = f"/learn/attempts/{attempt_id}"
    assert other.get(base).status_code == 404
    assert other.get(base + "/result").status_code == 404
    assert other.form_post(base + "/submit", {}).status_code == 404
    assert get_json(other, f"/learn/api/attempts/{attempt_id}").status_code == 404
    assert get_json(other, f"/learn/api/attempts/{attempt_id}/result").status_code == 404
    assert save(other, attempt_id, 1, first_option(paper["items"][0]), 0).status_code == 404
    assert submit(other, attempt_id).status_code == 404
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.state == "open" and _item(attempt_id, 1).revision == 0


def test_overdue_attempt_is_closed_by_the_cron_command(app, login_as, sample_exam, clock):
    """Does `flask attempts close-overdue` grade attempts whose time ran out, and only those?"""
    trainee = login_as("trainee")
    attempt_id = start(trainee).get_json()["attempt_id"]
    runner = app.test_cli_runner()
    assert "0 attempt(s)" in runner.invoke(args=["attempts", "close-overdue"]).output
    clock.advance(minutes=11)
    assert "1 attempt(s)" in runner.invoke(args=["attempts", "close-overdue"]).output
    db.session.expire_all()
    assert db.session.get(Attempt, attempt_id).closed_reason == "timeout"


def test_exam_pages_take_the_exam_without_javascript(login_as, sample_exam, clock):
    """Can a trainee start from the page, answer in the plain form, hand in and see the result?"""
    trainee = login_as("trainee")
    assert "sample-cert" in trainee.get("/learn/exams").get_data(as_text=True)
    assert trainee.get(f"/learn/exams/{EXAM_ID}").status_code == 200
    started = trainee.form_post(f"/learn/exams/{EXAM_ID}/start", {})
    assert started.status_code == 302
    page = trainee.get(started.headers["Location"])
    assert page.status_code == 200 and b'id="exam-timer"' in page.data
    attempt = db.session.scalar(select(Attempt))
    paper = attempts.paper(trainee.user, attempt.id, START)
    form = {f"rev{i['position']}": str(i["revision"]) for i in paper["items"]}
    form["q1"] = paper["items"][0]["options"][0]["key"]
    done = trainee.form_post(f"/learn/attempts/{attempt.id}/submit", form)
    assert done.headers["Location"].endswith(f"/learn/attempts/{attempt.id}/result")
    assert trainee.get(done.headers["Location"]).status_code == 200
    assert _item(attempt.id, 1).chosen == [form["q1"]]
    assert db.session.get(Attempt, attempt.id).state == "graded"
