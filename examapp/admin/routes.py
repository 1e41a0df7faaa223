from flask import abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Cohort, User
from ..outcomes import run_and_flash
from ..services import accounts
from . import bp
from .forms import CohortForm, UserCreateForm, UserEditForm


def _cohort_choices() -> list[tuple[int, str]]:
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.name)).all()
    return [(0, _("(none)"))] + [(c.id, c.name) for c in cohorts]


@bp.route("/", methods=["GET", "POST"])
def home() -> ResponseReturnValue:
    form = UserCreateForm()
    form.cohort_id.choices = _cohort_choices()
    if form.validate_on_submit():
        created = run_and_flash(
            lambda: accounts.create_user(
                form.username.data,
                form.password.data,
                role=form.role.data,
                display_name=form.display_name.data,
                cohort=db.session.get(Cohort, form.cohort_id.data),
            ),
            _("User %(name)s created.", name=form.username.data),
        )
        if created:
            return redirect(url_for("admin.home"))
    users = db.session.scalars(select(User).order_by(User.role, User.username)).all()
    return render_template("admin/users.html", users=users, form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> ResponseReturnValue:
    user = db.session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user, cohort_id=user.cohort_id or 0)
    form.cohort_id.choices = _cohort_choices()
    if form.validate_on_submit():
        saved = run_and_flash(
            lambda: accounts.update_user(
                user,
                by=current_user,
                role=form.role.data,
                cohort=db.session.get(Cohort, form.cohort_id.data),
                active=form.active.data,
                new_password=form.new_password.data or None,
            ),
            _("Saved."),
        )
        if saved:
            return redirect(url_for("admin.home"))
    return render_template("admin/user_edit.html", user=user, form=form)


@bp.route("/cohorts", methods=["GET", "POST"])
def cohorts() -> ResponseReturnValue:
    form = CohortForm()
    if form.validate_on_submit():
        created = run_and_flash(
            lambda: accounts.create_cohort(form.name.data, form.starts_on.data),
            _("Cohort %(name)s created.", name=form.name.data),
        )
        if created:
            return redirect(url_for("admin.cohorts"))
    rows = db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.name)).all()
    return render_template("admin/cohorts.html", cohorts=rows, form=form)
