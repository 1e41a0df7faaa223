"""Grading: score a paper from the keys frozen in its items, never from the current banks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .assembly import PaperItem
from .exams import Scoring
from .questions import QuestionType

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class ItemResult:
    """What one answer earned; ``partially`` marks partial credit (more than 0, less than full)."""

    points_awarded: float
    correct: bool
    partially: bool
    position: int = 0
    max_points: float = 0.0


@dataclass(frozen=True)
class SectionResult:
    section_index: int
    title: str
    points: float
    max_points: float


@dataclass(frozen=True)
class GradeResult:
    total: float
    max_points: float
    passed: bool
    sections: tuple[SectionResult, ...]
    items: tuple[ItemResult, ...]


def _round2(value: Fraction | float) -> float:
    """Round half up to cents, from an exact value, so 0.625 shows as 0.63 on every machine."""
    exact = Fraction(value)
    cents = Decimal(exact.numerator) / Decimal(exact.denominator)
    return float(cents.quantize(_CENT, rounding=ROUND_HALF_UP))


def grade_item(item: PaperItem, chosen: frozenset[str]) -> ItemResult:
    """Score one answer against the key stored in the item's snapshot."""
    key = item.answer
    chosen = frozenset(chosen)
    correct = bool(chosen) and chosen == key
    if correct:
        awarded = item.points
    elif (
        chosen
        and item.type == QuestionType.MULTIPLE
        and item.scoring == Scoring.PARTIAL
        and chosen <= key  # any wrong pick forfeits the whole item
    ):
        awarded = _round2(Fraction(item.points) * len(chosen) / len(key))
    else:
        awarded = 0.0
    return ItemResult(
        points_awarded=float(awarded),
        correct=correct,
        partially=0 < awarded < item.points,
        position=item.position,
        max_points=float(item.points),
    )


def grade_paper(
    spec_pass_mark: float,
    items: Sequence[PaperItem],
    responses: Mapping[int, frozenset[str]],
    section_titles: Sequence[str] = (),
) -> GradeResult:
    """Grade every item (unanswered scores 0), total it by section and decide pass or fail."""
    results = tuple(grade_item(i, responses.get(i.position, frozenset())) for i in items)
    earned: dict[int, Fraction] = {}
    possible: dict[int, Fraction] = {}
    for item, result in zip(items, results, strict=True):
        # Fractions keep the sums exact; floats would let 99.99999 fail a pass mark of 100.
        earned[item.section_index] = earned.get(item.section_index, Fraction(0)) + Fraction(
            result.points_awarded
        )
        possible[item.section_index] = possible.get(item.section_index, Fraction(0)) + Fraction(
            item.points
        )
    sections = tuple(
        SectionResult(
            section_index=index,
            title=section_titles[index] if index < len(section_titles) else "",
            points=_round2(earned[index]),
            max_points=_round2(possible[index]),
        )
        for index in sorted(earned)
    )
    total = _round2(sum(earned.values(), Fraction(0)))
    return GradeResult(
        total=total,
        max_points=_round2(sum(possible.values(), Fraction(0))),
        passed=total >= spec_pass_mark,
        sections=sections,
        items=results,
    )


def changed_positions(old: GradeResult, new: GradeResult) -> tuple[int, ...]:
    """Positions whose awarded points differ between two gradings of the same paper."""
    return tuple(
        b.position
        for a, b in zip(old.items, new.items, strict=True)
        if a.points_awarded != b.points_awarded
    )


def regrade_plan(old: GradeResult, new: GradeResult) -> bool:
    """Would replacing ``old`` with ``new`` change anything a candidate or manager sees?"""
    return old.total != new.total or old.passed != new.passed or bool(changed_positions(old, new))
