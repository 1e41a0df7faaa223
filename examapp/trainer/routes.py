from flask import render_template
from sqlalchemy import func, select

from ..extensions import db
from ..models import Bank, QuestionRecord
from . import bp


@bp.get("/")
def home():  # noqa: ANN201
    rows = db.session.execute(
        select(Bank, func.count(QuestionRecord.id))
        .outerjoin(QuestionRecord, (QuestionRecord.bank_id == Bank.id) & ~QuestionRecord.retired)
        .group_by(Bank.id)
        .order_by(Bank.module, Bank.id)
    ).all()
    return render_template("trainer/home.html", banks=rows)
