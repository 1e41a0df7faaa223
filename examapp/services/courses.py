"""Course modules and lessons in the database, and who has read what.

``sync_courses`` mirrors the ``courses/`` folder into CourseModule/Lesson rows; the lesson pages
record when a person first opened a lesson, and only accept "I have read this" once the minimum
reading time (domain.reading) has passed since then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from ..domain.course_render import render_markdown
from ..domain.courses import ModuleInfo, load_courses
from ..domain.errors import DomainError
from ..domain.reading import DEFAULT_CAP_SECONDS, min_read_seconds, percent, seconds_to_wait
from ..extensions import db
from ..models import CourseModule, Lesson, LessonProgress, utcnow
from . import practice

PRACTICE_STEM_CHARS = 40  # a link label, not the question: the page stays short on a phone


@dataclass(frozen=True)
class ModuleProgress:
    """One module's progress for one person."""

    module_id: str
    title: str
    title_en: str
    summary: str
    required: bool
    done: int
    total: int

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


@dataclass(frozen=True)
class PracticeLink:
    """One practice question offered after a lesson: its id and a shortened stem (never the key)."""

    question_id: str
    label: str


@dataclass(frozen=True)
class LessonPage:
    """What the lesson page shows: the lesson, its neighbours and the reader's progress."""

    module: CourseModule
    lesson: Lesson
    previous: Lesson | None
    next: Lesson | None
    completed_at: datetime | None
    wait_seconds: int  # still to read before the button is accepted
    practice: tuple[PracticeLink, ...] = ()


# --- loading -----------------------------------------------------------------------------------


def sync_courses(root: str | Path | None = None) -> str:
    """Load ``root`` (default COURSES_DIR) into the database; all or nothing; one-line summary.

    Raises ValidationFailed (nothing written) when any file is wrong. Unchanged lessons keep their
    row, so progress on them survives; lessons whose file is gone are removed with their progress.
    """
    root = Path(root or current_app.config["COURSES_DIR"])
    modules = load_courses(root)  # validates everything before a single row is touched
    counts = {"added": 0, "updated": 0, "removed": 0, "unchanged": 0}
    try:
        existing = {m.id: m for m in db.session.scalars(select(CourseModule))}
        for info in modules:
            row = existing.pop(info.id, None) or CourseModule(id=info.id)
            row.title, row.title_en, row.summary = info.title, info.title_en, info.summary
            row.order, row.required = info.order, info.required
            db.session.add(row)
            _sync_lessons(row, info, counts)
        for gone in existing.values():
            counts["removed"] += len(gone.lessons)
            db.session.delete(gone)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    lessons = sum(len(m.lessons) for m in modules)
    return (
        f"courses: {len(modules)} modules, {lessons} lessons "
        f"({counts['added']} added, {counts['updated']} updated, "
        f"{counts['removed']} removed, {counts['unchanged']} unchanged)"
    )


def _sync_lessons(row: CourseModule, info: ModuleInfo, counts: dict[str, int]) -> None:
    """Add new lessons, rewrite changed ones (by content hash) and drop those without a file."""
    by_slug = {lesson.slug: lesson for lesson in row.lessons}
    for item in info.lessons:
        lesson = by_slug.pop(item.slug, None)
        if lesson is not None and lesson.content_hash == item.content_hash:
            counts["unchanged"] += 1
            continue
        counts["updated" if lesson is not None else "added"] += 1
        if lesson is None:
            lesson = Lesson(slug=item.slug)
            row.lessons.append(lesson)
        lesson.title, lesson.title_en = item.title, item.title_en
        lesson.order, lesson.minutes = item.order, item.minutes
        lesson.key_facts, lesson.practice = list(item.key_facts), list(item.practice)
        lesson.body_html = render_markdown(item.body_markdown)
        lesson.content_hash = item.content_hash
    for gone in by_slug.values():
        counts["removed"] += 1
        row.lessons.remove(gone)  # delete-orphan; the database cascades its progress rows


def load_shipped_courses() -> str:
    """The demo loader: the courses folder named by COURSES_DIR."""
    return sync_courses()


# --- progress ----------------------------------------------------------------------------------


def read_cap_seconds() -> int:
    """LESSON_MIN_READ_SECONDS from the config (which reads the environment)."""
    return int(current_app.config.get("LESSON_MIN_READ_SECONDS", DEFAULT_CAP_SECONDS))


def modules() -> list[CourseModule]:
    """Every module in reading order."""
    return list(db.session.scalars(select(CourseModule).order_by(CourseModule.order)))


def _done_lesson_ids(user_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(LessonProgress.lesson_id).where(
                LessonProgress.user_id == user_id, LessonProgress.completed_at.is_not(None)
            )
        )
    )


