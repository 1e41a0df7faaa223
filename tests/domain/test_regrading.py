"""Which items take a fixed key, and whether that changes a paper's grade (pure)."""

from __future__ import annotations

from examapp.domain.assembly import PaperItem
from examapp.domain.exams import Scoring
from examapp.domain.regrading import CurrentKey, regrade_attempt, rekey

OPTIONS = [["A", "甲"], ["B", "乙"], ["C", "丙"]]


def snap(answer: list[str], options=OPTIONS, type_: str = "single") -> dict:
    return {"id": "q", "type": type_, "stem": "题", "options": options, "answer": answer}


def item(position: int = 1, answer: list[str] | None = None, qid: str = "q") -> PaperItem:
    return PaperItem(
        position=position,
        section_index=0,
        question_id=qid,
        version="v1",
        points=5,
        scoring=Scoring.ALL_OR_NOTHING,
        option_order=("A", "B", "C"),
        snapshot=snap(answer or ["A"]),
    )


def test_new_key_same_options_is_applied() -> None:
    """Does a new version with the same options and another key re-key the item?"""
    fixed = rekey(item(), CurrentKey("v2", snap(["B"])))
    assert fixed is not None and fixed.answer == frozenset({"B"}) and fixed.version == "v2"


def test_same_key_or_other_options_or_type_is_not_applied() -> None:
    """Are reworded-only versions, changed options and changed types all left alone?"""
    assert rekey(item(), CurrentKey("v2", snap(["A"]))) is None
    assert rekey(item(), CurrentKey("v2", snap(["B"], options=[["A", "甲"], ["B", "丁"]]))) is None
    assert rekey(item(), CurrentKey("v2", snap(["A", "B"], type_="multiple"))) is None
    assert rekey(item(), None) is None
    assert rekey(item(), CurrentKey("v1", snap(["B"]))) is None  # same version: nothing newer


def test_regrade_reports_old_and_new_grades() -> None:
    """Does a candidate who chose the true answer gain the points and pass?"""
    paper = [item(1), item(2, qid="other")]
    outcome = regrade_attempt(
        6, paper, {1: frozenset({"B"}), 2: frozenset({"A"})}, {"q": CurrentKey("v2", snap(["B"]))}
    )
    assert (outcome.old.total, outcome.new.total) == (5, 10)
    assert (outcome.old.passed, outcome.new.passed) == (False, True)
    assert outcome.rekeyed == (1,) and outcome.changed == (1,) and outcome.affected


def test_rekeyed_but_unchanged_grade_is_not_affected() -> None:
    """Is a candidate whose answer is wrong under both keys not affected?"""
    outcome = regrade_attempt(
        6, [item(1)], {1: frozenset({"C"})}, {"q": CurrentKey("v2", snap(["B"]))}
    )
    assert outcome.rekeyed == (1,) and not outcome.affected
