"""Every bank and exam rule names file, line, question id and field — and all problems show at once."""

from pathlib import Path

import pytest

from examapp.domain.banks import load_catalog, parse_bank_text
from examapp.domain.errors import ValidationFailed
from examapp.domain.questions import FALSE_KEY, TRUE_KEY, TRUEFALSE_OPTIONS, Question, QuestionType

FIXTURES = Path(__file__).parents[1] / "fixtures" / "banks"

HEADER = "bank: inline\ntitle: 内联题库\nmodule: communication\nquestions:\n"


def errors_of(paths) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        load_catalog(paths)
    return [str(p) for p in info.value.problems]


def inline_errors(questions_yaml: str, filename: str = "bad.yaml") -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        parse_bank_text(HEADER + questions_yaml, filename)
    return [str(p) for p in info.value.problems]


def test_does_the_valid_sample_load_with_domain_questions():
    """Do the sample bank and exam load, with true/false answers as T/F keys?"""
    catalog = load_catalog([FIXTURES / "valid"])
    assert len(catalog.banks) == 1 and len(catalog.exams) == 1
    types = [q.type for q in catalog.questions.values()]
    assert all(types.count(t) >= 4 for t in QuestionType)
    tf = catalog.questions["sample-tf-001"]
    assert tf.options == TRUEFALSE_OPTIONS and tf.answer == frozenset({FALSE_KEY})
    assert catalog.questions["sample-tf-002"].answer == frozenset({TRUE_KEY})
    assert catalog.questions["sample-m-001"].answer == frozenset({"A", "B", "C"})
    bank = catalog.banks["sample-comm"]
    assert bank.question_ids[0] == "sample-s-001" and bank.source_file.endswith("sample-bank.yaml")
    exam = catalog.exams["sample-cert"]
    assert exam.total_points == 10 and [s.count for s in exam.sections] == [2, 2, 2]


def test_are_all_problems_in_one_file_reported_together():
    """Does one bad file report every mistake at once, each with its exact line and field?"""
    errors = errors_of([FIXTURES / "bad"])
    f = str(FIXTURES / "bad" / "many-problems.yaml")
    assert errors == [
        f"{f}:6: bad-001: answer: 缺少必填字段 / field required",
        f"{f}:10: bad-001: anwser: 未知字段 anwser，是否想写 answer？ / unknown field, did you mean answer?",
        f"{f}:16: bad-002: answer: 单选题必须恰好有 1 个答案（现有 2 个） / single choice needs exactly one answer",
        f"{f}:22: bad-003: answer: 答案 E 不在选项 A, B, C 中 / answer not among options",
        f"{f}:27: bad-004: options: 判断题不能写 options / truefalse takes no options",
        f"{f}:28: bad-004: answer: 判断题答案必须是 true 或 false / must be true or false",
        f"{f}:32: bad-005: stem: 题干不能为空 / stem must not be empty",
        f"{f}:33: bad-005: options: 选项 B 与 A 内容相同 / duplicate option text",
        f"{f}:35: bad-005: explanation: 解析不能为空 / explanation must not be empty",
        f"{f}:36: bad-001: id: 题号重复，已在 {f}:6 出现 / duplicate question id",
        f"{f}:40: bad-001: answer: 多选题至少要有 2 个正确答案，写成列表如 [A, C]（现有 1 个） / multiple choice needs >= 2 answers",
        f"{f}:42: bad-001: module: 未知模块 after-sales，可选：platform-rules, product-knowledge, communication, complaint-handling / unknown module",
    ]


