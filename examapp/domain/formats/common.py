"""What every converter shares: line-aware documents, generated ids, and one validation path."""

from __future__ import annotations

import re

from ..bank_schema import ID_PATTERN, BankInfo, LineDict, LineList
from ..banks import bank_from_doc
from ..errors import Problem, ValidationFailed
from ..questions import Question

# Converted questions have no explanation in the source format (Aiken, some GIFT): this
# placeholder makes the gap visible in the YAML a trainer reviews before importing.
PLACEHOLDER_EXPLANATION = "（待补充解析）"


def line_dict(data: dict, line: int, key_lines: dict | None = None) -> LineDict:
    """A LineDict for converter output, so validation problems point at the source line."""
    result = LineDict(data)
    result.line = line
    result.key_lines = {key: (key_lines or {}).get(key, line) for key in data}
    return result


def generated_id(bank_id: str, number: int) -> str:
    """The id given to the Nth question when the source has none: ``<bank>-NNN``."""
    return f"{bank_id}-{number:03d}"


def slug(title: str) -> str | None:
    """A title usable as an id (``Comm 001`` -> ``comm-001``), or None if it is not one."""
    candidate = re.sub(r"[\s_]+", "-", title.strip().lower())
    return candidate if re.fullmatch(ID_PATTERN, candidate) else None


def finish(
    filename: str,
    bank_id: str,
    module: str,
    title: str,
    questions: list[LineDict],
    problems: list[Problem],
) -> tuple[BankInfo, list[Question]]:
    """Validate converted questions like a YAML bank; raise with converter and rule problems together."""
    if not questions:
        message = "文件中没有可识别的题目 / no questions found"
        raise ValidationFailed(problems or [Problem(filename, 0, "", "", message)])
    items = LineList(questions)
    items.line, items.item_lines = 1, [q.line for q in questions]
    doc = line_dict(
        {"bank": bank_id, "title": title, "module": module, "description": f"由 {filename} 转换"},
        0,
    )
    doc["questions"], doc.key_lines["questions"] = items, 1
    try:
        info, built = bank_from_doc(doc, filename)
    except ValidationFailed as exc:
        raise ValidationFailed(problems + exc.problems) from None
    if problems:
        raise ValidationFailed(problems)
    return info, built
