"""Exam definition files: shape, then the rules that need the loaded questions (pools, points)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import Field, ValidationError

from .bank_schema import MODULES, IdStr, LineDict, StrictModel, model_problems
from .errors import Problem
from .exams import ExamKind, ExamSpec, ReviewPolicy, Scoring, SectionSpec
from .questions import Question, QuestionType

# Points are decimals written by people; compare sums with a tolerance, not exactly.
_EPSILON = 1e-6


class SectionModel(StrictModel):
    title: str = Field(min_length=1)
    type: Literal["single", "multiple", "truefalse"] | None = None
    banks: list[str] = []
    modules: list[str] = []
    tags: list[str] = []
    difficulty: list[Literal[1, 2, 3]] = []
    fixed_ids: list[str] = []
    count: int | None = Field(default=None, ge=1)
    points: float = Field(gt=0)
    scoring: Literal["all_or_nothing", "partial"] = "all_or_nothing"


class ExamModel(StrictModel):
    exam: IdStr
    title: str = Field(min_length=1)
    kind: Literal["certification", "trial", "quarterly", "module"]
    module: str | None = None
    description: str = ""
    time_limit_minutes: int = Field(ge=1)
    pass_mark: float = Field(ge=0)
    total_points: float = Field(gt=0)
    attempts_allowed: int = 1
    retake_wait_hours: int = Field(default=0, ge=0)
    shuffle_questions: bool = True
    shuffle_options: bool = True
    review: Literal["immediately", "after_close", "never"] = "immediately"
    requires_modules: list[str] = []
    sections: list[SectionModel] = Field(min_length=1)


def pool_for(section: SectionSpec, questions: Iterable[Question]) -> list[Question]:
    """The questions a section may draw from: its fixed ids in order, or every filter match."""
    if section.fixed_ids:
        by_id = {q.id: q for q in questions}
        return [by_id[qid] for qid in section.fixed_ids if qid in by_id]
    return [
        q
        for q in questions
        if (not section.banks or q.bank in section.banks)
        and (not section.modules or q.module in section.modules)
        and (not section.tags or set(section.tags) & set(q.tags))
        and (section.type is None or q.type == section.type)
        and (not section.difficulty or q.difficulty in section.difficulty)
    ]


def _section(m: SectionModel) -> SectionSpec:
    return SectionSpec(
        title=m.title,
        count=m.count if m.count is not None else len(m.fixed_ids),
        points=m.points,
        banks=tuple(m.banks),
        tags=tuple(m.tags),
        type=QuestionType(m.type) if m.type else None,
        difficulty=tuple(m.difficulty),
        modules=tuple(m.modules),
        fixed_ids=tuple(m.fixed_ids),
        scoring=Scoring(m.scoring),
    )


def _section_problems(
    spec: SectionSpec,
    raw: LineDict,
    index: int,
    pool: Mapping[str, Question],
    bank_ids: set[str],
    at,
) -> list[Problem]:
    """A section must name things that exist and be able to draw as many questions as it asks for."""
    problems = []

    def here(name: str, message: str) -> Problem:
        line = raw.key_lines.get(name, raw.line) if isinstance(raw, LineDict) else 0
        return at(line, f"sections.{index}.{name}", message)

    for bank in spec.banks:
        if bank not in bank_ids:
            problems.append(here("banks", f"未知题库 {bank} / unknown bank"))
    for module in spec.modules:
        if module not in MODULES:
            problems.append(here("modules", f"未知模块 {module} / unknown module"))
    missing = [qid for qid in spec.fixed_ids if qid not in pool]
    if missing:
        problems.append(
            here("fixed_ids", f"题目不存在：{', '.join(missing)} / unknown question id(s)")
        )
    if spec.count == 0:
        problems.append(here("count", "缺少 count（或用 fixed_ids 指定题目） / count required"))
    elif spec.fixed_ids and spec.count != len(spec.fixed_ids):
        msg = f"count 为 {spec.count}，但 fixed_ids 有 {len(spec.fixed_ids)} 题 / count differs from fixed_ids"
        problems.append(here("count", msg))
    elif not missing:
        available = len(pool_for(spec, pool.values()))
        if available < spec.count:
            msg = f"本节要抽 {spec.count} 题，但符合条件的只有 {available} 题 / pool too small"
            problems.append(here("count", msg))
    return problems


def build_exam(
    doc: LineDict, filename: str, pool: Mapping[str, Question], bank_ids: set[str]
) -> tuple[ExamSpec | None, list[Problem]]:
    """Validate one exam document against the loaded questions; return the spec or the problems."""
    try:
        m = ExamModel.model_validate(doc)
    except ValidationError as exc:
        return None, model_problems(exc, ExamModel, doc, filename)

    def at(line: int, name: str, message: str) -> Problem:
        return Problem(filename, line, "", name, message)

    def field_line(name: str) -> int:
        return doc.key_lines.get(name, doc.line)

    problems = []
    for name, modules in (
        ("module", [m.module] if m.module else []),
        ("requires_modules", m.requires_modules),
    ):
        for module in modules:
            if module not in MODULES:
                problems.append(at(field_line(name), name, f"未知模块 {module} / unknown module"))
    sections = tuple(_section(s) for s in m.sections)
    raw_sections = doc["sections"]
    for index, spec in enumerate(sections):
        problems += _section_problems(spec, raw_sections[index], index, pool, bank_ids, at)
    total = sum(s.total_points for s in sections)
    if abs(total - m.total_points) > _EPSILON:
        msg = f"各节合计 {total:g} 分，与 total_points {m.total_points:g} 不符 / section points do not add up"
        problems.append(at(field_line("total_points"), "total_points", msg))
    if m.pass_mark > m.total_points:
        msg = f"及格分 {m.pass_mark:g} 高于总分 {m.total_points:g} / pass_mark above total_points"
        problems.append(at(field_line("pass_mark"), "pass_mark", msg))
    if m.attempts_allowed < 1:
        msg = "attempts_allowed 至少为 1（含第一次考试） / must be at least 1"
        problems.append(at(field_line("attempts_allowed"), "attempts_allowed", msg))
    if problems:
        return None, problems
    spec = ExamSpec(
        id=m.exam,
        title=m.title,
        kind=ExamKind(m.kind),
        sections=sections,
        time_limit_minutes=m.time_limit_minutes,
        pass_mark=m.pass_mark,
        total_points=m.total_points,
        attempts_allowed=m.attempts_allowed,
        retake_wait_hours=m.retake_wait_hours,
        shuffle_questions=m.shuffle_questions,
        shuffle_options=m.shuffle_options,
        review=ReviewPolicy(m.review),
        module=m.module,
        requires_modules=tuple(m.requires_modules),
        description=m.description,
        source_file=filename,
        source_line=doc.line,
    )
    return spec, problems
