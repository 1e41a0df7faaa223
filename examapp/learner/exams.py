"""The trainee's exam pages: the list, an exam's start page, the exam itself and its result."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..domain.timing import GRACE_SECONDS
from ..services import attempts
from ..services.windows import beijing_text
from . import bp


@bp.get("/exams")
def exams() -> ResponseReturnValue:
    statuses = attempts.available_exams(current_user)
    return render_template("learner/exams.html", statuses=statuses, beijing=beijing_text)


@bp.get("/exams/<exam_id>")
def exam_intro(exam_id: str) -> ResponseReturnValue:
    status = attempts.exam_status(current_user, exam_id)
    return render_template(
        "learner/exams_intro.html", s=status, beijing=beijing_text, grace=GRACE_SECONDS
    )


@bp.post("/exams/<exam_id>/start")
def exam_start(exam_id: str) -> ResponseReturnValue:
    try:
        attempt = attempts.start_or_resume(current_user, exam_id)
    except attempts.CannotStart as exc:
        flash(str(exc), "error")
        return redirect(url_for("learner.exam_intro", exam_id=exam_id))
    return redirect(url_for("learner.attempt", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int) -> ResponseReturnValue:
    paper = attempts.paper(current_user, attempt_id)
    if paper["state"] != "open":
        return redirect(url_for("learner.attempt_result", attempt_id=attempt_id))
    deadline = beijing_text(datetime.fromisoformat(paper["deadline"]))
    return render_template(
        "learner/exam_take.html", paper=paper, grace=GRACE_SECONDS, beijing_deadline=deadline
    )


def _form_answers() -> dict[int, tuple[list[str], int]]:
    """q<position> (one or more values) with rev<position>, from the plain exam form."""
    answers = {}
    for name in request.form:
        if name.startswith("rev") and name[3:].isdigit():
            position = int(name[3:])
            revision = request.form.get(name, type=int)
            if revision is not None:
                answers[position] = (request.form.getlist(f"q{position}"), revision)
    return answers


@bp.post("/attempts/<int:attempt_id>/submit")
def attempt_submit(attempt_id: int) -> ResponseReturnValue:
    attempts.hand_in(current_user, attempt_id, _form_answers())
    return redirect(url_for("learner.attempt_result", attempt_id=attempt_id))


@bp.get("/attempts/<int:attempt_id>/result")
def attempt_result(attempt_id: int) -> ResponseReturnValue:
    try:
        result = attempts.result(current_user, attempt_id)
    except attempts.NotGradedYet:
        return redirect(url_for("learner.attempt", attempt_id=attempt_id))
    return render_template("learner/exam_result.html", result=result)
