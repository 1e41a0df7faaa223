"""Item statistics: which questions are too easy, too hard or misleading, per exam."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue

from ..domain import stats as rules
from ..services import exam_defs, item_stats
from . import bp


@bp.get("/stats")
def stats() -> ResponseReturnValue:
    chosen = request.args.get("exam", "")
    return render_template(
        "trainer/stats.html",
        results=item_stats.exam_item_stats(chosen or None),
        exams=[row for row, _spec in exam_defs.exam_specs(active_only=False)],
        chosen=chosen,
        rules=rules,
    )
