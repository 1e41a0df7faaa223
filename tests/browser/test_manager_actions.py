"""A manager's status change in Chromium: the confirmation dialog, and the guard's clear refusal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import login
from tests.live_server import LiveServer


@pytest.fixture(scope="module")
def manager_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("manager-live")).prepare().start()
    yield server
    server.stop()


def _open_demo_trainee(page, server: LiveServer) -> None:
    login(page, server, "demo-manager")
    page.goto(server.url + "/manager/roster")
    page.click("text=李小新")
    page.wait_for_load_state("networkidle")
    page.select_option("#target", "trial")
    page.fill("#status-reason", "提前转试岗")


def test_cancelled_confirmation_sends_nothing(page, manager_server) -> None:
    """If the manager answers 'Cancel' to the confirmation, is the form left unsent?"""
    _open_demo_trainee(page, manager_server)
    person_url = page.url
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.click("text=确认变更")
    page.wait_for_timeout(500)
    assert messages and "变更状态" in messages[0]
    assert page.url == person_url
    assert "未执行" not in page.content()


def test_confirmed_illegal_change_is_refused_with_the_reason(
    page, manager_server, tmp_path
) -> None:
    """Confirmed, does moving an untrained hire to trial show the guard's reason and change nothing?"""
    _open_demo_trainee(page, manager_server)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=确认变更")
    page.wait_for_load_state("networkidle")
    body = page.content()
    assert "未执行" in body and "认证考试" in body
    assert "培训中" in page.locator(".badge").first.inner_text()
    page.screenshot(path=str(tmp_path / "refused-change.png"), full_page=True)
