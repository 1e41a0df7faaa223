"""Pages for managers: results, the roster and onboarding status."""

from flask import Blueprint

from ..models import Role
from ..security import role_required

bp = Blueprint("manager", __name__, url_prefix="/manager")


@bp.before_request
@role_required(Role.MANAGER)
def _only_managers() -> None:
    """Managers see results and move people through onboarding."""


from . import exams, reports, routes  # noqa: E402, F401
