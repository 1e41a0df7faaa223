"""Exam definition files: shape, then the rules that need the loaded questions (pools, points)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from pydantic import Field, ValidationError

from .assembly import section_pool as pool_for  # one filter rule, shared with assembly
from .bank_schema import MODULES, IdStr, LineDict, LineList, StrictModel, model_problems
from .errors import Problem, ProblemAt
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
    kind: str  # checked against ExamKind below, so other problems still show with it
    module: str | None = None
    description: str = ""
    time_limit_minutes: int = Field(ge=1)
    pass_mark: float = Field(ge=0)
    total_points: float = Field(gt=0)
    attempts_allowed: int = 1
    retake_wait_hours: int = Field(default=0, ge=0)
    shuffle_questions: bool = True
    shuffle_options: bool = True
    review: str = "immediately"
    requires_modules: list[str] = []
    sections: list[Any] = Field(min_length=1)  # each validated alone, so all problems show


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
    at: ProblemAt,
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
    elif not problems:  # an unknown bank or id already explains an empty pool
        available = len(pool_for(spec, pool.values()))
        if available < spec.count:
            msg = f"本节要抽 {spec.count} 题，但符合条件的只有 {available} 题 / pool too small"
            problems.append(here("count", msg))
    return problems


def _sections(
    doc: LineDict, filename: str, pool: Mapping[str, Question], bank_ids: set[str], at: ProblemAt
) -> tuple[list[SectionSpec], list[Problem]]:
    """Validate each section on its own; return the good ones and every problem."""
    raw_sections = doc.get("sections")
    if not isinstance(raw_sections, LineList):
        return [], []  # the header model already reported it
    specs, problems = [], []
    for index, raw in enumerate(raw_sections):
        if not isinstance(raw, LineDict):
            line = raw_sections.item_lines[index]
            problems.append(
                at(line, f"sections.{index}", "每节必须是映射 / each section must be a mapping")
            )
            continue
        try:
            spec = _section(SectionModel.model_validate(raw))
        except ValidationError as exc:
            problems += model_problems(
                exc, SectionModel, raw, filename, prefix=f"sections.{index}."
            )
            continue
        problems += _section_problems(spec, raw, index, pool, bank_ids, at)
        specs.append(spec)
    return specs, problems


def _header_problems(
    m: ExamModel, sections: list[SectionSpec] | None, at: ProblemAt, line_of: Callable[[str], int]
) -> list[Problem]:
    """Rules about the exam as a whole: names that must exist, and points that must add up."""
    problems = []
    checks = [
        ("kind", [m.kind], [str(k) for k in ExamKind]),
        ("review", [m.review], [str(r) for r in ReviewPolicy]),
        ("module", [m.module] if m.module else [], list(MODULES)),
        ("requires_modules", m.requires_modules, list(MODULES)),
    ]
    for name, values, allowed in checks:
        for value in values:
            if value not in allowed:
                msg = f"未知取值 {value}，可选：{', '.join(allowed)} / unknown value"
                problems.append(at(line_of(name), name, msg))
    if sections is not None:
        total = sum(s.total_points for s in sections)
        if abs(total - m.total_points) > _EPSILON:
            msg = f"各节合计 {total:g} 分，与 total_points {m.total_points:g} 不符 / section points do not add up"
            problems.append(at(line_of("total_points"), "total_points", msg))
    if m.pass_mark > m.total_points:
        msg = f"及格分 {m.pass_mark:g} 高于总分 {m.total_points:g} / pass_mark above total_points"
        problems.append(at(line_of("pass_mark"), "pass_mark", msg))
    if m.attempts_allowed < 1:
        msg = "attempts_allowed 至少为 1（含第一次考试） / must be at least 1"
        problems.append(at(line_of("attempts_allowed"), "attempts_allowed", msg))
    return problems


def build_exam(
    doc: LineDict, filename: str, pool: Mapping[str, Question], bank_ids: set[str]
) -> tuple[ExamSpec | None, list[Problem]]:
    """Validate one exam document against the loaded questions; return the spec or the problems."""

    def at(line: int, name: str, message: str) -> Problem:
        return Problem(filename, line, "", name, message)

    def line_of(name: str) -> int:
        return doc.key_lines.get(name, doc.line)

    sections, problems = _sections(doc, filename, pool, bank_ids, at)
    try:
        m = ExamModel.model_validate(doc)
    except ValidationError as exc:
        return None, problems + model_problems(exc, ExamModel, doc, filename)
    complete = len(sections) == len(m.sections)
    problems += _header_problems(m, sections if complete else None, at, line_of)
    if problems:
        return None, problems
    spec = ExamSpec(
        id=m.exam,
        title=m.title,
        kind=ExamKind(m.kind),
        sections=tuple(sections),
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
