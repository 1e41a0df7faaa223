"""`flask exams regrade`: a dry run by default, --apply with a reason writes and records."""

from __future__ import annotations

from examapp.extensions import db
from examapp.models import Attempt, RegradeRun
from tests.factories import make_exam, make_graded_attempt, make_question_version, make_user


def _scene():
    exam = make_exam(exam_id="cli-exam", pass_mark=5, total_points=5)
    old = make_question_version("cli-q1", ["A"])
    attempt = make_graded_attempt(make_user(username="cli-li"), exam, 0, items=[(old, ["B"], 5)])
    make_question_version("cli-q1", ["B"])
    return exam, attempt


def test_regrade_dry_run_prints_table_and_changes_nothing(app) -> None:
    """Does the default run print old → new and the pass change, and leave the score alone?"""
    _exam, attempt = _scene()
    result = app.test_cli_runner().invoke(args=["exams", "regrade", "cli-exam"])
    assert result.exit_code == 0, result.output
    assert "1 affected" in result.output and "cli-li" in result.output
    assert "fail -> pass" in result.output and "dry run" in result.output
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == 0
    assert db.session.query(RegradeRun).count() == 0


def test_regrade_apply_requires_reason(app) -> None:
    """Is --apply without --reason refused with a message and no change?"""
    _exam, attempt = _scene()
    result = app.test_cli_runner().invoke(args=["exams", "regrade", "cli-exam", "--apply"])
    assert result.exit_code != 0 and "--reason" in result.output
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == 0


def test_regrade_apply_writes_and_records(app) -> None:
    """Does --apply --reason update the attempt and store a run with the reason and author?"""
    _exam, attempt = _scene()
    result = app.test_cli_runner().invoke(
        args=["exams", "regrade", "cli-exam", "--apply", "--reason", "key fix", "--by", "wang"]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == 5
    run = db.session.query(RegradeRun).one()
    assert (run.by, run.reason, len(run.changes)) == ("wang", "key fix", 1)


def test_regrade_unknown_exam_fails_clearly(app) -> None:
    """Does an unknown exam id exit non-zero with a message?"""
    result = app.test_cli_runner().invoke(args=["exams", "regrade", "nope"])
    assert result.exit_code != 0 and "nope" in result.output
