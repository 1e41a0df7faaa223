"""Trainer pages for banks: overview, upload → preview → confirm, browse, versions, exports."""

from __future__ import annotations

from io import BytesIO

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..domain.bank_schema import MODULES
from ..domain.errors import DomainError, ValidationFailed
from ..domain.formats import build_template
from ..errors import error_response
from ..services import bank_queries, bank_uploads, banks, exam_defs
from . import bp
from .forms import ConfirmForm, QuestionFilterForm, UploadForm

TYPE_LABELS = {
    "single": _l("Single choice"),
    "multiple": _l("Multiple choice"),
    "truefalse": _l("True/false"),
}


@bp.context_processor
def _trainer_globals() -> dict:
    return {
        "module_label": lambda key: MODULES.get(key or "", key or "—"),
        "type_labels": TYPE_LABELS,
    }


@bp.get("/")
def home() -> ResponseReturnValue:
    return render_template(
        "trainer/home.html",
        banks=bank_queries.bank_overview(),
        imports=bank_queries.recent_imports(),
    )


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> ResponseReturnValue:
    form = UploadForm()
    if form.validate_on_submit():
        file = form.file.data
        preview = bank_uploads.preview_upload(
            file.read(),
            file.filename,
            bank_id=form.bank_id.data,
            module=form.module.data,
            user=current_user._get_current_object(),
        )
        confirm = ConfirmForm(token=preview.token, formdata=None)
        return render_template("trainer/preview.html", preview=preview, confirm=confirm)
    return render_template("trainer/upload.html", form=form)


@bp.post("/upload/confirm")
def confirm_upload() -> ResponseReturnValue:
    form = ConfirmForm()
    if not form.validate_on_submit():
        return error_response(400, _("The confirmation is incomplete. Upload the file again."))
    try:
        summary = bank_uploads.confirm_upload(form.token.data, current_user._get_current_object())
    except (DomainError, ValidationFailed) as exc:
        return error_response(409, str(exc))
    if summary.import_id is None:
        flash(_("Nothing to import: the banks already match this file."), "info")
        return redirect(url_for("trainer.home"))
    flash(_("Imported."), "success")
    return redirect(url_for("trainer.import_done", import_id=summary.import_id))


@bp.get("/imports/<int:import_id>")
def import_done(import_id: int) -> ResponseReturnValue:
    record = bank_queries.finished_import(import_id) or abort(404)
    return render_template("trainer/import_done.html", record=record, summary=record.summary)


@bp.get("/questions")
def questions() -> ResponseReturnValue:
    form = QuestionFilterForm(request.args)
    form.validate()
    found = bank_queries.search_questions(
        module=form.module.data or "",
        bank=form.bank.data or "",
        tag=form.tag.data or "",
        qtype=form.type.data or "",
        text=form.q.data or "",
        page=form.page.data if form.page.data and not form.page.errors else 1,
    )
    form.bank.choices = [("", _("All"))] + [(b, b) for b in found.banks]
    form.tag.choices = [("", _("All"))] + [(t, t) for t in found.tags]
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("trainer/questions.html", form=form, found=found, args=args)


@bp.get("/questions/<question_id>")
def question(question_id: str) -> ResponseReturnValue:
    detail = bank_queries.question_detail(question_id) or abort(404)
    return render_template("trainer/question.html", detail=detail)


@bp.get("/banks/<bank_id>.yaml")
def export_bank(bank_id: str) -> ResponseReturnValue:
    try:
        text = banks.export_bank(bank_id)
    except DomainError:
        abort(404)
    return Response(
        text,
        mimetype="application/x-yaml",
        headers={"Content-Disposition": f"attachment; filename={bank_id}.yaml"},
    )


@bp.get("/template.xlsx")
def template() -> ResponseReturnValue:
    return send_file(
        BytesIO(build_template()),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name="kefu-questions-template.xlsx",
    )


@bp.get("/exams")
def exams() -> ResponseReturnValue:
    return render_template("trainer/exams.html", exams=exam_defs.exam_overview())
