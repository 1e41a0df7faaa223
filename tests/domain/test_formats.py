"""Converting GIFT, Aiken and Excel files that trainers already have into our bank format."""

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from examapp.domain.banks import parse_bank_text
from examapp.domain.errors import ValidationFailed
from examapp.domain.formats import (
    PLACEHOLDER_EXPLANATION,
    build_template,
    convert_upload,
    parse_aiken,
    parse_gift,
    parse_xlsx,
)
from examapp.domain.questions import TRUE_KEY, QuestionType

FORMATS = Path(__file__).parents[1] / "fixtures" / "banks" / "formats"
GIFT = (FORMATS / "sample.gift").read_text()
SUPPORTED_GIFT = GIFT.split("::gift-match::")[0]


def brief(questions):
    return [(q.id, q.type, q.stem, q.options, sorted(q.answer), q.explanation) for q in questions]


def test_is_an_unsupported_gift_question_reported_with_its_line():
    """Is a GIFT matching question reported as unsupported at its line, not silently dropped?"""
    with pytest.raises(ValidationFailed) as info:
        parse_gift(GIFT, "sample.gift", "gift-demo", "communication")
    assert [str(p) for p in info.value.problems] == [
        "sample.gift:21: -: type: 不支持的题型：匹配题（matching），只支持单选、多选和判断 / unsupported question type"
    ]


@pytest.mark.parametrize(
    ("body", "kind"),
    [("{#2:0.5}", "数值题"), ("{}", "问答题"), ("{=十秒 =10秒}", "简答题"), ("", "说明文字")],
)
def test_is_every_other_gift_kind_refused_by_name(body: str, kind: str):
    """Are numerical, essay, short-answer and description blocks each reported by kind and line?"""
    text = f"// 注释行\n\n::x:: 一道题 {body}\n"
    with pytest.raises(ValidationFailed) as info:
        parse_gift(text, "k.gift", "k", "communication")
    (problem,) = info.value.problems
    assert problem.line == 3 and kind in problem.message


def test_does_gift_convert_choices_weights_truefalse_and_missing_word():
    """Do one '=', weighted '~%50%', {FALSE} and a missing-word question become our three types?"""
    info, questions = parse_gift(SUPPORTED_GIFT, "sample.gift", "gift-demo", "communication")
    assert info.title == "售前" and info.question_ids == (
        "gift-s-001",
        "gift-m-002",
        "gift-tf-003",
        "gift-demo-004",
    )
    assert brief(questions) == [
        ("gift-s-001", QuestionType.SINGLE, "顾客发来第一条消息后，问候最迟多久要送出？",
         (("A", "5分钟"), ("B", "10秒"), ("C", "1小时")), ["B"], "规范要求 10 秒内先回一句问候。"),
        ("gift-m-002", QuestionType.MULTIPLE, "以下哪些是规范的称呼？",
         (("A", "亲"), ("B", "您"), ("C", "喂")), ["A", "B"], "称呼顾客用“亲”或“您”。"),
        ("gift-tf-003", QuestionType.TRUEFALSE, "客服可以和语气不好的顾客争吵。",
         (("T", "正确"), ("F", "错误")), ["F"], "情绪失控会损害店铺形象"),
        ("gift-demo-004", QuestionType.SINGLE, "拒绝顾客之前，回复应以 ＿＿＿ 开头。",
         (("A", "“非常抱歉”"), ("B", "“这个不行”")), ["A"], PLACEHOLDER_EXPLANATION),
    ]  # fmt: skip
    assert [q.source_line for q in questions] == [4, 10, 17, 19]


def test_does_gift_honour_escapes_and_report_a_rule_break_at_its_line():
    """Are \\= and \\~ kept as text, and does a GIFT choice with no right answer fail at its line?"""
    text = "::esc:: 1\\=1 吗？ {=是\\~的 ~否}\n\n::none:: 没有正确项 {~甲 ~乙}\n"
    with pytest.raises(ValidationFailed) as info:
        parse_gift(text, "e.gift", "esc", "communication")
    assert [str(p) for p in info.value.problems] == [
        "e.gift:3: none: answer: 单选题必须恰好有 1 个答案（现有 0 个） / single choice needs exactly one answer"
    ]
    _, (question,) = parse_gift(text.split("\n\n")[0], "e.gift", "esc", "communication")
    assert question.stem == "1=1 吗？" and question.options[0] == ("A", "是~的")


