"""Aiken: a stem, lettered options, ``ANSWER: B`` — plus two extensions, several answers and EXPLANATION."""

from __future__ import annotations

import re

from ..bank_schema import BankInfo, LineDict
from ..errors import Problem
from ..questions import Question
from .common import PLACEHOLDER_EXPLANATION, finish, generated_id, line_dict

# Chinese editors often type "A、" or full-width punctuation; accept them alongside "A." and "A)".
_OPTION = re.compile(r"^([A-H])\s*[.)．、）]\s*(.+)$")
_ANSWER = re.compile(r"^(?:ANSWER|答案)\s*[:：]\s*(.*)$", re.I)
_NUMBER = re.compile(r"^\d+\s*[.．、)）]\s*")
_EXPLANATION = re.compile(r"^(?:EXPLANATION|解析)\s*[:：]\s*(.*)$", re.I)


class _Draft:
    """One question being read, with the lines its parts came from."""

    def __init__(self, line: int) -> None:
        self.line = line
        self.stem: list[str] = []
        self.options: dict[str, str] = {}
        self.answer: list[str] | None = None
        self.explanation: list[str] = []
        self.lines: dict[str, int] = {}

    def to_dict(self, qid: str) -> LineDict:
        single = len(self.answer or []) <= 1
        data = {
            "id": qid,
            "type": "single" if single else "multiple",
            "stem": "\n".join(self.stem),
            "options": self.options,
            "answer": self.answer[0] if len(self.answer or []) == 1 else self.answer,
            "explanation": "\n".join(self.explanation) or PLACEHOLDER_EXPLANATION,
        }
        return line_dict(data, self.line, self.lines)


def _letters(text: str) -> list[str]:
    """``B``, ``A, C``, ``A，C`` and ``AC`` all name option letters."""
    return [c for c in text.upper() if c.isalpha()]


def parse_aiken(
    text: str, filename: str, bank_id: str, module: str
) -> tuple[BankInfo, list[Question]]:
    """Convert Aiken text; each question ends at its ANSWER line (and optional EXPLANATION line)."""
    drafts: list[_Draft] = []
    problems: list[Problem] = []
    draft: _Draft | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        option, answer, explanation = (
            _OPTION.match(line),
            _ANSWER.match(line),
            _EXPLANATION.match(line),
        )
        if explanation and drafts and draft is None:
            drafts[-1].explanation.append(explanation.group(1).strip())
            drafts[-1].lines["explanation"] = number
            continue
        if draft is None:
            draft = _Draft(number)
        if answer:
            draft.answer, draft.lines["answer"] = _letters(answer.group(1)), number
            drafts.append(draft)
            draft = None
        elif option:
            draft.lines.setdefault("options", number)
            draft.options[option.group(1)] = option.group(2).strip()
        elif draft.options:
            message = "选项之后出现无法识别的行：应为 “A. 选项” 或 “ANSWER: B” / expected an option or ANSWER"
            problems.append(Problem(filename, number, "", "", message))
        else:
            # Question numbers ("1." / "1、") are the file's ordering, not part of the stem.
            draft.stem.append(_NUMBER.sub("", line) if not draft.stem else line)
    if draft is not None:
        message = "题目缺少 ANSWER: 行 / missing ANSWER line"
        problems.append(Problem(filename, draft.line, "", "answer", message))
    questions = [d.to_dict(generated_id(bank_id, i)) for i, d in enumerate(drafts, start=1)]
    return finish(filename, bank_id, module, bank_id, questions, problems)
