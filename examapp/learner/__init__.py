"""Pages for new hires: their training, lessons, exams and results."""

from flask import Blueprint

from ..models import Role
from ..security import role_required

bp = Blueprint("learner", __name__, url_prefix="/learn")


@bp.before_request
@role_required(Role.TRAINEE)
def _only_trainees() -> None:
    """Every page here is a trainee's own."""


from . import api, certificates, exams, practice, routes  # noqa: E402, F401
