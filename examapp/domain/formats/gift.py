"""Moodle GIFT, the subset that maps onto our types: choice (one or several right) and true/false."""

from __future__ import annotations

import re

from ..bank_schema import OPTION_KEYS, BankInfo, LineDict
from ..errors import Problem
from ..questions import Question
from .common import PLACEHOLDER_EXPLANATION, finish, generated_id, line_dict, slug

_ESCAPED = re.compile(r"\\([~=#{}:n])")
_TRUEFALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), text).strip()


def _find(text: str, chars: str, start: int = 0) -> int:
    """Index of the first of ``chars`` not escaped by a backslash, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in chars:
            return i
        i += 1
    return -1


def _split(text: str, chars: str) -> list[str]:
    """Split before each unescaped marker in ``chars``, keeping the marker with its part."""
    parts, start = [], 0
    while (i := _find(text, chars, start + 1 if parts else start)) != -1:
        parts.append(text[start:i])
        start = i
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _blocks(text: str) -> list[tuple[int, str]]:
    """Questions are separated by blank lines; ``//`` comment and ``$CATEGORY`` lines are dropped."""
    blocks, current, first = [], [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//") or stripped.startswith("$CATEGORY:"):
            continue
        if not stripped:
            if current:
                blocks.append((first, "\n".join(current)))
            current = []
            continue
        if not current:
            first = number
        current.append(line)
    if current:
        blocks.append((first, "\n".join(current)))
    return blocks


def _feedback(part: str) -> tuple[str, str]:
    """Split ``text#feedback`` into its unescaped halves."""
    cut = _find(part, "#")
    return (part, "") if cut == -1 else (part[:cut], part[cut + 1 :])


def _body(body: str) -> tuple[str | None, dict]:
    """Turn the text between braces into question fields, or name the unsupported kind."""
    general = ""
    if "####" in body:
        body, general = body.split("####", 1)
    head, rest = _feedback(body.strip())
    if head.strip().upper() in _TRUEFALSE:
        notes = [_unescape(n) for n in rest.split("#")] if rest else []
        explanation = _unescape(general) or "；".join(n for n in notes if n)
        return None, {
            "type": "truefalse",
            "answer": _TRUEFALSE[head.strip().upper()],
            "explanation": explanation,
        }
    if not body.strip():
        return "问答题（essay）", {}
    if body.strip().startswith("#"):
        return "数值题（numerical）", {}
    if "->" in body:
        return "匹配题（matching）", {}
    if _find(body, "~") == -1:
        return "填空/简答题（short answer）", {}
    parts = _split(body.strip(), "=~")
    if parts[0][0] not in "=~":
        return "答案前有无法识别的文字", {}
    if len(parts) > len(OPTION_KEYS):
        return f"选项超过 {len(OPTION_KEYS)} 个", {}
    options, answer, notes = {}, [], []
    for index, part in enumerate(parts):
        marker, text = part[0], part[1:].strip()
        weight = _WEIGHT.match(text)
        text = text[weight.end() :] if weight else text
        text, note = _feedback(text)
        key = OPTION_KEYS[index]
        options[key] = _unescape(text)
        if (weight and float(weight.group(1)) > 0) or (marker == "=" and not weight):
            answer.append(key)
            notes.append(_unescape(note))
    kind = "single" if len(answer) <= 1 else "multiple"
    explanation = _unescape(general) or "；".join(n for n in notes if n)
    return None, {"type": kind, "options": options, "answer": answer, "explanation": explanation}


def _question(line: int, block: str, number: int, bank_id: str) -> tuple[LineDict | None, str]:
    """One block as a question dict, or None and why it cannot be converted."""
    title = ""
    if block.lstrip().startswith("::"):
        block = block.lstrip()[2:]
        end = block.find("::")
        if end == -1:
            return None, "标题缺少结尾的 ::"
        title, block = block[:end], block[end + 2 :]
    opening = _find(block, "{")
    closing = _find(block, "}", opening + 1) if opening != -1 else -1
    if opening == -1 or closing == -1:
        return None, "说明文字（description）或缺少 {…}"
    unsupported, fields = _body(block[opening + 1 : closing])
    if unsupported:
        return None, unsupported
    before, after = _unescape(block[:opening]), _unescape(block[closing + 1 :])
    stem = re.sub(
        r"^\[(html|moodle|plain|markdown)\]", "", f"{before} ＿＿＿ {after}" if after else before
    )
    qid = slug(title) or generated_id(bank_id, number)
    fields["explanation"] = fields["explanation"] or PLACEHOLDER_EXPLANATION
    return line_dict({"id": qid, "stem": stem.strip(), **fields}, line), ""


def parse_gift(
    text: str, filename: str, bank_id: str, module: str
) -> tuple[BankInfo, list[Question]]:
    """Convert GIFT text; unsupported question kinds are reported with their line, never dropped."""
    questions: list[LineDict] = []
    problems: list[Problem] = []
    for line, block in _blocks(text):
        question, why = _question(line, block, len(questions) + 1, bank_id)
        if question is None:
            message = f"不支持的题型：{why}，只支持单选、多选和判断 / unsupported question type"
            problems.append(Problem(filename, line, "", "type", message))
        else:
            questions.append(question)
    categories = re.findall(r"^\$CATEGORY:\s*(.+)$", text, flags=re.M)
    title = categories[-1].strip().split("/")[-1] if categories else bank_id
    return finish(filename, bank_id, module, title, questions, problems)
