"""`flask --app wsgi <group> <command>`: one module per command group."""

from flask import Flask


def register_cli(app: Flask) -> None:
    """Attach every command group to the app."""
    from .demo import demo_cli
    from .users import users_cli

    for group in (users_cli, demo_cli):
        app.cli.add_command(group)
