"""Session cookies: rotated at login, useless after logout."""

from __future__ import annotations

from tests.factories import make_user


def _session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def test_replayed_cookie_after_logout_is_refused(app, client) -> None:
    """If someone copied the session cookie, does it stop working once the user logs out?"""
    user = make_user("trainee")
    client.login(user.username)
    stolen = _session_cookie(client)
    assert client.get("/learn/").status_code == 200
    client.form_post("/auth/logout")

    attacker = app.test_client()
    attacker.set_cookie("session", stolen)
    response = attacker.get("/learn/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_session_identifier_changes_at_login(app, client) -> None:
    """Is the cookie a visitor had before logging in different from the one after?"""
    user = make_user("trainee")
    client.get("/auth/login")
    before = _session_cookie(client)
    client.login(user.username)
    after = _session_cookie(client)
    assert before != after
    # Each login gets its own session: a second login does not reuse the first one's identity.
    second = app.test_client()
    second.login(user.username)
    assert _session_cookie(second) != after


def test_cookie_flags(app, client) -> None:
    """Is the session cookie HttpOnly and SameSite=Lax?"""
    user = make_user("trainee")
    response = client.login(user.username)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_deactivation_ends_existing_sessions(app, client) -> None:
    """Is a logged-in user thrown out as soon as an admin deactivates the account?"""
    from examapp.services import accounts

    user = make_user("trainee")
    client.login(user.username)
    admin = make_user("admin")
    accounts.update_user(user, by=admin, role=user.role, cohort=None, active=False)
    assert client.get("/learn/").status_code == 302


def test_json_request_after_logout_gets_401_not_a_login_page(app, client) -> None:
    """Does the exam page's fetch learn that the session ended (401 JSON) instead of a redirect?"""
    user = make_user("trainee")
    client.login(user.username)
    client.form_post("/auth/logout")
    response = client.get("/learn/api/attempts/1", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.is_json and response.get_json()["status"] == 401
