"""The append-only history behind each person's onboarding status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class OnboardingEvent(db.Model):
    """A status change, warning, suspension, sign-off or incident: who, when, why, which rule."""

    __tablename__ = "onboarding_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(80), default="system")
    reason: Mapped[str] = mapped_column(String(500), default="")
    rule: Mapped[str] = mapped_column(String(80), default="")
    warnings: Mapped[int] = mapped_column(default=0)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", foreign_keys=[user_id])

    __table_args__ = (Index("ix_onboarding_events_user_at", "user_id", "at"),)
