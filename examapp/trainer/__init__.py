"""Pages for trainers: question banks, exams and item statistics."""

from flask import Blueprint

from ..models import Role
from ..security import role_required

bp = Blueprint("trainer", __name__, url_prefix="/trainer")


@bp.before_request
@role_required(Role.TRAINER)
def _only_trainers() -> None:
    """Trainers own the banks and exams."""


from . import cohorts, routes, stats  # noqa: E402, F401
