"""Practice mode pages: pick a module, answer one question at a time, see the key afterwards."""

from flask import abort, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ..domain.bank_schema import MODULES
from ..errors import error_response
from ..services import practice
from . import bp

SESSION_KEY = "practice_seen"


def _blocked() -> ResponseReturnValue:
    return error_response(
        409, _("You have an exam in progress. Finish or submit it, then come back to practise.")
    )


def _seen(module: str) -> list[str]:
    return list(session.get(SESSION_KEY, {}).get(module, []))


def _remember(module: str, question_id: str) -> None:
    seen = dict(session.get(SESSION_KEY, {}))
    seen[module] = practice.remember(seen.get(module, []), question_id)
    session[SESSION_KEY] = seen


@bp.get("/practice")
def practice_home() -> ResponseReturnValue:
    return render_template("learner/practice.html", modules=practice.module_choices())


@bp.route("/practice/<module>", methods=["GET", "POST"])
def practice_module(module: str) -> ResponseReturnValue:
    if module not in MODULES:
        abort(404)
    try:
        practice.ensure_allowed(current_user.id)
    except practice.PracticeBlocked:
        return _blocked()
    if request.method == "POST":
        return _feedback(module)
    question = practice.draw(module, _seen(module))
    return render_template(
        "learner/practice_question.html",
        module=module,
        module_title=MODULES[module],
        question=question,
    )


@bp.route("/practice/q/<question_id>", methods=["GET", "POST"])
def practice_question(question_id: str) -> ResponseReturnValue:
    try:
        practice.ensure_allowed(current_user.id)
    except practice.PracticeBlocked:
        return _blocked()
    if request.method == "POST":
        return _feedback(None, question_id)
    question = practice.question(question_id) or abort(404)
    return render_template(
        "learner/practice_question.html",
        module=question.module,
        module_title=MODULES.get(question.module, question.module),
        question=question,
        single=True,
    )


def _feedback(module: str | None, question_id: str | None = None) -> ResponseReturnValue:
    question_id = question_id or request.form.get("question_id", "")
    feedback = practice.check(question_id, request.form.getlist("chosen"))
    if feedback is None:
        abort(404)
    if module is not None:
        _remember(module, question_id)
    return render_template(
        "learner/practice_feedback.html",
        module=feedback.question.module,
        module_title=MODULES.get(feedback.question.module, feedback.question.module),
        feedback=feedback,
        single=module is None,
    )
