"""The trainer follows their cohort: lesson progress and status, read-only."""

from __future__ import annotations

from tests.factories import load_courses, make_cohort, make_user, read_module


def test_trainer_sees_each_hires_progress_by_cohort(app, login_as) -> None:
    """Does the trainer see who in a cohort has read what, filtered by cohort?"""
    load_courses()
    september, november = make_cohort("9月批次"), make_cohort("11月批次")
    keen = make_user("trainee", display_name="用功的人", cohort=september)
    make_user("trainee", display_name="别的批次", cohort=november)
    read_module(keen, "communication")
    trainer = login_as("trainer")
    page = trainer.get(f"/trainer/cohorts?cohort={september.id}").get_data(as_text=True)
    assert "用功的人" in page and "别的批次" not in page
    assert "25%" in page  # one module of four read


def test_trainer_roster_has_no_manager_actions(app, login_as) -> None:
    """Is the trainer's view read-only (no links to the manager's person page)?"""
    make_user("trainee", display_name="某学员")
    page = login_as("trainer").get("/trainer/cohorts").get_data(as_text=True)
    assert "某学员" in page and "/manager/people/" not in page
