"""Command-line tools: users and demo data."""

from __future__ import annotations

from sqlalchemy import func, select

from examapp.extensions import db
from examapp.models import Role, User
from examapp.services.demo import DEMO_USERS


def test_users_create_command(app) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--role",
            "admin",
            "--username",
            "boss",
            "--password",
            "boss-pass-1",
        ]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.username == "boss")).role == Role.ADMIN


def test_demo_load_is_idempotent(app) -> None:
    """Does `demo load` twice give one user per role and the same counts?"""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    first = db.session.scalar(select(func.count(User.id)))
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(User.id))) == first == len(DEMO_USERS)


def test_demo_load_is_refused_in_production(app) -> None:
    app.config["DEMO_DATA_ALLOWED"] = False
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "never in production" in result.output


def test_demo_history_simulates_a_cohort_once(app) -> None:
    """Does the simulated earlier cohort leave graded attempts and real onboarding history, once?"""
    from examapp.models import Attempt, Cohort, OnboardingEvent
    from examapp.services.demo import load_demo
    from examapp.services.demo_history import HISTORY_COHORT, load_history

    app.config["LESSON_MIN_READ_SECONDS"] = 60
    load_demo()
    summary = load_history(hires=4)
    assert "4 hires" in summary
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == HISTORY_COHORT))
    members = {u.username for u in cohort.members}
    assert members == {"demo-t01", "demo-t02", "demo-t03", "demo-t04"}
    graded = db.session.scalar(select(func.count(Attempt.id)).where(Attempt.state == "graded"))
    assert graded >= 4 * 3  # two module tests and the certification each, at least
    events = db.session.scalar(select(func.count(OnboardingEvent.id)))
    assert events > 0
    assert load_history(hires=4).endswith("already present")
    assert db.session.scalar(select(func.count(Attempt.id))) == graded
