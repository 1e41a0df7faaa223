"""Who may sit which kind of exam."""

from __future__ import annotations

import pytest

from examapp.domain.eligibility import ineligibility

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
    assert (ineligibility(kind, status) is None) is allowed


def test_the_refusal_names_the_required_and_the_current_status() -> None:
    """Does a trainee refused the quarterly exam learn why, in Chinese first?"""
    message = ineligibility("quarterly", "training")
    assert message.startswith("这场考试只面向「上岗」状态的人员")
    assert "「培训中」" in message
