from flask import render_template
from flask_login import current_user

from . import bp


@bp.get("/")
def home():  # noqa: ANN201
    return render_template("learner/home.html", user=current_user)
