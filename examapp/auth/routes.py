from flask import Response, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from ..domain.errors import DomainError
from ..extensions import limiter
from ..security import home_url_for, safe_next
from ..services import accounts
from . import bp
from .forms import LoginForm, PasswordForm


def _account_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _address_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"]


def _address_and_account() -> str:
    # Per account and address: one person's typos do not lock out the rest of an office that
    # shares one public address; the looser per-address limit still stops guessing across accounts.
    return f"{get_remote_address()}|{request.form.get('username', '').strip().lower()}"


def _failed(response: Response) -> bool:
    return response.status_code != 302  # a successful login redirects


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_account_limit, key_func=_address_and_account, methods=["POST"], deduct_when=_failed)
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_failed)
def login() -> ResponseReturnValue:
    """Only failed logins count toward the limits."""
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            # A fresh session cookie at login: nothing from before the login carries over.
            lang = session.get("lang")
            session.clear()
            if lang:
                session["lang"] = lang
            accounts.start_session(user, request.user_agent.string)
            login_user(user)
            return redirect(safe_next(form.next.data) or home_url_for(user))
        flash(_("Wrong username or password, or the account is deactivated."), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    accounts.end_session(current_user.get_id())
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> ResponseReturnValue:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.new.data)
        except DomainError as exc:
            flash(str(exc), "error")
        else:
            logout_user()
            session.clear()
            flash(_("Password changed. Log in again with the new password."), "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/password.html", form=form)


@bp.post("/language/<code>")
def set_language(code: str) -> ResponseReturnValue:
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.form.get("next")) or url_for("index"))
