"""JSON endpoints of the exam page (/learn/api/...), described in docs/openapi.yaml.

Trainee-only through the blueprint guard; writes need the X-CSRFToken header. Nothing the
client says about time is read: the server's clock decides every deadline.
"""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import error_response
from ..services import attempts
from . import bp


def _titles() -> dict[int, str]:
    return {400: _("Bad request"), 404: _("Not found"), 409: _("Conflict")}


def _refused(exc: attempts.AttemptError) -> ResponseReturnValue:
    """The error JSON every endpoint returns: error, message, status, reason and any data."""
    status = exc.status
    body = {"error": _titles().get(status, _("Error")), "message": str(exc), "status": status}
    body["reason"] = exc.reason
    for key, value in exc.data.items():
        body[key] = value.isoformat() if hasattr(value, "isoformat") else value
    if exc.reason in ("deadline", "closed"):
        body["result_url"] = url_for(
            "learner.attempt_result", attempt_id=request.view_args["attempt_id"]
        )
    return jsonify(body), status


@bp.errorhandler(attempts.AttemptError)
def _attempt_refused(exc: attempts.AttemptError) -> ResponseReturnValue:
    """One answer to every refused exam action: JSON for the API, an error page for the pages."""
    if "/api/" in request.path:
        return _refused(exc)
    return error_response(exc.status, str(exc))


def _paper_json(paper: dict) -> ResponseReturnValue:
    paper = dict(paper)
    paper["result_url"] = url_for("learner.attempt_result", attempt_id=paper["attempt_id"])
    return jsonify(paper)


@bp.post("/api/exams/<exam_id>/attempts")
def api_start(exam_id: str) -> ResponseReturnValue:
    attempt = attempts.start_or_resume(current_user, exam_id)
    return _paper_json(attempts.paper(current_user, attempt.id))


@bp.get("/api/attempts/<int:attempt_id>")
def api_attempt(attempt_id: int) -> ResponseReturnValue:
    return _paper_json(attempts.paper(current_user, attempt_id))


@bp.put("/api/attempts/<int:attempt_id>/answers/<int:position>")
def api_save_answer(attempt_id: int, position: int) -> ResponseReturnValue:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        message = _('Send a JSON object such as {"chosen": ["A"], "revision": 0}.')
        return _refused(attempts.InvalidAnswer(message))
    saved = attempts.save_answer(
        current_user, attempt_id, position, body.get("chosen"), body.get("revision")
    )
    return jsonify(
        saved=True,
        position=position,
        revision=saved.revision,
        seconds_left=saved.seconds_left,
        saved_at=saved.saved_at.isoformat(),
    )


@bp.post("/api/attempts/<int:attempt_id>/submit")
def api_submit(attempt_id: int) -> ResponseReturnValue:
    attempts.submit(current_user, attempt_id)
    return jsonify(attempts.result(current_user, attempt_id))


@bp.get("/api/attempts/<int:attempt_id>/result")
def api_result(attempt_id: int) -> ResponseReturnValue:
    return jsonify(attempts.result(current_user, attempt_id))
