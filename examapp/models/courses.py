"""Course modules and lessons (loaded from courses/), and who has read what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class CourseModule(db.Model):
    __tablename__ = "course_modules"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    title_en: Mapped[str] = mapped_column(String(80), default="")
    order: Mapped[int] = mapped_column(default=0)
    summary: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=True)

    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module", order_by="Lesson.order", cascade="all, delete-orphan"
    )


class Lesson(db.Model):
    __tablename__ = "lessons"
    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[str] = mapped_column(ForeignKey("course_modules.id"))
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str] = mapped_column(String(120), default="")
    order: Mapped[int] = mapped_column(default=0)
    minutes: Mapped[int] = mapped_column(default=5)
    key_facts: Mapped[list] = mapped_column(JSON, default=list)
    practice: Mapped[list] = mapped_column(JSON, default=list)
    body_html: Mapped[str] = mapped_column(Text, default="")  # rendered and sanitised at load time
    content_hash: Mapped[str] = mapped_column(String(16), default="")

    module: Mapped[CourseModule] = relationship(back_populates="lessons")

    __table_args__ = (UniqueConstraint("module_id", "slug"),)


class LessonProgress(db.Model):
    """A lesson is done when the server saw it read to the end."""

    __tablename__ = "lesson_progress"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)
