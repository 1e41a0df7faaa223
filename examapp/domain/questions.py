"""Questions as the rest of the domain sees them: immutable, versioned by content hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUEFALSE = "truefalse"


# True/false questions have these two fixed options so that grading treats every type alike.
TRUE_KEY = "T"
FALSE_KEY = "F"
TRUEFALSE_OPTIONS: tuple[tuple[str, str], ...] = ((TRUE_KEY, "正确"), (FALSE_KEY, "错误"))


@dataclass(frozen=True)
class Question:
    """One question's content. ``answer`` is a set of option keys (``{"T"}`` or ``{"F"}`` for true/false)."""

    id: str
    type: QuestionType
    stem: str
    options: tuple[tuple[str, str], ...]
    answer: frozenset[str]
    explanation: str
    bank: str
    module: str
    tags: tuple[str, ...] = ()
    difficulty: int = 2
    source_line: int = 0
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.options)

    def content_hash(self) -> str:
        """The version of this question: a hash of everything a candidate or the grader sees."""
        payload = {
            "type": str(self.type),
            "stem": self.stem,
            "options": [list(o) for o in self.options],
            "answer": sorted(self.answer),
            "explanation": self.explanation,
        }
        raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(raw).hexdigest()[:16]

    def snapshot(self) -> dict:
        """A JSON-safe copy of the content, stored with each attempt so past results never change."""
        return {
            "id": self.id,
            "type": str(self.type),
            "stem": self.stem,
            "options": [list(o) for o in self.options],
            "answer": sorted(self.answer),
            "explanation": self.explanation,
            "bank": self.bank,
            "module": self.module,
            "tags": list(self.tags),
            "difficulty": self.difficulty,
        }

    @classmethod
    def from_snapshot(cls, data: dict) -> Question:
        """Rebuild a question from :meth:`snapshot` output."""
        return cls(
            id=data["id"],
            type=QuestionType(data["type"]),
            stem=data["stem"],
            options=tuple((k, t) for k, t in data["options"]),
            answer=frozenset(data["answer"]),
            explanation=data.get("explanation", ""),
            bank=data.get("bank", ""),
            module=data.get("module", ""),
            tags=tuple(data.get("tags", ())),
            difficulty=int(data.get("difficulty", 2)),
        )
