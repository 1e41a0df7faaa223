"""The trainer's read-only view of the cohorts they teach: lesson progress and status."""

from flask import render_template, request
from flask.typing import ResponseReturnValue

from ..services import onboarding, people
from . import bp


@bp.get("/cohorts")
def cohorts() -> ResponseReturnValue:
    filters = people.roster_filters(request.args)
    return render_template(
        "trainer/cohorts.html",
        rows=people.roster(**filters),
        cohorts=people.cohorts(),
        statuses=onboarding.status_choices(""),
        filters=filters,
    )