def test_does_aiken_convert_with_explanation_and_placeholder():
    """Does Aiken give single and multiple questions, reading EXPLANATION or marking it to be written?"""
    _, questions = parse_aiken(
        (FORMATS / "sample.aiken").read_text(), "s.aiken", "aik", "communication"
    )
    assert brief(questions) == [
        ("aik-001", QuestionType.SINGLE, "顾客发来第一条消息后，问候最迟多久要送出？",
         (("A", "5分钟"), ("B", "10秒"), ("C", "1小时")), ["B"], "规范要求 10 秒内先回一句问候。"),
        ("aik-002", QuestionType.MULTIPLE, "下列哪些称呼符合用语规范？",
         (("A", "亲"), ("B", "您"), ("C", "喂")), ["A", "C"], PLACEHOLDER_EXPLANATION),
    ]  # fmt: skip


def test_are_aiken_mistakes_reported_with_lines():
    """Are a stray line among options, an answer outside the options and a missing ANSWER all reported?"""
    text = "题一\nA. 甲\nB. 乙\n多出来的一行\nANSWER: E\n\n题二\nA. 甲\nB. 乙\n"
    with pytest.raises(ValidationFailed) as info:
        parse_aiken(text, "bad.txt", "aik", "communication")
    assert [str(p) for p in info.value.problems] == [
        "bad.txt:4: -: -: 选项之后出现无法识别的行：应为 “A. 选项” 或 “ANSWER: B” / expected an option or ANSWER",
        "bad.txt:5: aik-001: answer: 答案 E 不在选项 A, B 中 / answer not among options",
        "bad.txt:7: -: answer: 题目缺少 ANSWER: 行 / missing ANSWER line",
    ]


def _workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_does_an_xlsx_sheet_convert_row_by_row():
    """Do spreadsheet rows (Chinese headers, 对/错, 'A，C', blank ids, numbers as text) become questions?"""
    data = _workbook([
        ["题号", "题型", "题干", "A", "B", "C", "答案", "解析", "标签", "难度"],
        ["x-1", "单选", "首次问候的时限？", "10秒", 30, None, "A", "10 秒内问候。", "响应时间，用语", 1],
        [None, "多选", "哪些是规范称呼？", "亲", "您", "喂", "A，B", "用亲或您。", None, "难"],
        [None, None, None, None, None, None, None, None, None, None],
        ["x-3", "判断", "可以和顾客争吵。", None, None, None, "错", "要控制情绪。", None, None],
    ])  # fmt: skip
    _, questions = parse_xlsx(data, "q.xlsx", "xl", "communication")
    assert brief(questions) == [
        ("x-1", QuestionType.SINGLE, "首次问候的时限？", (("A", "10秒"), ("B", "30")), ["A"], "10 秒内问候。"),
        ("xl-002", QuestionType.MULTIPLE, "哪些是规范称呼？", (("A", "亲"), ("B", "您"), ("C", "喂")), ["A", "B"], "用亲或您。"),
        ("x-3", QuestionType.TRUEFALSE, "可以和顾客争吵。", (("T", "正确"), ("F", "错误")), ["F"], "要控制情绪。"),
    ]  # fmt: skip
    assert questions[0].tags == ("响应时间", "用语") and questions[1].difficulty == 3
    assert [q.source_line for q in questions] == [2, 3, 5]


