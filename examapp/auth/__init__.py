"""Login, logout, password change and the language switch."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from . import routes, verify  # noqa: E402, F401  (routes attach themselves to bp)
