"""Manager reports (pass rates, distributions, funnel), the attempts CSV, and certificates."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ..domain.errors import DomainError
from ..services import certificates, reports
from . import bp
from .exam_forms import RevokeForm


@bp.get("/reports")
def reports_page() -> ResponseReturnValue:
    return render_template("manager/reports.html", page=reports.report_page())


@bp.get("/reports.csv")
def reports_csv() -> ResponseReturnValue:
    return Response(
        reports.attempts_csv().encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="kefu-attempts.csv"',
        },
    )


@bp.get("/certificates")
def certificates_list() -> ResponseReturnValue:
    return render_template("manager/exams_certificates.html", rows=certificates.all_views())


@bp.post("/certificates/<int:certificate_id>/revoke")
def revoke_certificate(certificate_id: int) -> ResponseReturnValue:
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(" ".join(form.reason.errors) or _("Say why the certificate is revoked."), "error")
        return redirect(url_for("manager.certificates_list"))
    try:
        certificates.revoke(certificate_id, form.reason.data, by=current_user)
    except certificates.CertificateNotFound:
        abort(404)
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Certificate revoked."), "success")
    return redirect(url_for("manager.certificates_list"))
