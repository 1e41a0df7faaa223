"""Who is logged in, who may see what, and where a login may send you next."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from .extensions import login_manager
from .models import Role, User
from .services import accounts

HOME_ENDPOINTS = {
    Role.TRAINEE: "learner.home",
    Role.TRAINER: "trainer.home",
    Role.MANAGER: "manager.home",
    Role.ADMIN: "admin.home",
}


@login_manager.user_loader
def load_user(token: str) -> User | None:
    return accounts.user_for_token(token)


@login_manager.unauthorized_handler
def unauthorized() -> ResponseReturnValue:
    """Pages redirect to the login form; JSON clients (the exam page's fetch) get a 401 to act on."""
    from .errors import error_response, wants_json

    if wants_json():
        return error_response(401)
    return redirect(url_for("auth.login", next=safe_next(request.full_path.rstrip("?"))))


def role_required(*roles: str) -> Callable:
    """Allow only logged-in users with one of these roles; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: object, **kwargs: object) -> ResponseReturnValue:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # read by the access-table test
        return wrapped

    return decorator


def home_url_for(user: User) -> str:
    """The landing page for this user's role."""
    return url_for(HOME_ENDPOINTS.get(user.role, "auth.login"))


def safe_next(target: str | None) -> str | None:
    """Return ``target`` only if it is a path on this site; never another host or scheme."""
    if not target:
        return None
    target = target.strip().replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if any(ord(ch) < 32 for ch in target):
        return None
    return target
