"""People, their cohorts and their login sessions."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class Role(StrEnum):
    TRAINEE = "trainee"
    TRAINER = "trainer"
    MANAGER = "manager"
    ADMIN = "admin"


class Cohort(db.Model):
    """入职批次: a group of new hires who start together."""

    __tablename__ = "cohorts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    starts_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[User]] = relationship(back_populates="cohort")


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.TRAINEE)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # Onboarding status is derived from OnboardingEvent history; this column is its checked cache.
    status: Mapped[str] = mapped_column(String(16), default="training")
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort | None] = relationship(back_populates="members")

    # Flask-Login protocol. The id in the cookie is the login session's token, not the user id,
    # so that logout or a password change can make a copied cookie useless.
    session_token = None

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.session_token

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


class LoginSession(db.Model):
    """One login on one device. The cookie carries a random token; only its SHA-256 is stored."""

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()

    __table_args__ = (Index("ix_login_sessions_user", "user_id"),)
