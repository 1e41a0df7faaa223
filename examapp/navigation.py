"""The menu each role sees, and the labels of roles: one place for both."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user

ROLE_LABELS = {
    "trainee": _l("Trainee"),
    "trainer": _l("Trainer"),
    "manager": _l("Manager"),
    "admin": _l("Administrator"),
}

# Blueprints add their pages here; an endpoint that is not registered is skipped.
NAV = {
    "trainee": [
        ("learner.home", _l("My training")),
        ("learner.exams", _l("Exams")),
        ("learner.practice_home", _l("Practice")),
        ("learner.certificates_list", _l("My certificates")),
    ],
    "trainer": [
        ("trainer.home", _l("Question banks")),
        ("trainer.questions", _l("Question list")),
        ("trainer.exams", _l("Exam definitions")),
        ("trainer.stats", _l("Item statistics")),
        ("trainer.cohorts", _l("My cohorts")),
    ],
    "manager": [
        ("manager.home", _l("Overview")),
        ("manager.roster", _l("Roster")),
        ("manager.exams", _l("Exams")),
        ("manager.reports_page", _l("Reports")),
    ],
    "admin": [
        ("admin.home", _l("Users")),
        ("admin.cohorts", _l("Cohorts")),
        ("admin.import_users", _l("Import users")),
    ],
}


def nav_links() -> list[tuple[str, str]]:
    """(endpoint, label) pairs for the current user's menu."""
    from flask import current_app

    if not current_user.is_authenticated:
        return []
    endpoints = current_app.view_functions
    return [(ep, str(label)) for ep, label in NAV.get(current_user.role, []) if ep in endpoints]


def role_label(role: str) -> str:
    """The translated name of a role."""
    return str(ROLE_LABELS.get(role, role))
