"""Regrade after a key fix: dry run changes nothing; apply changes only affected attempts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from examapp.domain.errors import DomainError
from examapp.extensions import db
from examapp.models import Attempt, AttemptItem, Certificate, RegradeRun
from examapp.services import certificates, regrade
from tests.factories import make_exam, make_graded_attempt, make_question_version, make_user

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def scene(app):
    """q1's key is wrong (A, should be B); q2 is fine. Pass mark 6 of 10."""
    exam = make_exam(pass_mark=6, total_points=10)
    q1_old = make_question_version("rg-q1", ["A"])
    q2 = make_question_version("rg-q2", ["A"])
    people = {name: make_user(username=f"rg-{name}") for name in ("alice", "bob", "carol")}
    attempts = {
        # alice picked the true answer B: marked wrong now, right after the fix
        "alice": make_graded_attempt(
            people["alice"], exam, 5, items=[(q1_old, ["B"], 5), (q2, ["A"], 5)]
        ),
        # bob picked the wrong key A: right now, wrong after the fix
        "bob": make_graded_attempt(
            people["bob"], exam, 10, items=[(q1_old, ["A"], 5), (q2, ["A"], 5)]
        ),
        # carol picked C: wrong before and after, so her attempt is not affected
        "carol": make_graded_attempt(
            people["carol"], exam, 5, items=[(q1_old, ["C"], 5), (q2, ["A"], 5)]
        ),
    }
    certificates.issue_for_attempt(attempts["bob"])
    fixed = make_question_version("rg-q1", ["B"])  # same options, corrected key
    return exam, attempts, q1_old, fixed


def _snapshot(attempt_id: int) -> tuple:
    db.session.expire_all()
    a = db.session.get(Attempt, attempt_id)
    return (a.score, a.passed, a.result, [i.question_version_id for i in a.items])


def test_dry_run_lists_changes_and_writes_nothing(scene) -> None:
    """Does the plan show alice 5→10 (pass) and bob 10→5 (fail), leaving the database as it was?"""
    exam, attempts, _old, _fixed = scene
    before = {name: _snapshot(a.id) for name, a in attempts.items()}
    plan = regrade.plan(exam.id)
    changes = {c.username: c for c in plan.changes}
    assert plan.checked == 3
    assert set(changes) == {"rg-alice", "rg-bob"}
    assert (changes["rg-alice"].old_score, changes["rg-alice"].new_score) == (5, 10)
    assert (changes["rg-alice"].old_passed, changes["rg-alice"].new_passed) == (False, True)
    assert (changes["rg-bob"].new_score, changes["rg-bob"].new_passed) == (5, False)
    assert changes["rg-alice"].question_ids == ("rg-q1",)
    assert {name: _snapshot(a.id) for name, a in attempts.items()} == before
    assert db.session.query(RegradeRun).count() == 0


def test_apply_changes_only_affected_attempts_and_records_the_run(scene) -> None:
    """Are alice and bob regraded and re-pointed to the fixed version, carol untouched, run kept?"""
    exam, attempts, old, fixed = scene
    carol_before = _snapshot(attempts["carol"].id)
    run = regrade.apply(exam.id, by="trainer-wang", reason="rg-q1 答案应为 B", now=NOW)
    alice = _snapshot(attempts["alice"].id)
    bob = _snapshot(attempts["bob"].id)
    assert alice[:2] == (10, True) and bob[:2] == (5, False)
    assert alice[3][0] == fixed.id and bob[3][0] == fixed.id
    assert [i["points_awarded"] for i in alice[2]["items"]] == [5, 5]
    assert _snapshot(attempts["carol"].id) == carol_before
    assert carol_before[3][0] == old.id
    stored = db.session.get(RegradeRun, run.id)
    assert (stored.by, stored.reason, stored.at) == ("trainer-wang", "rg-q1 答案应为 B", NOW)
    assert {c["username"] for c in stored.changes} == {"rg-alice", "rg-bob"}


def test_apply_follows_with_certificates(scene) -> None:
    """Does alice, now passed, get a certificate, and bob's certificate get revoked?"""
    exam, attempts, _old, _fixed = scene
    regrade.apply(exam.id, by="t", reason="key fix", now=NOW)
    by_attempt = {c.attempt_id: c for c in db.session.query(Certificate)}
    assert by_attempt[attempts["alice"].id].revoked_at is None
    assert by_attempt[attempts["bob"].id].revoked_at is not None
    assert "key fix" in by_attempt[attempts["bob"].id].revoke_reason


def test_second_regrade_finds_nothing(scene) -> None:
    """After applying, does another dry run find no affected attempt?"""
    exam, *_ = scene
    regrade.apply(exam.id, by="t", reason="key fix", now=NOW)
    assert regrade.plan(exam.id).changes == []


def test_changed_options_are_not_a_key_fix(app) -> None:
    """Is a new version with different options left alone (candidates saw other choices)?"""
    exam = make_exam(pass_mark=5, total_points=5)
    old = make_question_version("rg-opt", ["A"])
    make_graded_attempt(make_user(), exam, 0, items=[(old, ["B"], 5)])
    make_question_version("rg-opt", ["B"], options={"A": "新甲", "B": "新乙"})
    assert regrade.plan(exam.id).changes == []


def test_apply_needs_a_reason(scene) -> None:
    """Is applying without a reason refused before anything is written?"""
    exam, attempts, *_ = scene
    with pytest.raises(DomainError):
        regrade.apply(exam.id, by="t", reason=" ")
    assert _snapshot(attempts["alice"].id)[0] == 5
    assert db.session.query(RegradeRun).count() == 0


def test_open_attempts_are_not_regraded(app) -> None:
    """Are attempts still being taken left out of the regrade?"""
    exam = make_exam(pass_mark=5, total_points=5)
    old = make_question_version("rg-open", ["A"])
    attempt = make_graded_attempt(make_user(), exam, 0, items=[(old, ["B"], 5)])
    attempt.state = "open"
    db.session.commit()
    make_question_version("rg-open", ["B"])
    assert regrade.plan(exam.id).checked == 0


def test_manager_page_lists_runs(scene, login_as) -> None:
    """Does /manager/regrades show the run with its reason and the changed people?"""
    exam, *_ = scene
    regrade.apply(exam.id, by="trainer-wang", reason="第一题答案更正", now=NOW)
    page = login_as("manager").get("/manager/regrades").get_data(as_text=True)
    assert "第一题答案更正" in page and "rg-alice" in page and "trainer-wang" in page


def test_item_rows_untouched_when_unaffected(scene) -> None:
    """Does carol's paper still point at the version she was given?"""
    exam, attempts, old, _fixed = scene
    regrade.apply(exam.id, by="t", reason="fix", now=NOW)
    item = (
        db.session.query(AttemptItem).filter_by(attempt_id=attempts["carol"].id, position=1).one()
    )
    assert item.question_version_id == old.id
