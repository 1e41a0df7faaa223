"""The trainee's home (status, checklist, progress, deadline) and the course pages."""

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ..domain.errors import DomainError
from ..services import courses, people
from . import bp


@bp.get("/")
def home() -> ResponseReturnValue:
    # Reading the home page also applies due events (a suspension that has run out ends).
    return render_template("learner/home.html", view=people.overview(current_user))


@bp.get("/modules/<module_id>")
def module(module_id: str) -> ResponseReturnValue:
    try:
        found, lessons = courses.module_lessons(current_user.id, module_id)
    except LookupError:
        abort(404)
    return render_template("learner/module.html", module=found, lessons=lessons)


@bp.get("/modules/<module_id>/<slug>")
def lesson(module_id: str, slug: str) -> ResponseReturnValue:
    try:
        page = courses.open_lesson(current_user.id, module_id, slug)
    except LookupError:
        abort(404)
    return render_template("learner/lesson.html", page=page)


@bp.post("/modules/<module_id>/<slug>/done")
def lesson_done(module_id: str, slug: str) -> ResponseReturnValue:
    try:
        courses.complete_lesson(current_user.id, module_id, slug)
    except LookupError:
        abort(404)
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(url_for("learner.lesson", module_id=module_id, slug=slug) + "#finish")
    flash(_("Lesson marked as read."), "success")
    return redirect(url_for("learner.module", module_id=module_id))
