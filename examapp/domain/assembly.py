"""Exam assembly: turn an exam spec and the current banks into one candidate's frozen paper."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import DomainError
from .exams import ExamSpec, Scoring, SectionSpec
from .questions import TRUEFALSE_OPTIONS, Question, QuestionType

# Only real choice questions get their options shuffled; true/false always reads 正确 then 错误.
_SHUFFLED_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTIPLE})
_TRUEFALSE_KEYS = tuple(key for key, _ in TRUEFALSE_OPTIONS)


@dataclass(frozen=True)
class PaperItem:
    """One question as a candidate was given it: its place, worth and a frozen copy of its content."""

    position: int
    section_index: int
    question_id: str
    version: str
    points: float
    scoring: Scoring
    option_order: tuple[str, ...]
    # The snapshot is the only source of the key when grading, so bank edits never touch a result.
    snapshot: dict = field(hash=False)

    @property
    def type(self) -> QuestionType:
        return QuestionType(self.snapshot["type"])

    @property
    def answer(self) -> frozenset[str]:
        return frozenset(self.snapshot["answer"])

    def question(self) -> Question:
        """The question exactly as it was when this paper was assembled."""
        return Question.from_snapshot(self.snapshot)

    def to_dict(self) -> dict:
        """A JSON-safe form for storage alongside the attempt."""
        return {
            "position": self.position,
            "section_index": self.section_index,
            "question_id": self.question_id,
            "version": self.version,
            "points": self.points,
            "scoring": str(self.scoring),
            "option_order": list(self.option_order),
            "snapshot": self.snapshot,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> PaperItem:
        """Rebuild an item from :meth:`to_dict` output."""
        return cls(
            position=int(data["position"]),
            section_index=int(data["section_index"]),
            question_id=data["question_id"],
            version=data["version"],
            points=float(data["points"]),
            scoring=Scoring(data["scoring"]),
            option_order=tuple(data["option_order"]),
            snapshot=dict(data["snapshot"]),
        )


def _matches(section: SectionSpec, question: Question) -> bool:
    """Does the question pass every filter of the section? An empty filter accepts anything."""
    if section.fixed_ids:
        return question.id in section.fixed_ids
    return (
        (not section.banks or question.bank in section.banks)
        and (not section.modules or question.module in section.modules)
        and (not section.tags or any(tag in section.tags for tag in question.tags))
        and (section.type is None or question.type == section.type)
        and (not section.difficulty or question.difficulty in section.difficulty)
    )


def section_pool(section: SectionSpec, questions: Iterable[Question]) -> list[Question]:
    """The questions a section may draw from: sorted by id, or in the listed order for fixed ids."""
    pool = [q for q in questions if _matches(section, q)]
    if section.fixed_ids:
        # The trainer's listed order is the paper order when questions are not shuffled.
        rank = {qid: i for i, qid in enumerate(section.fixed_ids)}
        return sorted(pool, key=lambda q: rank[q.id])
    return sorted(pool, key=lambda q: q.id)


def _section_label(index: int, section: SectionSpec) -> str:
    return f"第 {index + 1} 部分「{section.title}」"


def _draw(
    section: SectionSpec,
    index: int,
    pool: list[Question],
    seen_ids: frozenset[str],
    rng: random.Random,
) -> list[Question]:
    """Pick ``section.count`` questions, unseen ones first, in pool order (shuffling comes later)."""
    if len(pool) < section.count:
        raise DomainError(
            f"{_section_label(index, section)}需要 {section.count} 道题，"
            f"但题库中只有 {len(pool)} 道符合条件且未被前面部分抽中的题目，请补充题库或减少题量。"
        )
    unseen = [q for q in pool if q.id not in seen_ids]
    seen = [q for q in pool if q.id in seen_ids]
    if len(unseen) >= section.count:
        chosen = rng.sample(unseen, section.count)
    else:
        chosen = unseen + rng.sample(seen, section.count - len(unseen))
    order = {q.id: i for i, q in enumerate(pool)}
    return sorted(chosen, key=lambda q: order[q.id])


def _option_order(question: Question, shuffle: bool, rng: random.Random) -> tuple[str, ...]:
    if question.type == QuestionType.TRUEFALSE:
        return _TRUEFALSE_KEYS
    keys = list(question.option_keys)
    if shuffle and question.type in _SHUFFLED_TYPES:
        rng.shuffle(keys)
    return tuple(keys)


def assemble(
    spec: ExamSpec,
    questions: Mapping[str, Question],
    seed: int,
    seen_ids: frozenset[str] = frozenset(),
) -> list[PaperItem]:
    """Build a paper for ``spec``; the same seed and inputs always give the same paper."""
    rng = random.Random(seed)
    # Sorting the inputs makes the draw independent of the mapping's insertion order.
    candidates = [questions[qid] for qid in sorted(questions)]
    used: set[str] = set()
    items: list[PaperItem] = []
    for index, section in enumerate(spec.sections):
        missing = [qid for qid in section.fixed_ids if qid not in questions]
        if missing:
            raise DomainError(
                f"{_section_label(index, section)}指定的题目不存在：{'、'.join(missing)}。"
            )
        pool = [q for q in section_pool(section, candidates) if q.id not in used]
        chosen = _draw(section, index, pool, seen_ids, rng)
        if spec.shuffle_questions:
            rng.shuffle(chosen)
        for question in chosen:
            used.add(question.id)
            items.append(
                PaperItem(
                    position=len(items) + 1,
                    section_index=index,
                    question_id=question.id,
                    version=question.content_hash(),
                    points=section.points,
                    scoring=section.scoring,
                    option_order=_option_order(question, spec.shuffle_options, rng),
                    snapshot=question.snapshot(),
                )
            )
    return items
