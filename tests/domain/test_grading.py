"""Grading: every type and scoring rule, section totals, pass marks and regrades."""

from __future__ import annotations

from dataclasses import replace

import pytest

from examapp.domain.assembly import PaperItem
from examapp.domain.exams import Scoring
from examapp.domain.grading import changed_positions, grade_item, grade_paper, regrade_plan

KEYS = {"single": ["B"], "multiple": ["A", "C", "D"], "truefalse": ["F"]}


def item(
    qtype: str = "single",
    points: float = 3,
    scoring: Scoring = Scoring.ALL_OR_NOTHING,
    *,
    position: int = 1,
    section: int = 0,
    answer: list[str] | None = None,
) -> PaperItem:
    """A paper item whose key lives only in its snapshot, as after assembly."""
    options = [["T", "正确"], ["F", "错误"]] if qtype == "truefalse" else [[k, k] for k in "ABCD"]
    snapshot = {
        "id": f"q{position}",
        "type": qtype,
        "stem": "题干",
        "options": options,
        "answer": answer if answer is not None else KEYS[qtype],
        "explanation": "说明",
    }
    return PaperItem(
        position=position,
        section_index=section,
        question_id=f"q{position}",
        version="v1",
        points=points,
        scoring=scoring,
        option_order=tuple(k for k, _ in options),
        snapshot=snapshot,
    )


F = frozenset


@pytest.mark.parametrize(
    ("qtype", "chosen", "expected"),
    [
        ("single", {"B"}, 3),
        ("single", {"A"}, 0),
        ("single", {"A", "B"}, 0),
        ("single", set(), 0),
        ("truefalse", {"F"}, 3),
        ("truefalse", {"T"}, 0),
        ("truefalse", set(), 0),
        ("multiple", {"A", "C", "D"}, 3),
        ("multiple", {"A", "C"}, 0),
        ("multiple", {"A", "B", "C", "D"}, 0),
    ],
)
def test_does_all_or_nothing_give_full_points_only_for_the_exact_key(qtype, chosen, expected):
    result = grade_item(item(qtype), F(chosen))
    assert result.points_awarded == expected
    assert result.correct is (expected > 0)
    assert result.partially is False


@pytest.mark.parametrize(
    ("chosen", "expected", "partially"),
    [
        ({"A", "C", "D"}, 5, False),
        ({"A", "C"}, 3.33, True),  # 5 x 2/3 = 3.333...
        ({"D"}, 1.67, True),  # 5 x 1/3 = 1.666... rounds up
        ({"A", "B"}, 0, False),  # one wrong pick forfeits the item
        ({"A", "B", "C", "D"}, 0, False),
        (set(), 0, False),
    ],
)
def test_does_partial_credit_pay_per_right_key_and_nothing_after_a_wrong_pick(
    chosen, expected, partially
):
    result = grade_item(item("multiple", 5, Scoring.PARTIAL), F(chosen))
    assert result.points_awarded == expected
    assert result.partially is partially
    assert result.correct is (chosen == {"A", "C", "D"})


def test_does_partial_rounding_go_half_up_to_cents():
    eight_keys = item("multiple", 5, Scoring.PARTIAL, answer=list("ABCDEFGH"))
    assert grade_item(eight_keys, F({"A"})).points_awarded == 0.63  # 0.625


@pytest.mark.parametrize("qtype", ["single", "truefalse"])
def test_is_partial_scoring_ignored_for_single_answer_types(qtype):
    wrong = {"single": {"A"}, "truefalse": {"T"}}[qtype]
    assert grade_item(item(qtype, 4, Scoring.PARTIAL), F(wrong)).points_awarded == 0


def certification_paper() -> list[PaperItem]:
    layout = [("single", 3, 6), ("multiple", 5, 10), ("truefalse", 2, 16)]
    paper: list[PaperItem] = []
    for section, (qtype, points, count) in enumerate(layout):
        for _ in range(count):
            paper.append(item(qtype, points, position=len(paper) + 1, section=section))
    return paper


def test_does_the_6x3_10x5_16x2_exam_grade_to_100_when_all_right():
    paper = certification_paper()
    responses = {i.position: F(i.snapshot["answer"]) for i in paper}
    result = grade_paper(80, paper, responses, section_titles=["单选题", "多选题", "判断题"])
    assert (result.total, result.max_points, result.passed) == (100, 100, True)
    assert [(s.title, s.points, s.max_points) for s in result.sections] == [
        ("单选题", 18, 18),
        ("多选题", 50, 50),
        ("判断题", 32, 32),
    ]
    assert all(r.correct for r in result.items)


def test_is_the_pass_mark_inclusive_and_unanswered_items_zero():
    paper = certification_paper()
    # Everything right except four multiple-choice items (4 x 5 = 20 points) left blank.
    blank = {7, 8, 9, 10}
    responses = {i.position: F(i.snapshot["answer"]) for i in paper if i.position not in blank}
    at_mark = grade_paper(80, paper, responses)
    assert (at_mark.total, at_mark.passed) == (80, True)
    assert at_mark.sections[1].points == 30 and at_mark.sections[1].title == ""
    assert grade_paper(80.5, paper, responses).passed is False


def test_do_partial_credits_sum_exactly_to_cents():
    paper = [item("multiple", 1, Scoring.PARTIAL, position=p) for p in (1, 2, 3)]
    result = grade_paper(1, paper, {p: F({"A"}) for p in (1, 2, 3)})
    assert [r.points_awarded for r in result.items] == [0.33, 0.33, 0.33]
    assert result.total == 0.99 and result.passed is False


def test_does_grading_use_the_snapshot_key_and_see_a_regrade_change():
    original = [item("single", 2, position=1), item("truefalse", 2, position=2)]
    responses = {1: F({"C"}), 2: F({"F"})}
    old = grade_paper(4, original, responses)
    fixed_key = replace(original[0], snapshot={**original[0].snapshot, "answer": ["C"]})
    new = grade_paper(4, [fixed_key, original[1]], responses)
    assert (old.total, new.total, new.passed) == (2, 4, True)
    assert changed_positions(old, new) == (1,)
    assert regrade_plan(old, new) is True
    assert regrade_plan(old, grade_paper(4, original, responses)) is False
