"""`flask --app wsgi <group> <command>`: one module per command group."""

from flask import Flask


def register_cli(app: Flask) -> None:
    """Attach every command group to the app."""
    from .attempts import attempts_cli
    from .banks import banks_cli
    from .courses import courses_cli
    from .demo import demo_cli
    from .exams import exams_cli
    from .onboarding import onboarding_cli
    from .users import users_cli

    for group in (
        users_cli,
        demo_cli,
        courses_cli,
        onboarding_cli,
        banks_cli,
        attempts_cli,
        exams_cli,
    ):
        app.cli.add_command(group)
