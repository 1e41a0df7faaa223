"""The trainer's upload journey in a real browser: file → preview/diff → confirm → browse."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import login

NEW_BANK = """\
bank: browser-upload
title: 浏览器上传样例
module: communication
questions:
  - id: browser-up-001
    type: single
    stem: 顾客第一次发消息后，问候应在多久内送出？
    options: {A: 10秒内, B: 3分钟内, C: 半小时内}
    answer: A
    explanation: 首次响应要快，十秒内先问候。
    tags: [浏览器测试]
  - id: browser-up-002
    type: truefalse
    stem: 顾客语气不好时，客服也可以用冲的语气回应。
    answer: false
    explanation: 客服代表店铺，应始终保持礼貌克制。
    tags: [浏览器测试]
"""


def test_trainer_uploads_previews_confirms_and_finds_the_questions(
    page, live_server, tmp_path: Path
) -> None:
    """Can the demo trainer upload a YAML bank, see the diff, confirm, and find the new questions?"""
    bank_file = tmp_path / "browser-upload.yaml"
    bank_file.write_text(NEW_BANK, encoding="utf-8")
    login(page, live_server, "demo-trainer")
    page.click("text=上传题库文件")
    page.set_input_files("input[name=file]", str(bank_file))
    page.click("main form [type=submit]")
    page.wait_for_load_state("networkidle")
    assert "导入预览" in page.locator("h1").inner_text()
    diff = page.locator("#bank-browser-upload")
    assert "新题库" in diff.inner_text() and "新增 2" in diff.inner_text()
    page.screenshot(path=str(tmp_path / "upload-preview.png"), full_page=True)

    page.click("text=导入这些改动")
    page.wait_for_load_state("networkidle")
    assert "导入完成" in page.locator("h1").inner_text()
    assert "browser-up-001" in page.content()

    page.goto(live_server.url + "/trainer/questions?tag=浏览器测试")
    listed = page.locator(".question-list code").all_inner_texts()
    assert listed == ["browser-up-001", "browser-up-002"]
    page.click("text=browser-up-002")
    assert "客服代表店铺，应始终保持礼貌克制。" in page.content()
    page.screenshot(path=str(tmp_path / "uploaded-question.png"), full_page=True)
    assert (tmp_path / "upload-preview.png").stat().st_size > 0


def test_a_bad_upload_shows_the_problem_lines_on_a_phone(
    phone_page, live_server, tmp_path: Path
) -> None:
    """At 375 px, does a broken file show its problem lines without sideways scrolling?"""
    bad = tmp_path / "broken.yaml"
    bad.write_text(NEW_BANK.replace("answer: A", "anwser: A"), encoding="utf-8")
    login(phone_page, live_server, "demo-trainer")
    phone_page.goto(live_server.url + "/trainer/upload")
    phone_page.set_input_files("input[name=file]", str(bad))
    phone_page.click("main form [type=submit]")
    phone_page.wait_for_load_state("networkidle")
    problems = phone_page.locator(".problem-list li").all_inner_texts()
    assert problems == [
        "broken.yaml:5: browser-up-001: answer: 缺少必填字段 / field required",
        "broken.yaml:9: browser-up-001: anwser: 未知字段 anwser，是否想写 answer？ / unknown field, did you mean answer?",
    ]
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.screenshot(path=str(tmp_path / "upload-problems-phone.png"), full_page=True)
