"""A trainee's certificates: the list and a printable page."""

from flask import abort, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..services import certificates
from . import bp


@bp.get("/certificates")
def certificates_list() -> ResponseReturnValue:
    return render_template("learner/certificates.html", rows=certificates.for_user(current_user.id))


@bp.get("/certificates/<int:certificate_id>")
def certificate_page(certificate_id: int) -> ResponseReturnValue:
    view = certificates.view_for_user(current_user.id, certificate_id) or abort(404)
    verify_url = url_for("auth.verify_code", code=view.certificate.code, _external=True)
    return render_template("learner/certificate.html", view=view, verify_url=verify_url)
