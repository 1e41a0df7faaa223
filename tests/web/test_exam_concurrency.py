"""Races the database must win: 20 submits at once, saves racing a submit, starts racing each other.

Each thread has its own app context and so its own database session and connection, as
concurrent requests in gunicorn workers would. Runs on the suite's SQLite file (WAL) and, with
DATABASE_URL set, on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from examapp.domain.grading import grade_paper
from examapp.extensions import db
from examapp.models import Attempt, AttemptState, User
from examapp.services import attempts, grading
from tests.factories import make_user
from tests.web import exam_helpers
from tests.web.exam_helpers import EXAM_ID, START

clock = exam_helpers.clock
sample_exam = exam_helpers.sample_exam


def _race(app, count: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` in ``count`` threads released together; return results or exceptions."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[index] = work(index)
            except Exception as exc:  # collected and asserted on by the test
                results[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_twenty_concurrent_submits_grade_exactly_once(app, sample_exam, clock, monkeypatch):
    """Do 20 simultaneous submits of one attempt produce exactly one grading and one result?"""
    user = make_user()
    user_id = user.id  # threads must not touch the main thread's session (or its objects)
    attempt_id = attempts.start_or_resume(user, EXAM_ID).id
    graded: list[int] = []
    monkeypatch.setattr(grading, "AFTER_GRADING", [lambda a, now: graded.append(a.id)])

    def hand_in(_: int) -> tuple[str, float]:
        attempt = attempts.submit(db.session.get(User, user_id), attempt_id, START)
        return attempt.state, attempt.score

    results = _race(app, 20, hand_in)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert graded == [attempt_id]
    assert set(results) == {(AttemptState.GRADED, 0.0)}


def test_saves_racing_a_submit_are_either_graded_or_refused(app, sample_exam, clock):
    """While a submit runs, is every acknowledged save part of the grade, and every other refused?"""
    user = make_user()
    user_id = user.id
    paper = attempts.paper(user, attempts.start_or_resume(user, EXAM_ID).id)
    attempt_id = paper["attempt_id"]
    items = paper["items"]

    def act(index: int) -> object:
        me = db.session.get(User, user_id)
        if index == len(items):
            return attempts.submit(me, attempt_id, START + timedelta(seconds=1)).state
        item = items[index]
        return attempts.save_answer(
            me, attempt_id, item["position"], [item["options"][0]["key"]], 0, START
        )

    results = _race(app, len(items) + 1, act)
    for result in results:
        assert not isinstance(result, Exception) or isinstance(result, attempts.AttemptClosed), (
            result
        )
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    stored = {i.position: i.chosen for i in attempt.items}
    for item, result in zip(items, results, strict=False):
        acknowledged = isinstance(result, attempts.Saved)
        assert (stored[item["position"]] is not None) == acknowledged
    # The stored grade is exactly the grade of the stored answers.
    paper_items = grading.paper_items(attempt_id)
    regrade = grade_paper(
        6, [p for p, _ in paper_items], {p.position: frozenset(c or ()) for p, c in paper_items}
    )
    assert attempt.score == regrade.total


def test_concurrent_starts_leave_one_open_attempt(app, sample_exam, clock):
    """Do ten simultaneous starts (double clicks, tabs) all land in ONE open attempt?"""
    user_id = make_user().id

    def begin(_: int) -> int:
        return attempts.start_or_resume(db.session.get(User, user_id), EXAM_ID, START).id

    results = _race(app, 10, begin)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    assert db.session.query(Attempt).filter_by(state=AttemptState.OPEN).count() == 1
