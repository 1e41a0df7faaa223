"""Taking exams in Chromium: the whole certification exam, a closed tab, and a 375 px phone.

These tests run their own live server (not the shared one): they mark the demo trainee's
complaint-handling and communication lessons as read so those exams unlock, and
they use up exam attempts, which other browser tests should not see.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import login
from tests.live_server import LiveServer

CERT = "cert-tmall-reverse"


@pytest.fixture(scope="module")
def exam_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    workdir = tmp_path_factory.mktemp("exam-live")
    server = LiveServer(workdir).prepare()
    for module in ("complaint-handling", "communication"):
        server.mark_read("demo-trainee", module)
    server.start()
    yield server
    server.stop()


def _start(page, server: LiveServer, exam_id: str) -> None:
    page.goto(f"{server.url}/learn/exams/{exam_id}")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#exam-timer")


def _timer_seconds(page) -> int:
    parts = [int(p) for p in page.inner_text("#exam-timer").split(":")]
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def _answer(page, count: int | None = None) -> list[str]:
    """Tap the first option of each question (or the first ``count``) and wait until saved."""
    fieldsets = page.locator("fieldset.question")
    total = fieldsets.count() if count is None else count
    picked = []
    for index in range(total):
        fieldset = fieldsets.nth(index)
        fieldset.locator("label.option").first.click()
        picked.append(fieldset.locator("input").first.get_attribute("value"))
        fieldset.locator('.qstate[data-state="saved"]').wait_for()
    page.wait_for_selector('#exam-save-state[data-state="saved"]')
    return picked


def test_demo_trainee_takes_the_certification_exam_end_to_end(page, exam_server, tmp_path: Path):
    """Can the demo trainee start the certification exam, answer all 32 questions, hand in and
    see the score?"""
    login(page, exam_server, "demo-trainee")
    page.goto(exam_server.url + "/learn/exams")
    assert "天猫消费者逆向认证考试" in page.content()
    _start(page, exam_server, CERT)
    assert page.locator("fieldset.question").count() == 32
    assert 59 * 60 <= _timer_seconds(page) <= 60 * 60
    _answer(page)
    page.screenshot(path=str(tmp_path / "cert-answered.png"), full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#exam-submit")
    page.wait_for_url(re.compile(r"/learn/attempts/\d+/result$"))
    content = page.content()
    assert "得分" in content and ("未通过" in content or "通过" in content)
    assert "单项选择题" in content and "判断题" in content  # per-section scores
    page.screenshot(path=str(tmp_path / "cert-result.png"), full_page=True)


def test_closed_tab_resumes_with_answers_and_a_running_countdown(page, exam_server):
    """After closing the tab mid-exam and reopening it, are the answers there and has the countdown
    continued rather than restarted?"""
    login(page, exam_server, "demo-trainee")
    _start(page, exam_server, "module-complaint-handling")
    url = page.url
    picked = _answer(page, count=3)
    before = _timer_seconds(page)
    context = page.context
    page.close()
    time.sleep(2.5)  # the tab is gone; the server's clock keeps running
    again = context.new_page()
    again.goto(exam_server.url + "/learn/exams")
    again.click("text=继续考试")
    again.wait_for_selector("#exam-timer")
    assert again.url == url
    for index, value in enumerate(picked):
        box = again.locator("fieldset.question").nth(index).locator(f'input[value="{value}"]')
        assert box.is_checked()
    after = _timer_seconds(again)
    assert before - 30 < after <= before - 2, (before, after)


def test_exam_page_is_usable_on_a_375px_phone(phone_page, exam_server, tmp_path: Path):
    """At 375 px: no sideways scrolling, big tap targets, and the timer stays in view while scrolling?"""
    login(phone_page, exam_server, "demo-trainee")
    _start(phone_page, exam_server, "module-communication")
    _answer(phone_page, count=2)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    option = phone_page.locator("label.option").first.bounding_box()
    assert option["height"] >= 44 and option["width"] >= 300
    phone_page.screenshot(path=str(tmp_path / "exam-phone-top.png"))
    phone_page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    phone_page.wait_for_timeout(300)
    timer = phone_page.locator("#exam-timer").bounding_box()
    assert timer["y"] >= 0 and timer["y"] + timer["height"] <= 740
    phone_page.screenshot(path=str(tmp_path / "exam-phone-scrolled.png"))
    assert (tmp_path / "exam-phone-scrolled.png").stat().st_size > 0
