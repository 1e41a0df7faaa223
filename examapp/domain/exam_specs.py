"""Exam specs as JSON-safe dicts, for storing in ``Exam.spec`` and ``Attempt.exam_spec``.

``spec_from_dict(spec_to_dict(spec)) == spec`` for every ExamSpec. ``spec_hash`` ignores where
the definition was read from, so the same exam imported from another path is not a new version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from .exams import ExamKind, ExamSpec, ReviewPolicy, Scoring, SectionSpec
from .questions import QuestionType

# Provenance, not content: a spec does not change because its file moved.
_SOURCE_FIELDS = ("source_file", "source_line")


def section_to_dict(section: SectionSpec) -> dict:
    """One section as plain JSON values."""
    return {
        "title": section.title,
        "count": section.count,
        "points": section.points,
        "banks": list(section.banks),
        "tags": list(section.tags),
        "type": str(section.type) if section.type else None,
        "difficulty": list(section.difficulty),
        "modules": list(section.modules),
        "fixed_ids": list(section.fixed_ids),
        "scoring": str(section.scoring),
    }


def section_from_dict(data: Mapping) -> SectionSpec:
    """Rebuild a section from :func:`section_to_dict` output."""
    return SectionSpec(
        title=data["title"],
        count=int(data["count"]),
        points=float(data["points"]),
        banks=tuple(data.get("banks", ())),
        tags=tuple(data.get("tags", ())),
        type=QuestionType(data["type"]) if data.get("type") else None,
        difficulty=tuple(int(d) for d in data.get("difficulty", ())),
        modules=tuple(data.get("modules", ())),
        fixed_ids=tuple(data.get("fixed_ids", ())),
        scoring=Scoring(data.get("scoring", Scoring.ALL_OR_NOTHING)),
    )


def spec_to_dict(spec: ExamSpec) -> dict:
    """An exam spec as plain JSON values (enums as strings, tuples as lists)."""
    return {
        "id": spec.id,
        "title": spec.title,
        "kind": str(spec.kind),
        "sections": [section_to_dict(s) for s in spec.sections],
        "time_limit_minutes": spec.time_limit_minutes,
        "pass_mark": spec.pass_mark,
        "total_points": spec.total_points,
        "attempts_allowed": spec.attempts_allowed,
        "retake_wait_hours": spec.retake_wait_hours,
        "shuffle_questions": spec.shuffle_questions,
        "shuffle_options": spec.shuffle_options,
        "review": str(spec.review),
        "module": spec.module,
        "requires_modules": list(spec.requires_modules),
        "description": spec.description,
        "source_file": spec.source_file,
        "source_line": spec.source_line,
    }


def spec_from_dict(data: Mapping) -> ExamSpec:
    """Rebuild an ExamSpec from :func:`spec_to_dict` output (as stored in the database)."""
    return ExamSpec(
        id=data["id"],
        title=data["title"],
        kind=ExamKind(data["kind"]),
        sections=tuple(section_from_dict(s) for s in data["sections"]),
        time_limit_minutes=int(data["time_limit_minutes"]),
        pass_mark=float(data["pass_mark"]),
        total_points=float(data["total_points"]),
        attempts_allowed=int(data.get("attempts_allowed", 1)),
        retake_wait_hours=int(data.get("retake_wait_hours", 0)),
        shuffle_questions=bool(data.get("shuffle_questions", True)),
        shuffle_options=bool(data.get("shuffle_options", True)),
        review=ReviewPolicy(data.get("review", ReviewPolicy.IMMEDIATELY)),
        module=data.get("module"),
        requires_modules=tuple(data.get("requires_modules", ())),
        description=data.get("description", ""),
        source_file=data.get("source_file", ""),
        source_line=int(data.get("source_line", 0)),
    )


def spec_hash(spec: ExamSpec) -> str:
    """The version of an exam definition: a hash of everything but where it was read from."""
    data = {k: v for k, v in spec_to_dict(spec).items() if k not in _SOURCE_FIELDS}
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(raw).hexdigest()[:16]
