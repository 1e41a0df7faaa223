"""The Alembic migrations and the models describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from examapp.extensions import db


def test_models_match_the_migrations(app) -> None:
    """Would `flask db migrate` find anything to add? (A model change must ship its migration.)"""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_migrations_go_down_and_up_again(app, tmp_path) -> None:
    """Can the schema be removed and rebuilt from nothing by the migrations alone?"""
    from examapp import create_app
    from tests.conftest import _config

    scratch = create_app({**_config(), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}"})
    with scratch.app_context():
        upgrade()
        downgrade(revision="base")
        upgrade()
        assert "attempts" in db.inspect(db.engine).get_table_names()
        db.engine.dispose()
