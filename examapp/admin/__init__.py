"""Pages for administrators: users, roles and cohorts."""

from flask import Blueprint

from ..models import Role
from ..security import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@role_required(Role.ADMIN)
def _only_admins() -> None:
    """Only administrators manage accounts."""


from . import imports, routes  # noqa: E402, F401  (routes attach themselves to bp)