def test_are_duplicate_bank_and_question_ids_across_files_named_with_both_places():
    """Does a bank id or question id used in two files name both files and lines?"""
    first, second = FIXTURES / "dup-across" / "first.yaml", FIXTURES / "dup-across" / "second.yaml"
    assert errors_of([FIXTURES / "dup-across"]) == [
        f"{second}:1: -: bank: 题库编号重复，已在 {first}:1 定义 / duplicate bank id",
        f"{second}:10: dup-001: id: 题号重复，已在 {first}:5 出现 / duplicate question id",
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "  - {id: q-1, type: single, stem: 题, options: {A: 甲, B: 乙}, answer: [], explanation: 解}\n",
            "bad.yaml:5: q-1: answer: 单选题必须恰好有 1 个答案（现有 0 个） / single choice needs exactly one answer",
        ),
        (
            "  - {id: q-1, type: single, stem: 题, options: {A: 甲}, answer: A, explanation: 解}\n",
            "bad.yaml:5: q-1: options: 选择题至少需要 2 个选项 / needs at least 2 options",
        ),
        (
            "  - {id: q-1, type: single, stem: 题, options: {A: 甲, Z: 乙}, answer: A, explanation: 解}\n",
            "bad.yaml:5: q-1: options.Z: 取值必须是 'A', 'B', 'C', 'D', 'E', 'F', 'G' or 'H' 之一 / must be one of 'A', 'B', 'C', 'D', 'E', 'F', 'G' or 'H'",
        ),
        (
            "  - {id: Q_1, type: truefalse, stem: 题, answer: true, explanation: 解}\n",
            "bad.yaml:5: Q_1: id: 只能用小写字母、数字和连字符 - / only a-z, 0-9 and '-'",
        ),
        (
            "  - {id: q-1, type: essay, stem: 题, answer: true, explanation: 解}\n",
            "bad.yaml:5: q-1: type: 取值必须是 'single', 'multiple' or 'truefalse' 之一 / must be one of 'single', 'multiple' or 'truefalse'",
        ),
        (
            "  - {id: q-1, type: truefalse, stem: 题, answer: {A: 1}, explanation: 解}\n",
            "bad.yaml:5: q-1: answer: 答案格式不对：单选写一个选项字母如 B，多选写列表如 [A, C]，判断题写 true 或 false / bad answer",
        ),
        (
            "  - {id: q-1, type: truefalse, stem: 题, answer: true, explanation: 解, difficulty: 5}\n",
            "bad.yaml:5: q-1: difficulty: 取值必须是 1, 2 or 3 之一 / must be one of 1, 2 or 3",
        ),
        (
            "  - {id: q-1, type: multiple, stem: 题, options: {A: 甲, B: 乙, C: 丙}, answer: [A, B, B], explanation: 解}\n",
            "bad.yaml:5: q-1: answer: 答案中有重复的选项 / duplicate answer key",
        ),
        (
            "  - {id: q-1, type: single, stem: 题, options: {A: 甲, B: 乙}, answer: true, explanation: 解}\n",
            "bad.yaml:5: q-1: answer: 答案应为选项字母，不是 true/false / expected option letter(s)",
        ),
        (
            "  - {id: q-1, type: truefalse, stem: no, answer: true, explanation: 解}\n",
            "bad.yaml:5: q-1: stem: 应为文本（yes/no/on/off、日期等请加引号） / expected text",
        ),
        (
            "  - 只是一行文字\n",
            "bad.yaml:5: -: questions: 每道题必须是映射 / each question must be a mapping",
        ),
    ],
)
def test_is_each_question_rule_reported_on_its_line(question: str, expected: str):
    """Is each broken question rule reported as exactly one precise problem line?"""
    assert inline_errors(question) == [expected]


def test_is_an_empty_or_headerless_bank_reported():
    """Does a bank with no questions and an unknown module report both header problems?"""
    text = "bank: empty\ntitle: 空\nmodule: after-sales\nquestions: []\n"
    with pytest.raises(ValidationFailed) as info:
        parse_bank_text(text, "empty.yaml")
    assert [str(p) for p in info.value.problems] == [
        "empty.yaml:3: -: module: 未知模块 after-sales，可选：platform-rules, product-knowledge, communication, complaint-handling / unknown module",
        "empty.yaml:4: -: questions: 至少需要 1 项 / needs at least 1 item(s)",
    ]


def test_do_numbers_in_options_become_text_but_numeric_ids_are_refused():
    """Is `A: 24` read as the text '24', while `id: 001` is refused rather than turned into '1'?"""
    ok = "  - {id: n-1, type: single, stem: 几小时？, options: {A: 24, B: 48}, answer: A, explanation: 解}\n"
    catalog = parse_bank_text(HEADER + ok, "n.yaml")
    assert catalog.questions["n-1"].options == (("A", "24"), ("B", "48"))
    bad = "  - {id: 001, type: truefalse, stem: 题, answer: true, explanation: 解}\n"
    assert inline_errors(bad) == [
        "bad.yaml:5: -: id: 应为文本（yes/no/on/off、日期等请加引号） / expected text"
    ]


def _stored(qid: str, bank: str) -> Question:
    return Question(
        id=qid, type=QuestionType.TRUEFALSE, stem="旧", options=TRUEFALSE_OPTIONS,
        answer=frozenset({TRUE_KEY}), explanation="旧解析", bank=bank, module="communication",
    )  # fmt: skip


def test_does_an_upload_clash_with_a_question_id_of_another_stored_bank():
    """Is an uploaded id that already belongs to a different stored bank refused, but not one of the same bank?"""
    text = (
        HEADER
        + "  - {id: tf-1, type: truefalse, stem: 新题干, answer: false, explanation: 新解析}\n"
    )
    with pytest.raises(ValidationFailed) as info:
        parse_bank_text(text, "up.yaml", {"tf-1": _stored("tf-1", "other-bank")})
    assert [str(p) for p in info.value.problems] == [
        "up.yaml:5: tf-1: id: 题号已属于题库 other-bank / id already used by another bank"
    ]
    catalog = parse_bank_text(text, "up.yaml", {"tf-1": _stored("tf-1", "inline")})
    assert catalog.questions["tf-1"].stem == "新题干"


