"""Reading bank and exam YAML safely, with line numbers, and checking its shape with pydantic."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, field_validator

from .errors import Problem
from .exams import ExamSpec
from .questions import Question

MAX_BANK_BYTES = 2 * 1024 * 1024
MODULES: dict[str, str] = {
    "platform-rules": "平台规则",
    "product-knowledge": "商品知识",
    "communication": "沟通与服务规范",
    "complaint-handling": "投诉与售后处理",
}
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
OPTION_KEYS = "ABCDEFGH"

# Only the plain core tags may be written explicitly; anything else (python/*, custom) is refused.
_ALLOWED_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")
}


@dataclass(frozen=True)
class BankInfo:
    """A bank's header and the ids of its questions, in file order."""

    id: str
    title: str
    module: str
    description: str = ""
    source_file: str = ""
    question_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """Everything loaded from a set of bank and exam files, already validated together."""

    banks: dict[str, BankInfo] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    exams: dict[str, ExamSpec] = field(default_factory=dict)


class LineDict(dict):
    """A mapping that remembers its own start line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict


class LineList(list):
    """A sequence that remembers its own start line and the line of each item."""

    line: int = 0
    item_lines: list


class _LineLoader(yaml.CSafeLoader):
    """The C safe loader, building LineDict/LineList so problems can name lines."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    data = LineDict()
    data.line, data.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, list | dict):
            raise yaml.constructor.ConstructorError(
                None, None, "键不能是列表或映射 / unhashable key", key_node.start_mark
            )
        if key in data:
            loader.duplicate_keys.append((key_node.start_mark.line + 1, str(key)))
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1
    return data


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    data = LineList(loader.construct_object(item, deep=True) for item in node.value)
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]
    return data


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def decode_text(data: bytes | str, filename: str) -> tuple[str | None, Problem | None]:
    """Refuse oversized or non-UTF-8 input before the parser ever sees it."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_BANK_BYTES:
        msg = f"文件太大（{size} 字节，上限 {MAX_BANK_BYTES} 字节） / file too large"
        return None, Problem(filename, 0, "", "", msg)
    if isinstance(data, str):
        return data, None
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        bad = data[exc.start : exc.start + 1].hex().upper()
        msg = (
            f"不是 UTF-8 编码：第 {line} 行第 {column} 个字节（0x{bad}）无法解码，请另存为 UTF-8"
            f" / not UTF-8: byte {column} of line {line} (offset {exc.start})"
        )
        return None, Problem(filename, line, "", "", msg)


def _yaml_problem(filename: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    what = getattr(exc, "problem", None) or str(exc)
    return Problem(filename, line, "", "", f"YAML 语法错误 / YAML syntax error: {what}")


def _scan_events(text: str, filename: str) -> list[Problem]:
    """Refuse anchors, aliases and non-core tags from the event stream, before building anything."""
    problems: list[Problem] = []
    documents = 0
    for event in yaml.parse(text, Loader=_LineLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                problems.append(
                    Problem(
                        filename,
                        line,
                        "",
                        "",
                        "一个文件只能有一个 YAML 文档 / one document per file",
                    )
                )
        if isinstance(event, yaml.AliasEvent):
            msg = f"不允许使用别名 *{event.anchor} / aliases are not allowed"
            problems.append(Problem(filename, line, "", "", msg))
        elif getattr(event, "anchor", None):
            msg = f"不允许使用锚点 &{event.anchor} / anchors are not allowed"
            problems.append(Problem(filename, line, "", "", msg))
        tag = getattr(event, "tag", None)
        if tag and tag not in _ALLOWED_TAGS and tag != "!":
            why = "Python 标签可执行代码，" if "python/" in tag else ""
            msg = f"{why}不允许的 YAML 标签 {tag} / tag not allowed"
            problems.append(Problem(filename, line, "", "", msg))
    return problems


def read_yaml(data: bytes | str, filename: str) -> tuple[LineDict | None, list[Problem]]:
    """Parse one file into a LineDict top level, or return the problems that stopped it."""
    text, problem = decode_text(data, filename)
    if text is None:
        return None, [problem]
    try:
        problems = _scan_events(text, filename)
        if problems:
            return None, problems
        loader = _LineLoader(text)
        loader.duplicate_keys = []
        try:
            doc = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(filename, exc)]
    problems = [
        Problem(filename, line, "", key, f"重复的键 {key}（后者会覆盖前者） / duplicate key")
        for line, key in loader.duplicate_keys
    ]
    if doc is None:
        problems.append(Problem(filename, 1, "", "", "文件为空 / empty file"))
        return None, problems
    if not isinstance(doc, LineDict):
        line = getattr(doc, "line", 1)
        problems.append(
            Problem(
                filename,
                line,
                "",
                "",
                "顶层必须是映射（bank: 或 exam: 开头） / top level must be a mapping",
            )
        )
        return None, problems
    return doc, problems


IdStr = Annotated[str, Strict(), Field(pattern=ID_PATTERN)]
OptionKey = Literal["A", "B", "C", "D", "E", "F", "G", "H"]
_ANSWER_HINT = "单选写一个选项字母如 B，多选写列表如 [A, C]，判断题写 true 或 false"


class StrictModel(BaseModel):
    # Numbers in option texts ("24小时" written as 24) become text; unknown keys are errors.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)


class BankHeader(StrictModel):
    bank: IdStr
    title: str = Field(min_length=1)
    module: str
    description: str = ""
    questions: list[Any] = Field(min_length=1)


class QuestionModel(StrictModel):
    id: IdStr
    type: Literal["single", "multiple", "truefalse"]
    stem: str
    options: dict[OptionKey, str] | None = None
    answer: Any
    explanation: str
    tags: list[str] = []
    difficulty: Literal[1, 2, 3] = 2
    module: str | None = None

    @field_validator("answer")
    @classmethod
    def _answer_shape(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip():
            return value.strip().upper()
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [v.strip().upper() for v in value]
        raise ValueError(f"答案格式不对：{_ANSWER_HINT} / bad answer")


_MESSAGES = {
    "missing": "缺少必填字段 / field required",
    "string_type": "应为文本（yes/no/on/off、日期等请加引号） / expected text",
    "int_type": "应为整数 / expected an integer",
    "int_parsing": "应为整数 / expected an integer",
    "int_from_float": "应为整数 / expected an integer",
    "float_type": "应为数字 / expected a number",
    "float_parsing": "应为数字 / expected a number",
    "bool_type": "应为 true 或 false / expected true or false",
    "bool_parsing": "应为 true 或 false / expected true or false",
    "list_type": "应为列表，如 [a, b] / expected a list",
    "dict_type": "应为映射，如 {A: ..., B: ...} / expected a mapping",
    "model_type": "应为映射 / expected a mapping",
    "literal_error": "取值必须是 {expected} 之一 / must be one of {expected}",
    "string_pattern_mismatch": "只能用小写字母、数字和连字符 - / only a-z, 0-9 and '-'",
    "string_too_short": "不能为空 / must not be empty",
    "too_short": "至少需要 {min_length} 项 / needs at least {min_length} item(s)",
    "greater_than_equal": "不能小于 {ge} / must be >= {ge}",
    "greater_than": "必须大于 {gt} / must be > {gt}",
}


def _locate(node: Any, loc: tuple) -> tuple[int, Any]:
    """Follow a pydantic error location through LineDict/LineList to the deepest known line."""
    line = getattr(node, "line", 0)
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line, node = node.key_lines[part], node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and part < len(node):
            line, node = node.item_lines[part], node[part]
        else:
            break
    return line, node


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel]:
    """The (nested) model an error location ends in, so unknown-field hints name its fields."""
    for part in loc[:-1]:
        info = model.model_fields.get(part) if isinstance(part, str) else None
        inner = [a for a in get_args(info.annotation) if isinstance(a, type)] if info else []
        nested = [a for a in inner if issubclass(a, BaseModel)]
        if nested:
            model = nested[0]
    return model


def _message(error: dict, model: type[BaseModel]) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, list(model.model_fields), n=1, cutoff=0.6)
        hint = f"，是否想写 {close[0]}？" if close else ""
        return f"未知字段 {name}{hint} / unknown field" + (
            f", did you mean {close[0]}?" if close else ""
        )
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    template = _MESSAGES.get(kind)
    if template is None:
        return f"取值无效 / {error['msg']}"
    return template.format(**{k: v for k, v in ctx.items()})


def model_problems(
    exc: ValidationError,
    model: type[BaseModel],
    node: Any,
    filename: str,
    qid: str = "",
    prefix: str = "",
) -> list[Problem]:
    """Turn every pydantic error into a Problem naming the line of the field it is about."""
    problems = []
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if part != "[key]")
        line, _ = _locate(node, loc)
        name = prefix + ".".join(str(p) for p in loc)
        problems.append(Problem(filename, line, qid, name, _message(error, _model_at(model, loc))))
    return problems
