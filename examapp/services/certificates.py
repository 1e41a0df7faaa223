"""Certificates for passed certification exams, with a public verification code.

``issue_for_attempt`` is idempotent and runs after every grading (registered in
``services.grading.AFTER_GRADING``); the trainee's certificate pages also issue lazily, so a
certificate exists even for attempts graded before this hook was installed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..domain.errors import DomainError
from ..domain.exams import ExamKind
from ..extensions import db
from ..models import Attempt, AttemptState, Certificate, Exam, User, utcnow
from . import grading
from .texts import tr as _

# Base32 without the lookalikes I/O/0/1 (read aloud, typed from paper): 32 symbols, 5 bits each.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 60 random bits: not guessable, short enough to read out on the phone


class CertificateNotFound(DomainError):
    """No certificate with that id."""


def new_code() -> str:
    """A fresh random code (uniqueness is checked by the database)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """What a person typed (lower case, spaces, dashes) as a stored code."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:24]


def display_code(code: str) -> str:
    """ABCD-EFGH-JKLM: easier to read aloud and to type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def qualifies(attempt: Attempt) -> bool:
    """Does this attempt earn a certificate: a graded, passed certification exam?"""
    kind = (attempt.exam_spec or {}).get("kind") or (attempt.exam.kind if attempt.exam else "")
    return (
        attempt.state == AttemptState.GRADED
        and bool(attempt.passed)
        and kind == ExamKind.CERTIFICATION
    )


def issue_for_attempt(attempt: Attempt, now: datetime | None = None) -> Certificate | None:
    """The attempt's certificate, issuing it if it qualifies and has none; None if it does not."""
    existing = db.session.scalar(select(Certificate).where(Certificate.attempt_id == attempt.id))
    if existing is not None:
        return existing
    if not qualifies(attempt):
        return None
    for _try in range(5):
        certificate = Certificate(
            code=new_code(),
            user_id=attempt.user_id,
            attempt_id=attempt.id,
            exam_id=attempt.exam_id,
            issued_at=now or utcnow(),
        )
        db.session.add(certificate)
        try:
            db.session.commit()
            return certificate
        except IntegrityError:
            # Another request issued it first (unique attempt_id), or a code collided: look again.
            db.session.rollback()
            existing = db.session.scalar(
                select(Certificate).where(Certificate.attempt_id == attempt.id)
            )
            if existing is not None:
                return existing
    raise RuntimeError("could not find a free certificate code")


def _after_grading(attempt: Attempt, now: datetime) -> None:
    issue_for_attempt(attempt, now)


if _after_grading not in grading.AFTER_GRADING:
    grading.AFTER_GRADING.append(_after_grading)


def issue_missing(user_id: int, now: datetime | None = None) -> None:
    """Issue certificates for any passed certification attempts of the person that lack one."""
    attempts = db.session.scalars(
        select(Attempt)
        .join(Exam, Exam.id == Attempt.exam_id)
        .outerjoin(Certificate, Certificate.attempt_id == Attempt.id)
        .where(
            Exam.kind == ExamKind.CERTIFICATION,
            Attempt.user_id == user_id,
            Attempt.state == AttemptState.GRADED,
            Attempt.passed.is_(True),
            Certificate.id.is_(None),
        )
    ).all()
    for attempt in attempts:
        issue_for_attempt(attempt, now)


def for_user(user_id: int) -> list[Certificate]:
    """The person's certificates (issuing missing ones first), newest first."""
    issue_missing(user_id)
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user_id)
            .options(joinedload(Certificate.exam))
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


@dataclass(frozen=True)
class CertificateView:
    """What a certificate page or the public check shows."""

    certificate: Certificate
    name: str
    exam_title: str
    issued_at: datetime
    score: float | None
    max_score: float | None
    code: str

    @property
    def valid(self) -> bool:
        return self.certificate.revoked_at is None


def _view(certificate: Certificate) -> CertificateView:
    attempt = db.session.get(Attempt, certificate.attempt_id)
    user = db.session.get(User, certificate.user_id)
    exam = db.session.get(Exam, certificate.exam_id)
    return CertificateView(
        certificate=certificate,
        name=user.display_name if user else "",
        exam_title=exam.title if exam else certificate.exam_id,
        issued_at=certificate.issued_at,
        score=attempt.score if attempt else None,
        max_score=attempt.max_score if attempt else None,
        code=display_code(certificate.code),
    )


def view_for_user(user_id: int, certificate_id: int) -> CertificateView | None:
    """One of the person's own certificates, or None (another person's is not found)."""
    issue_missing(user_id)
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.user_id != user_id:
        return None
    return _view(certificate)


def verify(code: str) -> CertificateView | None:
    """The public check: the certificate with this code, or None when unknown."""
    normalized = normalize_code(code)
    if not normalized:
        return None
    certificate = db.session.scalar(select(Certificate).where(Certificate.code == normalized))
    return _view(certificate) if certificate else None


def all_views() -> list[CertificateView]:
    """Every certificate, newest first, for the manager's list."""
    rows = db.session.scalars(
        select(Certificate).order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    return [_view(c) for c in rows]


def revoke(
    certificate_id: int, reason: str, by: User | None = None, now: datetime | None = None
) -> Certificate:
    """Revoke a certificate with a reason; revoking twice is refused."""
    reason = (reason or "").strip()
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise CertificateNotFound(_("That certificate does not exist."))
    if not reason:
        raise DomainError(_("Say why the certificate is revoked."))
    if certificate.revoked_at is not None:
        raise DomainError(_("This certificate is already revoked."))
    who = f" ({by.username})" if by else ""
    certificate.revoked_at = now or utcnow()
    certificate.revoke_reason = (reason + who)[:500]
    db.session.commit()
    return certificate


def revoke_for_attempt(attempt_id: int, reason: str, now: datetime | None = None) -> None:
    """Revoke the attempt's certificate if it has a valid one (a regrade took the pass away)."""
    certificate = db.session.scalar(select(Certificate).where(Certificate.attempt_id == attempt_id))
    if certificate is not None and certificate.revoked_at is None:
        revoke(certificate.id, reason, now=now)
