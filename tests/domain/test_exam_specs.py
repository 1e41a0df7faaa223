"""Exam specs stored as JSON: do they come back exactly, and does the hash track content only?"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from examapp.domain.banks import load_catalog
from examapp.domain.exam_specs import spec_from_dict, spec_hash, spec_to_dict
from examapp.domain.exams import ExamKind, ExamSpec, ReviewPolicy, Scoring, SectionSpec
from examapp.domain.questions import QuestionType

ROOT = Path(__file__).resolve().parents[2]

HAND_MADE = ExamSpec(
    id="hand-made",
    title="手写考试",
    kind=ExamKind.QUARTERLY,
    sections=(
        SectionSpec(
            title="多选",
            count=2,
            points=2.5,
            banks=("b1",),
            tags=("t",),
            type=QuestionType.MULTIPLE,
            difficulty=(2, 3),
            modules=("communication",),
            scoring=Scoring.PARTIAL,
        ),
        SectionSpec(title="固定", count=1, points=5, fixed_ids=("q-1",)),
    ),
    time_limit_minutes=30,
    pass_mark=6,
    total_points=10,
    attempts_allowed=2,
    retake_wait_hours=24,
    shuffle_questions=False,
    shuffle_options=False,
    review=ReviewPolicy.AFTER_CLOSE,
    module="communication",
    requires_modules=("communication",),
    description="说明",
    source_file="x.yaml",
    source_line=3,
)


def _shipped_and_sample_specs() -> list[ExamSpec]:
    specs = list(load_catalog([ROOT / "tests" / "fixtures" / "banks" / "valid"]).exams.values())
    return specs + [HAND_MADE]


@pytest.mark.parametrize("spec", _shipped_and_sample_specs(), ids=lambda s: s.id)
def test_a_spec_survives_a_json_round_trip(spec: ExamSpec) -> None:
    """Does spec_from_dict(json(spec_to_dict(spec))) give back an equal ExamSpec with real enums?"""
    stored = json.loads(json.dumps(spec_to_dict(spec), ensure_ascii=False))
    back = spec_from_dict(stored)
    assert back == spec
    assert isinstance(back.kind, ExamKind) and isinstance(back.review, ReviewPolicy)
    assert all(isinstance(s.scoring, Scoring) for s in back.sections)


def test_every_shipped_exam_round_trips() -> None:
    """Do all exam definitions under question_banks/ round-trip through the stored form?"""
    catalog = load_catalog([ROOT / "question_banks"])
    assert catalog.exams
    for spec in catalog.exams.values():
        assert spec_from_dict(spec_to_dict(spec)) == spec


def test_the_hash_ignores_where_the_file_was_read_from() -> None:
    """Is the same exam read from another path the same version, and a changed pass mark not?"""
    moved = dataclasses.replace(HAND_MADE, source_file="elsewhere/x.yaml", source_line=9)
    assert spec_hash(moved) == spec_hash(HAND_MADE)
    assert spec_hash(dataclasses.replace(HAND_MADE, pass_mark=7)) != spec_hash(HAND_MADE)
