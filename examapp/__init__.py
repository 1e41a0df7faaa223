"""Kefu Academy (客服学院): training and certification for e-commerce customer-service staff."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response, redirect, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .models.base import render_item

__version__ = "0.1.0"

# No inline or third-party script: an injected <script> or onclick= would not run. Inline style
# attributes stay allowed for progress-bar widths.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def select_locale() -> str:
    """Chinese unless the person chose English with the language switch."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    return chosen if chosen in languages else languages[0]


def create_app(config: type | Mapping[str, Any] | None = None) -> Flask:
    """Build the app. Reads settings only: no database writes, prompts or network calls."""
    from config import Config, DevConfig, check_config

    app = Flask(__name__, instance_relative_config=True)
    if isinstance(config, Mapping):
        app.config.from_object(Config)
        app.config.update(config)
    else:
        app.config.from_object(config or DevConfig)
    check_config(app.config)
    _configure_sqlite(app)

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(_project_dir() / "migrations"),
        render_as_batch=True,  # SQLite can only ALTER tables by copying them
        compare_type=True,
        render_item=render_item,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    from . import security  # noqa: F401  (registers the user loader)
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .cli import register_cli
    from .errors import register_error_handlers
    from .learner import bp as learner_bp
    from .manager import bp as manager_bp
    from .navigation import nav_links, role_label
    from .trainer import bp as trainer_bp

    for blueprint in (auth_bp, learner_bp, trainer_bp, manager_bp, admin_bp):
        app.register_blueprint(blueprint)
    register_error_handlers(app)
    register_cli(app)

    @app.get("/")
    def index() -> ResponseReturnValue:
        if current_user.is_authenticated:
            return redirect(security.home_url_for(current_user))
        return redirect(url_for("auth.login"))

    @app.context_processor
    def template_globals() -> dict:
        return {
            "current_locale": str(get_locale()),
            "app_version": __version__,
            "nav_links": nav_links,
            "role_label": role_label,
        }

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response

    return app


def _project_dir() -> Path:
    return Path(__file__).resolve().parent.parent


def _configure_sqlite(app: Flask) -> None:
    """WAL and a busy timeout so that a cohort saving answers at once does not see 'locked'."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    options.pop("pool_pre_ping", None)
    connect_args = dict(options.get("connect_args", {}))
    connect_args.setdefault("timeout", 15)
    options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """WAL lets readers and one writer work at once; a committed answer survives a process crash."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
