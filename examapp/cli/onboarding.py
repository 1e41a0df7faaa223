"""`flask --app wsgi onboarding tick`: apply the time-driven onboarding events (run from cron)."""

import click
from flask.cli import AppGroup

from ..services.onboarding import tick as apply_everyones_due_events

onboarding_cli = AppGroup("onboarding", help="Onboarding status and discipline.")


@onboarding_cli.command("tick")
def tick() -> None:
    """End suspensions that have run their days (and any other event now due) for everyone."""
    click.echo(apply_everyones_due_events())
