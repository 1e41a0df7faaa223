"""The manager's funnel, roster and person pages, and the onboarding actions they post."""

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ..domain.errors import DomainError
from ..models import User
from ..services import onboarding, people
from . import bp


@bp.get("/")
def home() -> ResponseReturnValue:
    return render_template("manager/home.html", funnel=people.funnel())


@bp.get("/roster")
def roster() -> ResponseReturnValue:
    return render_template("manager/roster.html", **people.roster_page(request.args))


def _person(user_id: int) -> User:
    try:
        return people.trainee(user_id)
    except LookupError:
        abort(404)


def _person_page(
    user: User, error: str | None = None, status_code: int = 200
) -> ResponseReturnValue:
    # Reading the page applies due events first (a suspension that has run out ends).
    view = people.overview(user, with_timeline=True)
    return (
        render_template(
            "manager/person.html",
            view=view,
            incidents=onboarding.incident_choices(),
            targets=onboarding.status_choices(view.status),
            error=error,
            form=request.form if error else {},
        ),
        status_code,
    )


@bp.get("/people/<int:user_id>")
def person(user_id: int) -> ResponseReturnValue:
    return _person_page(_person(user_id))


def _act(user_id: int, action: Callable[[User, str], object], done: str) -> ResponseReturnValue:
    """Run one onboarding action; on a refused one, show the domain's reason and change nothing."""
    user = _person(user_id)
    try:
        action(user, request.form.get("reason", "").strip())
    except DomainError as exc:
        return _person_page(user, error=str(exc), status_code=409)
    flash(done, "success")
    return redirect(url_for("manager.person", user_id=user_id))


@bp.post("/people/<int:user_id>/incident")
def record_incident(user_id: int) -> ResponseReturnValue:
    incident = request.form.get("incident", "")
    return _act(
        user_id,
        lambda user, reason: onboarding.record_incident(user, incident, current_user, reason),
        _("Incident recorded."),
    )


@bp.post("/people/<int:user_id>/sign-off")
def sign_off(user_id: int) -> ResponseReturnValue:
    return _act(
        user_id,
        lambda user, reason: onboarding.sign_off_trial(user, current_user, reason),
        _("Trial signed off."),
    )


@bp.post("/people/<int:user_id>/status")
def change_status(user_id: int) -> ResponseReturnValue:
    target = request.form.get("target", "")
    return _act(
        user_id,
        lambda user, reason: onboarding.change_status(user, target, current_user, reason),
        _("Status changed."),
    )
