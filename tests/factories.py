"""Builders for test data; each returns committed rows."""

from __future__ import annotations

import itertools

from examapp.models import Cohort, User
from examapp.services import accounts

PASSWORD = "test-password-1"
_counter = itertools.count(1)


def make_cohort(name: str | None = None) -> Cohort:
    return accounts.create_cohort(name or f"批次-{next(_counter)}")


def make_user(
    role: str = "trainee",
    username: str | None = None,
    password: str = PASSWORD,
    cohort: Cohort | None = None,
    display_name: str | None = None,
) -> User:
    username = username or f"{role}-{next(_counter)}"
    return accounts.create_user(
        username, password, role=role, display_name=display_name, cohort=cohort
    )


# --- Exams, attempts and question versions (windows, grants, regrade, reports) ---------------
# Plain rows, no assembly: tests of the surroundings need exact, hand-made papers and results.


def make_exam(
    exam_id: str | None = None,
    kind: str = "certification",
    pass_mark: float = 60,
    total_points: float = 100,
    title: str | None = None,
    module: str | None = None,
    **spec_fields,
):
    """An Exam row with a minimal stored spec (one section)."""
    from examapp.extensions import db
    from examapp.models import Exam

    exam_id = exam_id or f"exam-{next(_counter)}"
    spec = {
        "id": exam_id,
        "title": title or f"考试 {exam_id}",
        "kind": kind,
        "sections": [
            {"title": "单选题", "count": 1, "points": total_points, "scoring": "all_or_nothing"}
        ],
        "time_limit_minutes": 30,
        "pass_mark": pass_mark,
        "total_points": total_points,
        "attempts_allowed": 2,
        "retake_wait_hours": 0,
        "review": "immediately",
        "module": module,
        **spec_fields,
    }
    exam = Exam(id=exam_id, title=spec["title"], kind=kind, module=module, spec=spec)
    db.session.add(exam)
    db.session.commit()
    return exam


def make_question_version(
    question_id: str,
    answer: list[str],
    options: dict | None = None,
    bank_id: str = "test-bank",
    module: str = "communication",
    explanation: str = "解析",
):
    """Store a new current version of a choice question (creating its bank and record as needed)."""
    from examapp.domain.questions import Question, QuestionType
    from examapp.extensions import db
    from examapp.models import Bank, QuestionRecord, QuestionVersion

    question = Question(
        id=question_id,
        type=QuestionType.SINGLE if len(answer) == 1 else QuestionType.MULTIPLE,
        stem=f"题目 {question_id}",
        options=tuple((options or {"A": "甲", "B": "乙", "C": "丙", "D": "丁"}).items()),
        answer=frozenset(answer),
        explanation=explanation,
        bank=bank_id,
        module=module,
    )
    digest = question.content_hash()
    if db.session.get(Bank, bank_id) is None:
        db.session.add(Bank(id=bank_id, title="测试题库", module=module))
    record = db.session.get(QuestionRecord, question_id)
    if record is None:
        record = QuestionRecord(
            id=question_id, bank_id=bank_id, module=module, type=question.type, current_hash=digest
        )
        db.session.add(record)
    record.current_hash = digest
    version = QuestionVersion(
        question_id=question_id, content_hash=digest, snapshot=question.snapshot()
    )
    db.session.add(version)
    db.session.commit()
    return version


def make_graded_attempt(
    user,
    exam,
    score: float,
    passed: bool | None = None,
    number: int = 1,
    started_at=None,
    items: list | None = None,
):
    """A graded Attempt; ``items`` = [(QuestionVersion, chosen keys, points)] builds its paper."""
    from datetime import UTC, datetime, timedelta

    from examapp.extensions import db
    from examapp.models import Attempt, AttemptItem

    started_at = started_at or datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
    pass_mark = exam.spec["pass_mark"]
    attempt = Attempt(
        user_id=user.id,
        exam_id=exam.id,
        number=number,
        seed=number,
        state="graded",
        started_at=started_at,
        deadline=started_at + timedelta(minutes=30),
        finished_at=started_at + timedelta(minutes=20),
        closed_reason="submitted",
        score=score,
        max_score=exam.spec["total_points"],
        passed=score >= pass_mark if passed is None else passed,
        exam_spec=exam.spec,
        result={"sections": [], "items": []},
    )
    graded = []
    for position, (version, chosen, points) in enumerate(items or [], start=1):
        correct = sorted(chosen) == sorted(version.snapshot["answer"])
        graded.append(
            {
                "position": position,
                "question_id": version.question_id,
                "points_awarded": float(points) if correct else 0.0,
                "max_points": float(points),
                "correct": correct,
            }
        )
        attempt.items.append(
            AttemptItem(
                position=position,
                section_index=0,
                question_version_id=version.id,
                points=points,
                scoring="all_or_nothing",
                option_order=[key for key, _text in version.snapshot["options"]],
                chosen=list(chosen),
            )
        )
    attempt.result = {
        "sections": [{"section_index": 0, "title": "单选题", "points": score, "max_points": 0}],
        "items": graded,
    }
    db.session.add(attempt)
    db.session.commit()
    return attempt


# --- Question banks and exam definitions (banks engineer) -----------------------------------


def fixture_banks_dir():
    """tests/fixtures/banks/ (valid/, bad/, formats/ ...)."""
    from pathlib import Path

    return Path(__file__).resolve().parent / "fixtures" / "banks"


def load_sample_bank():
    """Import tests/fixtures/banks/valid/ (bank sample-comm, 12 questions; exam sample-cert).

    Returns the ImportSummary; the questions are then in the DB as current versions
    (``examapp.services.banks.current_questions()``) and the exam row has its spec.
    """
    from examapp.services.banks import import_paths

    return import_paths([fixture_banks_dir() / "valid"])


# --- Courses and onboarding (courses/onboarding engineer) -----------------------------------


def load_courses(root=None) -> str:
    """Load courses/ (or ``root``) into the database; returns the loader's summary line."""
    from examapp.services.courses import sync_courses

    return sync_courses(root)


def read_module(user: User, module_id: str, at=None) -> None:
    """Mark every lesson of a module read by ``user`` (opened an hour before ``at``)."""
    from datetime import timedelta

    from examapp.models import utcnow
    from examapp.services import courses

    at = at or utcnow()
    module, lessons = courses.module_lessons(user.id, module_id)
    for lesson, _done in lessons:
        courses.open_lesson(user.id, module.id, lesson.slug, now=at - timedelta(hours=1))
        courses.complete_lesson(user.id, module.id, lesson.slug, now=at)


def make_active_trainee(start, cohort: Cohort | None = None) -> User:
    """A trainee moved training -> trial (day 1) -> active (day 2) through the real services.

    Passed certification and trial attempts are stored so the guards let the moves through;
    no course is required when none is loaded. ``start`` is a timezone-aware datetime.
    """
    from datetime import timedelta

    from examapp.services import onboarding

    user = make_user(cohort=cohort)
    manager = make_user(role="manager")
    for kind in ("certification", "trial"):
        make_graded_attempt(user, make_exam(kind=kind), score=100, started_at=start)
    onboarding.change_status(user, "trial", manager, "认证考试通过", now=start + timedelta(days=1))
    onboarding.change_status(user, "active", manager, "试岗考试通过", now=start + timedelta(days=2))
    return user
