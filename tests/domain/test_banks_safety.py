"""Hostile or broken input is refused before it can cost anything, with a line to look at."""

import time
from pathlib import Path

import pytest

from examapp.domain.banks import MAX_BANK_BYTES, load_catalog, parse_bank_text
from examapp.domain.errors import Problem, ValidationFailed


def problems_of(text: str | bytes, filename: str = "up.yaml") -> list[Problem]:
    with pytest.raises(ValidationFailed) as info:
        parse_bank_text(text, filename)
    return info.value.problems


def test_is_a_python_tag_refused_instead_of_run(tmp_path: Path):
    """Does `!!python/object/apply:os.system` get refused, naming its line, without running?"""
    marker = tmp_path / "ran"
    text = f"bank: evil\ntitle: x\nmodule: communication\nquestions: !!python/object/apply:os.system ['touch {marker}']\n"
    (problem,) = problems_of(text, "evil.yaml")
    assert problem.line == 4
    assert "python/object/apply:os.system" in problem.message
    assert not marker.exists()


def test_is_a_billion_laughs_alias_bomb_refused_in_milliseconds():
    """Is an alias bomb refused at its first anchor, fast, without expanding anything?"""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    problems = problems_of("\n".join(lines) + "\n", "bomb.yaml")
    assert time.perf_counter() - started < 0.5
    assert str(problems[0]) == "bomb.yaml:1: -: -: 不允许使用锚点 &a / anchors are not allowed"


def test_is_a_single_harmless_anchor_refused_too():
    """Are anchors refused outright, even a harmless one, so no alias trick needs reasoning about?"""
    text = "bank: b\ntitle: t\nmodule: communication\ndefaults: &d {difficulty: 1}\n"
    assert any(p.line == 4 and "&d" in p.message for p in problems_of(text))


def test_is_a_20mb_upload_refused_without_parsing():
    """Is a 20 MB upload refused from its size alone, quickly?"""
    data = b"a: [" + b"1," * (10 * 1024 * 1024) + b"1]\n"
    started = time.perf_counter()
    (problem,) = problems_of(data, "big.yaml")
    assert time.perf_counter() - started < 0.5
    assert (
        problem.line == 0
        and "文件太大" in problem.message
        and str(MAX_BANK_BYTES) in problem.message
    )


def test_is_a_20mb_file_on_disk_refused_without_reading(tmp_path: Path):
    """Does load_catalog refuse a huge file by its size, without reading it?"""
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024)
    with pytest.raises(ValidationFailed) as info:
        load_catalog([big])
    (problem,) = info.value.problems
    assert problem.file == str(big) and "文件太大" in problem.message


def test_are_latin1_bytes_refused_with_line_and_byte():
    """Does a Latin-1 file get a clear 'not UTF-8' problem naming the line and byte?"""
    data = "bank: b\ntitle: caf\u00e9\n".encode("latin-1")
    (problem,) = problems_of(data, "latin.yaml")
    assert str(problem) == (
        "latin.yaml:2: -: -: 不是 UTF-8 编码：第 2 行第 11 个字节（0xE9）无法解码，请另存为 UTF-8"
        " / not UTF-8: byte 11 of line 2 (offset 18)"
    )


def test_is_a_utf8_bom_accepted():
    """Is a UTF-8 file saved with a BOM (as Windows editors do) read normally?"""
    text = (Path(__file__).parents[1] / "fixtures/banks/valid/sample-bank.yaml").read_text()
    catalog = parse_bank_text(b"\xef\xbb\xbf" + text.encode(), "bom.yaml")
    assert "sample-comm" in catalog.banks


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("- just\n- a list\n", 1, "顶层必须是映射"),
        ("", 1, "文件为空"),
        ("bank: b\ntitle: [unclosed\n", 3, "YAML 语法错误"),
        ("bank: a\n---\nbank: b\n", 2, "只能有一个 YAML 文档"),
        ("title: 没有 bank 也没有 exam\n", 1, "bank: 或 exam:"),
    ],
)
def test_is_a_malformed_document_reported_with_its_line(text: str, line: int, fragment: str):
    """Is each kind of malformed document reported, with the line it went wrong on?"""
    problems = problems_of(text)
    assert any(p.line == line and fragment in p.message for p in problems), problems


def test_is_a_duplicate_key_reported_not_silently_overwritten():
    """Does writing `answer:` twice in one question get reported instead of the last one winning?"""
    text = """bank: dupkey
title: 重复键
module: communication
questions:
  - id: dk-001
    type: truefalse
    stem: 题干
    answer: true
    answer: false
    explanation: 解析
"""
    (problem,) = problems_of(text, "dk.yaml")
    assert str(problem) == "dk.yaml:9: -: answer: 重复的键 answer（后者会覆盖前者） / duplicate key"
