"""Checking the shape of bank and exam YAML with pydantic, and the vocabulary the loaders share.

The safe YAML reader itself (``read_yaml``, ``LineDict``/``LineList``) lives in ``bank_yaml``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, field_validator

from .bank_yaml import LineDict, LineList
from .errors import Problem
from .exams import ExamSpec
from .questions import Question

MODULES: dict[str, str] = {
    "platform-rules": "平台规则",
    "product-knowledge": "商品知识",
    "communication": "沟通与服务规范",
    "complaint-handling": "投诉与售后处理",
}
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
OPTION_KEYS = "ABCDEFGH"


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
