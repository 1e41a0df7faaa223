import click
from flask import current_app
from flask.cli import AppGroup

from ..services.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from ..services.demo_history import load_history

demo_cli = AppGroup("demo", help="Demo data for a local try-out.")


@demo_cli.command("load")
@click.option(
    "--history/--no-history",
    default=False,
    help="Also simulate an earlier cohort (24 hires with lessons, exams and statuses; ~30 s).",
)
def load(history: bool) -> None:
    """Create the demo cohort, users and content (idempotent; refused in production)."""
    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        raise click.ClickException(
            "demo data is only loaded in development (KEFU_ENV=development), never in production"
        )
    for line in load_demo():
        click.echo(line)
    if history:
        click.echo(load_history())
    logins = ", ".join(username for username, _, _ in DEMO_USERS)
    click.echo(f"Demo logins (password {DEMO_PASSWORD}): {logins}")
