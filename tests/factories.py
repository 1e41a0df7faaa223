"""Builders for test data; each returns committed rows."""

from __future__ import annotations

import itertools

from examapp.models import Cohort, User
from examapp.services import accounts

PASSWORD = "test-password-1"
_counter = itertools.count(1)


def make_cohort(name: str | None = None) -> Cohort:
    return accounts.create_cohort(name or f"批次-{next(_counter)}")


def make_user(
    role: str = "trainee",
    username: str | None = None,
    password: str = PASSWORD,
    cohort: Cohort | None = None,
    display_name: str | None = None,
) -> User:
    username = username or f"{role}-{next(_counter)}"
    return accounts.create_user(
        username, password, role=role, display_name=display_name, cohort=cohort
    )
