"""Exam assembly: pools, reproducible draws, no repeats, unseen-first and option shuffling."""

from __future__ import annotations

import pytest

from examapp.domain.assembly import PaperItem, assemble, section_pool
from examapp.domain.errors import DomainError
from examapp.domain.exams import ExamKind, ExamSpec, Scoring, SectionSpec
from examapp.domain.questions import TRUEFALSE_OPTIONS, Question, QuestionType

CHOICES = (("A", "甲"), ("B", "乙"), ("C", "丙"), ("D", "丁"))


def make_question(
    qid: str,
    qtype: QuestionType = QuestionType.SINGLE,
    *,
    bank: str = "bank-a",
    module: str = "communication",
    tags: tuple[str, ...] = (),
    difficulty: int = 2,
) -> Question:
    """A minimal valid question of the given type."""
    if qtype == QuestionType.TRUEFALSE:
        options, answer = TRUEFALSE_OPTIONS, frozenset({"T"})
    elif qtype == QuestionType.MULTIPLE:
        options, answer = CHOICES, frozenset({"A", "C"})
    else:
        options, answer = CHOICES, frozenset({"B"})
    return Question(
        id=qid,
        type=qtype,
        stem=f"题干 {qid}",
        options=options,
        answer=answer,
        explanation="说明",
        bank=bank,
        module=module,
        tags=tags,
        difficulty=difficulty,
    )


def bank_of(*questions: Question) -> dict[str, Question]:
    return {q.id: q for q in questions}


def exam(*sections: SectionSpec, shuffle_q: bool = True, shuffle_o: bool = True) -> ExamSpec:
    return ExamSpec(
        id="e",
        title="测试考试",
        kind=ExamKind.MODULE,
        sections=sections,
        time_limit_minutes=30,
        pass_mark=1,
        total_points=sum(s.total_points for s in sections),
        shuffle_questions=shuffle_q,
        shuffle_options=shuffle_o,
    )


@pytest.fixture
def big_bank() -> dict[str, Question]:
    singles = [make_question(f"s-{i:02d}") for i in range(20)]
    multiples = [make_question(f"m-{i:02d}", QuestionType.MULTIPLE) for i in range(20)]
    tfs = [make_question(f"t-{i:02d}", QuestionType.TRUEFALSE) for i in range(20)]
    return bank_of(*singles, *multiples, *tfs)


CERT = exam(
    SectionSpec("单选题", count=6, points=3, type=QuestionType.SINGLE),
    SectionSpec("多选题", count=10, points=5, type=QuestionType.MULTIPLE),
    SectionSpec("判断题", count=16, points=2, type=QuestionType.TRUEFALSE),
)


def ids(paper: list[PaperItem]) -> list[str]:
    return [item.question_id for item in paper]


def test_does_each_filter_narrow_the_pool_and_an_empty_filter_accept_all():
    qs = [
        make_question("a", bank="b1", module="communication", tags=("时效",), difficulty=1),
        make_question("b", QuestionType.MULTIPLE, bank="b2", module="platform-rules"),
        make_question("c", QuestionType.TRUEFALSE, bank="b1", tags=("售后", "时效"), difficulty=3),
    ]
    pool = lambda **kw: [q.id for q in section_pool(SectionSpec("x", 1, 1, **kw), qs)]  # noqa: E731
    assert pool() == ["a", "b", "c"]
    assert pool(banks=("b1",)) == ["a", "c"]
    assert pool(modules=("platform-rules",)) == ["b"]
    assert pool(tags=("售后", "不存在")) == ["c"]
    assert pool(type=QuestionType.MULTIPLE) == ["b"]
    assert pool(difficulty=(1, 3)) == ["a", "c"]
    assert pool(banks=("b1",), difficulty=(1,)) == ["a"]


def test_does_a_fixed_id_section_take_exactly_those_ids_in_listed_order():
    qs = [make_question(q) for q in ("q1", "q2", "q3", "q4")]
    section = SectionSpec("固定", count=2, points=1, fixed_ids=("q3", "q1"), banks=("nope",))
    assert [q.id for q in section_pool(section, qs)] == ["q3", "q1"]
    paper = assemble(exam(section, shuffle_q=False), bank_of(*qs), seed=1)
    assert ids(paper) == ["q3", "q1"]


def test_is_the_paper_reproducible_from_its_seed(big_bank):
    first = assemble(CERT, big_bank, seed=42)
    again = assemble(CERT, dict(reversed(big_bank.items())), seed=42)
    assert first == again