def test_are_exam_rules_all_reported_with_lines():
    """Does a broken exam report unknown kind/review, pool too small, missing ids, bad points and attempts?"""
    f = str(FIXTURES / "bad-exam" / "exams" / "bad-exam.yaml")
    assert errors_of([FIXTURES / "bad-exam"]) == [
        f"{f}:3: -: kind: 未知取值 final，可选：certification, trial, quarterly, module / unknown value",
        f"{f}:5: -: pass_mark: 及格分 120 高于总分 100 / pass_mark above total_points",
        f"{f}:6: -: total_points: 各节合计 45 分，与 total_points 100 不符 / section points do not add up",
        f"{f}:7: -: attempts_allowed: attempts_allowed 至少为 1（含第一次考试） / must be at least 1",
        f"{f}:8: -: review: 未知取值 later，可选：immediately, after_close, never / unknown value",
        f"{f}:13: -: sections.0.count: 本节要抽 6 题，但符合条件的只有 4 题 / pool too small",
        f"{f}:16: -: sections.1.fixed_ids: 题目不存在：no-such-q / unknown question id(s)",
        f"{f}:19: -: sections.2.banks: 未知题库 no-such-bank / unknown bank",
    ]


def test_is_an_unknown_section_field_reported_with_a_hint(tmp_path: Path):
    """Does a typo inside a section (`point`) get an unknown-field problem suggesting `points`?"""
    exam = (FIXTURES / "valid" / "exams" / "sample-exam.yaml").read_text()
    (tmp_path / "exam.yaml").write_text(exam.replace("    points: 1\n", "    point: 1\n"))
    errors = errors_of([FIXTURES / "valid" / "sample-bank.yaml", tmp_path / "exam.yaml"])
    assert (
        f"{tmp_path / 'exam.yaml'}:31: -: sections.2.point: 未知字段 point，是否想写 points？ / unknown field, did you mean points?"
        in errors
    )
    assert (
        f"{tmp_path / 'exam.yaml'}:27: -: sections.2.points: 缺少必填字段 / field required"
        in errors
    )


def test_does_a_section_of_fixed_ids_default_its_count(tmp_path: Path):
    """Does a section listing fixed_ids draw exactly those, with count defaulting to their number?"""
    exam = """exam: fixed
title: 指定题
kind: module
time_limit_minutes: 5
pass_mark: 2
total_points: 4
sections:
  - title: 判断题
    fixed_ids: [sample-tf-001, sample-tf-002]
    points: 2
"""
    (tmp_path / "fixed.yaml").write_text(exam)
    catalog = load_catalog([FIXTURES / "valid" / "sample-bank.yaml", tmp_path / "fixed.yaml"])
    (section,) = catalog.exams["fixed"].sections
    assert section.count == 2 and section.fixed_ids == ("sample-tf-001", "sample-tf-002")


def test_does_expanding_a_directory_skip_readme_policy_and_templates(tmp_path: Path):
    """Are README, policy* files and anything under templates/ left out of a directory load?"""
    sample = (FIXTURES / "valid" / "sample-bank.yaml").read_text()
    (tmp_path / "comm").mkdir()
    (tmp_path / "comm" / "sample.yml").write_text(sample)
    (tmp_path / "README.yaml").write_text("not: a bank\n")
    (tmp_path / "policy-onboarding.yaml").write_text("warnings: 3\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "example.yaml").write_text("broken: [\n")
    catalog = load_catalog([tmp_path])
    assert list(catalog.banks) == ["sample-comm"]


def test_is_a_missing_path_reported():
    """Does naming a path that does not exist give a problem rather than a silent empty catalog?"""
    assert errors_of(["/nonexistent/banks"]) == [
        "/nonexistent/banks:0: -: -: 文件不存在 / no such file"
    ]


def _exam(exam_id: str, sections: str) -> str:
    return (
        f"exam: {exam_id}\ntitle: 考试\nkind: module\ntime_limit_minutes: 5\n"
        f"pass_mark: 1\ntotal_points: 2\nsections:\n{sections}"
    )


def test_are_duplicate_exam_ids_and_count_mistakes_reported(tmp_path: Path):
    """Do a reused exam id, a count that disagrees with fixed_ids and a missing count each get a line?"""
    good = "  - {title: 判断, fixed_ids: [sample-tf-001, sample-tf-002], points: 1}\n"
    (tmp_path / "a.yaml").write_text(_exam("same", good))
    (tmp_path / "b.yaml").write_text(_exam("same", good))
    (tmp_path / "c.yaml").write_text(
        _exam(
            "counts",
            "  - {title: 甲, fixed_ids: [sample-tf-001], count: 2, points: 1}\n  - {title: 乙, points: 1}\n",
        )
    )
    errors = errors_of([FIXTURES / "valid" / "sample-bank.yaml", tmp_path])
    a, b, c = (tmp_path / n for n in ("a.yaml", "b.yaml", "c.yaml"))
    assert errors == [
        f"{b}:1: -: exam: 考试编号重复，已在 {a} 定义 / duplicate exam id",
        f"{c}:8: -: sections.0.count: count 为 2，但 fixed_ids 有 1 题 / count differs from fixed_ids",
        f"{c}:9: -: sections.1.count: 缺少 count（或用 fixed_ids 指定题目） / count required",
    ]
