"""Item analysis and score summaries for trainers and managers, from plain attempt records.

Difficulty is the p-value: the share of attempts that got the item right.

Discrimination is the *corrected point-biserial correlation*: Pearson's r between "this item was
right" (1/0) and the attempt's total score minus the points this item earned. Removing the item's
own points stops it from correlating with itself, which would flatter short papers. We chose it over
the upper-lower 27% index because papers are drawn at random, so each item is seen by a different
subset of candidates, and r uses every one of them rather than only the two tails. r is undefined
(``None``) when everyone or no one got the item right, or when all rest scores are equal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Thresholds a trainer reads as "look at this question"; conventional values in item analysis.
MIN_RESPONSES = 10
TOO_EASY_ABOVE = 0.95
TOO_HARD_BELOW = 0.2
LOW_DISCRIMINATION_BELOW = 0.2


@dataclass(frozen=True)
class AttemptRecord:
    """One graded attempt: its total, and per question whether it was right and what it earned."""

    total_score: float
    items: Mapping[str, bool]
    # Points each item earned; subtracted from the total for the corrected correlation. An item
    # missing here counts as 0 earned, which leaves its correlation uncorrected (slightly high).
    awarded: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    n: int
    p_value: float
    discrimination: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class PassRates:
    candidates: int
    first_attempt_passed: int
    eventually_passed: int

    @property
    def first_attempt_rate(self) -> float | None:
        return self.first_attempt_passed / self.candidates if self.candidates else None

    @property
    def eventual_rate(self) -> float | None:
        return self.eventually_passed / self.candidates if self.candidates else None


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when either variable does not vary."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x <= 1e-12 or var_y <= 1e-12:
        return None
    return cov / math.sqrt(var_x * var_y)


def _flags(n: int, p_value: float, discrimination: float | None) -> tuple[str, ...]:
    # With under ten answers every other figure is noise, so say only that.
    if n < MIN_RESPONSES:
        return ("few_responses",)
    flags = []
    if p_value > TOO_EASY_ABOVE:
        flags.append("too_easy")
    if p_value < TOO_HARD_BELOW:
        flags.append("too_hard")
    if discrimination is not None:
        if discrimination < 0:
            flags.append("negative_discrimination")
        elif discrimination < LOW_DISCRIMINATION_BELOW:
            flags.append("low_discrimination")
    return tuple(flags)


def item_analysis(records: Sequence[AttemptRecord]) -> list[ItemStats]:
    """Difficulty, discrimination and warning flags for every question seen, sorted by id."""
    right: dict[str, list[float]] = {}
    rest: dict[str, list[float]] = {}
    for record in records:
        for qid, correct in record.items.items():
            right.setdefault(qid, []).append(1.0 if correct else 0.0)
            rest.setdefault(qid, []).append(record.total_score - record.awarded.get(qid, 0.0))
    stats = []
    for qid in sorted(right):
        xs = right[qid]
        n, p_value = len(xs), sum(xs) / len(xs)
        discrimination = _pearson(xs, rest[qid])
        stats.append(ItemStats(qid, n, p_value, discrimination, _flags(n, p_value, discrimination)))
    return stats


def score_distribution(
    scores: Sequence[float], max_points: float, bins: int = 10
) -> list[tuple[float, float, int]]:
    """Equal-width bins over [0, max_points]: (low, high, count); low inclusive, the last bin closed."""
    if max_points <= 0 or bins < 1:
        raise ValueError("max_points must be positive and bins at least 1")
    counts = [0] * bins
    for score in scores:
        # Multiplying before dividing keeps 80 of 100 in the 80-90 bin despite float widths.
        index = math.floor(score * bins / max_points)
        counts[min(max(index, 0), bins - 1)] += 1
    return [
        (round(max_points * i / bins, 2), round(max_points * (i + 1) / bins, 2), counts[i])
        for i in range(bins)
    ]


def pass_rates(attempts_by_person: Sequence[Sequence[bool]]) -> PassRates:
    """First-attempt and eventual pass counts from each person's results in attempt order."""
    people = [results for results in attempts_by_person if results]
    return PassRates(
        candidates=len(people),
        first_attempt_passed=sum(1 for results in people if results[0]),
        eventually_passed=sum(1 for results in people if any(results)),
    )
