"""`flask --app wsgi courses load [PATH]`: mirror the lesson files into the database."""

import click
from flask.cli import AppGroup

from ..domain.errors import ValidationFailed
from ..services.courses import sync_courses

courses_cli = AppGroup("courses", help="Course modules and lessons.")


@courses_cli.command("load")
@click.argument("path", required=False, type=click.Path(file_okay=False))
def load(path: str | None) -> None:
    """Load courses/ (or PATH) into the database; idempotent; nothing is written on any error."""
    try:
        click.echo(sync_courses(path))
    except ValidationFailed as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s); nothing was loaded.", err=True)
        raise SystemExit(1) from exc
