"""Question banks and versioned questions: a version is a content hash, never edited in place."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class Bank(db.Model):
    __tablename__ = "banks"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    module: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    source_file: Mapped[str] = mapped_column(String(255), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    questions: Mapped[list[QuestionRecord]] = relationship(
        back_populates="bank", order_by="QuestionRecord.id"
    )


class QuestionRecord(db.Model):
    """A question's identity; its content lives in QuestionVersion rows."""

    __tablename__ = "questions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    bank_id: Mapped[str] = mapped_column(ForeignKey("banks.id"))
    module: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(16))
    tags: Mapped[list] = mapped_column(JSON, default=list)
    difficulty: Mapped[int] = mapped_column(default=2)
    current_hash: Mapped[str] = mapped_column(String(16))
    retired: Mapped[bool] = mapped_column(default=False)  # removed from its bank file
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    bank: Mapped[Bank] = relationship(back_populates="questions")
    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question", order_by="QuestionVersion.id"
    )


class QuestionVersion(db.Model):
    """Immutable content of one version; attempts point here so old results never change."""

    __tablename__ = "question_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"))
    content_hash: Mapped[str] = mapped_column(String(16))
    snapshot: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")

    question: Mapped[QuestionRecord] = relationship(back_populates="versions")

    __table_args__ = (UniqueConstraint("question_id", "content_hash"),)


class BankImport(db.Model):
    """The record of one import: what it added, changed and retired."""

    __tablename__ = "bank_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
