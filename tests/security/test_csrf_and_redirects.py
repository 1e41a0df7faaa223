"""CSRF on every state-changing request; `next=` only inside this site."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from examapp.extensions import db
from examapp.models import User
from examapp.security import safe_next
from tests.factories import PASSWORD, make_user


def test_post_without_csrf_token_is_refused_and_changes_nothing(login_as) -> None:
    """Can a forged form post create a user without the CSRF token?"""
    admin = login_as("admin")
    before = db.session.scalar(select(func.count(User.id)))
    response = admin.post(
        "/admin/",
        data={"username": "forged", "display_name": "x", "password": "12345678", "role": "admin"},
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(User.id))) == before


def test_json_post_without_csrf_header_is_refused(login_as) -> None:
    """Do JSON requests need the token too (the exam page sends it as a header)?"""
    trainee = login_as("trainee")
    response = trainee.post("/auth/logout", json={})
    assert response.status_code == 400
    assert response.is_json
    assert trainee.get("/learn/").status_code == 200  # still logged in: nothing happened


def test_login_without_csrf_is_refused(client) -> None:
    """Is even the login form protected against cross-site posts?"""
    user = make_user("trainee")
    response = client.post("/auth/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        " //evil.example",
    ],
)
def test_open_redirect_via_next_is_refused(client, target: str) -> None:
    """Does `next=` pointing off-site fall back to the user's home page?"""
    user = make_user("trainee")
    response = client.form_post(
        "/auth/login", {"username": user.username, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/learn/"


def test_next_inside_the_site_is_followed(client) -> None:
    """Is a same-site `next=` honoured after login?"""
    user = make_user("trainee")
    response = client.form_post(
        "/auth/login", {"username": user.username, "password": PASSWORD, "next": "/learn/?tab=1"}
    )
    assert response.headers["Location"] == "/learn/?tab=1"


@pytest.mark.parametrize("value", [None, "", "relative/path", "https://x.y", "//x.y"])
def test_safe_next_rejects_anything_but_local_paths(value) -> None:
    assert safe_next(value) is None


def test_pages_forbid_inline_script(client) -> None:
    """Does every page send a Content-Security-Policy that allows only our own script files?"""
    policy = client.get("/auth/login").headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )


def test_templates_have_no_inline_event_handlers() -> None:
    """Would any template rely on inline JavaScript that the policy blocks?"""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "examapp" / "templates"
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", re.IGNORECASE)
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if handler.search(path.read_text(encoding="utf-8"))
        or inline_script.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
