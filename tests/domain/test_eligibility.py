"""Who may sit which kind of exam."""

from __future__ import annotations

import pytest

from examapp.domain.eligibility import barred_statuses
from examapp.domain.onboarding import Status

CASES = [
    ("module", "training", True),
    ("certification", "training", True),
    ("certification", "active", True),
    ("trial", "training", False),
    ("trial", "trial", True),
    ("trial", "active", False),
    ("quarterly", "training", False),
    ("quarterly", "trial", False),
    ("quarterly", "active", True),
    ("quarterly", "suspended", False),
    ("module", "disqualified", False),
    ("certification", "blacklisted", False),
]


@pytest.mark.parametrize(("kind", "status", "allowed"), CASES)
def test_who_may_sit_which_exam(kind: str, status: str, allowed: bool) -> None:
    """Is each kind of exam open exactly to the statuses it is meant for?"""
    assert (barred_statuses(kind, status) is None) is allowed


def test_a_refusal_names_who_may_sit_the_exam() -> None:
    """Does a trainee refused the quarterly exam learn that it is for active staff?"""
    assert barred_statuses("quarterly", "training") == (Status.ACTIVE,)
