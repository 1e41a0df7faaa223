"""Shared fixtures: an app on a throw-away database, clients that can log in and send CSRF tokens.

The suite runs on SQLite by default. With DATABASE_URL pointing at PostgreSQL (as .ci/run does),
the same tests run there. The schema is built once per run by the real Alembic migrations.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from config import TestConfig, database_url
from examapp import create_app
from examapp.extensions import db
from tests import factories

CSRF_META = re.compile(rb'<meta name="csrf-token" content="([^"]+)"')


def _database_uri(tmp_dir: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url and not url.startswith("sqlite"):
        return database_url(url, url)
    return f"sqlite:///{tmp_dir / 'test.sqlite3'}"


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Compile the .po catalogues so that running pytest alone still renders Chinese."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).resolve().parents[1] / "examapp" / "translations").glob(
        "*/LC_MESSAGES/*.po"
    ):
        with po.open("rb") as src, po.with_suffix(".mo").open("wb") as dst:
            write_mo(dst, read_po(src))


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build the schema once with the real migrations; drop it afterwards on PostgreSQL."""
    from flask_migrate import downgrade, upgrade

    uri = _database_uri(tmp_path_factory.mktemp("db"))
    app = create_app({**_config(), "SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        if not uri.startswith("sqlite"):
            downgrade(revision="base")  # a previous run may have left a schema behind
        upgrade()
    yield uri
    with app.app_context():
        db.engine.dispose()


def _config() -> dict:
    return {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}


@pytest.fixture
def app(database_uri: str) -> Iterator[Flask]:
    """A fresh app per test on the shared schema; every table is emptied afterwards."""
    app = create_app({**_config(), "SQLALCHEMY_DATABASE_URI": database_uri})
    app.test_client_class = KefuClient
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


class KefuClient(FlaskClient):
    """A test client that knows its CSRF token and can log in through the real form."""

    def open(self, *args, **kwargs):
        # Each request gets its own app context (and so its own `g` and database session), as
        # in production; otherwise it would share the test's context and its cached CSRF token.
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def csrf_token(self, path: str = "/auth/login") -> str:
        page = self.get(path, follow_redirects=True)
        match = CSRF_META.search(page.data)
        assert match, f"no csrf meta tag on {path}"
        return match.group(1).decode()

    def form_post(self, url: str, data: dict | None = None, **kwargs):
        """POST a form with a valid CSRF token, as the browser would."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def json_post(self, url: str, payload: dict | None = None, **kwargs):
        """POST JSON with the CSRF header, as the exam page's fetch() does."""
        headers = {"X-CSRFToken": self.csrf_token(), **kwargs.pop("headers", {})}
        return self.post(url, json=payload or {}, headers=headers, **kwargs)

    def login(self, username: str, password: str = factories.PASSWORD):
        response = self.form_post(
            "/auth/login", {"username": username, "password": password}, follow_redirects=False
        )
        assert response.status_code == 302, f"login as {username} failed: {response.status_code}"
        return response


@pytest.fixture
def client(app: Flask) -> KefuClient:
    return app.test_client()


@pytest.fixture
def login_as(app: Flask):
    """login_as("trainee") -> a client logged in as a new user with that role (and the user)."""

    def _login(role: str, **user_fields) -> KefuClient:
        user = factories.make_user(role=role, **user_fields)
        client = app.test_client()
        client.login(user.username)
        client.user = user
        return client

    return _login