def module_progress_for(user_id: int) -> list[ModuleProgress]:
    """Lessons done per module for one person, modules in reading order."""
    done = _done_lesson_ids(user_id)
    return [
        ModuleProgress(
            module_id=m.id,
            title=m.title,
            title_en=m.title_en,
            summary=m.summary,
            required=m.required,
            done=sum(1 for lesson in m.lessons if lesson.id in done),
            total=len(m.lessons),
        )
        for m in modules()
    ]


def completed_modules(user_id: int) -> set[str]:
    """Ids of the modules whose every lesson the person has read to the end."""
    return {p.module_id for p in module_progress_for(user_id) if p.complete}


def progress_percent_by_user(user_ids: list[int]) -> dict[int, int]:
    """Overall lesson progress (%) for many people in two queries (the roster)."""
    total = db.session.scalar(select(func.count(Lesson.id))) or 0
    rows = db.session.execute(
        select(LessonProgress.user_id, func.count(LessonProgress.id))
        .where(LessonProgress.user_id.in_(user_ids), LessonProgress.completed_at.is_not(None))
        .group_by(LessonProgress.user_id)
    ).all()
    done = dict(rows)
    return {uid: percent(done.get(uid, 0), total) for uid in user_ids}


def module_lessons(user_id: int, module_id: str) -> tuple[CourseModule, list[tuple[Lesson, bool]]]:
    """A module and its lessons, each with whether the person finished it; LookupError if unknown."""
    module = db.session.get(CourseModule, module_id)
    if module is None:
        raise LookupError(module_id)
    done = _done_lesson_ids(user_id)
    return module, [(lesson, lesson.id in done) for lesson in module.lessons]


def _find(module_id: str, slug: str) -> tuple[CourseModule, Lesson]:
    module = db.session.get(CourseModule, module_id)
    lesson = next((le for le in module.lessons if le.slug == slug), None) if module else None
    if module is None or lesson is None:
        raise LookupError(f"{module_id}/{slug}")
    return module, lesson


def _progress(user_id: int, lesson: Lesson) -> LessonProgress | None:
    return db.session.scalar(
        select(LessonProgress).where(
            LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson.id
        )
    )


def open_lesson(user_id: int, module_id: str, slug: str, now: datetime | None = None) -> LessonPage:
    """Serve a lesson: the first time, record when it was opened (the reading clock starts)."""
    now = now or utcnow()
    module, lesson = _find(module_id, slug)
    progress = _progress(user_id, lesson)
    if progress is None:
        progress = LessonProgress(user_id=user_id, lesson_id=lesson.id, opened_at=now)
        db.session.add(progress)
        db.session.commit()
    index = module.lessons.index(lesson)
    wait = seconds_to_wait(
        progress.opened_at, now, min_read_seconds(lesson.minutes, read_cap_seconds())
    )
    return LessonPage(
        module=module,
        lesson=lesson,
        previous=module.lessons[index - 1] if index > 0 else None,
        next=module.lessons[index + 1] if index + 1 < len(module.lessons) else None,
        completed_at=progress.completed_at,
        wait_seconds=0 if progress.completed_at else wait,
        practice=practice_links(lesson),
    )


def _shorten(text: str, limit: int = PRACTICE_STEM_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def practice_links(lesson: Lesson) -> tuple[PracticeLink, ...]:
    """The lesson's practice questions that are loaded, current and in its module, in listed order."""
    ids = list(lesson.practice or ())
    found = practice.practice_questions(ids) if ids else {}
    # A listed id that is not loaded, retired or moved to another module is skipped: the lesson
    # page must render with empty or partly loaded banks.
    return tuple(
        PracticeLink(qid, _shorten(found[qid].stem))
        for qid in ids
        if qid in found and found[qid].module == lesson.module_id
    )


def complete_lesson(user_id: int, module_id: str, slug: str, now: datetime | None = None) -> Lesson:
    """Mark a lesson read to the end; DomainError says how long to keep reading if too soon.

    Completing twice is harmless: the first completion time is kept.
    """
    now = now or utcnow()
    _module, lesson = _find(module_id, slug)
    progress = _progress(user_id, lesson)
    if progress is None:
        # Never served to this person: the reading clock starts now, so this press is too soon
        # unless no reading time is required.
        progress = LessonProgress(user_id=user_id, lesson_id=lesson.id, opened_at=now)
        db.session.add(progress)
    if progress.completed_at is None:
        required = min_read_seconds(lesson.minutes, read_cap_seconds())
        wait = seconds_to_wait(progress.opened_at, now, required)
        if wait:
            db.session.commit()  # keep the opening time, so the clock is not restarted
            raise DomainError(
                f"这一课还没读完：请再阅读至少 {wait} 秒后再确认"
                f" / Keep reading for at least {wait} more seconds, then confirm again."
            )
        progress.completed_at = now
    db.session.commit()
    return lesson
