"""Admin pages: users, roles, cohorts, deactivation."""

from __future__ import annotations

from sqlalchemy import select

from examapp.extensions import db
from examapp.models import Cohort, User
from tests.factories import make_cohort, make_user


def test_admin_creates_a_user_in_a_cohort(login_as) -> None:
    """Can an admin create a trainee in a cohort, who can then log in?"""
    admin = login_as("admin")
    cohort = make_cohort("2026年12月批次")
    response = admin.form_post(
        "/admin/",
        {
            "username": "new-hire",
            "display_name": "新同事",
            "password": "first-pass-1",
            "role": "trainee",
            "cohort_id": str(cohort.id),
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "new-hire"))
    assert user.cohort_id == cohort.id and user.role == "trainee"


def test_duplicate_username_is_reported(login_as) -> None:
    """Does a taken username get a clear message instead of an error page?"""
    admin = login_as("admin")
    make_user("trainee", username="taken")
    response = admin.form_post(
        "/admin/",
        {
            "username": "taken",
            "display_name": "x",
            "password": "first-pass-1",
            "role": "trainee",
            "cohort_id": "0",
        },
    )
    assert response.status_code == 200
    assert "已存在" in response.get_data(as_text=True)


def test_admin_changes_role_and_deactivates(app, login_as) -> None:
    """Do role changes and deactivation take effect, logging the user out?"""
    admin = login_as("admin")
    target_client = login_as("trainee")
    target = target_client.user
    response = admin.form_post(f"/admin/users/{target.id}", {"role": "trainer", "cohort_id": "0"})
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, target.id)
    assert user.role == "trainer" and user.active is False
    assert target_client.get("/trainer/").status_code == 302


def test_admin_cannot_lock_themselves_out(login_as) -> None:
    """Is an admin stopped from removing their own admin role?"""
    admin = login_as("admin")
    response = admin.form_post(
        f"/admin/users/{admin.user.id}", {"role": "trainee", "cohort_id": "0", "active": "y"}
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(User, admin.user.id).role == "admin"


def test_admin_creates_a_cohort(login_as) -> None:
    admin = login_as("admin")
    response = admin.form_post(
        "/admin/cohorts", {"name": "2027年1月批次", "starts_on": "2027-01-04"}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Cohort).where(Cohort.name == "2027年1月批次")) is not None


def test_unknown_user_is_404(login_as) -> None:
    assert login_as("admin").get("/admin/users/99999").status_code == 404


def test_admin_sets_a_new_password_for_someone_who_forgot(app, login_as) -> None:
    """Can an admin give a forgetful user a new password, ending that user's old sessions?"""
    admin = login_as("admin")
    forgetful_client = login_as("trainee")
    forgetful = forgetful_client.user
    response = admin.form_post(
        f"/admin/users/{forgetful.id}",
        {"role": "trainee", "cohort_id": "0", "active": "y", "new_password": "fresh-start-1"},
    )
    assert response.status_code == 302
    assert forgetful_client.get("/learn/").status_code == 302  # the old session is gone
    assert app.test_client().login(forgetful.username, "fresh-start-1").status_code == 302


def test_empty_new_password_keeps_the_old_one(app, login_as) -> None:
    """Does saving the edit form without a new password leave the password and sessions alone?"""
    admin = login_as("admin")
    member = login_as("trainee")
    admin.form_post(
        f"/admin/users/{member.user.id}", {"role": "trainee", "cohort_id": "0", "active": "y"}
    )
    assert member.get("/learn/").status_code == 200
