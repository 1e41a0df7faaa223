"""A demo trainee reads a whole module in the browser and watches its progress bar fill."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import login
from tests.live_server import LiveServer

MODULE = "platform-rules"


@pytest.fixture(scope="module")
def reading_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of our own where no minimum reading time applies (the rule has its web tests)."""
    server = LiveServer(
        tmp_path_factory.mktemp("live-reading"), extra_env={"LESSON_MIN_READ_SECONDS": "0"}
    )
    server.prepare().start()
    yield server
    server.stop()


def _module_percent(page) -> str:
    return page.locator(f'li[data-module="{MODULE}"] .module-percent').inner_text().strip()


def test_reading_every_lesson_fills_the_module_bar(page, reading_server, tmp_path) -> None:
    """Does the home page's bar for a module go from 0% to 100% once each lesson is read?"""
    login(page, reading_server, "demo-trainee")
    assert _module_percent(page) == "0%"
    page.screenshot(path=str(tmp_path / "home-before.png"), full_page=True)
    page.click(f'li[data-module="{MODULE}"] a')
    lessons = page.locator(".lesson-list li a")
    count = lessons.count()
    assert count >= 4
    for index in range(count):
        page.locator(".lesson-list li a").nth(index).click()
        assert page.locator(".lesson-body").inner_text().strip()
        page.get_by_role("button", name="我已读完").click()
        page.wait_for_load_state("networkidle")
        assert "已标记为读完" in page.content()
        assert page.locator(".lesson-list li.done").count() == index + 1
    page.goto(reading_server.url + "/learn/")
    assert _module_percent(page) == "100%"
    bar = page.locator(f'li[data-module="{MODULE}"] [role=progressbar]')
    assert bar.get_attribute("aria-valuenow") == "100"
    page.screenshot(path=str(tmp_path / "home-after-module.png"), full_page=True)
    assert (tmp_path / "home-after-module.png").stat().st_size > 0


def test_lesson_page_fits_a_phone(phone_page, reading_server, tmp_path) -> None:
    """At 375 px, do the home page and a lesson (with its table) fit without sideways scrolling?"""
    login(phone_page, reading_server, "demo-trainee")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.goto(reading_server.url + f"/learn/modules/{MODULE}/order-lifecycle")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.screenshot(path=str(tmp_path / "lesson-phone.png"), full_page=True)
