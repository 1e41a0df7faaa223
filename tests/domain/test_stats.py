"""Item analysis, score distribution and pass rates on hand-made data with known answers."""

from __future__ import annotations

import math

import pytest

from examapp.domain.stats import AttemptRecord, item_analysis, pass_rates, score_distribution

TOP_HALF = [True] * 5 + [False] * 5
REST_DESCENDING = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]


def answered(qid: str, correct: list[bool], rest: list[float]) -> list[AttemptRecord]:
    """Attempts that saw ``qid`` (1 point) and earned ``rest`` points elsewhere on the paper."""
    return [
        AttemptRecord(total_score=r + c, items={qid: c}, awarded={qid: float(c)})
        for c, r in zip(correct, rest, strict=True)
    ]


def by_id(records: list[AttemptRecord]) -> dict:
    return {s.question_id: s for s in item_analysis(records)}


def test_does_an_item_right_for_the_strong_half_discriminate_well():
    # x = 1,1,1,1,1,0,0,0,0,0 against rest 9..0: cov 1.25, sd(x) 0.5, var(rest) 8.25.
    stats = by_id(answered("good", TOP_HALF, REST_DESCENDING))["good"]
    assert (stats.n, stats.p_value) == (10, 0.5)
    assert stats.discrimination == pytest.approx(2.5 / math.sqrt(8.25))  # 0.8704
    assert stats.flags == ()


def test_does_the_item_own_points_come_out_of_the_total():
    # Rest scores equal for all, so only the item's own point would correlate: r is undefined.
    stats = by_id(answered("self", TOP_HALF, [5] * 10))["self"]
    assert stats.discrimination is None


def test_is_an_item_the_weak_half_gets_right_flagged_negative():
    stats = by_id(answered("bad", TOP_HALF[::-1], REST_DESCENDING))["bad"]
    assert stats.discrimination == pytest.approx(-2.5 / math.sqrt(8.25))
    assert stats.flags == ("negative_discrimination",)


def test_is_a_weakly_related_item_flagged_low():
    # Alternating right/wrong against rest 9..0: cov 0.25, so r = 0.5 / sqrt(8.25) = 0.174.
    alternating = [i % 2 == 0 for i in range(10)]
    stats = by_id(answered("meh", alternating, REST_DESCENDING))["meh"]
    assert stats.discrimination == pytest.approx(0.5 / math.sqrt(8.25))
    assert stats.flags == ("low_discrimination",)


def test_are_too_easy_and_too_hard_items_flagged():
    stats = by_id(
        answered("easy", [True] * 10, REST_DESCENDING)
        + answered("hard", [True] + [False] * 9, REST_DESCENDING)
    )
    assert (stats["easy"].p_value, stats["easy"].discrimination) == (1.0, None)
    assert stats["easy"].flags == ("too_easy",)
    assert stats["hard"].p_value == pytest.approx(0.1)
    assert stats["hard"].flags == ("too_hard",)  # r = 0.45 / (0.3 * sqrt(8.25)) = 0.52


def test_does_an_item_with_few_responses_get_only_that_flag():
    stats = by_id(answered("new", [False] * 9, list(range(9))))["new"]
    assert (stats.n, stats.p_value, stats.flags) == (9, 0.0, ("few_responses",))


def test_is_every_question_of_mixed_papers_counted_only_where_it_appeared():
    records = answered("a", TOP_HALF, REST_DESCENDING) + answered("b", [True] * 3, [1, 2, 3])
    assert [(s.question_id, s.n) for s in item_analysis(records)] == [("a", 10), ("b", 3)]


def test_do_scores_fall_into_equal_bins_with_the_top_score_in_the_last():
    bins = score_distribution([0, 9.99, 10, 79.5, 80, 100, 100], 100, bins=10)
    assert bins[0] == (0, 10, 2)
    assert bins[1] == (10, 20, 1)
    assert bins[7] == (70, 80, 1)
    assert bins[8] == (80, 90, 1)
    assert bins[9] == (90, 100, 2)
    assert sum(count for _, _, count in bins) == 7


def test_do_odd_maximums_give_exact_bin_edges():
    bins = score_distribution([9], 30, bins=10)
    assert [b[:2] for b in bins[2:4]] == [(6, 9), (9, 12)]
    assert bins[3][2] == 1


def test_is_a_meaningless_distribution_refused():
    with pytest.raises(ValueError):
        score_distribution([1], 0)


def test_do_first_attempt_and_eventual_pass_rates_count_people_not_attempts():
    rates = pass_rates([[True], [False, True], [False, False], [False], []])
    assert (rates.candidates, rates.first_attempt_passed, rates.eventually_passed) == (4, 1, 2)
    assert (rates.first_attempt_rate, rates.eventual_rate) == (0.25, 0.5)
    assert pass_rates([]).first_attempt_rate is None
