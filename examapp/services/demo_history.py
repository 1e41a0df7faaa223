"""A simulated earlier cohort for the demo, so that reports and item statistics have data to show.

Two dozen hires who joined about ten weeks ago read the lessons, sit module tests and the
certification exam (with retakes when they fail), move on to trial and active work, and collect
the odd warning. Everything goes through the real services with the clock injected, so the
history is exactly what the site would have recorded. Seeded: the same data every time.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from ..domain.errors import DomainError
from ..extensions import db
from ..models import Attempt, AttemptItem, Cohort, Exam, Lesson, Role, User, utcnow
from . import accounts, attempts, courses, onboarding

HISTORY_COHORT = "2026年9月批次"
NAMES = [
    "陈静",
    "刘洋",
    "王芳",
    "赵磊",
    "孙丽",
    "周杰",
    "吴敏",
    "郑凯",
    "冯雪",
    "褚强",
    "卫红",
    "蒋涛",
    "沈婷",
    "韩冰",
    "杨帆",
    "朱琳",
    "秦朗",
    "许诺",
    "何佳",
    "吕鑫",
    "施雨",
    "张弛",
    "孔悦",
    "曹阳",
]
MODULE_TESTS = ("module-platform-rules", "module-communication")
CERTIFICATION = "cert-onboarding"
TRIAL_EXAM = "trial-exam"
# A few questions behave badly on purpose (a key trainees keep "getting wrong" in the wrong
# direction), so the trainer's item statistics have something to flag.
MISLEADING = 0.18


@dataclass(frozen=True)
class _Hire:
    username: str
    name: str
    ability: float  # 0..1, how likely a well-made question is answered right


def _hires(rng: random.Random, count: int) -> list[_Hire]:
    return [
        _Hire(f"demo-t{i + 1:02d}", name, min(0.97, max(0.45, rng.gauss(0.84, 0.09))))
        for i, name in enumerate(NAMES[:count])
    ]


def _at(day0: date, days: float, hour: int = 10) -> datetime:
    return datetime.combine(day0, time(hour), tzinfo=UTC) + timedelta(days=days)


def _answer(item: AttemptItem, ability: float, rng: random.Random) -> list[str]:
    """Pick an answer the way a hire of this ability would (some items are deliberately bad)."""
    snap = item.version.snapshot
    key = list(snap["answer"])
    quirk = random.Random(snap["id"]).random()
    p_right = ability - 0.1 * quirk + 0.08
    if quirk < MISLEADING:  # a confusing item: stronger hires fall for the distractor
        p_right = 1.2 - ability
    if rng.random() < max(0.05, min(0.98, p_right)):
        return key
    wrong = [k for k in item.option_order if k not in key] or key
    if snap["type"] == "multiple":
        return sorted(set(key[:-1]) | {rng.choice(wrong)})
    return [rng.choice(wrong)]


def _sit(user: User, exam_id: str, when: datetime, hire: _Hire, rng: random.Random) -> bool:
    """One attempt, handed in 12-25 minutes after starting (inside every time limit); passed?"""
    attempt = attempts.start_or_resume(user, exam_id, now=when)
    items = db.session.scalars(
        select(AttemptItem).where(AttemptItem.attempt_id == attempt.id)
    ).all()
    answers = {item.position: (_answer(item, hire.ability, rng), item.revision) for item in items}
    done = attempts.hand_in(
        user, attempt.id, answers, now=when + timedelta(minutes=rng.randint(12, 25))
    )
    return bool(done.passed)


def _pass_with_retakes(
    user: User, exam_id: str, when: datetime, hire: _Hire, rng: random.Random
) -> datetime | None:
    """Sit an exam, retaking after two days while attempts remain; when it was passed, or None."""
    exam = db.session.get(Exam, exam_id)
    allowed = exam.spec.get("attempts_allowed", 1) if exam else 0
    for attempt_no in range(allowed):
        day = when + timedelta(days=2 * attempt_no)
        if _sit(user, exam_id, day, hire, rng):
            return day
    return None


def _read_everything(user: User, start: date, rng: random.Random) -> None:
    lessons = db.session.scalars(select(Lesson).order_by(Lesson.module_id, Lesson.order)).all()
    for index, lesson in enumerate(lessons):
        opened = _at(start, index * 0.6 + rng.random(), hour=9)
        courses.open_lesson(user.id, lesson.module_id, lesson.slug, now=opened)
        courses.complete_lesson(
            user.id, lesson.module_id, lesson.slug, now=opened + timedelta(minutes=8)
        )


def _career(user: User, hire: _Hire, start: date, manager: User, rng: random.Random) -> None:
    """Lessons, module tests, certification, then trial and active work as the rules allow."""
    _read_everything(user, start, rng)
    for offset, exam_id in enumerate(MODULE_TESTS):
        _pass_with_retakes(user, exam_id, _at(start, 14 + offset, hour=14), hire, rng)
    passed_at = _pass_with_retakes(user, CERTIFICATION, _at(start, 20, hour=15), hire, rng)
    if passed_at is None:
        return
    trial_from = passed_at + timedelta(days=1)
    onboarding.change_status(user, "trial", manager, "认证考试通过，进入试岗", now=trial_from)
    if hire.ability < 0.78:
        return  # still on trial
    trial_exam_day = trial_from + timedelta(days=rng.randint(5, 12))
    if _pass_with_retakes(user, TRIAL_EXAM, trial_exam_day, hire, rng) is None:
        return
    active_from = trial_exam_day + timedelta(days=4)
    onboarding.change_status(user, "active", manager, "试岗考核通过，正式上岗", now=active_from)
    if rng.random() < 0.35:
        onboarding.record_incident(
            user,
            "late_leave",
            manager,
            "排班前 1 小时才提交请假",
            now=active_from + timedelta(days=3),
        )


def _discipline_stories(cohort: Cohort, manager: User, start: date) -> None:
    """One active hire collects three warnings (suspended); one failed hire is caught cheating."""
    members = sorted(cohort.members, key=lambda u: u.username)
    active = [u for u in members if u.status == "active"]
    if active:
        day = _at(start, 62)
        onboarding.record_incident(
            active[0], "absence_without_leave", manager, "排班未到岗且未请假", now=day
        )
        onboarding.record_incident(
            active[0], "late_leave", manager, "开班前半小时才请假", now=day + timedelta(days=2)
        )
    failed = [u for u in members if u.status == "training"]
    if failed:
        onboarding.record_incident(
            failed[-1],
            "cheating",
            manager,
            "补考时由他人代为查找答案，监考截图为证",
            now=_at(start, 30),
        )


def load_history(today: date | None = None, hires: int = len(NAMES)) -> str:
    """Create the simulated cohort once; a second run finds it and changes nothing."""
    if db.session.scalar(select(Cohort).where(Cohort.name == HISTORY_COHORT)):
        return f"history cohort {HISTORY_COHORT} already present"
    if db.session.get(Exam, CERTIFICATION) is None:
        return "history skipped: the shipped exams are not loaded"
    manager = db.session.scalar(select(User).where(User.role == Role.MANAGER).order_by(User.id))
    start = (today or utcnow().date()) - timedelta(days=70)
    cohort = accounts.create_cohort(
        HISTORY_COHORT, starts_on=start, notes="演示数据：模拟的往期批次"
    )
    rng = random.Random(20260901)
    stopped = 0
    for hire in _hires(rng, hires):
        user = accounts.create_user(
            hire.username, "kefu-demo", role=Role.TRAINEE, display_name=hire.name, cohort=cohort
        )
        try:
            _career(user, hire, start + timedelta(days=math.floor(rng.random() * 3)), manager, rng)
        except DomainError:  # a rule refused a step: this hire's story simply stops there
            db.session.rollback()
            stopped += 1
    _discipline_stories(cohort, manager, start)
    graded = db.session.scalar(select(func.count(Attempt.id)).where(Attempt.state == "graded"))
    return (
        f"history cohort {HISTORY_COHORT}: {hires} hires, {graded} graded attempts"
        f" ({stopped} stopped early by a rule)"
    )
