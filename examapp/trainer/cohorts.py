"""The trainer's read-only view of the cohorts they teach: lesson progress and status."""

from flask import render_template, request
from flask.typing import ResponseReturnValue

from ..services import people
from . import bp


@bp.get("/cohorts")
def cohorts() -> ResponseReturnValue:
    return render_template("trainer/cohorts.html", **people.roster_page(request.args))
