"""Reading one bank or exam file as YAML safely, remembering the line of every key and item.

This module owns the untrusted-input side of bank loading: the size limit and UTF-8 decoding
(``decode_text``), the refusal of anchors, aliases, non-core tags and extra documents before any
object is built, the C safe loader that builds ``LineDict``/``LineList`` so every problem can name
its line, and ``read_yaml`` that ties them together. What the parsed data must look like is
checked in ``bank_schema``.
"""

from __future__ import annotations

import yaml

from .errors import Problem

MAX_BANK_BYTES = 2 * 1024 * 1024

# Only the plain core tags may be written explicitly; anything else (python/*, custom) is refused.
_ALLOWED_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")
}


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
