"""Writing a bank back out, comparing versions, pool filters, and the CI entry point."""

import dataclasses
from pathlib import Path

import yaml

from examapp.domain.banks import (
    diff_banks,
    dump_bank,
    load_catalog,
    main,
    parse_bank_text,
    pool_for,
)
from examapp.domain.exams import SectionSpec
from examapp.domain.questions import QuestionType

FIXTURES = Path(__file__).parents[1] / "fixtures" / "banks"


def sample():
    catalog = load_catalog([FIXTURES / "valid"])
    bank = catalog.banks["sample-comm"]
    return catalog, bank, [catalog.questions[i] for i in bank.question_ids]


def test_does_dump_then_parse_give_the_same_content_hashes():
    """Does dumping a bank and parsing it back keep every question's content hash, tags and difficulty?"""
    _, bank, questions = sample()
    multiline = dataclasses.replace(
        questions[0], stem="第一行\n第二行：冒号与 # 号", module="platform-rules"
    )
    questions = [multiline, *questions[1:]]
    text = dump_bank(bank, questions)
    again = parse_bank_text(text, "again.yaml")
    assert [again.questions[q.id].content_hash() for q in questions] == [
        q.content_hash() for q in questions
    ]
    assert [(again.questions[q.id].tags, again.questions[q.id].difficulty) for q in questions] == [
        (q.tags, q.difficulty) for q in questions
    ]
    assert again.questions[multiline.id].module == "platform-rules"
    assert again.banks["sample-comm"].question_ids == bank.question_ids


def test_is_the_dump_readable_chinese_in_block_style_with_stable_key_order():
    """Is the dump unescaped Chinese, block style, keys in the documented order, short lists inline?"""
    _, bank, questions = sample()
    text = dump_bank(bank, questions)
    assert "顾客发来第一条消息后" in text and "\\u" not in text
    first = yaml.safe_load(text)["questions"][0]
    assert list(first) == [
        "id",
        "type",
        "stem",
        "options",
        "answer",
        "explanation",
        "tags",
        "difficulty",
    ]
    assert "  answer: [A, B, C]\n" in text and "  answer: false\n" in text
    assert text.startswith("bank: sample-comm\ntitle: 沟通规范·样例题库\nmodule: communication\n")
    assert dump_bank(bank, questions) == text


def test_does_diff_sort_questions_into_added_changed_removed_unchanged():
    """Does diff_banks call an edited stem 'changed' and a tag-only edit 'unchanged' (same version)?"""
    _, _, questions = sample()
    old = {q.id: q for q in questions[:4]}
    new = dict(old)
    new["sample-s-001"] = dataclasses.replace(old["sample-s-001"], stem="改过的题干")
    new["sample-s-002"] = dataclasses.replace(old["sample-s-002"], tags=("新标签",))
    del new["sample-s-003"]
    new["sample-m-001"] = questions[4]
    diff = diff_banks(old, new)
    assert diff.added == ["sample-m-001"]
    assert diff.changed == ["sample-s-001"]
    assert diff.removed == ["sample-s-003"]
    assert diff.unchanged == ["sample-s-002", "sample-s-004"]


def test_does_pool_for_apply_every_filter():
    """Does pool_for match banks, modules, tags (any of), type and difficulty — and fixed ids in order?"""
    catalog, _, questions = sample()
    ids = lambda section: [q.id for q in pool_for(section, questions)]  # noqa: E731
    # Pools come back sorted by id, so a seeded draw does not depend on file order.
    assert ids(SectionSpec("t", 1, 1, tags=("物流", "考核"))) == [
        "sample-m-002",
        "sample-m-003",
        "sample-s-004",
    ]
    assert ids(SectionSpec("t", 1, 1, type=QuestionType.TRUEFALSE, difficulty=(1,))) == [
        "sample-tf-004"
    ]
    assert ids(SectionSpec("t", 1, 1, banks=("other",))) == []
    assert ids(SectionSpec("t", 1, 1, modules=("communication",))) == sorted(
        q.id for q in questions
    )
    fixed = SectionSpec("t", 2, 1, fixed_ids=("sample-tf-002", "sample-s-001", "gone"))
    assert ids(fixed) == ["sample-tf-002", "sample-s-001"]


def test_does_the_ci_check_print_ok_or_each_problem(capsys):
    """Does `python -m examapp.domain.banks check` print a summary and 0, or each problem and 1?"""
    assert main(["check", str(FIXTURES / "valid")]) == 0
    assert capsys.readouterr().out == "OK: 1 banks, 12 questions, 1 exams\n"
    assert main(["check", str(FIXTURES / "dup-across")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[1].endswith(
        "dup-001: id: 题号重复，已在 "
        + str(FIXTURES / "dup-across" / "first.yaml")
        + ":5 出现 / duplicate question id"
    )
    assert main(["lint"]) == 2
