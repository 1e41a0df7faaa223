"""Users, cohorts and login sessions."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.errors import DomainError
from ..extensions import db
from ..models import Cohort, LoginSession, Role, User, utcnow

MIN_PASSWORD_LENGTH = 8
# A hash computed once so that unknown usernames cost as much time as wrong passwords.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    """Slow, salted hash (werkzeug's scrypt)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            f"密码至少 {MIN_PASSWORD_LENGTH} 位 / at least {MIN_PASSWORD_LENGTH} characters"
        )
    return generate_password_hash(password)


def create_user(
    username: str,
    password: str,
    role: str = Role.TRAINEE,
    display_name: str | None = None,
    cohort: Cohort | None = None,
) -> User:
    """Create and commit a user; refuses a taken username or an unknown role."""
    username = username.strip()
    if role not in set(Role):
        raise DomainError(f"未知角色 {role!r} / unknown role")
    if not username:
        raise DomainError("用户名不能为空 / username is required")
    if db.session.scalar(select(User).where(User.username == username)):
        raise DomainError(f"用户名 {username} 已存在 / username taken")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role=role,
        cohort=cohort,
    )
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, else None (same cost either way)."""
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def start_session(user: User, user_agent: str = "") -> str:
    """Open a new login session and return its token (the cookie's only proof of login)."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(token_hash=_token_hash(token), user_id=user.id, user_agent=user_agent[:200])
    )
    db.session.commit()
    user.session_token = token
    return token


def user_for_token(token: str) -> User | None:
    """The user behind a live session token, or None when revoked, unknown or deactivated."""
    row = db.session.scalar(
        select(LoginSession).where(
            LoginSession.token_hash == _token_hash(token), LoginSession.revoked_at.is_(None)
        )
    )
    if row is None or not row.user.active:
        return None
    row.user.session_token = token
    return row.user


def end_session(token: str | None) -> None:
    """Revoke one login session (logout): a copied cookie stops working."""
    if token:
        db.session.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == _token_hash(token))
            .values(revoked_at=utcnow())
        )
        db.session.commit()


def _revoke_all(user: User) -> None:
    db.session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def change_password(user: User, current: str, new: str) -> None:
    """Change a password and end every session of the user, this one included."""
    if not check_password_hash(user.password_hash, current):
        raise DomainError("当前密码不正确 / current password is wrong")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    _revoke_all(user)
    db.session.commit()


def update_user(
    user: User,
    by: User,
    role: str,
    cohort: Cohort | None,
    active: bool,
    new_password: str | None = None,
) -> None:
    """An administrator's edit of an account, in one commit.

    A new password (for someone who forgot theirs) or a deactivation ends every session of the
    user. Administrators cannot take away their own access.
    """
    if role not in set(Role):
        raise DomainError(f"未知角色 {role!r} / unknown role")
    if user.id == by.id and (role != user.role or not active):
        raise DomainError(
            "不能取消你自己的管理员权限或停用自己的账号 / you cannot remove your own access"
        )
    user.role, user.cohort, user.active = role, cohort, active
    if new_password:
        user.password_hash = hash_password(new_password)
        user.password_changed_at = utcnow()
    if new_password or not active:
        _revoke_all(user)
    db.session.commit()


def create_cohort(name: str, starts_on: date | None = None, notes: str = "") -> Cohort:
    """Create a cohort; names are unique."""
    name = name.strip()
    if not name:
        raise DomainError("批次名称不能为空 / cohort name is required")
    if db.session.scalar(select(Cohort).where(Cohort.name == name)):
        raise DomainError(f"批次 {name} 已存在 / cohort exists")
    cohort = Cohort(name=name, starts_on=starts_on, notes=notes)
    db.session.add(cohort)
    db.session.commit()
    return cohort
