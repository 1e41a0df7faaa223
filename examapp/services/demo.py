"""The demo data `make run` loads: one cohort, one user per role, and the shipped content."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Cohort, Role, User
from . import accounts, banks, courses

DEMO_PASSWORD = "kefu-demo"
DEMO_COHORT = "2026年11月批次"
DEMO_USERS = [
    ("demo-trainee", Role.TRAINEE, "李小新"),
    ("demo-trainer", Role.TRAINER, "王培训"),
    ("demo-manager", Role.MANAGER, "张主管"),
    ("demo-admin", Role.ADMIN, "系统管理员"),
]

# Content loaders (courses, banks, exams) register here; each must be idempotent and return a
# one-line summary. Kept as a list so demo loading does not need to know every content type.
CONTENT_LOADERS: list[Callable[[], str]] = [courses.load_shipped_courses, banks.load_question_banks]


def load_demo() -> list[str]:
    """Create what is missing and leave what exists; safe to run any number of times."""
    report = []
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == DEMO_COHORT))
    if cohort is None:
        cohort = accounts.create_cohort(DEMO_COHORT, starts_on=date(2026, 11, 2))
        report.append(f"cohort {DEMO_COHORT} created")
    for username, role, name in DEMO_USERS:
        if db.session.scalar(select(User).where(User.username == username)) is None:
            accounts.create_user(
                username,
                DEMO_PASSWORD,
                role=role,
                display_name=name,
                cohort=cohort if role == Role.TRAINEE else None,
            )
            report.append(f"user {username} ({role}) created")
    for loader in CONTENT_LOADERS:
        report.append(loader())
    return report
