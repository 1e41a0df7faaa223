from flask import render_template
from sqlalchemy import func, select

from ..extensions import db
from ..models import Role, User
from . import bp


@bp.get("/")
def home():  # noqa: ANN201
    counts = dict(
        db.session.execute(
            select(User.status, func.count(User.id))
            .where(User.role == Role.TRAINEE, User.active)
            .group_by(User.status)
        ).all()
    )
    return render_template("manager/home.html", counts=counts)
