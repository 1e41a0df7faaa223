"""Logging in and out, passwords, throttling and the language switch."""

from __future__ import annotations

from examapp.models import User
from tests.factories import PASSWORD, make_user


def test_wrong_password_is_refused_with_a_message(client) -> None:
    """Does a wrong password keep the visitor out and say so in Chinese?"""
    user = make_user("trainee")
    response = client.form_post("/auth/login", {"username": user.username, "password": "nope-nope"})
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/learn/").status_code == 302


def test_deactivated_user_cannot_log_in(client) -> None:
    """Can a deactivated account still log in?"""
    user = make_user("trainee")
    user.active = False
    from examapp.extensions import db

    db.session.commit()
    response = client.form_post("/auth/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 401


def test_repeated_failures_are_throttled(client) -> None:
    """After repeated failed logins, does the site answer 429?"""
    user = make_user("trainee")
    codes = [
        client.form_post(
            "/auth/login", {"username": user.username, "password": "bad-guess"}
        ).status_code
        for _ in range(6)
    ]
    assert codes[:5] == [401] * 5
    assert codes[5] == 429


def test_successful_logins_do_not_count_toward_the_limit(client) -> None:
    """Are good logins free, so a person logging in several times is not locked out?"""
    user = make_user("trainee")
    for _ in range(7):
        assert client.login(user.username).status_code == 302
        client.form_post("/auth/logout")


def test_password_change_logs_out_everywhere(app, client) -> None:
    """After a password change, do both this and another device's sessions stop working?"""
    user = make_user("trainee")
    other_device = app.test_client()
    other_device.login(user.username)
    client.login(user.username)
    response = client.form_post(
        "/auth/password",
        {"current": PASSWORD, "new": "brand-new-pass", "confirm": "brand-new-pass"},
    )
    assert response.status_code == 302
    assert client.get("/learn/").status_code == 302
    assert other_device.get("/learn/").status_code == 302
    assert client.login(user.username, "brand-new-pass").status_code == 302


def test_password_change_needs_the_current_password(client) -> None:
    """Does a wrong current password leave the password unchanged?"""
    user = make_user("trainee")
    before = user.password_hash
    client.login(user.username)
    client.form_post(
        "/auth/password",
        {"current": "wrong-one", "new": "brand-new-pass", "confirm": "brand-new-pass"},
    )
    from examapp.extensions import db

    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == before


def test_chinese_is_the_default_language_and_english_is_a_click_away(client) -> None:
    """Does the login page render the Chinese catalogue, and does the switch give English?"""
    page = client.get("/auth/login").get_data(as_text=True)
    assert "登录" in page and "客服学院" in page
    client.form_post("/auth/language/en", {"next": "/auth/login"})
    page = client.get("/auth/login").get_data(as_text=True)
    assert "Log in" in page and "Kefu Academy" in page


def test_one_persons_failures_do_not_lock_out_a_colleague(client) -> None:
    """Behind one office address, can a colleague still log in after someone else is throttled?"""
    clumsy, colleague = make_user("trainee"), make_user("trainee")
    for _ in range(6):
        client.form_post("/auth/login", {"username": clumsy.username, "password": "bad-guess"})
    assert client.login(colleague.username).status_code == 302


def test_guessing_across_many_accounts_is_throttled_per_address(app, client) -> None:
    """Does one address trying many usernames still hit a limit?"""
    app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"] = "8 per minute"
    codes = [
        client.form_post(
            "/auth/login", {"username": f"guess-{n}", "password": "x-x-x-x"}
        ).status_code
        for n in range(9)
    ]
    assert codes[:8] == [401] * 8 and codes[8] == 429
