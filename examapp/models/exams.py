"""Exams, their windows, attempts, answers, grants, regrades and certificates."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class AttemptState(StrEnum):
    OPEN = "open"
    GRADED = "graded"


class Exam(db.Model):
    """An exam definition as loaded from question_banks/exams/*.yaml (the whole spec as JSON)."""

    __tablename__ = "exams"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(20))
    module: Mapped[str | None] = mapped_column(String(40))
    spec: Mapped[dict] = mapped_column(JSON)
    spec_hash: Mapped[str] = mapped_column(String(16), default="")
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ExamWindow(db.Model):
    """A manager's assignment of an exam to a cohort or a person, open between two times."""

    __tablename__ = "exam_windows"
    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[str] = mapped_column(ForeignKey("exams.id"))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    exam: Mapped[Exam] = relationship()


class AttemptGrant(db.Model):
    """Extra time or an extra attempt for one person, with the reason and who granted it."""

    __tablename__ = "attempt_grants"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    exam_id: Mapped[str] = mapped_column(ForeignKey("exams.id"))
    extra_minutes: Mapped[int] = mapped_column(default=0)
    extra_attempts: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(500))
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attempt(db.Model):
    __tablename__ = "attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    exam_id: Mapped[str] = mapped_column(ForeignKey("exams.id"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("exam_windows.id"))
    number: Mapped[int] = mapped_column(default=1)  # 1 = first attempt, 2 = first retake, ...
    seed: Mapped[int] = mapped_column()
    state: Mapped[str] = mapped_column(String(12), default=AttemptState.OPEN)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_reason: Mapped[str] = mapped_column(String(20), default="")  # submitted | timeout
    score: Mapped[float | None]
    max_score: Mapped[float | None]
    passed: Mapped[bool | None]
    result: Mapped[dict | None] = mapped_column(JSON)  # per-section and per-item grading
    exam_spec: Mapped[dict] = mapped_column(JSON)  # the spec as it was when the attempt started

    exam: Mapped[Exam] = relationship()
    items: Mapped[list[AttemptItem]] = relationship(
        back_populates="attempt", order_by="AttemptItem.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        # One open attempt per person and exam, enforced by the database itself.
        Index(
            "uq_attempts_one_open",
            "user_id",
            "exam_id",
            unique=True,
            sqlite_where=text("state = 'open'"),
            postgresql_where=text("state = 'open'"),
        ),
        Index("ix_attempts_exam_state", "exam_id", "state"),
    )


class AttemptItem(db.Model):
    """One question of a drawn paper: the exact version, points and option order it was given."""

    __tablename__ = "attempt_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()
    section_index: Mapped[int] = mapped_column(default=0)
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    points: Mapped[float] = mapped_column()
    scoring: Mapped[str] = mapped_column(String(20))
    option_order: Mapped[list] = mapped_column(JSON)
    chosen: Mapped[list | None] = mapped_column(JSON)  # the saved answer (option keys)
    revision: Mapped[int] = mapped_column(default=0)  # rises with every accepted save
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attempt: Mapped[Attempt] = relationship(back_populates="items")
    version = relationship("QuestionVersion")

    __table_args__ = (UniqueConstraint("attempt_id", "position"),)


class RegradeRun(db.Model):
    __tablename__ = "regrade_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[str] = mapped_column(ForeignKey("exams.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(80), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[list] = mapped_column(JSON, default=list)


class Certificate(db.Model):
    __tablename__ = "certificates"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), unique=True)
    exam_id: Mapped[str] = mapped_column(ForeignKey("exams.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str] = mapped_column(String(500), default="")

    user = relationship("User")
    exam: Mapped[Exam] = relationship()
