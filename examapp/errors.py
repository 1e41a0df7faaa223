"""Error pages a person can act on (Chinese first), JSON for JSON clients, rollback on 500."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Go back and try again.")),
        401: (_("Please log in"), _("Your session has ended. Log in again to continue.")),
        403: (_("Not allowed"), _("Your account does not have access to this page.")),
        404: (_("Not found"), _("This page does not exist, or it is not yours to see.")),
        405: (_("Not allowed"), _("This action is not available here.")),
        409: (_("Conflict"), _("This action conflicts with the current state. Reload the page.")),
        413: (
            _("File too large"),
            _("The upload is larger than the site accepts. Split it or make it smaller."),
        ),
        429: (_("Too many attempts"), _("Please wait a minute before trying again.")),
        500: (_("Something went wrong"), _("Nothing was saved by this request. Try again.")),
    }


def wants_json() -> bool:
    """JSON clients (the exam page's fetch calls, API users) get JSON errors."""
    if request.is_json or "/api/" in request.path:
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(code: int, detail: str | None = None) -> ResponseReturnValue:
    """Render the error as a page or JSON, with an optional specific explanation."""
    title, hint = _messages().get(code, (_("Error"), ""))
    message = detail or hint
    if wants_json():
        return jsonify(error=title, message=message, status=code), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register_error_handlers(app: Flask) -> None:
    """Install the handlers for every HTTP error and for unexpected exceptions."""

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> ResponseReturnValue:
        return error_response(
            400, _("The form expired or was sent from elsewhere. Reload the page and try again.")
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> ResponseReturnValue:
        detail = exc.description if getattr(exc, "show_detail", False) else None
        return error_response(exc.code or 500, detail)

    @app.errorhandler(InternalServerError)
    @app.errorhandler(Exception)
    def server_error(exc: Exception) -> ResponseReturnValue:
        if isinstance(exc, HTTPException) and not isinstance(exc, InternalServerError):
            return http_error(exc)
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(500)
