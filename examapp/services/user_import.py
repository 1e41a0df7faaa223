"""A whole cohort of new hires from one CSV file: every row is created, or none is."""

from __future__ import annotations

import logging
import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain import roster_import
from ..domain.errors import DomainError
from ..extensions import db
from ..models import Cohort, User, utcnow
from .accounts import hash_password

logger = logging.getLogger(__name__)

GENERATED_PASSWORD_LENGTH = 10
# No 0/O, 1/l/I: the passwords are read off a screen and typed in by someone else.
_PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class CreatedAccount:
    """One account made by an import; ``generated_password`` is set only when the file had none."""

    line: int
    username: str
    display_name: str
    role: str
    cohort: str | None
    generated_password: str | None


@dataclass(frozen=True)
class RosterImport:
    """What an import created, in file order; generated passwords exist only in this object."""

    accounts: list[CreatedAccount]
    new_cohorts: list[str]


def generate_password(length: int = GENERATED_PASSWORD_LENGTH) -> str:
    """A random password of unambiguous letters and digits."""
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


def import_roster(
    data: bytes, filename: str, by: User | None = None, now: datetime | None = None
) -> RosterImport:
    """Validate a roster file and create all its accounts in one transaction.

    Raises ValidationFailed with every problem (and creates nothing) when any row is wrong.
    """
    now = now or utcnow()
    # Only the base name: it appears in the problem list, and browsers may send a full path.
    filename = PurePath(filename.replace("\\", "/")).name or "roster.csv"
    existing = set(db.session.scalars(select(User.username)))
    rows = roster_import.read_roster(data, filename, existing)
    generated = {row.line: generate_password() for row in rows if row.password is None}
    hashes = _hash_all([row.password or generated[row.line] for row in rows])
    cohorts, new_cohorts = _cohorts_named({row.cohort for row in rows if row.cohort}, now)
    for row, password_hash in zip(rows, hashes, strict=True):
        db.session.add(
            User(
                username=row.username,
                display_name=row.display_name,
                password_hash=password_hash,
                role=row.role,
                cohort=cohorts[row.cohort] if row.cohort else None,
                created_at=now,
                status_changed_at=now,
                password_changed_at=now,
            )
        )
    try:
        db.session.commit()
    except IntegrityError as exc:
        # Someone created one of these usernames or cohorts between the check and the commit.
        db.session.rollback()
        raise DomainError(
            "导入期间有人创建了同名的账号或批次，未创建任何账号：请重新上传 / "
            "a username or cohort was taken meanwhile; nothing was created, upload again"
        ) from exc
    logger.info(
        "%s imported %d accounts from %s", by.username if by else "cli", len(rows), filename
    )
    accounts = [
        CreatedAccount(
            row.line, row.username, row.display_name, row.role, row.cohort, generated.get(row.line)
        )
        for row in rows
    ]
    return RosterImport(accounts=accounts, new_cohorts=new_cohorts)


def _hash_all(passwords: list[str]) -> list[str]:
    """Hash in a few threads: scrypt takes ~0.1 s each and releases the GIL."""
    if len(passwords) < 2:
        return [hash_password(p) for p in passwords]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return list(pool.map(hash_password, passwords))


def _cohorts_named(names: set[str], now: datetime) -> tuple[dict[str, Cohort], list[str]]:
    """The cohorts with these names, the missing ones added to the session (not committed)."""
    found = {
        cohort.name: cohort
        for cohort in db.session.scalars(select(Cohort).where(Cohort.name.in_(names)))
    }
    missing = sorted(names - found.keys())
    for name in missing:
        found[name] = Cohort(name=name, created_at=now)
        db.session.add(found[name])
    return found, missing
