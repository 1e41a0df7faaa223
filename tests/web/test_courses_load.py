"""`courses load`: idempotent, all or nothing, and broken files named with file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from examapp.domain.errors import ValidationFailed
from examapp.extensions import db
from examapp.models import Lesson, LessonProgress
from examapp.services import courses
from tests import factories

COURSES = Path(__file__).resolve().parents[2] / "courses"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A writable copy of the shipped courses."""
    root = tmp_path / "courses"
    shutil.copytree(COURSES, root)
    return root


def _lessons() -> int:
    return db.session.scalar(select(func.count(Lesson.id)))


def test_cli_load_is_idempotent(app, tree: Path) -> None:
    """Does loading twice add everything once, then report every lesson unchanged?"""
    runner = app.test_cli_runner()
    first = runner.invoke(args=["courses", "load", str(tree)])
    assert first.exit_code == 0, first.output
    assert "20 added" in first.output
    count = _lessons()
    second = runner.invoke(args=["courses", "load", str(tree)])
    assert second.exit_code == 0
    assert "0 added, 0 updated, 0 removed, 20 unchanged" in second.output
    assert _lessons() == count == 20


def test_cli_reports_a_broken_lesson_with_file_and_line(app, tree: Path) -> None:
    """Is a bad field reported as file:line, with exit code 1 and nothing loaded?"""
    lesson = tree / "communication" / "02-wording.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("minutes: ", "minutes: many # ", 1), encoding="utf-8")
    line = next(
        n
        for n, row in enumerate(lesson.read_text(encoding="utf-8").splitlines(), 1)
        if row.startswith("minutes:")
    )
    result = app.test_cli_runner().invoke(args=["courses", "load", str(tree)])
    assert result.exit_code == 1
    assert f"courses/communication/02-wording.md:{line}:" in result.output
    assert "minutes" in result.output
    assert _lessons() == 0


def test_a_broken_file_leaves_the_loaded_courses_untouched(app, tree: Path) -> None:
    """After a good load, does a later bad one change nothing at all?"""
    courses.sync_courses(tree)
    before = {(le.module_id, le.slug, le.content_hash) for le in db.session.scalars(select(Lesson))}
    (tree / "communication" / "01-greeting.md").write_text("no front matter\n", encoding="utf-8")
    (tree / "communication" / "09-new-one.md").write_text("---\n", encoding="utf-8")
    with pytest.raises(ValidationFailed):
        courses.sync_courses(tree)
    after = {(le.module_id, le.slug, le.content_hash) for le in db.session.scalars(select(Lesson))}
    assert after == before


def test_sync_updates_changed_and_removes_gone_lessons_keeping_progress(app, tree: Path) -> None:
    """Is progress on unchanged lessons kept, a changed lesson re-rendered, a deleted one gone?"""
    app.config["LESSON_MIN_READ_SECONDS"] = 0
    courses.sync_courses(tree)
    user = factories.make_user()
    factories.read_module(user, "communication")
    kept = {
        le.slug: le.id
        for le in db.session.scalars(select(Lesson))
        if le.module_id == "communication"
    }
    changed = tree / "communication" / "03-bargaining.md"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n补充一句：<script>x()</script>\n", encoding="utf-8"
    )
    (tree / "communication" / "05-after-sales-wording.md").unlink()
    summary = courses.sync_courses(tree)
    assert "1 updated, 1 removed" in summary
    db.session.expire_all()
    now = {
        le.slug: le for le in db.session.scalars(select(Lesson)) if le.module_id == "communication"
    }
    assert "after-sales-wording" not in now
    assert now["bargaining"].id == kept["bargaining"]
    assert "补充一句" in now["bargaining"].body_html
    assert "<script>" not in now["bargaining"].body_html
    progress = set(
        db.session.scalars(
            select(LessonProgress.lesson_id).where(LessonProgress.user_id == user.id)
        )
    )
    assert progress == {
        kept[s] for s in ("greeting", "wording", "bargaining", "payment-and-logistics")
    }
    assert courses.completed_modules(user.id) == {"communication"}


def test_a_removed_module_folder_is_removed(app, tree: Path) -> None:
    """When a module folder is deleted, do its module and lessons leave the database?"""
    courses.sync_courses(tree)
    shutil.rmtree(tree / "product-knowledge")
    courses.sync_courses(tree)
    assert {m.id for m in courses.modules()} == {
        "platform-rules",
        "communication",
        "complaint-handling",
    }
    assert _lessons() == 15


def test_demo_load_loads_the_courses(app) -> None:
    """Does `demo load` bring the shipped courses in through the content loaders?"""
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "courses: 4 modules, 20 lessons" in result.output
    assert _lessons() == 20
