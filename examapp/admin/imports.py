"""Admin pages: a whole cohort of new hires from one CSV file, and its template."""

from __future__ import annotations

from flask import Response, flash, make_response, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from ..domain import roster_import
from ..domain.errors import DomainError, ValidationFailed
from ..services import user_import
from . import bp

# (column, Chinese header, what it holds) for the help table on the upload page.
COLUMN_HELP = [
    ("username", "用户名", _l("Required. Letters, digits, '.', '_' and '-' only.")),
    ("display_name", "姓名", _l("The person's name; the username when empty.")),
    (
        "role",
        "角色",
        _l("学员, 培训师, 主管 or 管理员 (or trainee, trainer, manager, admin); 学员 when empty."),
    ),
    ("cohort", "批次", _l("Cohort name; created when it does not exist yet.")),
    ("password", "密码", _l("At least 8 characters; when empty a random password is generated.")),
]


class RosterImportForm(FlaskForm):
    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(_l("Choose a file to upload."))],
        render_kw={"accept": ".csv,text/csv"},
    )
    submit = SubmitField(_l("Create the accounts"))


@bp.route("/import", methods=["GET", "POST"])
def import_users() -> ResponseReturnValue:
    form = RosterImportForm()
    problems: list = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = user_import.import_roster(
                upload.read(), upload.filename or "", by=current_user._get_current_object()
            )
        except ValidationFailed as exc:
            problems = exc.problems
        except DomainError as exc:
            flash(str(exc), "error")
        else:
            # The generated passwords exist only in this response: keep it out of every cache.
            response = make_response(render_template("admin/import_done.html", result=result))
            response.headers["Cache-Control"] = "no-store"
            return response
    return render_template(
        "admin/import.html",
        form=form,
        problems=problems,
        columns=COLUMN_HELP,
        max_rows=roster_import.MAX_ROWS,
    )


@bp.get("/import/template.csv")
def import_template() -> ResponseReturnValue:
    return Response(
        roster_import.template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=roster-template.csv"},
    )
