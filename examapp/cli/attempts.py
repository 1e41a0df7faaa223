"""`flask --app wsgi attempts ...`: housekeeping of exam attempts."""

import click
from flask.cli import AppGroup

from ..services import attempts

attempts_cli = AppGroup("attempts", help="Exam attempts: close the ones whose time ran out.")


@attempts_cli.command("close-overdue")
def close_overdue() -> None:
    """Grade every open attempt past its deadline + grace with its saved answers (run from cron)."""
    closed = attempts.close_overdue()
    click.echo(f"attempts close-overdue: {closed} attempt(s) closed and graded")
