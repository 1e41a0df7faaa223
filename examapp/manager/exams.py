"""Manager pages for exams: the exam list, windows, grants, results and regrade runs."""

from flask import abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Exam
from ..outcomes import run_and_flash
from ..services import regrade, reports, windows
from . import bp
from .exam_forms import GrantForm, WindowForm


def _exam(exam_id: str) -> Exam:
    return db.session.get(Exam, exam_id) or abort(404)


@bp.get("/exams")
def exams() -> ResponseReturnValue:
    return render_template("manager/exams.html", rows=reports.exam_rows())


@bp.route("/exams/<exam_id>/windows", methods=["GET", "POST"])
def exam_windows(exam_id: str) -> ResponseReturnValue:
    exam = _exam(exam_id)
    form = WindowForm()
    form.cohort_id.choices = [(0, _("Choose a cohort"))] + windows.cohort_choices()
    form.user_id.choices = [(0, _("Choose a person"))] + windows.trainee_choices()
    if form.validate_on_submit():
        personal = form.target.data == "person"
        added = run_and_flash(
            lambda: windows.create_window(
                exam.id,
                windows.parse_beijing(form.opens_at.data),
                windows.parse_beijing(form.closes_at.data),
                cohort_id=None if personal else form.cohort_id.data,
                user_id=form.user_id.data if personal else None,
                by=current_user,
            ),
            _("Window added."),
        )
        if added:
            return redirect(url_for("manager.exam_windows", exam_id=exam.id))
    return render_template(
        "manager/windows.html", exam=exam, form=form, rows=windows.window_rows(exam.id)
    )


@bp.post("/exams/<exam_id>/windows/<int:window_id>/delete")
def delete_window(exam_id: str, window_id: int) -> ResponseReturnValue:
    run_and_flash(lambda: windows.delete_window(exam_id, window_id), _("Window deleted."))
    return redirect(url_for("manager.exam_windows", exam_id=exam_id))


@bp.route("/exams/<exam_id>/grants", methods=["GET", "POST"])
def exam_grants(exam_id: str) -> ResponseReturnValue:
    exam = _exam(exam_id)
    form = GrantForm()
    form.user_id.choices = [(0, _("Choose a person"))] + windows.trainee_choices()
    if form.validate_on_submit():
        granted = run_and_flash(
            lambda: windows.create_grant(
                exam.id,
                form.user_id.data,
                extra_minutes=form.extra_minutes.data,
                extra_attempts=form.extra_attempts.data,
                reason=form.reason.data,
                by=current_user,
            ),
            _("Grant recorded."),
        )
        if granted:
            return redirect(url_for("manager.exam_grants", exam_id=exam.id))
    return render_template(
        "manager/grants.html", exam=exam, form=form, rows=windows.grant_rows(exam.id)
    )


@bp.get("/exams/<exam_id>/results")
def exam_results(exam_id: str) -> ResponseReturnValue:
    exam = _exam(exam_id)
    return render_template("manager/results.html", exam=exam, rows=reports.attempt_rows(exam.id))


@bp.get("/regrades")
def regrades() -> ResponseReturnValue:
    return render_template("manager/exams_regrades.html", runs=regrade.list_runs())
