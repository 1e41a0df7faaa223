"""One way for a form view to run a service call and tell the person how it went."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash

from .domain.errors import DomainError
from .extensions import db


def run_and_flash(action: Callable[[], object], done: str) -> bool:
    """Run ``action``; flash ``done`` and return True, or flash the rule it broke and return False.

    A refused action leaves nothing half-written: the session is rolled back.
    """
    try:
        action()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return False
    flash(done, "success")
    return True
