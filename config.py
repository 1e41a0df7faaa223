"""Settings, read from the environment. See the config table in README.md."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


class ConfigError(RuntimeError):
    """The environment does not describe a runnable site."""


def database_url(raw: str | None, default: str) -> str:
    """Normalise DATABASE_URL: plain postgres:// URLs use the psycopg 3 driver we ship."""
    url = raw or default
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    return default if raw is None else raw.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Production defaults: nothing insecure unless the environment says so."""

    ENV_NAME = "production"
    TESTING = False
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = database_url(
        os.environ.get("DATABASE_URL"), f"sqlite:///{INSTANCE_DIR / 'kefu.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 4 * 1024 * 1024))
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "5 per minute")  # per address + account
    LOGIN_RATE_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_RATE_LIMIT_PER_ADDRESS", "30 per minute")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; exams can run for hours
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_Hans_CN", "en")
    QUESTION_BANKS_DIR = os.environ.get("QUESTION_BANKS_DIR", str(BASE_DIR / "question_banks"))
    COURSES_DIR = os.environ.get("COURSES_DIR", str(BASE_DIR / "courses"))
    POLICY_FILE = os.environ.get("POLICY_FILE", str(BASE_DIR / "policy" / "onboarding.yaml"))
    # Longest a lesson must stay open before "I have read this" is accepted (40% of its minutes, capped).
    LESSON_MIN_READ_SECONDS = int(os.environ.get("LESSON_MIN_READ_SECONDS", 60))
    DEMO_DATA_ALLOWED = False


def check_config(config: Mapping[str, Any]) -> None:
    """Stop start-up with a clear message when a required setting is missing."""
    if not config.get("SECRET_KEY"):
        raise ConfigError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            'string (e.g. python -c "import secrets; print(secrets.token_hex(32))") before '
            "starting Kefu Academy in production. / 未设置 SECRET_KEY，生产环境无法启动。"
        )


class DevConfig(Config):
    """`make run`: SQLite in instance/, demo data allowed, a fixed dev secret."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    DEMO_DATA_ALLOWED = True


class TestConfig(Config):
    """The test suite: a throw-away database (DATABASE_URL when the suite targets PostgreSQL)."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret"
    # The test fixtures point this at a throw-away SQLite file, or at DATABASE_URL (PostgreSQL in CI).
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    DEMO_DATA_ALLOWED = True


CONFIGS = {"production": Config, "development": DevConfig, "test": TestConfig}


def config_from_env() -> type[Config]:
    """Pick the config class named by KEFU_ENV (production when unset)."""
    name = os.environ.get("KEFU_ENV", "production")
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigError(f"KEFU_ENV={name!r} is not one of {sorted(CONFIGS)}") from None
