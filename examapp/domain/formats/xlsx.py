"""Spreadsheets: one question per row under a header row; and the template trainers download."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from ..bank_schema import OPTION_KEYS, BankInfo, LineDict
from ..errors import Problem, ValidationFailed
from ..questions import Question
from .common import finish, generated_id, line_dict

MAX_ROWS = 5000
COLUMNS = [
    "id",
    "type",
    "stem",
    *OPTION_KEYS,
    "answer",
    "explanation",
    "tags",
    "difficulty",
    "module",
]
# Chinese headers are accepted too, so a sheet written from scratch in Chinese still reads.
_ALIASES = {
    "题号": "id", "编号": "id", "题型": "type", "题干": "stem", "题目": "stem", "答案": "answer",
    "解析": "explanation", "标签": "tags", "难度": "difficulty", "模块": "module",
    **{f"选项{k}": k for k in OPTION_KEYS},
}  # fmt: skip
_TYPES = {
    "single": "single", "单选": "single", "单选题": "single",
    "multiple": "multiple", "多选": "multiple", "多选题": "multiple",
    "truefalse": "truefalse", "判断": "truefalse", "判断题": "truefalse",
}  # fmt: skip
_TRUTH = {"对": True, "正确": True, "true": True, "t": True, "√": True, "是": True,
          "错": False, "错误": False, "false": False, "f": False, "×": False, "否": False}  # fmt: skip
_DIFFICULTY = {"易": 1, "简单": 1, "中": 2, "中等": 2, "难": 3, "困难": 3}
_REQUIRED = ("stem", "answer")


def _text(value: object) -> str:
    """A cell as text; Excel stores 24 as 24.0, which should read back as "24"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _answer(cell: object, kind: str) -> tuple[str, object]:
    """Infer the type when the column is blank, and turn the answer cell into our YAML value."""
    if isinstance(cell, bool):
        return kind or "truefalse", cell
    text = _text(cell)
    if text.lower() in _TRUTH and kind in ("", "truefalse"):
        return "truefalse", _TRUTH[text.lower()]
    letters = [c for c in re.split(r"[\s,，、;；]+", text.upper()) if c]
    if len(letters) == 1 and len(letters[0]) > 1 and letters[0].isalpha():
        letters = list(letters[0])  # "AC" means A and C
    kind = kind or ("single" if len(letters) == 1 else "multiple")
    return kind, (letters[0] if kind == "single" and len(letters) == 1 else letters)


def _row(values: dict[str, object], row: int, number: int, bank_id: str) -> LineDict:
    kind = _TYPES.get(_text(values.get("type")).lower(), _text(values.get("type")))
    kind, answer = _answer(values.get("answer"), kind)
    data: dict = {"id": _text(values.get("id")) or generated_id(bank_id, number), "type": kind}
    data["stem"] = _text(values.get("stem"))
    options = {k: _text(values.get(k)) for k in OPTION_KEYS if _text(values.get(k))}
    if options or kind != "truefalse":
        data["options"] = options
    data["answer"] = answer
    data["explanation"] = _text(values.get("explanation"))
    tags = [t.strip() for t in re.split(r"[,，、]", _text(values.get("tags"))) if t.strip()]
    if tags:
        data["tags"] = tags
    difficulty = _text(values.get("difficulty"))
    if difficulty:
        data["difficulty"] = _DIFFICULTY.get(
            difficulty, int(difficulty) if difficulty.isdigit() else difficulty
        )
    if _text(values.get("module")):
        data["module"] = _text(values.get("module"))
    return line_dict(data, row)


def _header(cells: tuple, filename: str) -> tuple[dict[int, str], list[Problem]]:
    columns, problems = {}, []
    for index, cell in enumerate(cells):
        name = _text(cell)
        canonical = _ALIASES.get(name, name.lower() if name.lower() in COLUMNS else name.upper())
        if canonical in COLUMNS:
            columns[index] = canonical
        elif name:
            message = f"未知列 “{name}”，可用：{', '.join(COLUMNS)} / unknown column"
            problems.append(Problem(filename, 1, "", get_column_letter(index + 1), message))
    for name in _REQUIRED:
        if name not in columns.values():
            problems.append(Problem(filename, 1, "", name, f"缺少 {name} 列 / missing column"))
    return columns, problems