def test_do_different_seeds_give_different_papers(big_bank):
    papers = {tuple(ids(assemble(CERT, big_bank, seed=s))) for s in range(5)}
    assert len(papers) == 5


def test_does_the_certification_layout_give_32_items_worth_100_points(big_bank):
    paper = assemble(CERT, big_bank, seed=7)
    assert [item.position for item in paper] == list(range(1, 33))
    assert sum(item.points for item in paper) == 100
    assert [item.section_index for item in paper] == [0] * 6 + [1] * 10 + [2] * 16
    assert all(item.version == big_bank[item.question_id].content_hash() for item in paper)
    assert all(item.snapshot == big_bank[item.question_id].snapshot() for item in paper)


def test_is_drawing_more_than_the_pool_refused_with_a_clear_message():
    qs = bank_of(*(make_question(f"s-{i}") for i in range(3)))
    with pytest.raises(DomainError, match="需要 4 道题.*只有 3 道"):
        assemble(exam(SectionSpec("单选题", count=4, points=1)), qs, seed=1)


def test_is_a_missing_fixed_id_named_in_the_error():
    qs = bank_of(make_question("q1"))
    section = SectionSpec("固定", count=2, points=1, fixed_ids=("q1", "gone"))
    with pytest.raises(DomainError, match="gone"):
        assemble(exam(section), qs, seed=1)


def test_can_overlapping_sections_never_repeat_a_question():
    qs = bank_of(*(make_question(f"s-{i}", tags=("t",) if i < 4 else ()) for i in range(8)))
    spec = exam(
        SectionSpec("按标签", count=4, points=1, tags=("t",)),
        SectionSpec("全部", count=4, points=1),
    )
    for seed in range(20):
        drawn = ids(assemble(spec, qs, seed=seed))
        assert len(drawn) == len(set(drawn)) == 8
        assert set(drawn[4:]) == {f"s-{i}" for i in range(4, 8)}


def test_does_an_overlap_that_exhausts_the_pool_fail_instead_of_repeating():
    qs = bank_of(*(make_question(f"s-{i}") for i in range(5)))
    spec = exam(SectionSpec("一", count=3, points=1), SectionSpec("二", count=3, points=1))
    with pytest.raises(DomainError, match="第 2 部分"):
        assemble(spec, qs, seed=3)


def test_are_unseen_questions_drawn_before_seen_ones():
    qs = bank_of(*(make_question(f"s-{i}") for i in range(10)))
    seen = frozenset(f"s-{i}" for i in range(7))
    for seed in range(20):
        drawn = set(ids(assemble(exam(SectionSpec("单选", 5, 1)), qs, seed=seed, seen_ids=seen)))
        assert {"s-7", "s-8", "s-9"} <= drawn
        assert len(drawn) == 5


def test_is_every_draw_unseen_when_enough_unseen_exist():
    qs = bank_of(*(make_question(f"s-{i}") for i in range(10)))
    seen = frozenset(f"s-{i}" for i in range(5))
    drawn = ids(assemble(exam(SectionSpec("单选", 5, 1)), qs, seed=9, seen_ids=seen))
    assert sorted(drawn) == [f"s-{i}" for i in range(5, 10)]


def test_does_option_shuffling_keep_the_key_set_and_leave_truefalse_alone(big_bank):
    paper = assemble(CERT, big_bank, seed=5)
    for item in paper:
        if item.type == QuestionType.TRUEFALSE:
            assert item.option_order == ("T", "F")
        else:
            assert sorted(item.option_order) == ["A", "B", "C", "D"]
    orders = {item.option_order for item in paper if item.type != QuestionType.TRUEFALSE}
    assert len(orders) > 1


def test_are_options_and_questions_kept_in_order_when_shuffling_is_off(big_bank):
    paper = assemble(exam(*CERT.sections, shuffle_q=False, shuffle_o=False), big_bank, seed=5)
    assert all(item.option_order in (("A", "B", "C", "D"), ("T", "F")) for item in paper)
    for index in range(3):
        section_ids = [item.question_id for item in paper if item.section_index == index]
        assert section_ids == sorted(section_ids)


def test_does_a_paper_item_survive_a_round_trip_through_its_dict(big_bank):
    item = assemble(CERT, big_bank, seed=11)[7]
    assert PaperItem.from_dict(item.to_dict()) == item
    assert item.scoring == Scoring.ALL_OR_NOTHING
    assert item.question() == big_bank[item.question_id]
