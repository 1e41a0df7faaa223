"""The first journey: a new hire logs in through the real page and sees the Chinese home page."""

from __future__ import annotations

from tests.browser.conftest import login


def test_demo_trainee_logs_in_and_sees_the_chinese_home(page, live_server, tmp_path) -> None:
    """Can the demo trainee log in with the real form and land on a Chinese home page?"""
    login(page, live_server, "demo-trainee")
    assert page.url.endswith("/learn/")
    assert "我的培训" in page.content()
    assert page.locator("h1").first.inner_text().startswith("欢迎")
    page.screenshot(path=str(tmp_path / "trainee-home.png"), full_page=True)
    assert (tmp_path / "trainee-home.png").stat().st_size > 0


def test_layout_fits_a_phone(phone_page, live_server, tmp_path) -> None:
    """At 375 px, does the page fit without sideways scrolling?"""
    login(phone_page, live_server, "demo-trainee")
    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375
    phone_page.screenshot(path=str(tmp_path / "trainee-home-phone.png"), full_page=True)


def test_wrong_password_shows_a_chinese_message(page, live_server) -> None:
    login(page, live_server, "demo-trainee", "wrong-password")
    assert "用户名或密码错误" in page.content()
