"""Error pages: friendly HTML for people, JSON for scripts, and a rollback on 500."""

from __future__ import annotations

from sqlalchemy import select

from examapp.extensions import db
from examapp.models import Cohort


def test_404_is_a_chinese_page(client) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "页面不存在" in response.get_data(as_text=True)


def test_404_is_json_for_json_clients(client) -> None:
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.is_json
    assert response.get_json()["status"] == 404


def test_413_for_an_oversized_upload(app, login_as) -> None:
    """Does a body over MAX_CONTENT_LENGTH get a clear 413 page?"""
    admin = login_as("admin")
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = admin.post("/admin/cohorts", data={"name": "x" * 5000})
    assert response.status_code == 413
    assert "文件过大" in response.get_data(as_text=True)


def test_500_rolls_back_and_shows_no_trace(app, client) -> None:
    """Does an unexpected error undo the request's writes and hide the stack trace?"""

    @app.get("/_boom")
    def boom():
        db.session.add(Cohort(name="half-written"))
        db.session.flush()
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/_boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body and "Traceback" not in body
    assert db.session.scalar(select(Cohort).where(Cohort.name == "half-written")) is None
