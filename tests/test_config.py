"""Start-up settings."""

from __future__ import annotations

import pytest

from config import Config, ConfigError, database_url
from examapp import create_app


def test_missing_secret_key_stops_production_start_up() -> None:
    """Does a production start without SECRET_KEY fail with a message that says what to do?"""

    class NoSecret(Config):
        SECRET_KEY = None

    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app(NoSecret)


def test_create_app_touches_no_database(tmp_path) -> None:
    """Does building the app leave the database alone (no file created, no tables)?"""

    class Prod(Config):
        SECRET_KEY = "x" * 32
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'never.sqlite3'}"

    create_app(Prod)
    assert not (tmp_path / "never.sqlite3").exists()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        (None, "sqlite:///default.db"),
    ],
)
def test_database_url_uses_the_shipped_driver(raw, expected) -> None:
    assert database_url(raw, "sqlite:///default.db") == expected


def test_production_cookies_are_hardened() -> None:
    assert Config.SESSION_COOKIE_HTTPONLY is True
    assert Config.SESSION_COOKIE_SAMESITE == "Lax"
