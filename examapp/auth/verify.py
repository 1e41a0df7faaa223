"""Public certificate verification: anyone with a code can check a certificate, no login needed."""

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ..services import certificates
from . import bp


@bp.get("/verify")
def verify() -> ResponseReturnValue:
    code = certificates.normalize_code(request.args.get("code", ""))
    if code:
        return redirect(url_for("auth.verify_code", code=code))
    return render_template("auth/verify.html")


@bp.get("/verify/<code>")
def verify_code(code: str) -> ResponseReturnValue:
    view = certificates.verify(code)
    if view is None:
        return render_template("auth/verify_unknown.html", code=code[:40]), 404
    return render_template("auth/verify_result.html", view=view)
