"""Courses: the shipped lessons load, bad lesson files are reported precisely, rendering is safe."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from examapp.domain.course_render import (
    find_lesson,
    module_progress,
    overall_progress,
    render_markdown,
)
from examapp.domain.courses import load_courses
from examapp.domain.errors import ValidationFailed

SHIPPED = Path(__file__).resolve().parents[2] / "courses"

MODULE_YAML = """\
id: {id}
title: 演示模块
title_en: Demo module
order: {order}
summary: 用于测试的模块。
required: true
"""

GOOD_FRONT = """\
title: 演示课
title_en: Demo lesson
order: {order}
minutes: 5
key_facts:
  - 第一条
  - 第二条
  - 第三条
practice: [pr-001, pr-002]
"""


def write_module(root: Path, module_id: str = "demo", order: int = 1, **lessons: str) -> Path:
    """Create ``root/module_id`` with a module.yaml and lessons named by keyword (file name)."""
    folder = root / module_id
    folder.mkdir(parents=True)
    (folder / "module.yaml").write_text(MODULE_YAML.format(id=module_id, order=order), "utf-8")
    for name, text in lessons.items():
        (folder / name).write_text(text, "utf-8")
    return folder


def lesson(front: str, body: str = "## 小节\n\n正文。\n") -> str:
    return f"---\n{front}---\n\n{body}"


def problem_lines(root: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        load_courses(root)
    return [str(p) for p in caught.value.problems]


# --- the shipped content -------------------------------------------------------------------


def test_do_the_shipped_courses_load_as_four_ordered_required_modules():
    modules = load_courses(SHIPPED)
    assert [m.id for m in modules] == [
        "platform-rules",
        "product-knowledge",
        "communication",
        "complaint-handling",
    ]
    assert [m.order for m in modules] == [1, 2, 3, 4]
    assert all(m.required and m.title and m.title_en and m.summary for m in modules)


def test_does_every_shipped_module_have_enough_lessons_with_key_facts():
    for module in load_courses(SHIPPED):
        assert len(module.lessons) >= 4, module.id
        assert [le.order for le in module.lessons] == sorted(le.order for le in module.lessons)
        for le in module.lessons:
            assert 3 <= len(le.key_facts) <= 6, le.source_file
            assert le.minutes > 0
            assert re.fullmatch(r"[0-9a-f]{16}", le.content_hash)


def test_is_every_shipped_lesson_body_400_to_900_characters_ending_with_a_recap():
    for module in load_courses(SHIPPED):
        for le in module.lessons:
            assert 400 <= len(le.body_markdown.strip()) <= 900, le.source_file
            assert "## 要点回顾" in le.body_markdown, le.source_file
            assert re.search(r"[\u4e00-\u9fff]", le.body_markdown)


def test_are_shipped_practice_ids_in_the_question_id_style():
    for module in load_courses(SHIPPED):
        for le in module.lessons:
            for qid in le.practice:
                assert re.fullmatch(r"(pr|pk|cm|ch)-\d{3}", qid), (le.source_file, qid)


# --- parsing a good lesson -----------------------------------------------------------------


def test_does_a_valid_lesson_keep_its_fields_slug_body_and_hash(tmp_path: Path):
    root = tmp_path / "courses"
    text = lesson(GOOD_FRONT.format(order=1))
    write_module(root, **{"01-greeting-basics.md": text})

    (module,) = load_courses(root)
    (le,) = module.lessons
    assert (module.id, module.title, module.order, module.required) == ("demo", "演示模块", 1, True)
    assert le.module_id == "demo"
    assert le.slug == "greeting-basics"
    assert le.title == "演示课" and le.title_en == "Demo lesson"
    assert le.key_facts == ("第一条", "第二条", "第三条")
    assert le.practice == ("pr-001", "pr-002")
    assert le.body_markdown == "## 小节\n\n正文。\n"
    assert le.source_file == "courses/demo/01-greeting-basics.md"
    assert le.content_hash == hashlib.sha256(text.encode()).hexdigest()[:16]


def test_are_modules_and_lessons_sorted_by_order_not_by_name(tmp_path: Path):
    root = tmp_path / "courses"
    write_module(root, "a-second", 2, **{"01-x.md": lesson(GOOD_FRONT.format(order=2)),
                                         "02-y.md": lesson(GOOD_FRONT.format(order=1))})  # fmt: skip
    write_module(root, "b-first", 1, **{"01-z.md": lesson(GOOD_FRONT.format(order=1))})

    modules = load_courses(root)
    assert [m.id for m in modules] == ["b-first", "a-second"]
    assert [le.slug for le in modules[1].lessons] == ["y", "x"]


# --- reporting bad files -------------------------------------------------------------------


def test_does_a_lesson_without_front_matter_name_file_line_and_slug(tmp_path: Path):
    root = tmp_path / "courses"
    write_module(root, **{"01-no-front.md": "# 标题\n\n正文\n"})
    assert problem_lines(root) == [
        "courses/demo/01-no-front.md:1: no-front: front_matter: "
        "missing front matter: the file must start with a '---' line"
    ]


def test_is_an_unclosed_front_matter_reported(tmp_path: Path):
    root = tmp_path / "courses"
    write_module(root, **{"01-open.md": "---\ntitle: x\n\n正文\n"})
    assert problem_lines(root) == [
        "courses/demo/01-open.md:1: open: front_matter: "
        "front matter is not closed by a second '---' line"
    ]


def test_are_unknown_missing_and_mistyped_fields_all_reported_with_their_lines(tmp_path: Path):
    root = tmp_path / "courses"
    front = (
        "title: 课\n"  # line 2
        "order: two\n"  # line 3
        "minutes: true\n"  # line 4
        "key_facts: just one\n"  # line 5
        "practice: []\n"  # line 6
        "author: me\n"  # line 7
    )
    write_module(root, **{"01-bad-types.md": lesson(front)})
    assert problem_lines(root) == [
        "courses/demo/01-bad-types.md:1: bad-types: title_en: missing field",
        "courses/demo/01-bad-types.md:3: bad-types: order: must be a whole number, got str",
        "courses/demo/01-bad-types.md:4: bad-types: minutes: must be a whole number, got bool",
        "courses/demo/01-bad-types.md:5: bad-types: key_facts: must be a list of text, got str",
        "courses/demo/01-bad-types.md:7: bad-types: author: unknown field "
        "(allowed: title, title_en, order, minutes, key_facts, practice)",
    ]


def test_are_empty_body_bad_lists_and_bad_yaml_reported(tmp_path: Path):
    root = tmp_path / "courses"
    too_few = GOOD_FRONT.format(order=2).replace("  - 第二条\n  - 第三条\n", "")
    twice = GOOD_FRONT.format(order=3).replace("[pr-001, pr-002]", "[pr-001, pr-001]")
    write_module(
        root,
        **{
            "01-empty.md": lesson(GOOD_FRONT.format(order=1), body="\n  \n"),
            "02-few-facts.md": lesson(too_few),
            "03-twice.md": lesson(twice),
            "04-broken.md": lesson("title: [unclosed\norder: 4\n"),
        },
    )
    assert problem_lines(root) == [
        "courses/demo/01-empty.md:12: empty: body: lesson body is empty",
        "courses/demo/02-few-facts.md:6: few-facts: key_facts: needs 3–6 facts, got 1",
        "courses/demo/03-twice.md:10: twice: practice: a question id is listed twice",
        "courses/demo/04-broken.md:3: broken: -: not valid YAML: did not find expected ',' or ']'",
    ]


def test_are_duplicate_lesson_orders_and_bad_file_names_reported(tmp_path: Path):
    root = tmp_path / "courses"
    write_module(
        root,
        **{
            "01-first.md": lesson(GOOD_FRONT.format(order=1)),
            "02-second.md": lesson(GOOD_FRONT.format(order=1)),
            "Lesson Three.md": lesson(GOOD_FRONT.format(order=3)),
        },
    )
    assert problem_lines(root) == [
        "courses/demo/02-second.md:0: second: order: duplicate lesson order 1 (also first)",
        "courses/demo/Lesson Three.md:0: Lesson Three: -: "
        "file name must look like NN-slug.md (two digits, lowercase slug)",
    ]


def test_are_module_yaml_problems_and_duplicate_module_orders_reported_together(tmp_path: Path):
    root = tmp_path / "courses"
    write_module(root, "alpha", 1, **{"01-a.md": lesson(GOOD_FRONT.format(order=1))})
    write_module(root, "beta", 1, **{"01-b.md": lesson(GOOD_FRONT.format(order=1))})
    gamma = write_module(root, "gamma", 3)
    (gamma / "module.yaml").write_text(
        MODULE_YAML.format(id="other", order=3).replace("true", '"yes"'), "utf-8"
    )
    (root / "delta").mkdir()

    assert problem_lines(root) == [
        "courses/beta/module.yaml:0: beta: order: duplicate module order 1 (also alpha)",
        "courses/delta/module.yaml:0: delta: -: missing module.yaml",
        "courses/gamma/module.yaml:6: gamma: required: must be true or false, got str",
    ]


def test_is_a_module_id_that_differs_from_its_folder_rejected(tmp_path: Path):
    root = tmp_path / "courses"
    folder = write_module(root, "demo", 1, **{"01-a.md": lesson(GOOD_FRONT.format(order=1))})
    (folder / "module.yaml").write_text(MODULE_YAML.format(id="Demo", order=1), "utf-8")
    assert problem_lines(root) == [
        "courses/demo/module.yaml:1: demo: id: must equal the folder name 'demo'"
    ]


# --- rendering -----------------------------------------------------------------------------


def test_does_rendering_strip_scripts_and_event_handlers_from_raw_html():
    html = render_markdown(
        '正文\n\n<script>alert(\'x\')</script>\n\n<img src="a.png" onerror="alert(1)">\n\n'
        '<a href="javascript:alert(1)" onclick="x()">点我</a>\n\n<style>p{color:red}</style>\n'
    )
    assert "<script" not in html and "alert('x')" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert "<style" not in html and "color:red" not in html
    assert '<img src="a.png">' in html
    assert "<p>正文</p>" in html


def test_does_rendering_keep_tables_headings_and_alignment():
    html = render_markdown("## 表\n\n| 避免说 | 改成 |\n|:--|--:|\n| 不行 | 无法帮到您 |\n")
    assert "<h2>表</h2>" in html
    assert "<table>" in html and "<thead>" in html and "<tbody>" in html
    assert '<th style="text-align:left">避免说</th>' in html
    assert '<td style="text-align:right">无法帮到您</td>' in html


def test_does_rendering_drop_style_properties_other_than_alignment():
    html = render_markdown(
        '<table><tr><td style="background:url(x);text-align:left">a</td></tr></table>'
    )
    assert "background" not in html
    assert "<td" in html


def test_do_rendered_links_get_safe_rel():
    html = render_markdown("[平台](https://example.com)")
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer"' in html


# --- progress ------------------------------------------------------------------------------


def test_do_the_progress_helpers_count_only_lessons_that_exist(tmp_path: Path):
    root = tmp_path / "courses"
    write_module(root, "one", 1, **{"01-a.md": lesson(GOOD_FRONT.format(order=1)),
                                    "02-b.md": lesson(GOOD_FRONT.format(order=2))})  # fmt: skip
    write_module(root, "two", 2, **{"01-c.md": lesson(GOOD_FRONT.format(order=1))})
    modules = load_courses(root)

    assert module_progress(modules[0], set()) == (0, 2)
    assert module_progress(modules[0], {"a", "c", "ghost"}) == (1, 2)
    assert module_progress(modules[1], {"c"}) == (1, 1)
    assert overall_progress(modules, set()) == (0, 3)
    # a slug done in one module does not count for another module with the same slug
    assert overall_progress(modules, {("one", "a"), ("two", "a"), ("two", "c")}) == (2, 3)
    assert overall_progress([], {("one", "a")}) == (0, 0)


def test_does_find_lesson_look_up_by_module_and_slug(tmp_path: Path):
    root = tmp_path / "courses"
    write_module(root, "one", 1, **{"01-a.md": lesson(GOOD_FRONT.format(order=1))})
    modules = load_courses(root)
    found = find_lesson(modules, "one", "a")
    assert found is not None and found.source_file == "courses/one/01-a.md"
    assert find_lesson(modules, "one", "missing") is None
    assert find_lesson(modules, "nope", "a") is None