def _with_columns(problems: list[Problem], letters: dict[str, str]) -> list[Problem]:
    """Name the spreadsheet column in each field, e.g. ``answer(L列)``."""
    return [
        dataclasses.replace(p, field=f"{p.field}({letters[p.field.split('.')[0]]}列)")
        if p.field.split(".")[0] in letters
        else p
        for p in problems
    ]


def parse_xlsx(
    data: bytes, filename: str, bank_id: str, module: str
) -> tuple[BankInfo, list[Question]]:
    """Convert the first sheet of a workbook; problem lines are spreadsheet row numbers."""
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        message = (
            f"不是有效的 .xlsx 文件（请用 Excel/WPS 另存为 .xlsx） / not a valid workbook: {exc}"
        )
        raise ValidationFailed([Problem(filename, 0, "", "", message)]) from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        columns, problems = _header(next(rows, ()), filename)
        questions: list[LineDict] = []
        for row, cells in enumerate(rows, start=2):
            if row > MAX_ROWS + 1:
                message = f"行数超过上限 {MAX_ROWS} / too many rows"
                problems.append(Problem(filename, row, "", "", message))
                break
            values = {columns[i]: v for i, v in enumerate(cells) if i in columns}
            if any(_text(v) for v in values.values()):
                questions.append(_row(values, row, len(questions) + 1, bank_id))
    finally:
        book.close()
    letters = {name: get_column_letter(i + 1) for i, name in columns.items()}
    try:
        return finish(filename, bank_id, module, bank_id, questions, problems)
    except ValidationFailed as exc:
        raise ValidationFailed(_with_columns(exc.problems, letters)) from None


_EXAMPLES = [
    ["tpl-001", "single", "顾客发来第一条消息后，客服最迟多久要送出问候？", "5秒", "10秒", "30秒", "60秒",
     "", "", "", "", "B", "规范要求 10 秒内先回一句问候。", "响应时间", 1, "communication"],
    ["tpl-002", "multiple", "以下哪些说法在回复中应当避免？", "单独回一个“嗯”", "我不大清楚",
     "非常抱歉，无法帮到您", "", "", "", "", "", "A,B", "语气词和推说不清楚显得敷衍；致歉并说明是规范说法。",
     "用语，规范", 2, "communication"],
    ["tpl-003", "truefalse", "回复中尽量少用带“不”字的直接否定。", "", "", "", "", "", "", "", "", "对",
     "“无法……”比“不行”更委婉。", "用语", 1, "communication"],
]  # fmt: skip
_NOTES = [
    ("id", "题号：小写字母、数字和 -，全库唯一；留空则生成 <题库>-NNN"),
    ("type", "single 单选 / multiple 多选 / truefalse 判断；留空则按答案推断"),
    ("stem", "题干（必填）"),
    ("A … H", "选项，至少两个；判断题留空"),
    ("answer", "单选 B；多选 A,C（或 AC）；判断 对/错、true/false"),
    ("explanation", "解析（必填），练习和复习时展示"),
    ("tags", "标签，用 , 或 ， 分隔"),
    ("difficulty", "1 易 / 2 中（默认）/ 3 难"),
    (
        "module",
        "可选，覆盖题库的模块：platform-rules, product-knowledge, communication, complaint-handling",
    ),
]


def build_template() -> bytes:
    """The downloadable workbook: a header row, three example rows, and a sheet explaining the columns."""
    book = Workbook()
    sheet = book.active
    sheet.title = "题目"
    sheet.append(COLUMNS)
    for example in _EXAMPLES:
        sheet.append(example)
    for index, width in enumerate(
        [12, 10, 48, *[14] * len(OPTION_KEYS), 10, 48, 14, 10, 20], start=1
    ):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("说明")
    notes.append(["列", "说明"])
    for row in _NOTES:
        notes.append(list(row))
    notes.column_dimensions["B"].width = 80
    out = BytesIO()
    book.save(out)
    return out.getvalue()