def test_are_xlsx_errors_given_as_row_id_and_column():
    """Does a bad row name the spreadsheet row, question id and column letter?"""
    data = _workbook([
        ["id", "type", "stem", "A", "B", "answer", "explanation", "colour"],
        ["r-1", "single", "题干", "甲", "乙", "C", "解析", "红"],
        ["r-2", "truefalse", "题干二", None, None, "对", None, None],
    ])  # fmt: skip
    with pytest.raises(ValidationFailed) as info:
        parse_xlsx(data, "bad.xlsx", "xl", "communication")
    assert [str(p) for p in info.value.problems] == [
        "bad.xlsx:1: -: H: 未知列 “colour”，可用：id, type, stem, A, B, C, D, E, F, G, H, answer, explanation, tags, difficulty, module / unknown column",
        "bad.xlsx:2: r-1: answer(F列): 答案 C 不在选项 A, B 中 / answer not among options",
        "bad.xlsx:3: r-2: explanation(G列): 解析不能为空 / explanation must not be empty",
    ]


def test_is_a_non_workbook_refused_clearly():
    """Does a file named .xlsx that is not a workbook get one clear problem?"""
    with pytest.raises(ValidationFailed) as info:
        parse_xlsx(b"not a zip", "fake.xlsx", "xl", "communication")
    assert "不是有效的 .xlsx 文件" in str(info.value)


def test_does_the_downloadable_template_read_back_as_three_valid_questions():
    """Does the template have the documented header and three examples that convert cleanly?"""
    data = build_template()
    header = next(
        load_workbook(BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    assert list(header)[:4] == ["id", "type", "stem", "A"] and "explanation" in header
    _, questions = parse_xlsx(data, "template.xlsx", "tpl", "communication")
    assert [q.type for q in questions] == [
        QuestionType.SINGLE,
        QuestionType.MULTIPLE,
        QuestionType.TRUEFALSE,
    ]
    assert questions[2].answer == frozenset({TRUE_KEY})


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("demo.gift", SUPPORTED_GIFT.encode()),
        ("demo.txt", SUPPORTED_GIFT.encode()),
        ("demo.txt", (FORMATS / "sample.aiken").read_bytes()),
        ("demo.aiken", (FORMATS / "sample.aiken").read_bytes()),
        ("demo.xlsx", build_template()),
    ],
)
def test_does_convert_upload_give_yaml_that_parses_back(filename: str, data: bytes):
    """Does every supported upload come back as our YAML, which parse_bank_text accepts unchanged?"""
    text = convert_upload(data, filename, None, "communication")
    catalog = parse_bank_text(text, "converted.yaml")
    assert list(catalog.banks) == ["demo"] and len(catalog.questions) >= 2
    assert text.startswith("bank: demo\n")


def test_is_a_yaml_upload_passed_through_after_validation():
    """Is our own YAML returned as written (comments kept), and a broken one refused?"""
    sample = (FORMATS.parent / "valid" / "sample-bank.yaml").read_bytes()
    assert convert_upload(sample, "sample.yaml", None, None) == sample.decode()
    with pytest.raises(ValidationFailed):
        convert_upload(sample, "sample.yaml", "other-id", None)
    with pytest.raises(ValidationFailed):
        convert_upload(sample.replace(b"answer: B", b"anwser: B"), "sample.yaml", None, None)


@pytest.mark.parametrize(
    ("filename", "module", "fragment"),
    [
        ("bank.doc", "communication", "不支持的文件类型 .doc"),
        ("bank.gift", None, "请选择模块"),
        ("题库.gift", "communication", "请填写题库编号"),
        ("bank.gift", "communication", "不是 UTF-8 编码"),
    ],
)
def test_are_unusable_uploads_refused_with_a_reason(
    filename: str, module: str | None, fragment: str
):
    """Are wrong types, a missing module, an unusable bank id and non-UTF-8 text each explained?"""
    with pytest.raises(ValidationFailed) as info:
        convert_upload("::a:: 题 {T}\n".encode("gbk") + b"\xff", filename, None, module)
    assert fragment in str(info.value)


def test_is_an_oversized_upload_refused_before_conversion():
    """Is an upload over the size limit refused by its size alone?"""
    with pytest.raises(ValidationFailed) as info:
        convert_upload(b"x" * (3 * 1024 * 1024), "big.xlsx", "big", "communication")
    assert "文件太大" in str(info.value)
